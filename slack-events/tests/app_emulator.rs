//! An app with handlers against the emulator, end to end, with nothing hand-fed: a person
//! acts (`act_as("alice")`: posts, clicks, runs a slash command, submits a modal), the
//! emulator raises what Slack would from its own state and sends it to the app, over Socket
//! Mode or signed to the Request URL the app's axum router serves; the handlers' replies
//! land in the emulator's state (history, the person's view stack), where the test reads
//! them. Each test runs over both transports.

use std::time::{Duration, Instant};

use serde_json::json;
use slack_api::block_kit::{ActionsBlock, Button, InputBlock, ModalView, PlainTextInput};
use slack_api::types::Message;
use slack_api::{blocks, Client};
use slack_emulator::{Delivery, DeliveryTimes, Emulator, OpenView, Via, GENERAL_ID, HUMAN_ID};
use slack_events::app::{Action, App, Ctx};
use slack_events::socket::Shutdown;
use slack_model::block_kit::ElementState;
use slack_model::events::{
    BlockAction, MessageEvent, ResponseUrlMessage, SlashCommand, ViewErrorsResponse, ViewSubmission,
};

/// The person who acts.
const ALICE: &str = "alice";
/// How long anything the app does may take to show, and how long the emulator waits for
/// the app's answer (Slack's 3 seconds are plenty on an idle machine, not on a loaded one;
/// these tests are about where things go, not how fast).
const DEADLINE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Transport {
    SocketMode,
    Http,
}

fn bot(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

/// The app under test: a greeting, a deploy request with an Approve button, and a
/// feedback modal opened by `/feedback` whose comments must be at least 10 characters.
fn app(client: Client) -> App {
    App::new(client)
        .message("hello", |message: MessageEvent, ctx: Ctx| async move {
            let who = message.user.unwrap_or_default();
            ctx.say(format!("Hello, <@{who}>")).await?;
            Ok(())
        })
        .message("deploy", |_, ctx: Ctx| async move {
            let approve = Button::new("Approve").action_id("approve").value("42");
            let blocks = blocks![ActionsBlock::new([approve])];
            ctx.say_with(|call| call.text("Ship 42?").blocks(blocks))
                .await?;
            Ok(())
        })
        .action("approve", |action: Action, ctx: Ctx| async move {
            let BlockAction::Button(button) = action.action else {
                return Err("not a button".into());
            };
            let what = button.value.unwrap_or_default();
            let who = action.body.user.id;
            let text = format!("Approved {what} by <@{who}>");
            let replace = ResponseUrlMessage::new().replace_original(true).text(text);
            ctx.respond(replace).await?;
            Ok(())
        })
        .command("/feedback", |command: SlashCommand, ctx: Ctx| async move {
            let client = ctx.client();
            client
                .views_open(feedback_modal())
                .trigger_id(command.trigger_id)
                .await?;
            Ok(())
        })
        .view(
            "feedback",
            |submission: ViewSubmission, ctx: Ctx| async move {
                let comments = comments(&submission);
                if comments.chars().count() < 10 {
                    ctx.ack(ViewErrorsResponse::new([("feedback", "Say a little more")]));
                    return Ok(());
                }
                let thanks = format!("Thanks for: {comments}");
                ctx.client()
                    .chat_post_message(GENERAL_ID)
                    .text(thanks)
                    .await?;
                Ok(())
            },
        )
}

fn feedback_modal() -> ModalView {
    let comments = PlainTextInput::new().action_id("comments");
    ModalView::new("Feedback")
        .submit("Send")
        .callback_id("feedback")
        .blocks(blocks![
            InputBlock::new("Comments", comments).block_id("feedback")
        ])
}

/// The submitted comments (empty if none).
fn comments(submission: &ViewSubmission) -> String {
    let values = submission
        .view
        .state
        .as_ref()
        .and_then(|s| s.values.as_ref());
    match values.and_then(|v| v.get("feedback")?.get("comments")) {
        Some(ElementState::PlainTextInput(input)) => input.value.clone().unwrap_or_default().into(),
        _ => String::new(),
    }
}

/// The app, served to the emulator until dropped.
struct Served {
    shutdown: Option<Shutdown>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(shutdown) = &self.shutdown {
            shutdown.shutdown();
        }
        self.server.abort();
    }
}

/// Serves `app` over `transport`: a Socket Mode connection (open when this returns), or
/// its router on loopback set as the emulator's Request URL (verified by the emulator's
/// signed `url_verification`).
async fn serve(emulator: &Emulator, app: &App, transport: Transport) -> Served {
    match transport {
        Transport::SocketMode => {
            let socket = app.socket_mode(emulator.tokens().app.clone());
            let shutdown = socket.shutdown_handle();
            let server = tokio::spawn(async move {
                let _ = socket.run().await;
            });
            let open = until(async || emulator.socket_connections() == 1).await;
            assert!(open, "the app connected over Socket Mode");
            Served {
                shutdown: Some(shutdown),
                server,
            }
        }
        Transport::Http => {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url = format!("http://{}/slack/events", listener.local_addr().unwrap());
            let router = app.router("/slack/events", emulator.app().signing_secret);
            let server = tokio::spawn(async move {
                let _ = axum::serve(listener, router).await;
            });
            emulator.set_request_url(&url).await.unwrap();
            Served {
                shutdown: None,
                server,
            }
        }
    }
}

/// An emulator, and the app served to it over `transport`.
async fn start(transport: Transport) -> (Emulator, Client, Served) {
    let emulator = Emulator::start().await.unwrap();
    let mut times = DeliveryTimes::slack();
    times.timeout = DEADLINE;
    emulator.set_delivery_times(times);
    let client = bot(&emulator);
    let served = serve(&emulator, &app(client.clone()), transport).await;
    (emulator, client, served)
}

/// Polls `condition` until it holds or [`DEADLINE`] passes: whether it held.
async fn until(mut condition: impl AsyncFnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if condition().await {
            return true;
        }
        if start.elapsed() >= DEADLINE {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The first message of `#general`'s history `found` takes, within the deadline.
async fn in_history(client: &Client, found: impl Fn(&Message) -> bool) -> Option<Message> {
    let mut seen = None;
    until(async || {
        let history = client.conversations_history(GENERAL_ID).await.unwrap();
        seen = history.messages.into_iter().find(|m| found(m));
        seen.is_some()
    })
    .await;
    seen
}

fn text_is(text: &str) -> impl Fn(&Message) -> bool + '_ {
    move |message| message.text.as_deref() == Some(text)
}

/// Everything reached the app over `transport` at the first try, and something did.
fn all_via(emulator: &Emulator, transport: Transport) {
    let via = match transport {
        Transport::SocketMode => Via::SocketMode,
        Transport::Http => Via::Http,
    };
    let deliveries = emulator.deliveries();
    assert!(!deliveries.is_empty());
    let first_try = |d: &Delivery| d.via == via && d.retry_num == 0 && d.failure.is_none();
    assert!(deliveries.iter().all(first_try), "{deliveries:#?}");
}

async fn a_message_is_answered_in_history(transport: Transport) {
    let (emulator, client, _served) = start(transport).await;
    let ts = emulator
        .act_as(ALICE)
        .post_message(GENERAL_ID, "hello, bot")
        .unwrap();
    let reply = format!("Hello, <@{HUMAN_ID}>");
    let answer = in_history(&client, text_is(&reply)).await;
    let answer = answer.expect("the handler's reply in history");
    assert!(answer.ts.as_deref() > Some(ts.as_str()), "after alice's");
    all_via(&emulator, transport);
}

async fn a_click_reaches_its_handler(transport: Transport) {
    let (emulator, client, _served) = start(transport).await;
    let alice = emulator.act_as(ALICE);
    alice.post_message(GENERAL_ID, "deploy please").unwrap();
    let asked = in_history(&client, text_is("Ship 42?")).await;
    let ts = asked.expect("the bot's question").ts.unwrap();
    // Block actions are acknowledged at once, with no payload.
    assert_eq!(alice.click(GENERAL_ID, &ts, "approve").await.unwrap(), None);
    let approved = format!("Approved 42 by <@{HUMAN_ID}>");
    let replaced = in_history(&client, text_is(&approved)).await;
    let replaced = replaced.expect("the message replaced through the response_url");
    assert_eq!(replaced.ts.as_deref(), Some(ts.as_str()), "in place");
    all_via(&emulator, transport);
}

async fn a_modal_shows_its_errors_then_closes(transport: Transport) {
    let (emulator, client, _served) = start(transport).await;
    let alice = emulator.act_as(ALICE);
    assert_eq!(
        alice.command(GENERAL_ID, "/feedback", "").await.unwrap(),
        None
    );
    let mut stack: Vec<OpenView> = Vec::new();
    let opened = until(async || {
        stack = emulator.view_stack(ALICE);
        stack.len() == 1
    });
    assert!(opened.await, "the modal opened in alice's stack");
    let view_id = stack[0].view["id"].as_str().unwrap().to_owned();
    assert_eq!(stack[0].view["callback_id"], "feedback");

    let short = json!({"comments": "meh"});
    let answer = alice.submit_view(&view_id, short).await.unwrap();
    assert_eq!(answer.unwrap()["response_action"], "errors");
    let stack = emulator.view_stack(ALICE);
    assert_eq!(stack.len(), 1, "the view stays open");
    assert_eq!(stack[0].view["id"], view_id.as_str());
    assert_eq!(stack[0].errors["feedback"], "Say a little more");

    let long = json!({"comments": "Lovely emulator"});
    assert_eq!(alice.submit_view(&view_id, long).await.unwrap(), None);
    assert!(emulator.view_stack(ALICE).is_empty(), "closed");
    let thanks = in_history(&client, text_is("Thanks for: Lovely emulator")).await;
    assert!(thanks.is_some(), "the handler read the submitted value");
    all_via(&emulator, transport);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn socket_mode_a_message_is_answered_in_history() {
    a_message_is_answered_in_history(Transport::SocketMode).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_a_message_is_answered_in_history() {
    a_message_is_answered_in_history(Transport::Http).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn socket_mode_a_click_reaches_its_handler() {
    a_click_reaches_its_handler(Transport::SocketMode).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_a_click_reaches_its_handler() {
    a_click_reaches_its_handler(Transport::Http).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn socket_mode_a_modal_shows_its_errors_then_closes() {
    a_modal_shows_its_errors_then_closes(Transport::SocketMode).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_a_modal_shows_its_errors_then_closes() {
    a_modal_shows_its_errors_then_closes(Transport::Http).await;
}
