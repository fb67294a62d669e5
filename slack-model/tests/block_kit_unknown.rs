//! What this crate does not know stays as it came: a block, element, inline rich text
//! element or composition object of an unknown type decodes to the union's `Other`, a
//! field of another shape goes to `extra` (an item of another shape to the list's odd
//! ones), the rest stays typed, and encoding gives back exactly the JSON that came in.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use slack_model::block_kit::*;
use slack_model::lenient;

/// Decodes `json` as `T`, checks that encoding it again gives `json` back, and returns it
/// with the fields decoding found of another shape.
fn round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> (T, Vec<String>) {
    let (value, reports) = lenient::collect(|| serde_json::from_value::<T>(json.clone()));
    let value = value.unwrap_or_else(|e| panic!("does not decode: {e}"));
    let again = serde_json::to_value(&value).unwrap();
    assert_eq!(again, *json, "encoding it again changed it");
    (value, reports)
}

#[test]
fn an_unknown_block_is_kept_whole_among_typed_blocks() {
    let poll = json!({
        "type": "poll",
        "block_id": "lunch-poll",
        "question": {"type": "plain_text", "text": "Lunch?"},
        "choices": [{"id": "pizza", "votes": 3}, {"id": "sushi", "votes": 5}]
    });
    let home = json!({
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Today"}},
            poll,
            {"type": "divider"}
        ]
    });
    let (view, reports) = round_trip::<ViewPayload>(&home);
    assert!(
        reports.is_empty(),
        "an unknown type is not a mismatch: {reports:?}"
    );
    let ViewPayload::Home(home) = view else {
        panic!("not a home view: {view:?}")
    };
    let blocks = home.blocks.as_deref().unwrap();
    assert!(matches!(&blocks[0], Block::Header(h) if h.text.text == "Today"));
    assert_eq!(blocks[1], Block::Other(poll));
    assert!(matches!(blocks[2], Block::Divider(_)));
}

#[test]
fn an_unknown_element_in_an_actions_block_is_kept_and_its_neighbours_stay_typed() {
    let slider = json!({
        "type": "slider",
        "action_id": "volume",
        "min": 0,
        "max": 11,
        "initial_value": 7
    });
    // An image is a known element, but not one an actions block accepts.
    let image =
        json!({"type": "image", "image_url": "https://assets.example.com/a.png", "alt_text": "a"});
    let block = json!({
        "type": "actions",
        "block_id": "controls",
        "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Play"}, "action_id": "play"},
            slider,
            image,
            {"type": "datepicker", "action_id": "when"}
        ]
    });
    let (block, reports) = round_trip::<Block>(&block);
    assert!(reports.is_empty(), "{reports:?}");
    let Block::Actions(actions) = block else {
        panic!("not an actions block: {block:?}")
    };
    assert_eq!(actions.block_id.as_deref(), Some("controls"));
    assert!(matches!(&actions.elements[0], ActionsElement::Button(b) if b.text.text == "Play"));
    assert_eq!(actions.elements[1], ActionsElement::Other(slider));
    assert_eq!(actions.elements[2], ActionsElement::Other(image));
    assert!(
        matches!(&actions.elements[3], ActionsElement::DatePicker(d) if d.action_id.as_deref() == Some("when"))
    );
}

#[test]
fn an_unknown_inline_rich_text_element_is_kept_in_its_section() {
    let sticker = json!({"type": "sticker", "sticker_id": "St0123", "alt": "a waving cat"});
    let block = json!({
        "type": "rich_text",
        "elements": [{
            "type": "rich_text_section",
            "elements": [
                {"type": "text", "text": "Welcome "},
                sticker,
                {"type": "user", "user_id": "U0123ABCD"}
            ]
        }]
    });
    let (block, reports) = round_trip::<Block>(&block);
    assert!(reports.is_empty(), "{reports:?}");
    let Block::RichText(rich_text) = block else {
        panic!("not a rich_text block: {block:?}")
    };
    let RichTextContainer::Section(section) = &rich_text.elements[0] else {
        panic!("not a section: {:?}", rich_text.elements[0])
    };
    assert!(matches!(&section.elements[0], RichTextInline::Text(t) if t.text == "Welcome "));
    assert_eq!(section.elements[1], RichTextInline::Other(sticker));
    assert!(matches!(&section.elements[2], RichTextInline::User(u) if u.user_id == "U0123ABCD"));
}

#[test]
fn unknown_composition_objects_are_kept_where_they_are() {
    // A text object of a type Slack may add later, as a section's text and as one of its fields.
    let fancy = json!({"type": "fancy_text", "text": "*hi*", "font": "serif"});
    let block = json!({
        "type": "section",
        "text": fancy,
        "fields": [{"type": "mrkdwn", "text": "*Owner*"}, fancy]
    });
    let (block, reports) = round_trip::<Block>(&block);
    assert!(reports.is_empty(), "{reports:?}");
    let Block::Section(section) = block else {
        panic!("not a section: {block:?}")
    };
    assert_eq!(
        section.text.as_deref(),
        Some(&TextObject::Other(fancy.clone()))
    );
    let fields = section.fields.as_deref().unwrap();
    assert!(matches!(&fields[0], TextObject::Mrkdwn(m) if m.text == "*Owner*"));
    assert_eq!(fields[1], TextObject::Other(fancy));

    // A citation of a source kind not documented yet: the citation itself stays typed.
    let video = json!({"citation_type": "video", "video_id": "v-77", "at_seconds": 42});
    let citation = json!({
        "type": "citation",
        "url": "https://video.example.com/v-77",
        "text": "1",
        "index": 1,
        "details": video
    });
    let (inline, reports) = round_trip::<RichTextInline>(&citation);
    assert!(reports.is_empty(), "{reports:?}");
    let RichTextInline::Citation(citation) = inline else {
        panic!("not a citation: {inline:?}")
    };
    assert_eq!(citation.index, 1);
    assert_eq!(*citation.details, RichTextCitationDetails::Other(video));
}

#[test]
fn a_known_field_of_another_shape_is_kept_raw_and_written_back() {
    let block = json!({
        "type": "section",
        "block_id": "summary",
        "text": {"type": "mrkdwn", "text": "Build *passed*"},
        "expand": "yes",
        "fields": [{"type": "mrkdwn", "text": "*Duration*"}, 42, {"type": "plain_text", "text": "4 min"}],
        "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Logs"}, "action_id": "logs"}
    });
    let (block, reports) = round_trip::<Block>(&block);
    let Block::Section(section) = block else {
        panic!("not a section: {block:?}")
    };
    // `expand` should be a boolean: kept raw in `extra`, the field unset.
    assert_eq!(section.expand, None);
    assert_eq!(section.extra.get("expand"), Some(&json!("yes")));
    // An item of another shape is kept at its place, apart from the typed ones.
    let fields = section.fields.as_ref().unwrap();
    assert_eq!(fields.len(), 2);
    assert_eq!(fields.odd().len(), 1);
    assert_eq!(
        (fields.odd()[0].at, &fields.odd()[0].value),
        (1, &json!(42))
    );
    // The rest stays typed.
    assert_eq!(section.block_id.as_deref(), Some("summary"));
    assert!(
        matches!(section.text.as_deref(), Some(TextObject::Mrkdwn(m)) if m.text == "Build *passed*")
    );
    assert!(matches!(
        section.accessory.as_deref(),
        Some(SectionAccessory::Button(_))
    ));
    assert_eq!(reports, ["SectionBlock.expand", "SectionBlock.fields[1]"]);
}

#[test]
fn a_known_block_or_element_missing_a_field_it_needs_is_kept_whole() {
    // A header needs its text; a workflow button its workflow.
    let header = json!({"type": "header", "block_id": "title"});
    let workflow_button = json!({
        "type": "workflow_button",
        "text": {"type": "plain_text", "text": "Run"},
        "action_id": "run"
    });
    let view = json!({
        "type": "modal",
        "title": {"type": "plain_text", "text": "Runner"},
        "blocks": [
            header,
            {"type": "actions", "elements": [workflow_button, {"type": "button", "text": {"type": "plain_text", "text": "Stop"}, "action_id": "stop"}]}
        ]
    });
    let (view, reports) = round_trip::<ModalView>(&view);
    let blocks = view.blocks.as_deref().unwrap();
    assert_eq!(blocks[0], Block::Other(header));
    let Block::Actions(actions) = &blocks[1] else {
        panic!("not an actions block: {:?}", blocks[1])
    };
    assert_eq!(actions.elements[0], ActionsElement::Other(workflow_button));
    assert!(matches!(&actions.elements[1], ActionsElement::Button(_)));
    // Each is reported, as a value its `type` names but that does not fit that type.
    assert_eq!(reports, ["Block.type", "ActionsElement.type"]);
}

/// Decodes JSON text as `T`, its keys in the order written and its strings borrowed from
/// it (`json!` sorts keys, and `from_value` owns every string), with the reports.
fn from_text<T: DeserializeOwned>(text: &str) -> (T, Vec<String>) {
    let (value, reports) = lenient::collect(|| serde_json::from_str::<T>(text));
    (value.unwrap_or_else(|e| panic!("{text}: {e}")), reports)
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_tag_picks_the_variant_wherever_it_comes_in_the_object() {
    // Slack writes `type` first; an object whose tag comes later (the same block, its keys
    // in other orders, down to the nested button and text objects) is the same variant.
    let orders = [
        r#"{"type":"section","block_id":"s1","text":{"type":"mrkdwn","text":"*hi*"},"accessory":{"type":"button","text":{"type":"plain_text","text":"Go"},"action_id":"go"}}"#,
        r#"{"block_id":"s1","type":"section","text":{"text":"*hi*","type":"mrkdwn"},"accessory":{"text":{"type":"plain_text","text":"Go"},"action_id":"go","type":"button"}}"#,
        r#"{"block_id":"s1","text":{"text":"*hi*","type":"mrkdwn"},"accessory":{"action_id":"go","text":{"text":"Go","type":"plain_text"},"type":"button"},"type":"section"}"#,
        // An escaped tag is the same text.
        r#"{"block_id":"s1","type":"sec\u0074ion","text":{"type":"mrkdwn","text":"*hi*"},"accessory":{"type":"button","text":{"type":"plain_text","text":"Go"},"action_id":"go"}}"#,
    ];
    for text in orders {
        let (block, reports) = from_text::<Block>(text);
        assert!(reports.is_empty(), "{text}: {reports:?}");
        let Block::Section(section) = &block else {
            panic!("{text}: not a section: {block:?}")
        };
        assert_eq!(section.r#type, "section");
        assert_eq!(section.block_id.as_deref(), Some("s1"));
        assert!(section.extra.is_empty(), "{text}: {:?}", section.extra);
        assert!(
            matches!(section.text.as_deref(), Some(TextObject::Mrkdwn(m)) if m.text == "*hi*"),
            "{text}"
        );
        assert!(
            matches!(section.accessory.as_deref(), Some(SectionAccessory::Button(b)) if b.action_id.as_deref() == Some("go") && b.text.text == "Go"),
            "{text}"
        );
        // Encoded again, it is the object that came; decoded from a `Value`, the same.
        assert_eq!(serde_json::to_value(&block).unwrap(), parse(text));
        assert_eq!(serde_json::from_value::<Block>(parse(text)).unwrap(), block);
    }
}

#[test]
fn a_known_variant_that_does_not_fit_is_kept_whole_and_reported_wherever_its_tag_comes() {
    // A header needs its text; an actions block's elements are a list.
    for text in [
        r#"{"type":"header","block_id":"title"}"#,
        r#"{"block_id":"title","type":"header"}"#,
        r#"{"type":"actions","block_id":"a1","elements":{"type":"button"}}"#,
        r#"{"block_id":"a1","elements":{"type":"button"},"type":"actions"}"#,
    ] {
        let (block, reports) = from_text::<Block>(text);
        assert_eq!(block, Block::Other(parse(text)), "{text}");
        assert_eq!(reports, ["Block.type"], "{text}");
    }
    // A button whose text is not a text object, with fields that did decode (a whole
    // confirmation dialog among them): the button is kept whole, as it came, among its
    // typed neighbours, and reported.
    let button = r#"{"type":"button","action_id":"deploy","text":"Deploy","style":"danger","confirm":{"title":{"type":"plain_text","text":"Sure?"},"text":{"type":"mrkdwn","text":"It *ships*."},"confirm":{"type":"plain_text","text":"Yes","emoji":true},"deny":{"type":"plain_text","text":"No"}},"value":"v2"}"#;
    for text in [
        format!(
            r#"{{"type":"actions","elements":[{button},{{"type":"button","text":{{"type":"plain_text","text":"Stop"}}}}]}}"#
        ),
        format!(
            r#"{{"elements":[{button},{{"text":{{"type":"plain_text","text":"Stop"}},"type":"button"}}],"type":"actions"}}"#
        ),
    ] {
        let (block, reports) = from_text::<Block>(&text);
        let Block::Actions(actions) = &block else {
            panic!("not an actions block: {block:?}")
        };
        assert_eq!(actions.elements[0], ActionsElement::Other(parse(button)));
        assert!(matches!(&actions.elements[1], ActionsElement::Button(b) if b.text.text == "Stop"));
        assert_eq!(reports, ["ActionsElement.type"]);
        assert_eq!(serde_json::to_value(&block).unwrap(), parse(&text));
    }
}

#[test]
fn an_unknown_missing_or_odd_tag_keeps_the_object_whole() {
    for text in [
        r#"{"type":"poll","block_id":"p","choices":[{"id":"a","votes":1}]}"#,
        r#"{"block_id":"p","choices":[{"id":"a","votes":1}],"type":"poll"}"#,
        r#"{"type":7,"block_id":"p","text":"x"}"#,
        r#"{"block_id":"p","type":null,"text":"x"}"#,
        r#"{"block_id":"p","type":{"name":"section"}}"#,
        r#"{"block_id":"p"}"#,
        r#"{}"#,
    ] {
        let (block, reports) = from_text::<Block>(text);
        assert_eq!(block, Block::Other(parse(text)), "{text}");
        assert!(reports.is_empty(), "{text}: {reports:?}");
        assert_eq!(serde_json::to_value(&block).unwrap(), parse(text));
    }
    // Not an object: an error for a block on its own, an odd item in a list of blocks.
    let err = serde_json::from_str::<Block>(r#""divider""#).unwrap_err();
    assert!(err.to_string().contains("Block: found a string"), "{err}");
    let (blocks, reports) = from_text::<slack_model::List<Block>>(
        r#"[{"type":"divider"},"divider",{"type":"divider"}]"#,
    );
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        (blocks.odd()[0].at, &blocks.odd()[0].value),
        (1, &json!("divider"))
    );
    assert_eq!(reports, ["[1]"]);
}

/// A `number` read as a whole number goes back as one (`3`, not `3.0`), and a `null` goes
/// back as a `null`: a value read and written again is the same JSON, number for number.
#[test]
fn whole_numbers_and_nulls_go_back_as_they_came() {
    let table = json!({
        "type": "data_table",
        "caption": "Sales",
        "rows": [
            [{"type": "raw_text", "text": "region"}, {"type": "raw_text", "text": "units"}],
            [{"type": "raw_text", "text": "north"}, {"type": "raw_number", "value": 3}],
            [{"type": "raw_text", "text": "south"}, {"type": "raw_number", "value": 2.5}],
            [{"type": "raw_text", "text": "west"}, {"type": "raw_number", "value": -40, "text": null}]
        ]
    });
    let (block, reports) = round_trip::<Block>(&table);
    assert!(reports.is_empty(), "{reports:?}");
    let Block::DataTable(decoded) = &block else {
        panic!("a data table: {block:?}");
    };
    let DataTableBlockCell::RawNumber(cell) = &decoded.rows[1][1] else {
        panic!("a number cell");
    };
    assert_eq!(cell.value, Some(3.0));
    let text = serde_json::to_string(&block).unwrap();
    assert!(text.contains(r#""value":3}"#), "{text}");
    assert!(text.contains(r#""value":2.5}"#), "{text}");
    assert!(text.contains(r#""value":-40,"text":null}"#), "{text}");
    assert_eq!(serde_json::to_value(&block).unwrap(), table);
}
