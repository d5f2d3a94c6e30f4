//! Metadata from file names (readtext's `docvarsfrom = "filenames"`):
//! `--name-pattern '{outlet}_{date}_{id}.txt'`.
//!
//! A pattern is literal text with fields in braces: `{outlet}`, `{date}`,
//! `{id}`, `{title}`, `{authors}`, `{language}`, and `{_}` for a part to
//! ignore. It must match the whole file name (not the folder). `{date}`
//! takes `2024-04-17`, `2024-04`, `2024` or `20240417`; the other fields
//! take the shortest text that lets the rest of the name match, so
//! `{outlet}_{date}_{id}.txt` reads `new_york_times_20240417_a12.txt` as
//! outlet `new_york_times` (the first `_` followed by a date), date
//! `2024-04-17`, id `a12`. A name that does not match is reported, and its
//! article has no metadata from it.

use std::path::Path;

use regex::Regex;

use super::{Imported, Outcome, Source, non_empty, set_language};
use crate::error::Error;

/// A compiled `--name-pattern`.
#[derive(Clone, Debug)]
pub struct NamePattern {
    text: String,
    regex: Regex,
    fields: Vec<String>,
}

const FIELDS: &[&str] = &["outlet", "date", "id", "title", "authors", "language", "_"];

impl NamePattern {
    /// Compiles a pattern.
    ///
    /// # Errors
    /// An unknown field, an unclosed brace, or a field used twice.
    ///
    /// # Examples
    /// ```
    /// use framelens::import::names::NamePattern;
    /// let p = NamePattern::parse("{outlet}_{date}_{id}.txt").unwrap();
    /// let got = p.fields_of("new_york_times_20240417_a12.txt").unwrap();
    /// assert_eq!(got, [("outlet", "new_york_times".to_string()), ("date", "2024-04-17".to_string()), ("id", "a12".to_string())]);
    /// ```
    pub fn parse(pattern: &str) -> Result<NamePattern, Error> {
        let bad = |m: String| Error::Usage(format!("--name-pattern '{pattern}': {m}"));
        let mut regex = String::from("^");
        let mut fields = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            regex.push_str(&regex::escape(&rest[..open]));
            let close =
                rest[open..].find('}').ok_or_else(|| bad("a '{' is never closed".into()))? + open;
            let name = &rest[open + 1..close];
            if !FIELDS.contains(&name) {
                return Err(bad(format!(
                    "unknown field '{{{name}}}' (known: {{outlet}}, {{date}}, {{id}}, {{title}}, {{authors}}, {{language}}, {{_}})"
                )));
            }
            if name != "_" && fields.iter().any(|f| f == name) {
                return Err(bad(format!("the field '{{{name}}}' is used twice")));
            }
            regex.push_str(if name == "date" {
                r"(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-\d{2}|\d{4})"
            } else {
                "(.+?)"
            });
            fields.push(name.to_string());
            rest = &rest[close + 1..];
        }
        regex.push_str(&regex::escape(rest));
        regex.push('$');
        if fields.iter().all(|f| f == "_") {
            return Err(bad("it has no field such as {outlet} or {date}".into()));
        }
        let regex = Regex::new(&regex).map_err(|e| bad(e.to_string()))?;
        Ok(NamePattern { text: pattern.to_string(), regex, fields })
    }

    /// The fields of a file name, in pattern order (`{_}` left out), a
    /// `{date}` made `YYYY-MM-DD`; `None` when the name does not match.
    pub fn fields_of(&self, name: &str) -> Option<Vec<(&str, String)>> {
        let caps = self.regex.captures(name)?;
        let mut out = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            if f == "_" {
                continue;
            }
            let mut v = caps.get(i + 1)?.as_str().to_string();
            if f == "date" {
                if v.len() == 8 && !v.contains('-') {
                    v = format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..]);
                }
                crate::ingest::manifest::parse_date(&v).ok()?;
            }
            out.push((f.as_str(), v));
        }
        Some(out)
    }
}

/// Reads one text file, its metadata from its name.
///
/// # Errors
/// The file cannot be read or is not text.
pub fn read_path(path: &Path, pattern: &NamePattern) -> Result<Vec<Source>, Error> {
    let mut source = Source::new(path.display().to_string());
    let body = super::read_text(path, &mut source)?;
    source.articles.push(Imported {
        position: 1,
        line: Some(1),
        body: body.trim().to_string(),
        ..Imported::default()
    });
    source.announced = Some((1, "one file, one article".into()));
    fill_from_name(&mut source, pattern);
    Ok(vec![source])
}

/// Sets the fields of a source's articles from the source's file name
/// (fields already set by the export are kept); a name that does not match
/// is reported.
pub fn fill_from_name(source: &mut Source, pattern: &NamePattern) {
    let name = source.name.rsplit(['/', '\\', '!']).next().unwrap_or(&source.name).to_string();
    let Some(fields) = pattern.fields_of(&name) else {
        source.note(
            "name_pattern",
            Outcome::Warning,
            format!(
                "the file name '{name}' does not match --name-pattern '{}'; no metadata taken from it",
                pattern.text
            ),
        );
        return;
    };
    for a in &mut source.articles {
        for (f, v) in &fields {
            let slot = match *f {
                "outlet" => &mut a.outlet,
                "date" => &mut a.date,
                "id" => &mut a.id,
                "title" => &mut a.title,
                "authors" => &mut a.authors,
                "language" => {
                    if a.language.is_none() {
                        set_language(a, v);
                    }
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = non_empty(v);
            }
        }
    }
}
