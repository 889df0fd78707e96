// The package's TypeScript types, from the packed tarball in a scratch project:
// a consumer using every binding, the element and the overlays type-checks with
// tsc --strict; each deliberate mistake in fixtures/mistakes.ts is refused with the
// error expected on its line; no `any` is left in the options, filters, views and
// results; every method and function of the generated .d.ts is used by the
// consumer; the element's event types match what its sources dispatch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, scratch, run } from './helpers.mjs';

const fixture = (f) => fs.readFileSync(path.join(ROOT, 'tests/package/fixtures', f), 'utf8');
const dir = scratch('types', { 'consumer.ts': fixture('consumer.ts'), 'mistakes.ts': fixture('mistakes.ts') });
const pkg = path.join(dir, 'node_modules/civicmap');
const read = (f) => fs.readFileSync(path.join(pkg, f), 'utf8');
// What a portal on TypeScript's defaults for ES modules in Node or a bundler uses.
const TSC = ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom'];

test('a consumer that uses every call type-checks with tsc --strict', () => {
  const r = run('tsc', [...TSC, 'consumer.ts'], dir);
  assert.equal(r.out.trim(), '', r.out);
  assert.equal(r.code, 0);
  // The same with a bundler's resolution (Vite's and esbuild's projects).
  const b = run('tsc', ['--strict', '--noEmit', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--lib', 'es2022,dom', 'consumer.ts'], dir);
  assert.equal(b.out.trim(), '', b.out);
  assert.equal(b.code, 0);
});

test('each deliberate mistake is refused with the error expected on its line, and nothing else is', () => {
  const lines = fixture('mistakes.ts').split('\n');
  const expected = new Map();
  lines.forEach((l, i) => {
    const m = l.match(/\/\/ (TS\d+)$/);
    if (m) expected.set(i + 1, m[1]);
  });
  assert.ok(expected.size >= 30, `only ${expected.size} mistakes`);
  const r = run('tsc', [...TSC, 'mistakes.ts'], dir);
  assert.notEqual(r.code, 0, 'mistakes.ts type-checked');
  const got = new Map();
  for (const m of r.out.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+)/gm)) {
    assert.equal(m[1], 'mistakes.ts', `an error in ${m[1]}:\n${r.out}`);
    const line = Number(m[2]);
    got.set(line, [...(got.get(line) ?? []), m[3]]);
  }
  for (const [line, code] of expected) {
    assert.ok(got.get(line)?.includes(code), `line ${line} (${lines[line - 1].trim()}): want ${code}, got ${got.get(line) ?? 'no error'}`);
  }
  for (const line of got.keys()) assert.ok(expected.has(line), `unexpected error on line ${line}: ${lines[line - 1].trim()}\n${r.out}`);
});

/** The text of a declaration file without comments. */
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

test('no `any` in the published types (the raw wasm exports of InitOutput aside)', () => {
  const files = {};
  for (const f of ['pkg/civicmap.d.ts', 'pkg-tables/civicmap.d.ts']) files[f] = code(read(f)).replace(/export interface InitOutput \{[\s\S]*?\n\}/, '');
  for (const f of ['index.d.ts', 'tables.d.ts', 'civic-map.d.ts', 'overlays/leaflet.d.ts', 'overlays/openlayers.d.ts', 'overlays/options.d.ts']) files[f] = code(read(f));
  for (const [f, text] of Object.entries(files)) {
    const anys = text.split('\n').filter((l) => /\bany\b/.test(l));
    assert.deepEqual(anys, [], `${f} has any`);
  }
  // The generated types are there and carry the Rust doc comments.
  const dts = read('pkg/civicmap.d.ts');
  for (const t of ['interface View', 'interface HeatOptions', 'interface ProblemFilter', 'interface ProblemHit', 'interface LoadReport', 'type Crs', 'type Ramp']) {
    assert.match(dts, new RegExp(`export ${t}\\b`), t);
  }
  assert.match(dts, /Device px per CSS px[^]*?pixelRatio\?: number/);
  assert.match(dts, /Kernel radius \(2σ\) in ground metres[^]*?radiusM\?: number/);
  assert.match(dts, /nearestProblems\(lng: number, lat: number, k: number, filter\?: ProblemFilter \| null\): ProblemHit\[\];/);
  // The cycle's and the planner's, and the tables module's own.
  for (const t of ['interface RecordInput', 'type StepInput', 'interface ProblemCard', 'interface ChangeEvent', 'interface TimeLimits', 'interface AssignReport', 'interface CellChain', 'interface Coverage', 'interface SearchResult', 'type ProblemKindName']) {
    assert.match(dts, new RegExp(`export ${t}\\b`), t);
  }
  assert.match(dts, /recordProblem\(input: RecordInput\): ProblemCard;/);
  assert.match(dts, /assignZones\(ids: string\[\], owner: string, options\?: AssignOptions \| null\): AssignReport;/);
  const tables = read('pkg-tables/civicmap.d.ts');
  for (const t of ['interface TableOptions', 'interface Table', 'type Field', 'interface Task', 'interface HotspotSummary', 'interface Rules']) {
    assert.match(tables, new RegExp(`export ${t}\\b`), t);
  }
  assert.match(tables, /responsibilityXlsx\(options\?: TableOptions \| null\): Uint8Array;/);
});

test('the consumer calls every method and function of the generated types (both modules)', () => {
  const dts = code(read('pkg/civicmap.d.ts')) + code(read('pkg-tables/civicmap.d.ts'));
  const consumer = fixture('consumer.ts');
  const names = new Set();
  for (const cls of dts.matchAll(/export class (\w+) \{([\s\S]*?)\n\}/g)) {
    for (const m of cls[2].matchAll(/^\s+(?:readonly )?(\w+)[(:]/gm)) {
      if (!['free', 'constructor'].includes(m[1])) names.add(`${cls[1]}.${m[1]}`);
    }
  }
  for (const m of dts.matchAll(/^export function (\w+)/gm)) names.add(m[1]);
  assert.ok(names.size > 50, `only ${names.size} names`);
  const unused = [...names].filter((n) => {
    const name = n.split('.').pop();
    return !new RegExp(n.includes('.') ? `\\.${name}\\b` : `\\b${name}\\(`).test(consumer);
  });
  assert.deepEqual(unused, [], 'add a call to tests/package/fixtures/consumer.ts');
});

test('the element\'s event types are the events its sources dispatch, with their detail keys', () => {
  const dts = read('civic-map.d.ts');
  const map = dts.match(/export interface CivicMapEventMap \{([\s\S]*?)\n\}/)[1];
  const declared = new Map([...map.matchAll(/'(civic(?:map)?-[\w-]+)': CustomEvent<([^\n]*)>;/g)].map((m) => [m[1], m[2]]));
  const assignment = dts.match(/export type AssignmentDetail =([\s\S]*?);\n/)[1];
  const sources = ['www/civic-map.js', ...fs.readdirSync(path.join(ROOT, 'www/element')).map((f) => `www/element/${f}`)]
    .map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
  /** Top-level keys of an object literal's text `{ a, b: c, ...d }`. */
  const keys = (lit) => {
    const out = [];
    let depth = 0, part = '';
    for (const ch of lit.slice(1, -1)) {
      if ('{[('.includes(ch)) depth++;
      if ('}])'.includes(ch)) depth--;
      if (ch === ',' && depth === 0) { out.push(part); part = ''; } else part += ch;
    }
    out.push(part);
    return out.map((p) => p.trim()).filter((p) => p && !p.startsWith('...')).map((p) => p.split(':')[0].trim());
  };
  const dispatched = new Set();
  for (const m of sources.matchAll(/_emit\('(civic(?:map)?-[\w-]+)',\s*(\{[^}]*\}|\w+)/g)) {
    dispatched.add(m[1]);
    assert.ok(declared.has(m[1]), `${m[1]} is dispatched but not in CivicMapEventMap`);
    // The ledger's changes are the core's journal entries as onChange gives them.
    if (m[1] === 'civicmap-change') {
      assert.equal(m[2], 'entry');
      assert.equal(declared.get(m[1]), 'ChangeEvent');
      assert.match(sources, /civic\.onChange\(\(entry\) => changed\(host, entry\)\)/);
      continue;
    }
    const type = m[1] === 'civic-assignment' ? assignment : declared.get(m[1]);
    const literals = m[2].startsWith('{') ? [m[2]] : [...sources.matchAll(/afterAssign\(host, (\{[^}]*\})\)/g)].map((x) => x[1]);
    assert.ok(literals.length > 0, `no detail found for ${m[1]}`);
    for (const lit of literals) {
      for (const k of keys(lit)) assert.match(type, new RegExp(`\\b${k}\\??:`), `${m[1]}: detail key ${k} is not in its type`);
    }
  }
  assert.deepEqual([...declared.keys()].sort(), [...dispatched].sort(), 'declared events that are never dispatched');
});
