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
      do p = job.step(500); while (!p.done && performance.now() - t0 < BUDGET_MS);
      const pct = Math.floor((100 * p.bytes) / Math.max(1, p.total));
      setStatus(host, `${host.t('loading')} ${name} ${pct} % (${p.features})`);
      cancel.textContent = host.t('cancel');
      host._status.append(' ', cancel);
      host._emit('civic-load-progress', { file: name, ...p });
      if (p.done) break;
      // A macrotask, not a frame: a hidden tab still finishes its load.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (stop.cancelled) throw new Error(host.t('cancelled'));
    }
    return host.data.finishLoad(job, kind);
  } finally {
    job.free();
    if (host._loadStop === stop) host._loadStop = null;
    setStatus(host, '');
  }
}
