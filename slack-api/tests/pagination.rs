//! Cursor pagination over real HTTP against the emulator's `conversations.list`: its real
//! cursors and page sizes, pages and items in order, where the stream stops, and failures
//! mid-stream (scripted: a Slack error, a 5xx, a 429) resumed from their cursor. Pages whose
//! cursors no Slack would give (a repeat, a loop, one that echoes the token) are scripted
//! success bodies.

mod support;

use std::pin::pin;

use futures_util::StreamExt;
use serde_json::{json, Value};
use slack_api::methods::ConversationsListError;
use slack_api::{Error, RetryPolicy};
use slack_emulator::{Emulator, Script, BOT_USER_ID};
use support::emu::{self, args_of, calls_of, pass};
use support::{bounded, TOKEN};

const LIST: &str = "conversations.list";

/// An emulator with five public channels (`#general`, `#random` and three more): pages of
/// 2, 2 and 1 with `limit(2)`.
async fn five_channels() -> (Emulator, Vec<String>) {
    let emulator = emu::start().await;
    let ids = emu::seed_channels(&emulator, &["third", "fourth", "fifth"]);
    assert_eq!(ids.len(), 5);
    (emulator, ids)
}

/// The `cursor` and `limit` of each `conversations.list` call, as the emulator read them.
fn cursors(emulator: &Emulator) -> Vec<(Option<String>, Option<i64>)> {
    args_of(emulator, LIST)
        .iter()
        .map(|args| {
            (
                args.get("cursor")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                args.get("limit").and_then(Value::as_i64),
            )
        })
        .collect()
}

/// The calls of five channels read two by two: no cursor, then the emulator's two cursors.
fn three_page_cursors() -> Vec<(Option<String>, Option<i64>)> {
    vec![
        (None, Some(2)),
        (Some("emu_2".to_owned()), Some(2)),
        (Some("emu_4".to_owned()), Some(2)),
    ]
}

/// A conversation with just the fields the type requires, and a name.
fn channel(id: &str) -> Value {
    json!({
        "id": id,
        "name": format!("name-{id}"),
        "created": 1_700_000_000,
        "is_im": false,
        "is_org_shared": false
    })
}

/// A scripted page of `conversations.list` with these channels and this `next_cursor`, for
/// cursors the emulator would never give.
fn page(ids: &[&str], next_cursor: Option<&str>) -> Script {
    let channels: Vec<_> = ids.iter().map(|id| channel(id)).collect();
    let mut body = json!({"channels": channels});
    if let Some(cursor) = next_cursor {
        body["response_metadata"] = json!({"next_cursor": cursor});
    }
    Script::ok(body)
}

fn script(emulator: &Emulator, scripts: impl IntoIterator<Item = Script>) {
    for s in scripts {
        emulator.script(LIST, s);
    }
}

#[tokio::test]
async fn pages_follow_cursors_until_an_empty_one() {
    let (emulator, ids) = five_channels().await;
    let client = emu::client(&emulator);
    let pages: Vec<_> = bounded(
        client
            .conversations_list()
            .limit(2)
            .pages()
            .collect::<Vec<_>>(),
    )
    .await;

    assert_eq!(pages.len(), 3);
    let got: Vec<Vec<String>> = pages
        .into_iter()
        .map(|page| {
            page.expect("every page succeeds")
                .channels
                .into_iter()
                .map(|c| c.id.into_string())
                .collect()
        })
        .collect();
    assert_eq!(
        got,
        [ids[0..2].to_vec(), ids[2..4].to_vec(), ids[4..5].to_vec()]
    );
    assert_eq!(cursors(&emulator), three_page_cursors());
    for call in calls_of(&emulator, LIST) {
        // A read: its arguments in the query, no body.
        assert_eq!(call.http_method, "GET", "{call:?}");
        assert_eq!(call.content_type, None, "{call:?}");
    }
}

#[tokio::test]
async fn all_items_yields_every_item_in_order() {
    let (emulator, ids) = five_channels().await;
    let client = emu::client(&emulator);
    let items = bounded(
        client
            .conversations_list()
            .limit(2)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    let got: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("every item is Ok").id.into_string())
        .collect();
    assert_eq!(got, ids);
    assert_eq!(cursors(&emulator), three_page_cursors());
}

#[tokio::test]
async fn a_cursor_reaches_the_server_as_it_came() {
    // Cursors are opaque: Slack's are base64, with `=`, `/` and `+`, which a query must
    // escape (an unescaped `+` would arrive as a space).
    let emulator = emu::start().await;
    script(
        &emulator,
        [
            page(&["C1", "C2"], Some("dXNlcjpVMDYxTkZUVDI=")),
            page(&["C3", "C4"], Some("c/3+ &x=y")),
            page(&["C5"], Some("")),
        ],
    );
    let client = emu::client(&emulator);
    let items = bounded(
        client
            .conversations_list()
            .limit(2)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    let got: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().id.into_string())
        .collect();
    assert_eq!(got, ["C1", "C2", "C3", "C4", "C5"]);
    assert_eq!(
        cursors(&emulator),
        [
            (None, Some(2)),
            (Some("dXNlcjpVMDYxTkZUVDI=".to_owned()), Some(2)),
            (Some("c/3+ &x=y".to_owned()), Some(2)),
        ]
    );
}

#[tokio::test]
async fn a_page_without_response_metadata_is_the_last() {
    let emulator = emu::start().await;
    // The second would be served, had the stream gone on.
    script(&emulator, [page(&["C1"], None), page(&["C2"], None)]);
    let client = emu::client(&emulator);
    let pages = bounded(client.conversations_list().pages().collect::<Vec<_>>()).await;
    assert_eq!(pages.len(), 1);
    assert_eq!(cursors(&emulator), [(None, None)]);
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_stream() {
    let emulator = emu::start().await;
    script(
        &emulator,
        [
            page(&["C1"], Some("c2")),
            page(&["C2"], Some("c2")),
            page(&["C3"], Some("")),
        ],
    );
    let client = emu::client(&emulator);
    let items = bounded(
        client
            .conversations_list()
            .limit(1)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().id.into_string())
        .collect();
    assert_eq!(ids, ["C1", "C2"]);
    assert_eq!(
        cursors(&emulator),
        [(None, Some(1)), (Some("c2".to_owned()), Some(1))]
    );
}

#[tokio::test]
async fn a_cursor_loop_stops_the_stream() {
    // A → B → A: the third cursor was followed before.
    let emulator = emu::start().await;
    script(
        &emulator,
        [
            page(&["C1"], Some("a")),
            page(&["C2"], Some("b")),
            page(&["C3"], Some("a")),
            page(&["C4"], Some("")),
        ],
    );
    let client = emu::client(&emulator);
    let items = bounded(client.conversations_list().all_items().collect::<Vec<_>>()).await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().id.into_string())
        .collect();
    assert_eq!(ids, ["C1", "C2", "C3"]);
    assert_eq!(
        cursors(&emulator),
        [
            (None, None),
            (Some("a".to_owned()), None),
            (Some("b".to_owned()), None)
        ]
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let (emulator, ids) = five_channels().await;
    // The first page served, the second refused.
    script(&emulator, [pass(1), Script::error("invalid_cursor")]);
    let client = emu::client(&emulator);
    let mut items = pin!(client.conversations_list().limit(2).all_items());
    assert_eq!(bounded(items.next()).await.unwrap().unwrap().id, ids[0]);
    assert_eq!(bounded(items.next()).await.unwrap().unwrap().id, ids[1]);
    let err = bounded(items.next()).await.unwrap().unwrap_err();
    assert_eq!(
        err.error().code(),
        Some(&ConversationsListError::InvalidCursor)
    );
    assert!(matches!(err.error(), Error::Api { .. }));
    // The failed page's cursor, to resume from.
    assert_eq!(err.cursor(), Some("emu_2"));
    assert!(bounded(items.next()).await.is_none());
    assert_eq!(cursors(&emulator), three_page_cursors()[..2]);
}

#[tokio::test]
async fn a_failed_page_can_be_resumed_from_its_cursor() {
    let (emulator, ids) = five_channels().await;
    script(&emulator, [pass(1), Script::html(503)]);
    let client = emu::builder(&emulator)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let mut got = Vec::new();
    let mut resume: Option<String> = None;
    let mut failures = 0;
    loop {
        let mut call = client.conversations_list().limit(2);
        if let Some(cursor) = resume.take() {
            call = call.cursor(cursor);
        }
        let mut items = pin!(call.all_items());
        while let Some(item) = bounded(items.next()).await {
            match item {
                Ok(channel) => got.push(channel.id),
                Err(e) => {
                    assert!(
                        matches!(e.error(), Error::Http { status: 503, .. }),
                        "{e:?}"
                    );
                    assert!(e.error().is_transient());
                    failures += 1;
                    resume = Some(e.cursor().expect("not the first page").to_owned());
                }
            }
        }
        if resume.is_none() {
            break;
        }
    }
    assert_eq!(failures, 1);
    // Nothing lost, nothing twice.
    assert_eq!(got, ids);
    let [first, second, third] = <[_; 3]>::try_from(three_page_cursors()).unwrap();
    assert_eq!(cursors(&emulator), [first, second.clone(), second, third]);
}

#[tokio::test]
async fn a_failed_first_page_has_no_cursor_and_converts_into_the_error() {
    let emulator = emu::start().await;
    // A token the emulator does not know: Slack's `invalid_auth`.
    let client = slack_api::Client::builder("xoxp-not-a-known-token")
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let mut pages = pin!(client.conversations_list().pages());
    let err = bounded(pages.next()).await.unwrap().unwrap_err();
    assert_eq!(err.cursor(), None);
    assert_eq!(err.to_string(), err.error().to_string());
    assert!(format!("{err:?}").starts_with("PageError { cursor: None, error: Api"));
    // `?` into the plain error, as the README's example does.
    let plain: Error<ConversationsListError> = err.into();
    assert_eq!(
        plain.code(),
        Some(&ConversationsListError::Common(
            slack_api::CommonError::InvalidAuth
        ))
    );
    assert!(bounded(pages.next()).await.is_none());
    assert_eq!(calls_of(&emulator, LIST).len(), 1);
}

#[tokio::test]
async fn a_call_started_from_a_cursor_resumes_from_it_when_its_first_page_fails() {
    let emulator = emu::start().await;
    let client = emu::client(&emulator);
    // Not a cursor the emulator gave: its `invalid_cursor`.
    let mut pages = pin!(client.conversations_list().cursor("from-here").pages());
    let err = bounded(pages.next()).await.unwrap().unwrap_err();
    assert_eq!(
        err.error().code(),
        Some(&ConversationsListError::InvalidCursor)
    );
    assert_eq!(err.cursor(), Some("from-here"));
}

#[tokio::test]
async fn a_token_echoed_in_a_cursor_is_not_shown_by_a_page_error() {
    let emulator = emu::start().await;
    let cursor = format!("cur-{TOKEN}");
    script(
        &emulator,
        [page(&["C1"], Some(&cursor)), Script::status(500)],
    );
    let client = emu::builder(&emulator)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let pages = bounded(client.conversations_list().pages().collect::<Vec<_>>()).await;
    assert_eq!(pages.len(), 2);
    let err = pages[1].as_ref().unwrap_err();
    // The cursor itself is intact, to resume with; what is shown is scrubbed.
    assert_eq!(err.cursor(), Some(cursor.as_str()));
    let shown = format!("{err} {err:?} {err:#?}");
    assert!(shown.contains("cur-<redacted>"), "{shown}");
    support::assert_no_token(&shown);
}

#[tokio::test]
async fn a_page_is_retried_like_any_call() {
    let (emulator, ids) = five_channels().await;
    script(&emulator, [pass(1), Script::rate_limited(0)]);
    let client = emu::client(&emulator);
    let items = bounded(
        client
            .conversations_list()
            .limit(2)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    let got: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().id.into_string())
        .collect();
    assert_eq!(got, ids);
    let [first, second, third] = <[_; 3]>::try_from(three_page_cursors()).unwrap();
    assert_eq!(cursors(&emulator), [first, second.clone(), second, third]);
}

#[tokio::test]
async fn pages_keep_every_argument_and_start_from_a_given_cursor() {
    let (emulator, ids) = five_channels().await;
    // Archived: left out by `exclude_archived`, so the pages skip it.
    emulator.with_workspace(|ws| {
        let c = ws.channel_mut(&ids[2]).unwrap();
        c.info.insert("is_archived".into(), json!(true));
    });
    let client = emu::client(&emulator);
    let pages = bounded(
        client
            .conversations_list()
            .cursor("emu_1")
            .exclude_archived(true)
            .limit(2)
            .team_id("T1")
            .types(["public_channel", "im"])
            .pages()
            .collect::<Vec<_>>(),
    )
    .await;
    let got: Vec<Vec<String>> = pages
        .into_iter()
        .map(|page| {
            page.unwrap()
                .channels
                .into_iter()
                .map(|c| c.id.into_string())
                .collect()
        })
        .collect();
    assert_eq!(
        got,
        [vec![ids[1].clone(), ids[3].clone()], vec![ids[4].clone()]]
    );
    let with = |cursor: &str| {
        json!({
            "cursor": cursor,
            "exclude_archived": true,
            "limit": 2,
            "team_id": "T1",
            "types": ["public_channel", "im"],
        })
    };
    assert_eq!(args_of(&emulator, LIST), [with("emu_1"), with("emu_3")]);
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let (emulator, ids) = five_channels().await;
    let client = emu::client(&emulator);
    let first: Vec<_> = bounded(
        client
            .conversations_list()
            .limit(2)
            .pages()
            .take(1)
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(first.len(), 1);
    let channels: Vec<String> = first[0]
        .as_ref()
        .unwrap()
        .channels
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(channels, ids[..2]);
    assert_eq!(cursors(&emulator), three_page_cursors()[..1]);
}

#[tokio::test]
async fn a_call_token_is_used_for_every_page() {
    let (emulator, _) = five_channels().await;
    // The client's token is alice's (a user token); the call's, the bot's.
    let client = emu::client(&emulator);
    let pages = bounded(
        client
            .conversations_list()
            .limit(2)
            .with_token(emulator.tokens().bot.clone())
            .pages()
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let calls = calls_of(&emulator, LIST);
    assert_eq!(calls.len(), 3);
    for call in calls {
        let token = call.token.as_ref().expect("a token came");
        assert_eq!(token.token_type.as_deref(), Some("bot"), "{call:?}");
        assert_eq!(token.user_id.as_deref(), Some(BOT_USER_ID), "{call:?}");
    }
}
