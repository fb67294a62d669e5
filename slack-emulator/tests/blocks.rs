//! Block Kit built in Rust goes over the wire as Slack's reference shows it, in a JSON body
//! and in a form; typed blocks that break Slack's limits are refused before sending, naming
//! the path; raw JSON still goes as it is.

use serde_json::json;
use slack_api::block_kit::*;
use slack_api::{blocks, Client, Error, Json};
use slack_emulator::{Emulator, GENERAL_ID};

fn client(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
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
        .post(&ticket.upload_url)
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

#[tokio::test]
async fn raw_json_blocks_are_sent_as_they_are() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let raw = json!([{"type": "future_block", "anything": [1, 2]}, {"type": "divider"}]);
    bot.chat_post_message(GENERAL_ID)
        .blocks(raw.clone())
        .await
        .expect("sent unchecked");
    assert_eq!(last_args(&emulator, "chat.postMessage")["blocks"], raw);
    // A Json::Raw given explicitly: the same, unchecked (61 blocks go).
    let many = serde_json::Value::Array(vec![json!({"type": "divider"}); 61]);
    let same: Json<Vec<Block>> = Json::Raw(many.clone());
    bot.chat_post_message(GENERAL_ID)
        .blocks(same)
        .await
        .expect("sent");
    assert_eq!(last_args(&emulator, "chat.postMessage")["blocks"], many);
}
