//! Serves Slack's requests at http://127.0.0.1:3000/slack/events: give Slack that address
//! (through a tunnel) as the request URL of events, interactivity and slash commands.
//!
//! SLACK_SIGNING_SECRET=… cargo run -p slack-events --example receive
//!
//! The code below is the README's "Receiving events over HTTP" example (tests/readme.rs).

use slack_events::{axum::router, Kind, Receiver, Response, Verifier};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("SLACK_SIGNING_SECRET").expect("SLACK_SIGNING_SECRET is set");
    let receiver = Receiver::new(Verifier::new([secret]));
    let app = router("/slack/events", receiver, |incoming| async move {
        match &incoming.kind {
            // Acknowledged already: take as long as needed.
            Kind::Event(event) => println!("{}", event.envelope["event"]["type"]),
            // Slack shows this reply if it comes within the deadline (2.5 s by default).
            Kind::SlashCommand(fields) => {
                let text = fields.get("text").map_or("", String::as_str);
                incoming.respond(Response::text(format!("You said: {text}")));
            }
            _ => {}
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app).await
}
