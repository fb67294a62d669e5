//! Files upload v2 against the emulator: an upload URL and file id, the bytes posted there,
//! then the upload completed and shared into a thread, as Slack's SDKs do it.

use slack_api::Client;
use slack_emulator::{Emulator, GENERAL_ID};

fn client(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_file_is_uploaded_completed_and_shared_into_a_thread() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let parent = bot
        .chat_post_message(GENERAL_ID)
        .text("report")
        .await
        .unwrap();

    let bytes = b"col1,col2\n1,2\n".to_vec();
    let ticket = bot
        .files_get_upload_urlexternal("report.csv", bytes.len() as i64)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let posted = http
        .post(&ticket.upload_url)
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success());
    assert_eq!(
        posted.text().await.unwrap(),
        format!("OK - {}", bytes.len())
    );

    let done = bot
        .files_complete_upload_external(
            serde_json::json!([{"id": ticket.file_id, "title": "Q3 report"}]),
        )
        .channel_id(GENERAL_ID)
        .thread_ts(parent.ts.clone())
        .initial_comment("here it is")
        .await
        .unwrap();
    assert_eq!(done.files.len(), 1);
    assert_eq!(done.files[0].id, ticket.file_id);

    let info = bot.files_info(ticket.file_id.clone()).await.unwrap();
    assert_eq!(info.file.title.as_deref(), Some("Q3 report"));
    assert_eq!(info.file.size, Some(bytes.len() as i64));

    // Shared into the thread: the parent counts a reply, the reply carries the file.
    let thread = bot
        .conversations_replies(GENERAL_ID, parent.ts.clone())
        .await
        .unwrap();
    assert_eq!(thread.messages[0].reply_count, Some(1));
    let reply = &thread.messages[1];
    assert_eq!(reply.text.as_deref(), Some("here it is"));
    assert_eq!(reply.files.as_ref().map(|f| f.len()), Some(1));

    bot.files_delete(ticket.file_id.clone()).await.unwrap();
    assert!(bot.files_info(ticket.file_id.clone()).await.is_err());
}

#[tokio::test]
async fn completing_an_upload_whose_bytes_never_came_is_file_not_found() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let ticket = bot.files_get_upload_urlexternal("a.txt", 3).await.unwrap();
    match bot
        .files_complete_upload_external(serde_json::json!([{"id": ticket.file_id}]))
        .await
    {
        Err(slack_api::Error::Api { error, .. }) => {
            use slack_api::ErrorCode as _;
            assert_eq!(error.code.code(), "file_not_found")
        }
        other => panic!("{other:?}"),
    }
}
