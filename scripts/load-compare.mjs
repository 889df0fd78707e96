// Two builds of the page's module loading the same problem ledger in one Node
// process, taking turns in both orders (medians): `loadProblems` of bench/geojson-rows.mjs's
// ledger, and with HISTORY=1 every problem carrying a two-step `history` (a worked
// ledger's export), and with BYTES=1 given as the file's UTF-8 bytes (a Uint8Array, as
// the page gives them). Both builds must load every problem.
//   node scripts/load-compare.mjs OLD/www/pkg www/pkg [problems] [runs]
import fs from 'node:fs';
import path from 'node:path';
import { ledgerText } from '../bench/geojson-rows.mjs';
import { seededProblems } from './seeded-problems.mjs';

const [dirA, dirB, nArg, runsArg] = process.argv.slice(2);
const n = Number(nArg ?? 50000), runs = Number(runsArg ?? 15);
const load = async (dir) => {
  const d = path.resolve(dir);
  const c = await import(`file://${d}/civicmap.js`);
  c.initSync({ module: fs.readFileSync(`${d}/civicmap_bg.wasm`) });
  return c;
};
const [A, B] = [await load(dirA), await load(dirB)];
let text = ledgerText(n, seededProblems(n).coords);
if (process.env.HISTORY) {
  const fc = JSON.parse(text);
  for (const f of fc.features) {
    const p = f.properties;
    p.status = 'submitted';
    p.history = [
      { action: 'start', on: '2026-10-29', by: '王伟', note: null, status: 'rectifying', deadline: p.deadline },
      { action: 'submit', on: '2026-10-30', by: '王伟', note: '已清理', status: 'submitted', deadline: p.deadline },
    ];
  }
  text = JSON.stringify(fc);
}
// BYTES=1: the file's UTF-8 bytes, as the page hands them over.
const input = process.env.BYTES ? new TextEncoder().encode(text) : text;
const once = (c) => {
  const t = performance.now();
  const m = new c.CivicMap();
  const r = m.loadProblems(input);
  m.free();
  if (r.loaded !== n) throw new Error(`loaded ${r.loaded} of ${n}`);
  return performance.now() - t;
};
once(A); once(B);
const ta = [], tb = [];
// Turns in both orders (A B, then B A), so neither build always goes first.
for (let k = 0; k < runs; k++) {
  if (k % 2) { tb.push(once(B)); ta.push(once(A)); } else { ta.push(once(A)); tb.push(once(B)); }
}
const med = (t) => t.sort((x, y) => x - y)[t.length >> 1];
const mb = Buffer.byteLength(text) / 1e6, [a, b] = [med(ta), med(tb)];
console.log(`${n.toLocaleString('en')} problems${process.env.HISTORY ? ' with history' : ''}${process.env.BYTES ? ' as bytes' : ''}, ${mb.toFixed(1)} MB: ` +
  `${a.toFixed(1)} ms (${(mb * 1000 / a).toFixed(0)} MB/s) → ${b.toFixed(1)} ms (${(mb * 1000 / b).toFixed(0)} MB/s), ${(b / a).toFixed(2)}×`);
