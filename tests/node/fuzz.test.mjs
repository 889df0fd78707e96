// A seeded fuzzer over the whole JS API: every exported method and constructor is
// called with generated arguments (wrong types, NaN, huge numbers, proxies, throwing
// getters, typed arrays of every kind, mutated valid values). After each call:
// - it returned, or threw an `Error` (not a TypeError from the glue, not a trap)
//   with a plain message;
// - the map still answers a fixed set of queries, exactly as before when the call
//   threw (a refused call leaves the object as it was);
// - `free()` works.
// CIVICMAP_FUZZ_CALLS (default 12000) and CIVICMAP_FUZZ_SEED (default 20261201) set
// the run; CIVICMAP_FUZZ_REPORT=1 lists every failure instead of stopping at the first.
// CIVICMAP_FUZZ_PKG=pkg-tables fuzzes the tables module (www/pkg-tables/: the page's
// module plus the tables, hotspots and choropleths); scripts/test.sh runs both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

const root = new URL('../../', import.meta.url);
const PKG = process.env.CIVICMAP_FUZZ_PKG ?? 'pkg';
const bytes = fs.readFileSync(new URL(`www/${PKG}/civicmap_bg.wasm`, root));
let civic;
let wasm;
let CivicMap;
let GeoIndex;
let instances = 0;
/** A fresh instance of the module (after a trap the old one is gone; in report
 * mode the run goes on with a new one). A new URL gives a new module instance. */
async function fresh() {
  civic = await import(`../../www/${PKG}/civicmap.js?instance=${instances++}`);
  wasm = civic.initSync({ module: bytes });
  ({ CivicMap, GeoIndex } = civic);
}
await fresh();
const CALLS = Number(process.env.CIVICMAP_FUZZ_CALLS ?? 12000);
const SEED = Number(process.env.CIVICMAP_FUZZ_SEED ?? 20261201);
const REPORT = process.env.CIVICMAP_FUZZ_REPORT === '1';

const fixture = (f) => fs.readFileSync(new URL(`tests/e2e/fixtures/${f}`, root), 'utf8');
const DATA = {
  cells: fixture('cells.geojson'),
  zones: fixture('zones.geojson'),
  points: fixture('points.geojson'),
  problems: fixture('problems.geojson'),
  owners: fixture('owners.json'),
};
const ids = (text) => JSON.parse(text).features.map((f) => String(f.id));
const IDS = { cells: ids(DATA.cells), zones: ids(DATA.zones), points: ids(DATA.points), problems: ids(DATA.problems) };
const OWNERS = JSON.parse(DATA.owners).map((o) => o.id);
const CENTRE = JSON.parse(DATA.problems).features[0].geometry.coordinates;

/** mulberry32: a small seeded generator, enough for choosing test inputs. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;
const int = (a, b) => a + Math.floor(rand() * (b - a + 1));

const throwing = () => { throw new Error('getter throws'); };
const HOSTILE = [
  () => undefined, () => null, () => true, () => false, () => 0, () => -0, () => -1, () => 1, () => 2.5,
  () => NaN, () => Infinity, () => -Infinity, () => 1e308, () => -1e308, () => 2 ** 32 + 1, () => 2 ** 53,
  () => 4294967295, () => 1e6, () => -(2 ** 31), () => '', () => 'x', () => '112.5,26.9', () => '2026-+1-+1',
  () => '<img src=x onerror=alert(1)>', () => '\u0000\uffff', () => 'a'.repeat(int(1, 5000)),
  () => Symbol('s'), () => 10n, () => () => 1, () => [], () => [1, 2], () => [null, null], () => [1, 'a', {}],
  () => {
    const a = [];
    a[5] = 1;
    return a;
  },
  () => ({}), () => ({ toJSON: () => undefined }), () => ({ toJSON: throwing }),
  () => Object.defineProperty({}, 'lng', { get: throwing, enumerable: true }),
  () => new Proxy({}, { get: throwing, ownKeys: throwing, has: throwing, getOwnPropertyDescriptor: throwing }),
  () => new Proxy([], { get: throwing }),
  () => new Int8Array(int(0, 9)), () => new Uint8Array([0, 1, 2, 3, 255]), () => new Uint8ClampedArray(4),
  () => new Int16Array(3), () => new Uint16Array(2), () => new Int32Array([-1, 2]), () => new Uint32Array(5),
  () => new Float32Array([112.5, 26.9]), () => new Float64Array([NaN, Infinity]), () => new Float64Array(int(0, 7)),
  () => new BigInt64Array(2), () => new BigUint64Array(1), () => new DataView(new ArrayBuffer(8)),
  () => new ArrayBuffer(16), () => new Date(NaN), () => new Map([[1, 2]]), () => new Set([1]),
  () => Object.freeze({ lng: 1 }), () => Object.create(null),
];
const hostile = () => pick(HOSTILE)();

// Plausible values of each kind, mutated now and then.
const lng = () => (chance(0.8) ? CENTRE[0] + (rand() - 0.5) * 0.02 : hostile());
const lat = () => (chance(0.8) ? CENTRE[1] + (rand() - 0.5) * 0.02 : hostile());
const num = () => (chance(0.7) ? pick([0, 1, 3, 10, 100, 500, 1e4]) * (chance(0.1) ? -1 : 1) : hostile());
const str = () => (chance(0.7) ? pick(['wgs84', 'gcj02', 'bd09', 'GCJ-02', 'owner', 'cell', 'zone', 'point', '2026-11-20']) : hostile());
const idsOf = (kind) => () => (chance(0.8) ? Array.from({ length: int(0, 4) }, () => (chance(0.8) ? pick(IDS[kind]) : hostile())) : hostile());
const owner = () => (chance(0.8) ? pick(OWNERS) : hostile());
const NUMBERS = [NaN, Infinity, -Infinity, 1e308, -1e308, 0, -0, 200, -200, 91];
const coords = () => {
  if (!chance(0.7)) return hostile();
  const n = int(0, 12);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = chance(0.9) ? (i % 2 ? CENTRE[1] : CENTRE[0]) + (rand() - 0.5) * 0.02 : pick(NUMBERS);
  if (chance(0.8)) return a;
  const plain = Array.from(a);
  if (chance(0.3)) plain[int(0, plain.length)] = hostile(); // a stray non-number in a plain array
  return plain;
};
const sev = () => (chance(0.6) ? Uint8Array.from({ length: int(0, 6) }, () => int(0, 4)) : hostile());
const view = () => {
  if (!chance(0.8)) return hostile();
  const v = { lng: CENTRE[0], lat: CENTRE[1], zoom: 15, width: 64, height: 48, pixelRatio: 1, baseCrs: 'wgs84' };
  if (chance(0.5)) v[pick(Object.keys(v))] = chance(0.5) ? hostile() : pick([1e9, 1e308, -1, 0, 8193, 30, 4096]);
  if (chance(0.1)) v.extra = 1;
  return v;
};
const filter = () => {
  if (!chance(0.7)) return hostile();
  const f = {};
  const keys = ['status', 'category', 'minSeverity', 'asOf', 'overdueOnly', 'owner', 'from', 'to', 'bogus'];
  for (let i = int(0, 3); i > 0; i--) f[pick(keys)] = chance(0.5) ? hostile() : pick(['open', 'garbage', 2, 0, '2026-11-20', true]);
  return f;
};
const options = () => {
  if (!chance(0.7)) return hostile();
  const o = {};
  const keys = ['radiusM', 'radiusPx', 'from', 'to', 'asOf', 'domainMax', 'ramp', 'opacity', 'mode', 'crs', 'by', 'measure', 'fill', 'selected', 'bandM', 'fdr', 'weights', 'bogus'];
  for (let i = int(0, 3); i > 0; i--) o[pick(keys)] = chance(0.5) ? hostile() : pick([200, 'viridis', 'hex', 'gcj02', 'zones', 0.5, '2026-11-01', true, []]);
  return o;
};
const text = () => (chance(0.5) ? pick(Object.values(DATA)) : chance(0.5) ? `\ufeff${pick(Object.values(DATA))}` : hostile());

// The problem cycle: inputs with a field or two spoilt now and then.
const spoil = (o, keys) => {
  if (chance(0.3)) o[pick(keys)] = hostile();
  if (chance(0.05)) o.bogus = 1;
  return o;
};
const problemId = () => (chance(0.8) ? pick(IDS.problems) : hostile());
const recordInput = () => (chance(0.8)
  ? spoil({ lng: lng(), lat: lat(), category: pick(['garbage', '设施损坏', 'x']), severity: int(0, 4), source: pick(['明查', '暗访', 'media']), note: '<b>n</b>', photos: ['a.jpg'], by: 'w' }, ['lng', 'lat', 'category', 'severity', 'source', 'photos', 'found', 'deadline', 'id', 'point'])
  : hostile());
const stepInput = () => (chance(0.8)
  ? spoil({ action: pick(['start', 'submit', 'pass', 'fail', 'extend', 'reopen', '延期', 'close']), by: 'w', note: 'n', days: int(0, 9) }, ['action', 'by', 'on', 'note', 'deadline', 'days', 'reason'])
  : hostile());
const sortName = () => (chance(0.8) ? pick(['distance', 'daysOverdue', 'deadline', null, 'x']) : hostile());
const journalText = () => (chance(0.5) ? '{"v":1,"seq":1,"kind":"problem","action":"start","id":"x","before":null,"after":{}}\n' : text());

// Argument makers per method; methods not listed get 0-4 hostile arguments.
const ARGS = {
  assignCells: [idsOf('cells'), owner], unassignCells: [idsOf('cells')],
  assignmentLabels: [view, num], cellAt: [lng, lat], cellsInBbox: [lng, lat, lng, lat],
  cellsInPolygon: [coords], choropleth: [options], exportCells: [options], exportPoints: [options],
  exportProblems: [options], exportZones: [options],
  beginLoad: [() => (chance(0.8) ? pick(['problems', 'cells', 'zones', 'points', 'roads']) : hostile()), text, options],
  exportPart: [() => (chance(0.8) ? pick(['cells', 'zones', 'points', 'problems', 'roads']) : hostile()), () => (chance(0.8) ? int(0, 3) : hostile()), () => (chance(0.6) ? { featuresPerPart: int(0, 5000) } : options())], fitBounds: [coords, num, num, num, str],
  heatLegend: [options], hotspots: [options], joinCells: [coords], joinZoneCounts: [coords],
  lngLatToPixel: [view, lng, lat], pixelToLngLat: [view, num, num], loadCells: [text, options],
  loadZones: [text, options], loadPoints: [text, options], loadProblems: [text, options], loadOwners: [text], owners: [],
  loadProblemCoords: [coords, sev], beginProblemCoords: [coords, sev], nearestPoints: [lng, lat, num, filter], nearestProblems: [lng, lat, num, filter],
  pointsInBbox: [lng, lat, lng, lat], pointsInPolygon: [coords], pointsWithin: [lng, lat, num, filter],
  problemsInBbox: [lng, lat, lng, lat, filter], problemsInPolygon: [coords, filter],
  problemsWithin: [lng, lat, num, filter], renderAssignment: [view, options], renderChoropleth: [view, options],
  renderHeat: [view, options], renderHeatView: [view, options], prepareHeat: [view, num, options], renderAssignmentView: [view, options], renderHotspots: [view, options], responsibility: [str, str], workload: [str],
  zonesAt: [lng, lat],
  recordProblem: [recordInput], stepProblem: [problemId, stepInput], problem: [problemId],
  problemHistory: [problemId], searchProblems: [lng, lat, num, num, sortName, filter],
  applyJournal: [journalText], loadTimeLimits: [text], setAsOf: [str], onChange: [() => (chance(0.5) ? null : hostile())],
};
const INDEX_ARGS = { nearest: [lng, lat, num], nearestMany: [coords, num], within: [lng, lat, num], withinCounts: [coords, num] };

function argsFor(makers) {
  const n = makers ? makers.length : int(0, 4);
  const args = [];
  for (let i = 0; i < n; i++) args.push(makers && chance(0.9) ? makers[i]() : hostile());
  if (chance(0.1)) args.length = int(0, n); // too few
  if (chance(0.05)) args.push(hostile()); // too many
  return args;
}

function loaded() {
  const m = new CivicMap();
  m.loadCells(DATA.cells);
  m.loadZones(DATA.zones);
  m.loadPoints(DATA.points);
  m.loadProblems(DATA.problems);
  m.loadOwners(DATA.owners);
  return m;
}

/** What the map answers to a fixed set of questions, as text. */
function answers(m) {
  return JSON.stringify([
    m.counts(),
    m.nearestProblems(CENTRE[0], CENTRE[1], 5, { asOf: '2026-11-20' }),
    m.cellAt(CENTRE[0], CENTRE[1]),
    m.zonesAt(CENTRE[0], CENTRE[1]),
    Array.from(m.joinCells(new Float64Array(CENTRE))),
    m.coverage(),
    m.canUndo(),
  ]);
}

/** The methods of a class (not getters, not the lifecycle ones). */
const methodsOf = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((k) => {
  const d = Object.getOwnPropertyDescriptor(cls.prototype, k);
  return typeof d.value === 'function' && !['constructor', 'free', '__destroy_into_raw'].includes(k) && !k.startsWith('__');
});
const methods = methodsOf(CivicMap);
const indexMethods = methodsOf(GeoIndex);

const describe = (v) => {
  try {
    if (typeof v === 'symbol' || typeof v === 'bigint' || typeof v === 'function') return String(v);
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length ?? v.byteLength})`;
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
};

/** Why a thrown value is not the plain Error a caller should get, or null. */
function badThrow(e) {
  if (e instanceof WebAssembly.RuntimeError) return `trap: ${e.message}`;
  if (!(e instanceof Error)) return `threw a non-Error: ${describe(e)}`;
  if (e.constructor !== Error) return `threw a ${e.constructor.name} from the glue: ${e.message}`;
  if (!e.message || /unwrap|panicked|recursive use|null pointer|borrowed|unreachable/i.test(e.message)) return `not a plain message: ${e.message}`;
  return null;
}

test(`fuzz www/${PKG}: ${CALLS} calls with generated arguments, seed ${SEED}`, { timeout: 600000 }, async () => {
  const base = loaded();
  const baseline = answers(base);
  base.free();
  const failures = [];
  const fail = (what) => {
    failures.push(what);
    if (!REPORT) assert.fail(what);
  };
  let threw = 0;
  let returned = 0;
  const memoryAtStart = wasm.memory.buffer.byteLength;
  for (let call = 0; call < CALLS; call++) {
    const roll = rand();
    let label;
    let m = null;
    let idx = null;
    let args;
    let thrown = null;
    try {
      if (roll < 0.8) {
        m = loaded();
        const name = pick(methods);
        args = argsFor(ARGS[name]);
        label = `map.${name}(${args.map(describe).join(', ')})`;
        m[name](...args);
      } else if (roll < 0.93) {
        idx = new GeoIndex(new Float64Array([CENTRE[0], CENTRE[1], CENTRE[0] + 0.001, CENTRE[1], CENTRE[0], CENTRE[1] + 0.001]));
        const name = pick(indexMethods);
        args = argsFor(INDEX_ARGS[name]);
        label = `index.${name}(${args.map(describe).join(', ')})`;
        idx[name](...args);
      } else if (roll < 0.97) {
        args = argsFor([coords]);
        label = `new GeoIndex(${args.map(describe).join(', ')})`;
        idx = new GeoIndex(...args);
      } else if (roll < 0.985) {
        args = argsFor([coords, str, str]);
        label = `convertCoords(${args.map(describe).join(', ')})`;
        civic.convertCoords(...args);
      } else if (roll < 0.993) {
        args = argsFor([str, str]);
        label = `detectLayer(${args.map(describe).join(', ')})`;
        civic.detectLayer(...args);
      } else {
        args = argsFor([text, options]);
        label = `readOutline(${args.map(describe).join(', ')})`;
        civic.readOutline(...args).free();
      }
      returned++;
    } catch (e) {
      thrown = e;
      threw++;
      const why = badThrow(e);
      if (why) fail(`call ${call}: ${label}: ${why}`);
      if (e instanceof WebAssembly.RuntimeError) {
        // The instance is gone: go on with a new one (report mode only; otherwise
        // fail() has thrown already).
        await fresh();
        continue;
      }
    }
    if (m) {
      try {
        const now = answers(m);
        if (thrown && now !== baseline) fail(`call ${call}: ${label}: threw "${thrown.message}" but changed the map`);
      } catch (e) {
        fail(`call ${call}: ${label}: the map no longer answers: ${e.message}`);
      }
      try {
        m.free();
      } catch (e) {
        fail(`call ${call}: ${label}: free() failed: ${e.message}`);
      }
    }
    if (idx) {
      try {
        assert.equal(idx.nearest(CENTRE[0], CENTRE[1], 1).length <= 1, true);
        idx.free();
      } catch (e) {
        fail(`call ${call}: ${label}: the index no longer works or frees: ${e.message}`);
      }
    }
  }
  const grown = instances > 1 ? NaN : (wasm.memory.buffer.byteLength - memoryAtStart) / 2 ** 20;
  console.log(`fuzz: ${returned} returned, ${threw} refused with an Error, ${failures.length} failures, ${instances - 1} traps; wasm memory grew ${grown.toFixed(1)} MiB`);
  if (REPORT) for (const f of failures.slice(0, 200)) console.log(f);
  assert.deepEqual(failures, []);
});
