//! The campaign's records: inspection points, grid cells, responsibility zones,
//! problems and owners. Coordinates are WGS-84 `(lng, lat)` in degrees, always in
//! that order, as geo-types documents.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

/// A longitude/latitude pair in WGS-84 degrees.
pub type LngLat = (f64, f64);

/// Days since 1970-01-01 (a civil date; time of day is not kept).
pub type Day = i32;

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $variant:ident = $key:literal [$($alias:literal),*] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(
                #[doc = concat!("`", $key, "`", $(", ", $alias,)* ".")]
                $variant
            ),+
        }

        /// Reads the key or any alias, as [`Self::parse`] does.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key written in exports (English, snake_case).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// Parses a key or one of its Chinese or English aliases; the error
            /// lists what is accepted.
            pub fn parse(text: &str) -> Result<Self, String> {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($key) $(|| t == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                Err(format!(
                    "unknown {} `{}`; accepted: {}",
                    $what,
                    text,
                    [$(concat!($key $(, " / ", $alias)*)),+].join(", ")
                ))
            }
        }
    };
}

vocabulary! {
    /// What kind of place an inspection point is (实地考察点位的类别).
    Category, "category" {
        Market = "market" ["农贸市场", "市场", "farmers_market"],
        BackStreet = "back_street" ["背街小巷", "小巷", "alley"],
        ParkSquare = "park_square" ["公园广场", "公园", "广场", "park", "square"],
        Intersection = "intersection" ["交通路口", "路口"],
        PublicToilet = "public_toilet" ["公厕", "公共厕所", "toilet"],
        ConstructionSite = "construction_site" ["建筑工地", "工地"],
        School = "school" ["学校"],
        Community = "community" ["社区", "小区", "社区/小区", "residential"],
        ServiceWindow = "service_window" ["窗口单位", "窗口"],
        Station = "station" ["车站", "公交站", "火车站"],
        AdBoard = "ad_board" ["公益广告", "公益广告牌", "广告牌"],
        Other = "other" ["其他", "其它"],
    }
}

vocabulary! {
    /// What kind of problem was found (问题类别).
    ProblemKind, "problem category" {
        Bikes = "bikes" ["共享单车乱停放", "单车乱停", "shared_bikes"],
        Parking = "parking" ["机动车乱停放", "车辆占道", "违停"],
        Garbage = "garbage" ["垃圾未清运", "垃圾", "卫生死角"],
        Stalls = "stalls" ["占道经营", "流动摊贩", "乱摆摊"],
        Facilities = "facilities" ["设施损坏", "设施破损"],
        Ads = "ads" ["公益广告缺失", "公益广告"],
        Other = "other" ["其他", "其它"],
    }
}

vocabulary! {
    /// Where a problem stands in its rectification (整改).
    Status, "status" {
        Open = "open" ["待整改", "未整改"],
        Rectifying = "rectifying" ["整改中"],
        Closed = "closed" ["已销号", "已整改", "销号"],
    }
}

vocabulary! {
    /// How a problem came to the ledger.
    Source, "source" {
        OpenInspection = "open_inspection" ["明查"],
        CovertInspection = "covert_inspection" ["暗访"],
        Complaint = "complaint" ["群众投诉", "12345", "hotline", "投诉"],
        Media = "media" ["媒体曝光", "曝光"],
    }
}

/// 点位: a fixed place the assessment visits.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionPoint {
    /// Unique in its layer.
    pub id: String,
    /// E.g. 红湖农贸市场.
    pub name: String,
    /// What kind of place.
    pub category: Category,
    /// The person or unit holding this point directly (挂点), if any.
    pub owner: Option<String>,
    /// Where it is (WGS-84).
    pub lnglat: LngLat,
}

/// 网格: a unit grid cell. Its owner changes through planner assignments.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// Unique in its layer; often the 16-digit grid code.
    pub id: String,
    /// E.g. 红湖社区第3网格.
    pub name: Option<String>,
    /// The GB/T 30428.1 cell code, if the file has one.
    pub code: Option<String>,
    /// Who holds the cell now (an owner id), if anyone.
    pub owner: Option<String>,
    /// WGS-84.
    pub geometry: MultiPolygon<f64>,
}

/// 责任区: an area a leader holds at one of the four levels (四级包抓).
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Unique in its layer.
    pub id: String,
    /// E.g. 红湖社区包保责任区.
    pub name: String,
    /// The leader who holds it (an owner id).
    pub owner: String,
    /// 1 = district standing committee … 4 = section-level cadre.
    pub level: u8,
    /// WGS-84.
    pub geometry: MultiPolygon<f64>,
}

/// 问题: one entry of the problem ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Unique in the ledger.
    pub id: String,
    /// Where it was found (WGS-84).
    pub lnglat: LngLat,
    /// The inspection point where it was found, if any.
    pub point: Option<String>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// 1 (minor) to 3 (serious).
    pub severity: u8,
    /// Where its rectification stands.
    pub status: Status,
    /// The day it was found, if recorded.
    pub found: Option<Day>,
    /// 限时整改: the rectification deadline.
    pub deadline: Option<Day>,
    /// How it came to the ledger.
    pub source: Source,
}

impl Problem {
    /// A problem is overdue on `today` when it is not closed and its deadline has passed.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.status != Status::Closed && self.deadline.is_some_and(|d| d < today)
    }

    /// Whether the problem was found in the window `from..=to` (either end open when
    /// None). A problem without a found date is in no bounded window.
    #[inline]
    pub fn found_within(&self, from: Option<Day>, to: Option<Day>) -> bool {
        match (from, to) {
            (None, None) => true,
            _ => self
                .found
                .is_some_and(|f| from.is_none_or(|a| f >= a) && to.is_none_or(|b| f <= b)),
        }
    }

    /// Whole days past the deadline on `today` (0 when not overdue).
    pub fn days_overdue(&self, today: Day) -> i32 {
        match self.deadline {
            Some(d) if self.status != Status::Closed && d < today => today - d,
            _ => 0,
        }
    }
}

/// 责任人 / 责任单位: a leader or a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Owner {
    /// Unique in the list; what layers' `owner` fields name.
    pub id: String,
    /// A person's or unit's name.
    pub name: String,
    #[serde(default)]
    /// The unit a person belongs to, e.g. 区城管局.
    pub unit: String,
    /// 1–4 as for zones; 0 when not given.
    #[serde(default)]
    pub level: u8,
}

/// Whether `x` is a longitude in degrees, −180 to 180 (NaN is not).
#[inline]
pub fn is_lng(x: f64) -> bool {
    (-180.0..=180.0).contains(&x)
}

/// Whether `y` is a latitude in degrees, −90 to 90 (NaN is not).
#[inline]
pub fn is_lat(y: f64) -> bool {
    (-90.0..=90.0).contains(&y)
}

/// Checks a WGS-84 position: both numbers finite, longitude in -180..=180 and
/// latitude in -90..=90. The one range check of the crate (the GeoJSON reader, the
/// bulk path, point indexes); the error names the pair and says what is wrong, for
/// the caller to put after its own subject ("polygon 0 ring 0 position 3 …").
pub fn check_lnglat(p: LngLat) -> Result<LngLat, String> {
    let (lng, lat) = p;
    if !lng.is_finite() || !lat.is_finite() {
        return Err(format!("[{lng}, {lat}] is not finite"));
    }
    if !is_lng(lng) || !is_lat(lat) {
        return Err(format!(
            "[{lng}, {lat}] is out of range (longitude -180..180, latitude -90..90; is it [lat, lng] or projected metres?)"
        ));
    }
    Ok(p)
}

/// Parses an ISO date `YYYY-MM-DD` (a longer ISO timestamp is cut to its date):
/// four, two and two digits, nothing else — no signs, no short forms.
pub fn parse_day(text: &str) -> Result<Day, String> {
    let t = text.trim();
    let bad = || format!("`{text}` is not a date; write YYYY-MM-DD");
    let date = t.get(..10).ok_or_else(bad)?;
    if t.len() > 10 && !matches!(t.as_bytes()[10], b'T' | b' ') {
        return Err(bad());
    }
    // Exactly four, two and two ASCII digits: `str::parse` alone would take signs
    // ("2026-+1-+1", "+202-01-01").
    let shape_ok = date.bytes().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    if !shape_ok {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<i32>().map_err(|_| bad());
    let (y, m, d) = (num(&date[..4])?, num(&date[5..7])?, num(&date[8..10])?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d))
}

/// Serde helper: an optional `YYYY-MM-DD` field, as options and filters take it.
pub(crate) fn de_opt_day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| parse_day(&s).map_err(serde::de::Error::custom))
        .transpose()
}

/// Serde helper: writes an optional day as `YYYY-MM-DD` (or null).
pub(crate) fn ser_opt_day<S: serde::Serializer>(d: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
    d.map(format_day).serialize(s)
}

/// Formats a day as `YYYY-MM-DD`.
pub fn format_day(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms: ten lines instead of a date crate in the
// wasm module, and exact over the whole proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: i32, d: i32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: Day) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_known_values() {
        assert_eq!(parse_day("1970-01-01"), Ok(0));
        assert_eq!(parse_day("2026-11-23"), Ok(20_780));
        assert_eq!(parse_day("2024-02-29T08:00:00+08:00"), Ok(19_782));
        // Every year YYYY can write: 0000-01-01 to 9999-12-31.
        let (first, last) = (-719_528, 2_932_896);
        assert_eq!(format_day(first), "0000-01-01");
        assert_eq!(format_day(last), "9999-12-31");
        for day in (first..=last).step_by(997).chain([last]) {
            assert_eq!(parse_day(&format_day(day)), Ok(day), "{day}");
        }
    }

    #[test]
    fn bad_days_are_rejected() {
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "yesterday",
            "",
            "2025-01-01x",
            "2026-+1-+1",
            "+202-01-01",
            "-202-01-01",
            "2026-01-+1",
            " 2026-1-1 ",
            "2026-01-1\u{663}",
            "２０２６-01-01",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn vocabularies_accept_chinese_and_list_choices() {
        assert_eq!(Category::parse("农贸市场"), Ok(Category::Market));
        assert_eq!(Category::parse("Public_Toilet"), Ok(Category::PublicToilet));
        assert_eq!(Source::parse("12345"), Ok(Source::Complaint));
        assert_eq!(Status::parse("已销号"), Ok(Status::Closed));
        let err = Status::parse("done").unwrap_err();
        assert!(
            err.contains("open") && err.contains("closed / 已销号"),
            "{err}"
        );
        for c in Category::ALL {
            assert_eq!(Category::parse(c.key()), Ok(*c));
        }
    }

    #[test]
    fn overdue_needs_a_passed_deadline_and_an_open_status() {
        let mut p = Problem {
            id: "p".into(),
            lnglat: (112.6, 26.9),
            point: None,
            kind: ProblemKind::Garbage,
            severity: 2,
            status: Status::Open,
            found: Some(10),
            deadline: Some(20),
            source: Source::Complaint,
        };
        assert!(!p.is_overdue(20));
        assert!(p.is_overdue(21));
        assert_eq!(p.days_overdue(25), 5);
        p.status = Status::Closed;
        assert!(!p.is_overdue(25));
        assert_eq!(p.days_overdue(25), 0);
    }
}
