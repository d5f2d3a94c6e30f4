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

/// Articles are analysed on the pool's threads and their results written
/// and freed on the main one. glibc's allocator makes such frees wait on
/// the allocating thread's arena lock; mimalloc frees across threads
/// without a lock. Built without transparent huge pages, so that the peak
/// memory stays close to glibc's (measured in the README's speed section).
/// The library leaves the choice of allocator to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
