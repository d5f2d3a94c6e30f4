//! RTF to plain text: the small part of RTF 1.9 that archive exports use.
//!
//! No well-kept crate reads RTF text with its code pages, so this is a
//! short reader of our own (tested below):
//!
//! * `\par`, `\line`, `\sect` end a line; `\page` is a form feed (`\f`), as
//!   the page breaks between Factiva's articles; `\tab` is a tab;
//! * `\'hh` is a byte in the document's code page (`\ansicpg1251`, default
//!   Windows-1252), decoded with `encoding_rs`, consecutive bytes together;
//! * `\uN` is the Unicode character N (negative N + 65536), followed by
//!   `\ucN` fallback characters (default 1) that are skipped;
//! * `\\`, `\{`, `\}` are the characters; `\~` a no-break space, `\_` a
//!   hyphen, `\-` (an optional hyphen) nothing; `\emdash`, `\endash`,
//!   `\lquote`, `\rquote`, `\ldblquote`, `\rdblquote`, `\bullet` their
//!   characters;
//! * groups that are not text are skipped whole: `\fonttbl`, `\colortbl`,
//!   `\stylesheet`, `\info`, `\pict`, headers, footers, and every `\*`
//!   destination; line ends in the RTF source are not text.

use encoding_rs::Encoding;

#[derive(Clone, Copy)]
struct State {
    skip: bool,
    uc: usize,
}

/// Destinations whose groups hold no article text.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "object",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "filetbl",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "datastore",
    "fldinst",
    "generator",
];

/// The text of an RTF document.
///
/// # Errors
/// It does not start with `{\rtf`, or its braces do not balance.
///
/// # Examples
/// ```
/// use framelens::import::rtf::to_text;
/// let rtf = r"{\rtf1\ansi\ansicpg1251{\fonttbl{\f0 Arial;}}\f0 \'cf\'f0\'e8\u1074?\'e5\'f2\par Na\'efve\page next}";
/// assert_eq!(to_text(rtf).unwrap(), "Привет\nNaпve\u{c}next");
/// ```
pub fn to_text(rtf: &str) -> Result<String, String> {
    if !rtf.trim_start().starts_with("{\\rtf") {
        return Err("not RTF: it does not start with {\\rtf".into());
    }
    let mut out = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut encoding: &'static Encoding = encoding_rs::WINDOWS_1252;
    let mut stack: Vec<State> = Vec::new();
    let mut state = State { skip: false, uc: 1 };
    let mut pending_skip = 0usize;
    let chars: Vec<char> = rtf.trim_start().chars().collect();
    let mut i = 0;
    // flushes the code-page bytes collected so far
    let flush = |bytes: &mut Vec<u8>, out: &mut String, encoding: &'static Encoding| {
        if !bytes.is_empty() {
            let (text, _, _) = encoding.decode(bytes);
            out.push_str(&text);
            bytes.clear();
        }
    };
    let mut group_start = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' => {
                flush(&mut bytes, &mut out, encoding);
                stack.push(state);
                group_start = true;
                i += 1;
                continue;
            }
            '}' => {
                flush(&mut bytes, &mut out, encoding);
                state = stack
                    .pop()
                    .ok_or_else(|| format!("a '}}' with no '{{' (character {})", i + 1))?;
                pending_skip = 0;
                i += 1;
            }
            '\\' => {
                let Some(&next) = chars.get(i + 1) else { break };
                if next.is_ascii_alphabetic() {
                    let mut j = i + 1;
                    while j < chars.len() && chars[j].is_ascii_alphabetic() {
                        j += 1;
                    }
                    let word: String = chars[i + 1..j].iter().collect();
                    let num_start = j;
                    if j < chars.len() && chars[j] == '-' {
                        j += 1;
                    }
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    let param: Option<i64> = if j > num_start {
                        chars[num_start..j].iter().collect::<String>().parse().ok()
                    } else {
                        None
                    };
                    if j < chars.len() && chars[j] == ' ' {
                        j += 1;
                    }
                    i = j;
                    if group_start && SKIPPED.contains(&word.as_str()) {
                        state.skip = true;
                    }
                    group_start = false;
                    if state.skip {
                        continue;
                    }
                    let mut text = |s: &str, bytes: &mut Vec<u8>, out: &mut String| {
                        flush(bytes, out, encoding);
                        if pending_skip > 0 {
                            pending_skip -= 1;
                        } else {
                            out.push_str(s);
                        }
                    };
                    match word.as_str() {
                        "par" | "line" | "sect" => {
                            flush(&mut bytes, &mut out, encoding);
                            out.push('\n');
                        }
                        "page" => {
                            flush(&mut bytes, &mut out, encoding);
                            out.push('\u{c}');
                        }
                        "tab" => text("\t", &mut bytes, &mut out),
                        "emdash" => text("—", &mut bytes, &mut out),
                        "endash" => text("–", &mut bytes, &mut out),
                        "lquote" => text("‘", &mut bytes, &mut out),
                        "rquote" => text("’", &mut bytes, &mut out),
                        "ldblquote" => text("“", &mut bytes, &mut out),
                        "rdblquote" => text("”", &mut bytes, &mut out),
                        "bullet" => text("•", &mut bytes, &mut out),
                        "ansicpg" => {
                            if let Some(e) = param.and_then(|n| {
                                Encoding::for_label(format!("windows-{n}").as_bytes())
                            }) {
                                encoding = e;
                            }
                        }
                        "uc" => state.uc = param.unwrap_or(1).max(0) as usize,
                        "u" => {
                            flush(&mut bytes, &mut out, encoding);
                            let n = param.unwrap_or(0);
                            let n = if n < 0 { n + 65536 } else { n };
                            out.push(char::from_u32(n as u32).unwrap_or('\u{fffd}'));
                            pending_skip = state.uc;
                        }
                        _ => {}
                    }
                    continue;
                }
                group_start = false;
                i += 2;
                if state.skip && next != '\'' {
                    continue;
                }
                match next {
                    '*' => state.skip = true,
                    '\'' => {
                        let hex: String = chars.iter().skip(i).take(2).collect();
                        i += 2;
                        if state.skip {
                            continue;
                        }
                        let byte = u8::from_str_radix(&hex, 16)
                            .map_err(|_| format!("a bad \\'{hex} escape (character {})", i - 3))?;
                        if pending_skip > 0 {
                            pending_skip -= 1;
                        } else {
                            bytes.push(byte);
                        }
                    }
                    '\\' | '{' | '}' => {
                        flush(&mut bytes, &mut out, encoding);
                        out.push(next);
                    }
                    '~' => out.push('\u{a0}'),
                    '_' => out.push('-'),
                    '\n' | '\r' => {
                        flush(&mut bytes, &mut out, encoding);
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            '\r' | '\n' => i += 1,
            _ => {
                group_start = false;
                i += 1;
                if state.skip {
                    continue;
                }
                flush(&mut bytes, &mut out, encoding);
                if pending_skip > 0 {
                    pending_skip -= 1;
                } else {
                    out.push(c);
                }
            }
        }
        group_start = false;
    }
    flush(&mut bytes, &mut out, encoding);
    if !stack.is_empty() {
        return Err(format!("{} groups opened with '{{' are never closed", stack.len()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_escapes_and_skipped_groups() {
        let rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}{\\colortbl;\\red0\\green0\\blue0;}\n{\\*\\generator Writer;}{\\info{\\title T}}\\f0\\fs20 Caf\\'e9 \\{x\\}\\par\nA\\tab B\\line C\\~D\\par}";
        assert_eq!(to_text(rtf).unwrap(), "Café {x}\nA\tB\nC\u{a0}D\n");
    }

    #[test]
    fn unicode_with_fallbacks() {
        let rtf = "{\\rtf1\\uc2 \\u1040\\'3f\\'3f\\u-3913 ??!}";
        // U+0410 (А), then -3913 + 65536 = 61623 (U+F0B7), each with two fallbacks skipped
        assert_eq!(to_text(rtf).unwrap(), "А\u{f0b7}!");
    }

    #[test]
    fn unbalanced_is_an_error() {
        assert!(to_text("{\\rtf1 {a}").is_err());
        assert!(to_text("plain").is_err());
    }
}
