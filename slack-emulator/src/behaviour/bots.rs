//! `bots.info`: the workspace's bot.

use serde_json::json;

use super::Call;
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Workspace, TEAM_ID};

/// The seeded bot, by its id (the caller's own bot when a bot token names none).
pub fn info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let (bot_id, user_id) = ws.bot.clone();
    let asked = call.text("bot").filter(|b| !b.is_empty());
    let mine = call.who.user_id == user_id;
    if asked.map_or(!mine, |b| b != bot_id) {
        return Err(Failure::new("bot_not_found"));
    }
    let name = ws.user(&user_id).and_then(|u| u.get("name")).cloned();
    let icon = |size: u32| format!("https://a.slack-edge.com/emulator/bot_{size}.png");
    Ok(fields(json!({
        "bot": {
            "id": bot_id, "deleted": false, "name": name.unwrap_or(json!("emulator-bot")), "updated": ws.now(),
            "app_id": "A0EMU00001", "user_id": user_id, "team_id": TEAM_ID,
            "is_workflow_bot": false,
            "icons": {"image_36": icon(36), "image_48": icon(48), "image_72": icon(72)},
        }
    })))
}
