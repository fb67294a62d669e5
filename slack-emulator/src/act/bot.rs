//! Another bot of the workspace at work (an integration, another app's bot user): calls
//! made with a bot token of its own, so that the app under test sees other bots' messages
//! (with their own `bot_id`), as Slack sends them.

use serde_json::Value;
use slack_api::TokenType;

use super::Actor;
use crate::serve::Shared;
use crate::Emulator;

impl Emulator {
    /// Calls made as another bot user of the workspace (by id, or by name; a seed's user
    /// with `is_bot: true`), with a bot token of its own: [`Actor::call`],
    /// [`Actor::post_message`], … (interactions are a person's only).
    pub fn act_as_bot(&self, bot: &str) -> Actor<'_> {
        Actor {
            shared: &self.shared,
            user: bot.to_owned(),
            as_bot: true,
        }
    }
}

/// The id of the bot user named by `bot` (an id, or else a name): a bot, not deleted, and
/// not the app's own (whose token the app has).
fn bot_id(shared: &Shared, bot: &str) -> Option<String> {
    let ws = shared.workspace.lock().unwrap_or_else(|e| e.into_inner());
    let id = ws.user(bot).map(|_| bot).or_else(|| ws.user_id(bot))?;
    let record = ws.user(id)?;
    let is = |key: &str| record.get(key) == Some(&Value::Bool(true));
    (is("is_bot") && !is("deleted") && id != ws.bot.1).then(|| id.to_owned())
}

/// The bot's token: its own already, or a new one with every bot scope.
pub(crate) fn bot_token(shared: &Shared, bot: &str) -> Option<String> {
    let id = bot_id(shared, bot)?;
    Some(super::token_of(shared, TokenType::Bot, &id))
}
