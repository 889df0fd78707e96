//! The bulletin's text: the A4 HTML page (print CSS, every text from the data
//! escaped) and its CSV tables (UTF-8 with a byte-order mark, CRLF, every field
//! quoted, formula-looking text neutralised exactly as the page's `csvField` in
//! www/element/export.js does).

use civicmap::heat::LegendStop;
use civicmap::hotspots::HotspotLegend;
use civicmap::scores::{Scores, Tally, UnitScore};
use civicmap::{format_day, Day, ProblemKind, Source, Status};
use std::fmt::Write;

/// Everything the page shows.
pub struct Bulletin<'a> {
    pub title_week: String,
    pub district: Option<String>,
    pub source: Vec<String>,
    pub synthetic: bool,
    pub streets: &'a Scores,
    pub communities: &'a Scores,
    pub overdue: &'a [Overdue],
    pub images: &'a Images,
}

/// The two maps (PNG bytes) and their legends.
pub struct Images {
    pub heat: Vec<u8>,
    pub hotspots: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub heat_legend: Vec<LegendStop>,
    pub hotspot_legend: Vec<HotspotLegend>,
    pub hotspot_band_m: f64,
}

/// One overdue problem and who holds it.
pub struct Overdue {
    pub id: String,
    pub days: i32,
    pub deadline: Day,
    pub found: Option<Day>,
    pub category: ProblemKind,
    pub status: Status,
    pub source: Source,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub unit: Option<String>,
    pub street: Option<String>,
    pub community: Option<String>,
    pub point: Option<String>,
}

/// Text as HTML text: `& < > " '` escaped.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// One CSV field, quoted; text a spreadsheet would run as a formula (starting with
/// `= + - @`, a tab or a carriage return) gets a leading `'`, as `csvField` does.
pub fn csv_field(s: &str) -> String {
    let lead = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    format!(
        "\"{}{}\"",
        if lead { "'" } else { "" },
        s.replace('"', "\"\"")
    )
}

/// A number as a CSV field: written plainly (a number we computed is no formula,
/// and a spreadsheet reads `-2` as minus two).
fn csv_num(s: String) -> String {
    format!("\"{s}\"")
}

fn csv(rows: Vec<Vec<String>>) -> String {
    let mut out = String::from("\u{feff}");
    for r in rows {
        out.push_str(&r.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn kind_label(k: ProblemKind) -> &'static str {
    match k {
        ProblemKind::Bikes => "共享单车乱停放",
        ProblemKind::Parking => "机动车乱停放",
        ProblemKind::Garbage => "垃圾未清运",
        ProblemKind::Stalls => "占道经营",
        ProblemKind::Facilities => "设施损坏",
        ProblemKind::Ads => "公益广告缺失",
        ProblemKind::Other => "其他",
    }
}

pub fn source_label(s: Source) -> &'static str {
    match s {
        Source::OpenInspection => "明查",
        Source::CovertInspection => "暗访",
        Source::Complaint => "群众投诉",
        Source::Media => "媒体曝光",
    }
}

fn pct(a: u32, b: u32) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.1}")
    } else if x < 0.0 {
        format!("{x:.1}")
    } else {
        "0.0".into()
    }
}

fn rank_move(c: i32) -> String {
    match c {
        0 => "—".into(),
        c if c > 0 => format!("↑{c}"),
        c => format!("↓{}", -c),
    }
}

/// Rows of the week-against-week summary: label, this week, last week.
fn summary_rows(s: &Scores) -> Vec<(&'static str, String, String)> {
    let (a, b) = (&s.totals, &s.previous_totals);
    let n = |f: fn(&Tally) -> u32| (f(a).to_string(), f(b).to_string());
    let mut rows = vec![];
    let mut push = |l, (x, y)| rows.push((l, x, y));
    push("发现问题（件）", n(|t| t.found));
    push(
        "其中 明查 / 暗访 / 投诉 / 媒体",
        (
            a.by_source.map(|v| v.to_string()).join(" / "),
            b.by_source.map(|v| v.to_string()).join(" / "),
        ),
    );
    push(
        "加权问题数",
        (format!("{:.1}", a.weighted), format!("{:.1}", b.weighted)),
    );
    push(
        "每平方公里加权问题数",
        (format!("{:.2}", a.per_km2), format!("{:.2}", b.per_km2)),
    );
    push("期内销号（件）", n(|t| t.closed));
    push("期末未销号（件）", n(|t| t.open));
    push("期末逾期（件）", n(|t| t.overdue));
    push("到期问题（件）", n(|t| t.due));
    push("按时整改（件）", n(|t| t.on_time));
    push("按时整改率", (pct(a.on_time, a.due), pct(b.on_time, b.due)));
    push("复发问题（件）", n(|t| t.recurrences));
    rows
}

const STYLE: &str = "\
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', SimSun, sans-serif;
  font-size: 10pt; line-height: 1.45; color: #111; max-width: 186mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; color: #b30000; letter-spacing: 2pt; }
.meta { text-align: center; margin: 0 0 4mm; border-bottom: 2px solid #b30000; padding-bottom: 2mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2mm; }
th, td { border: 1px solid #888; padding: 1px 4px; text-align: right; }
th { background: #eee; text-align: center; }
td.t { text-align: left; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr.bottom td { background: #fde0dd; font-weight: bold; }
.named { font-weight: bold; color: #b30000; }
.maps { display: flex; gap: 3mm; break-inside: avoid; page-break-inside: avoid; }
.maps figure { margin: 0; flex: 1; }
.maps img { width: 100%; border: 1px solid #888; }
figcaption { font-size: 9pt; }
.key { display: flex; flex-wrap: wrap; gap: 1mm 3mm; font-size: 8.5pt; }
.sw { display: inline-block; width: 4mm; height: 3mm; border: 1px solid #999; vertical-align: middle; margin-right: 1mm; }
.note { font-size: 8.5pt; color: #333; }
footer { margin-top: 5mm; border-top: 1px solid #888; padding-top: 2mm; font-size: 8.5pt; }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
";

/// The page.
pub fn page(b: &Bulletin) -> String {
    let s = b.streets;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>创建文明城市工作周通报 {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&b.title_week)
    );
    let _ = writeln!(h, "<h1>创建文明城市工作周通报</h1>");
    let _ = writeln!(
        h,
        "<p class=\"meta\">{}{}（{} 至 {}）· 台账日期 {} · 与上期（{} 至 {}）对比</p>",
        b.district
            .as_deref()
            .map(|d| format!("{} · ", esc(d)))
            .unwrap_or_default(),
        esc(&b.title_week),
        format_day(s.from),
        format_day(s.to),
        s.as_of.map_or("未声明".into(), format_day),
        format_day(s.previous_from),
        format_day(s.previous_to),
    );
    if s.end < s.to {
        let _ = writeln!(
            h,
            "<p class=\"note\">台账截至 {}：本期未销号、逾期按该日统计，此后到期的问题不计入到期数。</p>",
            format_day(s.end)
        );
    }

    h.push_str("<h2>一、本期概况</h2>\n<table>\n<thead><tr><th>指标</th><th>本期</th><th>上期</th></tr></thead>\n<tbody>\n");
    for (label, now, before) in summary_rows(s) {
        let _ = writeln!(
            h,
            "<tr><td class=\"t\">{label}</td><td>{}</td><td>{}</td></tr>",
            esc(&now),
            esc(&before)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if s.unattributed > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\">本期另有 {} 件问题不在任何街道责任区内，计入概况，不计入排名。</p>",
            s.unattributed
        );
    }

    ranking(&mut h, "二、街道排名", "街道", s);
    ranking(&mut h, "三、社区排名", "社区", b.communities);
    maps(&mut h, b.images);
    overdue(&mut h, b.overdue, s.end);
    method(&mut h, s);

    let _ = write!(
        h,
        "<footer>{}{}。本通报由 civicmap bulletin 依据问题台账生成；评分、排名与地图均由同一台账计算。</footer>\n</body>\n</html>\n",
        if b.source.is_empty() {
            "数据来源：问题台账".to_string()
        } else {
            b.source.iter().map(|x| esc(x)).collect::<Vec<_>>().join("；")
        },
        if b.synthetic {
            "。注意：本数据为合成演示数据，人名、点位与问题均为虚构"
        } else {
            ""
        }
    );
    h
}

fn ranking(h: &mut String, title: &str, what: &str, s: &Scores) {
    let _ = writeln!(h, "<h2>{title}</h2>");
    let named: Vec<String> = s
        .units
        .iter()
        .filter(|u| u.bottom)
        .map(|u| format!("<span class=\"named\">{}</span>", esc(&u.name)))
        .collect();
    if !named.is_empty() {
        let _ = writeln!(
            h,
            "<p>排名后{}位（通报）：{}。</p>",
            s.bottom,
            named.join("、")
        );
    }
    let _ = writeln!(
        h,
        "<table>\n<thead><tr><th>名次</th><th>{what}</th><th>责任人</th><th>得分</th><th>较上期</th>\
         <th>名次变化</th><th>发现</th><th>加权/km²</th><th>逾期/未销号</th><th>按时/到期</th><th>复发</th></tr></thead>\n<tbody>"
    );
    for u in &s.units {
        let t = &u.tally;
        let _ = writeln!(
            h,
            "<tr{}><td>{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{:.1}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{:.2}</td><td>{}/{}</td><td>{}/{}</td><td>{}</td></tr>",
            if u.bottom { " class=\"bottom\"" } else { "" },
            u.rank,
            esc(&u.name),
            esc(u.holder.as_deref().unwrap_or("")),
            u.score,
            signed(u.score_change),
            rank_move(u.rank_change),
            t.found,
            t.per_km2,
            t.overdue,
            t.open,
            t.on_time,
            t.due,
            t.recurrences
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn maps(h: &mut String, im: &Images) {
    h.push_str("<h2>四、问题分布</h2>\n<div class=\"maps\">\n");
    let _ = write!(
        h,
        "<figure><img alt=\"本期发现问题热力图\" width=\"{}\" height=\"{}\" src=\"data:image/png;base64,{}\">\
         <figcaption>本期发现问题密度（件/平方公里，核半径 250 米）</figcaption><div class=\"key\">",
        im.width,
        im.height,
        base64(&im.heat)
    );
    for s in &im.heat_legend {
        let _ = write!(
            h,
            "<span><span class=\"sw\" style=\"background:{}\"></span>{:.0}</span>",
            esc(&s.color),
            s.value
        );
    }
    let _ = write!(
        h,
        "</div></figure>\n<figure><img alt=\"本期热点冷点图\" width=\"{}\" height=\"{}\" src=\"data:image/png;base64,{}\">\
         <figcaption>热点分析（Getis-Ord Gi*，距离带 {:.0} 米，FDR 控制）</figcaption><div class=\"key\">",
        im.width,
        im.height,
        base64(&im.hotspots),
        im.hotspot_band_m
    );
    for l in im.hotspot_legend.iter().filter(|l| l.confidence != 0) {
        let label = l.label.split(" · ").next().unwrap_or(&l.label);
        let _ = write!(
            h,
            "<span><span class=\"sw\" style=\"background:{}\"></span>{} {} 格</span>",
            esc(&l.color),
            esc(label),
            l.cells
        );
    }
    h.push_str("</div></figure>\n</div>\n");
}

/// Overdue problems grouped by holder: count, most days, the five longest.
fn overdue(h: &mut String, rows: &[Overdue], end: Day) {
    let _ = writeln!(
        h,
        "<h2>五、逾期问题（按责任人，截至 {}）</h2>",
        format_day(end)
    );
    if rows.is_empty() {
        h.push_str("<p>无逾期问题。</p>\n");
        return;
    }
    // Holders in order of their longest overdue problem (rows come longest first).
    let mut holders: Vec<(Option<&str>, Vec<&Overdue>)> = vec![];
    for r in rows {
        match holders.iter_mut().find(|(o, _)| *o == r.owner.as_deref()) {
            Some((_, v)) => v.push(r),
            None => holders.push((r.owner.as_deref(), vec![r])),
        }
    }
    let _ = writeln!(
        h,
        "<p>逾期未销号问题共 {} 件，涉及责任人 {} 名。完整清单见 overdue.csv。</p>",
        rows.len(),
        holders.len()
    );
    h.push_str("<table>\n<thead><tr><th>责任人</th><th>责任单位</th><th>逾期（件）</th><th>最长逾期（天）</th><th>逾期最久的问题</th></tr></thead>\n<tbody>\n");
    for (_, v) in &holders {
        let first = v[0];
        let who = first
            .owner_name
            .as_deref()
            .or(first.owner.as_deref())
            .unwrap_or("（未分配网格）");
        let worst: Vec<String> = v
            .iter()
            .take(5)
            .map(|r| {
                format!(
                    "{} {}（{}天，{}）",
                    esc(&r.id),
                    kind_label(r.category),
                    r.days,
                    esc(r.community.as_deref().or(r.street.as_deref()).unwrap_or(""))
                )
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{}</td><td>{}</td><td class=\"t\">{}</td></tr>",
            esc(who),
            esc(first.unit.as_deref().unwrap_or("")),
            v.len(),
            first.days,
            worst.join("；")
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn method(h: &mut String, s: &Scores) {
    let w = &s.weights;
    let r = &s.rule;
    let days = s.to - s.from + 1;
    let _ = write!(
        h,
        "<h2>六、评分办法</h2>\n<p>问题按来源加权：明查 {}、暗访 {}、群众投诉 {}、媒体曝光 {}。\
         得分 = 100 − 发现扣分 − 积压扣分 − 超期扣分 − 复发扣分（最低 0 分，保留一位小数）：</p>\n<ul class=\"note\">\n\
         <li>发现扣分 = min({}, {} × 每平方公里加权问题数 × 7 / {} 天)；</li>\n\
         <li>积压扣分 = {} × 期末逾期数 / 期末未销号数；</li>\n\
         <li>超期扣分 = {} × （到期数 − 按时整改数）/ 到期数（按时：截止日当天结束前已销号）；</li>\n\
         <li>复发扣分 = {} × 复发数 / （本期发现数与本期复发重开数之并）。复发：本期被重新打开的问题，\
         或本期发现、与同一网格同类问题相隔 1–30 天的问题。</li>\n</ul>\n\
         <p class=\"note\">街道为一级责任区，社区为三级责任区；问题归属其所在位置的责任区。同分同名次；\
         排名后{}位及与其同分者予以通报，未扣分者不通报。</p>\n",
        w.open_inspection,
        w.covert_inspection,
        w.complaint,
        w.media,
        r.found_max,
        r.found_per_km2_week,
        days,
        r.backlog,
        r.late,
        r.recurrence,
        s.bottom
    );
}

/// summary.csv: the week against the week before.
pub fn summary_csv(b: &Bulletin) -> String {
    let s = b.streets;
    let mut rows = vec![vec![
        csv_field("指标"),
        csv_field(&format!("本期 {}–{}", format_day(s.from), format_day(s.to))),
        csv_field(&format!(
            "上期 {}–{}",
            format_day(s.previous_from),
            format_day(s.previous_to)
        )),
    ]];
    for (label, now, before) in summary_rows(s) {
        rows.push(vec![csv_field(label), csv_num(now), csv_num(before)]);
    }
    csv(rows)
}

/// ranking-*.csv: one row per unit, best first.
pub fn ranking_csv(s: &Scores, what: &str) -> String {
    let head = [
        "名次",
        what,
        "编号",
        "责任人",
        "得分",
        "较上期",
        "上期名次",
        "名次变化",
        "后N位",
        "发现",
        "明查",
        "暗访",
        "投诉",
        "媒体",
        "加权",
        "面积km2",
        "加权每km2",
        "未销号",
        "逾期",
        "到期",
        "按时",
        "销号",
        "复发",
        "发现扣分",
        "积压扣分",
        "超期扣分",
        "复发扣分",
    ];
    let mut rows = vec![head.iter().map(|h| csv_field(h)).collect::<Vec<_>>()];
    for u in &s.units {
        rows.push(unit_row(u));
    }
    csv(rows)
}

fn unit_row(u: &UnitScore) -> Vec<String> {
    let t = &u.tally;
    let d = &u.deductions;
    let mut r = vec![
        csv_num(u.rank.to_string()),
        csv_field(&u.name),
        csv_field(&u.id),
        csv_field(u.holder.as_deref().unwrap_or("")),
        csv_num(format!("{:.1}", u.score)),
        csv_num(format!("{:.1}", u.score_change)),
        csv_num(u.previous.rank.to_string()),
        csv_num(u.rank_change.to_string()),
        csv_field(if u.bottom { "是" } else { "" }),
        csv_num(t.found.to_string()),
    ];
    r.extend(t.by_source.iter().map(|v| csv_num(v.to_string())));
    r.extend(
        [
            format!("{:.2}", t.weighted),
            format!("{:.4}", u.area_km2),
            format!("{:.3}", t.per_km2),
            t.open.to_string(),
            t.overdue.to_string(),
            t.due.to_string(),
            t.on_time.to_string(),
            t.closed.to_string(),
            t.recurrences.to_string(),
            format!("{:.2}", d.found),
            format!("{:.2}", d.backlog),
            format!("{:.2}", d.late),
            format!("{:.2}", d.recurrence),
        ]
        .map(csv_num),
    );
    r
}

/// overdue.csv: every overdue problem, most days first.
pub fn overdue_csv(rows: &[Overdue]) -> String {
    let head = [
        "问题编号",
        "逾期天数",
        "整改期限",
        "发现日期",
        "类别",
        "状态",
        "来源",
        "责任人编号",
        "责任人",
        "责任单位",
        "街道",
        "社区",
        "点位",
    ];
    let mut out = vec![head.iter().map(|h| csv_field(h)).collect::<Vec<_>>()];
    for r in rows {
        out.push(vec![
            csv_field(&r.id),
            csv_num(r.days.to_string()),
            csv_field(&format_day(r.deadline)),
            csv_field(&r.found.map(format_day).unwrap_or_default()),
            csv_field(kind_label(r.category)),
            csv_field(r.status.label()),
            csv_field(source_label(r.source)),
            csv_field(r.owner.as_deref().unwrap_or("")),
            csv_field(r.owner_name.as_deref().unwrap_or("")),
            csv_field(r.unit.as_deref().unwrap_or("")),
            csv_field(r.street.as_deref().unwrap_or("")),
            csv_field(r.community.as_deref().unwrap_or("")),
            csv_field(r.point.as_deref().unwrap_or("")),
        ]);
    }
    csv(out)
}

/// Standard base64 (RFC 4648, padded), for the embedded images.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                o.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn fields_are_defused_and_escaped() {
        assert_eq!(csv_field("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_field("-x"), "\"'-x\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("红湖"), "\"红湖\"");
        assert_eq!(esc("<b>&'\""), "&lt;b&gt;&amp;&#39;&quot;");
    }
}
