"""Gi* z-scores by PySAL, for tests/it/hotspots.rs.

Reads JSON from argv[1]: a list of cases, each {"x": [counts], "neighbours": [[ids
of each cell's neighbours, the cell itself NOT included]]}. Writes JSON to argv[2]:
a list of lists of z-scores (null where esda gives NaN), esda.G_Local(x, w, transform='B', star=True,
permutations=0).Zs, with w the binary libpysal W of those neighbour lists (star=True
adds each cell to its own neighbours).
"""
import json
import sys
import warnings

import esda
import libpysal
import numpy as np

warnings.filterwarnings('ignore')  # islands and the like: the cases have them on purpose

cases = json.load(open(sys.argv[1]))
out = []
for case in cases:
    x = np.asarray(case['x'], dtype=float)
    neighbours = {i: list(nb) for i, nb in enumerate(case['neighbours'])}
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    g = esda.G_Local(x, w, transform='B', star=True, permutations=0)
    # NaN (no variance) as null: JSON has no NaN.
    out.append([float(z) if np.isfinite(z) else None for z in np.asarray(g.Zs)])
json.dump(out, open(sys.argv[2], 'w'))
