//! `App::dispatch` item by item (it returns once every matching handler has ended), with
//! items made by the `Receiver` from signed requests: which handler runs, which token, and
//! what answer goes back.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use slack_emulator::{Emulator, BOT_USER_ID, GENERAL_ID, HUMAN_ID, TEAM_ID};
use slack_events::app::{App, Ctx, Pattern, Selector, Team};
use slack_events::{Incoming, PendingReply};
use slack_model::block_kit::{plain_text, SelectOption};
use slack_model::events::{
    BlockSuggestionPayload, BlockSuggestionResponse, GlobalShortcutPayload, MessageEvent,
    MessageShortcutPayload, ViewClosed,
};
use support::{now_secs, payload_form, receiver, signed_with, SECRET};

fn client(emulator: &Emulator, token: &str) -> slack_api::Client {
    slack_api::Client::builder(token)
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

/// The item Slack's signed request makes, and the server's end of its answer.
fn item(content_type: &str, body: &str) -> (Incoming, Option<PendingReply>) {
    let headers = signed_with(SECRET, now_secs(), content_type, body.as_bytes());
    let received = receiver().receive("POST", &headers, body.as_bytes());
    assert_eq!(received.response.status, 200, "{:?}", received.response);
    (received.incoming.expect("an item"), received.reply)
}

fn event(id: &str, event: Value) -> Incoming {
    let body = json!({
        "token": "verification", "team_id": TEAM_ID, "api_app_id": "A0EMU00001",
        "type": "event_callback", "event_id": id, "event_time": 1_700_000_000,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": true}],
        "event": event,
    });
    item("application/json", &body.to_string()).0
}

fn message(id: &str, user: &str, text: &str) -> Incoming {
    let message = json!({
        "type": "message", "channel": GENERAL_ID, "user": user, "text": text,
        "ts": "1700000000.000200",
    });
    event(id, message)
}

fn interaction(payload: Value) -> (Incoming, Option<PendingReply>) {
    let body = payload_form(&payload);
    item("application/x-www-form-urlencoded", &body)
}

/// A list the handlers write their names to.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn add(&self, name: impl Into<String>) {
        self.0.lock().unwrap().push(name.into());
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// An app whose `message` handlers only note which ran.
fn noting(app: App, seen: &Seen) -> App {
    let (a, b, c) = (seen.clone(), seen.clone(), seen.clone());
    app.message("hello", move |_, _| {
        let seen = a.clone();
        async move {
            seen.add("hello");
            Ok(())
        }
    })
    .message(Pattern::starts_with("!deploy"), move |_, _| {
        let seen = b.clone();
        async move {
            seen.add("deploy");
            Ok(())
        }
    })
    .message(
        Pattern::matching(|text| text.len() > 20),
        move |message: MessageEvent, _| {
            let seen = c.clone();
            async move {
                seen.add(format!("long: {}", message.text.unwrap_or_default()));
                Ok(())
            }
        },
    )
}

#[tokio::test]
async fn message_patterns_choose_the_handlers_and_the_bots_own_messages_are_skipped() {
    let emulator = Emulator::start().await.unwrap();
    let seen = Seen::default();
    let app = noting(App::new(client(&emulator, &emulator.tokens().bot)), &seen);
    app.dispatch(message("Ev1", HUMAN_ID, "hello")).await;
    assert_eq!(seen.take(), ["hello"]);
    app.dispatch(message("Ev2", HUMAN_ID, "!deploy now, say hello"))
        .await;
    let mut both = seen.take();
    both.sort();
    assert_eq!(both, ["deploy", "hello", "long: !deploy now, say hello"]);
    app.dispatch(message("Ev3", HUMAN_ID, "deploy!")).await;
    assert!(seen.take().is_empty());
    // The bot's own message: skipped, unless asked for.
    app.dispatch(message("Ev4", BOT_USER_ID, "hello")).await;
    assert!(seen.take().is_empty());
    let app = app.ignore_self(false);
    app.dispatch(message("Ev5", BOT_USER_ID, "hello")).await;
    assert_eq!(seen.take(), ["hello"]);
}

#[tokio::test]
async fn authorize_gives_the_client_of_the_items_workspace() {
    let emulator = Emulator::start().await.unwrap();
    let teams = Seen::default();
    let (noted, bot_token) = (teams.clone(), emulator.tokens().bot.clone());
    let base_url = emulator.base_url().to_owned();
    // The app's own client has a token the emulator refuses: only `authorize`'s works.
    let app = App::new(client(&emulator, "xoxb-not-installed"))
        .authorize(move |team: Team| {
            let (noted, token, base_url) = (noted.clone(), bot_token.clone(), base_url.clone());
            async move {
                noted.add(format!("{:?} {:?}", team.team_id, team.user_id));
                if team.team_id.as_deref() != Some(TEAM_ID) {
                    return Err("not installed there".into());
                }
                Ok(slack_api::Client::builder(token)
                    .base_url(base_url)
                    .build()?)
            }
        })
        .message("hello", |_, ctx: Ctx| async move {
            ctx.say("hi from the installation's token").await?;
            Ok(())
        });
    app.dispatch(message("Ev1", HUMAN_ID, "hello")).await;
    assert_eq!(
        teams.take(),
        [format!("Some({TEAM_ID:?}) Some({HUMAN_ID:?})")]
    );
    let history = client(&emulator, &emulator.tokens().bot)
        .conversations_history(GENERAL_ID)
        .await
        .unwrap();
    let texts: Vec<_> = history
        .messages
        .iter()
        .filter_map(|m| m.text.as_deref())
        .collect();
    assert_eq!(texts, ["hi from the installation's token"]);
}

#[tokio::test]
async fn say_replies_in_the_thread_of_a_threaded_message_and_ctx_knows_the_bot_and_team() {
    let emulator = Emulator::start().await.unwrap();
    let bot = client(&emulator, &emulator.tokens().bot);
    let parent = emulator
        .act_as(HUMAN_ID)
        .post_message(GENERAL_ID, "a thread")
        .unwrap();
    let app = App::new(bot.clone()).message("hello", |_, ctx: Ctx| async move {
        let me = ctx.bot_user_id().unwrap_or("?");
        let team = ctx.team().team_id.as_deref().unwrap_or("?");
        ctx.say(format!("in the thread, <@{me}> of {team}")).await?;
        Ok(())
    });
    let threaded = json!({
        "type": "message", "channel": GENERAL_ID, "user": HUMAN_ID, "text": "hello",
        "ts": "1700000000.000300", "thread_ts": parent,
    });
    app.dispatch(event("Ev1", threaded)).await;
    let replies = bot.conversations_replies(GENERAL_ID, parent).await.unwrap();
    let texts: Vec<_> = replies
        .messages
        .iter()
        .filter_map(|m| m.text.as_deref())
        .collect();
    let answer = format!("in the thread, <@{BOT_USER_ID}> of {TEAM_ID}");
    assert_eq!(texts, ["a thread", answer.as_str()]);
}

fn suggestion(action_id: &str) -> Value {
    json!({
        "type": "block_suggestion", "action_id": action_id, "block_id": "b1", "value": "ap",
        "api_app_id": "A0EMU00001", "user": {"id": HUMAN_ID}, "team": {"id": TEAM_ID},
    })
}

#[tokio::test]
async fn options_answer_a_block_suggestion_and_other_callbacks_reach_their_handlers() {
    let emulator = Emulator::start().await.unwrap();
    let seen = Seen::default();
    let (a, b, c) = (seen.clone(), seen.clone(), seen.clone());
    let app = App::new(client(&emulator, &emulator.tokens().bot))
        .options(
            Selector::action_id("fruit").in_block("b1"),
            |suggestion: BlockSuggestionPayload, ctx: Ctx| async move {
                let fruit = ["apple", "apricot", "banana"].into_iter();
                let matching = fruit.filter(|f| f.starts_with(suggestion.value.as_str()));
                let options = matching.map(|f| SelectOption::new(plain_text(f), f));
                ctx.ack(BlockSuggestionResponse::new().options(options));
                Ok(())
            },
        )
        .shortcut("new-ticket", move |shortcut: GlobalShortcutPayload, _| {
            let seen = a.clone();
            async move {
                seen.add(format!("shortcut {}", shortcut.trigger_id));
                Ok(())
            }
        })
        .message_action("quote", move |action: MessageShortcutPayload, _| {
            let seen = b.clone();
            async move {
                seen.add(format!("message_action {}", action.callback_id));
                Ok(())
            }
        })
        .view_closed("feedback", move |closed: ViewClosed, _| {
            let seen = c.clone();
            async move {
                seen.add(format!("view_closed {:?}", closed.view.callback_id));
                Ok(())
            }
        });

    let (incoming, reply) = interaction(suggestion("fruit"));
    app.dispatch(incoming).await;
    let reply = tokio::time::timeout(Duration::from_secs(1), reply.unwrap()).await;
    let answer: Value = serde_json::from_str(&reply.unwrap().unwrap().body).unwrap();
    let values: Vec<_> = answer["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].clone())
        .collect();
    assert_eq!(values, [json!("apple"), json!("apricot")]);
    // Another action_id: no handler, an empty answer at once.
    let (incoming, reply) = interaction(suggestion("vegetable"));
    app.dispatch(incoming).await;
    let reply = tokio::time::timeout(Duration::from_secs(1), reply.unwrap()).await;
    assert_eq!(reply.unwrap().unwrap().body, "");

    let user = json!({"id": HUMAN_ID});
    let shortcut =
        json!({"type": "shortcut", "callback_id": "new-ticket", "trigger_id": "T.1", "user": user});
    let quote = json!({"type": "message_action", "callback_id": "quote", "trigger_id": "T.2", "user": user});
    let view = json!({"type": "modal", "callback_id": "feedback", "title": {"type": "plain_text", "text": "F"}});
    let closed = json!({"type": "view_closed", "api_app_id": "A1", "user": user, "view": view});
    for payload in [shortcut, quote, closed] {
        app.dispatch(interaction(payload).0).await;
    }
    assert_eq!(
        seen.take(),
        [
            "shortcut T.1",
            "message_action quote",
            "view_closed Some(\"feedback\")"
        ]
    );
}

#[tokio::test]
async fn a_command_left_unanswered_is_answered_empty_when_its_handler_returns() {
    let emulator = Emulator::start().await.unwrap();
    let app = App::new(client(&emulator, &emulator.tokens().bot)).command(
        "/later",
        |_, ctx: Ctx| async move {
            // Work that goes on after the handler returns, holding the context.
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(60)).await;
                drop(ctx);
            });
            Ok(())
        },
    );
    let fields = [
        ("command", "/later"),
        ("text", ""),
        ("user_id", HUMAN_ID),
        ("user_name", "p"),
        ("team_id", TEAM_ID),
        ("team_domain", "e"),
        ("channel_id", GENERAL_ID),
        ("channel_name", "general"),
        ("response_url", "http://127.0.0.1:9/x"),
        ("trigger_id", "1"),
        ("api_app_id", "A1"),
        ("token", "t"),
    ];
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let (incoming, reply) = item("application/x-www-form-urlencoded", &body);
    app.dispatch(incoming).await;
    let reply = tokio::time::timeout(Duration::from_secs(1), reply.unwrap()).await;
    assert_eq!(reply.expect("answered at once").unwrap().body, "");
}

#[tokio::test]
async fn handlers_share_the_apps_state_by_type() {
    let emulator = Emulator::start().await.unwrap();
    let seen = Seen::default();
    let app = App::new(client(&emulator, &emulator.tokens().bot))
        .with_state(Seen::default())
        .with_state(seen.clone()) // one value per type: this one replaces the first
        .message("hello", |message: MessageEvent, ctx: Ctx| async move {
            ctx.state::<Seen>()?.add(message.text.unwrap_or_default());
            Ok(())
        });
    app.dispatch(message("Ev1", HUMAN_ID, "hello, state")).await;
    assert_eq!(seen.take(), ["hello, state"]);
    let app = app.message("number", |_, ctx: Ctx| async move {
        let error = ctx.state::<u64>().unwrap_err();
        let seen = ctx.state::<Seen>()?;
        seen.add(error.to_string());
        Ok(())
    });
    app.dispatch(message("Ev2", HUMAN_ID, "a number")).await;
    assert_eq!(
        seen.take(),
        ["the app has no state of type u64 (App::with_state)"]
    );
}
