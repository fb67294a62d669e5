//! A person opening the app's App Home: `app_home_opened`, with the Home tab's view when
//! the app published one for them (`views.publish`).

use serde_json::{json, Value};

use crate::act::{ActError, Actor};
use crate::behaviour::shown_view;

impl Actor<'_> {
    /// Opens the app's App Home on its Home tab: the app gets `app_home_opened` (with the
    /// view published for this person, if any) in their DM with the bot (opened if need
    /// be).
    pub fn open_app_home(&self) -> Result<(), ActError> {
        let bot = self
            .shared
            .workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .bot
            .1
            .clone();
        let opened = self.call("conversations.open", json!({ "users": bot }))?;
        let channel = opened["channel"]["id"].as_str().unwrap_or("").to_owned();
        let user = crate::act::person(self.shared, &self.user)
            .ok_or_else(|| ActError::NoSuchUser(self.user.clone()))?;
        let mut ws = self
            .shared
            .workspace
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let mut event =
            json!({"type": "app_home_opened", "user": user, "channel": channel, "tab": "home"});
        let home = ws.views.iter().find(|v| {
            v.get("_user") == Some(&json!(user)) && v.get("type") == Some(&json!("home"))
        });
        if let Some(view) = home {
            event["view"] = Value::Object(shown_view(view));
        }
        ws.raise(event, None);
        super::flush(self.shared, &mut ws);
        Ok(())
    }
}
