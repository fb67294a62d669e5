//! Upload a file the way Slack now requires (files upload v2) and share it into a channel:
//! no Slack account needed.
//!
//! `cargo run -p slack-emulator --example upload`

use slack_api::{Client, UploadFile};
use slack_emulator::{Emulator, GENERAL_ID};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    let client = Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()?;

    let done = client
        .upload_files([
            UploadFile::from_bytes("report.csv", "week,sales\n1,10\n").title("Weekly report")
        ])
        .channel(GENERAL_ID)
        .initial_comment("This week's numbers")
        .await?;
    for file in &done.files {
        let info = client.files_info(file.id.clone()).await?;
        println!(
            "{} {:?}: {} bytes",
            info.file.id,
            info.file.title.as_deref().unwrap_or(""),
            info.file.size.unwrap_or(0)
        );
    }
    Ok(())
}
