//! Decoded string fields are `Str`s, which keep short text inline: a message whose strings
//! are ids and timestamps decodes without one allocation for its text, and a long text
//! still decodes whole.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use slack_model::types::Message;
use slack_model::Str;

/// The system allocator, counting the allocations made on this test's thread while
/// counting is on (the test harness's other threads are not counted).
struct Counting;

thread_local! {
    static COUNT: Cell<Option<usize>> = const { Cell::new(None) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = COUNT.try_with(|c| c.set(c.get().map(|n| n + 1)));
        // SAFETY: the caller's layout, passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `f`'s result and the allocations it made on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize) {
    COUNT.with(|c| c.set(Some(0)));
    let out = f();
    let n = COUNT.with(|c| c.replace(None)).unwrap_or(0);
    (out, n)
}

const IDS: &str = r#"{"type":"message","ts":"1700000000.000100","user":"U0123ABCD",
    "team":"T0123ABCD","channel":"C0123ABCD","client_msg_id":"a1b2c3d4","text":"ok"}"#;

#[test]
fn a_message_of_ids_and_timestamps_decodes_without_allocating_its_text() {
    let (message, allocations) = counted(|| serde_json::from_str::<Message>(IDS));
    let message = message.expect("a message");
    assert_eq!(message.ts.as_deref(), Some("1700000000.000100"));
    assert_eq!(message.user.as_deref(), Some("U0123ABCD"));
    assert_eq!(message.team.as_deref(), Some("T0123ABCD"));
    assert_eq!(message.text.as_deref(), Some("ok"));
    // Seven strings, none on the heap (as `String`s they were seven allocations).
    assert_eq!(allocations, 0, "{message:?}");
}

#[test]
fn a_long_text_is_decoded_whole_and_written_back_the_same() {
    let long = "a longer text than twenty-four bytes, with an emoji 🎉 and \"quotes\"";
    let json = serde_json::json!({"type": "message", "ts": "1.2", "text": long});
    let message: Message = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(message.text.as_deref(), Some(long));
    assert_eq!(serde_json::to_value(&message).unwrap(), json);
}

#[test]
fn str_reads_and_converts_like_a_string() {
    let id = Str::from("C0123ABCD");
    assert_eq!(id, "C0123ABCD");
    assert_eq!("C0123ABCD", id);
    assert_eq!(id, String::from("C0123ABCD"));
    assert_eq!(format!("{id} {id:?}"), "C0123ABCD \"C0123ABCD\"");
    let by_ref: String = (&id).into();
    let owned: String = id.clone().into();
    assert_eq!(by_ref, owned);
    let mut seen = std::collections::HashSet::new();
    seen.insert(id);
    assert!(seen.contains("C0123ABCD"));
}
