// The tables module for Node (`civicmap/tables` under the `node` condition): compiled
// at import from the file beside it, as node.js does for the main module.
import { readFileSync } from 'node:fs';
import { initSync } from './pkg-tables/civicmap.js';

initSync({ module: readFileSync(new URL('./pkg-tables/civicmap_bg.wasm', import.meta.url)) });

export * from './tables.js';
export { default } from './tables.js';
