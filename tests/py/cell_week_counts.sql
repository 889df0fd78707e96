-- Problems per grid cell and ISO week, joined from raw geometry by the engine
-- itself: what a campaign office's SQL would run over civicmap's GeoParquet
-- export (`civicmap export --geoparquet OUT`), ignoring the join columns civicmap
-- already filled in. The same text runs on SedonaDB and on DuckDB with its spatial
-- extension (tests/py/sql_joins.py), and should on Apache Sedona (Spark SQL).
--
-- Tables (views over the export; tests/py/sql_joins.py shows how each engine
-- opens them):
--   problems  OUT/problems/**/*.parquet  id, district_code, found (DATE),
--                                         geometry (WKB Point, OGC:CRS84)
--   cells     OUT/cells/**/*.parquet     id, district_code,
--                                         geometry (WKB Polygon / MultiPolygon)
--
-- The shared-edge rule. ST_Intersects holds for every cell whose boundary a point
-- touches, so a point on an edge shared by two cells, or a corner shared by four,
-- matches all of them. civicmap gives such a point to the cell with the smallest
-- id, in byte order of the id text, whatever order the cells were loaded in
-- (src/campaign/query.rs `Map::cell_at`; the index keeps each cell's rank in id
-- order, `Map::cell_rank`, and takes the smallest rank among the cells holding
-- the point). So this query keeps, for each problem, min(c.id) over the cells it
-- intersects. Both engines compare text byte by byte (no collation), as Rust does.
-- A problem in no cell is in no group.
--
-- Districts. Each district is its own map in civicmap: a problem is joined to its
-- own district's cells only. Two districts' grids can touch along their common
-- border, so only cells of the problem's district count; the test is inside the
-- aggregate (CASE), not in the join condition, so that the engines still plan a
-- spatial join rather than an equality join on the district with the spatial
-- test as a filter. A problem is identified by (district_code, id): ids are
-- unique within a district.
--
-- The week is the ISO week, named by its Monday (date_trunc('week', …) is Monday
-- in both engines); problems without a date found are left out, as the weekly
-- bulletin leaves them out.
WITH hits AS (
    SELECT p.district_code,
           p.id,
           p.found,
           min(CASE WHEN c.district_code = p.district_code THEN c.id END) AS cell
    FROM problems p
    JOIN cells c ON ST_Intersects(c.geometry, p.geometry)
    WHERE p.found IS NOT NULL
    GROUP BY p.district_code, p.id, p.found
)
SELECT cell,
       CAST(date_trunc('week', found) AS DATE) AS week,
       count(*) AS problems
FROM hits
WHERE cell IS NOT NULL
GROUP BY cell, CAST(date_trunc('week', found) AS DATE)
ORDER BY cell, week
