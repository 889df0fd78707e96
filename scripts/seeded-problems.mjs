// The measurement scripts' problems: n seeded positions over the demo's district
// (Park–Miller, seed 7) and severities 1–3 in turn, as loadProblemCoords takes them.
export function seededProblems(n) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const coords = new Float64Array(2 * n);
  const sev = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    coords[2 * i] = 112.52 + rnd() * 0.12;
    coords[2 * i + 1] = 26.85 + rnd() * 0.09;
    sev[i] = 1 + (i % 3);
  }
  return { coords, sev, rnd };
}
