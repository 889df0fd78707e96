// Types of civicmap's tables module (tables.js, `civicmap/tables`): every binding of
// the main module plus responsibilityTable/Csv/Xlsx, chains, rules, hotspots,
// choropleths; generated from the Rust code into pkg-tables/civicmap.d.ts.
/// <reference lib="esnext.disposable" />
import type { InitInput, InitOutput } from './pkg-tables/civicmap.js';

export * from './pkg-tables/civicmap.js';

/**
 * Loads the tables module once; resolves when its `new CivicMap()` can be called.
 *
 * @param input Where the module is: a URL, a fetch Response, its bytes or a compiled
 * `WebAssembly.Module`. Left out: `pkg-tables/civicmap_bg.wasm` beside tables.js,
 * which Vite and webpack 5 ship; with esbuild copy `civicmap/tables_bg.wasm` and pass
 * its URL.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<InitOutput>;
