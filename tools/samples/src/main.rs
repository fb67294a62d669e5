//! `cargo xtask samples` runs this with the samples' folder: prints the sample check's
//! report, and fails when a sample does not decode.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: slack-api-samples DIR (the response-samples folder; `cargo xtask samples` finds it)");
        return ExitCode::from(2);
    };
    match slack_api_samples::check_dir(&dir) {
        Ok(report) => {
            print!("{}", report.render());
            if report.results.iter().all(|r| r.decoded.is_ok()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: reading {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
