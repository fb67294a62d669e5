//! The two seed methods, typed exactly as their reference pages say: the pages' example
//! responses decode, the `named_entities` rule is checked, every error code of their tables
//! parses to its own variant, and their metadata matches the pages.

#![allow(deprecated)] // apps.permissions.users.request is deprecated, and tested all the same.

use serde::Deserialize as _;
use slack_api::methods::admin_workflows_triggers_types_permissions_lookup::{
    GranularPermission, LegacyTriggerTypePermission, PermissionLevel, PermissionType,
    TriggerTypePermissions,
};
use slack_api::methods::{
    AdminWorkflowsTriggersTypesPermissionsLookupError as LookupError,
    AdminWorkflowsTriggersTypesPermissionsLookupResponse as LookupResponse,
    AppsPermissionsUsersRequest, AppsPermissionsUsersRequestError as RequestError,
    AppsPermissionsUsersRequestResponse,
};
use slack_api::{
    CommonError, ContentType, ErrorCode, HttpMethod, Method, RateLimit, TokenType, Validate,
};

/// The page's toggle-OFF example, with `"ok": true` as the API sends it.
const TOGGLE_OFF: &str = r#"{
    "ok": true,
    "permissions": {
        "Ftt01": {
            "permission": "named_entities",
            "user_ids": ["U00000001", "U00000002"],
            "team_ids": ["T00000001"]
        }
    },
    "metadata": {}
}"#;

/// The page's toggle-ON example.
const TOGGLE_ON: &str = r#"{
    "ok": true,
    "permissions": {
        "Ftt01": {
            "permissions": [
                {"type": "trigger_type", "permission": "everyone"},
                {"type": "private_channel_access", "permission": "named_entities", "team_ids": ["T00000001"]},
                {"type": "private_channel_message_access", "permission": "no_one"}
            ]
        }
    },
    "metadata": {}
}"#;

fn decode(json: &str) -> LookupResponse {
    serde_json::from_str(json).expect("decodes")
}

#[test]
fn toggle_off_example_decodes() {
    let response = decode(TOGGLE_OFF);
    let TriggerTypePermissions::Legacy(LegacyTriggerTypePermission {
        permission,
        user_ids,
        team_ids,
        org_ids,
        ..
    }) = &response.permissions["Ftt01"]
    else {
        panic!(
            "expected the toggle-OFF shape: {:?}",
            response.permissions["Ftt01"]
        );
    };
    assert_eq!(*permission, PermissionLevel::NamedEntities);
    assert_eq!(
        user_ids.as_deref(),
        Some(&["U00000001".into(), "U00000002".into()][..])
    );
    assert_eq!(team_ids.as_deref(), Some(&["T00000001".into()][..]));
    assert_eq!(*org_ids, None);
    assert_eq!(response.metadata, Some(serde_json::json!({})));
    assert_eq!(response.validate(), Ok(()));
}

#[test]
fn toggle_on_example_decodes() {
    let response = decode(TOGGLE_ON);
    let TriggerTypePermissions::Granular(granular) = &response.permissions["Ftt01"] else {
        panic!(
            "expected the toggle-ON shape: {:?}",
            response.permissions["Ftt01"]
        );
    };
    let summary: Vec<(&PermissionType, &PermissionLevel, Option<usize>)> = granular
        .permissions
        .iter()
        .map(|p: &GranularPermission| {
            (
                &p.r#type,
                &p.permission,
                p.team_ids.as_ref().map(|ids| ids.len()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                &PermissionType::TriggerType,
                &PermissionLevel::Everyone,
                None
            ),
            (
                &PermissionType::PrivateChannelAccess,
                &PermissionLevel::NamedEntities,
                Some(1)
            ),
            (
                &PermissionType::PrivateChannelMessageAccess,
                &PermissionLevel::NoOne,
                None
            ),
        ]
    );
    assert_eq!(response.validate(), Ok(()));
}

/// The two formats are told apart by the field only each has (`permissions`, `permission`),
/// wherever it comes in the object; a value with the key but of another shape is `Other`.
#[test]
fn permission_formats_are_told_apart_by_their_key() {
    let (response, mismatches) = slack_api::lenient::collect(|| {
        decode(
            r#"{"ok": true, "permissions": {
                "late": {"user_ids": ["U1"], "team_ids": [], "permission": "named_entities"},
                "both": {"permission": "everyone", "permissions": []},
                "odd": {"permission": ["not", "a", "level"]}
            }}"#,
        )
    });
    let TriggerTypePermissions::Legacy(late) = &response.permissions["late"] else {
        panic!("{:?}", response.permissions["late"])
    };
    assert_eq!(late.user_ids.as_deref(), Some(&["U1".into()][..]));
    // Both keys: the first variant listed whose key the object has.
    assert!(matches!(
        response.permissions["both"],
        TriggerTypePermissions::Granular(_)
    ));
    assert_eq!(
        response.permissions["odd"],
        TriggerTypePermissions::Other(serde_json::json!({"permission": ["not", "a", "level"]}))
    );
    assert!(
        mismatches.contains(&"TriggerTypePermissions.permission".to_string()),
        "{mismatches:?}"
    );
}

/// A keyed union reads its value as JSON text: that works from a `serde_json::Value` too
/// (a response decoded with `from_value`, a union inside a tagged union's variant).
#[test]
fn permission_formats_decode_from_a_value_as_from_text() {
    let body = serde_json::json!({"ok": true, "permissions": {
        "A": {"permission": "everyone"},
        "B": {"permissions": [{"type": "trigger_type", "permission": "no_one"}]},
        "C": {"mode": "future"}
    }});
    let from_value: LookupResponse = serde_json::from_value(body.clone()).unwrap();
    let from_borrowed = LookupResponse::deserialize(&body).unwrap();
    assert_eq!(from_value, decode(&body.to_string()));
    assert_eq!(from_borrowed, from_value);
    assert!(matches!(
        from_value.permissions["A"],
        TriggerTypePermissions::Legacy(_)
    ));
    assert!(matches!(
        from_value.permissions["B"],
        TriggerTypePermissions::Granular(_)
    ));
    assert!(matches!(
        from_value.permissions["C"],
        TriggerTypePermissions::Other(_)
    ));
}

#[test]
fn unknown_values_fields_and_shapes_are_kept() {
    let response = decode(
        r#"{"ok": true, "brand_new": 1, "permissions": {
            "A": {"permission": "admins_only", "group_ids": ["G1"]},
            "B": {"permissions": [{"type": "canvas_access", "permission": "everyone"}]},
            "C": {"mode": "future"}
        }}"#,
    );
    assert_eq!(response.extra["brand_new"], 1);
    let TriggerTypePermissions::Legacy(a) = &response.permissions["A"] else {
        panic!()
    };
    assert_eq!(a.permission, PermissionLevel::Unknown("admins_only".into()));
    assert_eq!(a.permission.as_str(), "admins_only");
    assert_eq!(a.extra["group_ids"], serde_json::json!(["G1"]));
    let TriggerTypePermissions::Granular(b) = &response.permissions["B"] else {
        panic!()
    };
    assert_eq!(
        b.permissions[0].r#type,
        PermissionType::Unknown("canvas_access".into())
    );
    assert_eq!(
        response.permissions["C"],
        TriggerTypePermissions::Other(serde_json::json!({"mode": "future"}))
    );
    // What came in goes out again.
    let back = serde_json::to_value(&response).unwrap();
    assert_eq!(back["permissions"]["A"]["permission"], "admins_only");
    assert_eq!(back["brand_new"], 1);
}

#[test]
fn named_entities_rule_rejects_empty_id_lists() {
    // Toggle OFF: named_entities with no list, and with only empty lists.
    let response = decode(
        r#"{"ok": true, "permissions": {
            "F1": {"permission": "named_entities"},
            "F2": {"permission": "named_entities", "user_ids": [], "team_ids": []},
            "F3": {"permission": "named_entities", "org_ids": ["E1"]},
            "F4": {"permission": "everyone"}
        }}"#,
    );
    let violations = response.validate().unwrap_err();
    let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, vec!["permissions.F1", "permissions.F2"]);
    assert!(
        violations[0]
            .rule
            .contains("at least one of user_ids, team_ids, or org_ids"),
        "{}",
        violations[0]
    );

    // Toggle ON: checked per item of the array.
    let response = decode(
        r#"{"ok": true, "permissions": {"F1": {"permissions": [
            {"type": "trigger_type", "permission": "named_entities", "user_ids": ["U1"]},
            {"type": "private_channel_access", "permission": "named_entities", "org_ids": []},
            {"type": "private_channel_message_access", "permission": "no_one"}
        ]}}}"#,
    );
    let violations = response.validate().unwrap_err();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].path, "permissions.F1.permissions[1]");
    assert!(violations[0].rule.contains("for that item"));
}

#[test]
fn every_error_code_of_the_lookup_table_parses_to_its_own_variant() {
    let meta = <slack_api::methods::AdminWorkflowsTriggersTypesPermissionsLookup as Method>::META;
    let codes: Vec<&str> = meta.error_codes().collect();
    assert_eq!(codes.len(), 32, "the page's error table has 32 rows");
    for code in codes {
        let parsed = LookupError::from_code(code);
        assert!(!matches!(parsed, LookupError::Unknown(_)), "{code}");
        assert_eq!(parsed.code(), code);
        assert!(parsed.description().is_some());
    }
    assert_eq!(
        LookupError::from_code("trigger_type_id_not_found"),
        LookupError::TriggerTypeIdNotFound
    );
    assert_eq!(
        LookupError::from_code("restricted_action"),
        LookupError::RestrictedAction
    );
    assert_eq!(
        LookupError::from_code("ratelimited"),
        LookupError::Common(CommonError::Ratelimited)
    );
    assert_eq!(
        LookupError::from_code("brand_new_code"),
        LookupError::Unknown("brand_new_code".into())
    );
    assert_eq!(
        LookupError::from_code("brand_new_code").to_string(),
        "brand_new_code"
    );
    assert_eq!(
        LookupError::TriggerTypeIdNotFound.to_string(),
        "trigger_type_id_not_found: The given trigger type ID(s) do not map to valid trigger types"
    );
}

#[test]
fn every_error_code_of_the_request_table_parses_to_its_own_variant() {
    let meta = AppsPermissionsUsersRequest::META;
    // 22 table rows and invalid_trigger_id, shown on the page as the failure response.
    let codes: Vec<&str> = meta.error_codes().collect();
    assert_eq!(codes.len(), 23);
    for code in codes {
        let parsed = RequestError::from_code(code);
        assert!(!matches!(parsed, RequestError::Unknown(_)), "{code}");
        assert_eq!(parsed.code(), code);
    }
    for (code, own) in [
        ("trigger_exchanged", RequestError::TriggerExchanged),
        ("invalid_user", RequestError::InvalidUser),
        ("invalid_scope", RequestError::InvalidScope),
        ("invalid_trigger", RequestError::InvalidTrigger),
        ("is_bot", RequestError::IsBot),
        ("invalid_trigger_id", RequestError::InvalidTriggerId),
    ] {
        assert_eq!(RequestError::from_code(code), own);
    }
    assert_eq!(
        RequestError::from_code("not_authed"),
        RequestError::Common(CommonError::NotAuthed)
    );
    assert_eq!(
        RequestError::from_code("nope"),
        RequestError::Unknown("nope".into())
    );
    assert_eq!(meta.warnings, &["missing_charset", "superfluous_charset"]);
}

#[test]
fn request_metadata_matches_its_page() {
    let meta = AppsPermissionsUsersRequest::META;
    assert_eq!(meta.name, "apps.permissions.users.request");
    assert_eq!(meta.http_method, HttpMethod::Get);
    assert_eq!(meta.content_types, &[ContentType::Form]);
    assert!(!meta.accepts_json());
    assert_eq!(meta.rate_limit, RateLimit::Tier(2));
    assert!(!meta.idempotent, "prompting a user is not safe to repeat");
    let names: Vec<&str> = meta.arguments.iter().map(|a| a.name).collect();
    assert_eq!(names, ["scopes", "trigger_id", "user"]);
    assert!(meta.arguments.iter().all(|a| a.required));
    // "A comma separated list of user scopes".
    assert_eq!(meta.arguments[0].encoding, slack_api::Encoding::CommaList);
    assert_eq!(meta.tokens.len(), 1);
    assert_eq!(meta.tokens[0].token_type, TokenType::User);
    assert!(meta
        .deprecated
        .is_some_and(|d| d.note.contains("developer preview")));

    // All three arguments are required: the constructor takes them.
    let request = AppsPermissionsUsersRequest::new(["channels:read", "chat:write"], "T.123", "U1");
    assert_eq!(
        request.scopes,
        vec!["channels:read".to_string(), "chat:write".to_string()]
    );
    assert_eq!(
        (request.trigger_id.as_str(), request.user.as_str()),
        ("T.123", "U1")
    );
    let ok: AppsPermissionsUsersRequestResponse = serde_json::from_str(r#"{"ok": true}"#).unwrap();
    assert!(ok.ok && ok.extra.is_empty());
}

#[test]
fn lookup_metadata_matches_its_page() {
    let meta = <slack_api::methods::AdminWorkflowsTriggersTypesPermissionsLookup as Method>::META;
    assert_eq!(
        meta.name,
        "admin.workflows.triggers.types.permissions.lookup"
    );
    assert_eq!(meta.http_method, HttpMethod::Post);
    assert_eq!(meta.content_types, &[ContentType::Form, ContentType::Json]);
    assert!(meta.accepts_json());
    assert_eq!(meta.rate_limit, RateLimit::Tier(2));
    assert!(meta.idempotent);
    let names: Vec<&str> = meta.arguments.iter().map(|a| a.name).collect();
    assert_eq!(names, ["trigger_type_ids"]);
    assert_eq!(
        meta.arguments[0].ty,
        slack_api::ArgType::List(&slack_api::ArgType::String)
    );
    assert_eq!(meta.arguments[0].ty.to_string(), "array<string>");
    assert_eq!(meta.arguments[0].encoding, slack_api::Encoding::JsonArray);
    assert_eq!(meta.tokens[0].token_type, TokenType::User);
    assert!(meta.deprecated.is_none());
    assert_eq!(slack_api::MethodMeta::find(meta.name), Some(meta));
    assert_eq!(slack_api::MethodMeta::find("no.such.method"), None);
}
