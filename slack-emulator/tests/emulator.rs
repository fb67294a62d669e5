//! The emulator against this crate's own client, over loopback: Slack's checks, answered
//! from the spec's metadata, and a workspace where what one call does shows in the next.

use slack_api::{Client, CommonError, Error, ErrorCode as _, TokenType};
use slack_emulator::{Credential, Emulator, GENERAL_ID, HUMAN_ID};

fn client(emulator: &Emulator, token: &str) -> Client {
    Client::builder(token)
        .base_url(emulator.base_url())
        .build()
        .expect("a client")
}

/// A raw call: the error code, or "ok".
async fn code(
    client: &Client,
    method: &str,
    args: serde_json::Value,
) -> (String, serde_json::Value) {
    match client.call_raw(method, args).await {
        Ok(body) => ("ok".into(), body),
        Err(Error::Api { error, .. }) => (error.code.code().to_string(), serde_json::Value::Null),
        Err(other) => panic!("{method}: {other}"),
    }
}

#[tokio::test]
async fn a_thread_posted_edited_and_read_back() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);

    let who = bot.auth_test().await.unwrap();
    assert_eq!(who.user_id.as_deref(), Some(slack_emulator::BOT_USER_ID));

    let parent = bot
        .chat_post_message(GENERAL_ID)
        .text("hello")
        .await
        .unwrap();
    let reply = bot
        .chat_post_message(GENERAL_ID)
        .text("a reply")
        .thread_ts(parent.ts.clone())
        .await
        .unwrap();
    assert!(reply.ts > parent.ts, "timestamps increase");
    bot.chat_update(GENERAL_ID, parent.ts.clone())
        .text("hello, edited")
        .await
        .unwrap();

    let history = bot.conversations_history(GENERAL_ID).await.unwrap();
    assert_eq!(history.messages.len(), 1, "the reply is only in its thread");
    let top = &history.messages[0];
    assert_eq!(top.text.as_deref(), Some("hello, edited"));
    assert_eq!(top.reply_count, Some(1));
    assert!(top.edited.is_some());

    let thread = bot
        .conversations_replies(GENERAL_ID, parent.ts.clone())
        .await
        .unwrap();
    let texts: Vec<&str> = thread
        .messages
        .iter()
        .filter_map(|m| m.text.as_deref())
        .collect();
    assert_eq!(texts, ["hello, edited", "a reply"]);

    bot.chat_delete(GENERAL_ID, reply.ts.clone()).await.unwrap();
    let (code, _) = code(
        &bot,
        "chat.delete",
        serde_json::json!({"channel": GENERAL_ID, "ts": reply.ts}),
    )
    .await;
    assert_eq!(code, "message_not_found");
}

#[tokio::test]
async fn channels_page_with_a_cursor_and_state_changes_show() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    for i in 0..5 {
        bot.conversations_create(format!("project-{i}"))
            .await
            .unwrap();
    }
    let (taken, _) = code(
        &bot,
        "conversations.create",
        serde_json::json!({"name": "project-0"}),
    )
    .await;
    assert_eq!(taken, "name_taken");

    use futures_util::StreamExt as _;
    let names: Vec<String> = bot
        .conversations_list()
        .limit(2)
        .all_items()
        .map(|c| c.unwrap().name.unwrap_or_default().into_string())
        .collect()
        .await;
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(names.contains(&"project-4".to_string()));
}

#[tokio::test]
async fn slacks_checks_come_from_the_metadata() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);

    let (unknown, _) = code(&bot, "no.such.method", serde_json::json!({})).await;
    assert_eq!(unknown, "unknown_method");

    let nobody = client(&emulator, "xoxb-not-a-token");
    let (invalid, _) = code(&nobody, "auth.test", serde_json::json!({})).await;
    assert_eq!(invalid, "invalid_auth");

    // A user-token-only method called with a bot token.
    let (wrong_type, _) = code(&bot, "search.messages", serde_json::json!({"query": "x"})).await;
    assert_eq!(wrong_type, "not_allowed_token_type");

    // A bot token without chat:write.
    emulator.add_credential(Credential::new(
        "xoxb-narrow",
        TokenType::Bot,
        slack_emulator::BOT_USER_ID,
        ["channels:read"],
    ));
    let narrow = client(&emulator, "xoxb-narrow");
    match narrow.chat_post_message(GENERAL_ID).text("hi").await {
        Err(Error::Api { error, .. }) => {
            assert_eq!(error.code.code().to_string(), "missing_scope");
            assert!(
                error.needed.as_deref().unwrap_or("").contains("chat:write"),
                "{error:?}"
            );
            assert_eq!(error.provided.as_deref(), Some("channels:read"));
        }
        other => panic!("{other:?}"),
    }

    emulator.revoke(&emulator.tokens().user);
    let user = client(&emulator, &emulator.tokens().user);
    match user.auth_test().await {
        Err(Error::Api { error, .. }) => {
            assert_eq!(
                error.code,
                slack_api::methods::AuthTestError::Common(CommonError::TokenRevoked)
            )
        }
        other => panic!("{other:?}"),
    }

    // A required argument missing: Slack's code and its message.
    match bot
        .call_raw("conversations.info", serde_json::json!({}))
        .await
    {
        Err(Error::Api { error, .. }) => {
            assert_eq!(error.code.code().to_string(), "invalid_arguments");
            assert_eq!(error.messages, ["[ERROR] missing required field: channel"]);
        }
        other => panic!("{other:?}"),
    }

    // Rules of the workspace: a channel the bot is not in.
    let private = client(&emulator, &emulator.tokens().bot);
    let (not_in, _) = code(
        &private,
        "chat.postMessage",
        serde_json::json!({"channel": "C0NOSUCH01", "text": "x"}),
    )
    .await;
    assert_eq!(not_in, "channel_not_found");
    let _ = HUMAN_ID;
}

#[tokio::test]
async fn several_emulators_run_side_by_side() {
    let (a, b) = (
        Emulator::start().await.unwrap(),
        Emulator::start().await.unwrap(),
    );
    assert_ne!(a.base_url(), b.base_url());
    let on_a = client(&a, &a.tokens().bot);
    on_a.chat_post_message(GENERAL_ID)
        .text("only on a")
        .await
        .unwrap();
    let on_b = client(&b, &b.tokens().bot);
    assert!(on_b
        .conversations_history(GENERAL_ID)
        .await
        .unwrap()
        .messages
        .is_empty());
    // A's token means nothing to B.
    let crossed = client(&b, &a.tokens().bot);
    assert_eq!(
        code(&crossed, "auth.test", serde_json::json!({})).await.0,
        "invalid_auth"
    );
}

/// A method without a behaviour answers its minimal response, which this crate's client
/// decodes into the method's type: every method of the spec is served.
#[tokio::test]
async fn every_method_answers_a_response_its_type_decodes() {
    let emulator = Emulator::start().await.unwrap();
    let mut served = 0;
    for meta in slack_api::methods::ALL {
        // A required file goes as multipart, which `call_raw` does not send.
        if meta
            .arguments
            .iter()
            .any(|a| a.required && matches!(a.ty, slack_api::ArgType::File))
        {
            continue;
        }
        let token = match meta.tokens.first().map(|t| t.token_type) {
            Some(TokenType::User) => &emulator.tokens().user,
            Some(TokenType::App) => &emulator.tokens().app,
            _ => &emulator.tokens().bot,
        };
        let caller = client(&emulator, token);
        // Every required argument, with a value of its type that the behaviours accept.
        let mut args = serde_json::Map::new();
        for a in meta.arguments.iter().filter(|a| a.required) {
            let value = match a.name {
                "channel" => serde_json::json!(GENERAL_ID),
                "user" => serde_json::json!(HUMAN_ID),
                "files" => serde_json::json!([{"id": "F0NOSUCH01"}]),
                // A view Slack accepts (an empty object is an invalid view).
                "view" => serde_json::json!({"type": "home", "blocks": []}),
                _ => placeholder(&a.ty),
            };
            args.insert(a.name.to_owned(), value);
        }
        match caller
            .call_raw(meta.name, serde_json::Value::Object(args))
            .await
        {
            Ok(body) => {
                let decoded =
                    slack_api::dispatch::decode_response(meta.name, body.to_string().as_bytes());
                assert!(matches!(decoded, Some(Ok(_))), "{}: {body}", meta.name);
                served += 1;
            }
            // A behaviour may refuse placeholder arguments (no such message, …); it is
            // still Slack's kind of answer, never a check failing.
            Err(Error::Api { error, .. }) => {
                let code = error.code.code().to_string();
                // A method that needs one of several optional arguments (blocks.validate)
                // says so: a behaviour's refusal, not the required-argument check.
                let one_of = error.messages.iter().any(|m| m.contains("exactly one of"));
                assert!(
                    one_of
                        || ![
                            "unknown_method",
                            "invalid_arguments",
                            "not_allowed_token_type",
                            "missing_scope",
                            "invalid_post_type"
                        ]
                        .contains(&code.as_str()),
                    "{}: {code}",
                    meta.name
                );
                served += 1;
            }
            Err(other) => panic!("{}: {other}", meta.name),
        }
    }
    // Served: answered with a success, or with a behaviour's refusal of placeholders.
    assert!(served >= 320, "{served} methods served");
}

/// A value of an argument's type.
fn placeholder(ty: &slack_api::ArgType) -> serde_json::Value {
    use slack_api::ArgType;
    match ty {
        ArgType::Boolean => serde_json::json!(true),
        ArgType::Integer => serde_json::json!(1),
        ArgType::Number => serde_json::json!(1.5),
        ArgType::List(_) => serde_json::json!(["X1"]),
        ArgType::Json => serde_json::json!({}),
        ArgType::Enum(values) => serde_json::json!(values.first().copied().unwrap_or("x")),
        _ => serde_json::json!("1700000000.000100"),
    }
}

/// 1,000 concurrent posts into one channel: every one stored, each with its own `ts`,
/// history in `ts` order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_posts_are_all_kept_in_ts_order() {
    let emulator = Emulator::start().await.unwrap();
    // Far past Slack's 1 post per second per channel: limits off, and the client's pacing
    // too.
    emulator.set_rate_limits(slack_emulator::RateLimits::off());
    let bot = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .pacing(false)
        .build()
        .expect("a client");
    let posts: Vec<_> = (0..1000)
        .map(|i| {
            let bot = bot.clone();
            tokio::spawn(async move {
                bot.chat_post_message(GENERAL_ID)
                    .text(format!("message {i}"))
                    .await
                    .map(|r| r.ts)
            })
        })
        .collect();
    let mut sent = Vec::new();
    for post in posts {
        sent.push(post.await.unwrap().expect("posted"));
    }
    use futures_util::StreamExt as _;
    let history: Vec<String> = bot
        .conversations_history(GENERAL_ID)
        .limit(1000)
        .all_items()
        .map(|m| m.unwrap().ts.unwrap_or_default().into_string())
        .collect()
        .await;
    assert_eq!(history.len(), 1000);
    let mut newest_first = history.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    newest_first.dedup();
    assert_eq!(newest_first, history, "unique, newest first");
    sent.sort();
    let mut seen = history;
    seen.sort();
    assert_eq!(sent, seen);
}
