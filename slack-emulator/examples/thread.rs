//! Post a message and a reply, then read the thread back: no Slack account, no token,
//! against an in-process emulator.
//!
//! `cargo run -p slack-emulator --example thread`

use slack_api::Client;
use slack_emulator::{Emulator, GENERAL_ID};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()?;

    let parent = client
        .chat_post_message(GENERAL_ID)
        .text("Deploy finished")
        .await?;
    client
        .chat_post_message(GENERAL_ID)
        .text("All checks green")
        .thread_ts(parent.ts.clone())
        .await?;

    let thread = client
        .conversations_replies(GENERAL_ID, parent.ts.clone())
        .await?;
    for message in &thread.messages {
        println!(
            "{} {}: {}",
            message.ts.as_deref().unwrap_or("?"),
            message.user.as_deref().unwrap_or("?"),
            message.text.as_deref().unwrap_or("")
        );
    }
    println!("replies: {}", thread.messages[0].reply_count.unwrap_or(0));
    Ok(())
}
