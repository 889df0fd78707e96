// An OpenLayers layer that draws civicmap's heatmap or assignment raster over an
// existing map (EPSG:3857 view). No globals: pass in the OpenLayers pieces it needs
// and a loaded CivicMap.
//
//   import Layer from 'ol/layer/Layer.js';
//   import { toLonLat } from 'ol/proj.js';
//   import { civicHeatLayer } from './overlays/openlayers.js';
//   map.addLayer(civicHeatLayer({ Layer, toLonLat }, civicmap, { radiusM: 150 }));
//
// options as in overlays/leaflet.js (kind, baseCrs, opacity, renderer options).
// Call layer.refresh() after the CivicMap's data or assignments change. When the
// core refuses the options, the canvas shows its message, layer.error holds it and
// the layer dispatches 'civicerror' {error}.
import { toWgs84, paint } from './raster.js';

// Metres per pixel at zoom 0 of 256-pixel Web Mercator tiles.
const RESOLUTION_Z0 = (2 * Math.PI * 6378137) / 256;

export function civicLayer(ol, civicmap, options = {}) {
  const { Layer, toLonLat } = ol;
  const { kind = 'heat', baseCrs = 'wgs84', opacity = 1, ...renderOptions } = options;
  const canvas = document.createElement('canvas');
  canvas.className = 'civicmap-layer';
  canvas.style.position = 'absolute';
  canvas.style.left = '0';
  canvas.style.top = '0';
  canvas.style.pointerEvents = 'none';
  const layer = new Layer({
    opacity,
    render(frameState) {
      const vs = frameState.viewState;
      const [width, height] = frameState.size;
      const [lng, lat] = toWgs84(...toLonLat(vs.center, vs.projection), baseCrs);
      const view = {
        lng, lat, zoom: Math.log2(RESOLUTION_Z0 / vs.resolution), width, height,
        pixelRatio: frameState.pixelRatio || 1, baseCrs,
      };
      const error = paint(canvas, civicmap, view, kind, renderOptions);
      if (error?.message !== layer.error?.message) {
        layer.error = error;
        if (error) layer.dispatchEvent({ type: 'civicerror', error });
      }
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.style.transform = vs.rotation ? `rotate(${vs.rotation}rad)` : '';
      canvas.style.opacity = String(layer.getOpacity());
      return canvas;
    },
  });
  layer.error = null;
  layer.refresh = () => {
    layer.changed();
    return layer;
  };
  layer.getCanvas = () => canvas;
  return layer;
}

export function civicHeatLayer(ol, civicmap, options = {}) {
  return civicLayer(ol, civicmap, { ...options, kind: 'heat' });
}

export function civicAssignmentLayer(ol, civicmap, options = {}) {
  return civicLayer(ol, civicmap, { ...options, kind: 'assignment' });
}
