// Writes the npm package's package.json into the folder given (scripts/package.sh):
// name, version, description and licence from Cargo.toml, so they never differ from
// the crate's; entry points and conditions for browsers, bundlers and Node.
import fs from 'node:fs';
import path from 'node:path';

const [dir] = process.argv.slice(2);
const cargo = fs.readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
// The [package] table only (up to the next table).
const table = cargo.split(/^\[/m).find((t) => t.startsWith('package]'));
const field = (name) => {
  const m = table.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'));
  if (!m) throw new Error(`Cargo.toml: no ${name} in [package]`);
  return m[1];
};

const manifest = {
  name: field('name'),
  version: field('version'),
  description: field('description'),
  license: field('license'),
  type: 'module',
  // The main entry for tools that do not read `exports`.
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': {
      types: './index.d.ts',
      // Browsers and bundlers: the wasm file is found with new URL(…, import.meta.url).
      browser: './index.js',
      // Node: compiled from the file beside it at import (fetch cannot read file: URLs).
      node: './node.js',
      import: './index.js',
      default: './index.js',
    },
    // The tables module (responsibility tables, .xlsx, hotspots, choropleths): a
    // second wasm module, loaded on demand, with the same conditions as '.'.
    './tables': {
      types: './tables.d.ts',
      browser: './tables.js',
      node: './tables-node.js',
      import: './tables.js',
      default: './tables.js',
    },
    './element': { types: './civic-map.d.ts', default: './civic-map.js' },
    './leaflet': { types: './overlays/leaflet.d.ts', default: './overlays/leaflet.js' },
    './openlayers': { types: './overlays/openlayers.d.ts', default: './overlays/openlayers.js' },
    // For bundlers that need the files named (esbuild's file loader, a copy step).
    './civicmap_bg.wasm': './pkg/civicmap_bg.wasm',
    './tables_bg.wasm': './pkg-tables/civicmap_bg.wasm',
    './civic-map.css': './civic-map.css',
    './package.json': './package.json',
  },
  files: [
    'index.js', 'index.d.ts', 'node.js',
    'tables.js', 'tables.d.ts', 'tables-node.js',
    'civic-map.js', 'civic-map.d.ts', 'civic-map.css',
    'element/', 'lib/', 'overlays/',
    'pkg/civicmap.js', 'pkg/civicmap.d.ts', 'pkg/civicmap_bg.wasm',
    'pkg-tables/civicmap.js', 'pkg-tables/civicmap.d.ts', 'pkg-tables/civicmap_bg.wasm',
  ],
  // civic-map.js defines the custom element; node.js and tables-node.js compile their
  // module at import.
  sideEffects: ['./civic-map.js', './node.js', './tables-node.js'],
  keywords: ['civilized city', '文明城市', 'map', 'heatmap', 'gis', 'wasm', 'gcj02', 'bd09', 'custom element'],
  engines: { node: '>=18' },
};

fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${path.join(dir, 'package.json')}: ${manifest.name}@${manifest.version} (${manifest.license})`);
