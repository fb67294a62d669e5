//! `--state`: the workspace saved atomically and loaded back, for a long-running dev server.

use std::net::SocketAddr;

use slack_api::Client;
use slack_emulator::{Emulator, Workspace, GENERAL_ID};

fn client(emulator: &Emulator) -> Client {
    Client::builder(emulator.tokens().bot.clone())
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_saved_workspace_comes_back_with_its_messages() {
    let dir = std::env::temp_dir().join(format!("slack-emulator-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("workspace.json");

    let first = Emulator::start().await.unwrap();
    client(&first)
        .chat_post_message(GENERAL_ID)
        .text("remember me")
        .await
        .unwrap();
    client(&first).conversations_create("kept").await.unwrap();
    first.save(&path).unwrap();
    assert!(
        !dir.join("workspace.json.tmp").exists(),
        "written beside, then renamed"
    );
    drop(first);

    let loaded = Workspace::load(&path).unwrap();
    let second = Emulator::start_with(SocketAddr::from(([127, 0, 0, 1], 0)), loaded)
        .await
        .unwrap();
    let history = client(&second)
        .conversations_history(GENERAL_ID)
        .await
        .unwrap();
    assert_eq!(history.messages[0].text.as_deref(), Some("remember me"));
    // New ids and timestamps go on from where the saved workspace stopped.
    let next = client(&second)
        .chat_post_message(GENERAL_ID)
        .text("again")
        .await
        .unwrap();
    assert!(next.ts > history.messages[0].ts.clone().unwrap());
    let created = client(&second)
        .conversations_create("new-one")
        .await
        .unwrap();
    let kept = second.with_workspace(|ws| {
        ws.channels
            .iter()
            .filter(|c| c.info["name"] == "kept" || c.info["name"] == "new-one")
            .map(|c| c.id().to_owned())
            .collect::<Vec<_>>()
    });
    assert_eq!(kept.len(), 2);
    assert_ne!(kept[0], kept[1]);
    assert_eq!(created.channel.id, kept[1]);

    // A file that is not a saved workspace is refused with an error, not a panic.
    std::fs::write(&path, b"{ not json").unwrap();
    assert!(Workspace::load(&path).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
