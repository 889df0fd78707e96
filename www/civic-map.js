// <civic-map>: the campaign map as a custom element. Plain ES module, no globals, no
// framework, no network beyond the URLs it is given; works under a strict CSP
// (styles come from civic-map.css, data text is only ever set with textContent).
// This file is the element itself, thin: each job lives in element/ (data and
// coordinate systems, view, input, layer drawing, legend, planner, supervisor,
// export, lifecycle, messages); www/README.md lists them.
//
// Attributes: cells, zones, points, problems, owners, outline (data URLs), crs (of the
// data files: any name the core accepts), mode (supervisor | planner), tile-url (XYZ
// template with {z} {x} {y}, optional {s}), tile-crs (the base map's system: wgs84
// for Tianditu/OSM, gcj02 for AMap/Tencent tiles), lang (zh | en, this element
// only), layers (comma list), tables-wasm (where the tables module's wasm file is,
// for bundlers that do not ship it; read at the first table export).
// Locations in and out of the API are WGS-84, except `view` (centre in the base map's
// system, as map libraries report it) and dataBounds().
// Events (bubbling, composed): civic-ready, civic-selection {ids, pick}, civic-assignment
// {owner, ids, changed, layer, report}, civic-chain {cell, chain}, civic-problem-click {hit},
// civic-heat-click {x, y, lng, lat, density, attributed, count, problems: [{id, index, density,
// share}], rest}, civic-hotspots {options, problems, bandM, fdr, hot, cold, cells, legend} (the
// hotspot layer's window computed anew), civic-locate {lng, lat, results, total}, civic-files {results}, civic-heat {ms},
// civic-view {view}, civic-asof {asOf}, and civicmap-change {v, seq, kind, action, id, before,
// after, replayed} for every change to the problem ledger (record, step, replayed journal entry).
// What the core refuses (a misspelt heat option, an unknown coordinate system) is
// shown in the element's error area (.error, role=alert), and that layer is not drawn.
import { loadWasm, CivicMap, convert, detectLayer } from './element/core.js';
import { MapData, KINDS } from './element/data.js';
import { loadCoordsInSlices, loadInSlices, SLICE_CHARS, SLICED } from './element/slices.js';
import { Lifecycle } from './element/lifecycle.js';
import * as viewport from './element/viewport.js';
import { bindInput } from './element/input.js';
import { draw } from './element/layers.js';
import * as planner from './element/planner.js';
import * as supervisor from './element/supervisor.js';
import * as heatpick from './element/heatpick.js';
import * as ledger from './element/ledger.js';
import * as exporter from './element/export.js';
import { setStatus, setError, relabelErrors } from './element/messages.js';
import { lngLatToPixel, pixelToLngLat } from './lib/view.js';
import { translator } from './lib/i18n.js';

export { loadWasm, detectLayer };

/**
 * The layer a file belongs to, from its name and parsed JSON: the core's
 * `detectLayer` (after `loadWasm()`), which reads the text's first 64 KB.
 * @deprecated give `detectLayer` the file's name and first bytes instead.
 */
export function detectKind(name, json) {
  return detectLayer(name, JSON.stringify(json).slice(0, 65536));
}

/** The layers the core reads itself, from text or from the file's bytes. */
const BYTES_READ = new Set(['cells', 'zones', 'points', 'problems', 'outline']);

export const ALL_LAYERS = ['cells', 'zones', 'points', 'problems', 'heat', 'hotspots', 'assignment', 'workloadLayer'];

function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.append(e);
  return e;
}

export class CivicMapElement extends HTMLElement {
  static get observedAttributes() {
    return ['mode', 'tile-url', 'tile-crs', 'lang', 'layers'];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const css = el('link');
    css.rel = 'stylesheet';
    css.href = new URL('./civic-map.css', import.meta.url).href;
    root.append(css);
    const wrap = el('div', 'wrap', root);
    this._canvas = el('canvas', 'map', wrap);
    this._canvas.tabIndex = 0;
    this._canvas.setAttribute('role', 'img');
    this._ctx = this._canvas.getContext('2d');
    const controls = el('div', 'controls', wrap);
    for (const [key, label] of [['zoomIn', '+'], ['zoomOut', '−'], ['fit', '⤢']]) {
      const b = el('button', `ctl ${key}`, controls);
      b.type = 'button';
      b.textContent = label;
      b.dataset.i18nTitle = key;
    }
    this._scale = el('div', 'scale', wrap);
    this._scaleBar = el('div', 'bar', this._scale);
    this._scaleText = el('span', 'text', this._scale);
    this._coords = el('div', 'coords', wrap);
    this._credit = el('div', 'credit', wrap);
    this._legend = el('div', 'legend', wrap);
    this._tooltip = el('div', 'tooltip', wrap);
    this._status = el('div', 'status', wrap);
    this._error = el('div', 'error', wrap);
    this._error.setAttribute('role', 'alert');
    this._drop = el('div', 'drop', wrap);

    this.view = { lng: 112.57, lat: 26.9, zoom: 12, width: 300, height: 200, pixelRatio: 1, baseCrs: 'wgs84' };
    this.layers = new Set(['cells', 'zones', 'points', 'problems', 'heat']);
    this.tool = 'pan';
    this.heatOptions = { radiusM: 200 };
    /** Gi* options of the hotspot layer besides its window (the heat layer's): bandM, fdr. */
    this.hotspotOptions = {};
    /** The hotspot layer: off | loading (the tables module) | drawn | error. */
    this.hotspotState = 'off';
    this.selection = new Set();
    /** What a click picks and an assignment gives: cells | zones | points. */
    this.pick = 'cells';
    /** Picked zones or points (ids); the cells shown for a picked zone or owner. */
    this.picked = new Set();
    this.shown = [];
    /** The zone level a click picks (1–4); 0: the most junior zone there. */
    this.zoneLevel = 0;
    /** The planner's rules, as last given to setRules (the tables module gets them too). */
    this.rules = null;
    this.location = null;
    this.highlight = null;
    this.results = [];
    this.lastFrameMs = 0;
    this.lastHeatMs = 0;
    /** The last hotspot frame: the core's summary when the window changed, its render and the put (ms). */
    this.lastHotspotsMs = 0;
    this.data = new MapData(() => this.requestRender());
    this.life = new Lifecycle();
    this._tr = translator(this.getAttribute('lang'));
    this._errors = new Map();
    this._rasters = new Map();
    this._tiles = new Map();
    this._pointers = new Map();
    this._gesture = null;
    this._dirty = false;
    /** Resolves with the load results once the element is connected and its data loaded. */
    this.ready = new Promise((resolve, reject) => {
      this._readyCallbacks = [resolve, reject];
    });
  }

  connectedCallback() {
    this.life.start();
    bindInput(this);
    const ro = new ResizeObserver(() => viewport.resize(this));
    ro.observe(this);
    this.life.observe(ro);
    if (!this._started) {
      this._started = true;
      this._start().then(...this._readyCallbacks);
    }
    viewport.resize(this);
    this._relabel();
  }

  /** Stops everything the element runs: listeners, observer, frames, timers, a flight. */
  disconnectedCallback() {
    this._dirty = false;
    this.life.stop();
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'lang') this._tr = translator(value);
    if (name === 'mode') this.setTool(value === 'planner' ? 'click' : 'pan');
    if (name === 'layers' && value) this.layers = new Set(value.split(',').map((s) => s.trim()).filter(Boolean));
    if (name === 'tile-crs' && this.civic) this._setBaseCrs(value);
    this._relabel();
  }

  async _start() {
    await loadWasm();
    this.data.civic = new CivicMap();
    ledger.attach(this);
    if (this.getAttribute('tile-crs')) this._setBaseCrs(this.getAttribute('tile-crs'));
    this._relabel();
    const urls = {};
    for (const k of KINDS) {
      const v = this.getAttribute(k);
      if (v) urls[k] = v;
    }
    const results = await this.loadUrls(urls);
    if (this._asOfPending) ledger.setAsOf(this, this._asOfPending);
    if (this.data.origin) this.fit();
    this._emit('civic-ready', { counts: this.civic.counts(), results });
    return results;
  }

  // ---------- text ----------

  /** This element's language: 'zh' or 'en' (from its lang attribute). */
  get lang() {
    return this._tr.lang;
  }

  set lang(value) {
    this.setAttribute('lang', value);
  }

  /** Interface text in this element's language. */
  t = (key) => this._tr.t(key);

  formatDistance(m) {
    return this._tr.formatDistance(m);
  }

  _relabel() {
    this._tr.translate(this.shadowRoot);
    const showCredit = this.data.outline.length > 0 || !!this.getAttribute('tile-url');
    this._credit.textContent = showCredit ? this.t('credit') : '';
    this._drop.textContent = this.t('dropHint');
    this._canvas.setAttribute('aria-label', this.t('title'));
    relabelErrors(this);
    this._legendKey = null;
    this.requestRender();
  }

  // ---------- data ----------

  /** The CivicMap itself, for every query (null until the wasm module loaded). */
  get civic() {
    return this.data.civic;
  }

  /** Fetches and loads layers {cells, zones, points, problems, owners, outline: url}; returns {kind: result}. */
  async loadUrls(urls) {
    const results = {};
    setStatus(this, this.t('loading'));
    const texts = await Promise.all(
      Object.entries(urls).map(async ([kind, url]) => {
        try {
          const r = await fetch(new URL(url, document.baseURI));
          if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
          // The core reads the layers' bytes (BYTES_READ); the rest are read here as text.
          return [kind, BYTES_READ.has(kind) ? new Uint8Array(await r.arrayBuffer()) : await r.text()];
        } catch (e) {
          results[kind] = { loaded: 0, rejected: [], error: `${url}: ${e.message}` };
          return [kind, null];
        }
      }),
    );
    for (const kind of KINDS) {
      const entry = texts.find(([k]) => k === kind);
      if (!entry || entry[1] == null) continue;
      try {
        results[kind] = this.load(kind, entry[1]);
      } catch (e) {
        results[kind] = { loaded: 0, rejected: [], error: e.message };
      }
    }
    setStatus(this, '');
    return results;
  }

  /**
   * Loads one layer from text; kind is cells | zones | points | problems | owners |
   * outline. The first four also take the file's bytes (a Uint8Array of UTF-8).
   */
  load(kind, text, options) {
    const opts = options ?? this._loadOptions();
    const result = this.data.load(kind, text, opts);
    if (kind === 'cells' || kind === 'zones' || kind === 'points') planner.clear(this);
    if (kind === 'outline') this._relabel();
    return result;
  }

  _loadOptions() {
    return this.getAttribute('crs') ? { crs: this.getAttribute('crs') } : undefined;
  }

  /**
   * Loads a layer (cells, zones, points, problems) in slices, the page staying
   * responsive: progress in the status line and civic-load-progress events, cancel
   * with cancelLoad(); resolves to the load's report (files dropped on the map go
   * this way past 4 M characters).
   */
  async loadInSlices(kind, text, name = kind, options) {
    const result = await loadInSlices(this, kind, text, name, options ?? this._loadOptions());
    if (kind !== 'problems') planner.clear(this);
    return result;
  }

  /** Stops a load in slices; the map keeps what it had. */
  cancelLoad() {
    if (this._loadStop) this._loadStop.cancelled = true;
  }

  /** The bulk path: problems from a Float64Array of lng, lat pairs (and Uint8Array severities). */
  loadProblemCoords(coords, severities) {
    return this.data.loadProblemCoords(coords, severities);
  }

  /** loadProblemCoords between frames (progress in the status line; cancelLoad() stops it): resolves to the report. */
  loadProblemCoordsInSlices(coords, severities) {
    return loadCoordsInSlices(this, coords, severities);
  }

  /** Loads dropped or picked files, guessing each one's layer; emits civic-files. */
  async openFiles(files, kind) {
    const results = [];
    for (const file of files) {
      let k = kind;
      try {
        // The file's bytes: its layer, unless given, is the core's guess from its
        // name and its first 64 KB; a layer the core reads gets the bytes, not a
        // JS string for the core to encode back (28 and 9 ms for a 13 MB ledger).
        const bytes = new Uint8Array(await file.arrayBuffer());
        k ??= detectLayer(file.name, bytes.subarray(0, 65536));
        const data = BYTES_READ.has(k) ? bytes : new TextDecoder().decode(bytes);
        const big = data.length > SLICE_CHARS;
        const result = big && SLICED.has(k)
          ? await this.loadInSlices(k, data, file.name)
          : this.load(k, data);
        results.push({ file: file.name, kind: k, ...result });
      } catch (e) {
        results.push({ file: file.name, kind: k ?? '?', loaded: 0, rejected: [], error: e.message });
      }
    }
    if (this.data.origin) this.fit();
    this._emit('civic-files', { results });
    return results;
  }

  /** Owners as the core took them: [{id, name, unit, title, level}] (from the owners file). */
  get owners() {
    return this.data.owners;
  }

  /** Points as drawn: [{id, lng, lat, …properties}] in the base map's system. */
  get _points() {
    return this.data.points;
  }

  /** Changes the base map's system; the core's error is shown for a name it does not know. */
  _setBaseCrs(name) {
    const was = this.data.baseCrs;
    try {
      if (!this.data.setBaseCrs(name || 'wgs84')) return setError(this, 'tile-crs', null);
    } catch (e) {
      return setError(this, 'tile-crs', e.message);
    }
    setError(this, 'tile-crs', null);
    const [lng, lat] = convert([this.view.lng, this.view.lat], was, this.data.baseCrs);
    this.view = { ...this.view, lng, lat, baseCrs: this.data.baseCrs };
    this.requestRender();
  }

  /** A WGS-84 location in the base map's system. */
  toBase(lng, lat) {
    return this.data.toBase(lng, lat);
  }

  /** A base-map location in WGS-84. */
  toWgs(lng, lat) {
    return this.data.toWgs(lng, lat);
  }

  // ---------- view ----------

  /** Sets the view (any of lng, lat, zoom; centre in the base map's system). */
  setView(v) {
    viewport.setView(this, v);
  }

  zoomBy(dz, px, py) {
    viewport.zoomBy(this, dz, px, py);
  }

  /** [minLng, minLat, maxLng, maxLat] of everything loaded (base map's system), or null. */
  dataBounds() {
    return this.data.dataBounds();
  }

  /** Fits the view to the data. */
  fit() {
    viewport.fit(this);
  }

  /** Animates the view to a WGS-84 location; resolves when it arrives (false if cut short). */
  flyTo(lng, lat, zoom) {
    return viewport.flyTo(this, lng, lat, zoom);
  }

  /** [x, y] CSS px of a WGS-84 location in the current view. */
  lngLatToPixel(lng, lat) {
    return lngLatToPixel(this.view, ...this.toBase(lng, lat));
  }

  /** [lng, lat] (WGS-84) under CSS px x, y of the current view. */
  pixelToLngLat(px, py) {
    return this.toWgs(...pixelToLngLat(this.view, px, py));
  }

  // ---------- layers, tools ----------

  setLayer(name, on) {
    if (!ALL_LAYERS.includes(name)) throw new Error(`unknown layer ${name}; use one of ${ALL_LAYERS.join(', ')}`);
    if (on) this.layers.add(name);
    else this.layers.delete(name);
    this.requestRender();
  }

  /** pan | click | box | lasso | locate */
  setTool(tool) {
    this.tool = tool;
    this._canvas.dataset.tool = tool;
  }

  /** Changes heatmap options (radiusM, from, to, domainMax, threshold, opacity …; null removes one) and redraws. */
  setHeatOptions(options) {
    this.heatOptions = { ...this.heatOptions, ...options };
    for (const k of Object.keys(this.heatOptions)) if (this.heatOptions[k] == null) delete this.heatOptions[k];
    this.requestRender();
  }

  /** Changes the hotspot layer's Gi* options (bandM: the distance band in metres, fdr; null removes one) and redraws. */
  setHotspotOptions(options) {
    this.hotspotOptions = { ...this.hotspotOptions, ...options };
    for (const k of Object.keys(this.hotspotOptions)) if (this.hotspotOptions[k] == null) delete this.hotspotOptions[k];
    this.requestRender();
  }

  /** The hotspot layer's last summary from the core's `hotspots` ({options, summary}), or null. */
  get hotspots() {
    return this._hotSummary ?? null;
  }

  // ---------- the ledger ----------

  /** The day the map reckons from (YYYY-MM-DD): the data's x_as_of unless set, else today. */
  get asOf() {
    return ledger.asOf(this);
  }

  /** Sets the day to reckon from (null: back to the data's); redraws, searches again. */
  set asOf(day) {
    ledger.setAsOf(this, day);
  }

  /** Records a problem: {lng, lat, category, severity, source, point?, note?, photos?, found?, by?} → its card. */
  recordProblem(input) {
    return ledger.recordProblem(this, input);
  }

  /** One step: {action: start | submit | pass | fail | extend | reopen, by, note?, days?} → the card. */
  stepProblem(id, input) {
    return ledger.stepProblem(this, id, input);
  }

  /** A problem's card (record, place, chain, days overdue, allowed steps), or undefined. */
  problem(id) {
    return this.civic.problem(id);
  }

  /** Every change since the data loaded, as JSON lines. */
  exportJournal() {
    return this.civic.exportJournal();
  }

  /** Replays a journal made on the same data; all or nothing; returns the entries applied. */
  applyJournal(text) {
    return ledger.applyJournal(this, text);
  }

  // ---------- supervisor ----------

  /** Puts "my location" at a point and searches around it ({k, radiusM, sort, filter}, see search). */
  setLocation(lng, lat, options) {
    return supervisor.setLocation(this, lng, lat, options);
  }

  /** Unresolved problems around a point: {k = 20, radiusM = 1000, sort, filter} → {total, hits}. */
  search(lng, lat, options) {
    return supervisor.search(this, lng, lat, options);
  }

  /** The first k of search() (the older name). */
  nearestOpen(lng, lat, options) {
    return supervisor.nearestOpen(this, lng, lat, options);
  }

  /** Where the numbered result markers are drawn: [{i, id, x, y, ax, ay}] (CSS px). */
  markerLayout() {
    return supervisor.markerLayout(this);
  }

  /** Browser geolocation (WGS-84) → setLocation; rejects when unavailable. */
  locateMe(options) {
    return supervisor.locateMe(this, options);
  }

  /** The problems making up the heatmap's density under CSS px (x, y), largest part
   * first: {density, attributed, count, problems: [{id, index, density, share}], rest}
   * (weighted problems per km²; the parts sum to the density drawn there). */
  problemsAt(x, y, limit) {
    return heatpick.problemsAt(this, x, y, limit);
  }

  /** Highlights a cell, point or problem and flies to it. kind: cell | point | problem. */
  show(kind, id, lngLat) {
    return supervisor.show(this, kind, id, lngLat);
  }

  // ---------- planner ----------

  /** Selects cells (replacing the selection unless add). */
  select(ids, options) {
    planner.select(this, ids, options);
  }

  clearSelection() {
    planner.clear(this);
  }

  /** What a click picks and an assignment gives: 'cells', 'zones' or 'points' (clears the selection). */
  setPick(pick) {
    planner.setPick(this, pick);
  }

  /** The selected ids of the current pick. */
  selectedIds() {
    return planner.selectedIds(this);
  }

  /** What giving the selection (or ids) to owner would do, without doing it: {assigned, takenFrom, warnings, …}. */
  planAssign(owner, ids) {
    return planner.plan(this, owner, ids);
  }

  /** Gives the selection (or ids) to owner as one undoable step; clears the selection; returns the core's report. */
  assign(owner, ids) {
    return planner.assign(this, owner, ids);
  }

  unassign(ids) {
    return planner.unassign(this, ids);
  }

  undo() {
    return planner.undo(this);
  }

  redo() {
    return planner.redo(this);
  }

  /** Shows on the map the cells owner answers for (null clears); returns how many. */
  showOwner(owner) {
    return planner.showOwner(this, owner);
  }

  /** The chain of responsibility of a cell, level 1 first (the core's cellChain). */
  cellChain(id) {
    return this.civic.cellChain(id);
  }

  /** The planner's rules: setRules(levels, pointLevels?, limits?) as the core takes them. */
  setRules(levels, pointLevels = null, limits = null) {
    this.civic.setRules(levels, pointLevels, limits);
    this.rules = [levels, pointLevels, limits];
    this._emit('civic-assignment', { rules: true, changed: 0 });
  }

  /** One row per owner (civicmap's workload), overdue reckoned on asOf (default: the map's date). */
  workload(asOf) {
    return this.civic.workload(asOf ?? null);
  }

  coverage() {
    return this.civic.coverage();
  }

  // ---------- export ----------

  /** Cells with their owners, GeoJSON text (crs optional). */
  exportCellsGeoJSON(crs) {
    return exporter.exportCellsGeoJSON(this, crs);
  }

  /** A layer's GeoJSON as a Blob, written part by part (any size; crs optional). */
  exportBlob(layer, crs) {
    return exporter.exportBlob(this, layer, crs);
  }

  /**
   * The responsibility table (责任分解表) from the core, by 'cell' (default) or
   * 'owner': a Promise of CSV text with a UTF-8 BOM. Loads the tables module on
   * first use.
   */
  /** The tables module's CivicMap with this map's state (scores, hotspots, choropleths); a Promise. */
  tables() {
    return exporter.tablesMap(this);
  }

  /** The tables module itself (its free functions, e.g. csvTable); a Promise. */
  tablesModule() {
    return exporter.tablesModule(this);
  }

  responsibilityCsv(by = 'cell') {
    return exporter.responsibility(this, 'csv', by);
  }

  /** Both shapes of the table as an .xlsx workbook: a Promise of a Uint8Array. */
  responsibilityXlsx() {
    return exporter.responsibility(this, 'xlsx');
  }

  // ---------- drawing ----------

  /** Draws at the next animation frame (once, however often asked); nothing while disconnected. */
  requestRender() {
    if (this._dirty) return;
    this._dirty = this.life.frame(() => {
      this._dirty = false;
      draw(this);
    });
  }

  /** What the element keeps running: {listeners, frames, timers, observers}; all 0 once disconnected. */
  activeHandles() {
    return this.life.active();
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get('civic-map')) customElements.define('civic-map', CivicMapElement);
