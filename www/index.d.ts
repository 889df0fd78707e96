// Types of civicmap's main entry (index.js). Every binding's types are generated
// from the Rust code into pkg/civicmap.d.ts (options, filters, views and results
// from the Rust structs through tsify; see src/wasm/mod.rs).
// The classes have [Symbol.dispose] (for `using`): its type comes from this lib, so a
// portal compiling with an older `lib` setting still type-checks.
/// <reference lib="esnext.disposable" />
import type { InitInput, InitOutput } from './pkg/civicmap.js';

export * from './pkg/civicmap.js';

/**
 * Loads the wasm module; resolves when `new CivicMap()` can be called. Called again,
 * it returns the same promise (after a failure it tries again).
 *
 * @param input Where the module is: a URL, a fetch Response, its bytes or a compiled
 * `WebAssembly.Module`. Left out: `civicmap_bg.wasm` beside the glue, which Vite and
 * webpack 5 ship; with esbuild copy the file and pass its URL.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<InitOutput>;
