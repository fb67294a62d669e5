//! Every Block Kit type has JSON examples (`tests/block-kit/<group>/<Type>.json`) that decode
//! into it, through every union that holds it, as the known variant with every field typed,
//! and encode back to the same JSON; together the examples use every field the spec lists.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use slack_model::block_kit::*;
use slack_model::lenient;
use slack_model::{Buildable, Violation};

use common::examples::{self, Example};
use common::spec::Spec;
use common::walk::walk;

/// An example decoded and encoded again.
struct Decoded {
    /// Whether it decoded as the variant it should (always, for a plain type).
    known: bool,
    /// Encoded again.
    json: Value,
    /// Encoded again with only what went into typed fields (no `extra`, no `Other`).
    typed: Value,
    /// The fields decoding found of another shape.
    reports: Vec<String>,
    /// Slack's limits it breaks.
    violations: Vec<Violation>,
}

type Decode = fn(&Value) -> Result<Decoded, String>;

struct Entry {
    name: &'static str,
    /// Decodes the example as the type itself.
    direct: Decode,
    /// `("Block::Section", decode through Block, expecting Block::Section)`, per union.
    routes: Vec<(&'static str, Decode)>,
}

fn decode<T: DeserializeOwned + Serialize + Buildable>(
    json: &Value,
    known: fn(&T) -> bool,
) -> Result<Decoded, String> {
    let (value, reports) = lenient::collect(|| serde_json::from_value::<T>(json.clone()));
    let value = value.map_err(|e| e.to_string())?;
    let mut violations = Vec::new();
    value.check_into("", &mut violations);
    Ok(Decoded {
        known: known(&value),
        json: serde_json::to_value(&value).map_err(|e| e.to_string())?,
        typed: lenient::typed_only(|| serde_json::to_value(&value)).map_err(|e| e.to_string())?,
        reports,
        violations,
    })
}

/// The types that have examples, each with the unions that hold it (as `Union::Variant`).
macro_rules! registry {
    ($($ty:ident $(via $($union:ident::$variant:ident),+)?;)*) => {
        fn registry() -> Vec<Entry> {
            vec![$(Entry {
                name: stringify!($ty),
                direct: |json| decode::<$ty>(json, |_| true),
                routes: vec![$($((
                    concat!(stringify!($union), "::", stringify!($variant)),
                    (|json| decode::<$union>(json, |u| matches!(u, $union::$variant(_)))) as Decode,
                ),)+)?],
            },)*]
        }
    };
}

registry! {
    // blocks
    ActionsBlock via Block::Actions, ContainerChildBlock::Actions;
    AlertBlock via Block::Alert;
    CallBlock via Block::Call;
    CardBlock via Block::Card;
    CarouselBlock via Block::Carousel;
    ContainerBlock via Block::Container;
    ContextActionsBlock via Block::ContextActions;
    ContextBlock via Block::Context, ContainerChildBlock::Context;
    DataTableBlock via Block::DataTable;
    DataTableBlockRawNumber via DataTableBlockCell::RawNumber, TableBlockCell::RawNumber;
    DataVisualizationBlock via Block::DataVisualization;
    DataVisualizationBlockAreaChart via DataVisualizationBlockChart::Area;
    DataVisualizationBlockBarChart via DataVisualizationBlockChart::Bar;
    DataVisualizationBlockLineChart via DataVisualizationBlockChart::Line;
    DataVisualizationBlockPieChart via DataVisualizationBlockChart::Pie;
    DividerBlock via Block::Divider, ContainerChildBlock::Divider;
    FileBlock via Block::File, ContainerChildBlock::File;
    HeaderBlock via Block::Header, ContainerChildBlock::Header;
    ImageBlock via Block::Image, ContainerChildBlock::Image;
    InputBlock via Block::Input, ContainerChildBlock::Input;
    MarkdownBlock via Block::Markdown;
    PlanBlock via Block::Plan;
    RichTextBlock via Block::RichText, ContainerChildBlock::RichText,
        DataTableBlockCell::RichText, TableBlockCell::RichText;
    SectionBlock via Block::Section, ContainerChildBlock::Section;
    ShareShortcutBlock via Block::ShareShortcut;
    TableBlock via Block::Table, ContainerChildBlock::Table;
    TaskCardBlock via Block::TaskCard;
    VideoBlock via Block::Video, ContainerChildBlock::Video;
    // composition
    ConfirmationDialog;
    ConversationFilter;
    DispatchActionConfig;
    FeedbackButton;
    InputParameter;
    Mrkdwn via ContextElement::Mrkdwn, TextObject::Mrkdwn;
    OptionGroup;
    PlainText via ContextElement::PlainText, TextObject::PlainText;
    RawText via DataTableBlockCell::RawText, TableBlockCell::RawText;
    SelectOption;
    SlackFile;
    SlackIcon;
    Trigger;
    Workflow;
    // elements
    Button via ActionsElement::Button, BlockElement::Button, SectionAccessory::Button;
    ChannelsSelect via ActionsElement::ChannelsSelect, BlockElement::ChannelsSelect,
        InputElement::ChannelsSelect, SectionAccessory::ChannelsSelect;
    Checkboxes via ActionsElement::Checkboxes, BlockElement::Checkboxes,
        InputElement::Checkboxes, SectionAccessory::Checkboxes;
    ConversationsSelect via ActionsElement::ConversationsSelect,
        BlockElement::ConversationsSelect, InputElement::ConversationsSelect,
        SectionAccessory::ConversationsSelect;
    DatePicker via ActionsElement::DatePicker, BlockElement::DatePicker,
        InputElement::DatePicker, SectionAccessory::DatePicker;
    DatetimePicker via ActionsElement::DatetimePicker, BlockElement::DatetimePicker,
        InputElement::DatetimePicker, SectionAccessory::DatetimePicker;
    EmailInput via BlockElement::EmailInput, InputElement::EmailInput;
    ExternalSelect via ActionsElement::ExternalSelect, BlockElement::ExternalSelect,
        InputElement::ExternalSelect, SectionAccessory::ExternalSelect;
    FeedbackButtons via BlockElement::FeedbackButtons, ContextActionsElement::FeedbackButtons;
    FileInput via BlockElement::FileInput, InputElement::FileInput;
    IconButton via BlockElement::IconButton, ContextActionsElement::IconButton;
    ImageElement via BlockElement::Image, ContextElement::Image, SectionAccessory::Image;
    MultiChannelsSelect via ActionsElement::MultiChannelsSelect,
        BlockElement::MultiChannelsSelect, InputElement::MultiChannelsSelect,
        SectionAccessory::MultiChannelsSelect;
    MultiConversationsSelect via ActionsElement::MultiConversationsSelect,
        BlockElement::MultiConversationsSelect, InputElement::MultiConversationsSelect,
        SectionAccessory::MultiConversationsSelect;
    MultiExternalSelect via ActionsElement::MultiExternalSelect,
        BlockElement::MultiExternalSelect, InputElement::MultiExternalSelect,
        SectionAccessory::MultiExternalSelect;
    MultiStaticSelect via ActionsElement::MultiStaticSelect, BlockElement::MultiStaticSelect,
        InputElement::MultiStaticSelect, SectionAccessory::MultiStaticSelect;
    MultiUsersSelect via ActionsElement::MultiUsersSelect, BlockElement::MultiUsersSelect,
        InputElement::MultiUsersSelect, SectionAccessory::MultiUsersSelect;
    NumberInput via BlockElement::NumberInput, InputElement::NumberInput;
    Overflow via ActionsElement::Overflow, BlockElement::Overflow, SectionAccessory::Overflow;
    PlainTextInput via BlockElement::PlainTextInput, InputElement::PlainTextInput;
    RadioButtons via ActionsElement::RadioButtons, BlockElement::RadioButtons,
        InputElement::RadioButtons, SectionAccessory::RadioButtons;
    RichTextInput via ActionsElement::RichTextInput, BlockElement::RichTextInput,
        InputElement::RichTextInput;
    StaticSelect via ActionsElement::StaticSelect, BlockElement::StaticSelect,
        InputElement::StaticSelect, SectionAccessory::StaticSelect;
    TimePicker via ActionsElement::TimePicker, BlockElement::TimePicker,
        InputElement::TimePicker, SectionAccessory::TimePicker;
    UrlInput via BlockElement::UrlInput, InputElement::UrlInput;
    UrlSource via BlockElement::UrlSource;
    UsersSelect via ActionsElement::UsersSelect, BlockElement::UsersSelect,
        InputElement::UsersSelect, SectionAccessory::UsersSelect;
    WorkflowButton via ActionsElement::WorkflowButton, BlockElement::WorkflowButton,
        SectionAccessory::WorkflowButton;
    // rich_text
    RichTextAttachmentMention via RichTextInline::AttachmentMention;
    RichTextBroadcast via RichTextInline::Broadcast;
    RichTextCanvas via RichTextInline::Canvas;
    RichTextCanvasMessageUnfurl via RichTextInline::CanvasMessageUnfurl;
    RichTextCanvasUserMention via RichTextInline::CanvasUserMention;
    RichTextChannel via RichTextInline::Channel;
    RichTextCitation via RichTextInline::Citation;
    RichTextCitationExternal via RichTextCitationDetails::External;
    RichTextCitationFile via RichTextCitationDetails::File;
    RichTextCitationMemory via RichTextCitationDetails::Memory;
    RichTextCitationMessage via RichTextCitationDetails::Message;
    RichTextCitationWeb via RichTextCitationDetails::Web;
    RichTextColor via RichTextInline::Color;
    RichTextDate via RichTextInline::Date;
    RichTextEmoji via RichTextInline::Emoji;
    RichTextFile via RichTextInline::File;
    RichTextLink via RichTextInline::Link;
    RichTextList via RichTextContainer::List;
    RichTextListRecord via RichTextInline::ListRecord;
    RichTextMessageMention via RichTextInline::MessageMention;
    RichTextPreformatted via RichTextContainer::Preformatted;
    RichTextQuote via RichTextContainer::Quote;
    RichTextSalesforceDataField via RichTextInline::SalesforceDataField;
    RichTextSection via RichTextContainer::Section;
    RichTextTag via RichTextInline::Tag;
    RichTextTeam via RichTextInline::Team;
    RichTextText via RichTextInline::Text;
    RichTextUser via RichTextInline::User;
    RichTextUsergroup via RichTextInline::Usergroup;
    RichTextWorkObjectMention via RichTextInline::WorkObjectMention;
    RichTextWorkflowMention via RichTextInline::WorkflowMention;
    // messages
    MessagePayload;
    Unfurl;
    // views
    ChannelsSelectState via ElementState::ChannelsSelect;
    CheckboxesState via ElementState::Checkboxes;
    ConversationsSelectState via ElementState::ConversationsSelect;
    DatePickerState via ElementState::DatePicker;
    DatetimePickerState via ElementState::DatetimePicker;
    EmailInputState via ElementState::EmailInput;
    ExternalSelectState via ElementState::ExternalSelect;
    FileInputState via ElementState::FileInput;
    HomeView via ViewPayload::Home;
    ModalView via ViewPayload::Modal;
    MultiChannelsSelectState via ElementState::MultiChannelsSelect;
    MultiConversationsSelectState via ElementState::MultiConversationsSelect;
    MultiExternalSelectState via ElementState::MultiExternalSelect;
    MultiStaticSelectState via ElementState::MultiStaticSelect;
    MultiUsersSelectState via ElementState::MultiUsersSelect;
    NumberInputState via ElementState::NumberInput;
    PlainTextInputState via ElementState::PlainTextInput;
    RadioButtonsState via ElementState::RadioButtons;
    RichTextInputState via ElementState::RichTextInput;
    StaticSelectState via ElementState::StaticSelect;
    TimePickerState via ElementState::TimePicker;
    UrlInputState via ElementState::UrlInput;
    UsersSelectState via ElementState::UsersSelect;
}

/// The types that need examples: every variant of a union (blocks, elements, rich text
/// containers and inline elements, table cells, charts, citation sources, element states,
/// views), every composition object, and every object nothing else holds. What they hold
/// (a chart's series, a view's state) is exercised inside them. (The view_submission and
/// view_closed payloads are in spec/events/ now, with their examples in tests/interactions/.)
fn needs_example(spec: &Spec) -> BTreeSet<String> {
    let held: BTreeSet<&str> = spec
        .types
        .values()
        .flat_map(|def| {
            let fields = def.fields().iter().flat_map(|f| f.ty.names());
            let variants = match &def.kind {
                common::spec::Kind::Union { variants, .. } => {
                    variants.iter().map(|v| v.ty.as_str()).collect()
                }
                _ => vec![],
            };
            fields.chain(variants).collect::<Vec<_>>()
        })
        .collect();
    let variants: BTreeSet<&str> = spec
        .unions()
        .flat_map(|(_, vs)| vs.iter().map(|v| v.ty.as_str()))
        .collect();
    spec.objects()
        .filter(|d| {
            variants.contains(d.name.as_str())
                || d.group == "composition"
                || !held.contains(d.name.as_str())
        })
        .map(|d| d.name.clone())
        .collect()
}

fn fail_on(failures: Vec<String>, what: &str) {
    assert!(
        failures.is_empty(),
        "{} {what}:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_block_kit_type_has_an_example() {
    let spec = Spec::load();
    let examples = examples::load();
    let have: BTreeSet<&str> = examples.iter().map(|e| e.ty.as_str()).collect();
    let mut failures = Vec::new();
    for name in needs_example(&spec) {
        if !have.contains(name.as_str()) {
            let group = &spec.types[&name].group;
            failures.push(format!("{name}: no tests/block-kit/{group}/{name}.json"));
        }
    }
    for example in &examples {
        match spec.get(&example.ty) {
            Some(def) if def.group == example.group => {}
            Some(def) => failures.push(format!(
                "{}: {} is defined in {}.yaml, so its examples go in {}/",
                example.file, example.ty, def.group, def.group
            )),
            None => failures.push(format!(
                "{}: no type {} in the spec",
                example.file, example.ty
            )),
        }
    }
    fail_on(failures, "types without examples or misplaced examples");
    assert!(
        !have.is_empty(),
        "no examples found in {}",
        examples::dir().display()
    );
}

#[test]
fn the_registry_lists_every_type_with_examples_and_every_union_holding_it() {
    let spec = Spec::load();
    let registry = registry();
    let listed: BTreeSet<String> = registry.iter().map(|e| e.name.to_owned()).collect();
    let needed = needs_example(&spec);
    let mut failures: Vec<String> = needed
        .difference(&listed)
        .map(|n| format!("{n}: missing from registry!"))
        .chain(
            listed
                .difference(&needed)
                .map(|n| format!("{n}: needs no example")),
        )
        .collect();
    for entry in &registry {
        let routes: BTreeSet<String> = entry.routes.iter().map(|(r, _)| r.to_string()).collect();
        let expected = spec.routes(entry.name);
        if routes != expected {
            failures.push(format!(
                "{}: registry says via {routes:?}, the spec's unions hold it as {expected:?}",
                entry.name
            ));
        }
    }
    fail_on(failures, "differences between the registry and the spec");
}

/// `json` with the numbers of the example's `number` fields as floats. Such a field is an
/// `f64`, so a whole number comes back as `3.0`: the same JSON number, but another
/// `serde_json::Value`. Both sides of a comparison go through this; nothing else changes.
fn floats(spec: &Spec, example: &Example, mut json: Value) -> Value {
    for pointer in walk(spec, &example.ty, &example.json).numbers {
        if let Some(number) = json.pointer_mut(&pointer) {
            if let Some(x) = number.as_f64() {
                *number = Value::from(x);
            }
        }
    }
    json
}

/// The example as `typed_only` writes it: without the fields the spec keeps as raw JSON.
fn typed_part(spec: &Spec, example: &Example) -> Value {
    let mut json = example.json.clone();
    let mut raw = walk(spec, &example.ty, &example.json).raw_fields;
    raw.sort_by(|a, b| b.cmp(a));
    for pointer in raw {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        if let Some(Value::Object(map)) = json.pointer_mut(parent) {
            map.remove(&key.replace("~1", "/").replace("~0", "~"));
        }
    }
    json
}

fn check(spec: &Spec, example: &Example, route: &str, decode: Decode) -> Option<String> {
    let at = format!("{} as {route}", example.file);
    let decoded = match decode(&example.json) {
        Ok(decoded) => decoded,
        Err(e) => return Some(format!("{at}: does not decode: {e}")),
    };
    if !decoded.known {
        return Some(format!("{at}: decoded as another variant (Other?)"));
    }
    if !decoded.reports.is_empty() {
        return Some(format!(
            "{at}: fields of another shape: {:?}",
            decoded.reports
        ));
    }
    if floats(spec, example, decoded.json.clone()) != floats(spec, example, example.json.clone()) {
        return Some(format!(
            "{at}: encodes to something else:\n    {}",
            serde_json::to_string(&decoded.json).unwrap()
        ));
    }
    let typed = typed_part(spec, example);
    if floats(spec, example, decoded.typed.clone()) != floats(spec, example, typed) {
        return Some(format!(
            "{at}: not all of it is typed (kept in `extra` or `Other`); typed part:\n    {}",
            serde_json::to_string(&decoded.typed).unwrap()
        ));
    }
    if !decoded.violations.is_empty() {
        let v: Vec<String> = decoded.violations.iter().map(|v| v.to_string()).collect();
        return Some(format!("{at}: breaks Slack's limits: {v:?}"));
    }
    None
}

#[test]
fn examples_round_trip_through_every_union_as_the_known_variant() {
    let spec = Spec::load();
    let registry: BTreeMap<&str, Entry> = registry().into_iter().map(|e| (e.name, e)).collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for example in examples::load() {
        let Some(entry) = registry.get(example.ty.as_str()) else {
            failures.push(format!(
                "{}: {} is not in the registry",
                example.file, example.ty
            ));
            continue;
        };
        let routes =
            std::iter::once((entry.name, entry.direct)).chain(entry.routes.iter().copied());
        for (route, decode) in routes {
            checked += 1;
            failures.extend(check(&spec, &example, route, decode));
        }
    }
    fail_on(failures, "examples that do not round-trip");
    assert!(checked > 300, "only {checked} decodings");
}

#[test]
fn examples_use_every_field_of_every_type_and_only_documented_values() {
    let spec = Spec::load();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for example in examples::load() {
        if spec.get(&example.ty).is_none() {
            continue; // reported by every_block_kit_type_has_an_example
        }
        let walked = walk(&spec, &example.ty, &example.json);
        for problem in walked.problems {
            failures.push(format!("{}: {problem}", example.file));
        }
        for node in walked.objects {
            let fields = seen.entry(node.ty).or_default();
            fields.extend(
                node.value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone()),
            );
        }
    }
    for def in spec.objects() {
        let Some(fields) = seen.get(&def.name) else {
            failures.push(format!("{}: in no example", def.name));
            continue;
        };
        for field in def.fields() {
            if !fields.contains(&field.name) {
                failures.push(format!("{}.{}: in no example", def.name, field.name));
            }
        }
    }
    fail_on(failures, "gaps in the examples");
}
