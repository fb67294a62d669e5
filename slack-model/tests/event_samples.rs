//! Every recorded Events API payload (`../shared/slack-reference/event-samples/events__*.json`,
//! beside the workspace) decodes as an `EventsApiPayload::EventCallback` whose `event` is the
//! known `Event` variant, with no field of another shape, and encodes back to what came; and
//! the share of each sample's values that land in typed fields is measured.
//!
//! The samples are anonymised (strings emptied, numbers 123) and each merges the fields of
//! several real payloads. How that is accounted for, honestly:
//!
//! - **The envelope's emptied tag is put back.** Anonymising emptied the envelope's `type` in
//!   most samples (`""`); every `events__` sample is an `event_callback` wrapper (it has an
//!   `event`, an `event_id` and an `event_time`), so an empty `type` there is set to
//!   `event_callback` before decoding, and the test says which samples needed it. No other
//!   value is changed: the event's own `type` was kept by the anonymiser, and nested tags
//!   (Block Kit `type`s) are as recorded.
//! - **Merged fields stay in.** Every event is one struct holding the fields of all its
//!   variants (all message subtypes in `MessageEvent`, `add` and `rename` in
//!   `EmojiChangedEvent`, …), so a sample that merges several payloads is counted whole: a
//!   merged value that no real payload would carry in that place (an `image` element inside an
//!   `actions` block) counts as untyped, and the test prints where each untyped value is.
//! - **Block Kit the shared objects keep as JSON is left out of the count.** The shared
//!   `Message`, `MessageRoot`, `Attachment`, `File` and `View` objects keep their `blocks` as
//!   raw JSON in this version (the events reuse them as they are); such an array (a `blocks` or
//!   `*_blocks` key of an object that decoded, absent from the typed encoding) is left out of
//!   both counts, as `cargo xtask samples` does for responses, and each one left out is
//!   printed. Block Kit the events type themselves (`MessageEvent.blocks`,
//!   `AppMentionEvent.blocks`) counts like any other value. The raw figure, with nothing left
//!   out, is printed too.
//!
//! A leaf is a string, number or boolean (`null` says nothing and is not counted). The bar: a
//! mean of at least 95% over the samples, and none under 80%.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{json, Value};
use slack_model::events::{Event, EventsApiPayload};
use slack_model::lenient;

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/slack-reference/event-samples")
}

/// The `events__*.json` samples, as (name without `events__` and `.json`, JSON), by name.
fn samples() -> Vec<(String, Value)> {
    let dir = samples_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the recorded samples are missing: expected them in {} (../shared/slack-reference beside the checkout): {e}",
            dir.display()
        )
    });
    let mut out: Vec<(String, Value)> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter_map(|path| {
            let file = path.file_name()?.to_str()?.to_owned();
            let name = file
                .strip_prefix("events__")?
                .strip_suffix(".json")?
                .to_owned();
            let text = std::fs::read_to_string(&path).expect("a readable sample");
            let json =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
            Some((name, json))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        !out.is_empty(),
        "no events__*.json sample in {}",
        dir.display()
    );
    out
}

/// The `Event` variant each sample holds, by sample name: a new sample must be added here.
macro_rules! expected {
    ($($sample:ident => $variant:ident,)*) => {
        fn expected(sample: &str) -> Option<(&'static str, fn(&Event) -> bool)> {
            match sample {
                $(stringify!($sample) => Some((
                    stringify!($variant),
                    |e| matches!(e, Event::$variant(_)),
                )),)*
                _ => None,
            }
        }
    };
}

expected! {
    AppHomeOpenedPayload => AppHomeOpened,
    AppMentionPayload => AppMention,
    AppRateLimitedPayload => AppRateLimited,
    AppRequestedPayload => AppRequested,
    AppUninstalledPayload => AppUninstalled,
    CallRejectedPayload => CallRejected,
    ChannelIdChangedPayload => ChannelIdChanged,
    ChannelLeftPayload => ChannelLeft,
    ChannelRenamePayload => ChannelRename,
    ChannelSharedPayload => ChannelShared,
    ChannelUnarchivePayload => ChannelUnarchive,
    ChannelUnsharedPayload => ChannelUnshared,
    DndUpdatedPayload => DndUpdated,
    EmailDomainChangedPayload => EmailDomainChanged,
    EmojiChangedPayload => EmojiChanged,
    FileDeletedPayload => FileDeleted,
    FilePublicPayload => FilePublic,
    FileSharedPayload => FileShared,
    FileUnsharedPayload => FileUnshared,
    GoodbyePayload => Goodbye,
    GridMigrationStartedPayload => GridMigrationStarted,
    GroupArchivePayload => GroupArchive,
    GroupClosePayload => GroupClose,
    GroupDeletedPayload => GroupDeleted,
    GroupHistoryChangedPayload => GroupHistoryChanged,
    GroupLeftPayload => GroupLeft,
    GroupOpenPayload => GroupOpen,
    GroupRenamePayload => GroupRename,
    ImHistoryChangedPayload => ImHistoryChanged,
    ImOpenPayload => ImOpen,
    LinkSharedPayload => LinkShared,
    MemberJoinedChannelPayload => MemberJoinedChannel,
    MemberLeftChannelPayload => MemberLeftChannel,
    MessageBotPayload => Message,
    MessageChangedPayload => Message,
    MessageChannelArchivePayload => Message,
    MessageChannelJoinPayload => Message,
    MessageChannelPostingPermissionsPayload => Message,
    MessageChannelPurposePayload => Message,
    MessageChannelTopicPayload => Message,
    MessageDeletedPayload => Message,
    MessageEkmAccessDeniedPayload => Message,
    MessageGroupTopicPayload => Message,
    MessagePayload => Message,
    MessageRepliedPayload => Message,
    MessageThreadBroadcastPayload => Message,
    PinRemovedPayload => PinRemoved,
    ReactionAddedPayload => ReactionAdded,
    ReactionRemovedPayload => ReactionRemoved,
    ResourcesAddedPayload => ResourcesAdded,
    ResourcesRemovedPayload => ResourcesRemoved,
    SubteamCreatedPayload => SubteamCreated,
    SubteamMembersChangedPayload => SubteamMembersChanged,
    SubteamSelfRemovedPayload => SubteamSelfRemoved,
    SubteamUpdatedPayload => SubteamUpdated,
    TeamAccessGrantedPayload => TeamAccessGranted,
    TeamAccessRevokedPayload => TeamAccessRevoked,
    TeamDomainChangePayload => TeamDomainChange,
    TeamJoinPayload => TeamJoin,
    TeamRenamePayload => TeamRename,
    TokensRevokedPayload => TokensRevoked,
    UserChangePayload => UserChange,
    UserHuddleChangedPayload => UserHuddleChanged,
    UserResourceDeniedPayload => UserResourceDenied,
    UserResourceGrantedPayload => UserResourceGranted,
    UserResourceRemovedPayload => UserResourceRemoved,
    WorkflowDeletedPayload => WorkflowDeleted,
    WorkflowPublishedPayload => WorkflowPublished,
    WorkflowStepDeletedPayload => WorkflowStepDeleted,
    WorkflowStepExecutePayload => WorkflowStepExecute,
    WorkflowUnpublishedPayload => WorkflowUnpublished,
}

/// Puts back the envelope tag the anonymiser emptied; says whether it had to.
fn restore_envelope_tag(sample: &mut Value) -> bool {
    let Some(map) = sample.as_object_mut() else {
        return false;
    };
    let emptied = map.get("type") == Some(&json!(""));
    let is_callback = ["event", "event_id", "event_time"]
        .iter()
        .all(|k| map.contains_key(*k));
    if emptied && is_callback {
        map.insert("type".into(), json!("event_callback"));
    }
    emptied && is_callback
}

fn is_block_kit_key(key: &str) -> bool {
    key == "blocks" || key.ends_with("_blocks")
}

/// Strings, numbers and booleans.
fn leaves(v: &Value) -> usize {
    match v {
        Value::Null => 0,
        Value::Bool(_) | Value::Number(_) | Value::String(_) => 1,
        Value::Array(items) => items.iter().map(leaves).sum(),
        Value::Object(map) => map.values().map(leaves).sum(),
    }
}

/// The leaves of `sample` to count; the Block Kit arrays left out go to `out` (path,
/// leaves): those of an object that decoded (`typed` holds it) whose array is absent from
/// `typed` (a JSON-typed field). Where `typed` has no counterpart (an untyped object, or an
/// array that lost odd elements, whose indexes no longer line up), nothing is left out.
fn counted(
    sample: &Value,
    typed: Option<&Value>,
    path: &str,
    out: &mut Vec<(String, usize)>,
) -> usize {
    match sample {
        Value::Object(map) => {
            let t = typed.and_then(|t| t.as_object());
            map.iter()
                .map(|(k, v)| {
                    let at = format!("{path}.{k}");
                    if is_block_kit_key(k) && v.is_array() && t.is_some_and(|t| !t.contains_key(k))
                    {
                        out.push((at, leaves(v)));
                        0
                    } else {
                        counted(v, t.and_then(|t| t.get(k)), &at, out)
                    }
                })
                .sum()
        }
        Value::Array(items) => {
            let t = typed
                .and_then(|t| t.as_array())
                .filter(|t| t.len() == items.len());
            items
                .iter()
                .enumerate()
                .map(|(i, v)| counted(v, t.map(|t| &t[i]), &format!("{path}[{i}]"), out))
                .sum()
        }
        other => leaves(other),
    }
}

/// Where the counted leaves are that did not land in typed fields: the outermost sample
/// values with no typed counterpart, each with its leaf count.
fn untyped(
    sample: &Value,
    typed: Option<&Value>,
    path: &str,
    left_out: &[(String, usize)],
    out: &mut Vec<(String, usize)>,
) {
    if left_out.iter().any(|(p, _)| p == path) || leaves(sample) == 0 {
        return;
    }
    let Some(typed) = typed.filter(|t| !t.is_null()) else {
        out.push((path.to_owned(), leaves(sample)));
        return;
    };
    match sample {
        Value::Object(map) => {
            for (k, v) in map {
                untyped(v, typed.get(k), &format!("{path}.{k}"), left_out, out);
            }
        }
        Value::Array(items) => {
            let t = typed.as_array().filter(|t| t.len() == items.len());
            for (i, v) in items.iter().enumerate() {
                untyped(v, t.map(|t| &t[i]), &format!("{path}[{i}]"), left_out, out);
            }
        }
        _ => {}
    }
}

/// Whether two JSON values are the same, numbers compared as floats (a `number` field reads
/// `123` and writes `123.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The first path where two values differ, for a readable failure.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(v), Some(w)) => first_difference(v, w, &format!("{path}.{k}")),
                (v, w) => Some(format!("{path}.{k}: {v:?} / {w:?}")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ if same(a, b) => None,
        _ => Some(format!("{path}: {a} / {b}")),
    }
}

/// One sample's figures.
struct Measured {
    name: String,
    /// Leaves counted (Block Kit kept as JSON by a shared type left out).
    leaves: usize,
    /// Leaves in typed fields.
    typed: usize,
    /// The Block Kit arrays left out, with their leaves.
    left_out: Vec<(String, usize)>,
    /// Where the counted leaves that are not typed are.
    untyped: Vec<(String, usize)>,
    /// Every leaf of the sample.
    raw_leaves: usize,
}

fn share(typed: usize, of: usize) -> f64 {
    if of == 0 {
        1.0
    } else {
        typed.min(of) as f64 / of as f64
    }
}

impl Measured {
    fn coverage(&self) -> f64 {
        share(self.typed, self.leaves)
    }
    fn raw_coverage(&self) -> f64 {
        share(self.typed, self.raw_leaves)
    }
}

/// Decodes one sample; the problems found go to `problems`.
fn check(name: &str, sample: &Value, problems: &mut Vec<String>) -> Option<Measured> {
    let Some((variant, is_variant)) = expected(name) else {
        problems.push(format!(
            "{name}: no row in `expected!`: say which Event variant it holds"
        ));
        return None;
    };
    let (decoded, reports) =
        lenient::collect(|| serde_json::from_value::<EventsApiPayload>(sample.clone()));
    let payload = match decoded {
        Ok(p) => p,
        Err(e) => {
            problems.push(format!("{name}: does not decode: {e}"));
            return None;
        }
    };
    if !reports.is_empty() {
        problems.push(format!(
            "{name}: fields of another shape: {}",
            reports.join(", ")
        ));
    }
    match &payload {
        EventsApiPayload::EventCallback(callback) if !is_variant(&callback.event) => {
            let got = match &*callback.event {
                Event::Other(_) => "Other".to_owned(),
                other => format!("{other:?}")
                    .split('(')
                    .next()
                    .unwrap_or("?")
                    .to_owned(),
            };
            problems.push(format!(
                "{name}: the event decoded as Event::{got}, not Event::{variant}"
            ));
        }
        EventsApiPayload::EventCallback(_) => {}
        _ => problems.push(format!(
            "{name}: not decoded as EventsApiPayload::EventCallback"
        )),
    }
    let json = serde_json::to_value(&payload).expect("encodes");
    if let Some(diff) = first_difference(sample, &json, "") {
        problems.push(format!(
            "{name}: encodes back differently (sample / encoded) at {diff}"
        ));
    }
    let typed = lenient::typed_only(|| serde_json::to_value(&payload)).expect("encodes");
    let mut left_out = Vec::new();
    let counted_leaves = counted(sample, Some(&typed), "", &mut left_out);
    let mut missed = Vec::new();
    untyped(sample, Some(&typed), "", &left_out, &mut missed);
    Some(Measured {
        name: name.to_owned(),
        leaves: counted_leaves,
        typed: leaves(&typed),
        left_out,
        untyped: missed,
        raw_leaves: leaves(sample),
    })
}

#[test]
fn every_event_sample_decodes_as_its_event_typed_and_encodes_back() {
    let mut problems = Vec::new();
    let mut measured = Vec::new();
    let mut restored = Vec::new();
    for (name, raw) in samples() {
        let mut sample = raw;
        if restore_envelope_tag(&mut sample) {
            restored.push(name.clone());
        }
        measured.extend(check(&name, &sample, &mut problems));
    }

    println!("typed-leaf coverage of the recorded event samples (typed / counted leaves; raw: nothing left out)");
    for m in &measured {
        println!(
            "{:<48} {:>6.1}%  ({}/{})  raw {:>6.1}% ({}/{})",
            m.name,
            m.coverage() * 100.0,
            m.typed.min(m.leaves),
            m.leaves,
            m.raw_coverage() * 100.0,
            m.typed.min(m.raw_leaves),
            m.raw_leaves,
        );
        for (path, n) in &m.left_out {
            println!("    left out (Block Kit kept as JSON by a shared type): {path} ({n} leaves)");
        }
        for (path, n) in &m.untyped {
            println!("    untyped: {path} ({n} leaves)");
        }
    }
    let mean = measured.iter().map(Measured::coverage).sum::<f64>() / measured.len() as f64;
    let raw_mean = measured.iter().map(Measured::raw_coverage).sum::<f64>() / measured.len() as f64;
    let lowest = measured
        .iter()
        .min_by(|a, b| a.coverage().total_cmp(&b.coverage()))
        .expect("samples");
    println!(
        "{} samples: mean {:.1}% (raw {:.1}%), lowest {:.1}% ({}); envelope tag put back in {} of them: {}",
        measured.len(),
        mean * 100.0,
        raw_mean * 100.0,
        lowest.coverage() * 100.0,
        lowest.name,
        restored.len(),
        restored.join(", "),
    );

    for m in measured.iter().filter(|m| m.coverage() < 0.80) {
        problems.push(format!(
            "{}: typed-leaf coverage {:.1}% is under 80%",
            m.name,
            m.coverage() * 100.0
        ));
    }
    if mean < 0.95 {
        problems.push(format!(
            "mean typed-leaf coverage {:.1}% is under 95%",
            mean * 100.0
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// An event of a type this version does not know stays whole, as raw JSON, inside an
/// envelope that is still typed; and both encode back as they came.
#[test]
fn an_unknown_event_type_is_kept_raw_in_a_typed_envelope() {
    let event = json!({
        "type": "something_new_happened",
        "user": "U0123ABC",
        "details": {"count": 3, "labels": ["a", "b"]},
        "event_ts": "1700000000.000100"
    });
    let body = json!({
        "token": "verification-token",
        "team_id": "T0123ABC",
        "api_app_id": "A0123ABC",
        "event": event,
        "type": "event_callback",
        "event_id": "Ev0123ABC",
        "event_time": 1700000000,
        "authorizations": [
            {"enterprise_id": null, "team_id": "T0123ABC", "user_id": "U0BOT", "is_bot": true, "is_enterprise_install": false}
        ],
        "is_ext_shared_channel": false
    });
    let (payload, reports) =
        lenient::collect(|| serde_json::from_value::<EventsApiPayload>(body.clone()));
    let payload = payload.expect("decodes");
    assert!(
        reports.is_empty(),
        "nothing is of another shape: {reports:?}"
    );
    let EventsApiPayload::EventCallback(callback) = &payload else {
        panic!("the envelope stays typed: {payload:?}");
    };
    assert_eq!(callback.event_id, "Ev0123ABC");
    assert_eq!(callback.event_time, 1_700_000_000);
    assert_eq!(callback.team_id, "T0123ABC");
    let authorization = &callback.authorizations.as_ref().expect("authorizations")[0];
    assert_eq!(authorization.user_id.as_deref(), Some("U0BOT"));
    assert_eq!(authorization.is_bot, Some(true));
    let Event::Other(raw) = &*callback.event else {
        panic!("an unknown event type is Other: {:?}", callback.event);
    };
    assert_eq!(raw, &event, "the unknown event is kept whole");
    // The null `enterprise_id` is unset, and goes back as it came: the whole envelope
    // round-trips unchanged.
    assert_eq!(authorization.enterprise_id, None);
    assert_eq!(serde_json::to_value(&payload).expect("encodes"), body);
}

/// The two payloads that are not event envelopes, the Request URL handshake and the
/// rate-limit notice (shapes from their reference pages), and one of a type this version
/// does not know.
#[test]
fn url_verification_and_app_rate_limited_are_their_own_payloads() {
    let handshake = json!({"token": "verification-token", "challenge": "a-random-challenge", "type": "url_verification"});
    let payload: EventsApiPayload = serde_json::from_value(handshake.clone()).expect("decodes");
    let EventsApiPayload::UrlVerification(v) = &payload else {
        panic!("url_verification: {payload:?}");
    };
    assert_eq!(v.challenge, "a-random-challenge");
    assert_eq!(serde_json::to_value(&payload).expect("encodes"), handshake);

    let limited = json!({"token": "verification-token", "type": "app_rate_limited", "team_id": "T0123ABC", "minute_rate_limited": 1700000040, "api_app_id": "A0123ABC"});
    let payload: EventsApiPayload = serde_json::from_value(limited.clone()).expect("decodes");
    let EventsApiPayload::AppRateLimited(r) = &payload else {
        panic!("app_rate_limited: {payload:?}");
    };
    assert_eq!(r.minute_rate_limited, Some(1_700_000_040));
    assert_eq!(serde_json::to_value(&payload).expect("encodes"), limited);

    let unknown = json!({"type": "something_else", "token": "t"});
    let payload: EventsApiPayload = serde_json::from_value(unknown.clone()).expect("decodes");
    assert!(matches!(&payload, EventsApiPayload::Other(v) if v == &unknown));
}
