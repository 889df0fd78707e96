// The wasm core as the element uses it: loaded once per page. Coordinate systems
// are named and converted only by the core (crsName, convertCoords): the page keeps
// no copy of its rules.
// Through the package's main entry (../index.js), so that a portal that calls
// `init(url)` itself and this element share one module.
import init, { CivicMap, convertCoords, crsName, detectLayer, readOutline } from '../index.js';

/**
 * Loads the wasm module once per page (init memoises); resolves when CivicMap can be
 * constructed. The module's URL is the entry's default unless the portal called
 * `init(url)` first.
 */
export function loadWasm() {
  return init();
}

export { CivicMap, detectLayer };

/**
 * A district outline file (text or bytes) read by the core: its rings as lines of
 * [lng, lat] in WGS-84 (the file's crs converted), the features' names, and the
 * load report ({loaded, rejected}) naming each feature the core refused.
 */
export function outlineOf(text, opts) {
  const o = readOutline(text, opts);
  try {
    const [coords, ends] = [o.coords, o.ringEnds];
    const lines = [];
    let start = 0;
    for (const end of ends) {
      const line = new Array(end - start);
      for (let k = start; k < end; k++) line[k - start] = [coords[2 * k], coords[2 * k + 1]];
      lines.push(line);
      start = end;
    }
    return { lines, names: o.names, report: o.report };
  } finally {
    o.free();
  }
}

/** The core's canonical name of a coordinate system ('wgs84' when empty); throws the core's error for unknown names. */
export function canonicalCrs(name) {
  return crsName(name || 'wgs84');
}

/** A flat lng, lat array converted between two canonical systems (a copy when they are the same). */
export function convert(flat, from, to) {
  if (from === to || !flat.length) return Float64Array.from(flat);
  return convertCoords(flat instanceof Float64Array ? flat : Float64Array.from(flat), from, to);
}
