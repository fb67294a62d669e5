//! `cargo xtask samples` runs this with the samples' folder: prints the sample check's
//! report, then the same samples with one odd element added to their main list, and fails
//! when a sample does not decode either way or an odd element costs the others their types.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: slack-api-samples DIR (the response-samples folder; `cargo xtask samples` finds it)");
        return ExitCode::from(2);
    };
    match slack_api_samples::check_dir(&dir)
        .and_then(|report| slack_api_samples::check_odd_dir(&dir).map(|odd| (report, odd)))
    {
        Ok((report, odd)) => {
            print!("{}", report.render());
            print!("{}", slack_api_samples::render_odd(&odd));
            if report.results.iter().all(|r| r.decoded.is_ok()) && odd.iter().all(|r| r.passed()) {
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
