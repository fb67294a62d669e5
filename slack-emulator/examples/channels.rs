//! Page through every channel with a cursor, two at a time: no Slack account needed.
//!
//! `cargo run -p slack-emulator --example channels`

use futures_util::StreamExt as _;
use slack_api::Client;
use slack_emulator::Emulator;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()?;
    for name in ["design", "ops", "sales"] {
        client.conversations_create(name).await?;
    }

    let mut pages = std::pin::pin!(client.conversations_list().limit(2).pages());
    let mut n = 0;
    while let Some(page) = pages.next().await {
        n += 1;
        let names: Vec<String> = page?
            .channels
            .iter()
            .filter_map(|c| c.name.as_deref().map(str::to_owned))
            .collect();
        println!("page {n}: {}", names.join(", "));
    }
    Ok(())
}
