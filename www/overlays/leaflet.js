// A Leaflet layer that draws civicmap's heatmap or assignment raster over an existing
// map. No globals: pass Leaflet and a loaded CivicMap in.
//
//   import * as L from './leaflet-src.esm.js';
//   import { civicHeatLayer } from './overlays/leaflet.js';
//   civicHeatLayer(L, civicmap, { radiusM: 150 }).addTo(map);
//
// options: kind ('heat' | 'assignment'; civicHeatLayer sets 'heat'), baseCrs ('wgs84'
// for Tianditu/OSM, 'gcj02' for AMap/Tencent tiles), opacity, pane, and whatever the
// renderer takes (radiusM, domainMax, threshold …). Call layer.refresh() after the
// CivicMap's data or assignments change. When the core refuses the options, the
// canvas shows its message and the layer fires 'civicerror' {error}.
import { toWgs84, paint } from './raster.js';

export function civicLayer(L, civicmap, options = {}) {
  const { kind = 'heat', baseCrs = 'wgs84', pane = 'overlayPane', opacity = 1, ...renderOptions } = options;
  const CivicLayer = L.Layer.extend({
    onAdd(map) {
      this._map = map;
      this._canvas = L.DomUtil.create('canvas', 'civicmap-layer leaflet-zoom-hide');
      this._canvas.style.position = 'absolute';
      this._canvas.style.pointerEvents = 'none';
      this._canvas.style.opacity = String(opacity);
      map.getPane(pane).appendChild(this._canvas);
      map.on('moveend zoomend resize viewreset', this._redraw, this);
      this._redraw();
    },
    onRemove(map) {
      map.off('moveend zoomend resize viewreset', this._redraw, this);
      this._canvas.remove();
      this._canvas = null;
    },
    /** Redraws after the CivicMap's data changed. */
    refresh() {
      if (this._map) this._redraw();
      return this;
    },
    getCanvas() {
      return this._canvas;
    },
    _redraw() {
      const map = this._map;
      if (!map || !this._canvas) return;
      const size = map.getSize();
      L.DomUtil.setPosition(this._canvas, map.containerPointToLayerPoint([0, 0]));
      this._canvas.style.width = `${size.x}px`;
      this._canvas.style.height = `${size.y}px`;
      const c = map.getCenter();
      const [lng, lat] = toWgs84(c.lng, c.lat, baseCrs);
      const view = { lng, lat, zoom: map.getZoom(), width: size.x, height: size.y, pixelRatio: window.devicePixelRatio || 1, baseCrs };
      this.error = paint(this._canvas, civicmap, view, kind, renderOptions);
      if (this.error) this.fire('civicerror', { error: this.error });
      else this.fire('civicrender', { view });
    },
  });
  return new CivicLayer();
}

export function civicHeatLayer(L, civicmap, options = {}) {
  return civicLayer(L, civicmap, { ...options, kind: 'heat' });
}

export function civicAssignmentLayer(L, civicmap, options = {}) {
  return civicLayer(L, civicmap, { ...options, kind: 'assignment' });
}
