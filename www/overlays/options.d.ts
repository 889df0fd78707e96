// Options of the Leaflet and OpenLayers overlays (leaflet.d.ts, openlayers.d.ts):
// the overlay's own keys and the core's renderer options, generated from Rust.
import type { AssignmentOptions, Crs, HeatOptions } from '../index.js';

/** The overlay's own keys. */
export interface OverlayOptions {
  /** The base map's coordinate system: 'wgs84' for Tianditu/OSM, 'gcj02' for AMap/Tencent, 'bd09' for Baidu. */
  baseCrs?: Crs;
  /** The layer's opacity, 0 to 1. */
  opacity?: number;
  /** Leaflet only: the pane the canvas goes into (default 'overlayPane'). */
  pane?: string;
}

/** A heatmap overlay: the core's heatmap options. */
export type HeatLayerOptions = OverlayOptions & HeatOptions & { kind?: 'heat' };
/** An assignment-map overlay: the core's assignment options. */
export type AssignmentLayerOptions = OverlayOptions & AssignmentOptions & { kind: 'assignment' };
/** Either overlay. */
export type CivicLayerOptions = HeatLayerOptions | AssignmentLayerOptions;

/** What the overlays add to the library's layer. */
export interface CivicLayerExtras {
  /** Redraws after the CivicMap's data or assignments changed. */
  refresh(): this;
  /** The canvas drawn into (Leaflet: null while the layer is not on a map). */
  getCanvas(): HTMLCanvasElement | null;
  /** The core's refusal of the last frame, or null. */
  error: Error | null;
}
