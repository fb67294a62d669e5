//! An HTTP events app: the request URL of events, interactivity and slash commands at
//! `/slack/events`. It answers "hello" in any channel it is in, and `/echo`.
//!
//! Against Slack (through a tunnel to the port) or an emulator that delivers events:
//!
//! ```text
//! SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… [SLACK_API_URL=http://127.0.0.1:3000/api/] \
//!     [PORT=3001] cargo run -p slack-events --example http_app
//! ```
//!
//! With neither set, it starts an emulator in-process, serves on a free port, posts a
//! signed event and a signed slash command to itself as Slack would, shows the bot's
//! answer from the channel's history and the command's reply, and exits.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use slack_emulator::{Emulator, GENERAL_ID, HUMAN_ID};
use slack_events::app::{App, Ctx};
use slack_model::events::{MessageEvent, SlashCommand};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The app: the same whatever it is connected to.
fn app(client: slack_api::Client) -> App {
    App::new(client)
        .message("hello", |message: MessageEvent, ctx: Ctx| async move {
            let who = message.user.unwrap_or_default();
            ctx.say(format!("Hello, <@{who}>!")).await?;
            Ok(())
        })
        .command("/echo", |command: SlashCommand, ctx: Ctx| async move {
            ctx.ack(format!("You said: {}", command.text));
            Ok(())
        })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let env = |name| std::env::var(name).ok();
    match (env("SLACK_BOT_TOKEN"), env("SLACK_SIGNING_SECRET")) {
        (Some(token), Some(secret)) => {
            let mut client = slack_api::Client::builder(token);
            if let Some(url) = env("SLACK_API_URL") {
                client = client.base_url(url);
            }
            let port = env("PORT").unwrap_or_else(|| "3001".into());
            let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
            println!("serving http://{}/slack/events", listener.local_addr()?);
            let router = app(client.build()?).router("/slack/events", secret);
            axum::serve(listener, router).await?;
            Ok(())
        }
        (None, None) => demo().await,
        _ => {
            Err("set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or neither for the demo".into())
        }
    }
}

const DEMO_SECRET: &str = "demo-signing-secret";

/// Runs the app against an in-process emulator, playing Slack's side of HTTP.
async fn demo() -> Result<(), Error> {
    let emulator = Emulator::start().await?;
    let client = slack_api::Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/slack/events", listener.local_addr()?);
    let router = app(client.clone()).router("/slack/events", DEMO_SECRET);
    tokio::spawn(async move { axum::serve(listener, router).await });

    // A person says hello; Slack would post the app this event.
    let ts = emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "hello, app")?;
    let event = serde_json::json!({
        "token": "unused", "team_id": slack_emulator::TEAM_ID, "api_app_id": slack_emulator::APP_ID,
        "type": "event_callback", "event_id": "Ev0DEMO2", "event_time": 1_700_000_000,
        "event": {"type": "message", "channel": GENERAL_ID, "user": HUMAN_ID, "text": "hello, app", "ts": ts},
    });
    post(&url, "application/json", event.to_string()).await?;
    let start = Instant::now();
    let history = loop {
        let history = client.conversations_history(GENERAL_ID).await?;
        if history.messages.len() > 1 || start.elapsed() > Duration::from_secs(5) {
            break history;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    for message in history.messages.iter().rev() {
        let who = message.user.as_deref().unwrap_or("?");
        println!("{who}: {}", message.text.as_deref().unwrap_or(""));
    }
    if history.messages.len() < 2 {
        return Err("the app did not answer within 5 seconds".into());
    }

    // A slash command: the reply is the HTTP response's body.
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("command", "/echo"),
            ("text", "ping"),
            ("user_id", HUMAN_ID),
            ("user_name", "person"),
            ("team_id", slack_emulator::TEAM_ID),
            ("team_domain", "emulated"),
            ("channel_id", GENERAL_ID),
            ("channel_name", "general"),
            ("response_url", "http://127.0.0.1:9/unused"),
            ("trigger_id", "1.2.3"),
            ("api_app_id", slack_emulator::APP_ID),
            ("token", "unused"),
        ])
        .finish();
    let reply = post(&url, "application/x-www-form-urlencoded", form).await?;
    println!("/echo ping → {reply}");
    Ok(())
}

/// Posts `body` to the app, signed as Slack signs it; the response's body.
async fn post(url: &str, content_type: &str, body: String) -> Result<String, Error> {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64;
    let signature = slack_events::sign(DEMO_SECRET.as_bytes(), timestamp, body.as_bytes());
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", content_type)
        .header(slack_events::TIMESTAMP_HEADER, timestamp.to_string())
        .header(slack_events::SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await?;
    if !response.status().is_success() {
        return Err(format!("the app answered {}", response.status()).into());
    }
    Ok(response.text().await?)
}
