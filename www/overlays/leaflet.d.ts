// Types of overlays/leaflet.js (`civicmap/leaflet`). Pass Leaflet in: nothing is read
// from `window`. The layer fires 'civicerror' {error} when the core refuses the
// options, else 'civicrender' {view}.
import type { CivicMap } from '../index.js';
import type { AssignmentLayerOptions, CivicLayerExtras, CivicLayerOptions, HeatLayerOptions } from './options.js';

export type { AssignmentLayerOptions, CivicLayerExtras, CivicLayerOptions, HeatLayerOptions, OverlayOptions } from './options.js';

/** The parts of Leaflet the overlay uses: pass `import * as L from 'leaflet'`. */
export interface LeafletLike<T extends object> {
  Layer: { extend(props: object): new () => T };
  DomUtil: object;
}

/** A Leaflet layer drawing the core's heatmap or assignment map. */
export function civicLayer<T extends object>(L: LeafletLike<T>, civicmap: CivicMap, options?: CivicLayerOptions): T & CivicLayerExtras;
/** The heatmap over a Leaflet map. */
export function civicHeatLayer<T extends object>(L: LeafletLike<T>, civicmap: CivicMap, options?: Omit<HeatLayerOptions, 'kind'>): T & CivicLayerExtras;
/** The assignment map over a Leaflet map. */
export function civicAssignmentLayer<T extends object>(L: LeafletLike<T>, civicmap: CivicMap, options?: Omit<AssignmentLayerOptions, 'kind'>): T & CivicLayerExtras;
