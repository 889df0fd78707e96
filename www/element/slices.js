// Large files load in slices (CivicMap.beginLoad, LoadJob.step, finishLoad), so the
// page keeps drawing and answering while a ledger of hundreds of thousands of
// problems or a city's grid is read: the status line shows how far it got, with a
// button that cancels; nothing changes on the map until the last slice is read.

import { convert } from './core.js';
import { setStatus } from './messages.js';

/** Files longer than this (characters) load in slices. */
export const SLICE_CHARS = 4_000_000;

/** The layers a large file loads in slices. */
export const SLICED = new Set(['cells', 'zones', 'points', 'problems']);

/** A frame's share of reading (ms) before the page gets the thread back. */
const BUDGET_MS = 12;

/**
 * Reads `text` as `kind` (cells, zones, points, problems) in slices; resolves to the
 * load's report, or rejects with the core's message or `cancelled` (cancelLoad()).
 */
export async function loadInSlices(host, kind, text, name, opts) {
  const job = host.civic.beginLoad(kind, text, opts);
  try {
    await inSlices(host, name, () => {
      const p = job.step(500);
      return { file: name, done: p.done, bytes: p.bytes, total: p.total, features: p.features };
    });
    return host.data.finishLoad(job, kind);
  } finally {
    job.free();
  }
}

/**
 * The bulk path (loadProblemCoords) in slices: the pairs read, checked and joined
 * into the grid between frames, and put into the base map's system for drawing
 * as they are read (10M into GCJ-02 in one call held the thread for 1.3 s); then
 * the point tree built between frames too. Resolves to the report.
 */
export async function loadCoordsInSlices(host, coords, severities) {
  const job = host.civic.beginProblemCoords(coords, severities);
  const n = coords.length / 2;
  const drawn = { crs: host.data.baseCrs, coords: new Float64Array(coords.length) };
  let done = 0;
  try {
    await inSlices(host, host.t('problems'), () => {
      const read = host.civic.stepProblemCoords(job, 50_000);
      if (read > done) {
        const part = coords.subarray ? coords.subarray(2 * done, 2 * read) : coords.slice(2 * done, 2 * read);
        drawn.coords.set(convert(part, 'wgs84', drawn.crs), 2 * done);
        done = read;
      }
      const indexed = job.indexed;
      // As a file of 16 bytes a pair would count them.
      return { file: 'coordinates', done: read >= n && indexed >= 1, bytes: 16 * read, total: 16 * n, features: read, indexed };
    });
    return host.data.finishProblemCoords(job, coords, drawn);
  } finally {
    job.free();
  }
}

/**
 * Calls `step` ({file, done, bytes, total, features, indexed?}) for BUDGET_MS a
 * task until it says done: the status line shows how far it got (the reading,
 * then the index's build when `indexed` is given) with a cancel button, and a
 * civic-load-progress event goes out per task.
 */
async function inSlices(host, name, step) {
  const stop = { cancelled: false };
  host._loadStop = stop;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'cancel';
  cancel.addEventListener('click', () => { stop.cancelled = true; });
  try {
    for (;;) {
      const t0 = performance.now();
      let p;
      do p = step(); while (!p.done && performance.now() - t0 < BUDGET_MS);
      const indexing = p.indexed !== undefined && p.bytes >= p.total;
      const pct = Math.floor(indexing ? 100 * p.indexed : (100 * p.bytes) / Math.max(1, p.total));
      setStatus(host, `${host.t(indexing ? 'indexing' : 'loading')} ${name} ${pct} % (${p.features})`);
      cancel.textContent = host.t('cancel');
      host._status.append(' ', cancel);
      host._emit('civic-load-progress', { file: p.file, done: p.done, bytes: p.bytes, total: p.total, features: p.features, indexed: p.indexed });
      if (p.done) break;
      // A macrotask, not a frame: a hidden tab still finishes its load.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (stop.cancelled) throw new Error(host.t('cancelled'));
    }
  } finally {
    if (host._loadStop === stop) host._loadStop = null;
    setStatus(host, '');
  }
}
