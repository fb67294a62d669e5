//! A short, deterministic smoke run of the `decode` fuzz target (the full, coverage-guided
//! run is `fuzz/`, see `fuzz/README.md`): mutated copies of a few response bodies go
//! through `dispatch::decode_response` for every method of the spec, which must return the
//! typed response or a typed error, never panic.
#![cfg(feature = "dispatch")]

use slack_api::dispatch::decode_response;
use slack_api::methods::ALL;

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

/// Bodies with keys that many methods' types have, so that typed fields are reached.
const BODIES: &[&str] = &[
    r#"{"ok":true}"#,
    r#"{"ok":false,"error":"invalid_auth","needed":"chat:write","provided":"x","warning":"w","response_metadata":{"warnings":["w"],"messages":["[ERROR] x"]}}"#,
    r#"{"ok":true,"warning":"superfluous_charset","response_metadata":{"next_cursor":"dGVhbTpD","warnings":["superfluous_charset"]}}"#,
    r#"{"ok":true,"channel":{"id":"C1","name":"general","is_channel":true,"created":1,"topic":{"value":"t","creator":"U1","last_set":0},"members":["U1"]},"channels":[{"id":"C2","is_private":false}],"ts":"1.2","message":{"type":"message","user":"U1","text":"hi","ts":"1.2","blocks":[{"type":"section"}],"reactions":[{"name":"x","count":1,"users":["U1"]}]},"messages":[{"ts":"1.3","files":[{"id":"F1","size":3}]}],"has_more":false}"#,
    r#"{"ok":true,"user":{"id":"U1","name":"a","deleted":false,"profile":{"email":"a@b","display_name":"a","fields":{"X":{"value":"v"}}},"tz_offset":-3600,"updated":1},"members":[{"id":"U2","is_admin":true}],"team":{"id":"T1","name":"t","icon":{"image_34":"u"}},"file":{"id":"F1","name":"f","size":3,"shares":{"public":{"C1":[{"ts":"1"}]}}},"files":[],"items":[{"type":"message"}],"total":3,"paging":{"count":1,"total":1,"page":1,"pages":1},"scopes":["a"],"url":"https://x","team_id":"T1","user_id":"U1","bot_id":"B1","app_id":"A1","id":"X1","usergroups":[{"id":"S1","users":["U1"],"prefs":{"channels":[]}}],"profile":{"status_text":"s","status_emoji":":x:","status_expiration":0},"emoji":{"a":"b"},"presence":"active","dnd_enabled":true,"bookmarks":[{"id":"Bk1","date_created":1}],"count":1,"entries":[{"ts":"1"}]}"#,
];

/// JSON of every kind (the first 17 are whole values), swapped in for values and spliced
/// in anywhere.
const TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "12.0",
    "1e300",
    "-0",
    "18446744073709551616",
    "9223372036854775808",
    "\"\"",
    "\"x\"",
    "\"\\ud800\"",
    "[]",
    "[1,\"a\",null]",
    "{}",
    "{\"a\":1}",
    "{\"ok\":true}",
    ",",
    ":",
    "\"ok\":false,",
    "\"ok\":true,",
    "{",
    "}",
    "[",
    "]",
    "\"id\"",
    "\"extra\":1,",
    "\u{feff}",
];

fn mutate(rng: &mut Rng, body: &str) -> Vec<u8> {
    let mut data = body.as_bytes().to_vec();
    for _ in 0..=rng.below(3) {
        let len = data.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                data.drain(i..i + n);
            }
            2 => {
                let i = rng.below(len + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(i..i, t.iter().copied());
            }
            // A value of another kind: what follows a `:` up to the next `,` or `}`.
            3 | 4 => {
                let colons: Vec<usize> = (0..len).filter(|&i| data[i] == b':').collect();
                if colons.is_empty() {
                    continue;
                }
                let start = colons[rng.below(colons.len())] + 1;
                let end = (start..len)
                    .find(|&i| matches!(data[i], b',' | b'}'))
                    .unwrap_or(len);
                let t = TOKENS[rng.below(17)].as_bytes();
                data.splice(start..end, t.iter().copied());
            }
            _ => data.truncate(rng.below(len + 1)),
        }
    }
    data
}

#[test]
fn mutated_bodies_never_panic_for_any_method() {
    let mut rng = Rng(0x5eed_f00d);
    let mut decoded = 0;
    for method in ALL {
        let mut bodies: Vec<Vec<u8>> = BODIES.iter().map(|b| b.as_bytes().to_vec()).collect();
        for _ in 0..12 {
            let body = BODIES[rng.below(BODIES.len())];
            bodies.push(mutate(&mut rng, body));
        }
        for body in &bodies {
            let res = std::panic::catch_unwind(|| {
                match decode_response(method.name, body).expect("in dispatch") {
                    Ok(value) => {
                        assert!(value.is_object(), "{}: {value}", method.name);
                        true
                    }
                    Err(e) => {
                        let _ = format!("{e} {e:?}");
                        false
                    }
                }
            });
            match res {
                Ok(ok) => decoded += usize::from(ok),
                Err(_) => panic!(
                    "{} panicked on {:?}",
                    method.name,
                    String::from_utf8_lossy(body)
                ),
            }
        }
    }
    // The unmutated success bodies decode for (nearly) every method.
    assert!(decoded >= ALL.len() * 3, "only {decoded} decoded");
}
