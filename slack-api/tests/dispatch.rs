//! `slack_api::dispatch`: any method's response decoded by name, through the client's path.
#![cfg(feature = "dispatch")]

use slack_api::{dispatch, Error, RawErrorCode};

#[test]
fn every_method_in_the_spec_has_a_decoder() {
    for meta in slack_api::methods::ALL {
        assert!(
            dispatch::decode_response(meta.name, b"{}").is_some(),
            "{} has no decoder",
            meta.name
        );
    }
    assert!(dispatch::decode_response("no.such.method", b"{}").is_none());
}

#[test]
fn decodes_the_typed_response_and_the_typed_error() {
    let body = br#"{"ok": true, "warning": "w1", "odd": 1}"#;
    let value = dispatch::decode_response("apps.permissions.users.request", body)
        .expect("in the spec")
        .expect("decodes");
    assert_eq!(value["warning"], "w1");
    assert_eq!(value["odd"], 1, "unknown fields are kept");

    let body = br#"{"ok": false, "error": "invalid_auth"}"#;
    match dispatch::decode_response("users.list", body).expect("in the spec") {
        Err(Error::Api { error, .. }) => assert_eq!(
            error.code,
            RawErrorCode::Common(slack_api::CommonError::InvalidAuth)
        ),
        other => panic!("expected the typed error, got {other:?}"),
    }
    match dispatch::decode_response("users.list", b"<html>") {
        Some(Err(Error::Decode { .. })) => {}
        other => panic!("expected a decode error, got {other:?}"),
    }
}
