//! The features of a GeoJSON FeatureCollection file in chunks, without reading the
//! file whole: a byte scanner that knows strings and nesting finds the members of
//! the top-level `features` array, and each chunk of them goes, wrapped in the
//! file's own header (so a `crs` member still applies), through the same
//! validating parser as a whole file.
//!
//! Why here: `civicmap export` streams a district's problems (4 M of them are
//! 1 GB of GeoJSON). A streaming reader in the core would serve the page too; this
//! stays in the command line until there is one.

use std::io::{BufRead, BufReader, Read};

/// Reads `src` and calls `f(first_index, text)` for every `chunk` features, where
/// `text` is a FeatureCollection of them.
pub fn chunks(
    src: impl Read,
    chunk: usize,
    mut f: impl FnMut(usize, &str) -> Result<(), String>,
) -> Result<usize, String> {
    let mut r = BufReader::with_capacity(1 << 20, src);
    let mut header = Vec::new();
    // 1. The header, up to and including the `[` of "features".
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    let mut last_key = Vec::new();
    let mut key = Vec::new();
    let mut found = false;
    'head: loop {
        let buf = r.fill_buf().map_err(|e| e.to_string())?;
        if buf.is_empty() {
            break;
        }
        let mut used = 0;
        for &b in buf {
            used += 1;
            header.push(b);
            if in_str {
                if esc {
                    esc = false;
                } else if b == b'\\' {
                    esc = true;
                } else if b == b'"' {
                    in_str = false;
                    if depth == 1 {
                        last_key = std::mem::take(&mut key);
                    }
                } else if depth == 1 {
                    key.push(b);
                }
                continue;
            }
            match b {
                b'"' => {
                    in_str = true;
                    key.clear();
                }
                b'{' | b'[' => {
                    depth += 1;
                    if b == b'[' && depth == 2 && last_key == b"features" {
                        found = true;
                        r.consume(used);
                        break 'head;
                    }
                }
                b'}' | b']' => depth -= 1,
                b',' if depth == 1 => last_key.clear(),
                _ => {}
            }
        }
        r.consume(used);
    }
    if !found {
        return Err("not a GeoJSON FeatureCollection: no `features` array at the top level".into());
    }
    let header = String::from_utf8(header).map_err(|_| "the file is not UTF-8".to_string())?;
    // 2. The features, split at the commas of depth 0 within the array.
    let mut text = String::with_capacity(header.len() + chunk * 300);
    let mut feature = Vec::with_capacity(512);
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    let (mut count, mut in_chunk, mut first) = (0usize, 0usize, 0usize);
    let mut flush = |text: &mut String, in_chunk: &mut usize, first: usize| -> Result<(), String> {
        if *in_chunk > 0 {
            text.push_str("]}");
            f(first, text)?;
        }
        text.clear();
        *in_chunk = 0;
        Ok(())
    };
    let mut ended = false;
    let mut bytes = r.bytes();
    for b in bytes.by_ref() {
        let b = b.map_err(|e| e.to_string())?;
        if in_str {
            feature.push(b);
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        let end_of_feature = match b {
            b'"' => {
                in_str = true;
                false
            }
            b'{' | b'[' => {
                depth += 1;
                false
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                false
            }
            b']' => {
                ended = true;
                true
            }
            b',' if depth == 0 => true,
            _ => false,
        };
        if end_of_feature {
            let t = std::str::from_utf8(&feature)
                .map_err(|_| format!("feature {count} is not UTF-8"))?;
            if !t.trim().is_empty() {
                if in_chunk == 0 {
                    text.push_str(&header);
                    first = count;
                } else {
                    text.push(',');
                }
                text.push_str(t);
                in_chunk += 1;
                count += 1;
                if in_chunk == chunk {
                    flush(&mut text, &mut in_chunk, first)?;
                }
            }
            feature.clear();
            if ended {
                break;
            }
            continue;
        }
        feature.push(b);
    }
    if !ended {
        return Err("the `features` array is not closed: the file is cut short".into());
    }
    flush(&mut text, &mut in_chunk, first)?;
    // 3. A `crs` member after the features would have been missed: refuse it.
    let mut rest = String::new();
    for b in bytes {
        rest.push(b.map_err(|e| e.to_string())? as char);
        if rest.len() > 1 << 16 {
            break;
        }
    }
    if rest.contains("\"crs\"") {
        return Err("the file's `crs` member comes after its features; move it before them to stream the file".into());
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_commas_only_and_keeps_the_header() {
        let text = r#"{"type":"FeatureCollection","crs":"gcj02","x":{"features":[1]},"features":[
            {"type":"Feature","id":"a,]}","properties":{"k":[1,2,{"s":"\"]"}]},"geometry":null},
            {"type":"Feature","id":"b","properties":{},"geometry":null},
            {"type":"Feature","id":"c","properties":{},"geometry":null}
        ]}"#;
        let mut got = vec![];
        let n = chunks(text.as_bytes(), 2, |first, t| {
            let v: serde_json::Value = serde_json::from_str(t).map_err(|e| e.to_string())?;
            assert_eq!(v["crs"], "gcj02");
            got.push((
                first,
                v["features"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["id"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>(),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            got,
            vec![
                (0, vec!["a,]}".to_string(), "b".into()]),
                (2, vec!["c".into()])
            ]
        );
        assert!(chunks(
            &b"{\"type\":\"FeatureCollection\",\"features\":[{}"[..],
            2,
            |_, _| Ok(())
        )
        .is_err());
        assert!(chunks(&b"[1,2]"[..], 2, |_, _| Ok(())).is_err());
        let late = br#"{"type":"FeatureCollection","features":[{"type":"Feature"}],"crs":"bd09"}"#;
        assert!(chunks(&late[..], 2, |_, _| Ok(()))
            .unwrap_err()
            .contains("crs"));
        assert_eq!(
            chunks(&br#"{"features":[]}"#[..], 2, |_, _| Ok(())).unwrap(),
            0
        );
    }
}
