//! `cargo xtask samples` runs this with the reference folder (`../shared/slack-reference`):
//! it decodes the recorded samples (`response-samples/`) and prints their coverage, then the
//! example responses of the OpenAPI spec and of Slack's reference pages (a second set of
//! real payloads), then both again with one odd element added to their main list. It fails
//! when a payload does not decode either way or an odd element costs the others their types.
//!
//! `slack-api-samples DIR --untyped METHOD` prints instead where the untyped leaves of
//! METHOD's recorded sample are (by path, most first), and the merged items split in it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use slack_api_samples::{check_odd_elements, OddResult, Report};

fn main() -> ExitCode {
    let Some(reference) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: slack-api-samples DIR (the slack-reference folder; `cargo xtask samples` finds it)");
        return ExitCode::from(2);
    };
    let mut rest = std::env::args().skip(2);
    if let Some(flag) = rest.next() {
        return match (flag.as_str(), rest.next()) {
            ("--untyped", Some(method)) => untyped(&reference, &method),
            _ => {
                eprintln!("usage: slack-api-samples DIR [--untyped METHOD]");
                ExitCode::from(2)
            }
        };
    }
    match run(&reference) {
        Ok((text, passed)) => {
            print!("{text}");
            if passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: reading {}: {e}", reference.display());
            ExitCode::FAILURE
        }
    }
}

/// The report, and whether everything passed.
fn run(reference: &Path) -> std::io::Result<(String, bool)> {
    let samples_dir = reference.join("response-samples");
    let samples = slack_api_samples::check_dir(&samples_dir)?;
    let examples = slack_api_samples::check_examples(reference)?;
    let mut odd = slack_api_samples::check_odd_dir(&samples_dir)?;
    let odd_samples = odd.len();
    for (label, text) in slack_api_samples::examples(reference)? {
        let method = label.split('#').next().unwrap_or_default();
        if !slack_api_samples::is_stale_example(method) {
            odd.extend(check_odd_elements(method, &text).unwrap_or_default());
        }
    }
    // A stale example (see `STALE_EXAMPLES`) is shown, and expected not to decode.
    let decoded = |r: &Report| {
        r.results
            .iter()
            .all(|r| r.decoded.is_ok() || slack_api_samples::is_stale_example(&r.method))
    };
    let passed = decoded(&samples) && decoded(&examples) && odd.iter().all(OddResult::passed);
    let text = format!(
        "# recorded samples (response-samples/)\n{}\n# example responses (OpenAPI spec, reference pages)\n{}\n# recorded samples with one odd element in the main list\n{}\n# example responses with one odd element in the main list\n{}",
        samples.render(),
        examples.render(),
        slack_api_samples::render_odd(&odd[..odd_samples]),
        slack_api_samples::render_odd(&odd[odd_samples..]),
    );
    Ok((text, passed))
}

/// `--untyped METHOD`: the merged items split in the method's sample, then the paths of
/// its untyped leaves.
fn untyped(reference: &Path, method: &str) -> ExitCode {
    let path = reference
        .join("response-samples")
        .join(format!("{method}.json"));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: reading {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let mut sample: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let Some(expansion) =
        slack_api_samples::expand(slack_api_samples::model(), method, &mut sample)
    else {
        eprintln!("error: the spec has no method {method}");
        return ExitCode::FAILURE;
    };
    for s in &expansion.splits {
        println!("split {} ({}): {} +", s.list, s.union, s.own);
        for (variant, keys) in &s.split_off {
            println!("    {variant}: {}", keys.join(", "));
        }
    }
    for (path, tag) in &expansion.retagged {
        println!("emptied tag in {path} given: {tag}");
    }
    for m in &expansion.misplaced {
        println!("misplaced in {}: {} ({} leaves)", m.list, m.tag, m.leaves);
    }
    match slack_api_samples::untyped_paths(method, &text) {
        Some(paths) => {
            let total: usize = paths.iter().map(|(_, n)| n).sum();
            println!("{total} untyped leaves:");
            for (path, n) in paths {
                println!("{n:>7}  {path}");
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: the sample does not decode");
            ExitCode::FAILURE
        }
    }
}
