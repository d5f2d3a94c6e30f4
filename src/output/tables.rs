//! The tables of a run, each built from the sorted article results.

use super::{CsvStyle, Table};
use crate::model::ArticleResult;

/// Header of `articles.csv`.
pub const ARTICLES_HEADER: &[&str] = &[
    "article_id",
    "file",
    "outlet",
    "date",
    "title",
    "tokens",
    "sentences",
    "boilerplate_chars",
    "chars",
    "language",
    "authors",
    "url",
];

/// `articles.csv`: one row per article, in article-id order.
pub fn articles(results: &[ArticleResult], style: CsvStyle) -> Vec<u8> {
    let mut t = Table::new(ARTICLES_HEADER, style);
    for r in results {
        let m = &r.meta;
        t.text(&m.id).text(&m.file).text(&m.outlet).opt(m.date.as_deref()).opt(m.title.as_deref());
        t.num(r.tokens).num(r.sentences).num(r.boilerplate_chars()).num(r.chars);
        t.text(&m.language).opt(m.authors.as_deref()).opt(m.url.as_deref());
        t.end_row();
    }
    t.into_bytes()
}

/// Header of `boilerplate.csv`.
pub const BOILERPLATE_HEADER: &[&str] =
    &["article_id", "outlet", "rule", "start", "end", "chars", "text"];

/// `boilerplate.csv`: every stretch cut as boilerplate, with its text, so a
/// scholar can check that nothing of the article was lost.
pub fn boilerplate(results: &[ArticleResult], style: CsvStyle) -> Vec<u8> {
    let mut t = Table::new(BOILERPLATE_HEADER, style);
    for r in results {
        for cut in &r.cuts {
            t.text(&r.meta.id).text(&r.meta.outlet).text(&cut.rule);
            t.num(cut.span.start).num(cut.span.end).num(cut.chars).text(&cut.text);
            t.end_row();
        }
    }
    t.into_bytes()
}
