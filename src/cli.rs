//! The command line (SPEC §10): five commands, `run` (the default: analyse
//! the corpus, write the tables), `check` (validate the corpus and the
//! lexicons, write the lexicon report), `kwic` (one pattern's matches in
//! context), `explain` (one article's hits in context) and `lexicon convert`
//! (a dictionary to a framelens frames TOML file); `import` turns
//! news-archive exports into a corpus folder; `sample` and `validate` check
//! the frame lexicon against hand coding ([`crate::validate`]).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Status};
use crate::run::{self, Report, RunOptions};

const RUN_EXAMPLES: &str = "\
Examples:
  framelens                                   run on ./corpus with ./lexicons, write ./output
  framelens run --corpus news --out tables    another corpus, another output folder
  framelens run --jobs 1 --excel              one thread; tables with a byte-order mark for Excel
  framelens run --period week --denominator counts.csv
                                              frames per ISO week, with Media Cloud's daily totals
  framelens run --by group --wide-rate share_articles
                                              outlet tables per group (the manifest's group column)";

const KWIC_EXAMPLES: &str = "\
Examples:
  framelens kwic 'occup*'                          every token starting with occup, in context
  framelens kwic 'punish* NEAR/10 @pashinyan'      a proximity rule with a gazetteer entity
  framelens kwic '~occupy' --csv > occupy.csv      stems, as CSV for a spreadsheet";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  framelens explain 000_541dd8482db94a32.txt            an article of ./corpus, by its id
  framelens explain corpus/000_541dd8482db94a32.txt     the same article, by its file
  framelens explain 1234 --collection news.csv          a row of a collection, by its id
  framelens explain draft.txt --outlet mei              a file outside the corpus";

const CHECK_EXAMPLES: &str = "\
Examples:
  framelens check                             validate ./corpus and ./lexicons; write
                                              output/lexicon_report.csv (what each pattern matched)
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
    /// Validate the corpus and the lexicons, report every problem, and write
    /// lexicon_report.csv: what each pattern and alias matched in the corpus.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Show every match of one pattern in context, to test it before adding it to the lexicon.
    #[command(after_help = KWIC_EXAMPLES)]
    Kwic(KwicArgs),
    /// Show one article's entity mentions and frame hits, with voice, in context.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Work with lexicons: convert a dictionary to framelens TOML.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Turn news-archive exports (Nexis Uni, Nexis legacy, Factiva, Media Cloud, Telegram) into a
    /// corpus folder with manifest.csv, checking that no article was lost (import_report.csv).
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Draw a seeded, stratified random sample of articles or sentences as a blinded coding
    /// sheet (coding_sheet.csv, with coding_sheet.json to repeat the draw).
    #[command(after_help = VALIDATE_EXAMPLES)]
    Sample(SampleArgs),
    /// Compare a coded sheet with framelens's codes: precision, recall, F1 with intervals,
    /// Krippendorff's alpha (validation.csv), and every disagreement (validation_cases.csv).
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate(ValidateArgs),
    /// Analyse JSON Lines articles read on standard input (one partition of a collection) and
    /// write a part on standard output: counts that add up and per-article records, for reduce.
    #[command(after_help = MAP_EXAMPLES)]
    Map(MapArgs),
    /// Merge the parts written by map (files, folders of part-* files, globs) into the tables of
    /// run, byte for byte; with --partial, into one part again.
    #[command(after_help = MAP_EXAMPLES)]
    Reduce(ReduceArgs),
}

const MAP_EXAMPLES: &str = "\
Examples:
  framelens map --source news.jsonl < news.jsonl > news.part      one machine, one part
  split -n l/4 news.jsonl chunk.                                  four partitions...
  ls chunk.* | parallel 'framelens map --source news.jsonl < {} > {}.part'
  framelens reduce chunk.*.part --out output                      ...the tables of run
  framelens reduce spark-out/parts --out output                   a folder of part-* files
  framelens reduce a.part b.part --partial --out ab.part          two parts as one (a combiner)";

/// Options of `map`.
#[derive(Debug, Args, Clone)]
pub struct MapArgs {
    /// The collection's JSON keys, as for run --collection.
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Where the lexicons are.
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// The collection's name: articles.csv's `file` cell, and the file named in messages.
    #[arg(long, value_name = "NAME", default_value = "stdin")]
    pub source: String,
    /// Keep every hit in context, for hits.csv and the report (`all`), or not (`none`).
    #[arg(long, value_enum, default_value = "all")]
    pub hits: Hits,
    /// The periods of the part's outlet records (reduce's --period may differ).
    #[arg(long, value_enum, value_name = "LENGTH", default_value = "month")]
    pub period: crate::periods::Granularity,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Options of `reduce`.
#[derive(Debug, Args, Clone)]
pub struct ReduceArgs {
    /// Part files written by map: files, folders of part-* files, or patterns such as
    /// 'out/part-*'.
    #[arg(required = true, value_name = "PARTS")]
    pub parts: Vec<PathBuf>,
    /// Where the lexicons are: the lexicons map used (their hashes are checked).
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Folder the tables are written to (with --partial: the part file, `-` for standard output).
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Write one part that merges the parts, instead of the tables.
    #[arg(long)]
    pub partial: bool,
    /// Which tables, and how (as for run).
    #[command(flatten)]
    pub tables: TableArgs,
    /// Worker threads for the bootstrap (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

const VALIDATE_EXAMPLES: &str = "\
Examples:
  framelens sample --n 20                       20 articles per outlet: output/coding_sheet.csv
  framelens sample --n 15 --by frame --unit sentence --seed 7 --coders c1,c2
                                                15 sentences per frame (and 15 with none),
                                                a column per frame and coder
  framelens validate --gold coded.csv           one coder: a column per frame
  framelens validate --gold coded.csv --coders c1,c2
                                                two coders: columns FRAME:c1 and FRAME:c2";

/// Options of `sample`.
#[derive(Debug, Args, Clone)]
pub struct SampleArgs {
    /// Units drawn per stratum (all of a stratum's units when it has fewer).
    #[arg(long, value_name = "N")]
    pub n: usize,
    /// The strata: each outlet, or each frame framelens finds (and the units with none).
    #[arg(long, value_enum, value_name = "STRATA", default_value = "outlet")]
    pub by: crate::validate::sample::Strata,
    /// What is coded: whole articles or sentences.
    #[arg(long, value_enum, value_name = "UNIT", default_value = "article")]
    pub unit: crate::validate::Unit,
    /// The seed of the draw (the same seed, corpus and lexicons draw the same sample).
    #[arg(long, value_name = "S", default_value_t = crate::validate::sample::DEFAULT_SEED)]
    pub seed: u64,
    /// The coders, comma-separated: a column FRAME:CODER per frame and coder [default: one
    /// column per frame].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub coders: Vec<String>,
    /// Extend an earlier draw: --n more units per stratum, none drawn before, with that draw's
    /// seed, unit, strata and coders; writes coding_sheet_2.csv (then _3, …) and its sidecar.
    #[arg(long, value_name = "SIDECAR", conflicts_with_all = ["by", "unit", "seed", "coders"])]
    pub extend: Option<PathBuf>,
    /// Where the articles are.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where the lexicons are.
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Folder coding_sheet.csv and coding_sheet.json are written to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Write the sheet for Excel: UTF-8 with a byte-order mark.
    #[arg(long)]
    pub excel: bool,
}

/// Options of `validate`.
#[derive(Debug, Args, Clone)]
pub struct ValidateArgs {
    /// The coded sheet: coding_sheet.csv with its frame columns filled in (1, 0 or blank); the
    /// rounds of an extended draw may follow (coding_sheet_2.csv …), read as one sheet.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    pub gold: Vec<PathBuf>,
    /// The coders, comma-separated, whose columns are FRAME:CODER [default: one coder, a
    /// column per frame].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub coders: Vec<String>,
    /// The seed of the bootstrap intervals.
    #[arg(long, value_name = "S", default_value_t = crate::validate::report::DEFAULT_SEED)]
    pub seed: u64,
    /// Where the articles are.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where the lexicons are.
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Folder validation.csv, validation_cases.csv and validation.json are written to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Write tables for Excel: UTF-8 with a byte-order mark.
    #[arg(long)]
    pub excel: bool,
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  framelens import nexis-docx Files(100).docx Files(200).docx --out corpus-nexis
  framelens import factiva factiva-*.html --out corpus-factiva --dedupe
  framelens import mediacloud stories.csv --text texts/ --out corpus-mc
  framelens import telegram ChatExport/result.json --out corpus-tg
  framelens import files raw/ --name-pattern '{outlet}_{date}_{id}.txt' --out corpus
  framelens run --corpus corpus-nexis          then analyse the imported corpus";

/// Options of `import`.
#[derive(Debug, Args, Clone)]
pub struct ImportArgs {
    /// The export format.
    #[arg(value_enum)]
    pub format: crate::import::Format,
    /// The export files (a folder: its files, in name order).
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// The corpus folder to write (new or empty; see --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace the output folder even when it is not empty.
    #[arg(long)]
    pub force: bool,
    /// Leave near-duplicates (same outlet and day, similar text) out; they are always reported.
    #[arg(long)]
    pub dedupe: bool,
    /// Shingled Jaccard similarity from which two articles are near-duplicates.
    #[arg(long, value_name = "X", default_value_t = crate::import::DEFAULT_SIMILARITY)]
    pub similarity: f64,
    /// Metadata from file names, e.g. '{outlet}_{date}_{id}.txt' (fields: outlet, date, id,
    /// title, authors, language, _).
    #[arg(long, value_name = "PATTERN")]
    pub name_pattern: Option<String>,
    /// Media Cloud: the texts, a folder of <id>.txt files or a CSV with id or url and text.
    #[arg(long, value_name = "PATH")]
    pub text: Option<PathBuf>,
    /// The language (ISO 639-1) of articles whose export names none [default: left empty, which
    /// run reads as en].
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

const CONVERT_EXAMPLES: &str = "\
Examples:
  framelens lexicon convert LIWC2015.dic lexicons/frames.toml
  framelens lexicon convert laver-garry.yml my-frames.toml
  framelens lexicon convert policy.cat policy.toml      (WordStat; Latin-1 is detected)";

/// Lexicon commands.
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Convert a quanteda YAML, LIWC .dic/.dicx, WordStat .cat, Lexicoder .lc3 or
    /// Yoshikoder .ykd/.lcd dictionary to a framelens frames TOML file.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert {
        /// The dictionary to read (its format is chosen by extension).
        input: PathBuf,
        /// The framelens TOML file to write.
        output: PathBuf,
    },
}

/// Options of `kwic`.
#[derive(Debug, Args, Clone)]
pub struct KwicArgs {
    /// A pattern of the pattern language (see the README): quote it for the shell.
    pub pattern: String,
    /// Where the articles are.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where the lexicons are (for @entities and boilerplate; the frames are not used).
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Write CSV (the columns of hits.csv) instead of aligned text.
    #[arg(long)]
    pub csv: bool,
}

/// Options of `explain`.
#[derive(Debug, Args, Clone)]
pub struct ExplainArgs {
    /// The article: its id (as in articles.csv), its file in the corpus, or any text file.
    pub article: String,
    /// Where the articles are.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where the lexicons are.
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// The outlet of a file outside the corpus, for outlet-specific boilerplate rules.
    #[arg(long, default_value = "unknown")]
    pub outlet: String,
    /// The language (ISO 639-1) of a file outside the corpus, for stems.
    #[arg(long, default_value = "en")]
    pub language: String,
}

/// Whether to write `hits.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Hits {
    /// Write every hit in context (the default).
    All,
    /// Skip `hits.csv` (for very large runs).
    None,
}

/// Whether to write `report.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    /// One self-contained HTML page of charts (the default).
    Html,
    /// No report.
    None,
}

/// Where the articles are, and how many threads read them: the same for
/// every command.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Folder of articles: `manifest.csv` and/or `<outlet>/<name>.txt`.
    #[arg(long, value_name = "DIR", default_value = "corpus", conflicts_with = "collection")]
    pub corpus: PathBuf,
    /// A CSV or JSON Lines file with one article per row, instead of a folder.
    #[arg(long, value_name = "FILE")]
    pub collection: Option<PathBuf>,
    /// The collection's columns.
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Which columns (CSV) or keys (JSON Lines) of a collection hold what: the
/// same for `run --collection` and `map`.
#[derive(Debug, Args, Clone, Default)]
pub struct ColumnArgs {
    /// Collection column (or JSON key) of the text [default: the first of text, body, content,
    /// full_text, article].
    #[arg(long, value_name = "NAME")]
    pub text_col: Option<String>,
    /// Collection column of the outlet [default: the first of outlet, source, media_name,
    /// publication, media, publisher].
    #[arg(long, value_name = "NAME")]
    pub outlet_col: Option<String>,
    /// Collection column of the date [default: the first of date, publish_date, published,
    /// pub_date, publication_date].
    #[arg(long, value_name = "NAME")]
    pub date_col: Option<String>,
    /// Collection column of the headline [default: the first of title, headline].
    #[arg(long, value_name = "NAME")]
    pub title_col: Option<String>,
    /// Collection column of the article id [default: the first of id, article_id, stories_id,
    /// guid, doc_id].
    #[arg(long, value_name = "NAME")]
    pub id_col: Option<String>,
    /// Collection column of the outlet's group, for `--by group` [default: the first of group,
    /// outlet_group].
    #[arg(long, value_name = "NAME")]
    pub group_col: Option<String>,
}

impl ColumnArgs {
    /// The columns, as the reader takes them.
    pub fn columns(&self) -> crate::ingest::table::Columns {
        crate::ingest::table::Columns {
            text: self.text_col.clone(),
            outlet: self.outlet_col.clone(),
            date: self.date_col.clone(),
            title: self.title_col.clone(),
            id: self.id_col.clone(),
            group: self.group_col.clone(),
        }
    }
}

impl InputArgs {
    /// Run options with these inputs and lexicons, the rest defaults.
    fn options(&self, lex: &LexiconArgs) -> RunOptions {
        RunOptions {
            corpus: self.corpus.clone(),
            collection: self.collection.clone(),
            columns: self.columns.columns(),
            lexicons: lex.lexicons.clone(),
            entities: lex.entities.clone(),
            frames: lex.frames.clone(),
            jobs: self.jobs.map(|n| capped_jobs(usize::from(n), available_cores())),
            ..RunOptions::default()
        }
    }
}

/// What `run` and `reduce` write, and how.
#[derive(Debug, Args, Clone)]
pub struct TableArgs {
    /// Write hits.csv (`all`) or skip it (`none`).
    #[arg(long, value_enum, default_value = "all")]
    pub hits: Hits,
    /// Write tables for Excel: UTF-8 with a byte-order mark.
    #[arg(long)]
    pub excel: bool,
    /// What frames_wide.csv holds per outlet: hits per 1,000 tokens (`per_1k`), own-voice hits
    /// per 1,000 own-voice tokens (`per_1k_own`), or the share of articles with the frame.
    #[arg(long, value_enum, value_name = "RATE", default_value = "per_1k")]
    pub wide_rate: crate::output::tables::WideRate,
    /// The periods of outlet_periods.csv and article_matrix.csv: `day`, `week` (ISO, 2024-W07),
    /// `month` (2024-02), `quarter` (2024-Q1) or `year`.
    #[arg(long, value_enum, value_name = "LENGTH", default_value = "month")]
    pub period: crate::periods::Granularity,
    /// Media Cloud's counts-over-time CSV (date,count,total_count,ratio): adds archive_total,
    /// the archive's articles in each period, to outlet_periods.csv.
    #[arg(long, value_name = "FILE")]
    pub denominator: Option<PathBuf>,
    /// Compute the outlet tables per outlet (the default) or per group: the `group` column of the
    /// manifest or collection (state media, independent, …).
    #[arg(long, value_enum, value_name = "KEY", default_value = "outlet")]
    pub by: crate::run::By,
    /// Write report.html, the tables as charts in one self-contained page (`html`), or not
    /// (`none`).
    #[arg(long, value_enum, value_name = "KIND", default_value = "html")]
    pub report: ReportKind,
}

impl TableArgs {
    /// `opts` with these table options.
    fn apply(&self, opts: RunOptions) -> RunOptions {
        RunOptions {
            excel: self.excel,
            hits: self.hits == Hits::All,
            wide_rate: self.wide_rate,
            period: self.period,
            denominator: self.denominator.clone(),
            by: self.by,
            report: self.report == ReportKind::Html,
            ..opts
        }
    }
}

/// Options of `run`.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Where the articles are.
    #[command(flatten)]
    pub input: InputArgs,
    /// Ignore what earlier runs computed (output/.cache) and analyse everything.
    #[arg(long)]
    pub no_cache: bool,
    /// Where the lexicons are.
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Folder the tables are written to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Which tables, and how.
    #[command(flatten)]
    pub tables: TableArgs,
}

/// The lexicons of `run` and `check`.
#[derive(Debug, Args, Clone)]
pub struct LexiconArgs {
    /// Folder of lexicons (`entities.toml`, `frames.toml` or a dictionary, `boilerplate.toml`).
    #[arg(long, value_name = "DIR", default_value = "lexicons")]
    pub lexicons: PathBuf,
    /// Gazetteer file to use instead of the lexicons folder's (`.toml` or `.csv`).
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
    /// Frame lexicon to use instead of the lexicons folder's: framelens TOML, or a quanteda
    /// YAML, LIWC .dic/.dicx, WordStat .cat, Lexicoder .lc3 or Yoshikoder .ykd dictionary.
    #[arg(long, value_name = "FILE")]
    pub frames: Option<PathBuf>,
}

/// Options of `check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Where the articles are.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where the lexicons are.
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Folder the lexicon report (lexicon_report.csv) is written to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
}

impl RunArgs {
    fn options(&self) -> RunOptions {
        self.tables.apply(RunOptions {
            out: self.out.clone(),
            no_cache: self.no_cache,
            progress: true,
            ..self.input.options(&self.lex)
        })
    }
}

/// Worker threads beyond this many per core only cost memory and start-up.
pub const MAX_JOBS_PER_CORE: usize = 4;

fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// `--jobs N`, capped at [`MAX_JOBS_PER_CORE`] threads per core, with a
/// note when it is capped (`--jobs 65535` started 65,535 threads).
fn capped_jobs(asked: usize, cores: usize) -> usize {
    let cap = cores * MAX_JOBS_PER_CORE;
    if asked <= cap {
        return asked;
    }
    eprintln!(
        "framelens: note: --jobs {asked} is more than {MAX_JOBS_PER_CORE} threads for each of this machine's {cores} cores; using {cap}"
    );
    cap
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
        Some(Command::Kwic(args)) => kwic_command(args),
        Some(Command::Explain(args)) => explain_command(args),
        Some(Command::Lexicon(LexiconCommand::Convert { input, output })) => {
            convert_command(&input, &output)
        }
        Some(Command::Import(args)) => import_command(args),
        Some(Command::Sample(args)) => sample_command(&args),
        Some(Command::Validate(args)) => validate_command(&args),
        Some(Command::Map(args)) => map_command(&args),
        Some(Command::Reduce(args)) => reduce_command(&args),
        Some(Command::Check(args)) => {
            let opts = RunOptions { out: args.out.clone(), ..args.input.options(&args.lex) };
            let (report, lint) = run::check(&opts)?;
            let lint_path = opts.out.join("lexicon_report.csv");
            // written into the output folder while no run swaps it
            let lock = crate::output::folder::OutputLock::acquire(&opts.out)?;
            std::fs::create_dir_all(lock.target()).map_err(|e| Error::io(lock.target(), e))?;
            crate::output::write_atomic(&lock.target().join("lexicon_report.csv"), &lint)?;
            drop(lock);
            print_diagnostics(&report);
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "framelens check: {} articles from {} outlets, {} tokens; {} errors, {} warnings; what each pattern matched: {}",
                report.articles,
                report.outlets,
                report.tokens,
                report.diagnostics.errors(),
                report.diagnostics.warnings(),
                lint_path.display()
            );
            Ok(report.status())
        }
    }
}

fn sample_command(args: &SampleArgs) -> Result<Status, Error> {
    let opts = crate::validate::sample::SampleOptions {
        input: RunOptions {
            out: args.out.clone(),
            excel: args.excel,
            ..args.input.options(&args.lex)
        },
        n: args.n,
        by: args.by,
        unit: args.unit,
        seed: args.seed,
        coders: args.coders.clone(),
        extend: args.extend.clone(),
    };
    let s = crate::validate::sample::sample(&opts)?;
    let mut err = std::io::stderr().lock();
    for d in s.diagnostics.iter() {
        let _ = writeln!(err, "framelens: {d}");
    }
    let strata: Vec<String> =
        s.strata.iter().map(|t| format!("{} {}/{}", t.name, t.drawn, t.units)).collect();
    let _ = writeln!(
        err,
        "framelens sample: {}{} of {} {}s drawn (seed {}; per stratum, drawn/in corpus: {}); {} errors, {} warnings; to code: {}",
        if s.round > 1 { format!("round {}: ", s.round) } else { String::new() },
        s.ids.len(),
        s.units,
        s.unit.as_str(),
        s.seed,
        strata.join(", "),
        s.diagnostics.errors(),
        s.diagnostics.warnings(),
        args.out.join(format!("{}.csv", crate::validate::sample::sheet_stem(s.round))).display()
    );
    Ok(Status::from_diagnostics(&s.diagnostics))
}

fn validate_command(args: &ValidateArgs) -> Result<Status, Error> {
    let opts = crate::validate::report::ValidateOptions {
        input: RunOptions {
            out: args.out.clone(),
            excel: args.excel,
            ..args.input.options(&args.lex)
        },
        gold: args.gold.clone(),
        coders: args.coders.clone(),
        seed: args.seed,
    };
    let v = crate::validate::report::validate(&opts)?;
    let mut err = std::io::stderr().lock();
    for d in v.diagnostics.iter() {
        let _ = writeln!(err, "framelens: {d}");
    }
    let _ = writeln!(
        err,
        "framelens validate: {} rows (frame × outlet, and all); {} errors, {} warnings; figures in {}, disagreements in {}",
        v.rows.len(),
        v.diagnostics.errors(),
        v.diagnostics.warnings(),
        args.out.join("validation.csv").display(),
        args.out.join("validation_cases.csv").display()
    );
    Ok(Status::from_diagnostics(&v.diagnostics))
}

fn import_command(args: ImportArgs) -> Result<Status, Error> {
    let opts = crate::import::ImportOptions {
        format: args.format,
        inputs: args.files,
        out: args.out,
        force: args.force,
        dedupe: args.dedupe,
        similarity: args.similarity,
        name_pattern: args.name_pattern,
        text: args.text,
        language: args.language,
    };
    let report = crate::import::import(&opts)?;
    let mut err = std::io::stderr().lock();
    // every finding, except that many files whose counts agree are one line
    let ok = report.findings.iter().filter(|f| f.outcome == crate::import::Outcome::Ok).count();
    for f in &report.findings {
        if ok <= 20 || f.outcome != crate::import::Outcome::Ok {
            let _ = writeln!(err, "framelens: {f}");
        }
    }
    if ok > 20 {
        let _ = writeln!(
            err,
            "framelens import: in {ok} files the articles found are as many as announced (each is a row of {})",
            crate::import::REPORT_FILE
        );
    }
    let _ = writeln!(
        err,
        "framelens import: {} found in {}, {} written from {} to {}; {} errors, {} warnings; every check: {}",
        counted(report.found, "article", "articles"),
        counted(report.sources, "file", "files"),
        report.written,
        counted(report.outlets, "outlet", "outlets"),
        opts.out.display(),
        report.errors(),
        report.warnings(),
        opts.out.join(crate::import::REPORT_FILE).display()
    );
    Ok(report.status())
}

/// `n` and the noun that goes with it: `1 file`, `3 files`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run_command(args: &RunArgs) -> Result<Status, Error> {
    let report = run::run(&args.options())?;
    print_diagnostics(&report);
    let mut err = std::io::stderr().lock();
    if let Some(note) = &report.cache_note {
        let _ = writeln!(err, "framelens: note: {note}");
    }
    let _ = writeln!(
        err,
        "framelens: {} articles ({} from the cache) from {} outlets, {} tokens, {} boilerplate chars cut, {} entity mentions, {} frame hits; {} errors, {} warnings; {:.2} s; {} {}",
        report.articles,
        report.cached,
        report.outlets,
        report.tokens,
        report.boilerplate_chars,
        report.entity_mentions,
        report.frame_hits,
        report.diagnostics.errors(),
        report.diagnostics.warnings(),
        report.elapsed.as_secs_f64(),
        if report.written.is_empty() { "no tables written, as they were in" } else { "tables in" },
        args.out.display()
    );
    if report.undated + report.undated_at_period > 0 {
        let _ = writeln!(
            err,
            "framelens: note: outlet_periods.csv leaves out {} undated {} and {} dated less precisely than --period {} (a month or a year only)",
            report.undated,
            if report.undated == 1 { "article" } else { "articles" },
            report.undated_at_period,
            report.period.as_str()
        );
    }
    Ok(report.status())
}

fn map_command(args: &MapArgs) -> Result<Status, Error> {
    let opts = crate::part::MapOptions {
        lexicons: args.lex.lexicons.clone(),
        entities: args.lex.entities.clone(),
        frames: args.lex.frames.clone(),
        columns: args.columns.columns(),
        source: args.source.clone(),
        hits: args.hits == Hits::All,
        period: args.period,
        jobs: args.jobs.map(|n| capped_jobs(usize::from(n), available_cores())),
    };
    let input = Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()));
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let report = crate::part::map(&opts, input, out)?;
    let mut err = std::io::stderr().lock();
    for d in report.diagnostics.iter() {
        let _ = writeln!(err, "framelens: {d}");
    }
    // bad rows travel in the part: reduce reports them and exits 1, so that
    // a partition with a bad row does not fail the whole job (Spark's
    // checkCode, Hadoop, parallel --halt)
    Ok(Status::Success)
}

fn reduce_command(args: &ReduceArgs) -> Result<Status, Error> {
    let run = args.tables.apply(RunOptions {
        lexicons: args.lex.lexicons.clone(),
        entities: args.lex.entities.clone(),
        frames: args.lex.frames.clone(),
        out: args.out.clone(),
        jobs: args.jobs.map(|n| capped_jobs(usize::from(n), available_cores())),
        no_cache: true,
        progress: false,
        ..RunOptions::default()
    });
    let opts = crate::part::ReduceOptions { run, parts: args.parts.clone(), partial: args.partial };
    let report = crate::part::reduce(&opts)?;
    if args.partial {
        // the parts' problems travel in the new part: the final reduce
        // reports them and sets the exit status
        let _ = writeln!(
            std::io::stderr().lock(),
            "framelens: reduce --partial: {} articles; {} errors and {} warnings of map passed on; {:.2} s; part in {}",
            report.articles,
            report.diagnostics.errors(),
            report.diagnostics.warnings(),
            report.elapsed.as_secs_f64(),
            args.out.display()
        );
        return Ok(Status::Success);
    }
    print_diagnostics(&report);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "framelens: reduce: {} articles from {} outlets, {} tokens, {} entity mentions, {} frame hits; {} errors, {} warnings; {:.2} s; {} {}",
        report.articles,
        report.outlets,
        report.tokens,
        report.entity_mentions,
        report.frame_hits,
        report.diagnostics.errors(),
        report.diagnostics.warnings(),
        report.elapsed.as_secs_f64(),
        if report.written.is_empty() { "no tables written, as they were in" } else { "tables in" },
        args.out.display()
    );
    Ok(report.status())
}

fn kwic_command(args: KwicArgs) -> Result<Status, Error> {
    let opts = args.input.options(&args.lex);
    let run::Concordance { results, searched, diagnostics } = run::kwic(&opts, &args.pattern)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut n = 0;
    if args.csv {
        use crate::output::tables::{HITS_HEADER, HitRow};
        let mut t = crate::output::Table::new(HITS_HEADER, Default::default());
        for r in &results {
            for h in &r.frame_hits {
                // the rows of hits.csv, each hit found by the one pattern asked for
                let h = crate::model::AnyFound::Frame(h);
                t.row(&HitRow::new(r, h, "pattern", &args.pattern));
                n += 1;
            }
        }
        let _ = out.write_all(&t.into_bytes());
    } else {
        for r in &results {
            for h in &r.frame_hits {
                let k = h.kwic();
                let left: String =
                    k.left.chars().rev().take(50).collect::<Vec<_>>().into_iter().rev().collect();
                let _ = writeln!(
                    out,
                    "{}:sentence {} {:<5} {:>50}[{}]{}",
                    r.meta.id,
                    h.sentence + 1,
                    h.voice.as_str(),
                    left,
                    k.matched,
                    k.right
                );
                n += 1;
            }
        }
    }
    for d in diagnostics.iter() {
        eprintln!("framelens: {d}");
    }
    let articles = results.iter().filter(|r| !r.frame_hits.is_empty()).count();
    eprintln!("framelens kwic: {n} hits in {articles} of {searched} articles");
    Ok(Status::from_diagnostics(&diagnostics))
}

fn explain_command(args: ExplainArgs) -> Result<Status, Error> {
    let opts = args.input.options(&args.lex);
    let (r, ctx, diagnostics) = run::explain(&opts, &args.article, &args.outlet, &args.language)?;
    for d in diagnostics.iter() {
        eprintln!("framelens: {d}");
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    let _ = writeln!(
        out,
        "{}: outlet {}, {} tokens, {} sentences, {} boilerplate chars cut, {} entity mentions, {} frame hits",
        r.meta.id,
        r.meta.outlet,
        r.tokens,
        r.sentences,
        r.boilerplate_chars(),
        r.mentions.len(),
        r.frame_hits.len()
    );
    for cut in &r.cuts {
        let _ = writeln!(
            out,
            "cut  {:<24} {:?}",
            cut.rule,
            crate::analyze::kwic(&cut.text, crate::model::Span::new(0, 0), 70).2
        );
    }
    let (g, f) = (&ctx.lexicons.gazetteer, &ctx.lexicons.frames);
    for h in r.in_text_order() {
        let (name, pattern) = crate::output::tables::names(h, g, f);
        let k = h.kwic();
        let _ = writeln!(
            out,
            "s{:<3} {:<6} {:<28} {:<5} {} [{}] {}    ({})",
            h.sentence() + 1,
            h.kind(),
            name,
            h.voice().as_str(),
            k.left,
            k.matched,
            k.right,
            pattern
        );
    }
    Ok(Status::from_diagnostics(&diagnostics))
}

fn convert_command(input: &std::path::Path, output: &std::path::Path) -> Result<Status, Error> {
    let imported = crate::dictionary::read(input)?;
    let toml = crate::dictionary::to_toml(&imported, &input.to_string_lossy());
    // the result must load as framelens frames before it replaces anything
    crate::frames::FrameSet::parse(&toml, output, &crate::gazetteer::Gazetteer::empty())?;
    crate::output::write_atomic(output, toml.as_bytes())?;
    let mut err = std::io::stderr().lock();
    for (line, note) in &imported.notes {
        let _ = writeln!(err, "framelens: {}:{line}: warning: {note}", input.display());
    }
    let patterns: usize = imported.frames.iter().map(|f| f.patterns.len()).sum();
    let _ = writeln!(
        err,
        "framelens lexicon convert: {} ({}): {} frames, {} patterns written to {}; {} entries not converted",
        input.display(),
        imported.format,
        imported.frames.len(),
        patterns,
        output.display(),
        imported.notes.len()
    );
    Ok(Status::Success)
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
    fn help_lists_the_column_names_a_collection_accepts() {
        // issue 18, item 7: the defaults `--help` names are the ones read
        use crate::ingest::table::{DATE, GROUP, ID, OUTLET, TEXT, TITLE};
        use clap::CommandFactory;
        let mut cmd = Cli::command();
        let run = cmd.find_subcommand_mut("run").expect("a run command");
        let help = run.render_long_help().to_string();
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        for (flag, names) in [
            ("--text-col", TEXT),
            ("--outlet-col", OUTLET),
            ("--date-col", DATE),
            ("--title-col", TITLE),
            ("--id-col", ID),
            ("--group-col", GROUP),
        ] {
            let listed = format!("[default: the first of {}]", names.join(", "));
            let at = help.find(flag).unwrap_or_else(|| panic!("{flag} in --help"));
            let next = help[at..].find(" --").map_or(help.len(), |n| at + n + 1);
            assert!(
                help[at..next].contains(&listed),
                "{flag}: {listed} not in {}",
                &help[at..next]
            );
        }
    }

    #[test]
    fn no_arguments_is_the_default_run() {
        let cli = Cli::try_parse_from(["framelens"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.run.input.corpus, PathBuf::from("corpus"));
        assert_eq!(cli.run.out, PathBuf::from("output"));
    }

    #[test]
    fn run_flags_at_top_level_and_in_subcommand() {
        let cli = Cli::try_parse_from(["framelens", "--jobs", "2", "--excel"]).unwrap();
        assert_eq!(cli.run.input.jobs, Some(2));
        assert!(cli.run.tables.excel);
        let cli = Cli::try_parse_from(["framelens", "run", "--corpus", "x"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Run(ref a)) if a.input.corpus.as_path() == std::path::Path::new("x"))
        );
    }

    #[test]
    fn jobs_are_capped_at_a_multiple_of_the_cores() {
        assert_eq!(capped_jobs(65535, 2), 8);
        assert_eq!(capped_jobs(8, 2), 8);
        assert_eq!(capped_jobs(3, 2), 3);
        assert_eq!(capped_jobs(100, 32), 100);
    }

    #[test]
    fn zero_jobs_is_refused() {
        assert!(Cli::try_parse_from(["framelens", "--jobs", "0"]).is_err());
    }

    #[test]
    fn sample_and_validate_take_runs_input_options() {
        let cli = Cli::try_parse_from([
            "framelens",
            "sample",
            "--n",
            "5",
            "--by",
            "frame",
            "--unit",
            "sentence",
            "--seed",
            "9",
            "--coders",
            "c1,c2",
            "--collection",
            "x.csv",
            "--out",
            "o",
        ])
        .unwrap();
        let Some(Command::Sample(a)) = cli.command else { panic!("sample") };
        assert_eq!((a.n, a.seed, a.coders.join(",")), (5, 9, "c1,c2".to_string()));
        assert_eq!(a.unit, crate::validate::Unit::Sentence);
        assert_eq!(a.by, crate::validate::sample::Strata::Frame);
        assert_eq!(a.input.collection, Some(PathBuf::from("x.csv")));
        assert_eq!(a.out, PathBuf::from("o"));
        let cli = Cli::try_parse_from(["framelens", "validate", "--gold", "g.csv"]).unwrap();
        let Some(Command::Validate(a)) = cli.command else { panic!("validate") };
        assert!(a.coders.is_empty());
        assert_eq!((a.gold, a.out), (vec![PathBuf::from("g.csv")], PathBuf::from("output")));
        // --n has no default: the size of a sample is the scholar's choice
        assert!(Cli::try_parse_from(["framelens", "sample"]).is_err());
    }

    #[test]
    fn an_extension_takes_its_draws_seed_unit_strata_and_coders_from_the_sidecar() {
        let ok = ["framelens", "sample", "--n", "5", "--extend", "o/coding_sheet.json"];
        let cli = Cli::try_parse_from(ok).unwrap();
        let Some(Command::Sample(a)) = cli.command else { panic!("sample") };
        assert_eq!(a.extend, Some(PathBuf::from("o/coding_sheet.json")));
        for (flag, value) in
            [("--seed", "3"), ("--unit", "sentence"), ("--by", "frame"), ("--coders", "c1")]
        {
            let err = Cli::try_parse_from(ok.iter().copied().chain([flag, value])).unwrap_err();
            assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict, "{flag}");
        }
    }

    #[test]
    fn map_and_reduce_take_runs_column_and_table_options() {
        let cli = Cli::try_parse_from([
            "framelens",
            "map",
            "--text-col",
            "body",
            "--source",
            "n.jsonl",
            "--hits",
            "none",
        ])
        .unwrap();
        let Some(Command::Map(a)) = cli.command else { panic!("map") };
        assert_eq!(a.columns.text_col.as_deref(), Some("body"));
        assert_eq!((a.source.as_str(), a.hits), ("n.jsonl", Hits::None));
        let cli = Cli::try_parse_from([
            "framelens",
            "reduce",
            "a.part",
            "parts/",
            "--partial",
            "--out",
            "x.part",
            "--by",
            "group",
        ])
        .unwrap();
        let Some(Command::Reduce(a)) = cli.command else { panic!("reduce") };
        assert_eq!(a.parts.len(), 2);
        assert!(a.partial);
        assert_eq!(a.tables.by, crate::run::By::Group);
        assert!(Cli::try_parse_from(["framelens", "reduce"]).is_err(), "parts are required");
    }

    #[test]
    fn check_takes_corpus_and_lexicons() {
        let cli = Cli::try_parse_from(["framelens", "check", "--lexicons", "l"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Check(ref a)) if a.lex.lexicons.as_path() == std::path::Path::new("l"))
        );
    }
}
