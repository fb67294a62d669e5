//! Where installations are kept: the [`InstallationStore`] trait and a store in memory.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::{BoxFuture, Installation, InstallationKey, Tokens};

/// A store failed (its database, its connection).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("store: {0}")]
pub struct StoreError(pub String);

/// Keeps installations. Object-safe and async, so a database can stand behind it.
///
/// [`save`](Self::save) keeps an installation twice: as its workspace's (or
/// organization's) bot installation (`key.user_id == None`: the latest install there)
/// and as its installing user's (`key.user_id == Some(user)`).
pub trait InstallationStore: Send + Sync + 'static {
    /// Saves (or replaces) the installation under both of its keys, atomically.
    fn save<'a>(&'a self, installation: &'a Installation) -> BoxFuture<'a, Result<(), StoreError>>;

    /// The installation under exactly this key.
    fn find<'a>(
        &'a self,
        key: &'a InstallationKey,
    ) -> BoxFuture<'a, Result<Option<Installation>, StoreError>>;

    /// Deletes the installation under this key; without a user, every installation of the
    /// workspace (or organization).
    fn delete<'a>(&'a self, key: &'a InstallationKey) -> BoxFuture<'a, Result<(), StoreError>>;

    /// After a refresh: replaces, in one atomic step, the bot's tokens in every
    /// installation of the key's workspace (`bot`), and the tokens of the key's user in
    /// each installation that user made (`user`).
    fn update_tokens<'a>(
        &'a self,
        key: &'a InstallationKey,
        bot: Option<&'a Tokens>,
        user: Option<&'a Tokens>,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// An [`InstallationStore`] in memory (tests, one process that may forget on restart).
#[derive(Debug, Default)]
pub struct MemoryInstallationStore(Mutex<HashMap<InstallationKey, Installation>>);

impl MemoryInstallationStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<InstallationKey, Installation>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn same_place(a: &InstallationKey, b: &InstallationKey) -> bool {
    a.enterprise_id == b.enterprise_id && a.team_id == b.team_id
}

fn ready<'a, T: Send + 'a>(value: T) -> BoxFuture<'a, T> {
    Box::pin(std::future::ready(value))
}

impl InstallationStore for MemoryInstallationStore {
    fn save<'a>(&'a self, installation: &'a Installation) -> BoxFuture<'a, Result<(), StoreError>> {
        let key = installation.key();
        let mut all = self.lock();
        all.insert(
            key.clone().user(&installation.user_id),
            installation.clone(),
        );
        all.insert(key, installation.clone());
        ready(Ok(()))
    }

    fn find<'a>(
        &'a self,
        key: &'a InstallationKey,
    ) -> BoxFuture<'a, Result<Option<Installation>, StoreError>> {
        ready(Ok(self.lock().get(key).cloned()))
    }

    fn delete<'a>(&'a self, key: &'a InstallationKey) -> BoxFuture<'a, Result<(), StoreError>> {
        let mut all = self.lock();
        match &key.user_id {
            Some(_) => {
                all.remove(key);
            }
            None => all.retain(|k, _| !same_place(k, key)),
        }
        ready(Ok(()))
    }

    fn update_tokens<'a>(
        &'a self,
        key: &'a InstallationKey,
        bot: Option<&'a Tokens>,
        user: Option<&'a Tokens>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let mut all = self.lock();
        for (k, installation) in all.iter_mut().filter(|(k, _)| same_place(k, key)) {
            if let Some(bot) = bot.filter(|_| installation.bot.is_some()) {
                installation.bot = Some(bot.clone());
            }
            let theirs = key.user_id.as_deref() == Some(installation.user_id.as_str());
            if let (Some(user), true) = (user, theirs) {
                installation.user = Some(user.clone());
            }
            let _ = k;
        }
        ready(Ok(()))
    }
}
