//! A small row-at-a-time writer and reader over the `parquet` crate's column
//! API: the few column kinds civicmap's tables use, buffered into row groups.
//!
//! Why not arrow: these tables need no more than this, and `parquet` without its
//! `arrow` feature builds alone (Cargo.toml gives the figure).

use super::meta::{geo_json, Bounds};
use crate::Error;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::{Field, Row};
use parquet::schema::parser::parse_message_type;
use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// Rows per row group: about 10 MB of problems, small enough to stream.
pub const ROW_GROUP: usize = 131_072;

/// The kinds of column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Required UTF-8 text.
    Text,
    /// Optional UTF-8 text.
    OptText,
    /// Required 32-bit integer.
    Int,
    /// Optional day count since 1970-01-01 (Parquet DATE).
    Date,
    /// Required double.
    Double,
    /// Required WKB geometry (the GeoParquet `geometry` column).
    Wkb,
}

/// One value of a row, in the order of the table's columns.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// For a `Text` column.
    Text(&'a str),
    /// For an `OptText` column.
    OptText(Option<&'a str>),
    /// Text already made bytes, for a `Text` or `OptText` column: a value many
    /// rows repeat (a cell's join) is made once and shared (a reference count,
    /// not a copy, per row).
    Shared(Option<&'a ByteArray>),
    /// For an `Int` column.
    Int(i32),
    /// For a `Date` column: days since 1970-01-01.
    Date(Option<i32>),
    /// For a `Double` column.
    Double(f64),
    /// For the `Wkb` column.
    Wkb(&'a [u8]),
}

enum Buf {
    Bytes(Vec<ByteArray>, Vec<i16>),
    I32(Vec<i32>, Vec<i16>),
    F64(Vec<f64>),
}

fn perr(e: parquet::errors::ParquetError) -> Error {
    Error::arg("geoparquet", e.to_string())
}

fn ioerr(path: &Path, e: std::io::Error) -> Error {
    Error::arg("geoparquet", format!("{}: {e}", path.display()))
}

/// Writes one Parquet file, row by row; `finish` adds the `geo` metadata.
pub struct TableWriter {
    cols: Vec<(&'static str, Kind)>,
    bufs: Vec<Buf>,
    rows: usize,
    written: usize,
    writer: Option<SerializedFileWriter<File>>,
    bounds: Bounds,
    types: Vec<&'static str>,
    geo: bool,
}

impl TableWriter {
    /// Creates `path` (and its folders) for a table of `cols`. A table with a
    /// `Wkb` column named `geometry` is a GeoParquet file.
    pub fn create(path: &Path, name: &str, cols: &[(&'static str, Kind)]) -> Result<Self, Error> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ioerr(dir, e))?;
        }
        let fields: Vec<String> = cols
            .iter()
            .map(|(n, k)| match k {
                Kind::Text => format!("required binary {n} (STRING);"),
                Kind::OptText => format!("optional binary {n} (STRING);"),
                Kind::Int => format!("required int32 {n};"),
                Kind::Date => format!("optional int32 {n} (DATE);"),
                Kind::Double => format!("required double {n};"),
                Kind::Wkb => format!("required binary {n};"),
            })
            .collect();
        let schema = parse_message_type(&format!("message {name} {{ {} }}", fields.join(" ")))
            .map_err(perr)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("civicmap {}", env!("CARGO_PKG_VERSION")))
            .build();
        let file = File::create(path).map_err(|e| ioerr(path, e))?;
        let writer =
            SerializedFileWriter::new(file, Arc::new(schema), Arc::new(props)).map_err(perr)?;
        let bufs = cols
            .iter()
            .map(|(_, k)| match k {
                Kind::Text | Kind::OptText | Kind::Wkb => Buf::Bytes(vec![], vec![]),
                Kind::Int | Kind::Date => Buf::I32(vec![], vec![]),
                Kind::Double => Buf::F64(vec![]),
            })
            .collect();
        Ok(TableWriter {
            cols: cols.to_vec(),
            bufs,
            rows: 0,
            written: 0,
            writer: Some(writer),
            bounds: Bounds::default(),
            types: vec![],
            geo: cols.iter().any(|&(n, k)| n == "geometry" && k == Kind::Wkb),
        })
    }

    /// Notes what the geometry column holds, for the `geo` metadata.
    pub fn geometry(&mut self, kind: &'static str, corners: impl IntoIterator<Item = (f64, f64)>) {
        if !self.types.contains(&kind) {
            self.types.push(kind);
        }
        for c in corners {
            self.bounds.add(c);
        }
    }

    /// Appends a row; its values must follow the columns in number and kind.
    pub fn push(&mut self, row: &[Value]) -> Result<(), Error> {
        if row.len() != self.cols.len() {
            return Err(Error::arg(
                "geoparquet",
                format!(
                    "a row of {} values for {} columns",
                    row.len(),
                    self.cols.len()
                ),
            ));
        }
        for ((v, buf), (name, kind)) in row.iter().zip(&mut self.bufs).zip(&self.cols) {
            match (v, buf) {
                (Value::Text(s), Buf::Bytes(b, _)) => {
                    b.push(ByteArray::from(s.as_bytes().to_vec()))
                }
                (Value::Wkb(s), Buf::Bytes(b, _)) => b.push(ByteArray::from(s.to_vec())),
                (Value::Shared(s), Buf::Bytes(b, d)) => {
                    d.push(s.is_some() as i16);
                    match s {
                        Some(s) => b.push((*s).clone()),
                        None if *kind == Kind::Text => {
                            return Err(Error::arg(
                                "geoparquet",
                                format!("column {name} is required"),
                            ))
                        }
                        None => {}
                    }
                }
                (Value::OptText(s), Buf::Bytes(b, d)) => {
                    d.push(s.is_some() as i16);
                    if let Some(s) = s {
                        b.push(ByteArray::from(s.as_bytes().to_vec()));
                    }
                }
                (Value::Int(i), Buf::I32(b, _)) => b.push(*i),
                (Value::Date(x), Buf::I32(b, d)) => {
                    d.push(x.is_some() as i16);
                    if let Some(x) = x {
                        b.push(*x);
                    }
                }
                (Value::Double(x), Buf::F64(b)) => b.push(*x),
                (v, _) => {
                    return Err(Error::arg(
                        "geoparquet",
                        format!("column {name}: {v:?} is of the wrong kind"),
                    ))
                }
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.rows == 0 {
            return Ok(());
        }
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        let mut rg = w.next_row_group().map_err(perr)?;
        for ((_, kind), buf) in self.cols.iter().zip(&mut self.bufs) {
            let Some(mut col) = rg.next_column().map_err(perr)? else {
                break;
            };
            let opt = matches!(kind, Kind::OptText | Kind::Date);
            match buf {
                Buf::Bytes(v, d) => {
                    col.typed::<ByteArrayType>()
                        .write_batch(v, opt.then_some(&d[..]), None)
                        .map_err(perr)?;
                    v.clear();
                    d.clear();
                }
                Buf::I32(v, d) => {
                    col.typed::<Int32Type>()
                        .write_batch(v, opt.then_some(&d[..]), None)
                        .map_err(perr)?;
                    v.clear();
                    d.clear();
                }
                Buf::F64(v) => {
                    col.typed::<DoubleType>()
                        .write_batch(v, None, None)
                        .map_err(perr)?;
                    v.clear();
                }
            }
            col.close().map_err(perr)?;
        }
        rg.close().map_err(perr)?;
        self.written += self.rows;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer; returns the rows written.
    pub fn finish(mut self) -> Result<usize, Error> {
        self.flush()?;
        if let Some(mut w) = self.writer.take() {
            if self.geo {
                w.append_key_value_metadata(KeyValue::new(
                    "geo".into(),
                    geo_json(&self.types, &self.bounds),
                ));
            }
            w.close().map_err(perr)?;
        }
        Ok(self.written)
    }
}

/// The rows of one Parquet file as maps from column name to value.
pub fn read_rows(
    path: &Path,
    mut f: impl FnMut(&Columns) -> Result<(), String>,
) -> Result<(), Error> {
    let file = File::open(path).map_err(|e| ioerr(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(perr)?;
    let mut cols = Columns::default();
    for (i, row) in reader.get_row_iter(None).map_err(perr)?.enumerate() {
        let row: Row = row.map_err(perr)?;
        cols.0.clear();
        for (name, v) in row.get_column_iter() {
            cols.0.insert(name.clone(), v.clone());
        }
        f(&cols)
            .map_err(|e| Error::arg("geoparquet", format!("{} row {i}: {e}", path.display())))?;
    }
    Ok(())
}

/// The value of `key` in a Parquet file's footer (`geo` for GeoParquet).
pub fn footer_value(path: &Path, key: &str) -> Result<Option<String>, Error> {
    let file = File::open(path).map_err(|e| ioerr(path, e))?;
    let reader = SerializedFileReader::new(file).map_err(perr)?;
    Ok(reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == key))
        .and_then(|k| k.value.clone()))
}

/// One row read back, by column name.
#[derive(Default)]
pub struct Columns(HashMap<String, Field>);

impl Columns {
    fn get(&self, name: &str) -> Result<&Field, String> {
        self.0
            .get(name)
            .ok_or_else(|| format!("no column `{name}`"))
    }
    /// Required text.
    pub fn text(&self, name: &str) -> Result<String, String> {
        match self.get(name)? {
            Field::Str(s) => Ok(s.clone()),
            o => Err(format!("column `{name}`: expected text, got {o:?}")),
        }
    }
    /// Optional text (null: None).
    pub fn opt_text(&self, name: &str) -> Result<Option<String>, String> {
        match self.get(name)? {
            Field::Null => Ok(None),
            _ => self.text(name).map(Some),
        }
    }
    /// A 32-bit integer.
    pub fn int(&self, name: &str) -> Result<i32, String> {
        match self.get(name)? {
            Field::Int(i) => Ok(*i),
            o => Err(format!("column `{name}`: expected an integer, got {o:?}")),
        }
    }
    /// An optional DATE, in days since 1970-01-01.
    pub fn date(&self, name: &str) -> Result<Option<i32>, String> {
        match self.get(name)? {
            Field::Null => Ok(None),
            Field::Date(d) => Ok(Some(*d)),
            o => Err(format!("column `{name}`: expected a date, got {o:?}")),
        }
    }
    /// Bytes (the WKB geometry).
    pub fn bytes(&self, name: &str) -> Result<&[u8], String> {
        match self.get(name)? {
            Field::Bytes(b) => Ok(b.data()),
            o => Err(format!("column `{name}`: expected bytes, got {o:?}")),
        }
    }
}
