// <civic-map>: the campaign map as a custom element. Plain ES module, no globals, no
// framework, no network beyond the URLs it is given; works under a strict CSP
// (styles come from civic-map.css, data text is only ever set with textContent).
//
// Attributes: cells, zones, points, problems, owners, outline (data URLs), crs (of the
// data files: wgs84 | gcj02 | bd09), mode (supervisor | planner), tile-url (XYZ
// template with {z} {x} {y}, optional {s}), tile-crs (the base map's system: wgs84 for
// Tianditu/OSM, gcj02 for AMap/Tencent tiles), lang (zh | en), layers (comma list).
// Locations in and out of the API are WGS-84, except `view` (centre in the base map's
// system, as map libraries report it) and dataBounds().
// Events (bubbling, composed): civic-ready, civic-selection {ids}, civic-assignment
// {owner, ids, changed}, civic-problem-click {hit}, civic-locate {lng, lat},
// civic-files {results}, civic-heat {ms}, civic-view {view}.
// JS API: see the methods of CivicMapElement below; `civic` is the CivicMap itself.

import init, { CivicMap } from './pkg/civicmap.js';
import {
  lngLatToWorld, worldToLngLat, lngLatToPixel, pixelToLngLat, fitBounds, scaleBar, viewBounds, metresPerPixel,
} from './lib/view.js';
import { renderHeatJs, heatLegendJs } from './lib/heat.js';
import { ownerColor, sequential } from './lib/palette.js';
import { t, setLang, getLang, onLang, translate, formatDistance } from './lib/i18n.js';

let wasmReady = null;
/** Loads the wasm module once per page; resolves when CivicMap can be constructed. */
export function loadWasm() {
  wasmReady ??= init({ module_or_path: new URL('./pkg/civicmap_bg.wasm', import.meta.url) });
  return wasmReady;
}

// Path coordinates are world pixels at zoom PATH_ZOOM relative to an origin near the
// data, so float32 paths stay sub-pixel exact up to zoom 20.
const PATH_ZOOM = 14;
const PATH_K = 2 ** PATH_ZOOM;
const ALL_LAYERS = ['cells', 'zones', 'points', 'problems', 'heat', 'assignment', 'workloadLayer'];
const STATUS_COLOR = { open: '#d7191c', rectifying: '#fdae61', closed: '#1a9641' };
const ZONE_DASH = { 1: [], 2: [8, 4], 3: [4, 3], 4: [2, 3] };

function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf);
  return [];
}

function linesOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'LineString') return [geometry.coordinates];
  if (geometry.type === 'MultiLineString') return geometry.coordinates;
  return polygonsOf(geometry).flat();
}

function el(tag, cls, parent) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.append(e);
  return e;
}

/** Guess a file's layer from its name and content. */
export function detectKind(name, json) {
  const n = name.toLowerCase();
  if (Array.isArray(json) || /owner|责任人/.test(n)) return 'owners';
  if (/outline|boundary|district|边界|行政区/.test(n)) return 'outline';
  if (/problem|问题/.test(n)) return 'problems';
  if (/zone|责任区/.test(n)) return 'zones';
  if (/point|点位/.test(n)) return 'points';
  if (/cell|grid|网格/.test(n)) return 'cells';
  const features = json?.type === 'Feature' ? [json] : json?.features ?? [];
  const f = features.find((x) => x?.geometry) ?? {};
  const props = f.properties ?? {};
  if (f.geometry?.type === 'Point') {
    return ['severity', 'status', 'deadline', 'found', 'source'].some((k) => k in props) ? 'problems' : 'points';
  }
  return 'level' in props ? 'zones' : 'cells';
}

/** One CSV field, quoted, with formula-looking text defused for spreadsheets. */
function csvField(v) {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
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
    for (const [key, label, fn] of [
      ['zoomIn', '+', () => this.zoomBy(1)],
      ['zoomOut', '−', () => this.zoomBy(-1)],
      ['fit', '⤢', () => this.fit()],
    ]) {
      const b = el('button', `ctl ${key}`, controls);
      b.type = 'button';
      b.textContent = label;
      b.dataset.i18nTitle = key;
      b.addEventListener('click', fn);
    }
    this._scale = el('div', 'scale', wrap);
    this._scaleBar = el('div', 'bar', this._scale);
    this._scaleText = el('span', 'text', this._scale);
    this._coords = el('div', 'coords', wrap);
    this._credit = el('div', 'credit', wrap);
    this._legend = el('div', 'legend', wrap);
    this._tooltip = el('div', 'tooltip', wrap);
    this._status = el('div', 'status', wrap);
    this._drop = el('div', 'drop', wrap);

    this.view = { lng: 112.57, lat: 26.9, zoom: 12, width: 300, height: 200, pixelRatio: 1, baseCrs: 'wgs84' };
    this.layers = new Set(['cells', 'zones', 'points', 'problems', 'heat']);
    this.tool = 'pan';
    /** The day overdue is reckoned on (YYYY-MM-DD); null: today. */
    this.asOf = null;
    this.heatOptions = { radiusM: 200 };
    this.selection = new Set();
    this.location = null;
    this.highlight = null;
    this.results = [];
    this.civic = null;
    this._cells = [];
    this._cellById = new Map();
    this._zones = [];
    this._points = [];
    this._outline = [];
    this._problems = { coords: new Float64Array(0), weights: null, status: null, ids: null };
    this._tiles = new Map();
    this._origin = null;
    this._groups = null;
    this._workload = null;
    this._dirty = false;
    this._pointers = new Map();
    this._gesture = null;
    this._firstHeat = null;
    this.lastFrameMs = 0;
    this.lastHeatMs = 0;

    this._bindInput();
    onLang(() => this._relabel());
    /** Resolves with the load results once the element is connected and its data loaded. */
    this.ready = new Promise((resolve, reject) => {
      this._readyCallbacks = [resolve, reject];
    });
  }

  connectedCallback() {
    if (!this._started) {
      this._started = true;
      this._start().then(...this._readyCallbacks);
    }
    this._resizeObserver = new ResizeObserver(() => this._resize());
    this._resizeObserver.observe(this);
    this._resize();
  }

  disconnectedCallback() {
    this._resizeObserver?.disconnect();
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'lang') setLang(value);
    if (name === 'mode') this.setTool(value === 'planner' ? 'click' : 'pan');
    if (name === 'layers' && value) this.layers = new Set(value.split(',').map((s) => s.trim()).filter(Boolean));
    if (name === 'tile-crs') this._setBaseCrs(value || 'wgs84');
    this._relabel();
    this.requestRender();
  }

  async _start() {
    await loadWasm();
    this.civic = new CivicMap();
    this._relabel();
    const urls = {};
    for (const k of ['outline', 'owners', 'cells', 'zones', 'points', 'problems']) {
      const v = this.getAttribute(k);
      if (v) urls[k] = v;
    }
    const results = await this.loadUrls(urls);
    if (this._origin) this.fit();
    this._emit('civic-ready', { counts: this.civic.counts(), results });
    return results;
  }

  // ---------- data ----------

  /** Fetches and loads layers {cells, zones, points, problems, owners, outline: url}; returns {kind: result}. */
  async loadUrls(urls) {
    const results = {};
    this._setStatus(t('loading'));
    const texts = await Promise.all(
      Object.entries(urls).map(async ([kind, url]) => {
        try {
          const r = await fetch(new URL(url, document.baseURI));
          if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
          return [kind, await r.text()];
        } catch (e) {
          results[kind] = { loaded: 0, rejected: [], error: `${url}: ${e.message}` };
          return [kind, null];
        }
      }),
    );
    for (const kind of ['outline', 'owners', 'cells', 'zones', 'points', 'problems']) {
      const entry = texts.find(([k]) => k === kind);
      if (!entry || entry[1] == null) continue;
      try {
        results[kind] = this.load(kind, entry[1]);
      } catch (e) {
        results[kind] = { loaded: 0, rejected: [], error: e.message };
      }
    }
    this._setStatus('');
    return results;
  }

  /** Loads one layer from text; kind is cells | zones | points | problems | owners | outline. */
  load(kind, text, options) {
    const opts = options ?? (this.getAttribute('crs') ? { crs: this.getAttribute('crs') } : undefined);
    let result;
    switch (kind) {
      case 'cells': result = this.civic.loadCells(text, opts); break;
      case 'zones': result = this.civic.loadZones(text, opts); break;
      case 'points': result = this.civic.loadPoints(text, opts); break;
      case 'problems': result = this.civic.loadProblems(text, opts); break;
      case 'owners': {
        result = this.civic.loadOwners(text);
        const json = JSON.parse(text);
        const list = Array.isArray(json) ? json : (json.features ?? []).map((f) => f.properties ?? {});
        const str = (x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '');
        this._ownerList = list.filter((o) => o && str(o.id)).map((o) => ({
          id: str(o.id), name: str(o.name) || str(o.id), unit: str(o.unit), level: Number(o.level) || 0,
        }));
        break;
      }
      case 'outline': {
        const json = JSON.parse(text);
        const features = json.type === 'Feature' ? [json] : json.features ?? [];
        this._outlineWgs = features.flatMap((f) => linesOf(f.geometry));
        this._outline = this._toBaseLines(this._outlineWgs);
        this._outlineNames = features.map((f) => f.properties?.name).filter((n) => typeof n === 'string');
        if (!this._origin && this._outline.length) this._setOrigin(this._outline[0][0]);
        this._outlinePath = null;
        this._relabel();
        result = { loaded: features.length, rejected: [] };
        break;
      }
      default: throw new Error(`unknown layer ${kind}`);
    }
    this._refresh(kind);
    return result;
  }

  /** The bulk path: problems from a Float64Array of lng, lat pairs (and Uint8Array severities). */
  loadProblemCoords(coords, severities) {
    const result = this.civic.loadProblemCoords(coords, severities);
    this._problems = {
      coords: this._isWgs() ? Float64Array.from(coords) : this._convert(coords, 'wgs84', this.view.baseCrs),
      weights: severities ? Float32Array.from(severities) : null,
      status: null,
      ids: null,
    };
    if (!this._origin && coords.length) this._setOrigin([coords[0], coords[1]]);
    this._workload = null;
    this._version = (this._version ?? 0) + 1;
    this.requestRender();
    return result;
  }

  /** Loads dropped or picked files, guessing each one's layer; emits civic-files. */
  async openFiles(files, kind) {
    const results = [];
    for (const file of files) {
      const text = await file.text();
      let k = kind;
      try {
        k ??= detectKind(file.name, JSON.parse(text));
        results.push({ file: file.name, kind: k, ...this.load(k, text) });
      } catch (e) {
        results.push({ file: file.name, kind: k ?? '?', loaded: 0, rejected: [], error: e.message });
      }
    }
    if (this._origin) this.fit();
    this._emit('civic-files', { results });
    return results;
  }

  // ---------- the base map's coordinate system ----------

  _isWgs() {
    return /^(wgs84|cgcs2000|epsg:4326|epsg:4490|crs84)$/i.test(this.view.baseCrs || 'wgs84');
  }

  _setBaseCrs(crs) {
    const was = this.view.baseCrs;
    this.view = { ...this.view, baseCrs: crs };
    if (was === crs || !this.civic) return;
    const centre = this._convert([this.view.lng, this.view.lat], was, crs);
    this.view = { ...this.view, lng: centre[0], lat: centre[1] };
    this._outline = this._outlineWgs ? this._toBaseLines(this._outlineWgs) : this._outline;
    this._outlinePath = null;
    for (const k of ['cells', 'zones', 'points', 'problems']) this._refresh(k);
  }

  /** Converts a flat lng, lat array between systems through a scratch CivicMap. */
  _convert(flat, from, to) {
    if (from === to || !flat.length) return Float64Array.from(flat);
    this._scratch ??= new this.civic.constructor();
    const features = [];
    for (let i = 0; i < flat.length; i += 2) {
      features.push({ type: 'Feature', id: i / 2, properties: {}, geometry: { type: 'Point', coordinates: [flat[i], flat[i + 1]] } });
    }
    this._scratch.loadPoints(JSON.stringify({ type: 'FeatureCollection', features }), { crs: from });
    const out = JSON.parse(this._scratch.exportPoints({ crs: to })).features;
    const res = new Float64Array(flat.length);
    out.forEach((f) => {
      res[2 * Number(f.id)] = f.geometry.coordinates[0];
      res[2 * Number(f.id) + 1] = f.geometry.coordinates[1];
    });
    return res;
  }

  /** A WGS-84 location in the base map's system. */
  toBase(lng, lat) {
    if (this._isWgs()) return [lng, lat];
    const key = `b${lng},${lat}`;
    if (this._lastConv?.key !== key) this._lastConv = { key, v: [...this._convert([lng, lat], 'wgs84', this.view.baseCrs)] };
    return this._lastConv.v;
  }

  /** A base-map location in WGS-84. */
  toWgs(lng, lat) {
    if (this._isWgs()) return [lng, lat];
    const key = `w${lng},${lat}`;
    if (this._lastInv?.key !== key) this._lastInv = { key, v: [...this._convert([lng, lat], this.view.baseCrs, 'wgs84')] };
    return this._lastInv.v;
  }

  /** The view as the core takes it: centre in WGS-84. */
  _coreView() {
    const [lng, lat] = this.toWgs(this.view.lng, this.view.lat);
    return { ...this.view, lng, lat };
  }

  _exportOpts() {
    return this._isWgs() ? undefined : { crs: this.view.baseCrs };
  }

  _toBaseLines(lines) {
    if (this._isWgs()) return lines;
    const flat = lines.flat(1).flat();
    const conv = this._convert(flat, 'wgs84', this.view.baseCrs);
    let k = 0;
    return lines.map((line) => line.map(() => [conv[k++], conv[k++]]));
  }

  _setOrigin([lng, lat]) {
    const [x, y] = lngLatToWorld(lng, lat);
    this._origin = [Math.floor(x), Math.floor(y)];
  }

  _toPath(ring, path) {
    const [ox, oy] = this._origin;
    ring.forEach(([lng, lat], i) => {
      const [x, y] = lngLatToWorld(lng, lat);
      const px = (x - ox) * PATH_K;
      const py = (y - oy) * PATH_K;
      if (i === 0) path.moveTo(px, py);
      else path.lineTo(px, py);
    });
    path.closePath();
  }

  _refresh(kind) {
    if (kind === 'cells') {
      const fc = JSON.parse(this.civic.exportCells(this._exportOpts()));
      if (!this._origin && fc.features.length) this._setOrigin(polygonsOf(fc.features[0].geometry)[0][0][0]);
      this._cells = fc.features.map((f) => {
        const path = new Path2D();
        let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (const poly of polygonsOf(f.geometry)) {
          for (const ring of poly) {
            this._toPath(ring, path);
            for (const [lng, lat] of ring) {
              minX = Math.min(minX, lng); maxX = Math.max(maxX, lng);
              minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
            }
          }
        }
        const p = f.properties ?? {};
        return { id: String(f.id), name: p.name, code: p.code, owner: p.owner ?? null, path, bbox: [minX, minY, maxX, maxY] };
      });
      this._cellById = new Map(this._cells.map((c) => [c.id, c]));
      this._cellSideWorld = null;
      this._selKey = null;
      this.selection.clear();
      this._groups = null;
    } else if (kind === 'zones') {
      const fc = JSON.parse(this.civic.exportZones(this._exportOpts()));
      if (!this._origin && fc.features.length) this._setOrigin(polygonsOf(fc.features[0].geometry)[0][0][0]);
      this._zones = fc.features.map((f) => {
        const path = new Path2D();
        for (const poly of polygonsOf(f.geometry)) for (const ring of poly) this._toPath(ring, path);
        const p = f.properties ?? {};
        return { id: String(f.id), name: p.name, owner: p.owner, level: p.level, path };
      });
    } else if (kind === 'points') {
      const fc = JSON.parse(this.civic.exportPoints(this._exportOpts()));
      this._points = fc.features.map((f) => ({
        id: String(f.id), lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], ...f.properties,
      }));
      if (!this._origin && this._points.length) this._setOrigin([this._points[0].lng, this._points[0].lat]);
    } else if (kind === 'problems') {
      const fc = JSON.parse(this.civic.exportProblems(this._exportOpts()));
      const n = fc.features.length;
      const coords = new Float64Array(2 * n);
      const weights = new Float32Array(n);
      const status = new Array(n);
      const ids = new Array(n);
      const found = new Array(n);
      fc.features.forEach((f, i) => {
        coords[2 * i] = f.geometry.coordinates[0];
        coords[2 * i + 1] = f.geometry.coordinates[1];
        status[i] = f.properties.status;
        weights[i] = f.properties.status === 'closed' ? 0 : f.properties.severity ?? 1;
        ids[i] = String(f.id);
        found[i] = f.properties.found ?? null;
      });
      this._problems = { coords, weights, status, ids, found };
      if (!this._origin && n) this._setOrigin([coords[0], coords[1]]);
    }
    this._workload = null;
    this._version = (this._version ?? 0) + 1;
    this.requestRender();
  }

  /** Owners as loaded: [{id, name, unit, level}] (from the owners file), or owners seen in the data. */
  get owners() {
    return this._ownerList ?? [];
  }

  // ---------- view ----------

  _resize() {
    const r = this.getBoundingClientRect();
    const pr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(r.width));
    const h = Math.max(1, Math.round(r.height));
    if (w === this.view.width && h === this.view.height && pr === this.view.pixelRatio && this._canvas.width) return;
    this.view = { ...this.view, width: w, height: h, pixelRatio: pr };
    this._canvas.width = Math.round(w * pr);
    this._canvas.height = Math.round(h * pr);
    this.requestRender();
  }

  /** Sets the view (any of lng, lat, zoom). */
  setView(v) {
    this.view = { ...this.view, ...v, zoom: Math.max(1, Math.min(21, v.zoom ?? this.view.zoom)) };
    this._viewChangedAt = performance.now();
    this.requestRender();
    this._emit('civic-view', { view: { ...this.view } });
  }

  zoomBy(dz, px = this.view.width / 2, py = this.view.height / 2) {
    const before = pixelToLngLat(this.view, px, py);
    const zoom = Math.max(1, Math.min(21, this.view.zoom + dz));
    const v = { ...this.view, zoom };
    const [ax, ay] = lngLatToWorld(...before);
    const s = 2 ** zoom;
    const [lng, lat] = worldToLngLat(ax - (px - v.width / 2) / s, ay - (py - v.height / 2) / s);
    this.setView({ lng, lat, zoom });
  }

  /** [minLng, minLat, maxLng, maxLat] of everything loaded, or null. */
  dataBounds() {
    let b = [Infinity, Infinity, -Infinity, -Infinity];
    const add = (lng, lat) => {
      b = [Math.min(b[0], lng), Math.min(b[1], lat), Math.max(b[2], lng), Math.max(b[3], lat)];
    };
    for (const c of this._cells) { add(c.bbox[0], c.bbox[1]); add(c.bbox[2], c.bbox[3]); }
    for (const line of this._outline) for (const [x, y] of line) add(x, y);
    for (const p of this._points) add(p.lng, p.lat);
    if (!this._cells.length) {
      const c = this._problems.coords;
      for (let i = 0; i < c.length; i += 2) add(c[i], c[i + 1]);
    }
    return b[0] <= b[2] ? b : null;
  }

  /** Fits the view to the data. */
  fit() {
    const b = this.dataBounds();
    if (b) this.setView(fitBounds(b, this.view.width, this.view.height, 24));
  }

  /** Animates the view to a WGS-84 location; resolves when it arrives. */
  flyTo(lng, lat, zoom = Math.max(this.view.zoom, 16)) {
    const from = { ...this.view };
    const [x0, y0] = lngLatToWorld(from.lng, from.lat);
    const [x1, y1] = lngLatToWorld(...this.toBase(lng, lat));
    const start = performance.now();
    const ms = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : 450;
    return new Promise((resolve) => {
      const step = (now) => {
        const k = ms ? Math.min(1, (now - start) / ms) : 1;
        const e = k < 0.5 ? 2 * k * k : 1 - (-2 * k + 2) ** 2 / 2;
        const [l, a] = worldToLngLat(x0 + (x1 - x0) * e, y0 + (y1 - y0) * e);
        this.setView({ lng: l, lat: a, zoom: from.zoom + (zoom - from.zoom) * e });
        if (k < 1) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
  }

  /** [x, y] CSS px of a WGS-84 location in the current view. */
  lngLatToPixel(lng, lat) {
    return lngLatToPixel(this.view, ...this.toBase(lng, lat));
  }

  /** [lng, lat] (WGS-84) under CSS px x, y of the current view. */
  pixelToLngLat(px, py) {
    return this.toWgs(...pixelToLngLat(this.view, px, py));
  }

  // ---------- layers, tools, modes ----------

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

  // ---------- supervisor ----------

  /** Puts "my location" at a point and returns the nearest open problems (see nearestOpen). */
  setLocation(lng, lat, options = {}) {
    this.location = { lng, lat };
    this.results = this.nearestOpen(lng, lat, options);
    this.requestRender();
    this._emit('civic-locate', { lng, lat, results: this.results });
    return this.results;
  }

  /** Nearest open (open or rectifying) problems, nearest first; filter as civicmap's. */
  nearestOpen(lng, lat, { k = 20, filter = {} } = {}) {
    const f = { status: ['open', 'rectifying'], ...filter };
    return this.civic.nearestProblems(lng, lat, k, f);
  }

  /** Browser geolocation (WGS-84) → setLocation; rejects when unavailable. */
  locateMe(options = {}) {
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) return reject(new Error('no geolocation'));
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          const r = this.setLocation(pos.coords.longitude, pos.coords.latitude, options);
          this.flyTo(pos.coords.longitude, pos.coords.latitude, Math.max(this.view.zoom, 15));
          resolve(r);
        },
        (e) => reject(new Error(e.message)),
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
      );
    });
  }

  /** Highlights a cell, point or problem and flies to it. kind: cell | point | problem. */
  show(kind, id, lngLat) {
    let at = lngLat;
    if (!at && kind === 'cell') {
      const c = this._cellById.get(id);
      if (c) at = [(c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2];
    } else if (!at && kind === 'point') {
      const p = this._points.find((x) => x.id === id);
      if (p) at = [p.lng, p.lat];
    } else if (!at && kind === 'problem' && this._problems.ids) {
      const i = this._problems.ids.indexOf(id);
      if (i >= 0) at = [this._problems.coords[2 * i], this._problems.coords[2 * i + 1]];
    }
    if (!at) return Promise.resolve(false);
    if (!lngLat) at = this.toWgs(...at);
    this.highlight = { kind, id, lng: at[0], lat: at[1] };
    return this.flyTo(at[0], at[1], Math.max(this.view.zoom, 16)).then(() => true);
  }

  // ---------- planner ----------

  /** Selects cells (replacing the selection unless add). */
  select(ids, { add = false, toggle = false } = {}) {
    if (!add && !toggle) this.selection.clear();
    for (const id of ids) {
      if (toggle && this.selection.has(id)) this.selection.delete(id);
      else if (this._cellById.has(id)) this.selection.add(id);
    }
    this.requestRender();
    this._emit('civic-selection', { ids: [...this.selection] });
  }

  clearSelection() {
    this.select([]);
  }

  /** Gives the selected cells (or ids) to owner as one undoable step; returns how many changed. */
  assign(owner, ids = [...this.selection]) {
    const changed = this.civic.assignCells(ids, owner).assigned;
    this._afterAssign({ owner, ids, changed });
    return changed;
  }

  unassign(ids = [...this.selection]) {
    const changed = this.civic.unassignCells(ids).assigned;
    this._afterAssign({ owner: null, ids, changed });
    return changed;
  }

  undo() {
    const done = this.civic.undo();
    this._afterAssign({ undo: true, changed: done ? 1 : 0 });
    return done;
  }

  redo() {
    const done = this.civic.redo();
    this._afterAssign({ redo: true, changed: done ? 1 : 0 });
    return done;
  }

  _afterAssign(detail) {
    // Owners changed: re-read them from the export (the source of truth).
    const fc = JSON.parse(this.civic.exportCells());
    for (const f of fc.features) {
      const c = this._cellById.get(String(f.id));
      if (c) c.owner = f.properties.owner ?? null;
    }
    this._groups = null;
    this._workload = null;
    this._version = (this._version ?? 0) + 1;
    this.requestRender();
    this._emit('civic-assignment', detail);
  }

  /** One row per owner (civicmap's workload), overdue reckoned on asOf (default: the element's asOf, else today). */
  workload(asOf = this.asOf ?? undefined) {
    return this.civic.workload(asOf);
  }

  coverage() {
    return this.civic.coverage();
  }

  /** Cells with their owners, GeoJSON text (crs optional). */
  exportCellsGeoJSON(crs) {
    return this.civic.exportCells(crs ? { crs } : undefined);
  }

  /** The responsibility table (责任分解表): one row per cell, CSV text with a UTF-8 BOM. */
  responsibilityCsv() {
    const owners = new Map(this.owners.map((o) => [o.id, o]));
    const zones = new Map(this._zones.map((z) => [z.id, z]));
    const head = ['cellsCol', 'name', 'code', 'owner', 'ownerName', 'unit', 'levelCol', 'zoneOwners'];
    const label = {
      cellsCol: getLang() === 'zh' ? '网格编号' : 'Cell',
      name: getLang() === 'zh' ? '网格名称' : 'Cell name',
      code: getLang() === 'zh' ? '网格编码' : 'Code',
      owner: getLang() === 'zh' ? '责任人编号' : 'Owner id',
      ownerName: getLang() === 'zh' ? '责任人' : 'Owner',
      unit: getLang() === 'zh' ? '责任单位' : 'Unit',
      levelCol: getLang() === 'zh' ? '包抓级别' : 'Level',
      zoneOwners: getLang() === 'zh' ? '所在责任区责任人' : 'Zone owners',
    };
    const rows = [head.map((h) => csvField(label[h])).join(',')];
    for (const c of this._cells) {
      const o = c.owner ? owners.get(c.owner) : null;
      const [lng, lat] = [(c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2];
      const zo = this.civic.zonesAt(lng, lat).map((id) => zones.get(id)).filter(Boolean)
        .map((z) => `${owners.get(z.owner)?.name ?? z.owner}(${z.level})`).join('; ');
      rows.push([c.id, c.name, c.code, c.owner, o?.name ?? '', o?.unit ?? '', o?.level || '', zo].map(csvField).join(','));
    }
    return `\uFEFF${rows.join('\r\n')}\r\n`;
  }

  // ---------- input ----------

  _bindInput() {
    const cv = this._canvas;
    const pos = (e) => {
      const r = cv.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    cv.addEventListener('pointerdown', (e) => {
      cv.setPointerCapture(e.pointerId);
      this._pointers.set(e.pointerId, pos(e));
      if (this._pointers.size === 2) {
        const [a, b] = [...this._pointers.values()];
        this._gesture = { type: 'pinch', dist: Math.hypot(a[0] - b[0], a[1] - b[1]), zoom: this.view.zoom };
        return;
      }
      const p = pos(e);
      const drawing = (this.tool === 'box' || this.tool === 'lasso') && !e.shiftKey;
      this._gesture = { type: drawing ? this.tool : 'pan', start: p, last: p, moved: 0, path: [p], add: e.ctrlKey || e.metaKey };
    });
    cv.addEventListener('pointermove', (e) => {
      const p = pos(e);
      this._hover(p);
      if (!this._pointers.has(e.pointerId)) return;
      this._pointers.set(e.pointerId, p);
      const g = this._gesture;
      if (!g) return;
      if (g.type === 'pinch' && this._pointers.size === 2) {
        const [a, b] = [...this._pointers.values()];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        const target = g.zoom + Math.log2(d / g.dist);
        this.zoomBy(target - this.view.zoom, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
        return;
      }
      g.moved += Math.hypot(p[0] - g.last[0], p[1] - g.last[1]);
      if (g.type === 'pan') {
        const s = 2 ** this.view.zoom;
        const [cx, cy] = lngLatToWorld(this.view.lng, this.view.lat);
        const [lng, lat] = worldToLngLat(cx - (p[0] - g.last[0]) / s, cy - (p[1] - g.last[1]) / s);
        this.setView({ lng, lat });
      } else {
        g.path.push(p);
        this.requestRender();
      }
      g.last = p;
    });
    const end = (e) => {
      this._pointers.delete(e.pointerId);
      const g = this._gesture;
      if (!g) return;
      if (g.type === 'pinch') {
        if (this._pointers.size === 0) this._gesture = null;
        return;
      }
      this._gesture = null;
      if (e.type === 'pointercancel') return this.requestRender();
      if (g.moved < 5) this._click(g.start, e);
      else if (g.type === 'box') this._boxSelect(g.start, g.last, g.add);
      else if (g.type === 'lasso') this._lassoSelect(g.path, g.add);
      this.requestRender();
    };
    cv.addEventListener('pointerup', end);
    cv.addEventListener('pointercancel', end);
    cv.addEventListener('pointerleave', () => {
      this._tooltip.classList.remove('on');
    });
    cv.addEventListener('wheel', (e) => {
      e.preventDefault();
      const [x, y] = pos(e);
      const dz = -e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002);
      this.zoomBy(Math.max(-1, Math.min(1, dz)), x, y);
    }, { passive: false });
    cv.addEventListener('dblclick', (e) => {
      const [x, y] = pos(e);
      this.zoomBy(1, x, y);
    });
    cv.addEventListener('keydown', (e) => {
      const step = 80 / 2 ** this.view.zoom;
      const [cx, cy] = lngLatToWorld(this.view.lng, this.view.lat);
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[e.key]) {
        const [lng, lat] = worldToLngLat(cx + moves[e.key][0], cy + moves[e.key][1]);
        this.setView({ lng, lat });
      } else if (e.key === '+' || e.key === '=') this.zoomBy(1);
      else if (e.key === '-') this.zoomBy(-1);
      else return;
      e.preventDefault();
    });
    this.addEventListener('dragover', (e) => {
      e.preventDefault();
      this._drop.classList.add('on');
    });
    this.addEventListener('dragleave', () => this._drop.classList.remove('on'));
    this.addEventListener('drop', (e) => {
      e.preventDefault();
      this._drop.classList.remove('on');
      if (e.dataTransfer?.files?.length) this.openFiles([...e.dataTransfer.files]);
    });
  }

  _click([x, y], e) {
    if (!this.civic) return;
    const [lng, lat] = this.pixelToLngLat(x, y);
    if (this.tool === 'locate') {
      this.setLocation(lng, lat, this.locateOptions);
      return;
    }
    if (this.tool === 'click' || this.tool === 'box' || this.tool === 'lasso') {
      const id = this.civic.cellAt(lng, lat);
      if (id !== undefined) this.select([id], { toggle: true });
      return;
    }
    // Pan mode: a click near a problem reports it.
    if (this.layers.has('problems') && this._problems.coords.length) {
      const [hit] = this.civic.nearestProblems(lng, lat, 1, { asOf: undefined });
      if (hit) {
        const [px, py] = this.lngLatToPixel(hit.lng, hit.lat);
        if (Math.hypot(px - x, py - y) <= 10) {
          this.highlight = { kind: 'problem', id: hit.id, lng: hit.lng, lat: hit.lat };
          this.requestRender();
          this._emit('civic-problem-click', { hit, shiftKey: e.shiftKey });
        }
      }
    }
  }

  _boxSelect(a, b, add) {
    const [w, n] = this.pixelToLngLat(Math.min(a[0], b[0]), Math.min(a[1], b[1]));
    const [e, s] = this.pixelToLngLat(Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    this.select(this.civic.cellsInBbox(w, s, e, n), { add });
  }

  _lassoSelect(path, add) {
    if (path.length < 3) return;
    let ring = new Float64Array(path.length * 2);
    path.forEach(([x, y], i) => {
      const [lng, lat] = pixelToLngLat(this.view, x, y);
      ring[2 * i] = lng;
      ring[2 * i + 1] = lat;
    });
    if (!this._isWgs()) ring = this._convert(ring, this.view.baseCrs, 'wgs84');
    this.select(this.civic.cellsInPolygon(ring), { add });
  }

  _hover([x, y]) {
    const [lng, lat] = this.pixelToLngLat(x, y);
    this._coords.textContent = `${lng.toFixed(6)}, ${lat.toFixed(6)}`;
    if (!this.civic) return;
    const lines = [];
    let near = null;
    if (this.layers.has('points')) {
      for (const p of this._points) {
        const [px, py] = lngLatToPixel(this.view, p.lng, p.lat);
        if (Math.hypot(px - x, py - y) <= 8) near = p;
      }
    }
    if (near) {
      lines.push(`${t('pointsDot')}: ${near.name || near.id}`);
      if (near.owner) lines.push(`${t('owner')}: ${this._ownerName(near.owner)}`);
    }
    const cellId = this._cells.length ? this.civic.cellAt(lng, lat) : undefined;
    if (cellId !== undefined) {
      const c = this._cellById.get(cellId);
      lines.push(`${t('cells')}: ${c?.name || cellId}`);
      lines.push(`${t('owner')}: ${c?.owner ? this._ownerName(c.owner) : t('unassigned')}`);
    }
    if (!lines.length) {
      this._tooltip.classList.remove('on');
      return;
    }
    this._tooltip.replaceChildren(...lines.map((s) => {
      const d = document.createElement('div');
      d.textContent = s;
      return d;
    }));
    this._tooltip.style.left = `${Math.min(x + 14, this.view.width - 200)}px`;
    this._tooltip.style.top = `${y + 14}px`;
    this._tooltip.classList.add('on');
  }

  _ownerName(id) {
    const o = this.owners.find((x) => x.id === id);
    return o ? `${o.name}${o.unit ? ` · ${o.unit}` : ''}` : id;
  }

  // ---------- drawing ----------

  requestRender() {
    if (this._dirty) return;
    this._dirty = true;
    requestAnimationFrame(() => {
      this._dirty = false;
      this._draw();
    });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  _setStatus(text) {
    this._status.textContent = text;
    this._status.classList.toggle('on', !!text);
  }

  _relabel() {
    translate(this.shadowRoot);
    const showCredit = this._outline.length > 0 || !!this.getAttribute('tile-url');
    this._credit.textContent = showCredit ? t('credit') : '';
    this._drop.textContent = t('dropHint');
    this._canvas.setAttribute('aria-label', t('title'));
    this._legendKey = null;
    this.requestRender();
  }

  /** Sets the transform that maps path coordinates (see PATH_ZOOM) to device pixels. */
  _pathTransform(ctx) {
    const v = this.view;
    const pr = v.pixelRatio;
    const s = 2 ** (v.zoom - PATH_ZOOM);
    const [cx, cy] = lngLatToWorld(v.lng, v.lat);
    const [ox, oy] = this._origin;
    const z = 2 ** v.zoom;
    ctx.setTransform(pr * s, 0, 0, pr * s, pr * ((ox - cx) * z + v.width / 2), pr * ((oy - cy) * z + v.height / 2));
    return 1 / (pr * s);
  }

  _draw() {
    const t0 = performance.now();
    const ctx = this._ctx;
    const v = this.view;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#f4f1ea';
    ctx.fillRect(0, 0, this._canvas.width, this._canvas.height);
    const tileUrl = this.getAttribute('tile-url');
    if (tileUrl) this._drawTiles(ctx, tileUrl);
    if (this._origin) {
      this._drawOutline(ctx, !tileUrl);
      this._drawCells(ctx);
      if (this.layers.has('heat')) this._drawHeat(ctx);
      if (this.layers.has('zones')) this._drawZones(ctx);
      if (this.layers.has('points')) this._drawPoints(ctx);
      if (this.layers.has('problems')) this._drawProblems(ctx);
      this._drawMarks(ctx);
    }
    this._drawGesture(ctx);
    const sb = scaleBar(v, 100);
    this._scaleBar.style.width = `${Math.round(sb.px)}px`;
    this._scaleText.textContent = formatDistance(sb.metres);
    this._drawLegend();
    this.lastFrameMs = performance.now() - t0;
  }

  _drawTiles(ctx, template) {
    const v = this.view;
    const z = Math.max(0, Math.min(19, Math.round(v.zoom)));
    const scale = 2 ** (v.zoom - z);
    const size = 256 * scale * v.pixelRatio;
    const [cx, cy] = lngLatToWorld(v.lng, v.lat);
    const cxz = cx * 2 ** z;
    const cyz = cy * 2 ** z;
    const x0 = Math.floor((cxz - v.width / 2 / scale) / 256);
    const x1 = Math.floor((cxz + v.width / 2 / scale) / 256);
    const y0 = Math.floor((cyz - v.height / 2 / scale) / 256);
    const y1 = Math.floor((cyz + v.height / 2 / scale) / 256);
    const n = 2 ** z;
    for (let ty = y0; ty <= y1; ty++) {
      if (ty < 0 || ty >= n) continue;
      for (let tx = x0; tx <= x1; tx++) {
        const wx = ((tx % n) + n) % n;
        const url = template.replace('{z}', z).replace('{x}', wx).replace('{y}', ty).replace('{s}', 'abc'[(wx + ty) % 3]);
        let img = this._tiles.get(url);
        if (!img) {
          img = new Image();
          img.onload = () => this.requestRender();
          img.src = url;
          this._tiles.set(url, img);
          if (this._tiles.size > 400) this._tiles.delete(this._tiles.keys().next().value);
        }
        if (img.complete && img.naturalWidth) {
          const px = ((tx * 256 - cxz) * scale + v.width / 2) * v.pixelRatio;
          const py = ((ty * 256 - cyz) * scale + v.height / 2) * v.pixelRatio;
          ctx.drawImage(img, Math.floor(px), Math.floor(py), Math.ceil(size) + 1, Math.ceil(size) + 1);
        }
      }
    }
  }

  _drawOutline(ctx, fill) {
    if (!this._outline.length) return;
    if (!this._outlinePath) {
      this._outlinePath = new Path2D();
      for (const line of this._outline) this._toPath(line, this._outlinePath);
    }
    const px = this._pathTransform(ctx);
    if (fill) {
      ctx.fillStyle = '#ffffff';
      ctx.fill(this._outlinePath, 'evenodd');
    }
    ctx.strokeStyle = '#7a6f5a';
    ctx.lineWidth = 2 * px;
    ctx.setLineDash([6 * px, 3 * px]);
    ctx.stroke(this._outlinePath);
    ctx.setLineDash([]);
  }

  _cellGroups() {
    if (this._groups) return this._groups;
    const groups = new Map();
    const add = (key, path) => {
      if (!groups.has(key)) groups.set(key, new Path2D());
      groups.get(key).addPath(path);
    };
    const wl = this._workloadRows();
    const max = Math.max(1, ...wl.map((r) => r.openProblems));
    const byOwner = new Map(wl.map((r) => [r.owner, r]));
    const all = new Path2D();
    const conflicts = new Set((this._coverage()?.conflicts ?? []).map((c) => c.cell));
    for (const c of this._cells) {
      all.addPath(c.path);
      add(c.owner ? `a:${ownerColor(c.owner)}` : 'a:none', c.path);
      const r = c.owner ? byOwner.get(c.owner) : null;
      add(r ? `w:${sequential(r.openProblems / max)}` : 'w:none', c.path);
      if (conflicts.has(c.id)) add('conflict', c.path);
    }
    this._groups = { groups, all, maxOpen: max };
    return this._groups;
  }

  _workloadRows() {
    if (!this._workload) {
      try {
        this._workload = this.civic.workload(this.asOf ?? undefined);
      } catch {
        this._workload = [];
      }
    }
    return this._workload;
  }

  _coverage() {
    try {
      return this.civic.coverage();
    } catch {
      return null;
    }
  }

  _drawCells(ctx) {
    const showCells = this.layers.has('cells');
    const asg = this.layers.has('assignment');
    const wl = this.layers.has('workloadLayer');
    if (!this._cells.length || (!showCells && !asg && !wl && !this.selection.size)) return;
    const px = this._pathTransform(ctx);
    const { groups, all } = this._cellGroups();
    if (asg || wl) {
      let raster = null;
      if (this.civic.renderAssignment && !this._assignFallback) {
        // Selection is drawn here, not by the core, so a click does not re-render the map.
        const fill = asg ? 'owner' : 'openProblems';
        raster = this._cachedRaster(ctx, 'assignment', `${this._version}|${fill}|${this.asOf}`, () => {
          try {
            const v = this._coreView();
            const data = this.civic.renderAssignment(v, { fill, zones: false, ...(this.asOf ? { asOf: this.asOf } : {}) });
            const labels = asg && this.civic.assignmentLabels ? this.civic.assignmentLabels(v, 90) : [];
            return { width: Math.round(v.width * v.pixelRatio), height: Math.round(v.height * v.pixelRatio), data, labels };
          } catch (e) {
            console.warn(`civicmap renderAssignment: ${e.message}; using the JS drawing`);
            this._assignFallback = true;
            return null;
          }
        });
        this._coreAssignment = !!raster;
      }
      if (raster) {
        if (asg) this._drawOwnerLabels(ctx, raster);
        this._pathTransform(ctx);
      } else {
        this._coreAssignment = false;
        const prefix = asg ? 'a:' : 'w:';
        ctx.globalAlpha = 0.55;
        for (const [key, path] of groups) {
          if (!key.startsWith(prefix)) continue;
          const color = key.slice(2);
          if (color === 'none') {
            ctx.fillStyle = this._hatch(ctx);
          } else ctx.fillStyle = color;
          ctx.fill(path);
        }
        ctx.globalAlpha = 1;
      }
    }
    // Outlines only where cells are big enough on screen to read (~8 px across).
    const cellPx = this._cells.length ? this._typicalCellPx() : 0;
    if ((showCells || asg || wl) && cellPx >= 8) {
      ctx.strokeStyle = 'rgba(80,80,80,0.45)';
      ctx.lineWidth = px;
      ctx.stroke(all);
    }
    if (groups.has('conflict') && (asg || showCells)) {
      ctx.strokeStyle = '#d7191c';
      ctx.lineWidth = 2.5 * px;
      ctx.stroke(groups.get('conflict'));
    }
    if (this.selection.size) {
      // Rebuilt only when the selection changes (a click must not rebuild every group).
      const key = [...this.selection].join('\n');
      if (this._selKey !== key) {
        this._selPath = new Path2D();
        for (const id of this.selection) {
          const c = this._cellById.get(id);
          if (c) this._selPath.addPath(c.path);
        }
        this._selKey = key;
      }
      ctx.fillStyle = 'rgba(0,120,255,0.30)';
      ctx.fill(this._selPath);
      ctx.strokeStyle = '#0060df';
      ctx.lineWidth = 2 * px;
      ctx.stroke(this._selPath);
    }
    if (this.highlight?.kind === 'cell') {
      const c = this._cellById.get(this.highlight.id);
      if (c) {
        ctx.strokeStyle = '#ff00aa';
        ctx.lineWidth = 4 * px;
        ctx.stroke(c.path);
      }
    }
  }

  /** Owner names where their cells are large enough on screen (the core's anchors, moved with the raster). */
  _drawOwnerLabels(ctx, raster) {
    const labels = raster.labels ?? [];
    const { s: k, x0, y0 } = this._rasterPlacement(raster);
    const pr = this.view.pixelRatio;
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.fillStyle = '#222';
    for (const l of labels) {
      const name = this._ownerName(l.owner).split(' · ')[0];
      const x = x0 + l.x * k;
      const y = y0 + l.y * k;
      ctx.strokeText(name, x, y);
      ctx.fillText(name, x, y);
    }
  }

  /** The side of a typical cell in CSS px at the current zoom. */
  _typicalCellPx() {
    if (this._cellSideWorld == null) {
      const sides = this._cells.slice(0, 200).map((c) => {
        const [x0, y0] = lngLatToWorld(c.bbox[0], c.bbox[3]);
        const [x1, y1] = lngLatToWorld(c.bbox[2], c.bbox[1]);
        return Math.sqrt(Math.abs((x1 - x0) * (y1 - y0)));
      }).sort((a, b) => a - b);
      this._cellSideWorld = sides[Math.floor(sides.length / 2)] ?? 0;
    }
    return this._cellSideWorld * 2 ** this.view.zoom;
  }

  _hatch(ctx) {
    if (!this._hatchPattern) {
      const c = document.createElement('canvas');
      c.width = c.height = 8;
      const g = c.getContext('2d');
      g.strokeStyle = 'rgba(120,120,120,0.8)';
      g.beginPath();
      g.moveTo(0, 8);
      g.lineTo(8, 0);
      g.stroke();
      this._hatchPattern = ctx.createPattern(c, 'repeat');
    }
    return this._hatchPattern;
  }

  _isMoving() {
    return !!this._gesture || performance.now() - (this._viewChangedAt ?? 0) < 150;
  }

  /**
   * Draws a raster from the core (or the stand-in), rendering it only when its key or
   * the settled view changed. While the view moves, the last raster is moved and
   * scaled instead, and a fresh one follows when the view settles: one render call
   * per settled frame, smooth pan and zoom however slow the render.
   * produce() → {width, height, scale?, data, labels?} in the current view, or null.
   */
  _cachedRaster(ctx, name, key, produce) {
    this._rasters ??= {};
    let c = this._rasters[name];
    const v = this.view;
    const same = c && ['lng', 'lat', 'zoom', 'width', 'height', 'pixelRatio', 'baseCrs'].every((k) => c.view[k] === v[k]);
    if (c && c.key === key && (same || this._isMoving())) {
      if (!same) this._settleSoon();
      this._blit(ctx, c);
      return c;
    }
    const r = produce();
    if (!r) return null;
    c ??= { canvas: document.createElement('canvas') };
    Object.assign(c, { key, view: { ...v }, width: r.width, height: r.height, scale: r.scale ?? 1, labels: r.labels, max: r.max });
    if (c.canvas.width !== r.width || c.canvas.height !== r.height) {
      c.canvas.width = r.width;
      c.canvas.height = r.height;
    }
    const data = r.data instanceof Uint8ClampedArray ? r.data : new Uint8ClampedArray(r.data.buffer, r.data.byteOffset, r.data.length);
    c.canvas.getContext('2d').putImageData(new ImageData(data, r.width, r.height), 0, 0);
    this._rasters[name] = c;
    this._blit(ctx, c);
    return c;
  }

  /** Where a cached raster's view lands in the current view: scale and top-left (CSS px). */
  _rasterPlacement(c) {
    const v = this.view;
    const a = c.view;
    const s = 2 ** (v.zoom - a.zoom);
    const [px, py] = lngLatToPixel(v, a.lng, a.lat);
    return { s, x0: px - (a.width / 2) * s, y0: py - (a.height / 2) * s };
  }

  _blit(ctx, c) {
    const { s, x0, y0 } = this._rasterPlacement(c);
    const pr = this.view.pixelRatio;
    const k = (c.scale / c.view.pixelRatio) * s * pr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(c.canvas, x0 * pr, y0 * pr, c.width * k, c.height * k);
  }

  _settleSoon() {
    clearTimeout(this._settleTimer);
    this._settleTimer = setTimeout(() => this.requestRender(), 170);
  }

  _drawHeat(ctx) {
    if (!this._problems.coords.length) return;
    const t0 = performance.now();
    let rendered = false;
    const key = `${this._version}|${JSON.stringify(this.heatOptions)}|${this._heatFallback}`;
    const c = this._cachedRaster(ctx, 'heat', key, () => {
      rendered = true;
      if (this.civic.renderHeat && !this._heatFallback) {
        try {
          // A kernel many pixels wide is smooth: render it at half resolution (a
          // quarter of the pixels) and let drawImage scale it up.
          const v = this._coreView();
          const radiusPx = this.heatOptions.radiusPx ?? (this.heatOptions.radiusM ?? 150) / metresPerPixel(v);
          const k = radiusPx * v.pixelRatio >= 16 ? 0.5 : 1;
          const pixelRatio = v.pixelRatio * k;
          return {
            width: Math.round(v.width * pixelRatio),
            height: Math.round(v.height * pixelRatio),
            scale: 1 / k,
            data: this.civic.renderHeat({ ...v, pixelRatio }, this.heatOptions),
          };
        } catch (e) {
          // Options the core does not take: say so once, then draw the stand-in.
          console.warn(`civicmap renderHeat: ${e.message}; using the JS heatmap`);
          this._heatFallback = true;
        }
      }
      return renderHeatJs(this._problems.coords, this._windowWeights(), this.view, this.heatOptions);
    });
    this._heatMax = c?.max ?? null;
    if (rendered) this.lastHeatMs = performance.now() - t0;
    if (!this._firstHeat) {
      this._firstHeat = performance.now();
      this._emit('civic-heat', { ms: this.lastHeatMs, at: this._firstHeat });
    }
  }

  /** Weights with problems outside the heatOptions date window (from/to, by found date) zeroed. */
  _windowWeights() {
    const { from, to } = this.heatOptions;
    const { weights, found, coords } = this._problems;
    if ((!from && !to) || !found) return weights;
    const key = `${from}|${to}|${coords.length}`;
    if (this._windowKey !== key) {
      const n = coords.length / 2;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const d = found[i];
        const inside = d && (!from || d >= from) && (!to || d <= to);
        out[i] = inside ? (weights ? weights[i] : 1) : 0;
      }
      this._windowKey = key;
      this._window = out;
    }
    return this._window;
  }

  /** Changes heatmap options (radiusM, from, to, domainMax, threshold, opacity …) and redraws. */
  setHeatOptions(options) {
    this.heatOptions = { ...this.heatOptions, ...options };
    for (const k of Object.keys(this.heatOptions)) if (this.heatOptions[k] == null) delete this.heatOptions[k];
    this._heatFallback = false;
    this.requestRender();
  }

  _drawZones(ctx) {
    if (!this._zones.length) return;
    const px = this._pathTransform(ctx);
    for (const z of this._zones) {
      ctx.strokeStyle = z.level <= 2 ? '#6a3d9a' : '#33a02c';
      ctx.lineWidth = (z.level === 1 ? 3 : 2) * px;
      ctx.setLineDash((ZONE_DASH[z.level] ?? []).map((d) => d * px));
      ctx.stroke(z.path);
    }
    ctx.setLineDash([]);
  }

  _drawPoints(ctx) {
    const v = this.view;
    const pr = v.pixelRatio;
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    ctx.fillStyle = '#1f78b4';
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1.5;
    for (const p of this._points) {
      const [x, y] = lngLatToPixel(v, p.lng, p.lat);
      if (x < -10 || y < -10 || x > v.width + 10 || y > v.height + 10) continue;
      ctx.beginPath();
      ctx.rect(x - 4, y - 4, 8, 8);
      ctx.fill();
      ctx.stroke();
    }
  }

  _drawProblems(ctx) {
    const v = this.view;
    const { coords, status } = this._problems;
    const n = coords.length / 2;
    if (!n) return;
    const pr = v.pixelRatio;
    const [w, s, e, nn] = viewBounds(v);
    // Too many to read as dots: the heatmap shows them.
    let visible = 0;
    for (let i = 0; i < n && visible <= 20000; i++) {
      const lng = coords[2 * i], lat = coords[2 * i + 1];
      if (lng >= w && lng <= e && lat >= s && lat <= nn) visible++;
    }
    if (visible > 20000) return;
    // Under the heatmap, dots only where they can be told apart.
    if (this.layers.has('heat') && visible > 1500 && v.zoom < 15) return;
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    const r = v.zoom >= 15 ? 3.5 : 2.5;
    for (const st of ['closed', 'rectifying', 'open']) {
      ctx.fillStyle = STATUS_COLOR[st];
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        if ((status ? status[i] : 'open') !== st) continue;
        const lng = coords[2 * i], lat = coords[2 * i + 1];
        if (lng < w || lng > e || lat < s || lat > nn) continue;
        const [x, y] = lngLatToPixel(v, lng, lat);
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
      ctx.fill();
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  }

  _drawMarks(ctx) {
    const v = this.view;
    const pr = v.pixelRatio;
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    this.results.forEach((h, i) => {
      const [x, y] = this.lngLatToPixel(h.lng, h.lat);
      ctx.fillStyle = '#b2182b';
      ctx.beginPath();
      ctx.arc(x, y, 9, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#fff';
      ctx.font = 'bold 11px sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(String(i + 1), x, y + 0.5);
    });
    if (this.location) {
      const [x, y] = this.lngLatToPixel(this.location.lng, this.location.lat);
      ctx.fillStyle = 'rgba(0,120,255,0.2)';
      ctx.beginPath();
      ctx.arc(x, y, 16, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#0a64d8';
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    if (this.highlight && this.highlight.kind !== 'cell') {
      const [x, y] = this.lngLatToPixel(this.highlight.lng, this.highlight.lat);
      ctx.strokeStyle = '#ff00aa';
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(x, y, 14, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  _drawGesture(ctx) {
    const g = this._gesture;
    if (!g || (g.type !== 'box' && g.type !== 'lasso')) return;
    const pr = this.view.pixelRatio;
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    ctx.strokeStyle = '#0060df';
    ctx.fillStyle = 'rgba(0,96,223,0.12)';
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    if (g.type === 'box') {
      ctx.rect(g.start[0], g.start[1], g.last[0] - g.start[0], g.last[1] - g.start[1]);
    } else {
      g.path.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.closePath();
    }
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
  }

  _drawLegend() {
    const parts = [];
    if (this.layers.has('heat')) {
      let stops = null;
      if (this.civic?.heatLegend && !this._heatFallback) {
        try {
          stops = this.civic.heatLegend(this.heatOptions);
        } catch {
          stops = null;
        }
      }
      stops ??= heatLegendJs(this._heatMax ?? 1);
      const label = (v) => (typeof v === 'number' ? v.toFixed(v < 10 ? 1 : 0) : String(v ?? ''));
      const items = Array.isArray(stops) ? stops : stops?.stops ?? [];
      parts.push(['heat', items.map((x) => [String(x.color ?? x[1] ?? '#ccc'), label(x.value ?? x[0])])]);
    }
    if (this.layers.has('assignment')) {
      // The core picks owner colours so neighbours differ and labels owners on the map;
      // the stand-in's colours are per owner id and listed here.
      const owners = this._coreAssignment ? [] : [...new Set(this._cells.map((c) => c.owner).filter(Boolean))].sort().slice(0, 8);
      parts.push(['assignment', [...owners.map((o) => [ownerColor(o), this._ownerName(o)]), ['hatch', t('unassigned')], ['conflict', t('conflict')]]]);
    }
    if (this.layers.has('workloadLayer')) {
      const max = this._groups?.maxOpen ?? 1;
      parts.push(['workloadLayer', [0, 0.5, 1].map((f) => [sequential(f), `${Math.round(f * max)} ${t('openCol')}`])]);
    }
    if (this.layers.has('problems')) {
      parts.push(['problems', [['#d7191c', t('statusOpen')], ['#fdae61', t('statusRectifying')], ['#1a9641', t('statusClosed')]]]);
    }
    if (this.layers.has('points')) parts.push(['points', [['#1f78b4', t('pointsDot')]]]);
    const key = JSON.stringify(parts) + getLang();
    if (key === this._legendKey) return;
    this._legendKey = key;
    const nodes = [];
    for (const [layer, items] of parts) {
      const sec = document.createElement('div');
      sec.className = 'sec';
      const h = el('div', 'h', sec);
      h.textContent = t(layer);
      for (const [color, label] of items) {
        const row = el('div', 'row', sec);
        const sw = el('span', 'sw', row);
        if (color === 'hatch') sw.classList.add('hatch');
        else if (color === 'conflict') sw.classList.add('conflict');
        else sw.style.background = color;
        const l = el('span', '', row);
        l.textContent = label;
      }
      nodes.push(sec);
    }
    this._legend.replaceChildren(...nodes);
  }
}

if (!customElements.get('civic-map')) customElements.define('civic-map', CivicMapElement);

export { formatDistance };
