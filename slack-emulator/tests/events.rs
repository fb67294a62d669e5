//! Events follow the workspace: what people do yields the events Slack would send, in an
//! `event_callback` envelope, POSTed signed to the app's Request URL (with Slack's retries),
//! each decoding as its typed event.

mod app;

use std::time::{Duration, SystemTime};

use app::{event_kind, TestApp};
use serde_json::{json, Value};
use slack_emulator::{
    DeliveryTimes, Emulator, UrlVerificationError, Via, BOT_USER_ID, DEFAULT_SIGNING_SECRET,
    GENERAL_ID, HUMAN_ID, TEAM_ID,
};
use slack_model::events::{Event, EventCallback, MessageChannelType};

async fn emulator_with(app: &TestApp) -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    emulator.set_request_url(&app.url).await.unwrap();
    emulator
}

/// The deliveries, once there are `n` (each is recorded once the app has answered).
async fn recorded(emulator: &Emulator, n: usize) -> Vec<slack_emulator::Delivery> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let deliveries = emulator.deliveries();
        if deliveries.len() >= n {
            return deliveries;
        }
        assert!(tokio::time::Instant::now() < deadline, "{deliveries:#?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The typed event of a payload: an `event_callback` whose event is not `Other`.
fn typed(payload: &Value) -> Event {
    let callback: EventCallback = serde_json::from_value(payload.clone()).unwrap();
    let event = *callback.event;
    assert!(!matches!(event, Event::Other(_)), "untyped: {payload:#}");
    event
}

#[tokio::test]
async fn a_users_message_is_posted_signed_to_the_request_url() {
    let app = TestApp::start().await;
    let emulator = emulator_with(&app).await;
    assert_eq!(
        emulator.app().request_url.as_deref(),
        Some(app.url.as_str())
    );
    let ts = emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "hello bot")
        .unwrap();
    let received = app.wait_for(|all| all.len() == 2).await;
    let request = &received[1];
    // Signed as Slack signs, over the raw body: the receiver's verifier accepts it, and a
    // verifier with another secret does not.
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let verifier = slack_events::Verifier::new([DEFAULT_SIGNING_SECRET]);
    verifier
        .verify(&headers, &request.body, SystemTime::now())
        .unwrap();
    let other = slack_events::Verifier::new(["another secret"]);
    assert!(other
        .verify(&headers, &request.body, SystemTime::now())
        .is_err());
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-slack-retry-num"), None);
    let payload = request.json();
    assert_eq!(payload["type"], "event_callback");
    assert_eq!(payload["team_id"], TEAM_ID);
    assert_eq!(payload["api_app_id"], emulator.app().app_id);
    assert!(payload["event_id"].as_str().unwrap().starts_with("Ev"));
    assert_eq!(payload["authorizations"][0]["user_id"], BOT_USER_ID);
    let Event::Message(message) = typed(&payload) else {
        panic!("not a message: {payload:#}")
    };
    assert_eq!(message.user.as_deref(), Some(HUMAN_ID));
    assert_eq!(message.text.as_deref(), Some("hello bot"));
    assert_eq!(message.ts.as_deref(), Some(ts.as_str()));
    assert_eq!(message.channel.as_deref(), Some(GENERAL_ID));
    assert_eq!(message.channel_type, Some(MessageChannelType::Channel));
    // Recorded (once answered): the url_verification, then the event, each answered 200.
    let deliveries = recorded(&emulator, 2).await;
    let kinds: Vec<&str> = deliveries.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["url_verification", "event_callback"]);
    assert!(deliveries
        .iter()
        .all(|d| d.via == Via::Http && d.status == Some(200)));
}

#[tokio::test]
async fn a_request_url_is_set_only_once_it_answers_the_challenge() {
    let emulator = Emulator::start().await.unwrap();
    let wrong = TestApp::answering(|_, _| (Duration::ZERO, 200, "nope".into())).await;
    assert_eq!(
        emulator.set_request_url(&wrong.url).await,
        Err(UrlVerificationError::WrongChallenge)
    );
    let failing = TestApp::answering(|_, _| (Duration::ZERO, 500, String::new())).await;
    assert_eq!(
        emulator.set_request_url(&failing.url).await,
        Err(UrlVerificationError::Status(500))
    );
    assert_eq!(emulator.app().request_url, None);
    let request = &wrong.received()[0];
    assert_eq!(request.json()["type"], "url_verification");
    assert!(request
        .header("x-slack-signature")
        .unwrap()
        .starts_with("v0="));
    // The challenge answered as JSON.
    let right = TestApp::answering(|r, _| {
        let answer = json!({ "challenge": app::challenge(r) }).to_string();
        (Duration::ZERO, 200, answer)
    })
    .await;
    emulator.set_request_url(&right.url).await.unwrap();
    assert_eq!(
        emulator.app().request_url.as_deref(),
        Some(right.url.as_str())
    );
}

#[tokio::test]
async fn a_slow_or_failing_app_gets_slacks_retries() {
    // The first event's try is too slow, its first retry fails with 500, the second is
    // answered.
    let app = TestApp::answering(|request, n| match n {
        0 => (Duration::ZERO, 200, app::challenge(request)),
        1 => (Duration::from_secs(3), 200, String::new()),
        2 => (Duration::ZERO, 500, String::new()),
        _ => (Duration::ZERO, 200, String::new()),
    })
    .await;
    let emulator = emulator_with(&app).await;
    let mut times = DeliveryTimes::scaled(5);
    times.retries = vec![
        Duration::ZERO,
        Duration::from_millis(20),
        Duration::from_millis(40),
    ];
    emulator.set_delivery_times(times);
    // Sending never holds up the call that raised the event.
    let started = std::time::Instant::now();
    emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "anyone?")
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let received = app.wait_for(|all| all.len() == 4).await;
    let retry = |r: &app::Received| {
        (
            r.header("x-slack-retry-num").map(str::to_owned),
            r.header("x-slack-retry-reason").map(str::to_owned),
        )
    };
    assert_eq!(retry(&received[1]), (None, None));
    assert_eq!(
        retry(&received[2]),
        (Some("1".into()), Some("http_timeout".into()))
    );
    assert_eq!(
        retry(&received[3]),
        (Some("2".into()), Some("http_error".into()))
    );
    // The same event each time.
    let ids: Vec<Value> = received[1..]
        .iter()
        .map(|r| r.json()["event_id"].clone())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    // Recorded with how each try went; answered at the third, so no fourth.
    let tries: Vec<_> = recorded(&emulator, 4).await[1..]
        .iter()
        .map(|d| (d.retry_num, d.failure.clone(), d.status))
        .collect();
    assert_eq!(
        tries,
        [
            (0, Some("http_timeout".to_owned()), None),
            (1, Some("http_error".to_owned()), Some(500)),
            (2, None, Some(200)),
        ]
    );
}

#[tokio::test]
async fn a_mention_of_the_bot_is_an_app_mention_beside_the_message() {
    let app = TestApp::start().await;
    let emulator = emulator_with(&app).await;
    let text = format!("<@{BOT_USER_ID}> deploy please");
    emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, &text)
        .unwrap();
    let payload = app.wait_event("app_mention").await;
    let Event::AppMention(mention) = typed(&payload) else {
        panic!("not an app_mention: {payload:#}")
    };
    assert_eq!(mention.text.as_deref(), Some(text.as_str()));
    assert_eq!(mention.user.as_deref(), Some(HUMAN_ID));
    assert_eq!(mention.channel.as_deref(), Some(GENERAL_ID));
    app.wait_event("message").await;
    // The bot's own post mentioning itself is a message event (with its bot_id), and no
    // mention.
    let client = slack_api::Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    client
        .chat_post_message(GENERAL_ID)
        .text(format!("I am <@{BOT_USER_ID}>"))
        .await
        .unwrap();
    let received = app
        .wait_for(|all| all.iter().any(|r| r.json()["event"]["bot_id"].is_string()))
        .await;
    let own = received
        .iter()
        .map(app::Received::json)
        .find(|p| p["event"]["bot_id"].is_string())
        .unwrap();
    assert_eq!(own["event"]["type"], "message");
    assert_eq!(own["event"]["user"], BOT_USER_ID);
    assert_eq!(own["event"]["app_id"], emulator.app().app_id);
    let mentions = app
        .events()
        .iter()
        .filter(|p| p["event"]["type"] == "app_mention")
        .count();
    assert_eq!(mentions, 1);
}

#[tokio::test]
async fn each_change_yields_its_typed_event() {
    let app = TestApp::start().await;
    let emulator = emulator_with(&app).await;
    let alice = emulator.act_as(HUMAN_ID);
    let created = alice
        .call("conversations.create", json!({"name": "ops"}))
        .unwrap();
    let ops = created["channel"]["id"].as_str().unwrap().to_owned();
    // Not a member yet: what happens in #ops is not the bot's to see.
    alice.post_message(&ops, "before the bot").unwrap();
    let invite = json!({"channel": ops, "users": BOT_USER_ID});
    alice.call("conversations.invite", invite).unwrap();
    let ts = alice.post_message(&ops, "first").unwrap();
    alice.reply(&ops, &ts, "in the thread").unwrap();
    let update = json!({"channel": ops, "ts": ts, "text": "first (edited)"});
    alice.call("chat.update", update).unwrap();
    alice.react(&ops, &ts, "eyes").unwrap();
    let unreact = json!({"channel": ops, "timestamp": ts, "name": "eyes"});
    alice.call("reactions.remove", unreact).unwrap();
    let pin = json!({"channel": ops, "timestamp": ts});
    alice.call("pins.add", pin.clone()).unwrap();
    alice.call("pins.remove", pin).unwrap();
    alice
        .call("chat.delete", json!({"channel": ops, "ts": ts}))
        .unwrap();
    alice
        .call(
            "conversations.rename",
            json!({"channel": ops, "name": "ops-2"}),
        )
        .unwrap();
    alice
        .call("conversations.archive", json!({"channel": ops}))
        .unwrap();
    let expected = [
        "channel_created",
        "member_joined_channel",
        "message/channel_join",
        "message",
        "message/message_changed",
        "reaction_added",
        "reaction_removed",
        "pin_added",
        "pin_removed",
        "message/message_deleted",
        "channel_rename",
        "message/channel_name",
        "channel_archive",
        "message/channel_archive",
    ];
    // The url_verification, each expected event and the thread reply's message.
    app.wait_for(|all| all.len() == expected.len() + 2).await;
    let events = app.events();
    let mut kinds: Vec<String> = events.iter().map(|p| event_kind(&p["event"])).collect();
    kinds.sort();
    let mut want: Vec<String> = expected.iter().map(|k| (*k).to_owned()).collect();
    want.push("message".into()); // the thread reply
    want.sort();
    assert_eq!(kinds, want);
    for payload in &events {
        typed(payload);
    }
    assert!(!events
        .iter()
        .any(|p| p["event"]["text"] == "before the bot"));
    let reply = events
        .iter()
        .find(|p| p["event"]["text"] == "in the thread")
        .unwrap();
    assert_eq!(reply["event"]["thread_ts"], ts.as_str());
    assert_eq!(reply["event"]["parent_user_id"], HUMAN_ID);
    let deleted = events
        .iter()
        .find(|p| p["event"]["subtype"] == "message_deleted")
        .unwrap();
    assert_eq!(deleted["event"]["deleted_ts"], ts.as_str());
    let ids: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|p| p["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), events.len(), "each event its own id");
}

#[tokio::test]
async fn only_subscribed_events_are_sent() {
    let app = TestApp::start().await;
    let emulator = emulator_with(&app).await;
    emulator.configure_app(|app| {
        app.events.remove("message.channels");
    });
    let alice = emulator.act_as(HUMAN_ID);
    let ts = alice.post_message(GENERAL_ID, "unheard").unwrap();
    alice.react(GENERAL_ID, &ts, "tada").unwrap();
    let payload = app.wait_event("reaction_added").await;
    let Event::ReactionAdded(reaction) = typed(&payload) else {
        panic!("{payload:#}")
    };
    assert_eq!(reaction.reaction, "tada");
    assert_eq!(reaction.item_user.as_deref(), Some(HUMAN_ID));
    // Events go out in the order of the calls that raised them when the app answers at
    // once; the message was never sent.
    assert!(!app.events().iter().any(|p| p["event"]["type"] == "message"));
    assert!(emulator
        .deliveries()
        .iter()
        .all(|d| d.kind != "event_callback" || d.payload["event"]["type"] != "message"));
}

#[tokio::test]
async fn the_app_deliveries_and_interactions_over_http() {
    let app = TestApp::start().await;
    let emulator = Emulator::start().await.unwrap();
    let http = reqwest::Client::new();
    let base = format!("http://{}", emulator.addr());
    let post = |path: &str, body: Value| {
        http.post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    let change =
        json!({"events": ["message.channels"], "socket_mode": false, "request_url": app.url});
    let answer = post("/_emulator/app", change).await.unwrap();
    assert_eq!(answer.status(), 200);
    let answer: Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
    assert_eq!(answer["app"]["events"], json!(["message.channels"]));
    assert_eq!(answer["app"]["request_url"], app.url.as_str());
    assert!(
        !answer.to_string().contains(DEFAULT_SIGNING_SECRET),
        "no secret shown"
    );
    // A URL that does not answer the challenge is refused.
    let wrong = TestApp::answering(|_, _| (Duration::ZERO, 200, "no".into())).await;
    let refused = post("/_emulator/app", json!({ "request_url": wrong.url }))
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);

    let act = json!({"user": HUMAN_ID, "method": "chat.postMessage",
                     "args": {"channel": GENERAL_ID, "text": "via http"}});
    post("/_emulator/act", act).await.unwrap();
    app.wait_event("message").await;
    // Recorded once the app has answered: polled until then.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let kinds = loop {
        let url = format!("{base}/_emulator/deliveries");
        let text = http.get(url).send().await.unwrap().text().await.unwrap();
        let deliveries: Value = serde_json::from_str(&text).unwrap();
        let kinds: Vec<String> = deliveries["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kind"].as_str().unwrap().to_owned())
            .collect();
        if kinds.len() == 3 || tokio::time::Instant::now() > deadline {
            break kinds;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert_eq!(
        kinds,
        ["url_verification", "url_verification", "event_callback"]
    );

    let command = json!({"user": HUMAN_ID, "kind": "command", "channel": GENERAL_ID,
                         "command": "/hello", "text": "there"});
    let answer = post("/_emulator/interact", command).await.unwrap();
    let answer: Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
    assert_eq!(answer["ok"], true, "{answer}");
    let last = app.received().pop().unwrap();
    assert!(String::from_utf8_lossy(&last.body).contains("command=%2Fhello"));
    let views = http
        .get(format!("{base}/_emulator/views?user={HUMAN_ID}"))
        .send()
        .await
        .unwrap();
    let views: Value = serde_json::from_str(&views.text().await.unwrap()).unwrap();
    assert_eq!(views["views"], json!([]));
    let nobody = json!({"user": "U0NOBODY", "kind": "command", "channel": GENERAL_ID,
                        "command": "/x", "text": ""});
    assert_eq!(
        post("/_emulator/interact", nobody).await.unwrap().status(),
        404
    );
}
