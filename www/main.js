// The planner's and the supervisor's page: panels around <civic-map>, using only the
// element's JS API. URL parameters: data (folder of the layer files, default
// ../data/demo/), outline (district outline GeoJSON), tiles (XYZ template), tilesCrs
// (wgs84 | gcj02: the tiles' system), crs (of the files), mode (supervisor | planner |
// bulletin),
// lang (zh | en), asOf (the day to reckon from; default the data's x_as_of).
import './civic-map.js';
import { translator } from './lib/i18n.js';
import { initField } from './field.js';
import { initBulletin } from './bulletin.js';
import { initPlayback } from './playback.js';

const params = new URLSearchParams(location.search);
const dataBase = params.get('data') ?? '../data/demo/';
const $ = (sel) => document.querySelector(sel);

function text(tag, value, cls) {
  const e = document.createElement(tag);
  e.textContent = value == null ? '' : String(value);
  if (cls) e.className = cls;
  return e;
}

const map = document.createElement('civic-map');
map.id = 'map';
map.asOf = params.get('asOf');
// ?synthetic=N replaces the problems file with N seeded random problems loaded
// through the bulk path (loadProblemCoords): a stress test for heatmap and frames.
const synthetic = Number(params.get('synthetic')) || 0;
for (const kind of synthetic ? ['cells', 'zones', 'points'] : ['cells', 'zones', 'points', 'problems'])
  map.setAttribute(kind, new URL(`${kind}.geojson`, new URL(dataBase, location.href)).href);
map.setAttribute('owners', new URL('owners.json', new URL(dataBase, location.href)).href);
map.setAttribute('outline', new URL(params.get('outline') ?? '../data/zhengxiang.geojson', location.href).href);
if (params.get('tiles')) map.setAttribute('tile-url', params.get('tiles'));
if (params.get('tilesCrs')) map.setAttribute('tile-crs', params.get('tilesCrs'));
if (params.get('crs')) map.setAttribute('crs', params.get('crs'));
$('#map-host').append(map);

// ---------- language ----------
// The page's language, handed to the map through its lang attribute (each
// <civic-map> has its own).
let tr = translator(params.get('lang'));
const t = (key) => tr.t(key);
const formatDistance = (m) => tr.formatDistance(m);
map.setAttribute('lang', tr.lang);
function applyLang() {
  document.documentElement.lang = tr.lang === 'zh' ? 'zh-CN' : 'en';
  tr.translate(document);
  document.title = t('title');
}
$('#lang').addEventListener('click', () => {
  tr = translator(tr.lang === 'zh' ? 'en' : 'zh');
  map.setAttribute('lang', tr.lang);
  applyLang();
  renderLayers();
  refreshPlanner();
  field.relabel();
  bulletin.relabel();
  playback.relabel();
});
applyLang();
// On a phone the results matter more than the layer list: start it folded.
if (window.matchMedia('(max-width: 760px)').matches) $('#layers-box').open = false;

// ---------- layers ----------
// Hot spots (the core's Gi*, over the heat layer's window) beside the heat, off at first.
const LAYERS = ['cells', 'zones', 'points', 'problems', 'heat', 'hotspots', 'assignment', 'workloadLayer'];
function renderLayers() {
  const box = $('#layers');
  box.replaceChildren(...LAYERS.map((name) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.id = `layer-${name}`;
    input.checked = map.layers.has(name);
    input.addEventListener('change', () => map.setLayer(name, input.checked));
    label.append(input, text('span', ` ${t(name)}`));
    return label;
  }));
}
renderLayers();

// "Last N days" counts back from the day the map reckons from (the core's lastDays).
$('#heat-window').addEventListener('change', (e) => {
  playback.stop();
  const days = Number(e.target.value);
  map.setHeatOptions({ lastDays: days || null, from: null, to: null });
});

// ---------- modes ----------
function setMode(mode) {
  const was = document.body.dataset.mode;
  document.body.dataset.mode = mode;
  $('#supervisor').hidden = mode !== 'supervisor';
  $('#planner').hidden = mode !== 'planner';
  $('#bulletin').hidden = mode !== 'bulletin';
  for (const b of document.querySelectorAll('.modes button')) b.setAttribute('aria-selected', String(b.dataset.mode === mode));
  // The bulletin shows its window's heat; leaving it gives the period back.
  if (was === 'bulletin' && mode !== 'bulletin') map.setHeatOptions({ from: null, to: null, lastDays: Number($('#heat-window').value) || null });
  if (mode === 'bulletin') {
    map.setLayer('assignment', false);
    map.setLayer('heat', true);
    map.setTool('pan');
    bulletin.show();
  } else if (mode === 'planner') {
    for (const l of ['assignment']) map.setLayer(l, true);
    map.setLayer('heat', false);
    setTool('click');
    if (plannerStale) refreshPlanner();
  } else {
    map.setLayer('assignment', false);
    map.setLayer('heat', true);
    map.setTool('pan');
  }
  renderLayers();
}
for (const b of document.querySelectorAll('.modes button')) b.addEventListener('click', () => setMode(b.dataset.mode));

// ---------- supervisor ----------
function filter() {
  const status = [];
  if ($('#f-open').checked) status.push('open');
  if ($('#f-rectifying').checked) status.push('rectifying');
  if ($('#f-submitted').checked) status.push('submitted');
  const f = { status: status.length ? status : ['open', 'rectifying', 'submitted'], minSeverity: Number($('#f-severity').value) };
  if ($('#f-category').value) f.category = $('#f-category').value;
  if ($('#f-source').value) f.source = $('#f-source').value;
  if ($('#f-overdue').checked) f.overdue = true;
  return f;
}
map.locateOptions = {
  k: 20,
  get radiusM() { return Number($('#f-radius').value) || null; },
  get sort() { return $('#f-sort').value; },
  get filter() { return filter(); },
};

function ownerLabel(id) {
  if (!id) return t('none');
  const o = map.owners.find((x) => x.id === id);
  return o ? `${o.name}${o.unit ? `（${o.unit}）` : ''}` : id;
}

const field = initField(map, { tr: () => tr, ownerLabel, datasetKey: new URL(dataBase, location.href).href });
const bulletin = initBulletin(map, { tr: () => tr });
const playback = initPlayback(map, { tr: () => tr });
map.addEventListener('civic-locate', (e) => {
  $('#locate-status').textContent = '';
  field.renderResults(e.detail.results, e.detail.total);
});
$('#locate-pick').addEventListener('click', () => {
  map.setTool('locate');
  $('#locate-status').textContent = t('pickHint');
});
$('#locate-me').addEventListener('click', async () => {
  $('#locate-status').textContent = t('locating');
  try {
    await map.locateMe(map.locateOptions);
  } catch {
    $('#locate-status').textContent = t('geoFailed');
    map.setTool('locate');
  }
});
for (const id of ['#f-open', '#f-rectifying', '#f-submitted', '#f-overdue', '#f-category', '#f-source', '#f-severity', '#f-radius', '#f-sort']) {
  $(id).addEventListener('change', () => {
    if (map.location) map.setLocation(map.location.lng, map.location.lat, map.locateOptions);
  });
}
// A problem dot or a numbered marker opens the problem's card.
map.addEventListener('civic-problem-click', (e) => field.openCard(e.detail.hit.id));
// A click on the heat lists the problems that make it up there.
map.addEventListener('civic-heat-click', (e) => field.renderHeatParts(e.detail));

// ---------- planner ----------
function setTool(tool) {
  map.setTool(tool);
  for (const b of document.querySelectorAll('.tools button')) b.setAttribute('aria-pressed', String(b.dataset.tool === tool));
}
for (const b of document.querySelectorAll('.tools button')) b.addEventListener('click', () => setTool(b.dataset.tool));
$('#sel-clear').addEventListener('click', () => map.clearSelection());
map.addEventListener('civic-selection', (e) => {
  $('#sel-count').textContent = String(e.detail.ids.length);
  hideCheck();
});

// What to assign: cells (click, box, lasso), zones or points (a click picks one).
for (const b of document.querySelectorAll('.picks button')) {
  b.addEventListener('click', () => {
    map.setPick(b.dataset.pick);
    for (const x of document.querySelectorAll('.picks button')) x.setAttribute('aria-pressed', String(x === b));
    $('#zone-level').hidden = b.dataset.pick !== 'zones';
    if (b.dataset.pick !== 'cells' && map.tool === 'pan') setTool('click');
  });
}
$('#zone-level').addEventListener('change', () => {
  map.zoneLevel = Number($('#zone-level').value);
});

function renderOwners() {
  const q = $('#owner-search').value.trim().toLowerCase();
  const list = $('#owner-list');
  const keep = list.value;
  const owners = map.owners.filter((o) => !q || `${o.id} ${o.name} ${o.unit}`.toLowerCase().includes(q));
  list.replaceChildren(...owners.map((o) => {
    const opt = text('option', `${o.name}${o.unit ? ` · ${o.unit}` : ''}${o.level ? ` · ${o.level}${t('level')}` : ''}`);
    opt.value = o.id;
    return opt;
  }));
  if (owners.some((o) => o.id === keep)) list.value = keep;
  else if (owners.length === 1) list.value = owners[0].id;
}
$('#owner-search').addEventListener('input', renderOwners);

function showError(err) {
  $('#locate-status').textContent = err.message;
  const box = $('#file-results');
  box.prepend(text('p', err.message, 'error'));
}

/** A warning of the core's, in the page's words (its fields; never data as HTML). */
function warningText(w, layer) {
  const fill = { who: w.owner ? ownerLabel(w.owner) : '', ol: w.ownerLevel ?? '', n: w.count,
    layer: t(`layer_${layer}`), levels: w.levels.join('/'), max: w.max ?? '',
    zl: w.levels.length && w.kind === 'overLimit' ? ` (${w.levels.join('/')}${t('level')})` : '' };
  return t(`w_${w.kind}`).replace(/\{(\w+)\}/g, (_, k) => String(fill[k] ?? ''));
}

let pending = null;
function hideCheck() {
  pending = null;
  $('#assign-check').hidden = true;
}
/** Assigns: first the core's dry run; with warnings or items taken from others, the planner confirms. */
$('#assign').addEventListener('click', () => {
  const owner = $('#owner-list').value;
  const ids = map.selectedIds();
  if (!owner || !ids.length) return;
  try {
    const plan = map.planAssign(owner, ids);
    if (!plan.warnings.length && !plan.takenFrom.length) return doAssign(owner, ids);
    pending = { owner, ids };
    $('#assign-summary').textContent = `${t('willAssign')} ${plan.assigned} ${t(`layer_${plan.layer}`)} → ${ownerLabel(owner)}`;
    const items = plan.warnings.map((w) => text('li', warningText(w, plan.layer), 'warning'));
    if (plan.takenFrom.length) {
      items.push(text('li', `${t('takenFrom')}: ${plan.takenFrom.map((x) => `${ownerLabel(x.owner)} (${x.count})`).join('、')}`, 'taken'));
    }
    $('#assign-warnings').replaceChildren(...items);
    $('#assign-check').hidden = false;
  } catch (err) {
    showError(err);
  }
});
$('#assign-confirm').addEventListener('click', () => {
  if (pending) doAssign(pending.owner, pending.ids);
});
$('#assign-cancel').addEventListener('click', hideCheck);

let justAssigned = null;
function doAssign(owner, ids) {
  hideCheck();
  try {
    justAssigned = owner;
    map.assign(owner, ids);
  } catch (err) {
    justAssigned = null;
    showError(err);
  }
}
$('#unassign').addEventListener('click', () => map.unassign());
$('#undo').addEventListener('click', () => map.undo());
$('#redo').addEventListener('click', () => map.redo());
document.addEventListener('keydown', (e) => {
  if (!(e.ctrlKey || e.metaKey) || document.body.dataset.mode !== 'planner') return;
  if (e.target.closest?.('input, select, textarea')) return;
  if (e.key === 'z' && !e.shiftKey) { map.undo(); e.preventDefault(); }
  if (e.key === 'y' || (e.key === 'z' && e.shiftKey)) { map.redo(); e.preventDefault(); }
});

// ---------- workload: sortable by any column; a row shows that owner's holdings ----------
const sort = { key: 'cellsCovered', dir: -1 };
let shownOwner = null;
const sortValue = (r, key) => (key === 'owner' ? ownerLabel(r.owner) : key === 'zones' ? r.zonesLed + r.zonesJoined : key === 'level' ? r.level ?? 9 : r[key] ?? 0);
for (const th of document.querySelectorAll('#workload th[data-sort]')) {
  th.addEventListener('click', () => {
    sort.dir = sort.key === th.dataset.sort ? -sort.dir : th.dataset.sort === 'owner' || th.dataset.sort === 'level' ? 1 : -1;
    sort.key = th.dataset.sort;
    renderWorkload();
  });
}

function renderWorkload() {
  const rows = map.workload().slice().sort((a, b) => {
    const [x, y] = [sortValue(a, sort.key), sortValue(b, sort.key)];
    const c = typeof x === 'string' ? x.localeCompare(y, 'zh') : x - y;
    return sort.dir * c || a.owner.localeCompare(b.owner);
  });
  for (const th of document.querySelectorAll('#workload th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  const holding = rows.filter((r) => r.cells > 0);
  const mean = holding.length ? holding.reduce((s, r) => s + r.cells, 0) / holding.length : 0;
  const max = Math.max(0, ...rows.map((r) => r.cells));
  $('#imbalance').textContent = mean ? (max / mean).toFixed(2) : '–';
  $('#workload tbody').replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.owner = r.owner;
    tr.tabIndex = 0;
    const cls = [];
    if (mean && r.cells >= 1.25 * mean) cls.push('heavy');
    else if (mean && r.cells > 0 && r.cells <= 0.75 * mean) cls.push('light');
    if (r.owner === justAssigned) cls.push('just-assigned');
    if (r.owner === shownOwner) cls.push('shown');
    tr.className = cls.join(' ');
    const name = text('td', ownerLabel(r.owner));
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${max ? Math.round((100 * r.cells) / max) : 0}%`;
    const cells = document.createElement('td');
    cells.className = 'num cells';
    cells.append(text('span', r.cells), bar);
    tr.append(name,
      text('td', r.level ?? '–', 'num level'),
      text('td', r.zonesJoined ? `${r.zonesLed}+${r.zonesJoined}` : r.zonesLed, 'num zones'),
      cells,
      text('td', r.cellsCovered, 'num covered'),
      text('td', ((r.areaM2 ?? 0) / 1e6).toFixed(2), 'num'),
      text('td', r.points ?? 0, 'num'),
      text('td', r.openProblems ?? 0, 'num open'),
      text('td', r.overdueProblems ?? 0, 'num'),
      text('td', r.closedProblems ?? 0, 'num'));
    const pick = () => {
      shownOwner = shownOwner === r.owner ? null : r.owner;
      map.showOwner(shownOwner);
      renderWorkload();
    };
    tr.addEventListener('click', pick);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') pick(); });
    return tr;
  }));
  if (justAssigned) {
    $(`#workload tr.just-assigned`)?.scrollIntoView({ block: 'nearest' });
    justAssigned = null;
  }
}

// ---------- the chain of a clicked cell ----------
map.addEventListener('civic-chain', (e) => renderChain(e.detail.chain));
function renderChain(chain) {
  if (!chain) return;
  const rows = chain.levels.map((l) => {
    const li = document.createElement('li');
    const zones = l.zones.map((z) => z.name || z.id).join('、');
    const who = l.holders.map(ownerLabel).join(' / ') || `(${t('missing')})`;
    li.append(text('strong', `${l.level}${t('level')}`), text('span', ` ${zones}${zones ? ' — ' : ''}${who}`));
    if (!l.holders.length) li.className = 'missing';
    if (chain.conflicts.includes(l.level)) li.className = 'conflict';
    return li;
  });
  const ol = document.createElement('ol');
  ol.className = 'chain';
  ol.append(...rows);
  $('#chain').replaceChildren(text('p', chain.cell, 'muted'), ol);
}

function renderCoverage() {
  const cov = map.coverage();
  const groups = [
    ['unassignedCells', cov.unassignedCells.map((id) => ['cell', id, id])],
    ...cov.missing.filter((m) => m.cells.length).map((m) => [`missing${m.level}`, m.cells.map((id) => ['cell', id, id]), t('missingLevel').replace('{level}', m.level)]),
    ['conflicts', cov.conflicts.map((c) => ['cell', c.cell, `${c.cell}: ${c.owners.map(ownerLabel).join(' / ')} [${c.level}]`])],
    ['unheldZones', cov.unheldZones.map((id) => [null, id, id])],
    ['unheldPoints', cov.unheldPoints.map((id) => ['point', id, id])],
    ['idleOwners', cov.idleOwners.map((id) => [null, id, ownerLabel(id)])],
    ['overLimit', cov.overLimit.map((w) => [null, w.owner, warningText(w, w.layer)])],
    ['levelMismatches', cov.levelMismatches.map((w) => [null, w.owner, warningText(w, w.layer)])],
    ['pointsOutside', cov.pointsOutsideCells.map((id) => ['point', id, id])],
    ['problemsOutside', cov.problemsOutsideCells.map((id) => ['problem', id, id])],
  ];
  $('#coverage').replaceChildren(...groups.map(([key, items, title]) => {
    const d = document.createElement('details');
    d.dataset.kind = key;
    const s = document.createElement('summary');
    s.append(text('span', title ?? t(key)), text('span', ` (${items.length})`, 'count'));
    const ul = document.createElement('ul');
    for (const [kind, id, label] of items.slice(0, 100)) {
      const li = document.createElement('li');
      if (kind) {
        const b = text('button', label, 'link');
        b.type = 'button';
        b.addEventListener('click', () => map.show(kind, id));
        li.append(b);
      } else li.textContent = label;
      ul.append(li);
    }
    if (items.length > 100) ul.append(text('li', `… +${items.length - 100}`));
    d.append(s, ul);
    return d;
  }));
}

// The planner's panels (workload, coverage) read every problem: with millions
// loaded they take seconds, so they are drawn when the planner is shown.
let plannerStale = true;
function refreshPlanner() {
  if (!map.civic) return;
  if (document.body.dataset.mode !== 'planner') {
    plannerStale = true;
    return;
  }
  plannerStale = false;
  renderOwners();
  renderWorkload();
  renderCoverage();
  $('#undo').disabled = !map.civic.canUndo();
  $('#redo').disabled = !map.civic.canRedo();
  $('#sel-count').textContent = String(map.selectedIds().length);
}
map.addEventListener('civic-assignment', refreshPlanner);
// The workload counts overdue problems: a change or a new date changes it.
map.addEventListener('civicmap-change', () => document.body.dataset.mode === 'planner' && refreshPlanner());
map.addEventListener('civic-asof', refreshPlanner);
// The ranking follows the ledger: a change or a new date scores again.
for (const type of ['civicmap-change', 'civic-asof']) map.addEventListener(type, () => document.body.dataset.mode === 'bulletin' && bulletin.show());

function download(name, type, body) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
const stamp = () => new Date().toISOString().slice(0, 10);
$('#export-cells').addEventListener('click', () => download(`cells-${stamp()}.geojson`, 'application/geo+json', map.exportBlob('cells')));
// The responsibility table comes from the core's tables module, loaded on the first export.
const exportTable = (name, type, make) => async () => {
  try {
    download(name(), type, await make());
  } catch (err) {
    showError(err);
  }
};
$('#export-csv').addEventListener('click', exportTable(() => `responsibility-${stamp()}.csv`, 'text/csv;charset=utf-8', () => map.responsibilityCsv('cell')));
$('#export-owner-csv').addEventListener('click', exportTable(() => `responsibility-owners-${stamp()}.csv`, 'text/csv;charset=utf-8', () => map.responsibilityCsv('owner')));
$('#export-xlsx').addEventListener('click', exportTable(() => `responsibility-${stamp()}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', () => map.responsibilityXlsx()));

// ---------- files ----------
function renderFileResults(results) {
  const box = $('#file-results');
  const nodes = [];
  for (const [name, r] of results) {
    const d = document.createElement('div');
    d.className = 'file-result';
    d.append(text('div', `${name}: ${t('loaded')} ${r.loaded ?? 0}${r.rejected?.length ? `, ${t('rejected')} ${r.rejected.length}` : ''}`, 'file-head'));
    if (r.error) d.append(text('div', r.error, 'error'));
    if (r.rejected?.length) {
      const table = document.createElement('table');
      table.className = 'rejected';
      const head = document.createElement('tr');
      head.append(text('th', '#'), text('th', 'id'), text('th', t('field')), text('th', t('reason')));
      table.append(head);
      for (const x of r.rejected.slice(0, 200)) {
        const tr = document.createElement('tr');
        tr.append(text('td', x.index), text('td', x.id ?? ''), text('td', x.field), text('td', x.reason));
        table.append(tr);
      }
      d.append(table);
    }
    nodes.push(d);
  }
  box.replaceChildren(...nodes);
  if (results.some(([, r]) => r.error || r.rejected?.length)) $('#files-box').open = true;
}
$('#file-input').addEventListener('change', async (e) => {
  const files = [...e.target.files];
  if (files.length) await map.openFiles(files, $('#file-kind').value || undefined);
  e.target.value = '';
});
map.addEventListener('civic-files', (e) => {
  renderFileResults(e.detail.results.map((r) => [`${r.file} → ${t(r.kind)}`, r]));
  refreshPlanner();
  if (map.location) map.setLocation(map.location.lng, map.location.lat, map.locateOptions);
});

/** N problems in a few clusters over the data's bounds (mulberry32, fixed seed). */
function syntheticProblems(n, bounds) {
  let seed = 20261123;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const [w, s, e, nn] = bounds ?? [112.5, 26.85, 112.65, 26.95];
  const centres = Array.from({ length: 12 }, () => [w + rand() * (e - w), s + rand() * (nn - s), 0.02 + rand() * 0.1]);
  const coords = new Float64Array(2 * n);
  const sev = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [cx, cy, k] = centres[i % centres.length];
    // Sum of uniforms ≈ normal; a third of the points spread evenly.
    const spread = i % 3 === 0 ? 0.5 : k;
    const gx = (rand() + rand() + rand() - 1.5) * spread;
    const gy = (rand() + rand() + rand() - 1.5) * spread;
    coords[2 * i] = Math.min(e, Math.max(w, cx + gx * (e - w)));
    coords[2 * i + 1] = Math.min(nn, Math.max(s, cy + gy * (nn - s)));
    sev[i] = 1 + (i % 3);
  }
  return { coords, sev };
}

// ---------- start ----------
map.ready.then(async (results) => {
  if (synthetic) {
    const t0 = performance.now();
    const { coords, sev } = syntheticProblems(synthetic, map.dataBounds());
    const t1 = performance.now();
    // Between frames: millions of problems take seconds to read and join.
    await map.loadProblemCoordsInSlices(coords, sev);
    map.syntheticTimings = { generateMs: t1 - t0, loadMs: performance.now() - t1 };
  }
  const problems = Object.entries(results).filter(([kind, r]) => r.error || r.rejected?.length);
  // The outline is optional: one that could not be fetched is not worth a message
  // (the element names the URL first then), one the core refused is.
  const unreachable = (kind, r) => kind === 'outline' && r.error?.startsWith(map.getAttribute('outline'));
  renderFileResults(problems.filter(([kind, r]) => !unreachable(kind, r)).map(([kind, r]) => [t(kind === 'outline' ? 'credit' : kind), r]));
  refreshPlanner();
  playback.reset();
  setMode(['planner', 'bulletin'].includes(params.get('mode')) ? params.get('mode') : 'supervisor');
  // Unsent changes kept on this device are replayed before the page says it is ready.
  return field.outboxReady(results);
}, showError).then(() => {
  document.body.dataset.ready = 'true';
});
