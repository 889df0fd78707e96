// What the planner takes away: the cells with their owners as GeoJSON (the core's
// export) and the responsibility table (责任分解表) as CSV or .xlsx, made by the core
// in the tables module (www/pkg-tables/), which is loaded on the first export: the
// page's own module leaves the tables out to stay small. The tables module gets the
// map's state through the core's exports, which load back exactly.

let tables = null;
/**
 * The tables module (tables.js, the package's `civicmap/tables`), loaded once per
 * page: from the element's `tables-wasm` attribute when set (a bundler that does not
 * ship files named by new URL(…, import.meta.url), such as esbuild), else from
 * beside tables.js.
 */
export function tablesModule(host) {
  tables ??= import('../tables.js').then(async (m) => {
    await m.default(host?.getAttribute?.('tables-wasm') || undefined);
    return m;
  }).catch((e) => {
    tables = null;
    throw e;
  });
  return tables;
}

const mirrors = new WeakMap();
/**
 * A CivicMap of the tables module holding the host's state (loaded from its exports),
 * for the office's calls that live there (scores and rankings, hotspots, choropleths).
 * Kept until the host's data change (an assignment, a ledger change, a file, the
 * ledger date), then built again on the next call; a Promise.
 */
export function tablesMap(host) {
  let p = mirrors.get(host);
  if (p) return p;
  const stop = new AbortController();
  p = tablesModule(host).then((m) => {
    const t = new m.CivicMap();
    const civic = host.civic;
    if (host.data?.ownersText) t.loadOwners(host.data.ownersText);
    if (host.rules) t.setRules(...host.rules);
    t.loadCells(civic.exportCells(), { allowEmpty: true });
    t.loadZones(civic.exportZones(), { allowEmpty: true });
    t.loadPoints(civic.exportPoints(), { allowEmpty: true });
    t.loadProblems(civic.exportProblems(), { allowEmpty: true });
    const asOf = civic.asOf?.();
    if (asOf) t.setAsOf(asOf);
    return t;
  });
  mirrors.set(host, p);
  // Dropped, not freed: a caller may still hold the old map (the core reports a
  // ledger change in a microtask, after a `tables()` made just before it could
  // resolve); the glue's FinalizationRegistry frees it once nothing refers to it.
  const drop = () => {
    stop.abort();
    if (mirrors.get(host) === p) mirrors.delete(host);
  };
  for (const type of ['civic-assignment', 'civicmap-change', 'civic-files', 'civic-asof']) {
    host.addEventListener(type, drop, { signal: stop.signal });
  }
  p.catch(() => drop());
  return p;
}

/**
 * A layer's GeoJSON ('cells', 'zones', 'points' or 'problems') as a Blob, written
 * by the core part by part (CivicMap.exportPart), so a layer past the one-string
 * budget (256 MiB) still exports and no giant string is built; crs optional.
 */
export function exportBlob(host, layer, crs) {
  const parts = [];
  for (let p = 0; ; p++) {
    const text = host.civic.exportPart(layer, p, crs ? { crs } : undefined);
    if (text === undefined) break;
    parts.push(text);
  }
  return new Blob(parts, { type: 'application/geo+json' });
}

/** Cells with their owners, GeoJSON text (crs optional). */
export function exportCellsGeoJSON(host, crs) {
  return host.civic.exportCells(crs ? { crs } : undefined);
}

/** The responsibility table as 'csv' text (by 'cell' or 'owner') or 'xlsx' bytes (both shapes). */
export async function responsibility(host, format, by = 'cell') {
  const m = await tablesModule(host);
  const t = new m.CivicMap();
  try {
    const civic = host.civic;
    if (host.data.ownersText) t.loadOwners(host.data.ownersText);
    if (host.rules) t.setRules(...host.rules);
    t.loadCells(civic.exportCells());
    t.loadZones(civic.exportZones());
    t.loadPoints(civic.exportPoints());
    t.loadProblems(civic.exportProblems());
    const asOf = host.asOf ?? undefined;
    return format === 'xlsx' ? t.responsibilityXlsx({ asOf }) : t.responsibilityCsv({ by, asOf });
  } finally {
    t.free();
  }
}
