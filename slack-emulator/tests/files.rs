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
        .post(ticket.upload_url.as_str())
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

/// The client's upload helper: files from bytes and from disk (streamed), a few at a time,
/// one completion sharing them all into a thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clients_upload_helper_runs_the_v2_flow() {
    use slack_api::UploadFile;
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let parent = bot
        .chat_post_message(GENERAL_ID)
        .text("files")
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("slack-emulator-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.bin");
    // 100 MB on disk, streamed to the upload URL.
    {
        use std::io::Write as _;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let chunk = vec![7u8; 1024 * 1024];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
    }
    let done = bot
        .upload_files([
            UploadFile::from_bytes("a.txt", b"alpha".to_vec()).title("A"),
            UploadFile::from_path(&big).title("Big"),
            UploadFile::from_bytes("c.txt", b"gamma".to_vec()),
        ])
        .channel(GENERAL_ID)
        .thread_ts(parent.ts.clone())
        .initial_comment("three files")
        .concurrency(2)
        .await
        .expect("uploaded");
    assert_eq!(done.files.len(), 3);
    let sizes: Vec<Option<i64>> =
        emulator.with_workspace(|ws| ws.files.iter().map(|f| f["size"].as_i64()).collect());
    assert_eq!(sizes, [Some(5), Some(100 * 1024 * 1024), Some(5)]);
    let mut posted: Vec<i64> = emulator
        .calls()
        .iter()
        .filter(|c| c.method == slack_emulator::UPLOAD)
        .filter_map(|c| c.args["size"].as_i64())
        .collect();
    posted.sort();
    assert_eq!(
        posted,
        [5, 5, 100 * 1024 * 1024],
        "the bytes posted are recorded"
    );
    let thread = bot
        .conversations_replies(GENERAL_ID, parent.ts.clone())
        .await
        .unwrap();
    assert_eq!(thread.messages[1].files.as_ref().map(|f| f.len()), Some(3));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A failure names the file and the step, and lists what went up but was not completed.
#[tokio::test]
async fn an_upload_failure_names_the_file_and_the_step() {
    use slack_api::{UploadFile, UploadStep};
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    let error = bot
        .upload_files([
            UploadFile::from_bytes("ok.txt", b"fine".to_vec()),
            UploadFile::from_path("/no/such/file.bin"),
        ])
        .await
        .unwrap_err();
    assert_eq!(error.step, UploadStep::Read);
    assert_eq!(error.filename.as_deref(), Some("file.bin"));
    assert_eq!(
        error.not_completed.len(),
        1,
        "ok.txt went up and was not completed"
    );

    let error = bot
        .upload_files([UploadFile::from_bytes("x.txt", b"x".to_vec())])
        .channel("C0NOSUCH01")
        .await
        .unwrap_err();
    assert_eq!(error.step, UploadStep::Complete);
    assert!(error.message.contains("channel_not_found"), "{error}");
    assert_eq!(error.not_completed.len(), 1);
}

/// A file from any async reader: exactly its length goes up; a reader that ends early
/// fails at `SendBytes` and is not completed.
#[tokio::test]
async fn a_file_streams_from_any_async_reader() {
    use slack_api::{UploadFile, UploadStep};
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator);
    // 300 000 bytes behind the reader; only the 250 000 announced are sent.
    let reader = std::io::Cursor::new(vec![1u8; 300_000]);
    let done = bot
        .upload_files([UploadFile::from_reader("r.bin", 250_000, reader)])
        .channel(GENERAL_ID)
        .await
        .expect("uploaded");
    let id = &done.files[0].id;
    let size = emulator.with_workspace(|ws| {
        ws.files
            .iter()
            .find(|f| f["id"].as_str() == Some(id.as_str()))
            .and_then(|f| f["size"].as_i64())
    });
    assert_eq!(size, Some(250_000));

    let short = std::io::Cursor::new(vec![1u8; 1_000]);
    let error = bot
        .upload_files([UploadFile::from_reader("short.bin", 5_000, short)])
        .channel(GENERAL_ID)
        .await
        .unwrap_err();
    assert_eq!(error.step, UploadStep::SendBytes, "{error}");
    assert_eq!(error.filename.as_deref(), Some("short.bin"));
    let shared = emulator.with_workspace(|ws| ws.files.len());
    assert_eq!(shared, 1, "the short file was never completed");
}
