// Large files load in slices (CivicMap.beginLoad, LoadJob.step, finishLoad), so the
// page keeps drawing and answering while a ledger of hundreds of thousands of
// problems or a city's grid is read: the status line shows how far it got, with a
// button that cancels; nothing changes on the map until the last slice is read.

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
 * into the grid between frames, then indexed in one call; resolves to the report.
 */
export async function loadCoordsInSlices(host, coords, severities) {
  const job = host.civic.beginProblemCoords(coords, severities);
  const n = coords.length / 2;
  try {
    await inSlices(host, host.t('problems'), () => {
      const read = host.civic.stepProblemCoords(job, 50_000);
      // As a file of 16 bytes a pair would count them.
      return { file: 'coordinates', done: read >= n, bytes: 16 * read, total: 16 * n, features: read };
    });
    return host.data.finishProblemCoords(job, coords);
  } finally {
    job.free();
  }
}

/**
 * Calls `step` ({file, done, bytes, total, features}) for BUDGET_MS a task until it
 * says done: the status line shows how far it got with a cancel button, and a
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
      const pct = Math.floor((100 * p.bytes) / Math.max(1, p.total));
      setStatus(host, `${host.t('loading')} ${name} ${pct} % (${p.features})`);
      cancel.textContent = host.t('cancel');
      host._status.append(' ', cancel);
      host._emit('civic-load-progress', { file: p.file, done: p.done, bytes: p.bytes, total: p.total, features: p.features });
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
