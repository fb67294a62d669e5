//! Decoding speed: a large response decoded into its typed response and into
//! `serde_json::Value`, side by side, rounds interleaved so both see the same machine.
//! Prints the median time of each and the ratio typed / Value (goal: at most 0.6), in one
//! process and with each side in processes of its own; for `conversations.history`, also
//! decoding and dropping timed apart, and the allocations each side makes.
//!
//! `cargo bench -p slack-api --bench decode` (set `BENCH_ITEMS` for the list's length, and
//! `BENCH_ONLY=conversations.history` to run one case, e.g. under a profiler).

#![recursion_limit = "256"]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use slack_api::methods::{
    ConversationsHistoryResponse, ConversationsListResponse, UsersListResponse,
};

const ROUNDS: usize = 9;

/// The system allocator, counting allocations and their bytes while `COUNTING` is set (a
/// relaxed load per allocation otherwise, for both sides alike).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: the caller's layout, passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            BYTES.fetch_add(new_size.saturating_sub(layout.size()), Ordering::Relaxed);
        }
        // SAFETY: as `dealloc`, and the caller's new size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocations (reallocations included) and bytes asked for while `f` runs.
fn allocations(f: impl FnOnce()) -> (usize, usize) {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    BYTES.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    f();
    COUNTING.store(false, Ordering::Relaxed);
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

fn channel(i: usize) -> Value {
    json!({
        "id": format!("C{i:08}"), "name": format!("channel-{i}"), "name_normalized": format!("channel-{i}"),
        "created": 1_600_000_000 + i, "creator": "U00000001", "updated": 1_700_000_000_000u64 + i as u64,
        "is_channel": true, "is_group": false, "is_im": false, "is_mpim": false, "is_private": false,
        "is_archived": false, "is_general": i == 0, "is_shared": false, "is_ext_shared": false,
        "is_org_shared": false, "is_pending_ext_shared": false, "is_member": i % 2 == 0,
        "unlinked": 0, "num_members": i % 300, "context_team_id": "T00000001",
        "parent_conversation": null, "shared_team_ids": ["T00000001"], "pending_shared": [],
        "pending_connected_team_ids": [], "previous_names": ["old-name"],
        "topic": {"value": "A topic with some words in it", "creator": "U00000001", "last_set": 1_650_000_000},
        "purpose": {"value": "What this channel is for, at some length.", "creator": "U00000002", "last_set": 0},
        "properties": {"canvas": {"file_id": "F1", "is_empty": true}},
    })
}

fn user(i: usize) -> Value {
    json!({
        "id": format!("U{i:08}"), "team_id": "T00000001", "name": format!("user{i}"), "deleted": false,
        "color": "9f69e7", "real_name": format!("User Number {i}"), "tz": "Europe/Amsterdam",
        "tz_label": "Central European Time", "tz_offset": 3600, "is_admin": false, "is_owner": false,
        "is_primary_owner": false, "is_restricted": false, "is_ultra_restricted": false, "is_bot": false,
        "is_app_user": false, "updated": 1_700_000_000 + i, "is_email_confirmed": true,
        "who_can_share_contact_card": "EVERYONE",
        "profile": {
            "title": "Engineer", "phone": "", "skype": "", "real_name": format!("User Number {i}"),
            "real_name_normalized": format!("User Number {i}"), "display_name": format!("user{i}"),
            "display_name_normalized": format!("user{i}"), "fields": null, "status_text": "",
            "status_emoji": "", "status_emoji_display_info": [], "status_expiration": 0,
            "avatar_hash": "ge3b51ca72de", "email": format!("user{i}@example.com"),
            "first_name": "User", "last_name": format!("Number {i}"),
            "image_24": "https://example.com/24.png", "image_32": "https://example.com/32.png",
            "image_48": "https://example.com/48.png", "image_72": "https://example.com/72.png",
            "image_192": "https://example.com/192.png", "image_512": "https://example.com/512.png",
            "status_text_canonical": "", "team": "T00000001"
        }
    })
}

/// The Block Kit blocks of message `i`, as JSON text with each object's keys in the order
/// Slack writes them (`type` first; `json!` would sort them). Three messages in four are
/// what a person types: one `rich_text` block whose section mirrors the message's text
/// (text runs, a user mention, a link), with a bold run and an emoji on every other one, a
/// bullet list on every fourth and a code block on every tenth. The fourth is an app's: a
/// `mrkdwn` section with a button as its accessory, an actions block with two buttons and
/// a context line.
fn blocks(i: usize) -> String {
    if i % 4 == 1 {
        return format!(
            concat!(
                r#"[{{"type":"section","block_id":"s{i}","text":{{"type":"mrkdwn","text":"*Deploy #{i}* of `api` is waiting for approval","verbatim":false}},"#,
                r#""accessory":{{"type":"button","action_id":"details","text":{{"type":"plain_text","text":"Details","emoji":true}},"value":"deploy-{i}","url":"https://example.com/deploys/{i}"}}}},"#,
                r#"{{"type":"actions","block_id":"a{i}","elements":["#,
                r#"{{"type":"button","action_id":"approve","text":{{"type":"plain_text","text":"Approve","emoji":true}},"style":"primary","value":"approve-{i}"}},"#,
                r#"{{"type":"button","action_id":"reject","text":{{"type":"plain_text","text":"Reject","emoji":true}},"style":"danger","value":"reject-{i}"}}]}},"#,
                r#"{{"type":"context","block_id":"c{i}","elements":[{{"type":"mrkdwn","text":"Requested by <@U00000003>","verbatim":false}}]}}]"#,
            ),
            i = i
        );
    }
    let mut section = format!(
        concat!(
            r#"{{"type":"text","text":"Message number {i}, with "}},{{"type":"user","user_id":"U00000002"}},"#,
            r#"{{"type":"text","text":" and a link "}},{{"type":"link","url":"https://example.com","text":"here"}},{{"type":"text","text":"."}}"#,
        ),
        i = i
    );
    if i % 2 == 0 {
        section.push_str(r#",{"type":"text","text":" Important:","style":{"bold":true}},{"type":"emoji","name":"tada","unicode":"1f389"}"#);
    }
    let mut elements = format!(r#"{{"type":"rich_text_section","elements":[{section}]}}"#);
    if i % 4 == 0 {
        elements.push_str(concat!(
            r#",{"type":"rich_text_list","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"first item"}]},"#,
            r#"{"type":"rich_text_section","elements":[{"type":"text","text":"second item"}]}],"style":"bullet","indent":0,"border":0}"#,
        ));
    }
    if i % 10 == 0 {
        elements.push_str(r#",{"type":"rich_text_preformatted","elements":[{"type":"text","text":"cargo bench -p slack-api"}],"border":0}"#);
    }
    format!(r#"[{{"type":"rich_text","block_id":"b{i}","elements":[{elements}]}}]"#)
}

/// A channel message as `conversations.history` returns it, as JSON text: text, a thread,
/// reactions, an edit, a legacy attachment on some, and Block Kit blocks ([`blocks`]).
fn message(i: usize) -> String {
    let mut m = json!({
        "type": "message", "user": format!("U{:08}", i % 50), "ts": format!("{}.{:06}", 1_700_000_000 + i, i),
        "client_msg_id": format!("{i:08}-aaaa-bbbb-cccc-dddddddddddd"), "team": "T00000001",
        "text": format!("Message number {i}, with <@U00000002> and a link <https://example.com|here>."),
        "reactions": [{"name": "thumbsup", "users": ["U00000001", "U00000002"], "count": 2}],
    });
    if i % 3 == 0 {
        m["thread_ts"] = m["ts"].clone();
        m["reply_count"] = json!(3);
        m["reply_users_count"] = json!(2);
        m["latest_reply"] = json!(format!("{}.000100", 1_700_000_100 + i));
        m["reply_users"] = json!(["U00000001", "U00000003"]);
        m["is_locked"] = json!(false);
        m["subscribed"] = json!(true);
    }
    if i % 5 == 0 {
        m["edited"] = json!({"user": "U00000001", "ts": format!("{}.000200", 1_700_000_200 + i)});
    }
    if i % 7 == 0 {
        m["attachments"] = json!([{"id": 1, "fallback": "A link preview", "title": "Example",
            "title_link": "https://example.com", "text": "Preview text", "service_name": "Example",
            "from_url": "https://example.com", "thumb_url": "https://example.com/t.png",
            "thumb_width": 250, "thumb_height": 250}]);
    }
    let mut text = m.to_string();
    text.pop(); // the closing brace
    format!(r#"{text},"blocks":{}}}"#, blocks(i))
}

/// Fails unless `history` decodes without a report and with its blocks wholly typed: what
/// their typed fields serialize to (no `extra`, no `Other`, no JSON-typed field; see
/// `lenient::typed_only`) is the blocks as they came.
fn check_history(history: &str) {
    let (response, reports) = slack_api::lenient::collect(|| {
        serde_json::from_str::<ConversationsHistoryResponse>(history).expect("decodes")
    });
    assert!(reports.is_empty(), "{reports:?}");
    let raw: Value = serde_json::from_str(history).expect("valid JSON");
    for (message, raw) in response
        .messages
        .iter()
        .zip(raw["messages"].as_array().unwrap())
    {
        let typed = slack_api::lenient::typed_only(|| serde_json::to_value(&message.blocks));
        assert_eq!(typed.expect("serializes"), raw["blocks"]);
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median time of one decode over `rounds` rounds of `reps`.
fn time(rounds: usize, reps: usize, decode: impl Fn()) -> Duration {
    let times = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..reps {
                decode();
            }
            start.elapsed() / reps as u32
        })
        .collect();
    median(times)
}

fn value(body: &str) {
    black_box(serde_json::from_str::<Value>(black_box(body)).expect("valid JSON"));
}

/// glibc tunables for a one-side process: no trimming and no `mmap` for large blocks.
const KEEP_HEAP: &str = "glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456:glibc.malloc.mmap_threshold=1073741824";

/// One side timed in a process of its own (this binary again, with `BENCH_SIDE`), so that
/// neither side runs on the heap the other left behind: the median nanoseconds it prints.
fn in_child(name: &str, side: &str) -> Duration {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = std::process::Command::new(exe)
        .args(std::env::args().skip(1))
        .env("BENCH_ONLY", name)
        .env("BENCH_SIDE", side)
        // glibc's malloc keeps the heap it grew instead of giving it back after each
        // round (no page faults to pay again); other allocators ignore this.
        .env("GLIBC_TUNABLES", KEEP_HEAP)
        .output()
        .expect("the bench runs again");
    let text = String::from_utf8_lossy(&out.stdout);
    let nanos = text.trim().lines().last().and_then(|l| l.parse().ok());
    Duration::from_nanos(nanos.unwrap_or_else(|| panic!("no time from the {side} side: {text}")))
}

/// Times `decode` over `body`, `reps` times per round, beside decoding into `Value`: rounds
/// interleaved in this process, then each side in processes of its own, interleaved too
/// (the typed side's allocations otherwise slow the `Value` side down, which flatters the
/// ratio). With `BENCH_SIDE=typed|value`, times that side alone and prints its nanoseconds.
fn compare(name: &str, body: &str, reps: usize, decode: impl Fn(&str)) {
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only != name) {
        return;
    }
    if let Ok(side) = std::env::var("BENCH_SIDE") {
        let run = || match side.as_str() {
            "typed" => decode(black_box(body)),
            _ => value(body),
        };
        // A first round warms this process's heap; the next three are timed.
        time(1, reps, run);
        let alone = time(3, reps, run);
        println!("{}", alone.as_nanos());
        return;
    }
    let (mut typed, mut untyped) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        typed.push(time(1, reps, || decode(black_box(body))));
        untyped.push(time(1, reps, || value(body)));
    }
    let (t, v) = (median(typed), median(untyped));
    let (mut typed, mut untyped) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        typed.push(in_child(name, "typed"));
        untyped.push(in_child(name, "value"));
    }
    let (ts, vs) = (median(typed), median(untyped));
    let ratio = |t: Duration, v: Duration| t.as_secs_f64() / v.as_secs_f64();
    println!(
        "{name}: {} KiB; one process: typed {t:?}, serde_json::Value {v:?}, typed / Value = {:.3}; \
         separate processes: typed {ts:?}, Value {vs:?}, typed / Value = {:.3}",
        body.len() / 1024,
        ratio(t, v),
        ratio(ts, vs),
    );
}

/// Decoding and dropping timed apart, for `T` and for `Value`, rounds interleaved in this
/// process: where each side's time goes (the comparison above counts both, as a caller pays
/// both). Prints the median of each.
fn split<T: serde::de::DeserializeOwned>(name: &str, body: &str, reps: usize) {
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only != name)
        || std::env::var("BENCH_SIDE").is_ok()
    {
        return;
    }
    fn one<T: serde::de::DeserializeOwned>(body: &str, reps: usize) -> (Duration, Duration) {
        let (mut decode, mut drop) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..reps {
            let start = Instant::now();
            let value = black_box(serde_json::from_str::<T>(black_box(body)).expect("decodes"));
            let decoded = Instant::now();
            std::mem::drop(value);
            drop += decoded.elapsed();
            decode += decoded - start;
        }
        (decode / reps as u32, drop / reps as u32)
    }
    let (mut typed, mut untyped) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        typed.push(one::<T>(body, reps));
        untyped.push(one::<Value>(body, reps));
    }
    let part = |times: &[(Duration, Duration)], f: fn(&(Duration, Duration)) -> Duration| {
        median(times.iter().map(f).collect())
    };
    let (td, tf) = (part(&typed, |t| t.0), part(&typed, |t| t.1));
    let (vd, vf) = (part(&untyped, |t| t.0), part(&untyped, |t| t.1));
    println!(
        "{name}: decoding only: typed {td:?}, Value {vd:?}, typed / Value = {:.3}; \
         dropping only: typed {tf:?}, Value {vf:?}",
        td.as_secs_f64() / vd.as_secs_f64()
    );
    let count = |decode: fn(&str)| allocations(|| decode(body));
    let (ta, tb) = count(|b| drop(black_box(serde_json::from_str::<T>(b).expect("decodes"))));
    let (va, vb) = count(value);
    println!(
        "{name}: allocations per response: typed {ta} ({:.1} MB), Value {va} ({:.1} MB)",
        tb as f64 / 1e6,
        vb as f64 / 1e6
    );
}

fn main() {
    let items: usize = std::env::var("BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let reps = 20;
    let channels = json!({"ok": true, "channels": (0..items).map(channel).collect::<Vec<_>>(),
        "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="}})
    .to_string();
    compare("conversations.list", &channels, reps, |b| {
        black_box(serde_json::from_str::<ConversationsListResponse>(b).expect("decodes"));
    });
    let users = json!({"ok": true, "members": (0..items).map(user).collect::<Vec<_>>(), "cache_ts": 1_700_000_000,
        "response_metadata": {"next_cursor": ""}})
    .to_string();
    compare("users.list", &users, reps, |b| {
        black_box(serde_json::from_str::<UsersListResponse>(b).expect("decodes"));
    });
    let messages = (0..items).map(message).collect::<Vec<_>>().join(",");
    let history = format!(
        r#"{{"ok":true,"messages":[{messages}],"has_more":true,"pin_count":0,"response_metadata":{{"next_cursor":"bmV4dA=="}}}}"#
    );
    if std::env::var("BENCH_SIDE").is_err() {
        // Not in a one-side process: a typed decode there would leave its heap behind.
        check_history(&history);
    }
    compare("conversations.history", &history, reps, |b| {
        black_box(serde_json::from_str::<ConversationsHistoryResponse>(b).expect("decodes"));
    });
    split::<ConversationsHistoryResponse>("conversations.history", &history, reps);
}
