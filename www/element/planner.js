// The planner's work on the map: selecting cells (click, box, lasso) and giving them
// to owners as undoable steps. The core decides which cells a box or a lasso holds
// (by their interior points) and keeps the assignment and its history.
import { pixelToLngLat } from '../lib/view.js';

/** Selects cells (replacing the selection unless add; toggle flips each). */
export function select(host, ids, { add = false, toggle = false } = {}) {
  const sel = host.selection;
  if (!add && !toggle) sel.clear();
  for (const id of ids) {
    if (toggle && sel.has(id)) sel.delete(id);
    else if (host.data.cellById.has(id)) sel.add(id);
  }
  host.requestRender();
  host._emit('civic-selection', { ids: [...sel] });
}

/** Selects the cells whose interior point lies in the box between CSS px a and b. */
export function boxSelect(host, a, b, add) {
  const [w, n] = host.pixelToLngLat(Math.min(a[0], b[0]), Math.min(a[1], b[1]));
  const [e, s] = host.pixelToLngLat(Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  select(host, host.civic.cellsInBbox(w, s, e, n), { add });
}

/** Selects the cells whose interior point lies inside a lasso of CSS px. */
export function lassoSelect(host, path, add) {
  if (path.length < 3) return;
  const ring = new Float64Array(path.length * 2);
  path.forEach(([x, y], i) => {
    const [lng, lat] = pixelToLngLat(host.view, x, y);
    ring[2 * i] = lng;
    ring[2 * i + 1] = lat;
  });
  select(host, host.civic.cellsInPolygon(host.data.toWgsFlat(ring)), { add });
}

/** Gives cells to owner as one undoable step; returns how many changed. */
export function assign(host, owner, ids) {
  const changed = host.civic.assignCells(ids, owner).assigned;
  afterAssign(host, { owner, ids, changed });
  return changed;
}

export function unassign(host, ids) {
  const changed = host.civic.unassignCells(ids).assigned;
  afterAssign(host, { owner: null, ids, changed });
  return changed;
}

export function undo(host) {
  const done = host.civic.undo();
  afterAssign(host, { undo: true, changed: done ? 1 : 0 });
  return done;
}

export function redo(host) {
  const done = host.civic.redo();
  afterAssign(host, { redo: true, changed: done ? 1 : 0 });
  return done;
}

function afterAssign(host, detail) {
  host.data.refreshOwners();
  host._emit('civic-assignment', detail);
}
