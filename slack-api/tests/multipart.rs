//! Methods that take a file send `multipart/form-data` with a real file part: checked on the
//! wire, over 127.0.0.1, byte for byte by the raw scripted server of `support`; without a
//! file, the same method is a form post, as the emulator reads it.

mod support;

use serde_json::json;
use slack_api::FileUpload;
use support::{client, emu, Reply, Server, TOKEN};

/// Bytes that are not UTF-8 and hold a CRLF, as an image would.
const IMAGE: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn a_file_argument_is_sent_as_a_multipart_file_part() {
    let server = Server::start([Reply::json(r#"{"ok":true}"#)]).await;
    let client = client(&server);
    let photo = FileUpload::new("me.png", IMAGE).content_type("image/png");
    support::bounded(client.users_set_photo(photo).crop_x(10).crop_w(100))
        .await
        .expect("the upload succeeds");

    let request = server.single_request();
    assert_eq!(request.request_line, "POST /api/users.setPhoto HTTP/1.1");
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let body = &request.body;
    // Text arguments are text parts; the file is a file part with its name and type, and its
    // bytes exactly as given.
    for part in [
        "Content-Disposition: form-data; name=\"crop_w\"\r\n\r\n100\r\n".to_string(),
        "Content-Disposition: form-data; name=\"crop_x\"\r\n\r\n10\r\n".to_string(),
        "Content-Disposition: form-data; name=\"image\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n"
            .to_string(),
    ] {
        assert!(
            find(body, part.as_bytes()).is_some(),
            "no part {part:?} in {:?}",
            String::from_utf8_lossy(body)
        );
    }
    let file_at = find(body, b"filename=\"me.png\"").unwrap();
    let bytes_at = file_at + find(&body[file_at..], b"\r\n\r\n").unwrap() + 4;
    assert_eq!(&body[bytes_at..bytes_at + IMAGE.len()], IMAGE);
    assert_eq!(
        &body[bytes_at + IMAGE.len()..bytes_at + IMAGE.len() + 4 + boundary.len()],
        format!("\r\n--{boundary}").as_bytes()
    );
    assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
    // The token stays in its header.
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(find(body, TOKEN.as_bytes()).is_none());
}

#[tokio::test]
async fn without_a_file_the_same_method_is_a_form_post() {
    // files.remote.add takes an optional `preview_image` file: without it the call is a form.
    let emulator = emu::start().await;
    // A bot's method.
    let client = emu::builder(&emulator).build().unwrap();
    support::bounded(
        client
            .files_remote_add("ext1", "https://example.com/f", "F")
            .with_token(emulator.tokens().bot.clone()),
    )
    .await
    .expect("succeeds");
    let calls = emu::calls_of(&emulator, "files.remote.add");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].http_method, "POST");
    assert_eq!(
        calls[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        calls[0].args,
        json!({"external_id": "ext1", "external_url": "https://example.com/f", "title": "F"})
    );
}

#[test]
fn methods_with_file_arguments_accept_multipart_in_their_metadata() {
    let with_files: Vec<&str> = slack_api::methods::ALL
        .iter()
        .filter(|m| {
            m.arguments
                .iter()
                .any(|a| a.encoding == slack_api::Encoding::File)
        })
        .map(|m| m.name)
        .collect();
    for name in ["files.upload", "users.setPhoto"] {
        assert!(with_files.contains(&name), "{with_files:?}");
    }
    for name in with_files {
        let meta = slack_api::MethodMeta::find(name).unwrap();
        assert!(
            meta.content_types
                .contains(&slack_api::ContentType::Multipart),
            "{name}"
        );
    }
}
