//! Hand-written shortcuts over the generated Block Kit types, for the common cases: text
//! from a `&str`, blocks from a word (`Block::section(mrkdwn("*hi*"))`), a button's style,
//! and `blocks![…]` for a list of different blocks.
//!
//! ```
//! use slack_model::block_kit::*;
//! use slack_model::blocks;
//!
//! let message = blocks![
//!     Block::header("Deploy 42"),
//!     SectionBlock::new()
//!         .text(mrkdwn("*main* is ready to ship"))
//!         .accessory(Button::new("Logs").action_id("logs").url("https://ci.example.com/42")),
//!     Block::divider(),
//!     ActionsBlock::new([
//!         Button::new("Approve").action_id("approve").value("42").primary(),
//!         Button::new("Reject").action_id("reject").value("42").danger(),
//!     ]),
//!     Block::quote("Ship it on Fridays? Never."),
//! ];
//! assert_eq!(message.len(), 5);
//! assert!(slack_model::Validate::validate(&message[1]).is_ok());
//!
//! let modal = ModalView::new("Feedback")
//!     .submit("Send")
//!     .close("Cancel")
//!     .blocks(blocks![
//!         Block::input("Your name", PlainTextInput::new().action_id("name")),
//!         Block::input("Comments", PlainTextInput::new().action_id("comments").multiline(true)),
//!     ]);
//! assert_eq!(modal.blocks.as_ref().map(|b| b.len()), Some(2));
//! ```

use crate::generated::types::{
    ActionsBlock, ActionsElement, Block, Button, ButtonStyle, ContextBlock, ContextElement,
    DividerBlock, HeaderBlock, InputBlock, InputElement, Mrkdwn, PlainText, RichTextBlock,
    RichTextQuote, RichTextText, SectionBlock, TextObject,
};

/// Formatted (`mrkdwn`) text.
pub fn mrkdwn(text: impl Into<crate::Str>) -> TextObject {
    Mrkdwn::new(text).into()
}

/// Plain text.
pub fn plain_text(text: impl Into<crate::Str>) -> TextObject {
    PlainText::new(text).into()
}

impl From<&str> for PlainText {
    fn from(text: &str) -> Self {
        PlainText::new(text)
    }
}

impl From<String> for PlainText {
    fn from(text: String) -> Self {
        PlainText::new(text)
    }
}

impl Block {
    /// A section of text (`mrkdwn(…)` or `plain_text(…)`).
    pub fn section(text: impl Into<TextObject>) -> Block {
        SectionBlock::new().text(text).into()
    }

    /// A header of plain text.
    pub fn header(text: impl Into<PlainText>) -> Block {
        HeaderBlock::new(text).into()
    }

    pub fn divider() -> Block {
        DividerBlock::new().into()
    }

    /// A row of interactive elements (buttons, selects, …).
    pub fn actions(elements: impl IntoIterator<Item = impl Into<ActionsElement>>) -> Block {
        ActionsBlock::new(elements).into()
    }

    /// Small text and images.
    pub fn context(elements: impl IntoIterator<Item = impl Into<ContextElement>>) -> Block {
        ContextBlock::new(elements).into()
    }

    /// A labelled input (in a modal, or a message).
    pub fn input(label: impl Into<PlainText>, element: impl Into<InputElement>) -> Block {
        InputBlock::new(label, element).into()
    }

    /// A rich-text quote of plain text.
    pub fn quote(text: impl Into<crate::Str>) -> Block {
        let quote = RichTextQuote::new([RichTextText::new(text)]);
        RichTextBlock::new([quote]).into()
    }
}

impl Button {
    /// Green: the one affirmative action of a set.
    pub fn primary(self) -> Self {
        self.style(ButtonStyle::Primary)
    }

    /// Red: a destructive action.
    pub fn danger(self) -> Self {
        self.style(ButtonStyle::Danger)
    }
}
