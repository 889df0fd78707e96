"""SedonaDB and DuckDB (spatial extension, offline) against civicmap's own join.

For each GeoParquet data set given (civicmap's export: src/campaign/geoparquet.rs),
both engines run tests/py/cell_week_counts.sql — raw problem points joined to cell
polygons with ST_Intersects, the smallest cell id kept on shared edges, counted
per cell and ISO week — and the counts must equal exactly civicmap's:

- `counts.csv` beside the data set, written by tests/it/parquet.rs from the map's
  own join (`Map::problem_cells`, `iso_week_of`), when there is one;
- and always the `cell` and `week` columns civicmap wrote into every problem row.

    target/py/bin/python tests/py/sql_joins.py target/tmp/geoparquet/demo target/tmp/geoparquet/multi

Prints one line per check and closes with `sql: N passed, M failed`; exits 1 on
any failure. Options: `--engine sedonadb|duckdb` (one engine only), `--time`
(how long each engine took), `--no-check` (run the query and print its time and
size only: for timing a large data set under /usr/bin/time).

DuckDB's spatial extension is LOADed from the file in the duckdb-extension-spatial
wheel, with autoinstall and autoload off: nothing goes to the network.
"""

import csv
import datetime as dt
import glob
import os
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SQL = open(os.path.join(HERE, "cell_week_counts.sql"), encoding="utf-8").read()


def files(root, table):
    out = sorted(glob.glob(os.path.join(root, table, "**", "*.parquet"), recursive=True))
    if not out:
        raise SystemExit(f"{root}: no {table} files")
    return out


def iso_week(d):
    """`2026-W47`, as civicmap's iso_week_of names a week."""
    if isinstance(d, dt.datetime):
        d = d.date()
    elif not isinstance(d, dt.date):
        d = dt.date.fromisoformat(str(d)[:10])
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def from_csv(root):
    path = os.path.join(root, "counts.csv")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return Counter({(r["cell"], r["week"]): int(r["problems"]) for r in csv.DictReader(f)})


def from_columns(root):
    """The `cell` and `week` columns civicmap wrote, counted (pyarrow)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    t = ds.dataset(files(root, "problems"), format="parquet").to_table(columns=["cell", "week"])
    n = t.num_rows
    t = t.filter(pc.and_(pc.is_valid(t["cell"]), pc.is_valid(t["week"])))
    g = t.group_by(["cell", "week"]).aggregate([("cell", "count")])
    c = Counter()
    for cell, week, k in zip(g["cell"].to_pylist(), g["week"].to_pylist(), g["cell_count"].to_pylist()):
        c[(cell, week)] = k
    return c, n


def as_counts(rows):
    c = Counter()
    for cell, week, n in rows:
        c[(str(cell), iso_week(week))] += int(n)
    return c


SHARED = {}


def duckdb_counts(root):
    import duckdb
    import duckdb_extension_spatial

    ext = glob.glob(os.path.join(os.path.dirname(duckdb_extension_spatial.__file__), "extensions", "*", "spatial.duckdb_extension"))
    if not ext:
        raise SystemExit("duckdb-extension-spatial has no spatial.duckdb_extension")
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    # LOAD from the wheel's file: INSTALL would go to the network.
    con.execute(f"LOAD '{ext[0]}'")
    for table in ("problems", "cells"):
        # hive_partitioning off: district and month are columns already.
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files(root, table)!r}, hive_partitioning = false)")
    kind = con.execute("SELECT typeof(geometry) FROM cells LIMIT 1").fetchone()[0]
    if not kind.upper().startswith("GEOMETRY"):
        raise SystemExit(f"DuckDB read the cells' geometry as {kind}, not GEOMETRY: the geo metadata was not seen")
    # How many problems lie on more than one cell: where the tie rule decides.
    # (The district test inside the aggregate, as in the SQL file: in the join
    # condition it turns DuckDB's spatial join into an equality join, 400x slower.)
    SHARED[root] = con.execute(
        "SELECT count(*) FROM (SELECT count(CASE WHEN c.district_code = p.district_code THEN 1 END) AS n "
        "FROM problems p JOIN cells c ON ST_Intersects(c.geometry, p.geometry) "
        "GROUP BY p.district_code, p.id) WHERE n > 1"
    ).fetchone()[0]
    return con.execute(SQL).fetchall()


def sedonadb_counts(root):
    import sedonadb

    sd = sedonadb.connect()
    for table in ("problems", "cells"):
        df = sd.read_parquet(files(root, table))
        kind = str(df.schema).split("geometry:", 1)[1].split("\n", 1)[0]
        if "geometry<" not in kind:
            raise SystemExit(f"SedonaDB read the {table}' geometry as {kind.strip()}: the geo metadata was not seen")
        df.to_view(table)
    t = sd.sql(SQL).to_arrow_table()
    return zip(t["cell"].to_pylist(), t["week"].to_pylist(), t["problems"].to_pylist())


ENGINES = {"duckdb": duckdb_counts, "sedonadb": sedonadb_counts}


def main(argv):
    timing = "--time" in argv or "--no-check" in argv
    check = "--no-check" not in argv
    names = list(ENGINES)
    if "--engine" in argv:
        names = [argv[argv.index("--engine") + 1]]
    roots = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--engine")]
    passed = failed = 0
    for root in roots:
        if check:
            cols, n = from_columns(root)
            want = from_csv(root)
            if want is not None:
                if cols == want:
                    passed += 1
                    print(f"ok   civicmap {root}: the files' cell and week columns count as the map's join (counts.csv)")
                else:
                    failed += 1
                    print(f"FAIL civicmap {root}: the files' cell and week columns differ from the map's join (counts.csv)")
            else:
                want = cols
        for name in names:
            t0 = time.perf_counter()
            try:
                got = as_counts(ENGINES[name](root))
                err = None
            except Exception as e:  # a failure of the engine is a failed check, said plainly
                got, err = None, e
            took = time.perf_counter() - t0
            extra = f" in {took:.2f} s" if timing else ""
            if not check:
                if got is None:
                    failed += 1
                    print(f"FAIL {name} {root}: {err!r}")
                else:
                    passed += 1
                    print(f"ran  {name} {root}: {len(got)} (cell, week) groups, {sum(got.values())} problems joined{extra}")
                continue
            if got == want:
                passed += 1
                shared = f", {SHARED[root]} on shared edges or corners" if root in SHARED and name == "duckdb" else ""
                print(f"ok   {name} {root}: {n} problems{shared}; {len(want)} (cell, week) groups, {sum(want.values())} joined, equal to civicmap's join{extra}")
            else:
                failed += 1
                if got is None:
                    print(f"FAIL {name} {root}: {err!r}")
                else:
                    diff = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
                    print(f"FAIL {name} {root}: {len(diff)} of {len(want)} groups differ, e.g.")
                    for k in diff[:5]:
                        print(f"       {k}: engine {got.get(k)}, civicmap {want.get(k)}")
    # The tie rule must have been put to the test somewhere.
    if check and "duckdb" in names and roots and not any(SHARED.values()):
        failed += 1
        print("FAIL no problem lies on a shared edge in any data set: the tie rule went untested")
    print(f"sql: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
