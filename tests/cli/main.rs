//! Integration tests of the `framelens` binary: one test binary, a module per
//! command or concern (ripgrep's layout).

mod bad_input;
mod batch;
mod browser;
mod check;
mod commands;
mod dictionaries;
mod entities;
mod findings;
mod frames;
mod ingest_integrity;
mod integrity;
mod mapreduce;
mod report;
mod run;
mod semantics;
mod spark;
mod text_integrity;
mod util;
mod validate;
