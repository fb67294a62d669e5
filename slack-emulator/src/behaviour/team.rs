//! `auth.test` and `team.info`: who a token is, and its workspace.

use serde_json::json;
use slack_api::TokenType;

use super::Call;
use crate::reply::{fields, Outcome};
use crate::workspace::Workspace;

pub fn auth_test(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = ws.user(&call.who.user_id);
    let name = user
        .and_then(|u| u.get("name"))
        .cloned()
        .unwrap_or(json!(""));
    let mut out = fields(json!({
        "url": format!("https://{}.slack.com/", ws.team["domain"].as_str().unwrap_or("")),
        "team": ws.team["name"], "user": name,
        "team_id": ws.team["id"], "user_id": call.who.user_id,
        "is_enterprise_install": false,
    }));
    if call.who.token_type == TokenType::Bot {
        out.insert("bot_id".into(), json!(ws.bot.0));
    }
    Ok(out)
}

pub fn team_info(ws: &mut Workspace, _: &Call<'_>) -> Outcome {
    Ok(fields(json!({ "team": ws.team })))
}
