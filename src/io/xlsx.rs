//! Tables as .xlsx, one worksheet each, through `rust_xlsxwriter` (native only:
//! the `xlsx` feature, which the wasm build leaves out). Text is written as
//! text cells, which a spreadsheet never runs as formulas, so nothing needs the
//! CSV's neutralising quote; numbers as numbers. The header row is bold and
//! frozen, columns are sized to their text (CJK counted double-width, capped).

use super::table::{Field, Table};
use crate::model::{format_day, Day};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// Display width of a line, in Excel's character units (CJK counts two).
fn width(text: &str) -> usize {
    text.lines()
        .map(|l| l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum())
        .max()
        .unwrap_or(0)
}

/// The workbook of `tables` as bytes, created on `day` (the same tables and day
/// give the same bytes).
pub fn to_xlsx(tables: &[&Table], day: Day) -> Result<Vec<u8>, String> {
    write(tables, day).map_err(|e| format!("xlsx: {e}"))
}

fn write(tables: &[&Table], day: Day) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::parse_from_str(&format_day(day))?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let head = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(&t.name)?;
        let mut widths: Vec<usize> = t.columns.iter().map(|c| width(&c.title)).collect();
        for (k, c) in t.columns.iter().enumerate() {
            ws.write_string_with_format(0, k as u16, &c.title, &head)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (k, f) in row.iter().enumerate() {
                let k16 = k as u16;
                match f {
                    Field::Text(s) if s.contains('\n') => {
                        ws.write_string_with_format(r, k16, s, &wrap)?;
                    }
                    Field::Text(s) => {
                        ws.write_string(r, k16, s)?;
                    }
                    Field::Int(i) => {
                        ws.write_number(r, k16, *i as f64)?;
                    }
                    Field::Num(x) if x.is_finite() => {
                        ws.write_number(r, k16, *x)?;
                    }
                    Field::Num(_) | Field::Empty => continue,
                }
                if let (Field::Text(s), Some(w)) = (f, widths.get_mut(k)) {
                    *w = (*w).max(width(s));
                }
            }
        }
        for (k, w) in widths.iter().enumerate() {
            ws.set_column_width(k as u16, (*w).clamp(6, 60) as f64 + 1.0)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}
