//! The command line (SPEC §10): `run` (the default), `check`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Status};
use crate::run::{self, Report, RunOptions};

const RUN_EXAMPLES: &str = "\
Examples:
  framelens                                   run on ./corpus with ./lexicons, write ./output
  framelens run --corpus news --out tables    another corpus, another output folder
  framelens run --jobs 1 --excel              one thread; tables with a byte-order mark for Excel";

const CHECK_EXAMPLES: &str = "\
Examples:
  framelens check                             validate ./corpus and ./lexicons
  framelens check --corpus news --lexicons my-lexicons";

/// Compare how news outlets frame one story: entities, frames and voice,
/// counted per outlet and written as CSV tables.
#[derive(Debug, Parser)]
#[command(name = "framelens", version, args_conflicts_with_subcommands = true, after_help = RUN_EXAMPLES)]
pub struct Cli {
    /// What to do; `run` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the default command, `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse the corpus and write the tables (the default command).
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Validate the corpus and the lexicons and report every problem; writes nothing.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
}

/// Options of `run`.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Folder of articles: `manifest.csv` and/or `<outlet>/<name>.txt`.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder of lexicons (`boilerplate.toml`, …).
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    /// Folder the tables are written to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Gazetteer file to use instead of the lexicons folder's (`.toml` or `.csv`).
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
    /// Frame lexicon to use instead of the lexicons folder's `frames.toml`.
    #[arg(long, value_name = "FILE")]
    pub frames: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Write tables for Excel: UTF-8 with a byte-order mark.
    #[arg(long)]
    pub excel: bool,
}

/// Options of `check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Folder of articles.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder of lexicons.
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    /// Gazetteer file to use instead of the lexicons folder's.
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
    /// Frame lexicon to use instead of the lexicons folder's.
    #[arg(long, value_name = "FILE")]
    pub frames: Option<PathBuf>,
}

impl RunArgs {
    fn options(&self) -> RunOptions {
        RunOptions {
            corpus: self.corpus.clone(),
            lexicons: self.lexicons.clone(),
            out: self.out.clone(),
            jobs: self.jobs.map(usize::from),
            excel: self.excel,
            entities: self.entities.clone(),
            frames: self.frames.clone(),
        }
    }
}

/// Runs a parsed command line; returns the exit status.
///
/// # Errors
/// Fatal errors (unusable lexicons or folders); the caller prints them and
/// exits with 2.
pub fn run(cli: Cli) -> Result<Status, Error> {
    match cli.command {
        None => run_command(&cli.run),
        Some(Command::Run(args)) => run_command(&args),
        Some(Command::Check(args)) => {
            let opts = RunOptions {
                corpus: args.corpus,
                lexicons: args.lexicons,
                entities: args.entities,
                frames: args.frames,
                ..RunOptions::default()
            };
            let report = run::check(&opts)?;
            print_diagnostics(&report);
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "framelens check: {} articles from {} outlets, {} tokens; {} errors, {} warnings",
                report.articles,
                report.outlets,
                report.tokens,
                report.diagnostics.errors(),
                report.diagnostics.warnings()
            );
            Ok(report.status())
        }
    }
}

fn run_command(args: &RunArgs) -> Result<Status, Error> {
    let report = run::run(&args.options())?;
    print_diagnostics(&report);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "framelens: {} articles from {} outlets, {} tokens, {} boilerplate chars cut, {} entity mentions, {} frame hits; {} errors, {} warnings; {:.2} s; tables in {}",
        report.articles,
        report.outlets,
        report.tokens,
        report.boilerplate_chars,
        report.entity_mentions,
        report.frame_hits,
        report.diagnostics.errors(),
        report.diagnostics.warnings(),
        report.elapsed.as_secs_f64(),
        args.out.display()
    );
    Ok(report.status())
}

fn print_diagnostics(report: &Report) {
    let mut err = std::io::stderr().lock();
    for d in report.diagnostics.iter() {
        let _ = writeln!(err, "framelens: {d}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_arguments_is_the_default_run() {
        let cli = Cli::try_parse_from(["framelens"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.run.corpus, PathBuf::from("corpus"));
        assert_eq!(cli.run.out, PathBuf::from("output"));
    }

    #[test]
    fn run_flags_at_top_level_and_in_subcommand() {
        let cli = Cli::try_parse_from(["framelens", "--jobs", "2", "--excel"]).unwrap();
        assert_eq!(cli.run.jobs, Some(2));
        assert!(cli.run.excel);
        let cli = Cli::try_parse_from(["framelens", "run", "--corpus", "x"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Run(ref a)) if a.corpus.as_path() == std::path::Path::new("x"))
        );
    }

    #[test]
    fn zero_jobs_is_refused() {
        assert!(Cli::try_parse_from(["framelens", "--jobs", "0"]).is_err());
    }

    #[test]
    fn check_takes_corpus_and_lexicons() {
        let cli = Cli::try_parse_from(["framelens", "check", "--lexicons", "l"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Check(ref a)) if a.lexicons.as_path() == std::path::Path::new("l"))
        );
    }
}
