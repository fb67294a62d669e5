//! Tables: the facts the data lacks, each with its source.

/// A special rate limit the docs-methods label ("Special rate limits apply.") leaves out.
pub(super) struct SpecialLimit {
    pub(super) method: &'static str,
    /// Slack's wording.
    pub(super) text: &'static str,
    /// Calls per minute, when Slack gives a number.
    pub(super) per_minute: Option<u32>,
    /// The argument the limit is counted per.
    pub(super) per: Option<&'static str>,
    /// Where the text and numbers come from.
    pub(super) source: &'static str,
}

pub(super) const HUNDREDS_PER_MINUTE: &str =
    "This method allows hundreds of requests per minute. Use it as often as is reasonably required.";
pub(super) const HUNDREDS_SOURCE: &str =
    "Slack's wording, as quoted by its Java SDK (MethodsRateLimitTier); no exact number is given";

pub(super) const SPECIAL_LIMITS: &[SpecialLimit] = &[
    SpecialLimit {
        method: "chat.postMessage",
        text: "1 per second per channel, with short bursts allowed",
        per_minute: Some(60),
        per: Some("channel"),
        source: "Slack's rate-limits page (\"posting messages: 1 per second, short bursts >1 allowed\", counted per channel, with a workspace-wide limit above it); Slack's Java SDK paces it at 60 per minute per channel",
    },
    SpecialLimit {
        method: "auth.test",
        text: HUNDREDS_PER_MINUTE,
        per_minute: None,
        per: None,
        source: HUNDREDS_SOURCE,
    },
    SpecialLimit {
        method: "chat.getPermalink",
        text: HUNDREDS_PER_MINUTE,
        per_minute: None,
        per: None,
        source: HUNDREDS_SOURCE,
    },
];

/// Token types the data does not list: method → (type, scopes, source).
pub(super) const EXTRA_TOKENS: &[(&str, &str, &[&str], &str)] = &[
    (
        "apps.connections.open",
        "app",
        &["connections:write"],
        "Socket Mode takes an app-level token with connections:write (the page's `missing_args` error: \"An app-level token wasn't provided.\")",
    ),
    (
        "apps.event.authorizations.list",
        "app",
        &["authorizations:read"],
        "an app-level token; the OpenAPI spec's security names the authorizations:read scope",
    ),
];

/// Methods whose content types leave out JSON although the OpenAPI spec lists it: method →
/// reason.
pub(super) const NO_JSON: &[(&str, &str)] = &[(
    "admin.conversations.invite",
    "the OpenAPI spec says it consumes JSON, but Slack's Python SDK notes that the endpoint cannot handle Content-Type: application/json (as of 2020-09-03) and sends a form",
)];

/// Methods that the idempotence rule would call reads, but are not: method → reason.
pub(super) const NOT_IDEMPOTENT: &[(&str, &str)] = &[(
    "files.getUploadURLExternal",
    "its name starts with `get`, but every call reserves a new upload URL and file ID",
)];

/// Deprecations the reference data does not show: method → (note, replacement, source).
pub(super) const DEPRECATED: &[(&str, &str, Option<&str>, &str)] = &[(
    "files.upload",
    "Retired by Slack on 2025-11-12. Upload with the two-step upload v2 flow instead: files.getUploadURLExternal (reserve an upload URL and send the bytes there), then files.completeUploadExternal (finish the upload and share the file).",
    Some("files.getUploadURLExternal"),
    "Slack's changelog on the files.upload retirement (2025-11-12; the method is no longer in method-index-2026-10.txt) and its official SDKs",
)];

/// The list field of paginated responses that neither the OpenAPI schema nor a response
/// sample shows: method → (field, type). Source: the example responses of Slack's reference
/// pages, as modelled by its Java SDK's response classes.
pub(super) const PAGE_ITEMS: &[(&str, &str, &str)] = &[
    ("admin.auth.policy.getEntities", "entities", "array<json>"),
    ("admin.barriers.list", "barriers", "array<json>"),
    (
        "admin.conversations.ekm.listOriginalConnectedChannelInfo",
        "channels",
        "array<json>",
    ),
    ("admin.conversations.lookup", "channel_ids", "array<string>"),
    (
        "admin.inviteRequests.denied.list",
        "denied_requests",
        "array<json>",
    ),
    (
        "admin.inviteRequests.list",
        "invite_requests",
        "array<json>",
    ),
    (
        "admin.roles.listAssignments",
        "role_assignments",
        "array<json>",
    ),
    ("admin.teams.admins.list", "admin_ids", "array<string>"),
    ("admin.teams.list", "teams", "array<json>"),
    ("admin.users.list", "users", "array<json>"),
    ("apps.activities.list", "activities", "array<json>"),
    ("apps.datastore.query", "items", "array<json>"),
    (
        "apps.event.authorizations.list",
        "authorizations",
        "array<json>",
    ),
    ("auth.teams.list", "teams", "array<json>"),
    ("conversations.listConnectInvites", "invites", "array<json>"),
    (
        "conversations.requestSharedInvite.list",
        "invite_requests",
        "array<json>",
    ),
    ("files.remote.list", "files", "array<json>"),
    ("slackLists.items.list", "items", "array<json>"),
];

/// Arguments the data gives no type, example or JSON wording for, that hold JSON values:
/// (method, argument) → why.
pub(super) const JSON_ARGS: &[(&str, &str, &str)] = &[
    (
        "chat.stopStream",
        "blocks",
        "the description says a list of blocks, which are Block Kit JSON objects as in chat.postMessage's `blocks`",
    ),
    (
        "assistant.threads.setSuggestedPrompts",
        "prompts",
        "each prompt is an object with `title` and `message` (the description), which Slack's Python SDK sends as a JSON array of objects",
    ),
    (
        "chat.appendStream",
        "chunks",
        "an array of streaming chunk objects",
    ),
    (
        "chat.startStream",
        "chunks",
        "an array of streaming chunk objects",
    ),
    (
        "chat.stopStream",
        "chunks",
        "an array of streaming chunk objects",
    ),
    (
        "slackLists.items.create",
        "initial_fields",
        "an array of field objects (Slack's Python SDK: List[Dict])",
    ),
];

/// Item types of list arguments that are not strings: (method, argument, item type, why).
pub(super) const ARRAY_ITEMS: &[(&str, &str, &str, &str)] = &[(
    "admin.audit.anomaly.allow.updateItem",
    "trusted_asns",
    "integer",
    "Autonomous System Numbers are numbers",
)];
