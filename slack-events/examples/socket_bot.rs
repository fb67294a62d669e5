//! A Socket Mode bot: answers "hello" in any channel it is in, mentions, an `approve`
//! button, a `feedback` modal and `/echo`. Its `bot` function is the README's "Write an
//! app" example (tests/readme.rs).
//!
//! Against Slack or a running emulator (`cargo run -p slack-emulator -- --port 3000`
//! prints the base URL and the tokens), it serves until stopped:
//!
//! ```text
//! SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… [SLACK_API_URL=http://127.0.0.1:3000/api/] \
//!     cargo run -p slack-events --example socket_bot
//! ```
//!
//! With neither token set, it starts an emulator in-process, has a person say hello there,
//! shows the bot's answer from the channel's history, and exits.

use std::time::{Duration, Instant};

use slack_emulator::{Emulator, GENERAL_ID, HUMAN_ID};
use slack_events::app::{Action, App, Ctx};
use slack_model::events::{
    AppMentionEvent, BlockAction, MessageEvent, SlashCommand, ViewErrorsResponse, ViewSubmission,
};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The bot: the same whatever it is connected to.
fn bot(client: slack_api::Client) -> App {
    App::new(client)
        // A message that contains "hello": answer in its conversation (and thread).
        .message("hello", |message: MessageEvent, ctx: Ctx| async move {
            let who = message.user.unwrap_or_default();
            ctx.say(format!("Hello, <@{who}>!")).await?;
            Ok(())
        })
        // Any event type, typed: here a mention of the bot.
        .event(|mention: AppMentionEvent, ctx: Ctx| async move {
            let text = mention.text.unwrap_or_default();
            ctx.say(format!("You said: {text}")).await?;
            Ok(())
        })
        // A button by its action_id: tell the message's `response_url`.
        .action("approve", |action: Action, ctx: Ctx| async move {
            if let BlockAction::Button(button) = action.action {
                let what = button.value.unwrap_or_default();
                ctx.respond(format!("Approved {what}")).await?;
            }
            Ok(())
        })
        // A modal's submission by its callback_id: errors keep it open.
        .view("feedback", |view: ViewSubmission, ctx: Ctx| async move {
            let state = view.view.state.and_then(|state| state.values);
            if state.unwrap_or_default().is_empty() {
                let errors = [("comments", "Write a little more")];
                ctx.ack(ViewErrorsResponse::new(errors));
            }
            Ok(())
        })
        // A slash command: the immediate reply, seen by its user.
        .command("/echo", |command: SlashCommand, ctx: Ctx| async move {
            ctx.ack(format!("You said: {}", command.text));
            Ok(())
        })
}

fn client(token: String, base_url: Option<String>) -> Result<slack_api::Client, Error> {
    let builder = slack_api::Client::builder(token);
    Ok(match base_url {
        Some(url) => builder.base_url(url),
        None => builder,
    }
    .build()?)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let env = |name| std::env::var(name).ok();
    match (env("SLACK_BOT_TOKEN"), env("SLACK_APP_TOKEN")) {
        (Some(bot_token), Some(app_token)) => {
            let app = bot(client(bot_token, env("SLACK_API_URL"))?);
            println!("serving over Socket Mode; stop with Ctrl-C");
            app.socket_mode(app_token).run().await?;
            Ok(())
        }
        (None, None) => demo().await,
        _ => Err("set both SLACK_BOT_TOKEN and SLACK_APP_TOKEN, or neither for the demo".into()),
    }
}

/// Runs the bot against an in-process emulator: a person says hello, the bot answers.
async fn demo() -> Result<(), Error> {
    let emulator = Emulator::start().await?;
    let bot_client = client(
        emulator.tokens().bot.clone(),
        Some(emulator.base_url().to_owned()),
    )?;
    let socket = bot(bot_client.clone()).socket_mode(emulator.tokens().app.clone());
    let shutdown = socket.shutdown_handle();
    let running = tokio::spawn(socket.run());
    wait_for(|| async { emulator.socket_connections() == 1 }).await?;

    // A person says hello; Slack would send the app this event.
    let ts = emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "hello, bot")?;
    emulator.socket_push(
        "events_api",
        serde_json::json!({
            "token": "unused", "team_id": slack_emulator::TEAM_ID, "api_app_id": slack_emulator::APP_ID,
            "type": "event_callback", "event_id": "Ev0DEMO1", "event_time": 1_700_000_000,
            "event": {"type": "message", "channel": GENERAL_ID, "user": HUMAN_ID, "text": "hello, bot", "ts": ts},
        }),
    );
    let answered = |history: &slack_api::methods::ConversationsHistoryResponse| {
        history.messages.iter().any(|m| {
            m.text
                .as_deref()
                .is_some_and(|t| t.starts_with("Hello, <@"))
        })
    };
    wait_for(|| async {
        let history = bot_client.conversations_history(GENERAL_ID).await;
        history.is_ok_and(|h| answered(&h))
    })
    .await?;
    let history = bot_client.conversations_history(GENERAL_ID).await?;
    for message in history.messages.iter().rev() {
        let who = message.user.as_deref().unwrap_or("?");
        println!("{who}: {}", message.text.as_deref().unwrap_or(""));
    }
    shutdown.shutdown();
    running.await??;
    Ok(())
}

/// Polls `condition` for up to 5 seconds.
async fn wait_for<F: std::future::Future<Output = bool>>(
    condition: impl Fn() -> F,
) -> Result<(), Error> {
    let start = Instant::now();
    while !condition().await {
        if start.elapsed() > Duration::from_secs(5) {
            return Err("the bot did not answer within 5 seconds".into());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}
