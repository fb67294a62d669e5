//! A small deterministic mutator: byte flips, inserts, deletes, splices and token swaps.
//! Used by the `mutate` driver, the fallback to AFL when it cannot run.

/// xorshift64*: fast, deterministic from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Tokens worth inserting into JSON and YAML.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e999",
    "-0",
    "18446744073709551616",
    "-9223372036854775809",
    "1.5",
    "\"\"",
    "\\u0000",
    "\\ud800",
    "{}",
    "[]",
    "\"ok\":",
    "\"error\":",
    "\"response_metadata\":",
    "\"next_cursor\":",
    "\n",
    "\n  ",
    "- ",
    ": ",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n",
    ">\n",
    "---\n",
    "...\n",
    "~",
    "#",
    "'",
    "type: ",
    "array<",
    "map<",
    ">",
    "string",
    "integer",
    "json",
    "required: true",
    "name: ",
    "\u{feff}",
    "\r\n",
    "\t",
];

/// Mutates `data` in place, 1 to 4 times; `other` is spliced from.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    for _ in 0..=rng.below(4) {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next_u64() as u8;
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                data.drain(i..i + n);
            }
            3 => {
                let i = rng.below(len + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(i..i, t.iter().copied());
            }
            4 if len > 0 => {
                // Duplicate a chunk somewhere else.
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(256));
                let chunk = data[i..i + n].to_vec();
                let j = rng.below(len + 1);
                data.splice(j..j, chunk);
            }
            5 if !other.is_empty() => {
                // Splice: our head, the other input's tail.
                let i = rng.below(len + 1);
                let j = rng.below(other.len());
                data.truncate(i);
                data.extend_from_slice(&other[j..]);
            }
            6 if len > 1 => {
                // Replace a JSON/YAML scalar-ish run (between delimiters) with a token.
                let i = rng.below(len);
                let end = data[i..]
                    .iter()
                    .position(|b| b",:}]\n".contains(b))
                    .map_or(len, |p| i + p);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(i..end, t.iter().copied());
            }
            _ => {
                // Truncate.
                data.truncate(rng.below(len + 1));
            }
        }
    }
    data.truncate(1 << 20);
}
