//! The `framelens` binary: parse the command line, run, map the result to an
//! exit status (0 success, 1 data errors, 2 unusable arguments or lexicons).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = framelens::cli::Cli::parse();
    match framelens::cli::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(err) => {
            for e in err.flatten() {
                eprintln!("framelens: error: {e}");
            }
            ExitCode::from(framelens::error::Status::Unusable as u8)
        }
    }
}
