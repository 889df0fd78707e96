// Types of the <civic-map> element (civic-map.js; `civicmap/element` in the npm
// package). Written by hand over the generated types of the core (index.d.ts):
// tests/package/element-types.test.mjs checks that every event the element's
// sources dispatch is in CivicMapEventMap with the keys of its detail, and the
// package's browser test that every member declared here exists on the element and
// every public one it has is declared.
import type {
  CivicMap, Counts, Coverage, Crs, HeatOptions, InitOutput, LoadOptions, LoadReport, ProblemFilter,
  ProblemHit, View, Workload,
} from './index.js';

/** The layers a file can fill. */
export type DataKind = 'outline' | 'owners' | 'cells' | 'zones' | 'points' | 'problems';

/** Layers that `setLayer` switches. */
export type LayerName = 'cells' | 'zones' | 'points' | 'problems' | 'heat' | 'assignment' | 'workloadLayer';

/** What a click on the map does. */
export type Tool = 'pan' | 'click' | 'box' | 'lasso' | 'locate';

/** One layer's load: the core's report, or `error` when the file could not be fetched or was refused whole. */
export interface LoadResult extends LoadReport {
  /** Why nothing was loaded (fetch failure, or the core's message). */
  error?: string;
}

/** One file of `openFiles` or a drop onto the map. */
export interface FileResult extends LoadResult {
  /** The file's name. */
  file: string;
  /** The layer it was loaded into ('?' when it could not be told). */
  kind: DataKind | '?';
}

/** An owner as loaded from the owners file. */
export interface OwnerRecord {
  id: string;
  name: string;
  unit: string;
  /** 1–4; 0 when not given. */
  level: number;
}

/** `setLocation` / `nearestOpen` options. */
export interface NearestOpenOptions {
  /** How many problems (default 20). */
  k?: number;
  /** Added to `{status: ['open', 'rectifying']}`. */
  filter?: ProblemFilter;
}

/** What `civic-assignment` carries: an assignment, or an undo or redo. */
export type AssignmentDetail =
  | { owner: string | null; ids: string[]; changed: number }
  | { undo: true; changed: number }
  | { redo: true; changed: number };

/** Every event the element dispatches (bubbling, composed), by name, with its detail. */
export interface CivicMapEventMap {
  /** The data given as attributes is loaded (also after errors: see `results`). */
  'civic-ready': CustomEvent<{ counts: Counts; results: Partial<Record<DataKind, LoadResult>> }>;
  /** The planner's selection changed. */
  'civic-selection': CustomEvent<{ ids: string[] }>;
  /** Cells changed hands (assign, unassign, undo, redo): persist `civic.exportCells()` now. */
  'civic-assignment': CustomEvent<AssignmentDetail>;
  /** A click hit a problem (within 10 px). */
  'civic-problem-click': CustomEvent<{ hit: ProblemHit; shiftKey: boolean }>;
  /** "My location" was set; the nearest open problems around it. */
  'civic-locate': CustomEvent<{ lng: number; lat: number; results: ProblemHit[] }>;
  /** Files were dropped or opened. */
  'civic-files': CustomEvent<{ results: FileResult[] }>;
  /** The first heatmap was drawn: how long it took (ms) and when (performance.now()). */
  'civic-heat': CustomEvent<{ ms: number; at: number }>;
  /** The view moved (centre in the base map's system). */
  'civic-view': CustomEvent<{ view: View }>;
}

/** The <civic-map> element. Locations are WGS-84 unless said otherwise. */
export class CivicMapElement extends HTMLElement {
  /** Resolves with the load results once the element is connected and its data loaded. */
  readonly ready: Promise<Partial<Record<DataKind, LoadResult>>>;
  /** The CivicMap itself, for every query (null until the wasm module is loaded). */
  readonly civic: CivicMap | null;
  /** The view: centre in the base map's system. Change it with `setView`. */
  view: View;
  /** Layers drawn. */
  layers: Set<LayerName>;
  /** What a click does. */
  tool: Tool;
  /** The day overdue is reckoned on ("YYYY-MM-DD"); null: today. */
  asOf: string | null;
  /** The heatmap's options (the core's). Change them with `setHeatOptions`. */
  heatOptions: HeatOptions;
  /** Selected cell ids. */
  selection: Set<string>;
  /** "My location" (WGS-84), or null. */
  location: { lng: number; lat: number } | null;
  /** The highlighted record, or null. */
  highlight: { kind: 'cell' | 'point' | 'problem'; id: string; lng: number; lat: number } | null;
  /** The last nearest open problems. */
  results: ProblemHit[];
  /** How long the last frame took (ms). */
  lastFrameMs: number;
  /** How long the last heatmap took (ms). */
  lastHeatMs: number;
  /** This element's language (from its lang attribute). */
  lang: string;
  /** Owners as loaded. */
  readonly owners: OwnerRecord[];

  /** Interface text in this element's language. */
  t: (key: string) => string;
  /** A distance in this element's language ("120 米", "1.2 km"). */
  formatDistance(m: number): string;

  /** Fetches and loads layers by URL; returns each layer's result. */
  loadUrls(urls: Partial<Record<DataKind, string>>): Promise<Partial<Record<DataKind, LoadResult>>>;
  /** Loads one layer from its text (options default to the `crs` attribute). */
  load(kind: DataKind, text: string | Uint8Array, options?: LoadOptions): LoadReport;
  /** The bulk path: problems from lng, lat pairs and optional severities (1–3). */
  loadProblemCoords(coords: Float64Array, severities?: Uint8Array | null): LoadReport;
  /** Loads dropped or picked files, guessing each one's layer unless `kind`; emits civic-files. */
  openFiles(files: Iterable<File>, kind?: DataKind): Promise<FileResult[]>;

  /** A WGS-84 location in the base map's system. */
  toBase(lng: number, lat: number): [number, number];
  /** A base-map location in WGS-84. */
  toWgs(lng: number, lat: number): [number, number];
  /** Sets any of lng, lat, zoom (centre in the base map's system). */
  setView(view: Partial<Pick<View, 'lng' | 'lat' | 'zoom'>>): void;
  /** Zooms by `dz` about CSS px `px, py` (default: the centre). */
  zoomBy(dz: number, px?: number, py?: number): void;
  /** [minLng, minLat, maxLng, maxLat] of everything loaded (base map's system), or null. */
  dataBounds(): [number, number, number, number] | null;
  /** Fits the view to the data. */
  fit(): void;
  /** Animates to a WGS-84 location; true on arrival, false when cut short. */
  flyTo(lng: number, lat: number, zoom?: number): Promise<boolean>;
  /** [x, y] CSS px of a WGS-84 location in the current view. */
  lngLatToPixel(lng: number, lat: number): [number, number];
  /** [lng, lat] (WGS-84) under CSS px x, y of the current view. */
  pixelToLngLat(px: number, py: number): [number, number];

  /** Shows or hides a layer. */
  setLayer(name: LayerName, on: boolean): void;
  /** What a click does. */
  setTool(tool: Tool): void;
  /** Merges heatmap options (null removes a key) and redraws; the core's refusal is shown in the map. */
  setHeatOptions(options: { [K in keyof HeatOptions]?: HeatOptions[K] | null }): void;

  /** Puts "my location" at a WGS-84 point; the nearest open problems (emits civic-locate). */
  setLocation(lng: number, lat: number, options?: NearestOpenOptions): ProblemHit[];
  /** The nearest open or rectifying problems, nearest first. */
  nearestOpen(lng: number, lat: number, options?: NearestOpenOptions): ProblemHit[];
  /** The browser's location → setLocation; rejects when unavailable. */
  locateMe(options?: NearestOpenOptions): Promise<ProblemHit[]>;
  /** Highlights a cell, point or problem and flies to it; false when not found. */
  show(kind: 'cell' | 'point' | 'problem', id: string, lngLat?: [number, number]): Promise<boolean>;

  /** Selects cells (replacing the selection unless `add`; `toggle` flips each). */
  select(ids: Iterable<string>, options?: { add?: boolean; toggle?: boolean }): void;
  clearSelection(): void;
  /** Gives the selected cells (or `ids`) to an owner as one undoable step; how many changed. */
  assign(owner: string, ids?: string[]): number;
  /** Takes the selected cells (or `ids`) back; how many changed. */
  unassign(ids?: string[]): number;
  undo(): boolean;
  redo(): boolean;
  /** One row per owner; overdue reckoned on `asOf` (default: the element's `asOf`, else today). */
  workload(asOf?: string): Workload[];
  coverage(): Coverage;

  /** Cells with their owners as GeoJSON text, in `crs` (default WGS-84). */
  exportCellsGeoJSON(crs?: Crs): string;
  /** The responsibility table (责任分解表): CSV text with a UTF-8 BOM. */
  responsibilityCsv(): string;

  /** Draws at the next animation frame. */
  requestRender(): void;
  /** What the element keeps running; all 0 once it is removed from the page. */
  activeHandles(): { listeners: number; frames: number; timers: number; observers: number };

  addEventListener<K extends keyof CivicMapEventMap>(
    type: K,
    listener: (this: CivicMapElement, ev: CivicMapEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CivicMapEventMap>(
    type: K,
    listener: (this: CivicMapElement, ev: CivicMapEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Every layer name `setLayer` takes. */
export const ALL_LAYERS: LayerName[];

/** Loads the wasm module (the package's `init()`, shared with every other import). */
export function loadWasm(): Promise<InitOutput>;

/** The layer a file belongs to, guessed from its name and parsed JSON. */
export function detectKind(name: string, json: unknown): DataKind;

declare global {
  interface HTMLElementTagNameMap {
    'civic-map': CivicMapElement;
  }
  // Events bubble (composed), so a listener on a parent or the document sees them too.
  interface HTMLElementEventMap extends CivicMapEventMap {}
}
