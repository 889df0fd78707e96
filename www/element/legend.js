// The legend: what each visible layer's colours mean, with the colours the core
// uses (heatLegend for the heatmap, rampColors for the workload fills, the legend
// entries of `hotspots` for the Gi* hot and cold spots, with their cell counts).
import { rampColors } from '../index.js';
import { setError } from './messages.js';
import { hotspotLegend } from './hotspots.js';

function parts(host) {
  const t = host.t;
  const out = [];
  const L = host.layers;
  if (L.has('heat') && host.civic && !host._errors.has('heat')) {
    let stops = [];
    try {
      stops = host.civic.heatLegend(host.heatOptions);
      setError(host, 'legend', null);
    } catch (e) {
      setError(host, 'legend', e.message);
    }
    const label = (v) => (typeof v === 'number' ? v.toFixed(v < 10 ? 1 : 0) : String(v ?? ''));
    if (host._heatBinned === 0) out.push(['heat', [['none', `${t('heatEmpty')} (${t('asOfShort')} ${host.asOf})`]]]);
    // The unit at every zoom: the kernel's radius is in metres, so a colour means
    // the same density wherever the map is zoomed (the core's units).
    else out.push(['heat', [['none', t('heatUnit')], ...stops.map((x) => [String(x.color), label(x.value)])]]);
  }
  if (L.has('hotspots')) {
    const rows = hotspotLegend(host);
    if (rows) out.push(['hotspots', rows]);
  }
  // The core labels owners on the map (colours are picked so neighbours differ).
  if (L.has('assignment')) out.push(['assignment', [['hatch', t('unassigned')], ['conflict', t('conflict')]]]);
  if (L.has('workloadLayer') && host.civic) {
    const wkey = `${host.data.version}|${host.asOf}`;
    if (host._legendWorkload?.key !== wkey) {
      const rows = host.workload();
      host._legendWorkload = { key: wkey, max: Math.max(1, ...rows.map((r) => r.openProblems)) };
    }
    const { max } = host._legendWorkload;
    const colours = rampColors(new Float64Array([0, 0.5, 1]));
    out.push(['workloadLayer', [0, 0.5, 1].map((f, i) => [colours[i], `${Math.round(f * max)} ${t('openCol')}`])]);
  }
  if (L.has('problems')) {
    out.push(['problems', [['#d7191c', t('statusOpen')], ['#fdae61', t('statusRectifying')], ['#7b3294', t('statusSubmitted')], ['#1a9641', t('statusClosed')]]]);
  }
  if (L.has('points')) out.push(['points', [['#1f78b4', t('pointsDot')]]]);
  return out;
}

/** Rebuilds the legend when what it shows changed. */
export function drawLegend(host) {
  const list = parts(host);
  const key = JSON.stringify(list) + host.lang;
  if (key === host._legendKey) return;
  host._legendKey = key;
  host._legend.replaceChildren(...list.map(([layer, items]) => {
    const sec = document.createElement('div');
    sec.className = 'sec';
    sec.dataset.layer = layer;
    const h = document.createElement('div');
    h.className = 'h';
    h.textContent = host.t(layer);
    sec.append(h);
    for (const [color, label] of items) {
      const row = document.createElement('div');
      row.className = 'row';
      const sw = document.createElement('span');
      sw.className = 'sw';
      if (color === 'none') sw.hidden = true;
      else if (color === 'hatch') sw.classList.add('hatch');
      else if (color === 'conflict') sw.classList.add('conflict');
      else sw.style.background = color;
      const l = document.createElement('span');
      l.textContent = label;
      row.append(sw, l);
      sec.append(row);
    }
    return sec;
  }));
}
