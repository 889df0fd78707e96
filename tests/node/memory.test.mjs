// A module whose memory is nearly full (issue 17): every load either loads or is
// refused with a plain message naming memory, never traps, and the map keeps
// answering and frees. The memory is filled from JS: growing the module's memory
// takes pages its allocator never uses, so only `free` bytes below 4 GB remain
// to it. Runs in its own process (node --test runs each file alone), as the
// memory cannot shrink again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as civic from '../../www/pkg/civicmap.js';

const root = new URL('../../', import.meta.url);
const wasm = civic.initSync({ module: fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root)) });
const { CivicMap } = civic;
const CELLS = fs.readFileSync(new URL('data/demo/cells.geojson', root), 'utf8');
const PAGE = 65536;
const MAX = 65536 * PAGE;
const MB = 2 ** 20;

/** Grows the module's memory from JS until at most `free` bytes remain below 4 GB. */
function leave(free) {
  const pages = Math.floor((MAX - wasm.memory.buffer.byteLength - free) / PAGE);
  if (pages > 0) wasm.memory.grow(pages);
}

function ledger(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`{"type":"Feature","id":"P${i}","properties":{"category":"garbage","severity":${1 + (i % 3)},"found":"2026-11-01","status":"open"},"geometry":{"type":"Point","coordinates":[${112.5 + (i % 300) * 3e-4},${26.85 + Math.floor(i / 300) * 2e-4}]}}`);
  }
  return `{"type":"FeatureCollection","features":[${out.join(',')}]}`;
}

test('loads into a nearly full module load or are refused, never trap', () => {
  const m = new CivicMap();
  m.loadCells(CELLS);
  // 256 MB left, then ever larger loads (each the largest yet, so each must find
  // new memory): the small ones load, the large ones are refused, whichever
  // allocation would have failed (the text, the records, the indexes).
  leave(256 * MB);
  const outcomes = [];
  const tried = (what, f) => {
    const before = m.counts();
    try {
      f();
      outcomes.push(`${what}: loaded`);
    } catch (e) {
      assert.equal(e.constructor, Error, `${what}: a plain Error, not ${e.constructor.name}: ${e.message}`);
      assert.match(e.message, /memory/, what);
      outcomes.push(`${what}: refused (${e.message.slice(0, 60)}…)`);
      assert.deepEqual(m.counts(), before, `${what}: a refused load changes nothing`);
    }
    assert.equal(m.counts().cells, 11_252);
    assert.equal(m.nearestProblems(112.5, 26.85, 1).length <= 1, true);
  };
  for (const n of [25_000, 100_000, 200_000, 400_000, 600_000, 800_000, 1_000_000]) {
    let text = ledger(n);
    tried(`${n} problems (${(text.length / MB).toFixed(0)} MB)`, () => m.loadProblems(text));
    tried(`${n} problems in slices`, () => {
      const job = m.beginLoad('problems', text);
      try {
        while (!job.step(50_000).done);
        m.finishLoad(job);
      } finally {
        job.free();
      }
    });
    text = null;
  }
  for (const n of [250_000, 1_000_000, 2_000_000, 4_000_000]) {
    const coords = new Float64Array(2 * n).map((_, i) => (i % 2 ? 26.85 : 112.5) + (i % 977) * 1e-5);
    tried(`${n} coordinates`, () => m.loadProblemCoords(coords));
  }
  tried('the demo cells again', () => m.loadCells(CELLS));
  console.log(`wasm memory ${(wasm.memory.buffer.byteLength / MB).toFixed(0)} MiB\n${outcomes.join('\n')}`);
  assert.ok(outcomes.some((o) => o.endsWith('loaded')) && outcomes.some((o) => o.includes('refused')), outcomes.join('\n'));
  assert.ok(outcomes.at(-1).endsWith('loaded'), 'a small load still loads after the refusals');
  m.free();
});
