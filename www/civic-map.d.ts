// Types of the <civic-map> element (civic-map.js; `civicmap/element` in the npm
// package). Written by hand over the generated types of the core (index.d.ts):
// tests/package/types.test.mjs checks that every event the element's
// sources dispatch is in CivicMapEventMap with the keys of its detail, and the
// package's browser test that every member declared here exists on the element and
// every public one it has is declared.
import type {
  AssignReport, CellChain, ChangeEvent, CivicMap, Counts, Coverage, Crs, HeatOptions, InitOutput, Layer,
  LoadOptions, LoadReport, ProblemCard, ProblemFilter, ProblemHit, ProblemSort, RecordInput, SearchResult,
  StepInput, View, Workload, ProblemsAt,
} from './index.js';
import type * as Tables from './tables.js';
import type { HotspotOptions, HotspotSummary } from './tables.js';

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

/** An owner as the core took it from the owners file (rows it refused are left out). */
export interface OwnerRecord {
  id: string;
  name: string;
  unit: string;
  /** 职务 ('' when not given). */
  title: string;
  /** 1–4; 0 when not given. */
  level: number;
}

/** `search`, `setLocation`, `nearestOpen` and `locateMe` options. */
export interface SearchOptions {
  /** How many problems (default 20). */
  k?: number;
  /** Only within this many metres (default 1000; null: anywhere). */
  radiusM?: number | null;
  /** The order (default 'distance'). */
  sort?: ProblemSort;
  /** Added to `{status: ['open', 'rectifying', 'submitted']}`. */
  filter?: ProblemFilter;
}

/** The older name of `SearchOptions`. */
export type NearestOpenOptions = SearchOptions;

/** What a click picks and an assignment gives. */
export type PickKind = Layer;

/** Where a numbered result marker is drawn (CSS px) and the point it stands for (ax, ay). */
export interface MarkerPlace {
  /** The result's place in `results`. */
  i: number;
  /** The problem's id. */
  id: string;
  x: number;
  y: number;
  ax: number;
  ay: number;
}

/** What `civic-assignment` carries: an assignment (with the core's report), an undo or
 * redo, or new rules. */
export type AssignmentDetail =
  | { owner: string | null; ids: string[]; changed: number; layer: Layer; report: AssignReport }
  | { undo: true; changed: number }
  | { redo: true; changed: number }
  | { rules: true; changed: number };

/** Every event the element dispatches (bubbling, composed), by name, with its detail. */
export interface CivicMapEventMap {
  /** The data given as attributes is loaded (also after errors: see `results`). */
  'civic-ready': CustomEvent<{ counts: Counts; results: Partial<Record<DataKind, LoadResult>> }>;
  /** The planner's selection changed (cells, or the zones or points picked). */
  'civic-selection': CustomEvent<{ ids: string[]; pick: PickKind }>;
  /** Cells, zones or points changed hands (assign, unassign, undo, redo) or the rules
   * changed: persist `civic.exportCells()`, `exportZones()`, `exportPoints()` now. */
  'civic-assignment': CustomEvent<AssignmentDetail>;
  /** A cell was clicked in the planner: its chain of responsibility, level 1 first. */
  'civic-chain': CustomEvent<{ cell: string; chain: CellChain | undefined }>;
  /** A click hit a problem (within 10 px). */
  'civic-problem-click': CustomEvent<{ hit: ProblemHit; shiftKey: boolean }>;
  /** "My location" was set; the unresolved problems around it (the first k) and how many match in all. */
  'civic-locate': CustomEvent<{ lng: number; lat: number; results: ProblemHit[]; total: number }>;
  /** Files were dropped or opened. */
  'civic-files': CustomEvent<{ results: FileResult[] }>;
  /** A load in slices got further: bytes and features read, of `total` bytes; on the bulk path `indexed` too (0 to 1, the point tree's build after the reading). */
  'civic-load-progress': CustomEvent<{ file: string; done: boolean; bytes: number; total: number; features: number; indexed?: number }>;
  /** The first heatmap was drawn: how long it took (ms) and when (performance.now()). */
  'civic-heat': CustomEvent<{ ms: number; at: number }>;
  /** The heatmap's cache being prepared a slice at a time (millions of problems), before its first frame. */
  'civic-heat-progress': CustomEvent<{ ready: boolean; done: number; total: number }>;
  /** The view moved (centre in the base map's system). */
  'civic-view': CustomEvent<{ view: View }>;
  /** A click on the heat layer hit density: the problems making it up (the core's
   * problemsAt), where (CSS px and WGS-84). */
  'civic-heat-click': CustomEvent<{ x: number; y: number; lng: number; lat: number } & ProblemsAt>;
  /** The hotspot layer computed Gi* for a new window or options: the core's summary. */
  'civic-hotspots': CustomEvent<{ options: HotspotOptions } & HotspotSummary>;
  /** The day the map reckons from changed ("YYYY-MM-DD"). */
  'civic-asof': CustomEvent<{ asOf: string }>;
  /** A problem was recorded or stepped, or a journal entry replayed: the journal entry,
   * with the record before and after. Send it to the portal's backend. */
  'civicmap-change': CustomEvent<ChangeEvent>;
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
  /** The day the map reckons from ("YYYY-MM-DD"): the one set here, else the data's
   * `x_as_of`, else today; null before the wasm module is loaded and none was set.
   * Setting it (null: back to the data's) redraws, searches again and emits civic-asof. */
  asOf: string | null;
  /** What a click picks and an assignment gives (change it with `setPick`). */
  pick: PickKind;
  /** The picked zones or points. */
  picked: Set<string>;
  /** The zone level a click picks (1–4); 0: the most junior zone there. */
  zoneLevel: number;
  /** The planner's rules as last given to `setRules`, or null. */
  rules: [number[], number[] | null, number[] | null] | null;
  /** The heatmap's options (the core's). Change them with `setHeatOptions`. */
  heatOptions: HeatOptions;
  /** Selected cell ids. */
  selection: Set<string>;
  /** "My location" (WGS-84), or null. */
  location: { lng: number; lat: number } | null;
  /** The highlighted record, or null. */
  highlight: { kind: 'cell' | 'point' | 'problem'; id: string; lng: number; lat: number } | null;
  /** The last search's hits (the first k). */
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
  /** loadProblemCoords between frames: progress in the status line and civic-load-progress events; cancelLoad() stops it. */
  loadProblemCoordsInSlices(coords: Float64Array, severities?: Uint8Array | null): Promise<LoadReport>;
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
  /** The hotspot layer's Gi* options (the tables module's). Change them with `setHotspotOptions`. */
  hotspotOptions: HotspotOptions;
  /** Merges the hotspot layer's Gi* options (bandM, fdr, …; null removes a key) and redraws. */
  setHotspotOptions(options: { [K in keyof HotspotOptions]?: HotspotOptions[K] | null }): void;
  /** The hotspot layer's last summary (the core's), or null before it is drawn. */
  readonly hotspots: { key: string; options: HotspotOptions; summary: HotspotSummary } | null;
  /** The problems making up the heatmap's density under CSS px (x, y), largest part first. */
  problemsAt(x: number, y: number, limit?: number): ProblemsAt;

  /** Records a problem (the core's recordProblem); returns its card; emits civicmap-change. */
  recordProblem(input: RecordInput): ProblemCard;
  /** One step of a problem's life (the core's stepProblem); returns the card; emits civicmap-change. */
  stepProblem(id: string, input: StepInput): ProblemCard;
  /** A problem's card, or undefined. */
  problem(id: string): ProblemCard | undefined;
  /** Every change since the data loaded, as JSON lines. */
  exportJournal(): string;
  /** Replays a journal made on the same data; all or nothing; returns the entries applied. */
  applyJournal(text: string): number;

  /** Puts "my location" at a WGS-84 point; the problems around it (emits civic-locate). */
  setLocation(lng: number, lat: number, options?: SearchOptions): ProblemHit[];
  /** Unresolved problems around a point: the first k and how many match in all. */
  search(lng: number, lat: number, options?: SearchOptions): SearchResult;
  /** The first k of `search` (the older name). */
  nearestOpen(lng: number, lat: number, options?: SearchOptions): ProblemHit[];
  /** Where the numbered result markers are drawn. */
  markerLayout(): MarkerPlace[];
  /** The browser's location → setLocation; rejects when unavailable. */
  locateMe(options?: SearchOptions): Promise<ProblemHit[]>;
  /** Highlights a cell, point or problem and flies to it; false when not found. */
  show(kind: 'cell' | 'point' | 'problem', id: string, lngLat?: [number, number]): Promise<boolean>;

  /** Selects cells (replacing the selection unless `add`; `toggle` flips each). */
  select(ids: Iterable<string>, options?: { add?: boolean; toggle?: boolean }): void;
  /** Clears the selection (cells, zones or points). */
  clearSelection(): void;
  /** What a click picks and an assignment gives (clears the selection). */
  setPick(pick: PickKind): void;
  /** The selected ids of the current pick. */
  selectedIds(): string[];
  /** What giving the selection (or `ids`) to an owner would do, without doing it (a dry run). */
  planAssign(owner: string, ids?: string[]): AssignReport;
  /** Gives the selection (or `ids`) of the current pick to an owner as one undoable step; the core's report. */
  assign(owner: string, ids?: string[]): AssignReport;
  /** Takes the selection (or `ids`) back from its holders; the core's report. */
  unassign(ids?: string[]): AssignReport;
  undo(): boolean;
  redo(): boolean;
  /** Shows on the map the cells an owner answers for (null clears); how many. */
  showOwner(owner: string | null): number;
  /** A cell's chain of responsibility, level 1 first, or undefined. */
  cellChain(id: string): CellChain | undefined;
  /** The planner's rules, as the core's setRules takes them; emits civic-assignment. */
  setRules(levels: number[], pointLevels?: number[] | null, limits?: number[] | null): void;
  /** One row per owner; overdue reckoned on `asOf` (default: the map's day). */
  workload(asOf?: string | null): Workload[];
  /** Gaps, conflicts and breaches of the rules. */
  coverage(): Coverage;

  /** Cells with their owners as GeoJSON text, in `crs` (default WGS-84). */
  /** Loads a layer in slices: progress in the status line and civic-load-progress events; cancelLoad() stops it (the map keeps what it had). */
  loadInSlices(kind: 'cells' | 'zones' | 'points' | 'problems', text: string | Uint8Array, name?: string, options?: LoadOptions): Promise<LoadReport>;
  /** Stops a load in slices. */
  cancelLoad(): void;
  exportCellsGeoJSON(crs?: Crs): string;
  /** A layer's GeoJSON as a Blob, written by the core part by part (exportPart): any size, no one giant string. */
  exportBlob(layer: 'cells' | 'zones' | 'points' | 'problems', crs?: Crs): Blob;
  /** The responsibility table (责任分解表) by cell (default) or owner: CSV text with a
   * UTF-8 BOM. Loads the tables module (`civicmap/tables`) on first use: from the
   * element's `tables-wasm` attribute when set, else from beside the package's files. */
  responsibilityCsv(by?: 'cell' | 'owner'): Promise<string>;
  /** Both shapes of the table as an .xlsx workbook (the tables module, as above). */
  responsibilityXlsx(): Promise<Uint8Array>;
  /** The tables module's CivicMap holding this map's state (scores, hotspots, choropleths),
   * rebuilt after a change; a Promise. */
  tables(): Promise<Tables.CivicMap>;
  /** The tables module itself (its free functions, e.g. csvTable); a Promise. */
  tablesModule(): Promise<typeof Tables>;

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

/**
 * The layer a file holds, from its name and the start of its text or bytes (the
 * first 64 KB are enough): a list is owners, else the name says, else the first
 * feature with a geometry does. The core's, after `loadWasm()`.
 */
export function detectLayer(name: string, head: string | Uint8Array): DataKind;

/**
 * The layer a file belongs to, from its name and parsed JSON (`detectLayer` of it
 * written back as text, after `loadWasm()`).
 * @deprecated give `detectLayer` the file's name and first bytes instead.
 */
export function detectKind(name: string, json: unknown): DataKind;

declare global {
  interface HTMLElementTagNameMap {
    'civic-map': CivicMapElement;
  }
  // Events bubble (composed), so a listener on a parent or the document sees them too.
  interface HTMLElementEventMap extends CivicMapEventMap {}
}
