// GeoJSON rows of bench/compare.mjs: a problem ledger as GeoJSON, loaded and
// indexed. civicmap's loadProblems (validate every feature, records, point tree,
// spatial join) against V8's JSON.parse plus a flatbush index of the points.
// Two rows a size: from the file's bytes (a File's arrayBuffer(), a fetch
// Response's body: what the page hands the core), where JS must decode the UTF-8
// (TextDecoder, as response.json() and file.text() do) before JSON.parse; and from a
// JS string already decoded, where civicmap must encode it back into wasm memory.
// Before timing, both sides must load the same number of problems.

const CATEGORIES = ['garbage', '垃圾', 'bikes', 'stalls', 'parking', 'facilities'];
const STATUSES = ['open', 'rectifying', 'closed'];
const SOURCES = ['open_inspection', '12345', 'covert_inspection', 'media'];

/** A ledger of `n` problems as civicmap exports it: 7 properties and a Point each. */
export function ledgerText(n, coords) {
  const features = new Array(n);
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    features[i] = {
      type: 'Feature',
      id: `P${String(i).padStart(7, '0')}`,
      properties: {
        point: i % 4 === 0 ? `D${String(i % 400).padStart(4, '0')}` : null,
        category: CATEGORIES[i % CATEGORIES.length],
        severity: 1 + (i % 3),
        status: STATUSES[i % STATUSES.length],
        found: `2026-10-${String(day).padStart(2, '0')}`,
        deadline: `2026-11-${String(day).padStart(2, '0')}`,
        source: SOURCES[i % SOURCES.length],
      },
      geometry: { type: 'Point', coordinates: [coords[2 * i], coords[2 * i + 1]] },
    };
  }
  return JSON.stringify({ type: 'FeatureCollection', x_district: '430408 蒸湘区', features });
}

/** The peer's index: a flatbush of the parsed features' points; their count. */
export function flatbushOf(Flatbush, fs) {
  const fb = new Flatbush(fs.length);
  for (const f of fs) {
    const [x, y] = f.geometry.coordinates;
    fb.add(x, y, x, y);
  }
  fb.finish();
  return fs.length;
}

export async function geojsonRows({ civic, Flatbush, problems, sizes, timeTurns, check, BOX }) {
  const rows = [];
  const index = (fs) => flatbushOf(Flatbush, fs);
  const civicLoad = (input) => () => {
    const m = new civic.CivicMap();
    const r = m.loadProblems(input);
    m.free();
    return r;
  };
  for (const n of sizes) {
    const text = ledgerText(n, problems(n, 45, BOX));
    const bytes = new TextEncoder().encode(text);
    const mb = (bytes.length / 1e6).toFixed(1);
    const decoder = new TextDecoder();
    const cases = [
      [`GeoJSON file ${mb} MB (UTF-8 bytes) → loaded and indexed`, 'TextDecoder + JSON.parse + flatbush', () => index(JSON.parse(decoder.decode(bytes)).features), civicLoad(bytes)],
      [`GeoJSON text ${mb} MB (a JS string) → loaded and indexed`, 'JSON.parse + flatbush', () => index(JSON.parse(text).features), civicLoad(text)],
    ];
    for (const [what, peer, jsLoad, load] of cases) {
      const r = load();
      check(r.rejected.length === 0 && r.loaded === n, `civicmap loaded ${r.loaded} of ${n}`);
      check(jsLoad() === n, `${peer} count`);
      const runs = n >= 200_000 ? 5 : undefined;
      const [jsMs, civicMs] = timeTurns([jsLoad, load], runs);
      rows.push([what, n, peer, jsMs, 'CivicMap.loadProblems', civicMs]);
    }
  }
  return rows;
}
