//! Request signing: vectors from Slack's Python SDK, the five-minute window both ways, one
//! altered byte, rotated secrets, missing and malformed headers.

mod support;

use slack_events::{sign, Rejected, Verifier, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use support::{at, NOW};

/// `(secret, timestamp, body, X-Slack-Signature)`, the signatures computed once with Slack's
/// Python SDK (`pip install slack_sdk==3.36.0`), not with this crate:
///
/// ```python
/// from slack_sdk.signature import SignatureVerifier
/// SignatureVerifier(signing_secret=secret).generate_signature(timestamp=ts, body=body)
/// ```
///
/// The first is also the worked example of Slack's "Verifying requests from Slack" page
/// (a slash command's form body). `tests/python_peer.rs` compares more, made at run time.
const VECTORS: &[(&str, &str, &str, &str)] = &[
    (
        "8f742231b10e8888abcd99yyyzzz85a5",
        "1531420618",
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    ),
    (
        "old-secret",
        "1700000000",
        r#"{"token":"t","team_id":"T1","api_app_id":"A1","event":{"type":"app_mention","user":"U1","text":"<@U2> héllo","ts":"1700000000.000100","channel":"C1"},"type":"event_callback","event_id":"Ev01","event_time":1700000000}"#,
        "v0=b332db5bcee9b844a799dac45b687408cbfb96125a2f50d2b74adbe9f8ae6874",
    ),
    (
        "new-secret",
        "1700000000",
        r#"{"token":"t","team_id":"T1","api_app_id":"A1","event":{"type":"app_mention","user":"U1","text":"<@U2> héllo","ts":"1700000000.000100","channel":"C1"},"type":"event_callback","event_id":"Ev01","event_time":1700000000}"#,
        "v0=06552f773e4c0017aae35ba909e2e7570b4a4d32e286d366d73788cdb6d59dc7",
    ),
    (
        "s",
        "0",
        "",
        "v0=fe8bb928620ca34a170e342e8c778af4c454148145a7b73be50275367dcb2a7f",
    ),
];

fn headers(timestamp: &str, signature: &str) -> [(&'static str, String); 2] {
    [
        ("X-Slack-Request-Timestamp", timestamp.to_owned()),
        ("X-Slack-Signature", signature.to_owned()),
    ]
}

#[test]
fn slacks_python_sdk_vectors_verify_and_sign_the_same() {
    for (secret, timestamp, body, signature) in VECTORS {
        let seconds: i64 = timestamp.parse().unwrap();
        assert_eq!(
            sign(secret.as_bytes(), seconds, body.as_bytes()),
            *signature
        );
        let verifier = Verifier::new([secret]);
        let result = verifier.verify(&headers(timestamp, signature), body.as_bytes(), at(seconds));
        assert_eq!(result, Ok(()), "{secret} {timestamp}");
    }
}

#[test]
fn the_window_is_five_minutes_either_way() {
    let (secret, timestamp, body, signature) = VECTORS[1];
    let verifier = Verifier::new([secret]);
    let check =
        |now: i64| verifier.verify(&headers(timestamp, signature), body.as_bytes(), at(now));
    assert_eq!(check(NOW + 300), Ok(()));
    assert_eq!(check(NOW - 300), Ok(()));
    assert_eq!(check(NOW + 301), Err(Rejected::Stale { age_secs: 301 }));
    assert_eq!(check(NOW - 301), Err(Rejected::Stale { age_secs: -301 }));
    assert_eq!(
        check(NOW + 86_400),
        Err(Rejected::Stale { age_secs: 86_400 })
    );
    // A replay of a genuine request an hour later is refused before its signature is read.
    let replay = verifier.verify(&headers(timestamp, "v0=not-even-hex"), b"", at(NOW + 3600));
    assert_eq!(replay, Err(Rejected::Stale { age_secs: 3600 }));
}

#[test]
fn a_body_altered_by_one_byte_is_refused() {
    let (secret, timestamp, body, signature) = VECTORS[1];
    let verifier = Verifier::new([secret]);
    let headers = headers(timestamp, signature);
    for at_byte in [0, 1, body.len() / 2, body.len() - 1] {
        let mut altered = body.as_bytes().to_vec();
        altered[at_byte] ^= 0x01;
        let result = verifier.verify(&headers, &altered, at(NOW));
        assert_eq!(result, Err(Rejected::Mismatch), "byte {at_byte}");
    }
    // One byte more or less, and whitespace re-serialization would add, fail too.
    let longer = format!("{body} ");
    assert_eq!(
        verifier.verify(&headers, longer.as_bytes(), at(NOW)),
        Err(Rejected::Mismatch)
    );
    let shorter = &body.as_bytes()[..body.len() - 1];
    assert_eq!(
        verifier.verify(&headers, shorter, at(NOW)),
        Err(Rejected::Mismatch)
    );
    // So does the right body with another timestamp (signed into the basestring).
    let other_time = [
        ("X-Slack-Request-Timestamp", (NOW + 1).to_string()),
        ("X-Slack-Signature", signature.to_owned()),
    ];
    assert_eq!(
        verifier.verify(&other_time, body.as_bytes(), at(NOW)),
        Err(Rejected::Mismatch)
    );
}

#[test]
fn while_rotating_the_old_and_the_new_secret_are_accepted() {
    let (_, timestamp, body, old_signature) = VECTORS[1];
    let (_, _, _, new_signature) = VECTORS[2];
    let both = Verifier::new(["old-secret", "new-secret"]);
    let only_new = Verifier::new(["new-secret"]);
    for signature in [old_signature, new_signature] {
        let result = both.verify(&headers(timestamp, signature), body.as_bytes(), at(NOW));
        assert_eq!(result, Ok(()));
    }
    let old = only_new.verify(&headers(timestamp, old_signature), body.as_bytes(), at(NOW));
    assert_eq!(old, Err(Rejected::Mismatch));
    let none = Verifier::new(Vec::<String>::new());
    let result = none.verify(&headers(timestamp, new_signature), body.as_bytes(), at(NOW));
    assert_eq!(result, Err(Rejected::Mismatch));
}

#[test]
fn missing_headers_are_named() {
    let (secret, timestamp, body, signature) = VECTORS[1];
    let verifier = Verifier::new([secret]);
    let no_signature = [("X-Slack-Request-Timestamp", timestamp)];
    let no_timestamp = [("X-Slack-Signature", signature)];
    let nothing: [(&str, &str); 0] = [];
    let check = |headers: &[(&str, &str)]| verifier.verify(headers, body.as_bytes(), at(NOW));
    assert_eq!(
        check(&no_signature),
        Err(Rejected::MissingHeader(SIGNATURE_HEADER))
    );
    assert_eq!(
        check(&no_timestamp),
        Err(Rejected::MissingHeader(TIMESTAMP_HEADER))
    );
    assert!(matches!(check(&nothing), Err(Rejected::MissingHeader(_))));
    // Header names in any case, as HTTP says.
    let lower = [
        ("x-slack-request-timestamp", timestamp),
        ("x-slack-signature", signature),
    ];
    let upper = [
        ("X-SLACK-REQUEST-TIMESTAMP", timestamp),
        ("X-SLACK-SIGNATURE", signature),
    ];
    assert_eq!(check(&lower), Ok(()));
    assert_eq!(check(&upper), Ok(()));
}

#[test]
fn malformed_timestamps_and_signatures_are_told_apart() {
    let (secret, timestamp, body, signature) = VECTORS[1];
    let verifier = Verifier::new([secret]);
    let check = |timestamp: &str, signature: &str| {
        verifier.verify(&headers(timestamp, signature), body.as_bytes(), at(NOW))
    };
    for bad in [
        "",
        "abc",
        "-1700000000",
        "+1700000000",
        " 1700000000",
        "1700000000.5",
        "99999999999999999999",
    ] {
        assert_eq!(
            check(bad, signature),
            Err(Rejected::BadTimestamp),
            "{bad:?}"
        );
    }
    let hex = &signature[3..];
    for bad in [
        String::new(),
        hex.to_owned(),
        format!("v1={hex}"),
        format!("v0={}", &hex[1..]),
        format!("v0={hex}0"),
        format!("v0={}g", &hex[1..]),
        format!("v0= {}", &hex[1..]),
    ] {
        assert_eq!(
            check(timestamp, &bad),
            Err(Rejected::BadSignatureFormat),
            "{bad:?}"
        );
    }
    // Hex digits in upper case are the same bytes.
    assert_eq!(
        check(timestamp, &format!("v0={}", hex.to_uppercase())),
        Ok(())
    );
}

#[test]
fn debug_never_shows_a_secret() {
    let verifier = Verifier::new(["old-secret", "new-secret"]);
    let shown = format!(
        "{verifier:?} {:?}",
        slack_events::Receiver::new(verifier.clone())
    );
    assert!(!shown.contains("secret\""), "{shown}");
    assert!(
        !shown.contains("old-") && !shown.contains("new-"),
        "{shown}"
    );
    assert!(shown.contains("<2 hidden>"), "{shown}");
}
