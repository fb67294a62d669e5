//! Turning spec names into Rust names.

use proc_macro2::{Ident, Span};

/// True when `name` is made of ASCII letters, digits and `_`, and does not start with a digit.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `postMessage` → `post_message`; `user_ids` stays as it is.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// `invalid_arg_name` → `InvalidArgName`; `private-channel` → `PrivateChannel`;
/// `TriggerType` stays as it is.
pub fn pascal_case(name: &str) -> String {
    name.split(['_', '-', '.', ':', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

/// An identifier for a snake_case name, raw (`r#type`) where it is a keyword.
pub fn field_ident(name: &str) -> Ident {
    match name {
        "self" | "Self" | "super" | "crate" => Ident::new(&format!("{name}_"), Span::call_site()),
        _ if is_keyword(name) => Ident::new_raw(name, Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// An identifier for a PascalCase or other non-keyword name.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_names() {
        assert_eq!(snake_case("chat_postMessage"), "chat_post_message");
        assert_eq!(
            snake_case("admin_users_session_getSettings"),
            "admin_users_session_get_settings"
        );
        assert_eq!(snake_case("oauth_v2_access"), "oauth_v2_access");
        assert_eq!(pascal_case("invalid_arg_name"), "InvalidArgName");
        assert_eq!(
            pascal_case("TriggerTypePermissions"),
            "TriggerTypePermissions"
        );
        assert_eq!(pascal_case("private-channel"), "PrivateChannel");
        assert!(is_valid_name("trigger_type_ids"));
        assert!(!is_valid_name("2fa"));
        assert!(!is_valid_name("user-id"));
        assert_eq!(field_ident("type").to_string(), "r#type");
        assert_eq!(field_ident("self").to_string(), "self_");
    }
}
