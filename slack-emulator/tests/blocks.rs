//! Block Kit built in Rust goes over the wire as Slack's reference shows it, in a JSON body
//! and in a form; typed blocks that break Slack's limits are refused before sending, naming
//! the path; raw JSON still goes as it is.

use serde_json::json;
use slack_api::block_kit::*;
use slack_api::{blocks, Client, Error, ErrorCode as _, Json};
use slack_emulator::{Emulator, GENERAL_ID};

fn client(emulator: &Emulator) -> Client {
    // Many posts to one channel: Slack's per-channel limit off.
    emulator.set_rate_limits(slack_emulator::RateLimits::off());
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        // The calls the emulator records are the test's own: pacing needs no `auth.test`.
        .workspace(slack_emulator::TEAM_ID)
        .build()
        .expect("a client")
}

fn message() -> Vec<Block> {
    blocks![
        Block::header("Deploy 42"),
        SectionBlock::new()
            .text(mrkdwn("*main* is ready"))
            .accessory(Button::new("Logs").action_id("logs")),
        Block::divider(),
        ActionsBlock::new([
            Button::new("Approve")
                .action_id("approve")
                .value("42")
                .primary(),
            Button::new("Reject")
                .action_id("reject")
                .value("42")
                .danger(),
        ]),
    ]
}

/// What Slack's reference shows for that message.
fn expected() -> serde_json::Value {
    json!([
        {"type": "header", "text": {"type": "plain_text", "text": "Deploy 42"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*main* is ready"},
         "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Logs"}, "action_id": "logs"}},
        {"type": "divider"},
        {"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Approve"}, "action_id": "approve", "value": "42", "style": "primary"},
            {"type": "button", "text": {"type": "plain_text", "text": "Reject"}, "action_id": "reject", "value": "42", "style": "danger"}
        ]}
    ])
}

fn last_args(emulator: &Emulator, method: &str) -> serde_json::Value {
    let calls = emulator.calls();
    let call = calls
        .iter()
        .rev()
        .find(|c| c.method == method)
        .expect("the call");
    call.args.clone()
}

#[tokio::test]
async fn built_blocks_go_in_a_json_body_as_slack_shows_them() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    bot.chat_post_message(GENERAL_ID)
        .text("Deploy 42")
        .blocks(message())
        .await
        .expect("posted");
    let calls = emulator.calls();
    let content_type = calls[0].content_type.as_deref().unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(
        last_args(&emulator, "chat.postMessage")["blocks"],
        expected()
    );

    // Read back: the stored message has the same blocks.
    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    let stored = history.messages[0].blocks.as_ref().expect("blocks kept");
    assert_eq!(serde_json::to_value(stored).unwrap(), expected());
}

#[tokio::test]
async fn built_blocks_go_in_a_form_as_json_text() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let ticket = bot.files_get_upload_urlexternal("a.txt", 3).await.unwrap();
    reqwest::Client::new()
        .post(ticket.upload_url.as_str())
        .body("abc")
        .send()
        .await
        .unwrap();
    bot.files_complete_upload_external(json!([{"id": ticket.file_id}]))
        .channel_id(GENERAL_ID)
        .blocks(message())
        .await
        .expect("completed");
    let calls = emulator.calls();
    let call = calls
        .iter()
        .find(|c| c.method == "files.completeUploadExternal")
        .unwrap();
    let content_type = call.content_type.as_deref().unwrap_or_default();
    assert!(
        content_type.starts_with("application/x-www-form-urlencoded"),
        "{content_type}"
    );
    assert_eq!(call.args["blocks"], expected());
}

#[tokio::test]
async fn blocks_over_slacks_limits_are_refused_before_sending() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let violations = |result: Result<_, Error<_>>| match result {
        Err(Error::Invalid { violations, .. }) => violations,
        other => panic!("expected Error::Invalid, got {other:?}"),
    };

    // 50 blocks: sent. 51: refused.
    let fifty: Vec<Block> = (0..50).map(|_| Block::divider()).collect();
    bot.chat_post_message(GENERAL_ID)
        .blocks(fifty.clone())
        .await
        .expect("50 blocks are fine");
    let mut fifty_one = fifty;
    fifty_one.push(Block::divider());
    let found = violations(bot.chat_post_message(GENERAL_ID).blocks(fifty_one).await);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "blocks");
    assert!(found[0].rule.contains("at most 50"), "{}", found[0]);

    // A section's text: 3000 characters fine, 3001 refused, at its path.
    let text = |n: usize| vec![Block::section(plain_text("x".repeat(n)))];
    bot.chat_post_message(GENERAL_ID)
        .blocks(text(3000))
        .await
        .expect("3000 characters are fine");
    let found = violations(bot.chat_post_message(GENERAL_ID).blocks(text(3001)).await);
    assert_eq!(found[0].path, "blocks[0].text", "{found:?}");

    // Two buttons with one action_id in an actions block; a block_id used twice.
    let twice = blocks![
        ActionsBlock::new([
            Button::new("A").action_id("same"),
            Button::new("B").action_id("same"),
        ])
        .block_id("row"),
        DividerBlock::new().block_id("row"),
    ];
    let found = violations(bot.chat_post_message(GENERAL_ID).blocks(twice).await);
    let paths: Vec<&str> = found.iter().map(|v| v.path.as_str()).collect();
    assert!(paths.contains(&"blocks[1].block_id"), "{paths:?}");
    assert!(
        paths.contains(&"blocks[0].elements[1].action_id"),
        "{paths:?}"
    );

    let posts = emulator
        .calls()
        .iter()
        .filter(|c| c.method == "chat.postMessage")
        .count();
    assert_eq!(posts, 2, "only the two posts within the limits were sent");
}

/// The client sends raw JSON as it is; the emulator, like Slack, refuses what breaks the
/// limits or names a block type it does not know, listing each problem's JSON pointer.
#[tokio::test]
async fn raw_json_blocks_are_sent_as_they_are_and_the_emulator_checks_them() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let raw =
        json!([{"type": "divider"}, {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]);
    bot.chat_post_message(GENERAL_ID)
        .blocks(raw.clone())
        .await
        .expect("sent");
    assert_eq!(last_args(&emulator, "chat.postMessage")["blocks"], raw);

    // 51 raw blocks leave the client (unchecked) and meet Slack's limit at the emulator.
    let many: Json<Vec<Block>> = Json::Raw(serde_json::Value::Array(vec![
        json!({"type": "divider"});
        51
    ]));
    let error = api_error(bot.chat_post_message(GENERAL_ID).blocks(many).await);
    assert_eq!(error.0, "invalid_blocks");
    assert!(
        error
            .1
            .iter()
            .any(|e| e.ends_with("[json-pointer:/blocks]")),
        "{:?}",
        error.1
    );

    // A block type Slack does not know.
    let future = json!([{"type": "future_block", "anything": [1, 2]}]);
    let error = api_error(bot.chat_post_message(GENERAL_ID).blocks(future).await);
    assert_eq!(error.0, "invalid_blocks");
    assert!(error.1[0].contains("future_block"), "{:?}", error.1);
    assert!(
        error.1[0].ends_with("[json-pointer:/blocks/0]"),
        "{:?}",
        error.1
    );
}

/// The code and `errors` of a Slack error.
fn api_error<T: std::fmt::Debug>(
    result: Result<T, Error<impl slack_api::ErrorCode>>,
) -> (String, Vec<String>) {
    match result {
        Err(Error::Api { error, .. }) => (
            error.code.code().to_owned(),
            error
                .errors
                .iter()
                .map(|e| {
                    e.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| e.to_string())
                })
                .collect(),
        ),
        other => panic!("expected a Slack error, got {other:?}"),
    }
}

/// The same blocks get the same verdict from the client (before sending, typed) and from
/// the emulator (raw): each path the client names is a pointer the emulator names.
#[tokio::test]
async fn the_emulator_and_the_client_agree_on_every_limit() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let cases: Vec<Vec<Block>> = vec![
        vec![Block::section(plain_text("x".repeat(3001)))],
        vec![Block::header("h".repeat(151))],
        blocks![ActionsBlock::new(
            (0..26).map(|i| Button::new("b").action_id(format!("a{i}")))
        )],
        blocks![ActionsBlock::new([
            Button::new("A").action_id("same"),
            Button::new("B").action_id("same"),
        ])],
        blocks![
            DividerBlock::new().block_id("x"),
            DividerBlock::new().block_id("x")
        ],
        blocks![
            Block::section(mrkdwn("ok")),
            DividerBlock::new().block_id("b".repeat(256))
        ],
        blocks![Block::input("l".repeat(2001), PlainTextInput::new())],
        // An alert is for modals only.
        blocks![
            Block::section(mrkdwn("ok")),
            AlertBlock::new(plain_text("Careful"))
        ],
        // So is a file input (an element, inside an input block).
        blocks![
            Block::section(mrkdwn("ok")),
            Block::input("Files", FileInput::new())
        ],
    ];
    for blocks in cases {
        let client_paths: Vec<String> = match bot
            .chat_post_message(GENERAL_ID)
            .blocks(blocks.clone())
            .await
        {
            Err(Error::Invalid { violations, .. }) => {
                violations.iter().map(|v| v.path.clone()).collect()
            }
            other => panic!("the client let {blocks:?} through: {other:?}"),
        };
        let raw: Json<Vec<Block>> = Json::Raw(serde_json::to_value(&blocks).unwrap());
        let (code, errors) = api_error(bot.chat_post_message(GENERAL_ID).blocks(raw).await);
        assert_eq!(code, "invalid_blocks");
        for path in &client_paths {
            let pointer = format!(
                "/{}",
                path.replace("[", "/")
                    .replace("].", "/")
                    .replace(']', "")
                    .replace('.', "/")
            );
            assert!(
                errors
                    .iter()
                    .any(|e| e.ends_with(&format!("[json-pointer:{pointer}]"))),
                "client: {path}; emulator: {errors:?}"
            );
        }
        assert_eq!(
            errors.len(),
            client_paths.len(),
            "{errors:?} vs {client_paths:?}"
        );
    }
}

#[tokio::test]
async fn blocks_validate_lists_each_problem_with_its_pointer() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    bot.blocks_validate()
        .blocks(json!([{"type": "divider"}]))
        .await
        .expect("valid blocks");
    let error = api_error(
        bot.blocks_validate()
            .blocks(json!([{"type": "header", "text": {"type": "plain_text", "text": "h".repeat(151)}}]))
            .await,
    );
    assert_eq!(error.0, "invalid_blocks");
    let first: serde_json::Value = serde_json::from_str(&error.1[0]).unwrap();
    assert_eq!(first["pointer"], "/0/text");
    assert_eq!(first["code"], "failed_constraint");

    let error = api_error(
        bot.blocks_validate()
            .message(json!({"blocks": [{"type": "nope"}]}))
            .await,
    );
    assert_eq!(error.0, "invalid_message");
    let first: serde_json::Value = serde_json::from_str(&error.1[0]).unwrap();
    assert_eq!(first["pointer"], "/blocks/0");

    let long_title = json!({"type": "modal", "title": {"type": "plain_text", "text": "t".repeat(25)}, "blocks": []});
    let error = api_error(bot.blocks_validate().view(long_title).await);
    assert_eq!(error.0, "invalid_view");
    let first: serde_json::Value = serde_json::from_str(&error.1[0]).unwrap();
    assert_eq!(first["pointer"], "/title");

    let error = api_error(
        bot.blocks_validate()
            .blocks(json!([]))
            .view(json!({"type": "home", "blocks": []}))
            .await,
    );
    assert_eq!(error.0, "invalid_arguments");
}

/// views.* has no `invalid_blocks` in its error table: Slack answers `invalid_arguments`
/// with the pointers in `response_metadata.messages`.
#[tokio::test]
async fn a_view_over_the_limits_is_invalid_arguments() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let view = json!({"type": "home", "blocks": vec![json!({"type": "divider"}); 101]});
    let raw: Json<ViewPayload> = Json::Raw(view);
    match bot.views_publish(slack_emulator::BOT_USER_ID, raw).await {
        Err(Error::Api { error, .. }) => {
            assert_eq!(error.code.code(), "invalid_arguments");
            assert!(
                error
                    .messages
                    .iter()
                    .any(|m| m.starts_with("[ERROR]") && m.contains("[json-pointer:/view/blocks]")),
                "{:?}",
                error.messages
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Each block type is allowed on some surfaces: a table in a modal is refused by the
/// client before sending and by the emulator, at the same place; in a Home tab it is fine.
#[tokio::test]
async fn a_block_on_a_surface_slack_does_not_allow_is_refused() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let cell = |t: &str| TableBlockCell::from(RawText::new(t));
    let table = TableBlock::new([vec![cell("a")], vec![cell("1")]]);
    let modal =
        ModalView::new("Report").blocks(blocks![Block::section(mrkdwn("ok")), table.clone()]);
    match bot
        .views_open(ViewPayload::from(modal.clone()))
        .trigger_id("1.2.3")
        .await
    {
        Err(Error::Invalid { violations, .. }) => {
            let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["view.blocks[1]"], "{violations:?}");
            assert!(
                violations[0].rule.contains("not allowed in a modal"),
                "{violations:?}"
            );
        }
        other => panic!("the client let a table into a modal: {other:?}"),
    }
    let raw: Json<ViewPayload> = Json::Raw(serde_json::to_value(&modal).unwrap());
    match bot.views_open(raw).trigger_id("1.2.3").await {
        Err(Error::Api { error, .. }) => {
            assert_eq!(error.code.code(), "invalid_arguments");
            assert!(
                error
                    .messages
                    .iter()
                    .any(|m| m.contains("[json-pointer:/view/blocks/1]")),
                "{:?}",
                error.messages
            );
        }
        other => panic!("the emulator let a table into a modal: {other:?}"),
    }
    let home = HomeView::new().blocks(blocks![table]);
    bot.views_publish(slack_emulator::BOT_USER_ID, ViewPayload::from(home))
        .await
        .expect("a table in a Home tab");
}

/// `blocks.validate` takes typed blocks but never refuses them itself (its arguments say
/// `checked: false`): Slack's verdict is the point. `chat.unfurl`'s typed unfurls are
/// checked like any message's blocks.
#[tokio::test]
async fn blocks_validate_sends_typed_blocks_unchecked_and_unfurls_are_checked() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let too_long = vec![Block::header("h".repeat(151))];
    let error = api_error(bot.blocks_validate().blocks(too_long.clone()).await);
    assert_eq!(
        error.0, "invalid_blocks",
        "the emulator's verdict, not the client's"
    );

    let unfurls = std::collections::BTreeMap::from([(
        "https://example.com/a".to_owned(),
        Unfurl::new().blocks(too_long),
    )]);
    match bot.chat_unfurl().unfurls(unfurls).await {
        Err(Error::Invalid { violations, .. }) => {
            assert_eq!(
                violations[0].path,
                "unfurls.https://example.com/a.blocks[0].text"
            )
        }
        other => panic!("{other:?}"),
    }
}

/// The client's violations, or a panic naming what it let through.
fn refused<T: std::fmt::Debug>(result: Result<T, Error<impl slack_api::ErrorCode>>) -> Vec<String> {
    match result {
        Err(Error::Invalid { violations, .. }) => {
            violations.iter().map(|v| v.to_string()).collect()
        }
        other => panic!("the client let it through: {other:?}"),
    }
}

/// The `[json-pointer:…]` messages of the emulator's `invalid_arguments` answer.
fn pointers<T: std::fmt::Debug>(
    result: Result<T, Error<impl slack_api::ErrorCode>>,
) -> Vec<String> {
    match result {
        Err(Error::Api { error, .. }) => {
            assert_eq!(error.code.code(), "invalid_arguments");
            error.messages.clone()
        }
        other => panic!("the emulator let it through: {other:?}"),
    }
}

/// Only one element per view may have `focus_on_load` true: a modal with two is refused by
/// the client and by the emulator at the second element; with one it opens.
#[tokio::test]
async fn two_elements_with_focus_on_load_in_one_view_are_refused_at_the_second() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let focused = |label: &str| Block::input(label, PlainTextInput::new().focus_on_load(true));
    let two =
        ModalView::new("Form").blocks(vec![focused("Name"), Block::divider(), focused("Email")]);
    let found = refused(
        bot.views_open(ViewPayload::from(two.clone()))
            .trigger_id("1.2.3")
            .await,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("view.blocks[2].element: only one element per view")
            && found[0].contains("view.blocks[0].element"),
        "{found:?}"
    );
    let raw: Json<ViewPayload> = Json::Raw(serde_json::to_value(&two).unwrap());
    let messages = pointers(bot.views_open(raw).trigger_id("1.2.3").await);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("[json-pointer:/view/blocks/2/element]"),
        "{messages:?}"
    );

    let one = ModalView::new("Form").blocks(vec![focused("Name"), Block::divider()]);
    bot.views_open(ViewPayload::from(one))
        .trigger_id("1.2.3")
        .await
        .expect("one focused element is fine");
    // A Home tab is a view too.
    let home = HomeView::new().blocks(vec![focused("Name"), focused("Email")]);
    let found = refused(
        bot.views_publish(slack_emulator::BOT_USER_ID, ViewPayload::from(home))
            .await,
    );
    assert!(found[0].starts_with("view.blocks[1].element:"), "{found:?}");
}

/// Elements have surfaces too: a file input in a message is refused by the client and by
/// the emulator at the element, naming where it is allowed; in a modal it is fine.
#[tokio::test]
async fn an_element_on_a_surface_slack_does_not_allow_is_refused() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let message = blocks![
        Block::section(mrkdwn("Upload")),
        Block::input("Files", FileInput::new())
    ];
    let found = refused(
        bot.chat_post_message(GENERAL_ID)
            .blocks(message.clone())
            .await,
    );
    assert_eq!(
        found,
        ["blocks[1].element: a `file_input` element is not allowed in a message (only in: modal)"]
    );
    let raw: Json<Vec<Block>> = Json::Raw(serde_json::to_value(&message).unwrap());
    let (code, errors) = api_error(bot.chat_post_message(GENERAL_ID).blocks(raw).await);
    assert_eq!(code, "invalid_blocks");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("[json-pointer:/blocks/1/element]"),
        "{errors:?}"
    );

    let modal = ModalView::new("Upload").submit("Send").blocks(message);
    bot.views_open(ViewPayload::from(modal))
        .trigger_id("1.2.3")
        .await
        .expect("a file input in a modal");
}
