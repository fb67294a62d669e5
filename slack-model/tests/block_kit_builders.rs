//! Building Block Kit payloads in Rust, as a user would: `new` with the required fields,
//! setters for the rest, `.into()` to put a block or element in its union. The JSON they
//! serialize to is what Slack's reference pages show for these shapes.

use serde_json::json;
use slack_model::block_kit::*;
use slack_model::Validate;

fn text(s: &str) -> PlainText {
    PlainText::new(s)
}

#[test]
fn a_message_with_a_section_actions_a_quote_and_a_divider() {
    let blocks: Vec<Block> = vec![
        SectionBlock::new()
            .text(Mrkdwn::new(
                "*Ada Lovelace* requests a trip to *Lisbon*, March 10-14.",
            ))
            .accessory(
                Button::new(text("Review"))
                    .action_id("review_request")
                    .value("req-20931"),
            )
            .into(),
        ActionsBlock::new([
            Button::new(text("Approve"))
                .action_id("approve_request")
                .value("approve")
                .style(ButtonStyle::Primary),
            Button::new(text("Deny"))
                .action_id("deny_request")
                .value("deny")
                .style(ButtonStyle::Danger),
        ])
        .block_id("request-actions")
        .into(),
        RichTextBlock::new([RichTextQuote::new([
            RichTextInline::from(RichTextText::new("Book flights at least ")),
            RichTextText::new("14 days")
                .style(RichTextStyle::new().bold(true))
                .into(),
            RichTextText::new(" ahead.").into(),
        ])])
        .into(),
        DividerBlock::new().into(),
    ];

    let expected = json!([
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Ada Lovelace* requests a trip to *Lisbon*, March 10-14."},
            "accessory": {
                "type": "button",
                "text": {"type": "plain_text", "text": "Review"},
                "action_id": "review_request",
                "value": "req-20931"
            }
        },
        {
            "type": "actions",
            "block_id": "request-actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Approve"},
                    "action_id": "approve_request",
                    "value": "approve",
                    "style": "primary"
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Deny"},
                    "action_id": "deny_request",
                    "value": "deny",
                    "style": "danger"
                }
            ]
        },
        {
            "type": "rich_text",
            "elements": [{
                "type": "rich_text_quote",
                "elements": [
                    {"type": "text", "text": "Book flights at least "},
                    {"type": "text", "text": "14 days", "style": {"bold": true}},
                    {"type": "text", "text": " ahead."}
                ]
            }]
        },
        {"type": "divider"}
    ]);
    assert_eq!(serde_json::to_value(&blocks).unwrap(), expected);
    // The same JSON decodes back into the same blocks, and they are within Slack's limits.
    assert_eq!(
        serde_json::from_value::<Vec<Block>>(expected).unwrap(),
        blocks
    );
    for block in &blocks {
        assert_eq!(block.validate(), Ok(()));
    }
}

#[test]
fn a_modal_with_two_inputs_and_a_submit_button() {
    let view: ViewPayload = ModalView::new(text("Request a trip"))
        .callback_id("trip_request")
        .submit(text("Submit"))
        .close(text("Cancel"))
        .blocks([
            Block::from(
                InputBlock::new(
                    text("Destination"),
                    PlainTextInput::new()
                        .action_id("destination_text")
                        .placeholder(text("Which city?")),
                )
                .block_id("destination"),
            ),
            InputBlock::new(
                text("Start date"),
                DatePicker::new()
                    .action_id("start_date")
                    .initial_date("2026-03-10"),
            )
            .block_id("start")
            .hint(text("The first day away from the office."))
            .into(),
        ])
        .into();

    let expected = json!({
        "type": "modal",
        "callback_id": "trip_request",
        "title": {"type": "plain_text", "text": "Request a trip"},
        "submit": {"type": "plain_text", "text": "Submit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "destination",
                "label": {"type": "plain_text", "text": "Destination"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "destination_text",
                    "placeholder": {"type": "plain_text", "text": "Which city?"}
                }
            },
            {
                "type": "input",
                "block_id": "start",
                "label": {"type": "plain_text", "text": "Start date"},
                "element": {
                    "type": "datepicker",
                    "action_id": "start_date",
                    "initial_date": "2026-03-10"
                },
                "hint": {"type": "plain_text", "text": "The first day away from the office."}
            }
        ]
    });
    assert_eq!(serde_json::to_value(&view).unwrap(), expected);
    assert_eq!(
        serde_json::from_value::<ViewPayload>(expected).unwrap(),
        view
    );
    assert_eq!(view.validate(), Ok(()));
}
