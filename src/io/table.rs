//! Tables out: a titled grid of text and numbers, written as CSV for spreadsheets
//! (and as .xlsx by [`super::xlsx`] natively). The responsibility table
//! (责任分解表) is made in `campaign::table`; this module only writes.
//!
//! CSV as Excel and WPS open it without asking: UTF-8 with a byte-order mark,
//! CRLF line ends, fields quoted when they hold a comma, a quote or a line break
//! (RFC 4180). Text from the data is neutralised for spreadsheets: a cell
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! `'`, so it is shown as text and never run as a formula (OWASP's advice on CSV
//! injection). Numbers are written as numbers and never touched.

use serde::Serialize;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(untagged)]
pub enum Field {
    /// Text (neutralised in CSV when a spreadsheet would run it).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number.
    Num(f64),
    /// Nothing.
    Empty,
}

impl Field {
    /// Text, or empty when there is none.
    pub fn text(t: impl Into<String>) -> Field {
        let t = t.into();
        if t.is_empty() {
            Field::Empty
        } else {
            Field::Text(t)
        }
    }
}

/// A column: a key for programs and a title for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Column {
    /// For programs (`owner`, `cells`).
    pub key: String,
    /// For people (责任人, 网格数).
    pub title: String,
}

/// A table: what a sheet is called, its columns and its rows (as many fields as
/// columns each).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Table {
    /// The sheet's name.
    pub name: String,
    /// Its columns.
    pub columns: Vec<Column>,
    /// Its rows, one field per column.
    pub rows: Vec<Vec<Field>>,
}

/// The text of a CSV field: neutralised when a spreadsheet would run it, then
/// quoted when it holds a separator, a quote or a line break.
pub fn csv_text(text: &str) -> String {
    let mut t = String::with_capacity(text.len() + 3);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        t.push('\'');
    }
    t.push_str(text);
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

impl Table {
    /// The table as CSV: a BOM, the column titles, then the rows; CRLF line ends.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        let titles: Vec<String> = self.columns.iter().map(|c| csv_text(&c.title)).collect();
        out.push_str(&titles.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            for (k, f) in row.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                match f {
                    Field::Text(t) => out.push_str(&csv_text(t)),
                    Field::Int(i) => out.push_str(&i.to_string()),
                    Field::Num(x) if x.is_finite() => out.push_str(&x.to_string()),
                    Field::Num(_) | Field::Empty => {}
                }
            }
            out.push_str("\r\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_separators_quoted() {
        assert_eq!(csv_text("红湖社区"), "红湖社区");
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for bad in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(
                csv_text(bad).trim_start_matches('"').starts_with('\''),
                "{bad:?}"
            );
        }
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("a\nb"), "\"a\nb\"");
        let t = Table {
            name: "t".into(),
            columns: vec![
                Column {
                    key: "a".into(),
                    title: "名称".into(),
                },
                Column {
                    key: "n".into(),
                    title: "数".into(),
                },
            ],
            rows: vec![
                vec![Field::text("-x"), Field::Int(-3)],
                vec![Field::Empty, Field::Num(1.5)],
            ],
        };
        assert_eq!(t.to_csv(), "\u{feff}名称,数\r\n'-x,-3\r\n,1.5\r\n");
    }
}
