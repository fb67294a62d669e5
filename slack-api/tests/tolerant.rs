//! Tolerant decoding: one field of a surprising shape never loses the rest of a response.
//! The field is left unset, its raw value is kept in `extra` under its name, and the
//! mismatch is reported. One element of a list (or value of a map) that does not fit its
//! type — another kind, or an object without a field Slack guarantees — is kept raw with
//! its index, and the other elements stay typed. Only a body that is not an object, or a
//! missing or misshapen guaranteed top-level field, fails. All of this holds for
//! `serde_json::from_str` itself, not only inside the client (whose body here is the
//! emulator's, scripted).

mod support;

use serde_json::{json, Value};
use slack_api::methods::admin_workflows_triggers_types_permissions_lookup::{
    PermissionLevel, TriggerTypePermissions,
};
use slack_api::methods::{
    AdminWorkflowsTriggersTypesPermissionsLookupResponse as LookupResponse,
    ConversationsHistoryResponse, ConversationsListResponse,
};
use slack_emulator::Script;
use support::{emu, Capture};

/// A channel with every mismatch class at once, beside well-formed fields.
fn odd_channel() -> Value {
    json!({
        "id": "C1",
        "created": 1_700_000_000,
        "is_im": false,
        "is_org_shared": false,
        "is_archived": true,
        "name": 5,                      // a number for a string
        "topic": [],                    // an empty array for an object
        "num_members": "12",            // a string for an integer
        "members": ["U1", 5],           // one element of another shape
        "purpose": {"value": "p", "creator": 7, "last_set": 0},  // nested mismatch
        "is_private": null,             // null: simply unset
        "brand_new_field": {"x": 1}     // unknown: kept
        // `is_general`, and every other optional field, missing
    })
}

fn odd_fields() -> Value {
    json!({"channels": [odd_channel()], "response_metadata": {"next_cursor": ""}})
}

fn odd_body() -> String {
    let mut body = odd_fields();
    body["ok"] = json!(true);
    body.to_string()
}

#[test]
fn each_mismatch_class_keeps_the_rest_typed() {
    let (decoded, mismatched) = slack_api::lenient::collect(|| {
        serde_json::from_str::<ConversationsListResponse>(&odd_body())
    });
    let response = decoded.expect("one odd field does not lose the response");
    let channel = &response.channels[0];
    // Well-formed fields are typed.
    assert_eq!(channel.id, "C1");
    assert_eq!(channel.created, Some(1_700_000_000));
    assert_eq!(channel.is_archived, Some(true));
    assert_eq!(channel.is_general, None, "missing optional field");
    assert_eq!(channel.is_private, None, "null");
    // Each misshapen field is unset, its raw value kept under its name.
    assert_eq!(channel.name, None);
    assert_eq!(channel.extra["name"], json!(5));
    assert_eq!(channel.topic, None);
    assert_eq!(channel.extra["topic"], json!([]));
    assert_eq!(channel.num_members, None);
    assert_eq!(channel.extra["num_members"], json!("12"));
    // One element of another shape: kept apart with its index, the rest typed.
    let members = channel.members.as_ref().expect("the list decodes");
    assert_eq!(members.as_ref(), ["U1"]);
    assert_eq!(members.odd().len(), 1);
    assert_eq!(
        (members.odd()[0].at, &members.odd()[0].value),
        (1, &json!(5))
    );
    // A mismatch inside a nested object stays inside it.
    let purpose = channel.purpose.as_ref().expect("purpose is an object");
    assert_eq!(purpose.value.as_deref(), Some("p"));
    assert_eq!(purpose.creator, None);
    assert_eq!(purpose.extra["creator"], json!(7));
    // Unknown fields are kept; null is not a mismatch (not reported), only kept to be
    // written back.
    assert_eq!(channel.extra["brand_new_field"], json!({"x": 1}));
    assert_eq!(channel.extra["is_private"], Value::Null);
    assert_eq!(
        mismatched,
        // In the order met (the body's keys are sorted).
        [
            "Conversation.members[1]",
            "Conversation.name",
            "Conversation.num_members",
            "ConversationTopic.creator",
            "Conversation.topic",
        ]
    );
}

#[test]
fn serializing_gives_back_the_fields_it_came_with() {
    let body = odd_body();
    let response: ConversationsListResponse = serde_json::from_str(&body).unwrap();
    let original: Value = serde_json::from_str(&body).unwrap();
    // Everything, misshapen values and `null`s included, goes back as it came.
    assert_eq!(serde_json::to_value(&response).unwrap(), original);
}

#[test]
fn a_field_set_after_decoding_is_written_once_in_place_of_what_came() {
    let body = odd_body();
    let mut response: ConversationsListResponse = serde_json::from_str(&body).unwrap();
    let channel = &mut response.channels[0];
    channel.is_private = Some(false);
    channel.name = Some("renamed".into());
    let text = serde_json::to_string(&response).unwrap();
    assert_eq!(text.matches("\"is_private\"").count(), 1, "{text}");
    assert_eq!(text.matches("\"name\"").count(), 1, "{text}");
    let written: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written["channels"][0]["is_private"], json!(false));
    assert_eq!(written["channels"][0]["name"], json!("renamed"));
}

#[test]
fn unknown_enum_values_are_kept() {
    let body = json!({"ok": true, "permissions": {"Ftt1": {
        "permission_type": "brand_new_type",
        "permission": "brand_new_level",
        "user_ids": ["U1"]
    }}});
    let response: LookupResponse = serde_json::from_value(body).unwrap();
    let TriggerTypePermissions::Legacy(legacy) = &response.permissions["Ftt1"] else {
        panic!("{:?}", response.permissions);
    };
    assert_eq!(
        legacy.permission,
        PermissionLevel::Unknown("brand_new_level".into())
    );
}

#[test]
fn an_element_without_a_guaranteed_field_is_kept_apart_and_the_rest_stay_typed() {
    let mut no_id = odd_channel();
    no_id.as_object_mut().unwrap().remove("id");
    let body = json!({"ok": true, "channels": [
        odd_channel(), no_id, "C2", {"id": "C3", "name": "three"}
    ]})
    .to_string();
    let (decoded, reported) =
        slack_api::lenient::collect(|| serde_json::from_str::<ConversationsListResponse>(&body));
    let response = decoded.expect("odd elements do not fail the response");
    // Iterating is as plain as over a Vec: the typed elements, in order.
    let ids: Vec<&str> = response.channels.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["C1", "C3"]);
    let mut seen = 0;
    for channel in &response.channels {
        seen += usize::from(!channel.id.is_empty());
    }
    assert_eq!(seen, 2);
    // The odd ones, with their index in the array as sent, raw, and why.
    let odd = response.channels.odd();
    assert_eq!(odd.len(), 2);
    assert_eq!(odd[0].at, 1);
    assert_eq!(odd[0].reason, "Conversation: missing field `id`");
    assert_eq!(odd[0].value["num_members"], json!("12"), "kept as it came");
    assert_eq!(odd[0].value["created"], json!(1_700_000_000));
    assert_eq!((odd[1].at, &odd[1].value), (2, &json!("C2")));
    assert!(
        odd[1].reason.contains("expected a Conversation object"),
        "{}",
        odd[1].reason
    );
    assert!(reported.contains(&"ConversationsListResponse.channels[1]".to_string()));
    assert!(reported.contains(&"ConversationsListResponse.channels[2]".to_string()));
    // Written back, the array is whole again, odd elements at their places.
    let back = serde_json::to_value(&response).unwrap();
    assert_eq!(back["channels"][1]["num_members"], json!("12"));
    assert_eq!(back["channels"][2], json!("C2"));
    assert_eq!(back["channels"][3]["id"], json!("C3"));
}

#[test]
fn a_nested_object_without_a_guaranteed_field_leaves_only_its_optional_field_unset() {
    // A bot profile guarantees its `id`; one without it does not fit `BotProfile`, so the
    // message's optional `bot_profile` is unset and the object is kept in `extra`.
    let body = json!({"ok": true, "messages": [
        {"type": "message", "ts": "1.0", "text": "hi", "bot_profile": {"name": "b"}}
    ]});
    let (decoded, reported) = slack_api::lenient::collect(|| {
        serde_json::from_value::<ConversationsHistoryResponse>(body)
    });
    let response = decoded.expect("decodes");
    let message = &response.messages[0];
    assert_eq!(message.text.as_deref(), Some("hi"));
    assert!(message.bot_profile.is_none());
    assert_eq!(message.extra["bot_profile"], json!({"name": "b"}));
    assert_eq!(reported, ["Message.bot_profile"]);
}

#[test]
fn a_map_value_that_does_not_fit_is_kept_apart() {
    let body = json!({"ok": true, "permissions": {
        "Ftt1": {"permission_type": "named_entities", "permission": "named_entities", "user_ids": ["U1"]},
        "Ftt2": "surprise",
        "Ftt3": {"permissions": [{"type": "trigger_type", "permission": "everyone"}, 7]}
    }});
    let (decoded, reported) =
        slack_api::lenient::collect(|| serde_json::from_value::<LookupResponse>(body.clone()));
    let response = decoded.expect("decodes");
    assert_eq!(response.permissions.len(), 2);
    assert_eq!(response.permissions.odd().len(), 1);
    assert_eq!(response.permissions.odd()[0].at, "Ftt2");
    // A nested list keeps its own odd element.
    let TriggerTypePermissions::Granular(granular) = &response.permissions["Ftt3"] else {
        panic!("{:?}", response.permissions);
    };
    assert_eq!(granular.permissions.len(), 1);
    assert_eq!(granular.permissions.odd()[0].at, 1);
    // Keys are the server's text: reports name the place, not the key.
    assert_eq!(
        reported,
        [
            "AdminWorkflowsTriggersTypesPermissionsLookupResponse.permissions[*]",
            "GranularTriggerTypePermissions.permissions[1]",
        ],
        "{reported:?}"
    );
    assert_eq!(
        serde_json::to_value(&response).unwrap()["permissions"]["Ftt2"],
        json!("surprise")
    );
}

#[test]
fn a_missing_or_misshapen_guaranteed_top_level_field_is_an_error_naming_it() {
    let body = json!({"ok": true}).to_string();
    let err = serde_json::from_str::<ConversationsListResponse>(&body).unwrap_err();
    assert!(
        err.to_string()
            .contains("ConversationsListResponse: missing field `channels`"),
        "{err}"
    );

    let body = json!({"ok": true, "channels": {"C1": {}}}).to_string();
    let err = serde_json::from_str::<ConversationsListResponse>(&body).unwrap_err();
    assert!(
        err.to_string()
            .contains("ConversationsListResponse.channels: found an object"),
        "{err}"
    );
    for not_an_object in ["[]", "\"ok\"", "5", "null"] {
        assert!(serde_json::from_str::<ConversationsListResponse>(not_an_object).is_err());
    }
}

#[tokio::test]
async fn the_client_returns_the_response_and_logs_the_mismatches() {
    let emulator = emu::start().await;
    emulator.script("conversations.list", Script::ok(odd_fields()));
    let client = emu::client(&emulator);
    let capture = Capture::default();
    let response = {
        let _guard = tracing::subscriber::set_default(capture.clone());
        support::bounded(client.conversations_list())
            .await
            .expect("decodes")
    };
    assert_eq!(response.channels[0].id, "C1");
    let lines = capture.lines();
    let warning = lines
        .iter()
        .find(|l| l.contains("kept raw in `extra`"))
        .unwrap_or_else(|| panic!("no warning in {lines:#?}"));
    assert!(warning.contains("Conversation.topic"), "{warning}");
    assert!(warning.contains("conversations.list"), "{warning}");
}

/// The runtime side of a tagged union (`tag:` in the spec), through the same trait the
/// generator implements: the variant is chosen by the tag's value; an unknown or missing
/// tag, or a variant missing a required field, keeps the object whole as `Other`.
#[derive(Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Shape {
    File(Box<slack_api::types::File>),
    Other(Value),
}

impl slack_api::lenient::TaggedUnion for Shape {
    const NAME: &'static str = "Shape";
    const TAG: &'static str = "type";
    fn from_tag_map<'de, A: serde::de::MapAccess<'de>>(
        tag: &str,
        map: A,
    ) -> Result<Self, A::Error> {
        match tag {
            "file" => slack_api::lenient::variant_map(map, Self::File),
            _ => slack_api::lenient::other_map(map),
        }
    }
    fn other(value: Value) -> Self {
        Self::Other(value)
    }
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        slack_api::lenient::tagged(deserializer)
    }
}

#[test]
fn a_tagged_union_is_decoded_by_its_tag() {
    let decode = |v: Value| slack_api::lenient::collect(|| serde_json::from_value::<Shape>(v));
    // The tag picks the variant, even when the object also has other shapes' fields.
    let (shape, reported) = decode(json!({"type": "file", "id": "F1", "channel": "C1"}));
    match shape.expect("decodes") {
        Shape::File(f) => {
            assert_eq!(f.id, "F1");
            assert_eq!(f.extra["channel"], "C1");
        }
        other => panic!("the tag says file: {other:?}"),
    }
    assert!(reported.is_empty());
    // Unknown or missing tags: kept whole.
    let odd = json!({"type": "canvas", "id": "S1"});
    assert_eq!(decode(odd.clone()).0.expect("decodes"), Shape::Other(odd));
    let untagged = json!({"id": "F2"});
    assert_eq!(
        decode(untagged.clone()).0.expect("decodes"),
        Shape::Other(untagged)
    );
    // A file without its required `id`: kept whole, and reported.
    let (shape, reported) = decode(json!({"type": "file", "name": "a.txt"}));
    assert_eq!(
        shape.expect("decodes"),
        Shape::Other(json!({"type": "file", "name": "a.txt"}))
    );
    assert_eq!(reported, ["Shape.type"]);
    // Not an object: an error naming the union.
    let err = serde_json::from_str::<Shape>("5").expect_err("not an object");
    assert!(err.to_string().contains("Shape: found a number"), "{err}");
}

/// `integer_or_string` fields (a file's thumbnail sizes) are typed whichever way Slack
/// sends them, and serialize back the same way.
#[test]
fn a_number_sent_as_a_string_or_a_number_is_typed_either_way() {
    use slack_api::types::File;
    use slack_api::IntegerOrString;
    let file: File = serde_json::from_value(
        json!({"id": "F1", "thumb_360_w": 360, "thumb_360_h": "240", "original_w": "", "original_h": true}),
    )
    .expect("decodes");
    assert_eq!(file.thumb_360_w, Some(IntegerOrString::Integer(360)));
    assert_eq!(
        file.thumb_360_h.as_ref().and_then(IntegerOrString::as_i64),
        Some(240)
    );
    assert_eq!(
        file.original_w,
        Some(IntegerOrString::String(String::new()))
    );
    assert_eq!(
        file.original_w.as_ref().and_then(IntegerOrString::as_i64),
        None
    );
    // Another kind is still a mismatch, kept raw.
    assert_eq!(file.original_h, None);
    assert_eq!(file.extra["original_h"], json!(true));
    let back = serde_json::to_value(&file).expect("serializes");
    assert_eq!(back["thumb_360_w"], json!(360));
    assert_eq!(back["thumb_360_h"], json!("240"));
}

/// A profile's `fields` comes as an object, as `[]` when there are none (Slack's backend
/// writes an empty map so) or as `null`: all three decode, and only another shape is a
/// mismatch.
#[test]
fn profile_fields_may_be_an_object_an_empty_array_or_null() {
    use slack_api::types::UserProfile;
    let decode = |fields: Value| {
        slack_api::lenient::collect(|| {
            serde_json::from_value::<UserProfile>(json!({"real_name": "R", "fields": fields}))
        })
    };
    let (profile, reported) = decode(json!({"Xf01": {"value": "Engineer", "alt": ""}}));
    let fields = profile.expect("decodes").fields.expect("typed");
    assert_eq!(fields["Xf01"].value.as_deref(), Some("Engineer"));
    assert!(reported.is_empty());
    let (profile, reported) = decode(json!([]));
    assert_eq!(profile.expect("decodes").fields, Some(Default::default()));
    assert!(
        reported.is_empty(),
        "an empty array is an empty map: {reported:?}"
    );
    let (profile, reported) = decode(Value::Null);
    assert_eq!(profile.expect("decodes").fields, None);
    assert!(reported.is_empty());
    let (profile, reported) = decode(json!(["Xf01"]));
    let profile = profile.expect("decodes");
    assert_eq!(profile.fields, None);
    assert_eq!(profile.extra["fields"], json!(["Xf01"]));
    assert_eq!(profile.real_name.as_deref(), Some("R"));
    assert_eq!(reported, ["UserProfile.fields"]);
}
