//! Which methods are idempotent.
//!
//! One rule, also written in `spec/README.md`: **a method is idempotent exactly when it only
//! reads.** It reads when the last segment of its name
//!
//! - starts with `list`, `get`, `lookup` or `search` (`conversations.list`,
//!   `users.getPresence`, `users.lookupByEmail`, `admin.conversations.search`), or
//! - is `info` or ends with `Info` (`team.info`, `dnd.teamInfo`, `openid.connect.userInfo`), or
//! - is one of `history`, `replies`, `members`, `conversations`, `count`, `query`, `bulkGet`,
//!   `identity`, `test`, `accessLogs`, `integrationLogs`, `activity`, `metadata`, `context`,
//!   `validate`,
//!
//! or the method belongs to the `search` family (`search.all`, `search.files`,
//! `search.messages`). Everything else is `false`: writes, setters (even those that would be
//! harmless to repeat: when unsure, `false`) and actions that are not reads although they
//! change little (opening a connection, exchanging a code, starting an export). The HTTP verb
//! plays no part: Slack's Python SDK sends some writes with GET (`admin.emoji.add`,
//! `conversations.inviteShared`). The exceptions are in [`NOT_IDEMPOTENT`], each with its
//! reason, which the YAML repeats in a comment.

use super::tables::NOT_IDEMPOTENT;

/// The idempotence rule (see the module docs): (idempotent, comment).
pub(super) fn idempotence(name: &str) -> (bool, String) {
    if let Some((_, why)) = NOT_IDEMPOTENT.iter().find(|(m, _)| *m == name) {
        return (
            false,
            format!("idempotent: an exception to the importer's rule: {why}."),
        );
    }
    match read_reason(name) {
        Some(reason) => (
            true,
            format!("idempotent: a read by the importer's rule ({reason})."),
        ),
        None => (
            false,
            "idempotent: not a read by the importer's rule, so false.".into(),
        ),
    }
}

/// Why the method is a read, or `None` when it is not (see the module docs).
pub fn read_reason(name: &str) -> Option<String> {
    const PREFIXES: &[&str] = &["list", "get", "lookup", "search"];
    const WORDS: &[&str] = &[
        "info",
        "history",
        "replies",
        "members",
        "conversations",
        "count",
        "query",
        "bulkGet",
        "identity",
        "test",
        "accessLogs",
        "integrationLogs",
        "activity",
        "metadata",
        "context",
        "validate",
    ];
    let family = name.split('.').next().unwrap_or_default();
    let last = name.rsplit('.').next().unwrap_or_default();
    if family == "search" {
        return Some("the `search` family".into());
    }
    if let Some(prefix) = PREFIXES.iter().find(|p| last.starts_with(*p)) {
        return Some(format!("`{last}` starts with `{prefix}`"));
    }
    if last.ends_with("Info") || WORDS.contains(&last) {
        return Some(format!("`{last}`"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_idempotence_rule() {
        for read in [
            "conversations.list",
            "conversations.history",
            "users.getPresence",
            "users.lookupByEmail",
            "team.info",
            "dnd.teamInfo",
            "search.messages",
            "auth.test",
            "admin.conversations.search",
            "apps.datastore.bulkGet",
        ] {
            assert!(idempotence(read).0, "{read}");
        }
        for write in [
            "chat.postMessage",
            "reactions.add",
            "admin.emoji.add",
            "users.setPresence",
            "rtm.connect",
            "apps.connections.open",
            "oauth.v2.access",
            "files.getUploadURLExternal",
            "admin.users.unsupportedVersions.export",
        ] {
            assert!(!idempotence(write).0, "{write}");
        }
    }
}
