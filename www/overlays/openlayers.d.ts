// Types of overlays/openlayers.js (`civicmap/openlayers`). Pass OpenLayers' Layer
// class and toLonLat in. The layer dispatches 'civicerror' {error} when the core
// refuses the options.
import type { CivicMap } from '../index.js';
import type { AssignmentLayerOptions, CivicLayerExtras, CivicLayerOptions, HeatLayerOptions } from './options.js';

export type { AssignmentLayerOptions, CivicLayerExtras, CivicLayerOptions, HeatLayerOptions, OverlayOptions } from './options.js';

/** What the overlay reads of OpenLayers' frame state (which has more). */
export interface FrameStateLike {
  viewState: { center: number[]; resolution: number; rotation: number; projection: unknown };
  size: number[];
  pixelRatio: number;
}

/** The parts of OpenLayers the overlay uses: `{ Layer }` from 'ol/layer/Layer.js' and `{ toLonLat }` from 'ol/proj.js'. */
export interface OpenLayersLike<T extends object> {
  Layer: new (options: { opacity?: number; render: (frameState: FrameStateLike) => HTMLElement }) => T;
  toLonLat: (coordinate: number[], projection?: never) => number[];
}

/** An OpenLayers layer drawing the core's heatmap or assignment map. */
export function civicLayer<T extends object>(ol: OpenLayersLike<T>, civicmap: CivicMap, options?: CivicLayerOptions): T & CivicLayerExtras;
/** The heatmap over an OpenLayers map. */
export function civicHeatLayer<T extends object>(ol: OpenLayersLike<T>, civicmap: CivicMap, options?: Omit<HeatLayerOptions, 'kind'>): T & CivicLayerExtras;
/** The assignment map over an OpenLayers map. */
export function civicAssignmentLayer<T extends object>(ol: OpenLayersLike<T>, civicmap: CivicMap, options?: Omit<AssignmentLayerOptions, 'kind'>): T & CivicLayerExtras;
