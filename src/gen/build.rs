//! [`World::build`]: the grid from the outline, communities partitioned over it,
//! leaders and zones, inspection points, and who holds each cell — each stage from
//! its own random stream.

use super::district::District;
use super::grid::Grid;
use super::rng;
use super::world::{known_urban_centre, Options, World};
use super::{points, zones};

impl World {
    /// Builds the grid, zones, owners and points. Costs about a second for a
    /// 120 km² district (12 k cells); problems are not drawn here.
    pub fn build(district: &District, opts: &Options) -> World {
        let grid = Grid::build(&district.outline);
        let urban = opts
            .urban_centre
            .or_else(|| known_urban_centre(&district.adcode))
            .map(|p| grid.frame.lnglat_to_m(p))
            .filter(|&p| grid.cell_at_m(p).is_some())
            .unwrap_or_else(|| {
                use geo::InteriorPoint;
                grid.district_m
                    .interior_point()
                    .map_or((0.0, 0.0), |p| (p.x(), p.y()))
            });
        let coms = zones::communities(district);
        let mut zr = rng::stream(opts.seed, 1);
        let part = zones::partition(&grid, district, urban, &mut zr);

        // Cell codes: county 6 + street 3 + community 3 + sequence 4, numbered north
        // to south, then west to east, within each community.
        let n = grid.cells.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        let sq = |i: u32| grid.cells[i as usize].squares[0];
        order.sort_by_key(|&i| (part.community_of_cell[i as usize], -sq(i).1, sq(i).0));
        let mut cell_code = vec![String::new(); n];
        let mut seq = vec![0u32; coms.len()];
        for &i in &order {
            let k = part.community_of_cell[i as usize] as usize;
            seq[k] += 1;
            let (s, c) = coms[k];
            let code = &district.streets[s].communities[c].code;
            cell_code[i as usize] = format!("{}{:04}", &code[..12], seq[k].min(9999));
        }

        let mut w = World {
            district: district.clone(),
            opts: opts.clone(),
            grid,
            communities: coms,
            cell_community: part.community_of_cell,
            cell_code,
            cell_owner: vec![None; n],
            owners: vec![],
            zones: vec![],
            points: vec![],
            urban_m: urban,
        };
        let mut orr = rng::stream(opts.seed, 2);
        w.make_zones(
            &part.street_of_cell,
            &part.community_seed,
            &mut zr,
            &mut orr,
        );
        let mut pr = rng::stream(opts.seed, 3);
        points::place(&mut w, &part.community_seed, &mut pr, &mut orr);
        w.assign_cells(&mut zr);
        w
    }
}
