//! `MethodMeta::minimal_response`: every method's smallest successful response, as the
//! spec allows it, decodes into the method's response type through the client's path,
//! with no field reported as a mismatch.
#![cfg(feature = "dispatch")]

use slack_api::{dispatch, lenient};

#[test]
fn every_minimal_response_decodes_cleanly() {
    let mut failed = Vec::new();
    for meta in slack_api::methods::ALL {
        let body = meta.minimal_response;
        let (decoded, mismatched) =
            lenient::collect(|| dispatch::decode_response(meta.name, body.as_bytes()));
        match decoded {
            Some(Ok(value)) if mismatched.is_empty() => {
                assert_eq!(value["ok"], true, "{}", meta.name);
            }
            Some(Ok(_)) => failed.push(format!("{}: mismatched {mismatched:?}", meta.name)),
            Some(Err(e)) => failed.push(format!("{}: {e}", meta.name)),
            None => failed.push(format!("{}: no decoder", meta.name)),
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} minimal responses do not decode cleanly:\n{}",
        failed.len(),
        slack_api::methods::ALL.len(),
        failed.join("\n")
    );
}

#[test]
fn minimal_responses_are_compact_json_objects_starting_with_ok() {
    for meta in slack_api::methods::ALL {
        let body = meta.minimal_response;
        assert!(body.starts_with(r#"{"ok":true"#), "{}: {body}", meta.name);
        let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(
            value.to_string().len(),
            body.len(),
            "{}: compact",
            meta.name
        );
    }
}

/// Each top-level field of a minimal response is one the response type needs: without it,
/// the body no longer decodes. (So the check above is not passing for want of teeth.)
#[test]
fn every_top_level_field_is_needed() {
    let mut checked = 0;
    for meta in slack_api::methods::ALL {
        let value: serde_json::Value = serde_json::from_str(meta.minimal_response).unwrap();
        for key in value.as_object().unwrap().keys() {
            let mut without = value.clone();
            without.as_object_mut().unwrap().remove(key);
            let body = without.to_string();
            let decoded = dispatch::decode_response(meta.name, body.as_bytes());
            assert!(
                matches!(decoded, Some(Err(_))),
                "{} decodes without `{key}`",
                meta.name
            );
            checked += 1;
        }
    }
    assert!(checked > slack_api::methods::ALL.len(), "{checked} fields");
}
