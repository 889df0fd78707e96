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

/** A sequential colour (light to dark blue) for t in 0..1. */
export function sequential(t) {
  const a = [239, 243, 255];
  const b = [8, 69, 148];
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * Math.max(0, Math.min(1, t))));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
