// civicmap's entry for Node (the package's `node` condition): the same bindings and
// wasm file as index.js, compiled at import from the file beside this one (Node's
// fetch cannot read file: URLs), so `new CivicMap()` works at once and `init()`
// resolves at once.
import { readFileSync } from 'node:fs';
import { initSync } from './pkg/civicmap.js';

initSync({ module: readFileSync(new URL('./pkg/civicmap_bg.wasm', import.meta.url)) });

export * from './index.js';
export { default } from './index.js';
