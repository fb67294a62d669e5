//! AFL target: YAML bytes → `codegen` load/validate/generate. See `README.md`.
fn main() {
    afl::fuzz!(|data: &[u8]| slack_api_fuzz::spec::run(data));
}
