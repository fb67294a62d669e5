//! AFL target: response body bytes → the client's decode path. See `README.md`.
fn main() {
    afl::fuzz!(|data: &[u8]| slack_api_fuzz::decode::run(data));
}
