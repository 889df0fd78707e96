// Paints civicmap's heatmap or assignment raster for a view onto a canvas: the core's
// renderHeat / renderAssignment when the wasm build has them (issue 3), otherwise
// the page's stand-in drawing from the exported GeoJSON. Shared by the overlays.
import { renderHeatJs } from '../lib/heat.js';
import { lngLatToPixel } from '../lib/view.js';
import { ownerColor } from '../lib/palette.js';

/** Cached exported data of a CivicMap, re-read by refresh(). */
export class Source {
  constructor(civicmap) {
    this.civic = civicmap;
    this.refresh();
  }

  refresh() {
    this._problems = null;
    this._cells = null;
  }

  problems() {
    if (!this._problems) {
      const fc = JSON.parse(this.civic.exportProblems());
      const coords = new Float64Array(fc.features.length * 2);
      const weights = new Float32Array(fc.features.length);
      fc.features.forEach((f, i) => {
        coords[2 * i] = f.geometry.coordinates[0];
        coords[2 * i + 1] = f.geometry.coordinates[1];
        weights[i] = f.properties.status === 'closed' ? 0 : f.properties.severity ?? 1;
      });
      this._problems = { coords, weights };
    }
    return this._problems;
  }

  /**
   * A base map's centre (in `crs`) as WGS-84, which the core's views take. Map
   * libraries report the centre in the base map's system (GCJ-02 for AMap/Tencent
   * tiles); the conversion goes through a scratch CivicMap (loadPoints with {crs}).
   */
  toWgs84(lng, lat, crs) {
    if (!crs || /^(wgs84|cgcs2000|epsg:4326|epsg:4490|crs84)$/i.test(crs)) return [lng, lat];
    const key = `${crs}:${lng}:${lat}`;
    if (this._centreKey !== key) {
      this._scratch ??= new this.civic.constructor();
      const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'c', properties: {}, geometry: { type: 'Point', coordinates: [lng, lat] } }] };
      this._scratch.loadPoints(JSON.stringify(fc), { crs });
      this._centre = JSON.parse(this._scratch.exportPoints()).features[0].geometry.coordinates;
      this._centreKey = key;
    }
    return this._centre;
  }

  cells() {
    this._cells ??= JSON.parse(this.civic.exportCells()).features;
    return this._cells;
  }
}

function putRgba(canvas, rgba, width, height, scale = 1) {
  const g = canvas.getContext('2d');
  const data = rgba instanceof Uint8ClampedArray ? rgba : new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length);
  if (scale === 1 && width === canvas.width && height === canvas.height) {
    g.putImageData(new ImageData(data, width, height), 0, 0);
    return;
  }
  const tmp = document.createElement('canvas');
  tmp.width = width;
  tmp.height = height;
  tmp.getContext('2d').putImageData(new ImageData(data, width, height), 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(tmp, 0, 0, width * scale, height * scale);
}

/**
 * Sizes `canvas` to the view's device pixels and paints kind 'heat' or 'assignment'.
 * view: { lng, lat, zoom, width, height, pixelRatio, baseCrs }, centre in WGS-84
 * (see Source.toWgs84).
 */
export function paint(canvas, source, view, kind, options = {}) {
  const w = Math.max(1, Math.round(view.width * view.pixelRatio));
  const h = Math.max(1, Math.round(view.height * view.pixelRatio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const g = canvas.getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, w, h);
  const civic = source.civic;
  const core = (name) => {
    if (!civic[name] || source.fallback?.[name]) return null;
    try {
      return civic[name](view, options);
    } catch (e) {
      // Options the core does not take: say so once, then draw the stand-in.
      console.warn(`civicmap ${name}: ${e.message}; using the JS drawing`);
      source.fallback = { ...source.fallback, [name]: true };
      return null;
    }
  };
  if (kind === 'heat') {
    const rgba = core('renderHeat');
    if (rgba) putRgba(canvas, rgba, w, h);
    else {
      const { coords, weights } = source.problems();
      const r = renderHeatJs(coords, weights, view, options);
      putRgba(canvas, r.data, r.width, r.height, r.scale);
    }
    return;
  }
  const rgba = core('renderAssignment');
  if (rgba) {
    putRgba(canvas, rgba, w, h);
    return;
  }
  g.setTransform(view.pixelRatio, 0, 0, view.pixelRatio, 0, 0);
  g.globalAlpha = options.opacity ?? 0.6;
  for (const f of source.cells()) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    g.beginPath();
    for (const poly of polys) {
      for (const ring of poly) {
        ring.forEach(([lng, lat], i) => {
          const [x, y] = lngLatToPixel(view, lng, lat);
          if (i) g.lineTo(x, y);
          else g.moveTo(x, y);
        });
        g.closePath();
      }
    }
    const owner = f.properties.owner;
    g.fillStyle = owner ? ownerColor(owner) : 'rgba(150,150,150,0.5)';
    g.fill();
    g.strokeStyle = 'rgba(60,60,60,0.6)';
    g.lineWidth = 1;
    g.stroke();
  }
  g.globalAlpha = 1;
}
