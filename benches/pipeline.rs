//! Per-stage benchmarks (criterion): tokenize, gazetteer, frames, voice,
//! aggregate. Each runs over the BBC corpus in ../shared/corpora when it is
//! present (the shipped seeds, repeated, otherwise) with the shipped
//! lexicons, and asserts what it counts, so it can never time an empty run.
//!
//!     cargo bench --bench pipeline

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use framelens::aggregate::Accumulator;
use framelens::analyze::{Context, analyze};
use framelens::lexicon::Lexicons;
use framelens::model::{Article, ArticleMeta, Voice};
use framelens::tokenize::Analyzer;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Texts of the benchmark corpus, with their outlets.
fn corpus() -> Vec<(String, String)> {
    let bbc = root().join("../shared/corpora/bbc-news-2225");
    let mut out = Vec::new();
    if bbc.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&bbc)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for p in files {
            let outlet =
                p.file_stem().unwrap().to_string_lossy().split('_').next().unwrap().to_string();
            out.push((outlet, std::fs::read_to_string(&p).unwrap()));
        }
    } else {
        let seeds = root().join("corpus");
        for _ in 0..100 {
            for e in std::fs::read_dir(&seeds).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|e| e == "txt") {
                    out.push(("seeds".to_string(), std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }
    out
}

fn articles(texts: &[(String, String)]) -> Vec<Article> {
    texts
        .iter()
        .enumerate()
        .map(|(i, (outlet, text))| Article {
            meta: ArticleMeta {
                id: format!("a{i}"),
                file: format!("a{i}"),
                outlet: outlet.clone(),
                language: "en".into(),
                ..Default::default()
            },
            text: text.clone(),
        })
        .collect()
}

fn lexicons() -> Lexicons {
    Lexicons::load(&root().join("lexicons"), None, None).expect("shipped lexicons load")
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: u64 = texts.iter().map(|(_, t)| t.len() as u64).sum();
    let docs = articles(&texts);
    let ctx = Context::new(lexicons());
    let analyzer = Analyzer::new("en");
    let tokenized: Vec<_> = docs.iter().map(|a| ctx.tokenize(a).1).collect();
    let tokens: usize = tokenized.iter().map(|t| t.tokens.len()).sum();
    let mentions: Vec<_> = tokenized.iter().map(|t| ctx.lexicons.gazetteer.find(t)).collect();
    let mention_count: usize = mentions.iter().map(Vec::len).sum();
    let frame_hits: usize = tokenized
        .iter()
        .zip(&mentions)
        .map(|(t, m)| ctx.lexicons.frames.find(t, m, &analyzer).len())
        .sum();
    assert!(
        tokens > 10_000 && mention_count > 100 && frame_hits > 10,
        "{tokens} {mention_count} {frame_hits}"
    );

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|a| ctx.tokenize(a).1.tokens.len()).sum();
            assert_eq!(n, tokens);
        })
    });
    g.bench_function("gazetteer", |b| {
        b.iter(|| {
            let n: usize = tokenized.iter().map(|t| ctx.lexicons.gazetteer.find(t).len()).sum();
            assert_eq!(n, mention_count);
        })
    });
    g.bench_function("frames", |b| {
        b.iter(|| {
            let n: usize = tokenized
                .iter()
                .zip(&mentions)
                .map(|(t, m)| ctx.lexicons.frames.find(t, m, &analyzer).len())
                .sum();
            assert_eq!(n, frame_hits);
        })
    });
    let quoted: usize = tokenized
        .iter()
        .map(|t| t.tokens.iter().filter(|tok| t.voice(tok, tok.span()) != Voice::Own).count())
        .sum();
    g.bench_function("voice", |b| {
        b.iter(|| {
            let n: usize = tokenized
                .iter()
                .map(|t| {
                    t.tokens.iter().filter(|tok| t.voice(tok, tok.span()) != Voice::Own).count()
                })
                .sum();
            assert_eq!(n, quoted);
        })
    });
    let results: Vec<_> = docs.iter().map(|a| analyze(a, &ctx)).collect();
    let hits: usize = results.iter().map(|r| r.frame_hits.len()).sum();
    assert_eq!(hits, frame_hits);
    g.bench_function("aggregate", |b| {
        b.iter(|| {
            let mut acc = Accumulator::new(&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
            for r in &results {
                acc.add(r);
            }
            let agg = acc.finish();
            let total: u64 = agg.frames.hits.iter().flatten().sum();
            assert_eq!(total as usize, frame_hits);
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
