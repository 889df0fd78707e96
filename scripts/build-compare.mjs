// The point index's build (new GeoIndex of 100,000 positions) of several builds of
// the module against flatbush, in one Node process, all taking turns run for run
// (medians), on both of bench/'s data sets: whether a change moved the build, and
// where the thinnest bench row stands on this machine at this moment.
//   node scripts/build-compare.mjs OLD/www/pkg www/pkg     (N=100000, R=41 runs)
import fs from 'node:fs';
import path from 'node:path';
import { DATASETS } from '../bench/datasets.mjs';

const Flatbush = (await import('../bench/node_modules/flatbush/index.js')).default;
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
const mods = [];
for (const d of dirs) {
  const c = await import(`file://${d}/civicmap.js?${mods.length}`);
  c.initSync({ module: fs.readFileSync(`${d}/civicmap_bg.wasm`) });
  mods.push(c);
}
const n = Number(process.env.N || 100000);
const med = (x) => [...x].sort((a, b) => a - b)[x.length >> 1];
for (const set of DATASETS) {
  const c = set.problems(n, 42, set.box);
  const fns = [
    () => {
      const fb = new Flatbush(n);
      for (let i = 0; i < n; i++) fb.add(c[2 * i], c[2 * i + 1], c[2 * i], c[2 * i + 1]);
      fb.finish();
    },
    ...mods.map((m) => () => new m.GeoIndex(c).free()),
  ];
  const t = fns.map(() => []);
  for (let r = 0; r < 5; r++) fns.forEach((f) => f());
  for (let r = 0; r < Number(process.env.R || 41); r++) {
    fns.forEach((f, i) => {
      const a = performance.now();
      f();
      t[i].push(performance.now() - a);
    });
  }
  const fb = med(t[0]);
  console.log(`${set.name}: flatbush ${fb.toFixed(2)} ms`, ...dirs.map((d, i) => `| ${path.relative(process.cwd(), d) || d} ${med(t[i + 1]).toFixed(2)} ms (${(med(t[i + 1]) / fb).toFixed(2)})`));
}
