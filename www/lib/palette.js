import { RAMP } from './heat.js';

// Colours for owners on the stand-in assignment drawing (the core's renderAssignment,
// when present, picks colours so that neighbouring owners differ).

// Tableau 10, a common categorical palette.
const CATEGORICAL = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#e15759', '#9c755f', '#ff9da7', '#bab0ac'];

/** A stable colour for an owner id. */
export function ownerColor(id) {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return CATEGORICAL[(h >>> 0) % CATEGORICAL.length];
}

/** A sequential colour for t in 0..1: YlOrRd, as the core's workload maps. */
export function sequential(t) {
  const k = Math.round(Math.max(0, Math.min(1, t)) * 255) * 4;
  return `rgb(${RAMP[k]},${RAMP[k + 1]},${RAMP[k + 2]})`;
}
