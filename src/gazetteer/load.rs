//! Reading a gazetteer: `entities.toml`, or `entities.csv` for those who keep
//! it in a spreadsheet (SPEC §4). Every problem is reported with file and line.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location};
use crate::toml_util;

/// An entity as written in the gazetteer, before compiling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntitySpec {
    /// Unique id, e.g. `pashinyan`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, …
    pub kind: String,
    /// The actor it rolls up to, if any.
    pub actor: Option<String>,
    /// Aliases with the line each is written on.
    pub aliases: Vec<(String, u64)>,
    /// Aliases that match only in exactly this case.
    pub exact_case: Vec<String>,
    /// Line where the entity starts.
    pub line: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    #[serde(default)]
    entity: Vec<toml::Spanned<EntityToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityToml {
    id: String,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    actor: Option<String>,
    aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    exact_case: Vec<String>,
}

/// Parses `entities.toml` text; `path` is used in messages.
///
/// # Errors
/// TOML syntax or shape, with its line.
pub fn parse_toml(source: &str, path: &Path) -> Result<Vec<EntitySpec>, Error> {
    let file: FileToml = toml_util::parse(source, path)?;
    let lines = toml_util::LineIndex::new(source);
    Ok(file
        .entity
        .into_iter()
        .map(|spanned| {
            let line = lines.line(spanned.span().start);
            let e = spanned.into_inner();
            EntitySpec {
                name: e.name.unwrap_or_else(|| e.id.clone()),
                id: e.id,
                kind: e.kind,
                actor: e.actor.filter(|a| !a.trim().is_empty()),
                aliases: e
                    .aliases
                    .into_iter()
                    .map(|a| {
                        let l = lines.line(a.span().start);
                        (a.into_inner(), l)
                    })
                    .collect(),
                exact_case: e.exact_case,
                line,
            }
        })
        .collect())
}

/// Parses `entities.csv` (columns `id, name, type, actor, alias, exact_case`,
/// one row per alias; rows of one entity may be anywhere in the file).
///
/// # Errors
/// A missing column, a row that cannot be read, or rows of one id that
/// disagree on name, type or actor — all reported with their lines.
pub fn parse_csv(bytes: &[u8], path: &Path) -> Result<Vec<EntitySpec>, Error> {
    let crate::csv_util::Checked { mut reader, headers, tracker, .. } =
        crate::csv_util::open_checked(bytes, path, false)?;
    let col = |name: &str| crate::csv_util::column(&headers, name);
    let (Some(id_c), Some(alias_c), Some(type_c)) = (col("id"), col("alias"), col("type")) else {
        return Err(Error::at(
            Location::line(path, 1),
            "the header needs the columns id, name, type, actor, alias, exact_case",
        ));
    };
    let (name_c, actor_c, exact_c) = (col("name"), col("actor"), col("exact_case"));
    let mut specs: Vec<EntitySpec> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        // lines from the tracker: csv's own are one too low after CRLF
        let start = reader.position().byte();
        let read = reader.read_record(&mut record);
        let end = reader.position().byte();
        let fields = if read.is_ok() { headers.len() } else { 0 };
        let check = tracker.record(start, end, record.iter().map(str::as_bytes), fields);
        let line = check.line;
        match read {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let mut message = format!("cannot read the row: {e}");
                if let Some(m) = check.hint() {
                    message = format!("{message}; {m}");
                }
                errors.push(Error::at(Location::line(path, line), message));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        if let Some((open, message)) = check.unterminated {
            errors.push(Error::at(Location::line(path, open), message));
            continue;
        }
        if let Some(message) = check.malformed {
            errors.push(Error::at(Location::line(path, line), message));
            continue;
        }
        let cell =
            |c: Option<usize>| c.and_then(|i| record.get(i)).unwrap_or("").trim().to_string();
        let id = cell(Some(id_c));
        let alias = cell(Some(alias_c));
        let (name, kind, actor) = (cell(name_c), cell(Some(type_c)), cell(actor_c));
        let exact =
            matches!(cell(exact_c).to_ascii_lowercase().as_str(), "true" | "yes" | "1" | "x");
        let at = Location::line(path, line);
        if id.is_empty() {
            errors.push(Error::at(at, "the 'id' cell is empty"));
            continue;
        }
        let i = *index.entry(id.clone()).or_insert_with(|| {
            specs.push(EntitySpec {
                id: id.clone(),
                name: if name.is_empty() { id.clone() } else { name.clone() },
                kind: kind.clone(),
                actor: Some(actor.clone()).filter(|a| !a.is_empty()),
                line,
                ..EntitySpec::default()
            });
            specs.len() - 1
        });
        let spec = &mut specs[i];
        let differs = |given: &str, have: &str| !given.is_empty() && given != have;
        if differs(&name, &spec.name)
            || differs(&kind, &spec.kind)
            || differs(&actor, spec.actor.as_deref().unwrap_or(""))
        {
            errors.push(Error::at(
                at,
                format!(
                    "entity '{id}': name, type or actor differ from its row at line {}",
                    spec.line
                ),
            ));
        }
        if exact {
            spec.exact_case.push(alias.clone());
        }
        spec.aliases.push((alias, line));
    }
    Error::from_list(errors)?;
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_lines_for_entities_and_aliases() {
        let src = "[[entity]]\nid = \"a\"\nname = \"A\"\ntype = \"GPE\"\naliases = [\n  \"A1\",\n  \"A2\",\n]\n";
        let specs = parse_toml(src, Path::new("e.toml")).unwrap();
        assert_eq!(specs[0].line, 1);
        assert_eq!(specs[0].aliases, [("A1".to_string(), 6), ("A2".to_string(), 7)]);
    }

    #[test]
    fn csv_rows_group_by_id() {
        let src = "id,name,type,actor,alias,exact_case\n\
                   us,United States,GPE,usa,United States,\n\
                   us,,,,US,true\n\
                   ru,Russia,GPE,russia,Russia,\n\
                   us,United States,ORG,,USA,\n";
        let err = parse_csv(src.as_bytes(), Path::new("e.csv")).unwrap_err().to_string();
        assert_eq!(err, "e.csv:5: entity 'us': name, type or actor differ from its row at line 2");
        let ok = src.replace(",ORG,", ",,");
        let specs = parse_csv(ok.as_bytes(), Path::new("e.csv")).unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].aliases.len(), 3);
        assert_eq!(specs[0].exact_case, ["US"]);
        assert_eq!(specs[0].actor.as_deref(), Some("usa"));
        // issue 17 item 4: the same lines with CRLF line ends (Excel's)
        let crlf = src.replace('\n', "\r\n");
        let err = parse_csv(crlf.as_bytes(), Path::new("e.csv")).unwrap_err().to_string();
        assert_eq!(err, "e.csv:5: entity 'us': name, type or actor differ from its row at line 2");
    }
}
