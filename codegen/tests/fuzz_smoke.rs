//! A short, deterministic smoke run of the `spec` fuzz target (the full, coverage-guided run
//! is `fuzz/`, see `fuzz/README.md`): mutated copies of the generator's fixture spec (small,
//! so that this takes seconds) go through `generate`, which must return diagnostics or
//! files, never panic.

use std::path::Path;

use codegen::{generate, read_spec, SpecFile};

/// xorshift64*, so that every run mutates the same way.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "{", "}", "[", "]", ": ", "- ", "\n", "\n  ", "&a ", "*a", "!!str ", "? ", "|\n", "~", "'",
    "\"", "#", "---\n", "array<", "map<", ">", "json", "true", "-1", "1e999", "type: ", "name: ",
    "\u{feff}", "\t",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut data = text.as_bytes().to_vec();
    for _ in 0..=rng.below(3) {
        let len = data.len();
        match rng.below(5) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(32));
                data.drain(i..i + n);
            }
            2 => {
                let i = rng.below(len + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(200));
                let chunk = data[i..i + n].to_vec();
                let j = rng.below(len + 1);
                data.splice(j..j, chunk);
            }
            _ => data.truncate(rng.below(len + 1)),
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

#[test]
fn mutated_spec_files_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let base = read_spec(&root).expect("read the fixture spec");
    let mut rng = Rng(0x5eed_cafe);
    for _ in 0..300 {
        let i = rng.below(base.len());
        let mut files: Vec<SpecFile> = base.clone();
        files[i].text = mutate(&mut rng, &files[i].text);
        let text = files[i].text.clone();
        let res = std::panic::catch_unwind(|| {
            let _ = generate(&files);
        });
        assert!(
            res.is_ok(),
            "generate panicked on a mutated {}:\n{text}",
            files[i].path
        );
    }
}
