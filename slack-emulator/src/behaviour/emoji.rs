//! `emoji.list`: the workspace's custom emoji.

use serde_json::json;

use super::Call;
use crate::reply::{fields, Outcome};
use crate::workspace::{Workspace, TEAM_ID};

/// The custom emoji of the seeded workspace: two images and an alias.
pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let base = format!("https://emoji.slack-edge.com/{TEAM_ID}");
    let mut out = fields(json!({
        "emoji": {
            "emulator": format!("{base}/emulator/0001.png"),
            "partyparrot": format!("{base}/partyparrot/0002.gif"),
            "shipit": "alias:squirrel",
        },
        "cache_ts": format!("{}.000000", ws.now()),
    }));
    if call.flag("include_categories") {
        out.insert("categories".into(), json!([]));
        out.insert("categories_version".into(), json!("5"));
    }
    Ok(out)
}
