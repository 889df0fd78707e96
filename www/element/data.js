// The element's data: what the core holds, read back through its exports in the
// base map's coordinate system (for the dots, bounds, tooltips and the highlight),
// and the conversions between WGS-84 and that system, all through the core.
import { canonicalCrs, convert, outlineOf } from './core.js';
import { lngLatToWorld } from '../lib/view.js';

export const KINDS = ['outline', 'owners', 'cells', 'zones', 'points', 'problems'];

export function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf);
  return [];
}

export class MapData {
  /** onChange(kind) runs after any layer changed. */
  constructor(onChange) {
    this.onChange = onChange;
    this.civic = null;
    /** The base map's system, the core's canonical name. */
    this.baseCrs = 'wgs84';
    this.cells = [];
    this.cellById = new Map();
    this.zones = [];
    this.points = [];
    this.outlineWgs = null;
    this.outline = [];
    this.outlineNames = [];
    this.problems = { coords: new Float64Array(0), status: null, ids: null };
    this.ownerList = null;
    /** Grows with every change of the core's data (keys of the cached rasters). */
    this.version = 0;
    /** A world pixel near the data (see layers.js, paths). */
    this.origin = null;
  }

  /** Loads one layer from text; kind is cells | zones | points | problems | owners | outline. */
  load(kind, text, opts) {
    const civic = this.civic;
    let result;
    switch (kind) {
      case 'cells': result = civic.loadCells(text, opts); break;
      case 'zones': result = civic.loadZones(text, opts); break;
      case 'points': result = civic.loadPoints(text, opts); break;
      case 'problems': result = civic.loadProblems(text, opts); break;
      case 'owners': {
        result = civic.loadOwners(text);
        // Kept for the tables module, which loads the map's state when a table is exported.
        this.ownersText = text;
        // The owners as the core took them (rejected rows left out).
        this.ownerList = civic.owners();
        break;
      }
      case 'outline': {
        // Read by the core (its crs, every ring checked, refusals named); drawn here.
        const o = outlineOf(text, opts);
        this.outlineWgs = o.lines;
        this.outline = this.toBaseLines(this.outlineWgs);
        this.outlineNames = o.names;
        if (!this.origin && this.outline.length) this.setOrigin(this.outline[0][0]);
        result = o.report;
        break;
      }
      default: throw new Error(`unknown layer ${kind}`);
    }
    this.refresh(kind);
    return result;
  }

  /** Ends a load read in slices (element/slices.js): the layer is replaced now. */
  finishLoad(job, kind) {
    const result = this.civic.finishLoad(job);
    this.refresh(kind);
    return result;
  }

  /** The bulk path: problems from a Float64Array of lng, lat pairs (and Uint8Array severities). */
  loadProblemCoords(coords, severities) {
    return this.coordsLoaded(this.civic.loadProblemCoords(coords, severities), coords);
  }

  /**
   * The end of the bulk path in slices (see slices.js); `drawn` ({crs, coords}) are
   * the positions already in a base system, used when it is still the map's.
   */
  finishProblemCoords(job, coords, drawn) {
    return this.coordsLoaded(this.civic.finishProblemCoords(job), coords, drawn);
  }

  coordsLoaded(result, coords, drawn) {
    const inBase = drawn?.crs === this.baseCrs ? drawn.coords : convert(coords, 'wgs84', this.baseCrs);
    this.problems = { coords: inBase, status: null, ids: null };
    if (!this.origin && coords.length) this.setOrigin([this.problems.coords[0], this.problems.coords[1]]);
    this.changed('problems');
    return result;
  }

  /** Changes the base map's system (any name the core accepts; throws the core's error for others). */
  setBaseCrs(name) {
    const crs = canonicalCrs(name);
    if (crs === this.baseCrs) return false;
    this.baseCrs = crs;
    if (this.outlineWgs) this.outline = this.toBaseLines(this.outlineWgs);
    if (this.civic) for (const k of ['cells', 'zones', 'points', 'problems']) this.refresh(k);
    this.changed('outline');
    return true;
  }

  isWgs() {
    return this.baseCrs === 'wgs84';
  }

  /** A WGS-84 location in the base map's system. */
  toBase(lng, lat) {
    if (this.isWgs()) return [lng, lat];
    const key = `b${this.baseCrs}${lng},${lat}`;
    if (this._lastConv?.key !== key) this._lastConv = { key, v: [...convert([lng, lat], 'wgs84', this.baseCrs)] };
    return this._lastConv.v;
  }

  /** A base-map location in WGS-84. */
  toWgs(lng, lat) {
    if (this.isWgs()) return [lng, lat];
    const key = `w${this.baseCrs}${lng},${lat}`;
    if (this._lastInv?.key !== key) this._lastInv = { key, v: [...convert([lng, lat], this.baseCrs, 'wgs84')] };
    return this._lastInv.v;
  }

  /** A flat array of base-map lng, lat pairs in WGS-84. */
  toWgsFlat(flat) {
    return convert(flat, this.baseCrs, 'wgs84');
  }

  toBaseLines(lines) {
    if (this.isWgs()) return lines;
    const conv = convert(lines.flat(2), 'wgs84', this.baseCrs);
    let k = 0;
    return lines.map((line) => line.map(() => [conv[k++], conv[k++]]));
  }

  /** The view as the core takes it: centre in WGS-84, drawn in the base map's system. */
  coreView(view) {
    const [lng, lat] = this.toWgs(view.lng, view.lat);
    return { ...view, lng, lat, baseCrs: this.baseCrs };
  }

  exportOpts() {
    return this.isWgs() ? undefined : { crs: this.baseCrs };
  }

  setOrigin([lng, lat]) {
    const [x, y] = lngLatToWorld(lng, lat);
    this.origin = [Math.floor(x), Math.floor(y)];
  }

  changed(kind) {
    this.version++;
    this.onChange(kind);
  }

  /** Re-reads a layer from the core's export, in the base map's system. */
  refresh(kind) {
    const civic = this.civic;
    if (kind === 'cells') {
      const fc = JSON.parse(civic.exportCells(this.exportOpts()));
      this.cells = fc.features.map((f) => {
        const polys = polygonsOf(f.geometry);
        let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
        for (const poly of polys) {
          for (const ring of poly) {
            for (const [lng, lat] of ring) {
              minX = Math.min(minX, lng); maxX = Math.max(maxX, lng);
              minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
            }
          }
        }
        const p = f.properties ?? {};
        return { id: String(f.id), name: p.name, code: p.code, owner: p.owner ?? null, polys, bbox: [minX, minY, maxX, maxY] };
      });
      this.cellById = new Map(this.cells.map((c) => [c.id, c]));
      if (!this.origin && this.cells.length) this.setOrigin(this.cells[0].polys[0][0][0]);
    } else if (kind === 'zones') {
      const fc = JSON.parse(civic.exportZones(this.exportOpts()));
      this.zones = fc.features.map((f) => {
        const p = f.properties ?? {};
        return { id: String(f.id), name: p.name, owner: p.owner, level: p.level };
      });
      const first = fc.features.find((f) => polygonsOf(f.geometry).length);
      if (!this.origin && first) this.setOrigin(polygonsOf(first.geometry)[0][0][0]);
    } else if (kind === 'points') {
      const fc = JSON.parse(civic.exportPoints(this.exportOpts()));
      this.points = fc.features.map((f) => ({
        id: String(f.id), lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], ...f.properties,
      }));
      if (!this.origin && this.points.length) this.setOrigin([this.points[0].lng, this.points[0].lat]);
    } else if (kind === 'problems') {
      const fc = JSON.parse(civic.exportProblems(this.exportOpts()));
      const n = fc.features.length;
      const coords = new Float64Array(2 * n);
      const status = new Array(n);
      const ids = new Array(n);
      fc.features.forEach((f, i) => {
        coords[2 * i] = f.geometry.coordinates[0];
        coords[2 * i + 1] = f.geometry.coordinates[1];
        status[i] = f.properties.status;
        ids[i] = String(f.id);
      });
      this.problems = { coords, status, ids };
      if (!this.origin && n) this.setOrigin([coords[0], coords[1]]);
    }
    this.changed(kind);
  }

  /** Owners' cells re-read after an assignment (the core's export is the source of truth). */
  refreshOwners() {
    const fc = JSON.parse(this.civic.exportCells());
    for (const f of fc.features) {
      const c = this.cellById.get(String(f.id));
      if (c) c.owner = f.properties.owner ?? null;
    }
    this.changed('assignment');
  }

  /** Zones' and points' holders re-read after they were assigned. */
  refreshHolders() {
    this.refresh('zones');
    this.refresh('points');
  }

  /** [minLng, minLat, maxLng, maxLat] of everything loaded (base map's system), or null. */
  dataBounds() {
    let b = [Infinity, Infinity, -Infinity, -Infinity];
    const add = (lng, lat) => {
      b = [Math.min(b[0], lng), Math.min(b[1], lat), Math.max(b[2], lng), Math.max(b[3], lat)];
    };
    for (const c of this.cells) { add(c.bbox[0], c.bbox[1]); add(c.bbox[2], c.bbox[3]); }
    for (const line of this.outline) for (const [x, y] of line) add(x, y);
    for (const p of this.points) add(p.lng, p.lat);
    if (!this.cells.length) {
      const c = this.problems.coords;
      for (let i = 0; i < c.length; i += 2) add(c[i], c[i + 1]);
    }
    return b[0] <= b[2] ? b : null;
  }

  /** Owners as loaded: [{id, name, unit, level}] (from the owners file). */
  get owners() {
    return this.ownerList ?? [];
  }

  /** "name · unit" of an owner id, or the id. */
  ownerName(id) {
    const o = this.owners.find((x) => x.id === id);
    return o ? `${o.name}${o.unit ? ` · ${o.unit}` : ''}` : id;
  }
}
