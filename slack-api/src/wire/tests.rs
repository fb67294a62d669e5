//! The wire layer without a socket: each encoding encoded and read back to the same
//! arguments, the token's two places, and malformed requests as typed errors.

use std::borrow::Cow;

use super::*;
use crate::{ArgumentMeta, ContentType, Encoding, FileUpload, MethodMeta, ParamValue, RateLimit};

const TOKEN: &str = "xoxb-wire-test-token";
const BASE: &str = "https://slack.test/api/";

const fn meta(
    name: &'static str,
    http_method: HttpMethod,
    content_types: &'static [ContentType],
    arguments: &'static [ArgumentMeta],
) -> MethodMeta {
    MethodMeta {
        name,
        family: "test",
        description: "",
        docs_url: "",
        http_method,
        content_types,
        rate_limit: RateLimit::Tier(3),
        idempotent: false,
        auth: crate::Auth::Token,
        tokens: &[],
        deprecated: None,
        pagination: None,
        arguments,
        errors: &[],
        common_errors: &[],
        warnings: &[],
        minimal_response: r#"{"ok":true}"#,
        check_args: None,
    }
}

const ARGS: &[ArgumentMeta] = &[
    ArgumentMeta::required("channel", ArgType::String),
    ArgumentMeta::optional("text", ArgType::String),
    ArgumentMeta::optional("unfurl", ArgType::Boolean),
    ArgumentMeta::optional("limit", ArgType::Integer),
    ArgumentMeta::optional("ratio", ArgType::Number),
    ArgumentMeta::optional("blocks", ArgType::Json),
    ArgumentMeta::optional("users", ArgType::List(&ArgType::String)),
    ArgumentMeta::optional("ids", ArgType::List(&ArgType::Integer)).encoded(Encoding::JsonArray),
    ArgumentMeta::optional("sort", ArgType::Enum(&["asc", "desc"])),
    ArgumentMeta::optional("file", ArgType::File),
];
static GET: MethodMeta = meta("test.get", HttpMethod::Get, &[ContentType::Form], ARGS);
static FORM: MethodMeta = meta("test.form", HttpMethod::Post, &[ContentType::Form], ARGS);
static JSON: MethodMeta = meta(
    "test.json",
    HttpMethod::Post,
    &[ContentType::Form, ContentType::Json],
    ARGS,
);
static UPLOAD: MethodMeta = meta(
    "test.upload",
    HttpMethod::Post,
    &[ContentType::Form, ContentType::Multipart],
    ARGS,
);

/// Every kind of value the test methods take.
fn full(file: Option<&FileUpload>) -> Params<'_> {
    static BLOCKS: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    let blocks = BLOCKS.get_or_init(|| serde_json::json!([{"type": "divider", "n": 1.5}]));
    let mut p = Params::new();
    p.put("channel", "C1");
    p.put("text", "héllo & bye = 100%");
    p.put("unfurl", &false);
    p.put("limit", &20);
    p.put("ratio", &1.5);
    p.put("blocks", blocks);
    p.push(
        "users",
        ParamValue::List(vec![Cow::Borrowed("U1"), Cow::Borrowed("U 2")]),
    );
    p.push(
        "ids",
        ParamValue::List(vec![Cow::Borrowed("1"), Cow::Borrowed("-2")]),
    );
    p.put("sort", "desc");
    if let Some(file) = file {
        p.put("file", file);
    }
    p
}

/// The request as a server receives it.
fn incoming<'r>(request: &'r WireRequest<'_>, body: &'r [u8]) -> IncomingRequest<'r> {
    IncomingRequest {
        method: match request.method {
            HttpMethod::Get => "GET",
            _ => "POST",
        },
        query: request.query(),
        content_type: request.header("content-type"),
        authorization: request.header("authorization"),
        body,
    }
}

fn round_trip(meta: &MethodMeta, params: &Params<'_>) -> (WireRequest<'static>, DecodedRequest) {
    let request = encode(meta.name, Some(meta), params, BASE, TOKEN);
    let body = request.clone().into_body_bytes();
    let decoded = decode(Some(meta), &incoming(&request, &body)).unwrap();
    assert_eq!(decoded.token.as_ref().map(Token::expose), Some(TOKEN));
    assert_eq!(&decoded.params, params, "{request:?}");
    let owned = WireRequest {
        method: request.method,
        url: request.url.clone(),
        headers: request.headers.clone(),
        body: WireBody::Json(body),
    };
    (owned, decoded)
}

#[test]
fn get_puts_the_arguments_in_the_query_string() {
    let params = full(None);
    let (request, _) = round_trip(&GET, &params);
    assert_eq!(
        request.url,
        "https://slack.test/api/test.get?channel=C1&text=h%C3%A9llo+%26+bye+%3D+100%25\
         &unfurl=false&limit=20&ratio=1.5\
         &blocks=%5B%7B%22n%22%3A1.5%2C%22type%22%3A%22divider%22%7D%5D\
         &users=U1%2CU+2&ids=%5B%221%22%2C%22-2%22%5D&sort=desc"
    );
    assert_eq!(request.header("content-type"), None);
    assert_eq!(request.body, WireBody::Json(Vec::new()));
}

#[test]
fn form_post_with_a_list_and_a_json_value() {
    let params = full(None);
    let (request, decoded) = round_trip(&FORM, &params);
    assert_eq!(request.url, "https://slack.test/api/test.form");
    assert_eq!(request.header("content-type"), Some(FORM_CONTENT_TYPE));
    let WireBody::Json(body) = &request.body else {
        unreachable!()
    };
    assert_eq!(
        std::str::from_utf8(body).unwrap(),
        "channel=C1&text=h%C3%A9llo+%26+bye+%3D+100%25&unfurl=false&limit=20&ratio=1.5\
         &blocks=%5B%7B%22n%22%3A1.5%2C%22type%22%3A%22divider%22%7D%5D\
         &users=U1%2CU+2&ids=%5B%221%22%2C%22-2%22%5D&sort=desc"
    );
    assert!(decoded.warnings.is_empty());
}

#[test]
fn json_body_carries_lists_and_json_values_as_values() {
    let params = full(None);
    let (request, decoded) = round_trip(&JSON, &params);
    assert_eq!(request.header("content-type"), Some(JSON_CONTENT_TYPE));
    let WireBody::Json(body) = &request.body else {
        unreachable!()
    };
    assert_eq!(
        std::str::from_utf8(body).unwrap(),
        r#"{"channel":"C1","text":"héllo & bye = 100%","unfurl":false,"limit":20,"ratio":1.5,"blocks":[{"n":1.5,"type":"divider"}],"users":"U1,U 2","ids":["1","-2"],"sort":"desc"}"#
    );
    assert!(decoded.warnings.is_empty());
}

#[test]
fn a_file_makes_a_multipart_body() {
    let file = FileUpload::new("me \"1\".png", b"\x89PNG\r\n--\x00\xff".to_vec())
        .content_type("image/png");
    let params = full(Some(&file));
    let request = encode(UPLOAD.name, Some(&UPLOAD), &params, BASE, TOKEN);
    let WireBody::Multipart { boundary, parts } = &request.body else {
        panic!("not multipart: {request:?}")
    };
    assert_eq!(
        request.header("content-type"),
        Some(format!("multipart/form-data; boundary={boundary}").as_str())
    );
    assert_eq!(parts.len(), params.len());
    round_trip(&UPLOAD, &params);
    // A JSON-accepting method sends a file as multipart too.
    round_trip(&JSON, &params);
}

#[test]
fn a_method_the_spec_does_not_know_is_a_form_post_and_decodes_as_it_came() {
    let object = serde_json::json!({"a": "x", "b": true, "c": 3, "d": ["p", "q"], "e": {"k": 1}});
    let object = object.as_object().unwrap();
    let params = Params::from_json(object);
    let request = encode("some.method", None, &params, BASE, TOKEN);
    assert_eq!(request.method, HttpMethod::Post);
    assert_eq!(request.header("content-type"), Some(FORM_CONTENT_TYPE));
    let body = request.clone().into_body_bytes();
    assert_eq!(body, b"a=x&b=true&c=3&d=p%2Cq&e=%7B%22k%22%3A1%7D");
    let decoded = decode(None, &incoming(&request, &body)).unwrap();
    let text: Vec<(&str, Option<&str>)> = decoded
        .params
        .iter()
        .map(|(n, v)| (n, v.as_str()))
        .collect();
    assert_eq!(
        text,
        [
            ("a", Some("x")),
            ("b", Some("true")),
            ("c", Some("3")),
            ("d", Some("p,q")),
            ("e", Some("{\"k\":1}"))
        ]
    );
}

#[test]
fn the_token_is_only_in_the_authorization_header_and_never_shown() {
    for meta in [&GET, &FORM, &JSON, &UPLOAD] {
        let file = FileUpload::new("a.txt", b"x".to_vec());
        let params = full(Some(&file));
        let request = encode(meta.name, Some(meta), &params, BASE, TOKEN);
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert!(!request.url.contains(TOKEN));
        let debug = format!("{request:?}");
        assert!(!debug.contains(TOKEN), "{debug}");
        let body = request.clone().into_body_bytes();
        assert!(!body.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()));
        let decoded = decode(Some(meta), &incoming(&request, &body)).unwrap();
        assert!(!format!("{decoded:?}").contains(TOKEN));
    }
}

#[test]
fn the_token_may_also_come_as_an_argument() {
    let form = format!("token={TOKEN}&channel=C1");
    let json = format!(r#"{{"token":"{TOKEN}","channel":"C1"}}"#);
    let query = format!("token={TOKEN}");
    for (content_type, body, query) in [
        (Some(FORM_CONTENT_TYPE), form.as_bytes(), None),
        (Some(JSON_CONTENT_TYPE), json.as_bytes(), None),
        (None, &b""[..], Some(query.as_str())),
    ] {
        let request = IncomingRequest {
            method: "POST",
            query,
            content_type,
            authorization: None,
            body,
        };
        let decoded = decode(Some(&FORM), &request).unwrap();
        assert_eq!(decoded.token.as_ref().map(Token::expose), Some(TOKEN));
        assert!(!decoded.params.contains("token"));
    }
    // The header wins over an argument.
    let request = IncomingRequest {
        method: "POST",
        content_type: Some(FORM_CONTENT_TYPE),
        authorization: Some("bearer xoxb-header"),
        body: form.as_bytes(),
        ..Default::default()
    };
    let decoded = decode(Some(&FORM), &request).unwrap();
    assert_eq!(decoded.token.unwrap().expose(), "xoxb-header");
}

fn post(content_type: Option<&str>, body: &[u8]) -> Result<DecodedRequest, WireError> {
    decode(
        Some(&FORM),
        &IncomingRequest {
            method: "POST",
            content_type,
            authorization: Some("Bearer x"),
            body,
            ..Default::default()
        },
    )
}

/// Malformed requests to `test.form`: verb, content type, body, and Slack's error code.
#[rustfmt::skip]
const MALFORMED: &[(&str, Option<&str>, &[u8], &str)] = &[
    ("POST", None, b"a=1", "missing_post_type"),
    ("POST", Some("text/plain"), b"a=1", "invalid_post_type"),
    ("PUT", Some(FORM_CONTENT_TYPE), b"a=1", "invalid_post_type"),
    (
        "POST",
        Some("application/x-www-form-urlencoded; charset=koi8-r"),
        b"a=1",
        "invalid_charset",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"a=%zz",
        "invalid_form_data",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"a=%C3%28",
        "invalid_form_data",
    ),
    ("POST", Some(JSON_CONTENT_TYPE), b"{\"a\":", "invalid_json"),
    ("POST", Some(JSON_CONTENT_TYPE), b"[1,2]", "invalid_json"),
    (
        "POST",
        Some("multipart/form-data"),
        b"--x\r\n",
        "invalid_form_data",
    ),
    (
        "POST",
        Some("multipart/form-data; boundary=x"),
        b"--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--",
        "invalid_form_data",
    ),
    (
        "POST",
        Some("multipart/form-data; boundary=x"),
        b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",
        "invalid_form_data",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"limit=ten",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"unfurl=maybe",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"ratio=x",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"blocks=%5B",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"ids=%5B%22a%22%5D",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(FORM_CONTENT_TYPE),
        b"file=x",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(JSON_CONTENT_TYPE),
        b"{\"limit\":1.5}",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(JSON_CONTENT_TYPE),
        b"{\"channel\":{}}",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(JSON_CONTENT_TYPE),
        b"{\"users\":[[1]]}",
        "invalid_arguments",
    ),
    (
        "POST",
        Some(JSON_CONTENT_TYPE),
        b"{\"token\":1}",
        "invalid_arguments",
    ),
];

#[test]
fn malformed_requests_are_typed_errors() {
    let cases = MALFORMED;
    for (method, content_type, body, code) in cases {
        let result = decode(
            Some(&FORM),
            &IncomingRequest {
                method,
                content_type: *content_type,
                body,
                ..Default::default()
            },
        );
        let err = result.expect_err(&String::from_utf8_lossy(body));
        assert_eq!(
            err.slack_error(),
            *code,
            "{err} for {:?}",
            String::from_utf8_lossy(body)
        );
    }
    let err = post(Some(FORM_CONTENT_TYPE), b"limit=ten").unwrap_err();
    assert_eq!(
        err,
        WireError::InvalidArgument {
            argument: "limit".into(),
            expected: ArgType::Integer,
            found: "ten".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "argument `limit`: expected integer, got ten"
    );
    let bad_auth = decode(
        Some(&FORM),
        &IncomingRequest {
            method: "GET",
            authorization: Some("Basic abc"),
            ..Default::default()
        },
    );
    assert_eq!(bad_auth.unwrap_err(), WireError::InvalidAuthorization);
}

#[test]
fn charsets_give_slacks_warnings() {
    let json = post(Some("application/json"), b"{\"channel\":\"C1\"}").unwrap();
    assert_eq!(json.warnings, [WireWarning::MissingCharset]);
    let form = post(
        Some("application/x-www-form-urlencoded; charset=utf-8"),
        b"channel=C1",
    )
    .unwrap();
    assert_eq!(form.warnings, [WireWarning::SuperfluousCharset]);
    let latin1 = post(
        Some("application/x-www-form-urlencoded; charset=iso-8859-1"),
        b"text=%E9",
    )
    .unwrap();
    assert_eq!(
        latin1.params.get("text").and_then(ParamValue::as_str),
        Some("é")
    );
    // Lists: comma-separated, or a JSON array, either way; booleans as 1/0 too.
    let lists = post(
        Some(FORM_CONTENT_TYPE),
        b"users=%5B%22U1%22%5D&unfurl=1&ids=",
    )
    .unwrap();
    assert_eq!(
        lists.params.get("users"),
        Some(&ParamValue::List(vec![Cow::Borrowed("U1")]))
    );
    assert_eq!(lists.params.get("unfurl"), Some(&ParamValue::Bool(true)));
    assert_eq!(lists.params.get("ids"), Some(&ParamValue::List(Vec::new())));
    // A list the metadata encodes as a JSON array, sent comma-separated (as Slack's Python
    // SDK sends lists): Slack takes it, and so does the decoder.
    let commas = post(Some(FORM_CONTENT_TYPE), b"ids=1%2C-2").unwrap();
    assert_eq!(
        commas.params.get("ids"),
        Some(&ParamValue::List(vec![
            Cow::Borrowed("1"),
            Cow::Borrowed("-2")
        ]))
    );
    // A JSON call without arguments may have an empty body.
    let empty = post(Some(JSON_CONTENT_TYPE), b" ").unwrap();
    assert_eq!(empty.params.len(), 0);
}

/// A small xorshift generator: the same garbage on every run.
struct Garbage(u64);

impl Garbage {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut out = seed.to_vec();
        let edits = self.next() % 8;
        for _ in 0..edits {
            let at = (self.next() as usize) % (out.len() + 1);
            const BYTES: &[u8] = b"\r\n-=&%\"{}[]:;,x\x00\xff";
            let byte = BYTES[(self.next() as usize) % BYTES.len()];
            match self.next() % 3 {
                0 if at < out.len() => out[at] = byte,
                1 if at < out.len() => {
                    out.truncate(at);
                }
                _ => out.insert(at, byte),
            }
        }
        out
    }
}

#[test]
fn garbage_never_panics() {
    let file = FileUpload::new("f.bin", b"\r\n--\x00".to_vec()).content_type("a/b");
    let params = full(Some(&file));
    let multipart = encode(UPLOAD.name, Some(&UPLOAD), &params, BASE, TOKEN);
    let multipart_type = multipart.header("content-type").unwrap().to_owned();
    let seeds: Vec<(String, Vec<u8>)> = vec![
        (multipart_type, multipart.into_body_bytes()),
        (
            FORM_CONTENT_TYPE.into(),
            encode("t", Some(&FORM), &full(None), BASE, TOKEN).into_body_bytes(),
        ),
        (
            JSON_CONTENT_TYPE.into(),
            encode("t", Some(&JSON), &full(None), BASE, TOKEN).into_body_bytes(),
        ),
    ];
    let mut garbage = Garbage(0x9e37_79b9_7f4a_7c15);
    let mut read_whole = 0;
    for round in 0..10_000 {
        let (content_type, seed) = &seeds[round % seeds.len()];
        let body = garbage.bytes(seed);
        // Most rounds keep the content type and query whole, so that the body is read.
        let mangle = garbage.next() % 4 == 0;
        let content_type = match mangle {
            true => String::from_utf8_lossy(&garbage.bytes(content_type.as_bytes())).into_owned(),
            false => content_type.clone(),
        };
        let query = match mangle {
            true => String::from_utf8_lossy(&garbage.bytes(b"a=1&ids=%5B1%5D")).into_owned(),
            false => "a=1&ids=%5B1%5D".to_owned(),
        };
        let mut read = 0;
        for meta in [Some(&UPLOAD), None] {
            read += usize::from(
                decode(
                    meta,
                    &IncomingRequest {
                        method: "POST",
                        query: Some(&query),
                        content_type: Some(&content_type),
                        authorization: None,
                        body: &body,
                    },
                )
                .is_ok(),
            );
        }
        read_whole += read;
    }
    // Some mangled bodies still read: the loop reached the decoder's every stage.
    assert!(read_whole > 1000, "{read_whole}");
}

/// A method that authenticates with client credentials carries no token, and a server
/// reads the Basic header it gets as the app's ID and secret, not as a malformed token.
#[test]
fn client_credential_methods_carry_no_token_and_basic_is_read_back() {
    static APP: MethodMeta = MethodMeta {
        auth: crate::Auth::ClientCredentials,
        ..meta("test.app", HttpMethod::Post, &[ContentType::Form], ARGS)
    };
    let channel = Some("C1".to_owned());
    let mut params = Params::new();
    params.put("channel", &channel);
    let request = encode(APP.name, Some(&APP), &params, BASE, TOKEN);
    assert!(request
        .headers
        .iter()
        .all(|(name, _)| *name != "authorization"));
    let basic = crate::ClientCredentials::new("1.2", "s:cret").basic();
    let incoming = IncomingRequest {
        method: "POST",
        content_type: Some(FORM_CONTENT_TYPE),
        authorization: Some(&basic),
        body: b"channel=C1",
        ..IncomingRequest::default()
    };
    let decoded = decode(Some(&APP), &incoming).expect("a Basic header is no error here");
    assert!(decoded.token.is_none());
    let (id, secret) = basic_credentials(&basic).expect("decodes");
    assert_eq!((id.as_str(), secret.expose()), ("1.2", "s:cret"));
    assert!(
        decode(Some(&FORM), &incoming).is_err(),
        "a token method refuses Basic"
    );
}
