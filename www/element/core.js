// The wasm core as the element uses it: loaded once per page. Coordinate systems
// are named and converted only by the core (crsName, convertCoords): the page keeps
// no copy of its rules.
import init, { CivicMap, convertCoords, crsName } from '../pkg/civicmap.js';

let wasmReady = null;
/** Loads the wasm module once per page; resolves when CivicMap can be constructed. */
export function loadWasm() {
  wasmReady ??= init({ module_or_path: new URL('../pkg/civicmap_bg.wasm', import.meta.url) });
  return wasmReady;
}

export { CivicMap };

/** The core's canonical name of a coordinate system ('wgs84' when empty); throws the core's error for unknown names. */
export function canonicalCrs(name) {
  return crsName(name || 'wgs84');
}

/** A flat lng, lat array converted between two canonical systems (a copy when they are the same). */
export function convert(flat, from, to) {
  if (from === to || !flat.length) return Float64Array.from(flat);
  return convertCoords(flat instanceof Float64Array ? flat : Float64Array.from(flat), from, to);
}
