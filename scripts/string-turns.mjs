// How much of bench/'s "GeoJSON text (a JS string)" row is the peer's garbage.
// Times CivicMap.loadProblems on a ledger held as a JS string three ways in one
// process: alone; taking turns with the peer (JSON.parse + flatbush), as
// bench/compare.mjs does; and in turns with a full collection (gc(), untimed)
// before every call of either side.
//
//   node --expose-gc scripts/string-turns.mjs [PKG_DIR=www/pkg] [N=50000] [SET=A|B] [RUNS=21]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Flatbush from '../bench/node_modules/flatbush/index.js';
import { ledgerText, flatbushOf } from '../bench/geojson-rows.mjs';
import { DATASETS } from '../bench/datasets.mjs';

const [pkgDir = 'www/pkg', nArg = '50000', setName = 'A', runsArg = '21'] = process.argv.slice(2);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');
const civic = await import(pathToFileURL(path.resolve(pkgDir, 'civicmap.js')));
civic.initSync({ module: fs.readFileSync(path.resolve(pkgDir, 'civicmap_bg.wasm')) });
const n = Number(nArg);
const runs = Number(runsArg);
const set = DATASETS.find((d) => d.name === setName);
const text = ledgerText(n, set.problems(n, 45, set.box));

const peer = () => flatbushOf(Flatbush, JSON.parse(text).features);
const ours = () => {
  const m = new civic.CivicMap();
  const r = m.loadProblems(text);
  m.free();
  if (r.loaded !== n) throw new Error(`loaded ${r.loaded} of ${n}`);
  return r.loaded;
};
if (peer() !== n) throw new Error('peer count');

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
function measure(fns, collect) {
  const t = fns.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    fns.forEach((f, k) => {
      if (collect) gc();
      const a = performance.now();
      f();
      if (i >= 2) t[k].push(performance.now() - a);
    });
  }
  return t.map(median);
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const [alone] = measure([ours], false);
const [p1, o1] = measure([peer, ours], false);
const [p2, o2] = measure([peer, ours], true);
console.log(`${n} problems, data set ${setName}, ${(text.length / 1e6).toFixed(1)} M characters, medians of ${runs}`);
console.log(`alone:              civicmap ${fmt(alone)}`);
console.log(`turns:              civicmap ${fmt(o1)}, peer ${fmt(p1)}, ratio ${(o1 / p1).toFixed(2)}`);
console.log(`turns, gc() before: civicmap ${fmt(o2)}, peer ${fmt(p2)}, ratio ${(o2 / p2).toFixed(2)}`);
