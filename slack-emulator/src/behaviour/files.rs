//! The files upload v2 flow, as Slack's SDKs run it: `files.getUploadURLExternal` hands out
//! an upload URL and a file id, the bytes are posted to that URL (served by `serve`), and
//! `files.completeUploadExternal` makes files of them, shared into a channel or thread when
//! asked; then `files.info`, `files.list` and `files.delete`.

use serde_json::{json, Map, Value};

use super::{page, Call};
use crate::reply::{fields, Failure, Outcome};
use crate::workspace::{Upload, Workspace};

pub fn get_upload_url_external(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let length = call.number("length").unwrap_or(-1);
    if length <= 0 {
        return Err(Failure::new("invalid_arguments").with_messages(vec![
            "[ERROR] length must be a positive number of bytes".into(),
        ]));
    }
    let file_id = ws.new_id('F');
    ws.uploads.insert(
        file_id.clone(),
        Upload {
            filename: call.required("filename").to_owned(),
            length,
            alt_txt: call.text("alt_txt").map(str::to_owned),
            user: call.who.user_id.clone(),
            bytes: None,
        },
    );
    Ok(fields(json!({
        "upload_url": format!("{}/upload/{file_id}", ws.origin),
        "file_id": file_id,
    })))
}

/// The bytes posted to an upload URL; `false` for an id the emulator did not hand out.
pub fn receive_upload(ws: &mut Workspace, file_id: &str, bytes: Vec<u8>) -> bool {
    match ws.uploads.get_mut(file_id) {
        Some(upload) => {
            upload.bytes = Some(bytes);
            true
        }
        None => false,
    }
}

pub fn complete_upload_external(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let wanted = requested_files(call)?;
    let channel_id = call.text("channel_id").map(str::to_owned);
    if let Some(id) = &channel_id {
        let channel = ws
            .channel(id)
            .filter(|c| c.visible_to(&call.who.user_id))
            .ok_or_else(|| Failure::new("channel_not_found"))?;
        if !channel.members.contains(&call.who.user_id) {
            return Err(Failure::new("not_in_channel"));
        }
    }
    // Every file must have been uploaded before any is completed.
    for (id, _) in &wanted {
        let uploaded = ws.uploads.get(id).is_some_and(|u| u.bytes.is_some());
        if !uploaded {
            return Err(Failure::new("file_not_found"));
        }
    }
    let mut done = Vec::new();
    for (id, title) in wanted {
        let Some(upload) = ws.uploads.remove(&id) else {
            continue;
        };
        let record = file_record(ws, &id, title, upload, channel_id.as_deref());
        ws.files.push(record.clone());
        let user = call.who.user_id.clone();
        let created =
            json!({"type": "file_created", "file_id": id, "file": {"id": id}, "user_id": user});
        ws.raise(created, None);
        done.push(Value::Object(record));
    }
    if let Some(id) = channel_id {
        share(ws, call, &id, &done)?;
        for file in &done {
            let shared = json!({
                "type": "file_shared", "file_id": file["id"], "file": {"id": file["id"]},
                "user_id": call.who.user_id, "channel_id": id,
            });
            ws.raise(shared, Some(&id));
        }
    }
    Ok(fields(json!({ "files": done })))
}

/// `files`: a JSON array of `{"id", "title"}`.
fn requested_files(call: &Call<'_>) -> Result<Vec<(String, Option<String>)>, Failure> {
    let list = match call.params.get("files") {
        Some(slack_api::ParamValue::Json(value)) => value.clone().into_owned(),
        Some(other) => serde_json::from_str(other.as_str().unwrap_or("")).unwrap_or(Value::Null),
        None => Value::Null,
    };
    let items = list.as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
        Failure::new("invalid_arguments").with_messages(vec![
            "[ERROR] files must be a non-empty array of {\"id\", \"title\"}".into(),
        ])
    })?;
    items
        .iter()
        .map(|item| {
            let id = item
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| Failure::new("file_not_found"))?;
            let title = item.get("title").and_then(Value::as_str).map(str::to_owned);
            Ok((id.to_owned(), title))
        })
        .collect()
}

/// A file record, as `files.info` returns it.
fn file_record(
    ws: &mut Workspace,
    id: &str,
    title: Option<String>,
    upload: Upload,
    channel: Option<&str>,
) -> Map<String, Value> {
    let size = upload.bytes.as_ref().map_or(0, Vec::len);
    let created = ws.now();
    let url = format!("{}/files/{id}/{}", ws.origin, upload.filename);
    fields(json!({
        "id": id, "created": created, "timestamp": created,
        "name": upload.filename, "title": title.unwrap_or_else(|| upload.filename.clone()),
        "mimetype": "application/octet-stream", "filetype": "binary", "pretty_type": "Binary",
        "user": upload.user, "size": size, "mode": "hosted", "is_external": false,
        "is_public": channel.is_some(), "url_private": url,
        "alt_txt": upload.alt_txt,
        "channels": channel.map(|c| vec![c]).unwrap_or_default(),
    }))
}

/// The message that shares `files` into a channel (a thread, with `thread_ts`).
fn share(
    ws: &mut Workspace,
    call: &Call<'_>,
    channel_id: &str,
    files: &[Value],
) -> Result<(), Failure> {
    let ts = ws.new_ts();
    let mut message = fields(json!({
        "type": "message", "user": call.who.user_id, "ts": ts, "upload": true,
        "text": call.text("initial_comment").unwrap_or(""), "files": files,
    }));
    let channel = ws
        .channel_mut(channel_id)
        .ok_or_else(|| Failure::new("channel_not_found"))?;
    if let Some(thread_ts) = call.text("thread_ts") {
        let parent = channel
            .message_mut(thread_ts)
            .ok_or_else(|| Failure::new("thread_not_found"))?;
        super::chat::add_reply(parent, &call.who.user_id, &ts);
        message.insert("thread_ts".into(), json!(thread_ts));
    }
    channel.post(message);
    Ok(())
}

pub fn info(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let file = ws
        .files
        .iter()
        .find(|f| f.get("id").and_then(Value::as_str) == Some(call.required("file")))
        .ok_or_else(|| Failure::new("file_not_found"))?;
    Ok(fields(json!({ "file": file, "comments": [] })))
}

pub fn list(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let channel = call.text("channel");
    let all: Vec<Value> = ws
        .files
        .iter()
        .rev()
        .filter(|f| {
            channel.is_none_or(|c| {
                f["channels"]
                    .as_array()
                    .is_some_and(|a| a.contains(&json!(c)))
            })
        })
        .cloned()
        .map(Value::Object)
        .collect();
    let total = all.len();
    let (files, next) = page(all, call)?;
    Ok(fields(json!({
        "files": files,
        "paging": {"count": files.len(), "total": total, "page": 1, "pages": 1},
        "response_metadata": {"next_cursor": next},
    })))
}

pub fn delete(ws: &mut Workspace, call: &Call<'_>) -> Outcome {
    let id = call.required("file").to_owned();
    let index = ws
        .files
        .iter()
        .position(|f| f.get("id").and_then(Value::as_str) == Some(id.as_str()))
        .ok_or_else(|| Failure::new("file_not_found"))?;
    if ws.files[index].get("user").and_then(Value::as_str) != Some(call.who.user_id.as_str()) {
        return Err(Failure::new("cant_delete_file"));
    }
    let file = ws.files.remove(index);
    let channels = file.get("channels").cloned().unwrap_or(json!([]));
    let deleted = json!({"type": "file_deleted", "file_id": id, "channel_ids": channels});
    ws.raise(deleted, None);
    Ok(Map::new())
}
