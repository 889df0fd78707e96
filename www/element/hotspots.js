// The Gi* hotspot layer: the cells that are significant hot or cold spots of the
// problems found in the heat layer's window, filled by confidence (90/95/99 %), and
// the legend's classes with their cell counts. Both are the core's: `renderHotspots`
// draws the frame and `hotspots` gives the legend entries (colours and counts), in
// the tables module (the element's tables(), loaded on the first use and built again
// after a change), so the page's own module stays as small as it was. While that
// module loads the status line says so; what the core refuses goes to the error area.
import { tablesMap } from './export.js';
import { cachedRaster, dropRaster, drawCached, putFrame } from './rasters.js';
import { setError, setStatus } from './messages.js';

const DAY = 864e5;
const toDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * The hotspot options for the heat layer's window: its `from`/`to`, or its `lastDays`
 * counted back from its `asOf` or the ledger date (as the core's heat options count
 * them), with the element's hotspotOptions (bandM, fdr). Days in UTC.
 */
export function hotspotWindow(host) {
  const h = host.heatOptions;
  const o = { ...host.hotspotOptions };
  const end = h.lastDays ? h.asOf ?? host.asOf : null;
  if (end) {
    o.from = toDay(Date.parse(`${end}T00:00:00Z`) - (h.lastDays - 1) * DAY);
    o.to = end;
  } else {
    if (h.from) o.from = h.from;
    if (h.to) o.to = h.to;
  }
  return o;
}

/** The tables module's map for this host now: {map} once loaded, {failed} if it could not load. */
function tablesNow(host) {
  const s = (host._hot ??= {});
  // A failed load is not tried again on every frame: only after the data change or
  // the layer is turned off and on.
  if (s.failed && s.failedAt === host.data.version) return s;
  const p = tablesMap(host);
  if (s.promise !== p) {
    Object.assign(s, { promise: p, map: null, failed: null });
    p.then(
      (t) => {
        if (s.promise === p) s.map = t;
        host.requestRender();
      },
      (e) => {
        if (s.promise === p) Object.assign(s, { failed: e?.message ?? String(e), failedAt: host.data.version });
        host.requestRender();
      },
    );
  }
  return s;
}

/** Shows (or clears) "computing hot spots" in the status line without taking it from a data load. */
function busy(host, on) {
  host.hotspotState = on ? 'loading' : host.hotspotState === 'loading' ? 'idle' : host.hotspotState;
  const text = host.t('hotspotsLoading');
  if (on && !host._status.textContent) setStatus(host, text);
  if (!on && host._status.textContent === text) setStatus(host, '');
}

/** Draws the hotspot layer (when on) after the cells and before the selection. */
export function drawHotspots(host, ctx) {
  if (!host.layers.has('hotspots') || !host.data.cells.length) {
    host._hotSummary = null;
    if (host._hot) host._hot.failed = null;
    busy(host, false);
    host.hotspotState = 'off';
    return dropRaster(host, 'hotspots');
  }
  const s = tablesNow(host);
  if (s.failed) {
    busy(host, false);
    host.hotspotState = 'error';
    host._rasters.delete('hotspots');
    return setError(host, 'hotspots', s.failed);
  }
  if (!s.map) {
    // Loading, or built again after a change: the last frame stands in meanwhile.
    busy(host, true);
    return drawCached(host, ctx, 'hotspots');
  }
  busy(host, false);
  const opts = hotspotWindow(host);
  const key = `${host.data.version}|${JSON.stringify(opts)}`;
  const v = host.data.coreView(host.view);
  const w = Math.round(v.width * v.pixelRatio);
  const h = Math.round(v.height * v.pixelRatio);
  const c = cachedRaster(host, ctx, 'hotspots', {
    key,
    width: w,
    height: h,
    render: (g) => {
      const t0 = performance.now();
      if (host._hotSummary?.key !== key) {
        host._hotSummary = null;
        const summary = s.map.hotspots(opts);
        host._hotSummary = { key, options: opts, summary };
        host._emit('civic-hotspots', { options: opts, ...summary });
      }
      putFrame(g, s.map.renderHotspots(v, opts), w, h);
      host.lastHotspotsMs = performance.now() - t0;
    },
  });
  if (!c) host._hotSummary = null;
  host.hotspotState = c ? 'drawn' : 'error';
}

/** The legend's rows for the layer: the window and method, then the core's classes with their cell counts. */
export function hotspotLegend(host) {
  const hs = host._hotSummary;
  if (!hs || host._errors.has('hotspots')) return null;
  const { summary: s, options: o } = hs;
  const t = host.t;
  const en = host.lang === 'en';
  const window = o.from || o.to ? `${o.from ?? '…'} – ${o.to ?? '…'}` : t('windowAll');
  const head = `${window} · ${s.problems} ${t('hotspotsProblems')} · Gi* ${s.bandM} m${s.fdr ? ' · FDR' : ''}`;
  // The core's label is "中文 · English": the element's language half of it.
  const half = (label) => {
    const i = label.indexOf(' · ');
    return i < 0 ? label : en ? label.slice(i + 3) : label.slice(0, i);
  };
  return [['none', head], ...s.legend.map((e) => [e.color, `${half(e.label)} · ${e.cells}`])];
}
