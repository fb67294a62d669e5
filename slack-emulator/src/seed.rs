//! A workspace from a seed file (`--seed FILE`, [`Workspace::from_seed`]): a small YAML
//! format naming a team, its users and its channels (with members, topic, purpose and
//! messages), described in the README ("Seeding a workspace") and shown whole in
//! `slack-emulator/examples/workspace.yaml`. Users and channels get Slack-looking ids; the
//! app's bot is always there, and the bot token acts as it.

use serde_json::json;

use crate::workspace::{bot_user, user, Workspace};

mod app;
mod channels;
mod read;
mod yaml;

use read::Obj;

/// A seed that could not be read: where (the line and the key path, when known) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeedError {
    /// 1-based.
    pub line: Option<usize>,
    /// The key path, as in `channels[1].members[0]` (empty for the whole file).
    pub path: String,
    pub message: String,
}

impl SeedError {
    pub(crate) fn at(line: usize, path: &str, message: impl Into<String>) -> Self {
        SeedError {
            line: Some(line),
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for SeedError {}

impl Workspace {
    /// A workspace from a seed (YAML; the format is in the README, "Seeding a workspace").
    pub fn from_seed(yaml: &str) -> Result<Self, SeedError> {
        let root = yaml::parse(yaml)?;
        let top = Obj::new(&root, "", &["team", "bot", "app", "users", "channels"])?;
        let mut ws = Workspace::bare();
        if let Some(node) = top.get("team") {
            team(&mut ws, &Obj::new(node, "team", &["name", "domain"])?)?;
        }
        if let Some(node) = top.get("bot") {
            bot(&mut ws, &Obj::new(node, "bot", &["name", "real_name"])?)?;
        }
        if let Some(node) = top.get("app") {
            app::read(&mut ws, &Obj::new(node, "app", app::KEYS)?)?;
        }
        for (path, node) in top.list("users")? {
            add_user(&mut ws, &Obj::new(node, &path, USER_KEYS)?)?;
        }
        if ws.first_person().is_none() {
            let message = "name at least one person (not a bot): the user token acts as the first";
            return Err(SeedError::at(top.line, "users", message));
        }
        for (path, node) in top.list("channels")? {
            channels::add(&mut ws, &Obj::new(node, &path, channels::KEYS)?)?;
        }
        Ok(ws)
    }

    /// A workspace from a seed file (see [`from_seed`](Self::from_seed)).
    pub fn from_seed_file(path: &std::path::Path) -> Result<Self, SeedError> {
        let text = std::fs::read_to_string(path).map_err(|e| SeedError {
            line: None,
            path: String::new(),
            message: format!("cannot read {}: {e}", path.display()),
        })?;
        Self::from_seed(&text)
    }
}

fn team(ws: &mut Workspace, team: &Obj<'_>) -> Result<(), SeedError> {
    if let Some(name) = team.text("name")? {
        ws.team.insert("name".into(), json!(name));
    }
    if let Some(domain) = team.text("domain")? {
        let valid = !domain.is_empty()
            && domain
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            let message = "a domain is lower-case letters, digits and `-`";
            return Err(SeedError::at(team.line, &team.path("domain"), message));
        }
        ws.team.insert("domain".into(), json!(domain));
    }
    Ok(())
}

/// The app's bot user: its name and real name.
fn bot(ws: &mut Workspace, bot: &Obj<'_>) -> Result<(), SeedError> {
    let name = bot.text("name")?.unwrap_or("emulator-bot");
    check_user_name(name, bot.line, &bot.path("name"))?;
    let real_name = bot.text("real_name")?.unwrap_or(name);
    ws.users[0] = bot_user(name, real_name);
    Ok(())
}

const USER_KEYS: &[&str] = &[
    "name",
    "real_name",
    "display_name",
    "email",
    "title",
    "is_admin",
    "is_owner",
    "is_bot",
    "deleted",
    "tz",
    "tz_offset",
];

fn add_user(ws: &mut Workspace, u: &Obj<'_>) -> Result<(), SeedError> {
    let name = u.required("name")?;
    check_user_name(name, u.line, &u.path("name"))?;
    if ws.user_id(name).is_some() {
        let message = format!("a second user named `{name}`");
        return Err(SeedError::at(u.line, &u.path("name"), message));
    }
    let is_bot = u.flag("is_bot")?;
    let id = ws.new_id('U');
    let real_name = u.text("real_name")?.unwrap_or(name);
    let mut record = user(&id, name, real_name, is_bot);
    for key in ["is_admin", "is_owner", "deleted"] {
        record.insert(key.into(), json!(u.flag(key)?));
    }
    record.insert("tz".into(), json!(u.text("tz")?.unwrap_or("Etc/UTC")));
    record.insert(
        "tz_offset".into(),
        json!(u.number("tz_offset")?.unwrap_or(0)),
    );
    let default_email = format!("{name}@example.com");
    let email = u.text("email")?.unwrap_or(&default_email);
    if taken_email(ws, email) {
        let message = format!("`{email}` is already another user's email");
        return Err(SeedError::at(u.line, &u.path("email"), message));
    }
    let profile = record["profile"].as_object_mut().expect("user() makes one");
    profile.insert("email".into(), json!(email));
    profile.insert("title".into(), json!(u.text("title")?.unwrap_or("")));
    if let Some(display) = u.text("display_name")? {
        profile.insert("display_name".into(), json!(display));
    }
    if is_bot {
        profile.insert("bot_id".into(), json!(ws.new_id('B')));
    }
    ws.users.push(record);
    Ok(())
}

/// A user name as Slack makes them: lower-case letters, digits, `.`, `-` and `_`.
fn check_user_name(name: &str, line: usize, path: &str) -> Result<(), SeedError> {
    let valid = !name.is_empty()
        && name.chars().count() <= 80
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if valid {
        Ok(())
    } else {
        let message =
            format!("`{name}`: a user name is lower-case letters, digits, `.`, `-` and `_`");
        Err(SeedError::at(line, path, message))
    }
}

fn taken_email(ws: &Workspace, email: &str) -> bool {
    ws.users.iter().any(|u| {
        u.get("profile")
            .and_then(|p| p.get("email"))
            .and_then(|e| e.as_str())
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
    })
}
