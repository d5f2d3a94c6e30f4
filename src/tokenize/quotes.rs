//! Quotations (SPEC §6): found from their marks, nested, and each token
//! marked with the innermost quotation around it.
//!
//! A quotation ends at a line break at the latest: one still open there
//! counts up to it when the next line opens the same kind of quotation (a
//! quotation of several paragraphs), and is dropped otherwise.

use crate::model::{NONE, Quotation, Span, Token};
use crate::normalize::{is_apostrophe, is_invisible};

/// The kind of a quotation mark's span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Double,
    Single,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Open {
    kind: Kind,
    mark: char,
    start: usize,
}

/// Finds quotation spans in a segment (offsets shifted by `base`), appending
/// `(start, end)` pairs that include the marks. Quotations do not cross a line
/// break, except that a quotation left open at the end of a paragraph whose
/// next line opens the same kind of quotation (the newspaper convention for
/// quotes of several paragraphs) runs to the end of its line.
///
/// Only quotation marks and line breaks do anything, so the scan jumps from
/// one to the next: a byte that is one of them or starts one (`0xC2` for
/// `«` `»`, `0xE2` for the curly marks and U+2028/U+2029) is a candidate, and
/// the visible characters on either side are read from the text (invisible
/// ones, see [`is_invisible`], are passed over).
pub(super) fn find_quotes(segment: &str, base: usize, spans: &mut Vec<Span>) {
    /// The bytes where a quotation mark or a line break can start: one load
    /// a byte instead of six comparisons.
    const CANDIDATE: [bool; 256] = {
        let mut table = [false; 256];
        let candidates = [b'\n', b'\r', b'"', b'\'', 0xC2, 0xE2];
        let mut k = 0;
        while k < candidates.len() {
            table[candidates[k] as usize] = true;
            k += 1;
        }
        table
    };
    let bytes = segment.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| CANDIDATE[usize::from(b)]) {
        // an ASCII byte or a UTF-8 lead byte: always a character boundary
        let i = from + found;
        let c = segment[i..].chars().next().expect("a character starts here");
        from = i + c.len_utf8();
        let (prev, next) = neighbours(segment, i, from);
        quote_step(segment, base, (i, c), prev, next, &mut stack, spans);
    }
}

/// The visible characters before byte `i` and from byte `from` of `segment`:
/// a quotation mark is read as if invisible characters were absent.
fn neighbours(segment: &str, i: usize, from: usize) -> (Option<char>, Option<char>) {
    let visible = |c: &char| !is_invisible(*c);
    (segment[..i].chars().rev().find(visible), segment[from..].chars().find(visible))
}

/// What character `c` at byte `i` of `segment` does to the open quotations,
/// given the characters before and after it. Nothing unless `c` is a
/// quotation mark or a line break.
pub(super) fn quote_step(
    segment: &str,
    base: usize,
    (i, c): (usize, char),
    prev: Option<char>,
    next: Option<char>,
    stack: &mut Vec<Open>,
    spans: &mut Vec<Span>,
) {
    let at = base + i;
    let after = at + c.len_utf8();
    let opening_context = prev.is_none_or(|p| {
        p.is_whitespace()
            || matches!(p, '(' | '[' | '{' | '-' | '—' | '–' | '/' | ':')
            || is_quote_mark(p)
    });
    let word_inside =
        prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
    match c {
        '\n' | '\r' | '\u{2029}' | '\u{2028}' if !stack.is_empty() => {
            let rest = &segment[i..];
            let next_line = rest.trim_start_matches(|ch: char| ch.is_whitespace());
            let first = next_line.chars().next();
            for open in stack.iter() {
                let continues = first.is_some_and(|f| match open.kind {
                    Kind::Double => matches!(f, '“' | '"' | '«' | '„'),
                    Kind::Single => matches!(f, '‘' | '\''),
                });
                if continues {
                    spans.push(Span::new(open.start, at));
                }
            }
            stack.clear();
        }
        '“' => {
            if top_mark(stack, Kind::Double) == Some('„') {
                close(stack, Kind::Double, after, spans);
            } else {
                stack.push(Open { kind: Kind::Double, mark: c, start: at });
            }
        }
        '„' | '«' => stack.push(Open { kind: Kind::Double, mark: c, start: at }),
        '”' | '»' if !close(stack, Kind::Double, after, spans) && opening_context => {
            stack.push(Open { kind: Kind::Double, mark: c, start: at });
        }
        '"' => {
            let closes = top_mark(stack, Kind::Double) == Some('"')
                || (!opening_context && has_open(stack, Kind::Double));
            if closes {
                close(stack, Kind::Double, after, spans);
            } else {
                stack.push(Open { kind: Kind::Double, mark: c, start: at });
            }
        }
        '‘' => {
            if top_mark(stack, Kind::Single) == Some('‚') {
                close(stack, Kind::Single, after, spans);
            } else if !word_inside && next.is_some_and(|n| !n.is_whitespace()) {
                stack.push(Open { kind: Kind::Single, mark: c, start: at });
            }
        }
        '‚' => stack.push(Open { kind: Kind::Single, mark: c, start: at }),
        '’' if !word_inside && has_open(stack, Kind::Single) => {
            close(stack, Kind::Single, after, spans);
        }
        '\'' => {
            if word_inside {
                // an apostrophe: don't, Russia's
            } else if has_open(stack, Kind::Single) && prev.is_some_and(|p| !p.is_whitespace()) {
                close(stack, Kind::Single, after, spans);
            } else if opening_context && next.is_some_and(char::is_alphabetic) {
                stack.push(Open { kind: Kind::Single, mark: c, start: at });
            }
        }
        _ => {}
    }
}

pub(super) fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '‚') || (c != '’' && is_apostrophe(c))
}

fn top_mark(stack: &[Open], kind: Kind) -> Option<char> {
    stack.iter().rev().find(|o| o.kind == kind).map(|o| o.mark)
}

fn has_open(stack: &[Open], kind: Kind) -> bool {
    stack.iter().any(|o| o.kind == kind)
}

/// Closes the innermost open quotation of `kind` at `end`; quotations opened
/// inside it and never closed are dropped. False when none was open.
fn close(stack: &mut Vec<Open>, kind: Kind, end: usize, spans: &mut Vec<Span>) -> bool {
    match stack.iter().rposition(|o| o.kind == kind) {
        Some(pos) => {
            spans.push(Span::new(stack[pos].start, end));
            stack.truncate(pos);
            true
        }
        None => false,
    }
}

/// Orders quotation spans, links each to its enclosing one, counts its words,
/// and marks each token with its innermost quotation.
pub(super) fn nest_quotes(mut spans: Vec<Span>, tokens: &mut [Token]) -> Vec<Quotation> {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    spans.dedup();
    let mut quotes: Vec<Quotation> = Vec::with_capacity(spans.len());
    let mut stack: Vec<u32> = Vec::new();
    for span in spans {
        while let Some(&top) = stack.last() {
            if quotes[top as usize].span.contains(span) {
                break;
            }
            stack.pop();
        }
        let lo = tokens.partition_point(|t| (t.start as usize) < span.start);
        let hi = tokens.partition_point(|t| (t.start as usize) < span.end);
        let words = tokens[lo..hi].iter().filter(|t| t.end as usize <= span.end).count() as u32;
        let id = quotes.len() as u32;
        quotes.push(Quotation { span, words, parent: stack.last().copied().unwrap_or(NONE) });
        // Spans are visited outermost first, so inner ones overwrite.
        for t in &mut tokens[lo..hi] {
            if t.end as usize <= span.end {
                t.quote = id;
            }
        }
        stack.push(id);
    }
    quotes
}
