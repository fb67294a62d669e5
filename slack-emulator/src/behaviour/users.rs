//! `users.*`: the workspace's people and bots.

use serde_json::{json, Value};

use super::{page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::Workspace;

pub fn info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let user = ws
        .user(call.required("user"))
        .ok_or_else(|| Failure::new("user_not_found"))?;
    Ok(fields(json!({ "user": user })))
}

pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let all: Vec<Value> = ws.users.iter().cloned().map(Value::Object).collect();
    let (members, next) = page(all, call)?;
    Ok(fields(json!({
        "members": members, "cache_ts": ws.now(),
        "response_metadata": {"next_cursor": next},
    })))
}
