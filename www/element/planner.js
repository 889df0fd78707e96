// The planner's work on the map: choosing what to assign (cells, zones or points),
// selecting it (cells by click, box or lasso; a zone or a point by a click), asking
// the core what an assignment would do (a dry run: whom it takes from, its
// warnings), making it as an undoable step, and showing what an owner holds. The
// core decides which cells a box, a lasso, a zone or an owner holds, and keeps the
// assignment and its one history of cells, zones and points.
import { pixelToLngLat, lngLatToPixel } from '../lib/view.js';

const PICKS = ['cells', 'zones', 'points'];
const CALLS = {
  cells: ['assignCells', 'unassignCells'],
  zones: ['assignZones', 'unassignZones'],
  points: ['assignPoints', 'unassignPoints'],
};

/** What a click picks and an assignment gives: 'cells', 'zones' or 'points'. */
export function setPick(host, pick) {
  if (!PICKS.includes(pick)) throw new Error(`pick: use ${PICKS.join(', ')}`);
  if (host.pick === pick) return;
  host.pick = pick;
  clear(host);
}

/** Empties every selection and what is shown for it. */
export function clear(host) {
  host.selection.clear();
  host.picked.clear();
  host.shown = [];
  host.requestRender();
  host._emit('civic-selection', { ids: [], pick: host.pick });
}

/** The ids selected for the current pick. */
export function selectedIds(host) {
  return host.pick === 'cells' ? [...host.selection] : [...host.picked];
}

/** Selects cells (replacing the selection unless add; toggle flips each). */
export function select(host, ids, { add = false, toggle = false } = {}) {
  const sel = host.selection;
  if (!add && !toggle) sel.clear();
  for (const id of ids) {
    if (toggle && sel.has(id)) sel.delete(id);
    else if (host.data.cellById.has(id)) sel.add(id);
  }
  host.requestRender();
  host._emit('civic-selection', { ids: [...sel], pick: 'cells' });
}

/** Selects the cells whose interior point lies in the box between CSS px a and b. */
export function boxSelect(host, a, b, add) {
  if (host.pick !== 'cells') return;
  const [w, n] = host.pixelToLngLat(Math.min(a[0], b[0]), Math.min(a[1], b[1]));
  const [e, s] = host.pixelToLngLat(Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  select(host, host.civic.cellsInBbox(w, s, e, n), { add });
}

/** Selects the cells whose interior point lies inside a lasso of CSS px. */
export function lassoSelect(host, path, add) {
  if (host.pick !== 'cells' || path.length < 3) return;
  const ring = new Float64Array(path.length * 2);
  path.forEach(([x, y], i) => {
    const [lng, lat] = pixelToLngLat(host.view, x, y);
    ring[2 * i] = lng;
    ring[2 * i + 1] = lat;
  });
  select(host, host.civic.cellsInPolygon(host.data.toWgsFlat(ring)), { add });
}

/** The ids of cells at positions (the order of the core's export). */
function cellIds(host, positions) {
  const out = [];
  for (const i of positions) if (host.data.cells[i]) out.push(host.data.cells[i].id);
  return out;
}

/**
 * A click at a location (WGS-84) and CSS px: toggles the cell, the zone (of
 * host.zoneLevel, else the most junior there) or the nearest point within 14 px.
 */
export function pickAt(host, lng, lat, [x, y]) {
  if (host.pick === 'cells') {
    const id = host.civic.cellAt(lng, lat);
    if (id !== undefined) {
      select(host, [id], { toggle: true });
      host._emit('civic-chain', { cell: id, chain: host.civic.cellChain(id) });
    }
    return;
  }
  let id;
  if (host.pick === 'zones') {
    const zones = host.civic.zonesAt(lng, lat);
    const level = new Map(host.data.zones.map((z) => [z.id, z.level]));
    const at = zones.filter((z) => !host.zoneLevel || level.get(z) === host.zoneLevel);
    id = at[at.length - 1];
  } else {
    const [p] = host.civic.nearestPoints(lng, lat, 1);
    if (p) {
      const [px, py] = lngLatToPixel(host.view, ...host.data.toBase(p.lng, p.lat));
      if (Math.hypot(px - x, py - y) <= 14) id = p.id;
    }
  }
  if (id === undefined) return;
  if (host.picked.has(id)) host.picked.delete(id);
  else host.picked.add(id);
  host.shown = host.pick === 'zones'
    ? [...new Set([...host.picked].flatMap((z) => cellIds(host, host.civic.cellsOf('zone', z))))]
    : [];
  host.requestRender();
  host._emit('civic-selection', { ids: [...host.picked], pick: host.pick });
}

/** What giving the selection (or ids) to owner would do: the core's dry run. */
export function plan(host, owner, ids = selectedIds(host)) {
  return host.civic[CALLS[host.pick][0]](ids, owner, { dryRun: true });
}

/** Gives the selection (or ids) to owner as one undoable step; returns the core's report. */
export function assign(host, owner, ids = selectedIds(host)) {
  const report = host.civic[CALLS[host.pick][0]](ids, owner);
  clear(host);
  afterAssign(host, { owner, ids, changed: report.assigned, layer: report.layer, report });
  return report;
}

/** Takes the selection (or ids) back from its holders; returns the core's report. */
export function unassign(host, ids = selectedIds(host)) {
  const report = host.civic[CALLS[host.pick][1]](ids);
  clear(host);
  afterAssign(host, { owner: null, ids, changed: report.assigned, layer: report.layer, report });
  return report;
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

/** Washes the cells owner answers for (held, or under zones they lead or join); null clears. */
export function showOwner(host, owner) {
  host.shown = owner ? cellIds(host, host.civic.cellsOf('owner', owner)) : [];
  host.requestRender();
  return host.shown.length;
}

function afterAssign(host, detail) {
  host.data.refreshOwners();
  if (detail.layer === 'zones' || detail.layer === 'points' || detail.undo || detail.redo) host.data.refreshHolders?.();
  host._emit('civic-assignment', detail);
}
