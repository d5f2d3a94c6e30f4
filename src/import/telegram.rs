//! Telegram Desktop channel exports (`result.json`, "Export chat history"
//! with the JSON format).
//!
//! The file is one object: `name` (the channel, used as the outlet), `type`,
//! `id`, and `messages[]`. Each message has `id`, `type` (`message`, or
//! `service` for joins, pins and the like, which are skipped and counted),
//! `date` (`2024-04-17T10:00:00`) and `text`: a string, or an array of
//! strings and `{ "type": "bold", "text": "…" }` pieces, joined in order.
//! Each message is one article; its id is `<channel id>/<message id>`, and
//! its url `https://t.me/<username>/<id>` when the export names the
//! channel's public username (some exports carry it in `username`).

use std::path::Path;

use serde_json::Value;

use super::{Imported, Outcome, Source, non_empty, set_date};
use crate::error::{Error, Location};

/// Reads a `result.json`.
///
/// # Errors
/// The file cannot be read, is not JSON, or has no `messages` array.
pub fn read_path(path: &Path) -> Result<Vec<Source>, Error> {
    let mut source = Source::new(path.display().to_string());
    let text = super::read_text(path, &mut source)?;
    parse(&mut source, &text).map_err(|m| Error::at(Location::file(path), m))?;
    Ok(vec![source])
}

/// The text of a message's `text` field.
pub fn message_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(pieces) => pieces
            .iter()
            .map(|p| match p {
                Value::String(s) => s.as_str(),
                Value::Object(o) => o.get("text").and_then(Value::as_str).unwrap_or(""),
                _ => "",
            })
            .collect(),
        _ => String::new(),
    }
}

/// Reads the JSON of a channel export into `source`.
///
/// # Errors
/// Not JSON (the message gives line and column), or no `messages` array.
pub fn parse(source: &mut Source, json: &str) -> Result<(), String> {
    let root: Value = serde_json::from_str(json)
        .map_err(|e| format!("line {}, column {}: not JSON: {e}", e.line(), e.column()))?;
    let messages = root
        .get("messages")
        .and_then(Value::as_array)
        .ok_or("no 'messages' array: is this a Telegram Desktop result.json?")?;
    let channel = root.get("name").and_then(Value::as_str).and_then(non_empty);
    let channel_id = match root.get("id") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => non_empty(s),
        _ => None,
    };
    let username = root.get("username").and_then(Value::as_str).and_then(non_empty);
    if channel.is_none() {
        source.note("no_outlet", Outcome::Error, "the export has no channel 'name'");
    }
    let mut service = 0;
    let mut messages_seen = 0;
    for (i, m) in messages.iter().enumerate() {
        let kind = m.get("type").and_then(Value::as_str).unwrap_or("message");
        if kind == "service" {
            service += 1;
            continue;
        }
        messages_seen += 1;
        let id = match m.get("id") {
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(s)) => non_empty(s),
            _ => None,
        };
        let mut a = Imported {
            position: source.articles.len() + 1,
            outlet: channel.clone(),
            body: message_text(m.get("text").unwrap_or(&Value::Null)).trim().to_string(),
            ..Imported::default()
        };
        if let Some(d) = m.get("date").and_then(Value::as_str) {
            set_date(&mut a, d);
        }
        a.id = match (&channel_id, &id) {
            (Some(c), Some(m)) => Some(format!("{c}/{m}")),
            (None, Some(m)) => Some(m.clone()),
            _ => None,
        };
        if let (Some(u), Some(m)) = (&username, &id) {
            a.url = Some(format!("https://t.me/{u}/{m}"));
        }
        source.articles.push(a);
        if id.is_none() {
            let n = source.articles.len() - 1;
            source.note_article(
                n,
                "no_id",
                Outcome::Warning,
                format!("message {} has no id", i + 1),
            );
        }
    }
    if service > 0 {
        source.note(
            "service",
            Outcome::Note,
            format!("{service} service messages (joins, pins, …) skipped: not articles"),
        );
    }
    source.announced = Some((
        messages_seen,
        format!("{} entries in messages[], {service} of them service messages", messages.len()),
    ));
    Ok(())
}
