// civicmap's tables module (the npm package's `civicmap/tables`): the same bindings
// as the main entry plus the responsibility table (CSV, .xlsx), hotspots and
// choropleths, in a second, larger wasm module (pkg-tables/, built with the cargo
// features `tables,xlsx`) that a page loads only when it needs one of them. The
// element's table exports (element/export.js) import this file, so a portal's own
// `init(url)` here and the element share one instance. Its CivicMap is a map of its
// own: feed it the main map's exports (exportCells, exportZones, …), which load back
// exactly.
import initWasm from './pkg-tables/civicmap.js';

export * from './pkg-tables/civicmap.js';

let loading = null;

/**
 * Loads the tables module once; resolves when its `new CivicMap()` can be called.
 * Called again, it returns the same promise (after a failure it tries again).
 *
 * `input` says where the module is: a URL (string or URL object), a fetch Response,
 * its bytes, or a compiled WebAssembly.Module. Left out, it is
 * `pkg-tables/civicmap_bg.wasm` beside this file, written `new URL(…,
 * import.meta.url)`: Vite and webpack 5 ship the file from that; where the bundler
 * does not (esbuild), copy the file (`civicmap/tables_bg.wasm`) and pass its URL here
 * or in the element's `tables-wasm` attribute.
 */
export default function init(input) {
  if (loading) return loading;
  const where = input ?? new URL('./pkg-tables/civicmap_bg.wasm', import.meta.url);
  const arg = where !== null && Object.getPrototypeOf(where) === Object.prototype && 'module_or_path' in where
    ? where
    : { module_or_path: where };
  loading = initWasm(arg).catch((e) => {
    loading = null;
    throw e;
  });
  return loading;
}
