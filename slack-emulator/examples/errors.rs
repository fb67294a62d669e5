//! Handle Slack's errors as types: a channel that does not exist, and a token without the
//! scope a method needs. No Slack account needed.
//!
//! `cargo run -p slack-emulator --example errors`

use slack_api::methods::ChatPostMessageError;
use slack_api::{Client, CommonError, Error, TokenType};
use slack_emulator::{Credential, Emulator, BOT_USER_ID, GENERAL_ID};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()?;

    match client.chat_post_message("C0NOSUCH01").text("hi").await {
        Err(Error::Api { error, .. }) if error.code == ChatPostMessageError::ChannelNotFound => {
            println!("no such channel, as expected")
        }
        other => println!("unexpected: {other:?}"),
    }

    // A bot token that may only read channels.
    emulator.add_credential(Credential::new(
        "xoxb-read-only",
        TokenType::Bot,
        BOT_USER_ID,
        ["channels:read"],
    ));
    let read_only = Client::builder("xoxb-read-only")
        .base_url(emulator.base_url())
        .build()?;
    match read_only.chat_post_message(GENERAL_ID).text("hi").await {
        Err(Error::Api { error, .. })
            if error.code == ChatPostMessageError::Common(CommonError::MissingScope) =>
        {
            println!("missing scope: needed {:?}", error.needed)
        }
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
