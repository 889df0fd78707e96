// Pointer, wheel, keyboard and drag-and-drop input on the map: pan, pinch and wheel
// zoom, box and lasso drawing, clicks handed to the tool in use. Every listener is
// registered through the element's Lifecycle, so disconnecting removes them all.
import { zoomBy, panBy, fit, flyTo } from './viewport.js';
import { hover } from './tooltip.js';
import { pickAt, boxSelect, lassoSelect } from './planner.js';
import { setLocation, problemClick } from './supervisor.js';

/** Binds every listener of a connected element (again after each connect). */
export function bindInput(host) {
  const life = host.life;
  const cv = host._canvas;
  const on = (target, type, fn, opts) => life.listen(target, type, fn, opts);
  const pos = (e) => {
    const r = cv.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  for (const [key, fn] of [['zoomIn', () => zoomBy(host, 1)], ['zoomOut', () => zoomBy(host, -1)], ['fit', () => fit(host)]]) {
    on(host.shadowRoot.querySelector(`.ctl.${key}`), 'click', fn);
  }
  on(cv, 'pointerdown', (e) => {
    cv.setPointerCapture(e.pointerId);
    host._pointers.set(e.pointerId, pos(e));
    if (host._pointers.size === 2) {
      const [a, b] = [...host._pointers.values()];
      host._gesture = { type: 'pinch', dist: Math.hypot(a[0] - b[0], a[1] - b[1]), zoom: host.view.zoom };
      return;
    }
    const p = pos(e);
    const drawing = (host.tool === 'box' || host.tool === 'lasso') && !e.shiftKey;
    host._gesture = { type: drawing ? host.tool : 'pan', start: p, last: p, moved: 0, path: [p], add: e.ctrlKey || e.metaKey };
  });
  on(cv, 'pointermove', (e) => {
    const p = pos(e);
    hover(host, p);
    if (!host._pointers.has(e.pointerId)) return;
    host._pointers.set(e.pointerId, p);
    const g = host._gesture;
    if (!g) return;
    if (g.type === 'pinch' && host._pointers.size === 2) {
      const [a, b] = [...host._pointers.values()];
      const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      const target = g.zoom + Math.log2(d / g.dist);
      zoomBy(host, target - host.view.zoom, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
      return;
    }
    g.moved += Math.hypot(p[0] - g.last[0], p[1] - g.last[1]);
    if (g.type === 'pan') panBy(host, p[0] - g.last[0], p[1] - g.last[1]);
    else {
      g.path.push(p);
      host.requestRender();
    }
    g.last = p;
  });
  const end = (e) => {
    host._pointers.delete(e.pointerId);
    const g = host._gesture;
    if (!g) return;
    if (g.type === 'pinch') {
      if (host._pointers.size === 0) host._gesture = null;
      return;
    }
    host._gesture = null;
    if (e.type === 'pointercancel') return host.requestRender();
    if (g.moved < 5) click(host, g.start, e);
    else if (g.type === 'box') boxSelect(host, g.start, g.last, g.add);
    else if (g.type === 'lasso') lassoSelect(host, g.path, g.add);
    host.requestRender();
  };
  on(cv, 'pointerup', end);
  on(cv, 'pointercancel', end);
  on(cv, 'pointerleave', () => host._tooltip.classList.remove('on'));
  on(cv, 'wheel', (e) => {
    e.preventDefault();
    const [x, y] = pos(e);
    const dz = -e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002);
    zoomBy(host, Math.max(-1, Math.min(1, dz)), x, y);
  }, { passive: false });
  on(cv, 'dblclick', (e) => zoomBy(host, 1, ...pos(e)));
  on(cv, 'keydown', (e) => {
    const moves = { ArrowLeft: [80, 0], ArrowRight: [-80, 0], ArrowUp: [0, 80], ArrowDown: [0, -80] };
    if (moves[e.key]) panBy(host, ...moves[e.key]);
    else if (e.key === '+' || e.key === '=') zoomBy(host, 1);
    else if (e.key === '-') zoomBy(host, -1);
    else return;
    e.preventDefault();
  });
  on(host, 'dragover', (e) => {
    e.preventDefault();
    host._drop.classList.add('on');
  });
  on(host, 'dragleave', () => host._drop.classList.remove('on'));
  on(host, 'drop', (e) => {
    e.preventDefault();
    host._drop.classList.remove('on');
    if (e.dataTransfer?.files?.length) host.openFiles([...e.dataTransfer.files]);
  });
}

/** A click (a press that barely moved) at CSS px (x, y), handed to the tool in use. */
function click(host, [x, y], e) {
  if (!host.civic) return;
  const [lng, lat] = host.pixelToLngLat(x, y);
  if (host.tool === 'locate') {
    // A pick ends the picking, and brings the place close enough to act on.
    host.setTool('pan');
    setLocation(host, lng, lat, host.locateOptions);
    flyTo(host, lng, lat, Math.max(host.view.zoom, 15));
    return;
  }
  if (host.tool === 'click' || host.tool === 'box' || host.tool === 'lasso') {
    pickAt(host, lng, lat, [x, y]);
    return;
  }
  problemClick(host, [x, y], [lng, lat], e);
}
