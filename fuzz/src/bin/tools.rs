//! Helpers around the fuzz targets, without AFL:
//!
//! - `tools seeds <spec|decode> <dir>`: writes the seed corpus of a target into `dir`.
//! - `tools replay <spec|decode> <file|dir>...`: runs each input once, reporting panics.
//! - `tools mutate <spec|decode> <execs> [seed]`: the fallback mutational driver, seeded
//!   with the target's seeds; stops at the first panic or slow input (>1 s) and saves it.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use slack_api_fuzz::mutate::{mutate, Rng};

fn target(name: &str) -> fn(&[u8]) {
    match name {
        "spec" => slack_api_fuzz::spec::run,
        #[cfg(feature = "decode")]
        "decode" => slack_api_fuzz::decode::run,
        _ => usage(),
    }
}

fn seeds(name: &str) -> Vec<(String, Vec<u8>)> {
    match name {
        "spec" => slack_api_fuzz::spec::seeds(),
        #[cfg(feature = "decode")]
        "decode" => {
            let dir = std::env::var_os("SLACK_REFERENCE").map_or_else(
                || slack_api_fuzz::repo_root().join("../shared/slack-reference"),
                PathBuf::from,
            );
            slack_api_fuzz::decode::seeds(&dir.join("response-samples"))
        }
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: tools seeds <spec|decode> <dir>\n       \
         tools replay <spec|decode> <file|dir>...\n       \
         tools mutate <spec|decode> <execs> [seed]"
    );
    std::process::exit(2)
}

fn inputs(paths: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        let p = Path::new(p);
        if p.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(p)
                .expect("read dir")
                .map(|e| e.expect("dir entry").path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.to_path_buf());
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(cmd), Some(name)) = (args.first(), args.get(1)) else {
        usage()
    };
    let run = target(name);
    match cmd.as_str() {
        "seeds" => {
            let dir = Path::new(args.get(2).unwrap_or_else(|| usage()));
            std::fs::create_dir_all(dir).expect("create dir");
            let seeds = seeds(name);
            for (file, bytes) in &seeds {
                std::fs::write(dir.join(file), bytes).expect("write seed");
            }
            println!("{} seeds in {}", seeds.len(), dir.display());
        }
        "replay" => {
            let mut failed = 0;
            let files = inputs(&args[2..]);
            for path in &files {
                let data = std::fs::read(path).expect("read input");
                let start = Instant::now();
                let res = std::panic::catch_unwind(|| run(&data));
                let took = start.elapsed();
                if res.is_err() {
                    failed += 1;
                    eprintln!("PANIC {}", path.display());
                } else if took > Duration::from_secs(1) {
                    failed += 1;
                    eprintln!("SLOW {} ({took:?})", path.display());
                }
            }
            println!("{} inputs, {failed} failed", files.len());
            std::process::exit(i32::from(failed > 0));
        }
        "mutate" => {
            let execs: u64 = args
                .get(2)
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| usage());
            let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
            let corpus: Vec<Vec<u8>> = seeds(name).into_iter().map(|(_, b)| b).collect();
            let mut rng = Rng::new(seed);
            let start = Instant::now();
            for n in 0..execs {
                let mut data = corpus[rng.below(corpus.len())].clone();
                let other = &corpus[rng.below(corpus.len())];
                mutate(&mut rng, &mut data, other);
                let t = Instant::now();
                let res = std::panic::catch_unwind(|| run(&data));
                let took = t.elapsed();
                if res.is_err() || took > Duration::from_secs(1) {
                    let out = format!("{name}-finding-{seed}-{n}");
                    std::fs::write(&out, &data).expect("save finding");
                    eprintln!("finding after {n} execs ({took:?}): saved to {out}");
                    std::process::exit(1);
                }
                if (n + 1) % 100_000 == 0 {
                    eprintln!("{} execs, {:?}", n + 1, start.elapsed());
                }
            }
            println!("execs_done {execs}, 0 findings, {:?}", start.elapsed());
        }
        _ => usage(),
    }
}
