//! The campaign's records: inspection points, grid cells, responsibility zones,
//! problems and owners. Coordinates are WGS-84 `(lng, lat)` in degrees, always in
//! that order, as geo-types documents.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

pub use civicmap_kernels::lnglat::{check_lnglat, is_lat, is_lng, LngLat};

/// Days since 1970-01-01 (a civil date; time of day is not kept).
pub type Day = i32;

mod day;
mod text;
pub(crate) use day::{civil_from_days, days_from_civil, de_opt_day, ser_day, ser_opt_day};
pub use day::{format_day, parse_day};
pub use text::trim;

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

        // For TypeScript (feature `typescript`): `<Name>Name`, the key or any alias,
        // what the readers of JSON inputs (`Self::parse`) accept.
        #[cfg(feature = "typescript")]
        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS: &str = concat!(
                "/** A ", $what, ": its key or one of its Chinese or English aliases. */\nexport type ",
                stringify!($name), "Name = ", stringify!($name)
                $($(, " | \"", $alias, "\"")*)+, ";"
            );
        };

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

            /// Each value's key.
            const KEYS: &'static [(&'static str, $name)] = &[$(($key, $name::$variant)),+];

            /// Each alias and its value.
            const ALIASES: &'static [(&'static str, $name)] =
                &[$($(($alias, $name::$variant),)*)+];

            /// The key written in exports (English, snake_case).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The value whose key (in any ASCII case) or alias `text` is, once
            /// trimmed; found in civicmap-text, compiled for speed (three words
            /// a problem, at opt-level z here, were most of 0.84× of a load).
            pub fn find(text: &str) -> Option<Self> {
                static WORDS: civicmap_text::Words =
                    civicmap_text::Words::new(&[$($key),+], &[$($($alias,)*)+]);
                let i = WORDS.find(text)?;
                match Self::KEYS.get(i) {
                    Some(&(_, v)) => Some(v),
                    None => Self::ALIASES.get(i - Self::KEYS.len()).map(|&(_, v)| v),
                }
            }

            /// Parses a key or one of its Chinese or English aliases; the error
            /// lists what is accepted.
            // Out of line: the readers and the journal call it from many places.
            #[inline(never)]
            pub fn parse(text: &str) -> Result<Self, String> {
                if let Some(v) = Self::find(text) {
                    return Ok(v);
                }
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
        Submitted = "submitted" ["待复查", "已提交复查"],
        Closed = "closed" ["已销号", "已整改", "销号"],
    }
}

impl Status {
    /// The ledger's own word for the status.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "待整改",
            Status::Rectifying => "整改中",
            Status::Submitted => "待复查",
            Status::Closed => "已销号",
        }
    }

    /// Not closed: someone still has to act (rectify, or re-check).
    pub fn is_unresolved(self) -> bool {
        self != Status::Closed
    }

    /// The problem cycle: the status a step leads to from this one, or None when the
    /// step is not allowed here. 待整改 open → (start) 整改中 rectifying → (submit)
    /// 待复查 submitted → (pass) 已销号 closed, or (fail, 复查未通过) back to
    /// rectifying; a closed problem that recurs is reopened; the deadline may be
    /// extended while open or rectifying. Recording is not a step from a status.
    pub fn after(self, action: Action) -> Option<Status> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::Open, A::Start) => Some(S::Rectifying),
            (S::Rectifying, A::Submit) => Some(S::Submitted),
            (S::Submitted, A::Pass) => Some(S::Closed),
            (S::Submitted, A::Fail) => Some(S::Rectifying),
            (S::Closed, A::Reopen) => Some(S::Open),
            (S::Open | S::Rectifying, A::Extend) => Some(self),
            _ => None,
        }
    }
}

vocabulary! {
    /// One step in a problem's life (see `campaign::cycle` for which step is allowed
    /// from which status).
    Action, "step" {
        Record = "record" ["登记"],
        Start = "start" ["开始整改"],
        Submit = "submit" ["提交复查", "申请复查"],
        Pass = "pass" ["复查通过", "验收销号"],
        Fail = "fail" ["复查未通过", "退回整改"],
        Extend = "extend" ["延期"],
        Reopen = "reopen" ["复发", "重新打开"],
    }
}

impl Action {
    /// The ledger's own word for the step.
    pub fn label(self) -> &'static str {
        match self {
            Action::Record => "登记",
            Action::Start => "开始整改",
            Action::Submit => "提交复查",
            Action::Pass => "复查通过",
            Action::Fail => "复查未通过",
            Action::Extend => "延期",
            Action::Reopen => "复发",
        }
    }
}

vocabulary! {
    /// How a problem came to the ledger.
    Source, "source" {
        OpenInspection = "open_inspection" ["明查"],
        CovertInspection = "covert_inspection" ["暗访"],
        Complaint = "complaint" ["群众投诉", "12345", "hotline", "投诉"],
        Media = "media" ["媒体曝光", "曝光", "媒体"],
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
    /// The lead holder (牵头); none while the zone waits for a planner to assign it.
    pub owner: Option<String>,
    /// Units or people holding the zone jointly with the lead (联合包抓: 3–5
    /// departments per community), owner ids or unit names, in the order given.
    pub members: Vec<String>,
    /// The administrative division the zone stands for, by its NBS name (蒸湘街道,
    /// 红湖社区), when it is one: what tables write in their street and community columns.
    pub division: Option<String>,
    /// 1 = district standing committee … 4 = section-level cadre.
    pub level: u8,
    /// WGS-84.
    pub geometry: MultiPolygon<f64>,
}

impl Zone {
    /// What a table calls the zone: its division, else its name, else its id.
    pub fn label(&self) -> &str {
        self.division
            .as_deref()
            .filter(|d| !d.is_empty())
            .or(Some(self.name.as_str()).filter(|n| !n.is_empty()))
            .unwrap_or(&self.id)
    }
}

/// Splits a list written as text (`区城管局、区教育局`, commas, semicolons) into its
/// trimmed, non-empty items, dropping repeats.
pub fn split_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for item in text.split(['、', ',', '，', ';', '；', '\n']) {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
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
    /// 限时整改: the rectification deadline (after any extension).
    pub deadline: Option<Day>,
    /// How it came to the ledger.
    pub source: Source,
    /// Note, photos, extension and steps; None when there are none. Boxed so a
    /// problem without them (the bulk path, older files) costs 8 bytes more, not
    /// ~100: a million bulk problems stay at ~96 MB instead of ~190 MB.
    pub log: Option<Box<ProblemLog>>,
}

/// What the ledger keeps about a problem beyond where and what it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProblemLog {
    /// What the supervisor wrote when recording it.
    pub note: Option<String>,
    /// References to photos (file names or URLs the host stores), in order taken.
    pub photos: Vec<String>,
    /// 延期: the one extension of the current round (cleared when reopened).
    pub extension: Option<Extension>,
    /// Every step, oldest first. Empty for problems loaded without a history.
    pub history: Vec<Step>,
}

impl ProblemLog {
    /// Nothing kept: the problem needs no log.
    pub fn is_empty(&self) -> bool {
        self.note.is_none()
            && self.photos.is_empty()
            && self.extension.is_none()
            && self.history.is_empty()
    }
}

/// 延期: the deadline was moved once, from `from` to the problem's deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Extension {
    /// The deadline before the extension.
    #[serde(serialize_with = "ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub from: Day,
    /// Why (required).
    pub reason: String,
}

/// One step of a problem's life: what was done, when, by whom, with what note, and
/// the status and deadline it left. Read by `io::record`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Step {
    /// What was done.
    pub action: Action,
    /// When ("YYYY-MM-DD").
    #[serde(serialize_with = "ser_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub on: Day,
    /// By whom.
    pub by: Option<String>,
    /// What they wrote.
    pub note: Option<String>,
    /// The status after the step.
    pub status: Status,
    /// The deadline after the step ("YYYY-MM-DD").
    #[serde(serialize_with = "ser_opt_day")]
    #[cfg_attr(feature = "typescript", tsify(type = "string | null"))]
    pub deadline: Option<Day>,
}

impl Problem {
    /// A problem is overdue on `today` when it is not closed (open, rectifying or
    /// waiting for its re-check) and its deadline has passed.
    pub fn is_overdue(&self, today: Day) -> bool {
        self.status.is_unresolved() && self.deadline.is_some_and(|d| d < today)
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
            Some(d) if self.status.is_unresolved() && d < today => today - d,
            _ => 0,
        }
    }

    /// The supervisor's note, if any.
    pub fn note(&self) -> Option<&str> {
        self.log.as_ref().and_then(|l| l.note.as_deref())
    }

    /// Photo references (file names or URLs).
    pub fn photos(&self) -> &[String] {
        self.log.as_ref().map_or(&[], |l| &l.photos)
    }

    /// The deadline extension granted, if any.
    pub fn extension(&self) -> Option<&Extension> {
        self.log.as_ref().and_then(|l| l.extension.as_ref())
    }

    /// Every step taken, oldest first.
    pub fn history(&self) -> &[Step] {
        self.log.as_ref().map_or(&[], |l| &l.history)
    }

    /// The log, created when missing (for adding to it).
    pub fn log_mut(&mut self) -> &mut ProblemLog {
        self.log.get_or_insert_with(Default::default)
    }

    /// Whether the history tells one story that ends where the problem is: each
    /// step allowed from the status before it ([`Status::after`]; a history loaded
    /// from elsewhere may begin mid-way), dates in order and not before `found`,
    /// the last step leaving the problem's status and deadline, an extension that
    /// moved the deadline later. The reason names the step at fault.
    pub fn check_history(&self) -> Result<(), String> {
        let h = self.history();
        for (i, s) in h.iter().enumerate() {
            // Named only when wrong (a formatted name per step was 4 % of a load).
            let what = || format!("step {i} ({})", s.action.key());
            let ok = match (i, s.action) {
                (0, Action::Record) => s.status == Status::Open,
                (_, Action::Record) => false,
                (0, a) => Status::ALL.iter().any(|f| f.after(a) == Some(s.status)),
                (_, a) => h[i - 1].status.after(a) == Some(s.status),
            };
            if !ok {
                let from = i.checked_sub(1).map_or("the start".into(), |j| {
                    format!("status {}", h[j].status.key())
                });
                return Err(format!(
                    "{} cannot lead from {from} to {}",
                    what(),
                    s.status.key()
                ));
            }
            if let Some(f) = self.found.filter(|&f| s.on < f) {
                return Err(format!(
                    "{} on {} is before the problem was found ({})",
                    what(),
                    format_day(s.on),
                    format_day(f)
                ));
            }
            if i > 0 && s.on < h[i - 1].on {
                return Err(format!(
                    "{} on {} is before the step before it ({})",
                    what(),
                    format_day(s.on),
                    format_day(h[i - 1].on)
                ));
            }
            if s.by.as_deref().is_some_and(|b| b.trim().is_empty()) {
                return Err(format!("{}: `by` is empty", what()));
            }
        }
        if let Some(last) = h.last() {
            if last.status != self.status {
                return Err(format!(
                    "the last step leaves status {} but the problem's status is {}",
                    last.status.key(),
                    self.status.key()
                ));
            }
            if last.deadline != self.deadline {
                let d = |d: Option<Day>| d.map_or("none".into(), format_day);
                return Err(format!(
                    "the last step leaves deadline {} but the problem's deadline is {}",
                    d(last.deadline),
                    d(self.deadline)
                ));
            }
        }
        if let Some(e) = self.extension() {
            if self.deadline.is_none_or(|d| d <= e.from) {
                return Err(format!(
                    "the extension from {} does not move the deadline later",
                    format_day(e.from)
                ));
            }
        }
        Ok(())
    }
}

/// 责任人 / 责任单位: a leader or a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Owner {
    /// Unique in the list; what layers' `owner` fields name.
    pub id: String,
    /// A person's or unit's name.
    pub name: String,
    #[serde(default)]
    /// The unit a person belongs to, e.g. 区城管局.
    pub unit: String,
    /// 职务, as the responsibility table writes it (区委常委、副区长).
    #[serde(default)]
    pub title: String,
    /// 1–4 as for zones; 0 when not given.
    #[serde(default)]
    pub level: u8,
}

/// A photo reference: a file name or path, or an http(s), blob or data URL. Other
/// schemes (`javascript:`) are refused: the page turns references into links.
pub fn check_photo(r: &str) -> std::result::Result<(), String> {
    let scheme = r.split_once(':').map_or("", |(s, _)| s);
    // A scheme is letters (`C:\…` is a Windows path, not one); a colon later in a
    // name (`a:b.jpg` after a slash) is not a scheme either.
    let scheme_ok = scheme.len() < 2
        || !scheme.bytes().all(|c| c.is_ascii_alphabetic())
        || ["http", "https", "blob", "data"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s));
    if r.trim().is_empty() || r.len() > 2048 || r.chars().any(char::is_control) || !scheme_ok {
        return Err(format!(
            "`{r}` is not a photo reference; give a file name or an http(s), blob or data URL (at most 2048 characters, one line)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// `parse` tries every key before any alias: that gives each word's own
    /// value only while no two words of a vocabulary are the same (keys ignoring
    /// ASCII case). Every word, in any ASCII case for keys, reads as its value.
    #[test]
    fn vocabulary_words_are_distinct_and_read_as_their_value() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            keys: &[(&str, T)],
            aliases: &[(&str, T)],
            parse: fn(&str) -> Result<T, String>,
        ) {
            let words: Vec<String> = keys
                .iter()
                .chain(aliases)
                .map(|(w, _)| w.to_ascii_lowercase())
                .collect();
            let unique: std::collections::HashSet<_> = words.iter().collect();
            assert_eq!(unique.len(), words.len(), "{words:?}");
            for &(k, v) in keys {
                assert!(
                    k.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'),
                    "{k}"
                );
                assert_eq!(parse(k), Ok(v));
                assert_eq!(parse(&k.to_ascii_uppercase()), Ok(v));
                assert_eq!(parse(&format!(" {k}\t")), Ok(v));
            }
            for &(a, v) in aliases {
                assert_eq!(parse(a), Ok(v));
            }
        }
        check(Category::KEYS, Category::ALIASES, Category::parse);
        check(ProblemKind::KEYS, ProblemKind::ALIASES, ProblemKind::parse);
        check(Status::KEYS, Status::ALIASES, Status::parse);
        check(Source::KEYS, Source::ALIASES, Source::parse);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// `parse` gives what the plain reading gives (the key equal ignoring ASCII
        /// case, else the alias equal, after `str::trim`): for every word of every
        /// vocabulary in any ASCII case, with whitespace around, cut short, one
        /// byte changed, and for other text.
        #[test]
        fn parse_is_the_plain_reading(
            pick in 0usize..1000,
            case in proptest::collection::vec(proptest::bool::ANY, 24),
            pad in proptest::bool::ANY,
            cut in proptest::option::of(0usize..24),
            change in proptest::option::of((0usize..24, 0u8..128)),
            other in "[ a-z_A-Z0-9\\u{4e00}-\\u{4e20}\\u{3000}]{0,8}",
        ) {
            fn plain<T: Copy>(keys: &[(&str, T)], aliases: &[(&str, T)], text: &str) -> Option<T> {
                let t = text.trim();
                keys.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(t))
                    .or_else(|| aliases.iter().find(|(a, _)| *a == t))
                    .map(|&(_, v)| v)
            }
            fn word<T>(keys: &[(&str, T)], aliases: &[(&str, T)], pick: usize) -> Option<String> {
                let all: Vec<&str> = keys.iter().chain(aliases).map(|(w, _)| *w).collect();
                (pick < 900).then(|| all[pick % all.len()].to_string())
            }
            fn vary(w: String, case: &[bool], pad: bool, cut: Option<usize>, change: Option<(usize, u8)>) -> String {
                let mut b: Vec<u8> = w.into_bytes();
                for (c, up) in b.iter_mut().zip(case) {
                    if *up {
                        *c = c.to_ascii_uppercase();
                    }
                }
                if let Some(n) = cut.filter(|_| !case[0] || !case[1]) {
                    b.truncate(n);
                }
                if let Some((i, c)) = change.filter(|_| case[2]) {
                    if let Some(x) = b.get_mut(i) {
                        *x = c;
                    }
                }
                let s = String::from_utf8_lossy(&b).into_owned();
                if pad { format!(" {s}\u{3000}") } else { s }
            }
            macro_rules! same {
                ($t:ty) => {{
                    let text = word(<$t>::KEYS, <$t>::ALIASES, pick)
                        .map_or_else(|| other.clone(), |w| vary(w, &case, pad, cut, change));
                    proptest::prop_assert_eq!(
                        <$t>::parse(&text).ok(),
                        plain(<$t>::KEYS, <$t>::ALIASES, &text),
                        "{:?}", text
                    );
                }};
            }
            same!(Category);
            same!(ProblemKind);
            same!(Status);
            same!(Action);
            same!(Source);
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
            log: None,
        };
        assert!(!p.is_overdue(20));
        assert!(p.is_overdue(21));
        assert_eq!(p.days_overdue(25), 5);
        p.status = Status::Submitted;
        assert!(p.is_overdue(25), "waiting for the re-check is not closed");
        p.status = Status::Closed;
        assert!(!p.is_overdue(25));
        assert_eq!(p.days_overdue(25), 0);
    }
}
