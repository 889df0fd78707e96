// The hover tooltip: the point and the cell under the pointer with their owners,
// and the coordinates readout. Data text only through textContent.
import { lngLatToPixel } from '../lib/view.js';

export function hover(host, [x, y]) {
  const [lng, lat] = host.pixelToLngLat(x, y);
  host._coords.textContent = `${lng.toFixed(6)}, ${lat.toFixed(6)}`;
  if (!host.civic) return;
  const { data } = host;
  const t = host.t;
  const lines = [];
  let near = null;
  if (host.layers.has('points')) {
    for (const p of data.points) {
      const [px, py] = lngLatToPixel(host.view, p.lng, p.lat);
      if (Math.hypot(px - x, py - y) <= 8) near = p;
    }
  }
  if (near) {
    lines.push(`${t('pointsDot')}: ${near.name || near.id}`);
    if (near.owner) lines.push(`${t('owner')}: ${data.ownerName(near.owner)}`);
  }
  const cellId = data.cells.length ? host.civic.cellAt(lng, lat) : undefined;
  if (cellId !== undefined) {
    const c = data.cellById.get(cellId);
    lines.push(`${t('cells')}: ${c?.name || cellId}`);
    lines.push(`${t('owner')}: ${c?.owner ? data.ownerName(c.owner) : t('unassigned')}`);
  }
  const tip = host._tooltip;
  if (!lines.length) {
    tip.classList.remove('on');
    return;
  }
  tip.replaceChildren(...lines.map((s) => {
    const d = document.createElement('div');
    d.textContent = s;
    return d;
  }));
  tip.style.left = `${Math.min(x + 14, host.view.width - 200)}px`;
  tip.style.top = `${y + 14}px`;
  tip.classList.add('on');
}
