//! Cursor pagination over real HTTP, with `conversations.list`: the cursors and page size
//! each request carries, pages and items in order, and where the stream stops.

mod support;

use std::pin::pin;

use futures_util::StreamExt;
use serde_json::json;
use slack_api::methods::ConversationsListError;
use slack_api::{Error, RetryPolicy};
use support::{bounded, builder, client, Reply, Server, TOKEN};

/// A conversation with just the fields the type requires, and a name.
fn channel(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": format!("name-{id}"),
        "created": 1_700_000_000,
        "is_im": false,
        "is_org_shared": false
    })
}

/// A page of `conversations.list` with these channels and this `next_cursor`.
fn page(ids: &[&str], next_cursor: Option<&str>) -> Reply {
    let channels: Vec<_> = ids.iter().map(|id| channel(id)).collect();
    let mut body = json!({"ok": true, "channels": channels});
    if let Some(cursor) = next_cursor {
        body["response_metadata"] = json!({"next_cursor": cursor});
    }
    Reply::json(body.to_string())
}

/// Three pages, the last with an empty cursor, as Slack ends a list.
fn three_pages() -> [Reply; 3] {
    [
        page(&["C1", "C2"], Some("dXNlcjpVMDYxTkZUVDI=")),
        page(&["C3", "C4"], Some("c/3+")),
        page(&["C5"], Some("")),
    ]
}

const THREE_PAGE_TARGETS: [&str; 3] = [
    "/api/conversations.list?limit=2",
    "/api/conversations.list?cursor=dXNlcjpVMDYxTkZUVDI%3D&limit=2",
    "/api/conversations.list?cursor=c%2F3%2B&limit=2",
];

fn targets(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.target().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_follow_cursors_until_an_empty_one() {
    let server = Server::start(three_pages()).await;
    let client = client(&server);
    let pages: Vec<_> = bounded(
        client
            .conversations_list()
            .limit(2)
            .pages()
            .collect::<Vec<_>>(),
    )
    .await;

    assert_eq!(pages.len(), 3);
    let ids: Vec<Vec<String>> = pages
        .into_iter()
        .map(|page| {
            page.expect("every page succeeds")
                .channels
                .into_iter()
                .map(|c| c.id)
                .collect()
        })
        .collect();
    assert_eq!(ids, [vec!["C1", "C2"], vec!["C3", "C4"], vec!["C5"]]);
    assert_eq!(targets(&server), THREE_PAGE_TARGETS);
    for request in server.requests() {
        assert!(
            request.request_line.starts_with("GET "),
            "{}",
            request.request_line
        );
        assert_eq!(request.body, b"");
    }
}

#[tokio::test]
async fn all_items_yields_every_item_in_order() {
    let server = Server::start(three_pages()).await;
    let client = client(&server);
    let items = bounded(
        client
            .conversations_list()
            .limit(2)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("every item is Ok").id)
        .collect();
    assert_eq!(ids, ["C1", "C2", "C3", "C4", "C5"]);
    assert_eq!(targets(&server), THREE_PAGE_TARGETS);
}

#[tokio::test]
async fn a_page_without_response_metadata_is_the_last() {
    let server = Server::start([page(&["C1"], None), page(&["C2"], None)]).await;
    let client = client(&server);
    let pages = bounded(client.conversations_list().pages().collect::<Vec<_>>()).await;
    assert_eq!(pages.len(), 1);
    assert_eq!(targets(&server), ["/api/conversations.list"]);
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_stream() {
    let server = Server::start([
        page(&["C1"], Some("c2")),
        page(&["C2"], Some("c2")),
        page(&["C3"], Some("")),
    ])
    .await;
    let client = client(&server);
    let items = bounded(
        client
            .conversations_list()
            .limit(1)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    let ids: Vec<String> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids, ["C1", "C2"]);
    assert_eq!(
        targets(&server),
        [
            "/api/conversations.list?limit=1",
            "/api/conversations.list?cursor=c2&limit=1"
        ]
    );
    assert_eq!(server.replies_left(), 1);
}

#[tokio::test]
async fn a_cursor_loop_stops_the_stream() {
    // A → B → A: the third cursor was followed before.
    let server = Server::start([
        page(&["C1"], Some("a")),
        page(&["C2"], Some("b")),
        page(&["C3"], Some("a")),
        page(&["C4"], Some("")),
    ])
    .await;
    let client = client(&server);
    let items = bounded(client.conversations_list().all_items().collect::<Vec<_>>()).await;
    let ids: Vec<String> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids, ["C1", "C2", "C3"]);
    assert_eq!(
        targets(&server),
        [
            "/api/conversations.list",
            "/api/conversations.list?cursor=a",
            "/api/conversations.list?cursor=b"
        ]
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = Server::start([
        page(&["C1", "C2"], Some("c2")),
        Reply::json(r#"{"ok":false,"error":"invalid_cursor"}"#),
        page(&["C3"], Some("")),
    ])
    .await;
    let client = client(&server);
    let mut items = pin!(client.conversations_list().limit(2).all_items());
    assert_eq!(bounded(items.next()).await.unwrap().unwrap().id, "C1");
    assert_eq!(bounded(items.next()).await.unwrap().unwrap().id, "C2");
    let err = bounded(items.next()).await.unwrap().unwrap_err();
    assert_eq!(
        err.error().code(),
        Some(&ConversationsListError::InvalidCursor)
    );
    assert!(matches!(err.error(), Error::Api { .. }));
    // The failed page's cursor, to resume from.
    assert_eq!(err.cursor(), Some("c2"));
    assert!(bounded(items.next()).await.is_none());
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.replies_left(), 1);
}

#[tokio::test]
async fn a_failed_page_can_be_resumed_from_its_cursor() {
    let [first, second, third] = three_pages();
    let server = Server::start([first, Reply::new(503, "<html>busy</html>"), second, third]).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let mut ids = Vec::new();
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
                Ok(channel) => ids.push(channel.id),
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
    assert_eq!(ids, ["C1", "C2", "C3", "C4", "C5"]);
    assert_eq!(
        targets(&server),
        [
            THREE_PAGE_TARGETS[0],
            THREE_PAGE_TARGETS[1],
            THREE_PAGE_TARGETS[1],
            THREE_PAGE_TARGETS[2]
        ]
    );
}

#[tokio::test]
async fn a_failed_first_page_has_no_cursor_and_converts_into_the_error() {
    let server = Server::start([Reply::json(r#"{"ok":false,"error":"invalid_auth"}"#)]).await;
    let client = client(&server);
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
}

#[tokio::test]
async fn a_call_started_from_a_cursor_resumes_from_it_when_its_first_page_fails() {
    let server = Server::start([Reply::json(r#"{"ok":false,"error":"invalid_auth"}"#)]).await;
    let client = client(&server);
    let mut pages = pin!(client.conversations_list().cursor("from-here").pages());
    let err = bounded(pages.next()).await.unwrap().unwrap_err();
    assert_eq!(err.cursor(), Some("from-here"));
}

#[tokio::test]
async fn a_token_echoed_in_a_cursor_is_not_shown_by_a_page_error() {
    let server = Server::start([
        page(&["C1"], Some(&format!("cur-{TOKEN}"))),
        Reply::new(500, "boom"),
    ])
    .await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let pages = bounded(client.conversations_list().pages().collect::<Vec<_>>()).await;
    let err = pages[1].as_ref().unwrap_err();
    // The cursor itself is intact, to resume with; what is shown is scrubbed.
    assert_eq!(err.cursor(), Some(format!("cur-{TOKEN}").as_str()));
    let shown = format!("{err} {err:?} {err:#?}");
    assert!(shown.contains("cur-<redacted>"), "{shown}");
    support::assert_no_token(&shown);
}

#[tokio::test]
async fn a_page_is_retried_like_any_call() {
    let [first, second, third] = three_pages();
    let server = Server::start([first, Reply::rate_limited(Some("0")), second, third]).await;
    let client = client(&server);
    let items = bounded(
        client
            .conversations_list()
            .limit(2)
            .all_items()
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(Result::is_ok));
    let targets = targets(&server);
    assert_eq!(
        targets,
        [
            THREE_PAGE_TARGETS[0],
            THREE_PAGE_TARGETS[1],
            THREE_PAGE_TARGETS[1],
            THREE_PAGE_TARGETS[2]
        ]
    );
}

#[tokio::test]
async fn pages_keep_every_argument_and_start_from_a_given_cursor() {
    let server = Server::start([page(&["C1"], Some("next")), page(&["C2"], Some(""))]).await;
    let client = client(&server);
    let pages = bounded(
        client
            .conversations_list()
            .cursor("start")
            .exclude_archived(true)
            .limit(1)
            .team_id("T1")
            .types(["public_channel", "im"])
            .pages()
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(
        targets(&server),
        [
            "/api/conversations.list?cursor=start&exclude_archived=true&limit=1&team_id=T1&types=public_channel%2Cim",
            "/api/conversations.list?cursor=next&exclude_archived=true&limit=1&team_id=T1&types=public_channel%2Cim",
        ]
    );
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let server = Server::start(three_pages()).await;
    let client = client(&server);
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
    assert_eq!(targets(&server), [THREE_PAGE_TARGETS[0]]);
    assert_eq!(server.replies_left(), 2);
}

#[tokio::test]
async fn a_call_token_is_used_for_every_page() {
    let server = Server::start(three_pages()).await;
    let client = client(&server);
    let pages = bounded(
        client
            .conversations_list()
            .limit(2)
            .with_token("xoxb-page-token")
            .pages()
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(pages.len(), 3);
    for request in server.requests() {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer xoxb-page-token")
        );
    }
}
