// The packed tarball in headless Chromium, every page under a strict CSP (no
// unsafe-eval, no unsafe-inline; only wasm-unsafe-eval): a portal page bundled by
// esbuild (init(url) with the file loader's URL) and by Vite (the wasm file and the
// element's stylesheet found through new URL(…, import.meta.url); one setting, no
// inlining of small files, for the CSP),
// and the element straight from node_modules without a bundler. Each answers a query
// as the repository's own build does, and the element loads the demo data, draws,
// and shares the page's one wasm module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as civic from '../../www/pkg/civicmap.js';
import { launch } from '../e2e/helpers.mjs';
import { ROOT, QUERY, scratch, run, serveDir, copyDemoData } from './helpers.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'";

civic.initSync({ module: fs.readFileSync(path.join(ROOT, 'www/pkg/civicmap_bg.wasm')) });
const demo = (f) => fs.readFileSync(path.join(ROOT, 'data/demo', f), 'utf8');
const want = (() => {
  const map = new civic.CivicMap();
  map.loadCells(demo('cells.geojson'));
  map.loadProblems(demo('problems.geojson'));
  return map.nearestProblems(QUERY.lng, QUERY.lat, QUERY.k, QUERY.filter).map((h) => [h.id, h.cell, h.distanceM]);
})();

const fixture = (f) => fs.readFileSync(path.join(ROOT, 'tests/package/fixtures', f), 'utf8');
const page = (script, data) => fixture('page.html').replace('SCRIPT', script).replaceAll('DATA', data);
const app = (wasmImport, tablesImport) => fixture('app.js')
  .replace("import WASM_URL from 'WASM_URL_MODULE';", wasmImport)
  .replace("import TABLES_URL from 'TABLES_URL_MODULE';", tablesImport)
  .replace('QUERY', JSON.stringify(QUERY)).replace('${DATA}', '../../data/');

let dir, server, browser;
before(async () => {
  dir = scratch('browser', {
    'esbuild/app.js': app("import WASM_URL from 'civicmap/civicmap_bg.wasm';", "import TABLES_URL from 'civicmap/tables_bg.wasm';"),
    'vite/app.js': app('const WASM_URL = null;', 'const TABLES_URL = null;'),
    'vite/index.html': page('./app.js', '../../data/'),
    'vite/page.css': fixture('page.css'),
    // The one setting a strict CSP needs: Vite inlines files under 4 KiB as data:
    // URLs, and style-src 'self' refuses the element's stylesheet as one.
    'vite/vite.config.js': 'export default { build: { assetsInlineLimit: 0 } };\n',
    'csp/page.js': fixture('csp.js').replace('QUERY', JSON.stringify(QUERY)),
    'csp/index.html': page('./page.js', '../data/'),
    'csp/page.css': fixture('page.css'),
  });
  copyDemoData(dir);
  server = await serveDir(dir, { 'content-security-policy': CSP });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page and waits for its script's window.__result; console errors (CSP reports among them) are collected. */
async function open(url) {
  const p = await browser.context.newPage();
  const errors = [];
  p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(url);
  await p.waitForFunction(() => window.__result?.done, null, { timeout: 60000 });
  const result = await p.evaluate(() => window.__result);
  await p.close();
  return { result, errors };
}

function checkElement(result) {
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.elementCounts, { cells: 11252, zones: 108, points: 261, problems: 6000, owners: 109 });
  assert.deepEqual(result.elementHits, want.map(([id]) => id));
  assert.equal(result.sameModule, true, 'the element made its CivicMap from another wasm module');
  // The responsibility table by owner from the tables module: a BOM, a header and one
  // row per owner of the demo (109) at least.
  assert.equal(result.table?.bom, true, JSON.stringify(result.table));
  assert.ok(result.table.rows > 100, `${result.table.rows} rows`);
}

test('esbuild: a bundled page with init(url) answers the query; the element shares its module', async (t) => {
  const r = run('esbuild', ['esbuild/app.js', '--bundle', '--format=esm', '--minify', '--loader:.wasm=file', '--outdir=esbuild/dist', '--log-level=warning'], dir);
  assert.equal(r.code, 0, r.out);
  // What a portal copies beside its bundle: its page, and the element's stylesheet.
  fs.writeFileSync(path.join(dir, 'esbuild/dist/index.html'), page('./app.js', '../../data/'));
  fs.writeFileSync(path.join(dir, 'esbuild/dist/page.css'), fixture('page.css'));
  fs.copyFileSync(path.join(dir, 'node_modules/civicmap/civic-map.css'), path.join(dir, 'esbuild/dist/civic-map.css'));
  // The two modules: the main one, and the tables module the element loads on demand.
  const wasm = fs.readdirSync(path.join(dir, 'esbuild/dist')).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 2, wasm.join(' '));
  const bundle = fs.readFileSync(path.join(dir, 'esbuild/dist/app.js'));
  t.diagnostic(`esbuild bundle (core + element, minified): ${bundle.length} bytes, ${zlib.gzipSync(bundle, { level: 9 }).length} gzipped`);
  const { result, errors } = await open(`${server.url}/esbuild/dist/index.html`);
  assert.deepEqual(errors, []);
  assert.deepEqual(result.hits, want);
  checkElement(result);
});

test('Vite: a built page answers the query; each wasm file and the stylesheet are shipped once', async () => {
  const r = run('vite', ['build', 'vite', '--outDir', 'dist', '--emptyOutDir', '--base', './', '--logLevel', 'warn'], dir);
  assert.equal(r.code, 0, r.out);
  const assets = fs.readdirSync(path.join(dir, 'vite/dist/assets'));
  // The main module and the tables module (in a chunk of its own, loaded on demand).
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 2, assets.join(' '));
  assert.equal(assets.filter((f) => /^civic-map.*\.css$/.test(f)).length, 1, assets.join(' '));
  const { result, errors } = await open(`${server.url}/vite/dist/index.html`);
  assert.deepEqual(errors, []);
  assert.deepEqual(result.hits, want);
  checkElement(result);
});

test('no bundler: the element from node_modules under the strict CSP renders and answers a query', async () => {
  const { result, errors } = await open(`${server.url}/csp/index.html`);
  assert.equal(result.evalAllowed, false, 'the CSP is not in force');
  // The one refusal is the page's own eval probe.
  assert.deepEqual(errors.filter((e) => !/unsafe-eval/.test(e) || /wasm/i.test(e)), []);
  checkElement(result);
  assert.equal(result.error, '', 'the element shows an error');
  assert.ok(result.drawn > 0.05, `only ${(result.drawn * 100).toFixed(1)} % of the map drawn`);
});

test("the element's types declare what it has: every declared member exists, every public method is declared", async () => {
  const { result } = await open(`${server.url}/csp/index.html`);
  const dts = fs.readFileSync(path.join(dir, 'node_modules/civicmap/civic-map.d.ts'), 'utf8');
  const body = dts.match(/export class CivicMapElement extends HTMLElement \{([\s\S]*?)\n\}/)[1].replace(/\/\*\*[\s\S]*?\*\//g, '');
  const declared = new Set([...body.matchAll(/^ {2}(?:readonly )?(\w+)[(:<]/gm)].map((m) => m[1]));
  declared.delete('addEventListener');
  declared.delete('removeEventListener');
  const has = new Set([...result.prototype, ...result.own]);
  assert.deepEqual([...declared].filter((m) => !has.has(m)), [], 'declared but missing on the element');
  const callbacks = ['constructor', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback'];
  const undeclared = result.prototype.filter((m) => !m.startsWith('_') && !callbacks.includes(m) && !declared.has(m));
  assert.deepEqual(undeclared, [], 'public on the element but not in civic-map.d.ts');
});
