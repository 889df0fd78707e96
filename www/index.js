// civicmap's main entry (the npm package's `civicmap`): the wasm module's bindings
// (pkg/civicmap.js, made by wasm-bindgen --target web) and an `init` that loads the
// module once per page. The element, the overlays and a portal's own code all import
// this file, so a page has one wasm instance whatever imports it first.
import initWasm from './pkg/civicmap.js';

export * from './pkg/civicmap.js';

/**
 * Loads the wasm module; resolves when `new CivicMap()` can be called. Called again,
 * it returns the same promise (after a failure it tries again).
 *
 * `input` says where the module is: a URL (string or URL object), a fetch
 * Response, its bytes, or a compiled WebAssembly.Module. Left out, it is
 * `civicmap_bg.wasm` beside pkg/civicmap.js, written `new URL('civicmap_bg.wasm',
 * import.meta.url)`: Vite, webpack 5 and Parcel ship the file from that; where the
 * bundler does not (esbuild), copy the file and pass its URL here.
 */
export default function init(input) {
  if (input === undefined) return initWasm();
  if (input !== null && Object.getPrototypeOf(input) === Object.prototype && 'module_or_path' in input) return initWasm(input);
  return initWasm({ module_or_path: input });
}
