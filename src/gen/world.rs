//! What the generator makes: its options, the people, zones and points, and the
//! [`World`] that holds them with the grid; the demo's settings.

use super::district::District;
use super::grid::Grid;
use crate::model::{parse_day, Category, Day, LngLat};

/// The committed demo (data/demo/) is `civicmap gen` with these settings and the
/// defaults otherwise; tests/it/gen.rs checks the files have not drifted.
pub const DEMO_DISTRICT: &str = "430408";
/// The demo's seed.
pub const DEMO_SEED: u64 = 42;
/// The demo's number of problems.
pub const DEMO_PROBLEMS: usize = 6_000;

/// Credit required wherever the Tianditu outline is shown.
pub const TIANDITU_CREDIT: &str = "数据来源：天地图";

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Same seed, same bytes.
    pub seed: u64,
    /// Number of problems (10 k to 10 M are all fine; the writer streams).
    pub problems: usize,
    /// The ledger's "today": problems are found in the 91 days before it, and
    /// overdue is judged on it. A fixed date, so output does not depend on the clock.
    pub as_of: Day,
    /// Where the urban core lies (WGS-84); default: a built-in guess for known
    /// districts, else the district's interior point.
    pub urban_centre: Option<LngLat>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: DEMO_SEED,
            problems: DEMO_PROBLEMS,
            as_of: parse_day("2026-11-20").expect("a valid date"),
            urban_centre: None,
        }
    }
}

/// A hand-picked point in the urban core of districts we ship data for: the
/// generator places 街道 and 社区 near it and towns and villages away from it.
/// Approximate, and only a layout hint for synthetic shapes.
pub fn known_urban_centre(adcode: &str) -> Option<LngLat> {
    match adcode {
        "430408" => Some((112.585, 26.895)), // 蒸湘区: east side, towards the Xiang
        "610102" => Some((108.96, 34.265)),  // 新城区: by the city wall
        _ => None,
    }
}

/// A person (or unit) in owners.json.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOwner {
    /// `L<level>-<n>`.
    pub id: String,
    /// A made-up name.
    pub name: String,
    /// The department or office.
    pub unit: String,
    /// Post, e.g. 区委常委、副区长.
    pub title: String,
    /// 1 (district standing committee) to 4 (section-level cadre).
    pub level: u8,
}

/// A responsibility zone: a union of whole cells.
#[derive(Debug, Clone, PartialEq)]
pub struct GenZone {
    /// `Z<level>-…`.
    pub id: String,
    /// E.g. 红湖社区包保责任区.
    pub name: String,
    /// NBS code of the street or community it stands for, if any.
    pub code: Option<String>,
    /// The division's everyday name (蒸湘街道, 红湖社区, 新竹村), if it stands for one.
    pub division: Option<String>,
    /// The leader holding it.
    pub owner: String,
    /// 1 to 4.
    pub level: u8,
    /// Departments that hold it jointly with the owner (3–5 departments per community).
    pub units: Vec<String>,
    /// Why this zone overlaps another (a deliberate conflict), if it does.
    pub note: Option<String>,
    /// Its cells (positions in the grid).
    pub cells: Vec<u32>,
}

/// An inspection point.
#[derive(Debug, Clone, PartialEq)]
pub struct GenPoint {
    /// `D<nnnn>`.
    pub id: String,
    /// Named after its community, e.g. 红湖农贸市场.
    pub name: String,
    /// What kind of place.
    pub category: Category,
    /// The cadre holding it directly, if any.
    pub owner: Option<String>,
    /// Position in micro-degrees (what the file holds).
    pub micro: (i64, i64),
    /// Position in the district's metric frame.
    pub m: (f64, f64),
    /// The cell it lies in.
    pub cell: u32,
    /// Its community (index into `World::communities`).
    pub community: u32,
}

/// Everything but the problems, which are drawn on demand
/// ([`World::write_problems`], [`World::problems`], [`World::problem_coords`]).
pub struct World {
    /// The real district.
    pub district: District,
    /// What was asked for.
    pub opts: Options,
    /// The unit grid clipped to the outline.
    pub grid: Grid,
    /// `(street, community)` indices into `district.streets`, in file order.
    pub communities: Vec<(usize, usize)>,
    /// The community of each cell.
    pub cell_community: Vec<u32>,
    /// 16-digit GB/T 30428.1 codes.
    pub cell_code: Vec<String>,
    /// The owner of each cell (none: not yet assigned).
    pub cell_owner: Vec<Option<String>>,
    /// The people, levels 1 to 4.
    pub owners: Vec<GenOwner>,
    /// The responsibility zones.
    pub zones: Vec<GenZone>,
    /// The inspection points.
    pub points: Vec<GenPoint>,
    pub(crate) urban_m: (f64, f64),
}
