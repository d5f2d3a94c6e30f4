//! Bring your own dictionary: quanteda YAML, LIWC `.dic` and LIWC-22
//! `.dicx`, WordStat `.cat`, Lexicoder `.lc3` and Yoshikoder `.ykd`/`.lcd`,
//! read as frame lexicons (issue 7).
//!
//! Each category becomes a frame; nested categories are flattened to
//! `parent.child` ids. Entries keep their home tool's meaning, which is
//! quanteda's glob semantics (the same as framelens's): `*` any run of
//! characters, `?` one character, matched case-insensitively against one word;
//! an entry of several words is a phrase. What framelens cannot express is
//! reported with its line, never dropped silently: LIWC 2007's conditional
//! entries (`like<of>…`), entries without a letter or digit (emoticons such as
//! `:)` — framelens counts words, and punctuation is not a word), undefined
//! category ids. Weights (WordStat, weighted `.dicx`) are kept with the frame
//! and written by `lexicon convert`; counts are not weighted.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Location};
use crate::frames::FrameSpec;

/// The extensions read as dictionaries, with their format's name.
pub const FORMATS: &[(&str, &str)] = &[
    ("yml", "quanteda YAML"),
    ("yaml", "quanteda YAML"),
    ("dic", "LIWC .dic"),
    ("dicx", "LIWC-22 .dicx"),
    ("cat", "WordStat .cat"),
    ("lc3", "Lexicoder .lc3"),
    ("lcd", "Yoshikoder/Lexicoder .lcd"),
    ("ykd", "Yoshikoder .ykd"),
];

/// A dictionary read as frames, with what could not be carried over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The format's name.
    pub format: &'static str,
    /// One frame per category, in file order.
    pub frames: Vec<FrameSpec>,
    /// `(line, message)`: entries or lines that framelens cannot express.
    pub notes: Vec<(u64, String)>,
}

/// True when `path` has a dictionary extension.
pub fn is_dictionary(path: &Path) -> bool {
    format_of(path).is_some()
}

fn format_of(path: &Path) -> Option<(&'static str, &'static str)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    FORMATS.iter().find(|(e, _)| *e == ext).copied()
}

/// Reads a dictionary file, choosing the format by extension.
///
/// # Errors
/// The file cannot be read, or its structure is broken (the message names the
/// line).
pub fn read(path: &Path) -> Result<Imported, Error> {
    if !is_dictionary(path) {
        return Err(Error::Usage(format!(
            "{}: not a dictionary format framelens reads",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_bytes(&bytes, path)
}

/// Reads a dictionary from its bytes; `path` gives the format (by extension)
/// and is used in messages.
///
/// # Errors
/// As for [`read`].
pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Imported, Error> {
    let Some((ext, format)) = format_of(path) else {
        return Err(Error::Usage(format!(
            "{}: not a dictionary format framelens reads",
            path.display()
        )));
    };
    // WordStat files are often Latin-1; every format is decoded the same way
    let mut b = Builder::new(format);
    // what decoding did is a note (line 1: it concerns the whole file)
    let text = match crate::ingest::decode::decode(bytes) {
        crate::ingest::decode::Decoded::Utf8(t) => t,
        crate::ingest::decode::Decoded::Reencoded { text, encoding } => {
            b.note(1, format!("the file is not valid UTF-8; decoded as {encoding}"));
            text
        }
        crate::ingest::decode::Decoded::Repaired { text, notes, .. } => {
            b.note(1, format!("the file: {}", notes.join("; ")));
            text
        }
        crate::ingest::decode::Decoded::Binary => {
            return Err(Error::at(Location::file(path), "a binary file, not a dictionary"));
        }
    };
    match ext {
        "yml" | "yaml" => yaml(&text, path, &mut b)?,
        "dic" => liwc(&text, path, &mut b)?,
        "dicx" => dicx(&text, path, &mut b)?,
        "cat" => wordstat(&text, &mut b),
        "lc3" => lexicoder(&text, &mut b),
        "lcd" if text.trim_start().starts_with('<') => yoshikoder(&text, path, &mut b)?,
        "lcd" => lexicoder(&text, &mut b),
        "ykd" => yoshikoder(&text, path, &mut b)?,
        _ => unreachable!("listed in FORMATS"),
    }
    let clashes = std::mem::take(&mut b.clashes);
    Error::from_list(
        clashes.into_iter().map(|(line, m)| Error::at(Location::line(path, line), m)).collect(),
    )?;
    Ok(b.finish())
}

/// Collects categories and entries in file order.
struct Builder {
    format: &'static str,
    order: Vec<String>,
    frames: BTreeMap<String, FrameSpec>,
    weighted: bool,
    notes: Vec<(u64, String)>,
    /// Categories whose names differ but whose ids are the same once
    /// flattened (`a b` and `a_b`): errors, with their lines.
    clashes: Vec<(u64, String)>,
}

impl Builder {
    fn new(format: &'static str) -> Builder {
        Builder {
            format,
            order: Vec::new(),
            frames: BTreeMap::new(),
            weighted: false,
            notes: Vec::new(),
            clashes: Vec::new(),
        }
    }

    fn category(&mut self, path: &[String], line: u64) -> String {
        let label = path.join(".");
        let id: String = label.split_whitespace().collect::<Vec<_>>().join("_");
        if let Some(f) = self.frames.get(&id)
            && f.label.as_deref() != Some(label.as_str())
            && !self.clashes.iter().any(|(l, _)| *l == line)
        {
            self.clashes.push((
                line,
                format!(
                    "category '{label}' and category '{}' (line {}) both become the frame id '{id}': rename one",
                    f.label.as_deref().unwrap_or(&id),
                    f.line
                ),
            ));
        }
        if !self.frames.contains_key(&id) {
            self.order.push(id.clone());
            self.frames.insert(
                id.clone(),
                FrameSpec {
                    id: id.clone(),
                    label: Some(label),
                    description: format!("Imported from a {} dictionary", self.format),
                    line,
                    ..Default::default()
                },
            );
        }
        id
    }

    fn entry(&mut self, category: &str, entry: &str, weight: Option<f64>, line: u64) {
        match entry_pattern(entry) {
            Ok(pattern) => {
                let f = self.frames.get_mut(category).expect("category created first");
                if f.patterns.iter().any(|(p, _)| *p == pattern) {
                    return;
                }
                f.patterns.push((pattern, line));
                let w = f.weights.get_or_insert_with(Vec::new);
                w.push(weight.unwrap_or(1.0));
                if weight.is_some_and(|w| w != 1.0) {
                    self.weighted = true;
                }
            }
            Err(why) => {
                self.notes.push((line, format!("entry {entry:?} of '{category}' skipped: {why}")))
            }
        }
    }

    fn note(&mut self, line: u64, message: impl Into<String>) {
        self.notes.push((line, message.into()));
    }

    fn finish(mut self) -> Imported {
        let mut frames = Vec::new();
        for id in &self.order {
            let mut f = self.frames.remove(id).expect("listed");
            if !self.weighted {
                f.weights = None;
            }
            if f.patterns.is_empty() {
                self.notes.push((
                    f.line,
                    format!("category '{id}' has no entry framelens can use; left out"),
                ));
                continue;
            }
            frames.push(f);
        }
        Imported { format: self.format, frames, notes: self.notes }
    }
}

/// A dictionary entry as a framelens pattern: words with globs, a phrase when
/// there are several. Words that framelens syntax would read otherwise
/// (`@x`, `~x`, `=x`, `/x`, `near/5`) become an equivalent regex.
pub fn entry_pattern(entry: &str) -> Result<String, String> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err("empty".into());
    }
    if entry.contains('<') || entry.contains('(') {
        return Err(
            "a conditional or coded entry (LIWC 2007 style), which framelens cannot express".into(),
        );
    }
    let mut words = Vec::new();
    for word in entry.split_whitespace() {
        if !word.chars().any(char::is_alphanumeric) {
            return Err(format!(
                "'{word}' holds no letter or digit, and framelens counts words only"
            ));
        }
        let special = word.starts_with(['@', '~', '=', '/'])
            || word.split_once('/').is_some_and(|(op, n)| {
                matches!(op.to_ascii_lowercase().as_str(), "near" | "before" | "pre")
                    && n.bytes().all(|b| b.is_ascii_digit())
            });
        if special {
            let mut re = String::from("/^");
            for c in word.to_lowercase().chars() {
                match c {
                    '*' => re.push_str(".*"),
                    '?' => re.push('.'),
                    c => re.push_str(&regex::escape(&c.to_string())),
                }
            }
            re.push_str("$/");
            words.push(re);
        } else {
            words.push(word.to_string());
        }
    }
    Ok(words.join(" "))
}

/// quanteda YAML: nested keys, lists of glob values.
fn yaml(text: &str, path: &Path, b: &mut Builder) -> Result<(), Error> {
    use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;

    enum Ctx {
        Map { key: Option<String> },
        Seq,
    }
    struct Recv<'a> {
        b: &'a mut Builder,
        stack: Vec<Ctx>,
        keys: Vec<String>,
    }
    impl Recv<'_> {
        fn value(&mut self, entry: &str, line: u64) {
            let cat = self.b.category(&self.keys, line);
            self.b.entry(&cat, entry, None, line);
        }
    }
    impl MarkedEventReceiver for Recv<'_> {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            let line = mark.line() as u64; // yaml-rust2 counts lines from 1
            match ev {
                Event::MappingStart(..) => self.stack.push(Ctx::Map { key: None }),
                Event::MappingEnd => {
                    self.stack.pop();
                    if let Some(Ctx::Map { key }) = self.stack.last_mut()
                        && key.take().is_some()
                    {
                        self.keys.pop();
                    }
                }
                Event::SequenceStart(..) => self.stack.push(Ctx::Seq),
                Event::SequenceEnd => {
                    self.stack.pop();
                    if let Some(Ctx::Map { key }) = self.stack.last_mut()
                        && key.take().is_some()
                    {
                        self.keys.pop();
                    }
                }
                Event::Scalar(value, ..) => match self.stack.last_mut() {
                    Some(Ctx::Map { key }) if key.is_none() => {
                        *key = Some(value.clone());
                        self.keys.push(value);
                    }
                    Some(Ctx::Map { key }) => {
                        // `key: value` — a category with a single entry
                        key.take();
                        self.value(&value, line);
                        self.keys.pop();
                    }
                    Some(Ctx::Seq) => {
                        if self.keys.is_empty() {
                            self.b.note(
                                line,
                                format!("entry {value:?} outside any category skipped"),
                            );
                        } else {
                            self.value(&value, line);
                        }
                    }
                    None => {
                        self.b.note(line, "a YAML dictionary is a mapping of categories to lists")
                    }
                },
                _ => {}
            }
        }
    }
    let mut recv = Recv { b, stack: Vec::new(), keys: Vec::new() };
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut recv, false).map_err(|e| {
        Error::at(Location::line(path, e.marker().line() as u64), format!("YAML: {}", e.info()))
    })
}

/// LIWC `.dic`: `%`, category lines `id⇥name` (leading tabs nest them), `%`,
/// then `entry⇥id⇥id…`.
fn liwc(text: &str, path: &Path, b: &mut Builder) -> Result<(), Error> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l));
    let Some((first, _)) =
        lines.by_ref().find(|(_, l)| !l.trim().is_empty()).filter(|(_, l)| l.trim() == "%")
    else {
        return Err(Error::at(
            Location::line(path, 1),
            "a LIWC dictionary starts with a line holding only '%'",
        ));
    };
    let _ = first;
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut parents: Vec<String> = Vec::new();
    for (n, line) in lines.by_ref() {
        if line.trim() == "%" {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let depth = line.chars().take_while(|c| *c == '\t').count().saturating_sub(1);
        // `id<tab>name`; a name may hold spaces
        let body = line.trim();
        let Some((id, name)) = body.split_once(char::is_whitespace).map(|(i, n)| (i, n.trim()))
        else {
            b.note(n, format!("category line {line:?} is not 'id<tab>name'; skipped"));
            continue;
        };
        parents.truncate(depth);
        parents.push(name.to_string());
        let cat = b.category(&parents, n);
        ids.insert(id.to_string(), cat);
    }
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        // tab-separated; a space-separated file (a common corruption) is read too
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).filter(|f| !f.is_empty()).collect()
        } else {
            line.split_whitespace().collect()
        };
        let split = fields
            .iter()
            .rposition(|f| !f.bytes().all(|c| c.is_ascii_digit()))
            .map_or(0, |p| p + 1);
        let entry = fields[..split].join(" ");
        if split == fields.len() {
            b.note(n, format!("entry {entry:?} has no category id; skipped"));
            continue;
        }
        for id in &fields[split..] {
            match ids.get(*id).cloned() {
                Some(cat) => b.entry(&cat, &entry, None, n),
                None => b.note(
                    n,
                    format!("entry {entry:?}: category id {id} is not defined; skipped for it"),
                ),
            }
        }
    }
    Ok(())
}

/// LIWC-22 `.dicx`: a CSV with a header `Entry,Cat1,Cat2,…` and a mark (or a
/// weight) in each member cell.
fn dicx(text: &str, path: &Path, b: &mut Builder) -> Result<(), Error> {
    let crate::csv_util::Checked { mut reader, headers, tracker, .. } =
        crate::csv_util::open_checked(text.as_bytes(), path, true)?;
    if headers.len() < 2 {
        return Err(Error::at(
            Location::line(path, 1),
            "a .dicx header is: entry, then one column per category",
        ));
    }
    let cats: Vec<String> =
        headers.iter().skip(1).map(|h| b.category(&[h.trim().to_string()], 1)).collect();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        let read = reader.read_record(&mut record);
        let end = reader.position().byte();
        let check = tracker.record(
            start,
            end,
            record.iter().map(str::as_bytes),
            if read.is_ok() { headers.len() } else { 0 },
        );
        match read {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let hint = check.hint().map(|h| format!("; {h}")).unwrap_or_default();
                return Err(Error::at(
                    Location::line(path, check.line),
                    format!("cannot read the row: {e}{hint}"),
                ));
            }
        }
        if let Some((open, message)) = check.unterminated {
            return Err(Error::at(
                Location::line(path, open),
                message.replace("the row is skipped", "nothing is imported"),
            ));
        }
        let n = check.line;
        if let Some(message) = check.malformed.or(check.merged) {
            b.note(n, message);
        }
        let entry = record.get(0).unwrap_or("").trim().to_string();
        for (i, cat) in cats.iter().enumerate() {
            let cell = record.get(i + 1).unwrap_or("").trim();
            if cell.is_empty() {
                continue;
            }
            let weight = cell.parse::<f64>().ok();
            if weight == Some(0.0) {
                continue;
            }
            b.entry(cat, &entry, weight, n);
        }
    }
    Ok(())
}

/// WordStat `.cat`: an indented tree; entries end in ` (weight)`; `_` joins
/// the words of a phrase.
fn wordstat(text: &str, b: &mut Builder) {
    let mut path: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let depth = line
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum::<usize>();
        let body = line.trim();
        let weighted = body.strip_suffix(')').and_then(|s| {
            let (entry, w) = s.rsplit_once('(')?;
            Some((entry.trim().to_string(), w.trim().parse::<f64>().ok()?))
        });
        match weighted {
            Some((entry, weight)) => {
                while path.last().is_some_and(|(d, _)| *d >= depth) {
                    path.pop();
                }
                if path.is_empty() {
                    b.note(n, format!("entry {entry:?} outside any category skipped"));
                    continue;
                }
                let names: Vec<String> = path.iter().map(|(_, s)| s.clone()).collect();
                let cat = b.category(&names, n);
                b.entry(&cat, &entry.replace('_', " ").to_lowercase(), Some(weight), n);
            }
            None => {
                while path.last().is_some_and(|(d, _)| *d >= depth) {
                    path.pop();
                }
                path.push((depth, body.to_string()));
                let names: Vec<String> = path.iter().map(|(_, s)| s.clone()).collect();
                b.category(&names, n);
            }
        }
    }
}

/// Lexicoder `.lc3`: `+category` lines, then one entry per line.
fn lexicoder(text: &str, b: &mut Builder) {
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('+') {
            current = Some(b.category(&[name.trim().to_string()], n));
        } else if let Some(cat) = &current {
            let cat = cat.clone();
            b.entry(&cat, &line.to_lowercase(), None, n);
        } else {
            b.note(n, format!("entry {line:?} before any '+category' line skipped"));
        }
    }
}

/// Yoshikoder `.ykd`: XML with `<cnode name=…>` categories (nested) and
/// `<pnode name=…/>` entries, anywhere below the root element. The XML is
/// parsed for real: references and entities are decoded, comments and CDATA
/// are not nodes. An entry's line is the line its tag opens on.
fn yoshikoder(text: &str, path: &Path, b: &mut Builder) -> Result<(), Error> {
    // a DOCTYPE is allowed (roxmltree guards against entity expansion bombs);
    // nothing is ever fetched from outside the file
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let line = match e {
            // these carry no position (roxmltree says 1:1): the file ended
            // too early, so the last line is where it went wrong
            roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
                text.lines().count().max(1) as u64
            }
            _ => u64::from(e.pos().row),
        };
        Error::at(Location::line(path, line), format!("not well-formed XML: {e}"))
    })?;
    let line_of = |node: roxmltree::Node| u64::from(doc.text_pos_at(node.range().start).row);
    // a node's categories: the names of the cnodes it is in, outermost first
    let categories = |node: roxmltree::Node| -> Vec<String> {
        let mut names: Vec<String> = node
            .ancestors()
            .filter(|a| a.has_tag_name("cnode"))
            .map(|a| a.attribute("name").unwrap_or_default().to_string())
            .collect();
        names.reverse();
        names
    };
    for node in doc.descendants() {
        if node.has_tag_name("cnode") {
            // `ancestors` starts with the node itself
            b.category(&categories(node), line_of(node));
        } else if node.has_tag_name("pnode") {
            let n = line_of(node);
            let path = categories(node);
            match (node.attribute("name"), path.is_empty()) {
                (Some(v), false) => {
                    let cat = b.category(&path, n);
                    b.entry(&cat, v, None, n);
                }
                (Some(v), true) => b.note(n, format!("entry {v:?} outside any category skipped")),
                (None, _) => b.note(n, "a pnode without a name skipped"),
            }
        }
    }
    Ok(())
}

/// A dictionary as framelens TOML, for `framelens lexicon convert`.
pub fn to_toml(imported: &Imported, source: &str) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# Converted by framelens {} from {} ({}).\n# Categories are frames; entries are patterns (see the README's pattern language).\n",
        env!("CARGO_PKG_VERSION"),
        source,
        imported.format
    );
    for (line, note) in &imported.notes {
        out.push_str(&format!("# not converted (line {line}): {note}\n"));
    }
    for f in &imported.frames {
        out.push_str(&format!("\n[[frame]]\nid = {}\n", q(&f.id)));
        if let Some(l) = &f.label {
            out.push_str(&format!("label = {}\n", q(l)));
        }
        out.push_str(&format!("description = {}\npatterns = [\n", q(&f.description)));
        for (p, _) in &f.patterns {
            out.push_str(&format!("  {},\n", q(p)));
        }
        out.push_str("]\n");
        if let Some(w) = &f.weights {
            let list: Vec<String> = w.iter().map(|x| format!("{x:?}")).collect();
            out.push_str(&format!("weights = [{}]\n", list.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(name: &str, content: &[u8]) -> Imported {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        read(&p).unwrap()
    }

    fn summary(i: &Imported) -> Vec<(String, Vec<String>)> {
        i.frames
            .iter()
            .map(|f| (f.id.clone(), f.patterns.iter().map(|(p, _)| p.clone()).collect()))
            .collect()
    }

    fn s(id: &str, p: &[&str]) -> (String, Vec<String>) {
        (id.to_string(), p.iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn entries_become_patterns() {
        assert_eq!(entry_pattern("occup*").unwrap(), "occup*");
        assert_eq!(entry_pattern("  kind of ").unwrap(), "kind of");
        assert_eq!(entry_pattern("@home").unwrap(), "/^@home$/");
        assert_eq!(entry_pattern("near/5").unwrap(), "/^near/5$/");
        assert_eq!(entry_pattern("~tilde*").unwrap(), "/^\\~tilde.*$/");
        assert!(entry_pattern(":)").unwrap_err().contains("no letter or digit"));
        assert!(entry_pattern("like<of>").unwrap_err().contains("conditional"));
    }

    /// Keys that differ but flatten to one frame id (`a b` and `a_b`) are
    /// refused with their lines (a category's line is its first entry's),
    /// not merged into one frame.
    #[test]
    fn yaml_keys_that_collide_once_flattened_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.yml");
        std::fs::write(&p, "a b:\n  - one\na_b:\n  - two\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(
            e.ends_with("d.yml:4: category 'a_b' and category 'a b' (line 2) both become the frame id 'a_b': rename one"),
            "{e}"
        );
    }

    #[test]
    fn quanteda_yaml_nested() {
        let y = "occupation:\n  - occup*\n  - illegally occupied\nrussia:\n  actors:\n    - kremlin\n    - putin\n  single: moscow\n";
        let i = read_str("d.yml", y.as_bytes());
        assert_eq!(
            summary(&i),
            [
                s("occupation", &["occup*", "illegally occupied"]),
                s("russia.actors", &["kremlin", "putin"]),
                s("russia.single", &["moscow"])
            ]
        );
        assert_eq!(i.frames[1].patterns[1].1, 7, "putin is on line 7");
        assert!(i.notes.is_empty());
    }

    #[test]
    fn liwc_dic_with_problems_reported() {
        let d = "%\n1\tposemo\n2\tnegemo\n%\nhappy*\t1\nsad\t2\nbittersweet\t1\t2\nkind of\t1\n:)\t1\nlike<of>\t2\nodd\t9\n";
        let i = read_str("d.dic", d.as_bytes());
        assert_eq!(
            summary(&i),
            [
                s("posemo", &["happy*", "bittersweet", "kind of"]),
                s("negemo", &["sad", "bittersweet"])
            ]
        );
        let notes: Vec<String> = i.notes.iter().map(|(l, m)| format!("{l}: {m}")).collect();
        assert_eq!(notes.len(), 3, "{notes:?}");
        // lines: 1 %, 2-3 categories, 4 %, 5 happy*, 6 sad, 7 bittersweet, 8 kind of, 9 :), 10 like<of>, 11 odd
        assert!(notes[0].starts_with("9: entry \":)\" of 'posemo' skipped"), "{notes:?}");
        assert!(
            notes[1].starts_with("10: entry \"like<of>\" of 'negemo' skipped: a conditional"),
            "{notes:?}"
        );
        assert!(
            notes[2].starts_with("11: entry \"odd\": category id 9 is not defined"),
            "{notes:?}"
        );
    }

    #[test]
    fn dicx_marks_and_weights() {
        let d = "DicTerm,pos,neg\ngood*,X,\nbad,,X\nmeh,0.5,0.5\n";
        let i = read_str("d.dicx", d.as_bytes());
        assert_eq!(summary(&i), [s("pos", &["good*", "meh"]), s("neg", &["bad", "meh"])]);
        assert_eq!(i.frames[0].weights, Some(vec![1.0, 0.5]));
    }

    /// Issue 17 item 5's sibling: re-encoding a dictionary is said, not silent.
    #[test]
    fn a_dictionary_not_in_utf8_says_how_it_was_decoded() {
        let i = read_str("d.lc3", b"+caf\xE9s\ncaf\xE9*\nbrasserie\n");
        assert_eq!(summary(&i), [s("caf\u{e9}s", &["caf\u{e9}*", "brasserie"])]);
        assert_eq!(
            i.notes,
            [(1, "the file is not valid UTF-8; decoded as windows-1252".to_string())]
        );
    }

    /// Issue 17 item 4: a quote never closed in a `.dicx` is an error at
    /// the quote's line, not a category that swallows the rest of the file;
    /// CRLF line ends give the same lines.
    #[test]
    fn dicx_unclosed_quote_is_an_error_at_its_line() {
        let d = "DicTerm,pos,neg\r\ngood*,X,\r\n\"bad,,X\r\nmeh,X,\r\n";
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.dicx");
        std::fs::write(&p, d).unwrap();
        let err = read(&p).unwrap_err().to_string();
        assert!(
            err.ends_with("d.dicx:3: a quote opened on line 3 is never closed: the rest of the file (lines 3–4) was read as one cell; nothing is imported"),
            "{err}"
        );
    }

    #[test]
    fn wordstat_latin1_tree_with_weights() {
        let c = b"ECONOMY\n\tTAXES\n\t\tTAX* (1)\n\t\tIMP\xd4T (2)\n\tJOBS\n\t\tUNEMPLOYMENT_RATE (1)\n";
        let i = read_str("d.cat", c);
        assert_eq!(
            summary(&i),
            [s("ECONOMY.TAXES", &["tax*", "impôt"]), s("ECONOMY.JOBS", &["unemployment rate"])]
        );
        assert_eq!(i.frames[0].weights, Some(vec![1.0, 2.0]));
    }

    #[test]
    fn lexicoder_and_yoshikoder() {
        let i = read_str("d.lc3", b"+positive\ngood*\nGREAT\n+negative\nbad\n");
        assert_eq!(summary(&i), [s("positive", &["good*", "great"]), s("negative", &["bad"])]);
        let x = r#"<?xml version="1.0"?><dictionary><cnode name="economy"><pnode name="tax*"/><cnode name="jobs"><pnode name="O&apos;Neill"/><pnode name="&amp;"/></cnode></cnode></dictionary>"#;
        let i = read_str("d.ykd", x.as_bytes());
        assert_eq!(summary(&i), [s("economy", &["tax*"]), s("economy.jobs", &["O'Neill"])]);
        assert_eq!(i.notes.len(), 1, "the entry '&' holds no word: {:?}", i.notes);
    }

    /// Yoshikoder `.ykd` is read as XML: character references and named
    /// entities are decoded, comments and CDATA are not read as nodes,
    /// single-quoted attributes and tags spanning lines are read; an entry's
    /// line is its tag's first line.
    #[test]
    fn yoshikoder_xml_references_comments_cdata_and_quotes() {
        let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<dictionary name='t'>
  <!-- <cnode name="old"><pnode name="gone"/></cnode> -->
  <cnode name='caf&#233;s'>
    <pnode name="caf&#xE9;*"/>
    <pnode name='O&apos;Neill'/>
    <!-- <pnode name="dropped"/> -->
    <pnode
       name="AT&amp;T"/>
  </cnode>
  <cnode name="law &amp; order">
    <pnode name="&lt;b&gt;"/>
    <pnode name="d&#x27;accord"/>
    <pnode name='say &quot;no&quot;'/>
  </cnode>
  <![CDATA[<cnode name="fake"><pnode name="cdata"/></cnode>]]>
</dictionary>
"#;
        let i = read_str("d.ykd", x.as_bytes());
        assert_eq!(
            summary(&i),
            [
                s("caf\u{e9}s", &["caf\u{e9}*", "O'Neill", "AT&T"]),
                s("law_&_order", &["d'accord", "say \"no\""])
            ]
        );
        let lines = |f: &FrameSpec| f.patterns.iter().map(|(_, l)| *l).collect::<Vec<_>>();
        assert_eq!((i.frames[0].line, lines(&i.frames[0])), (4, vec![5, 6, 8]));
        assert_eq!((i.frames[1].line, lines(&i.frames[1])), (11, vec![13, 14]));
        assert_eq!(i.frames[1].label.as_deref(), Some("law & order"));
        assert_eq!(
            i.notes,
            [(
                12,
                "entry \"<b>\" of 'law_&_order' skipped: a conditional or coded entry (LIWC 2007 style), which framelens cannot express".to_string()
            )]
        );
        // the same XML as a `.lcd` (Yoshikoder's other extension)
        assert_eq!(summary(&read_str("d.lcd", x.as_bytes())), summary(&i));
    }

    /// XML that is not well-formed is an error naming the file and the line
    /// the parser stopped at, not a partial dictionary.
    #[test]
    fn yoshikoder_malformed_xml_is_an_error_at_its_line() {
        let err = |name: &str, x: &str| {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join(name);
            std::fs::write(&p, x).unwrap();
            read(&p).unwrap_err().to_string()
        };
        // a close tag that does not match (line 4)
        let e = err(
            "d.ykd",
            "<dictionary>\n  <cnode name=\"a\">\n    <pnode name=\"x\"/>\n  </pnode>\n</dictionary>\n",
        );
        assert!(e.contains("d.ykd:4: not well-formed XML: expected 'cnode' tag"), "{e}");
        // an attribute without quotes (line 3), in a `.lcd`
        let e = err(
            "d.lcd",
            "<dictionary>\n<cnode name=\"a\">\n<pnode name=x/>\n</cnode>\n</dictionary>\n",
        );
        assert!(e.contains("d.lcd:3: not well-formed XML: "), "{e}");
        // an HTML entity XML does not define (line 2)
        let e = err("d.ykd", "<dictionary>\n<cnode name=\"caf&eacute;\"/>\n</dictionary>\n");
        assert!(
            e.contains("d.ykd:2: not well-formed XML: unknown entity reference 'eacute'"),
            "{e}"
        );
        // the file ends inside the root element: the error names the last line (3)
        let e = err("d.ykd", "<dictionary>\n<cnode name=\"a\">\n<pnode name=\"x\"/>\n");
        assert!(e.contains("d.ykd:3: not well-formed XML: "), "{e}");
    }

    #[test]
    fn converted_toml_reads_back_the_same() {
        let d = "%\n1\tposemo\n2\tneg emo\n%\nhappy*\t1\nsad\t2\n@user\t1\n";
        let i = read_str("d.dic", d.as_bytes());
        let toml = to_toml(&i, "d.dic");
        let back = crate::frames::parse_toml(&toml, Path::new("out.toml")).unwrap();
        let pats = |f: &[FrameSpec]| -> Vec<(String, Vec<String>)> {
            f.iter()
                .map(|f| (f.id.clone(), f.patterns.iter().map(|p| p.0.clone()).collect()))
                .collect()
        };
        assert_eq!(pats(&back), pats(&i.frames));
        assert_eq!(back[1].label.as_deref(), Some("neg emo"));
        assert_eq!(back[1].id, "neg_emo");
    }
}
