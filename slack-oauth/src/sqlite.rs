//! [`SqliteStore`]: installations in a SQLite file (feature `sqlite`).
//!
//! One table, `installations`, one row per key (organization, workspace, user: `''` for
//! none; the bot installation has user `''`). The schema's version is SQLite's
//! `user_version`: opening a file creates the table in a new one and migrates an older
//! one. Each write is one transaction. Calls run on tokio's blocking threads.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::{
    BoxFuture, IncomingWebhook, Installation, InstallationKey, InstallationStore, StoreError,
    Tokens,
};

/// The schema's version this code writes.
const VERSION: i64 = 1;

/// Each migration takes the schema from the version before it to its own.
const MIGRATIONS: &[&str] = &["CREATE TABLE installations (
    enterprise_id TEXT NOT NULL, team_id TEXT NOT NULL, user_key TEXT NOT NULL,
    app_id TEXT, team_name TEXT, enterprise_name TEXT,
    is_enterprise_install INTEGER NOT NULL, user_id TEXT NOT NULL, bot_user_id TEXT,
    bot_token TEXT, bot_scopes TEXT, bot_refresh_token TEXT, bot_expires_at INTEGER,
    user_token TEXT, user_scopes TEXT, user_refresh_token TEXT, user_expires_at INTEGER,
    webhook_url TEXT, webhook_channel TEXT, webhook_channel_id TEXT,
    webhook_configuration_url TEXT, installed_at INTEGER NOT NULL,
    PRIMARY KEY (enterprise_id, team_id, user_key))"];

/// An [`InstallationStore`] in a SQLite database file.
///
/// ```no_run
/// # async fn run() -> Result<(), slack_oauth::StoreError> {
/// let store = slack_oauth::SqliteStore::open("installations.db").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqliteStore {
    db: Arc<Mutex<Connection>>,
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

impl SqliteStore {
    /// Opens (or creates) the database at `path`, creating or migrating its schema.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_owned();
        let db = tokio::task::spawn_blocking(move || -> Result<Connection, StoreError> {
            let mut db = Connection::open(path).map_err(err)?;
            db.busy_timeout(Duration::from_secs(5)).map_err(err)?;
            migrate(&mut db)?;
            Ok(db)
        })
        .await
        .map_err(err)??;
        Ok(SqliteStore {
            db: Arc::new(Mutex::new(db)),
        })
    }

    /// The schema version of the open database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        self.run(|db| {
            db.pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(err)
        })
        .await
    }

    /// Runs `f` on the connection on a blocking thread.
    fn run<'a, T: Send + 'static>(
        &'a self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> BoxFuture<'a, Result<T, StoreError>> {
        let db = self.db.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut db = db.lock().unwrap_or_else(|e| e.into_inner());
                f(&mut db)
            })
            .await
            .map_err(err)?
        })
    }
}

fn migrate(db: &mut Connection) -> Result<(), StoreError> {
    let tx = db.transaction().map_err(err)?;
    let at: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(err)?;
    if at > VERSION {
        return Err(StoreError(format!(
            "the database's schema is version {at}, newer than this code's {VERSION}"
        )));
    }
    for step in MIGRATIONS.iter().skip(usize::try_from(at).unwrap_or(0)) {
        tx.execute_batch(step).map_err(err)?;
    }
    tx.pragma_update(None, "user_version", VERSION)
        .map_err(err)?;
    tx.commit().map_err(err)
}

fn key_text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn secs(t: Option<SystemTime>) -> Option<i64> {
    t.map(|t| {
        t.duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    })
}

fn time(secs: Option<i64>) -> Option<SystemTime> {
    secs.map(|s| {
        crate::clock::later(
            UNIX_EPOCH,
            Duration::from_secs(u64::try_from(s).unwrap_or(0)),
        )
    })
}

type TokenCols = (Option<String>, Option<String>, Option<String>, Option<i64>);

fn token_cols(t: Option<&Tokens>) -> TokenCols {
    match t {
        Some(t) => (
            Some(t.token.expose().to_owned()),
            Some(t.scopes.join(",")),
            t.refresh_token.as_ref().map(|r| r.expose().to_owned()),
            secs(t.expires_at),
        ),
        None => (None, None, None, None),
    }
}

fn tokens_from(cols: TokenCols) -> Option<Tokens> {
    let (token, scopes, refresh, expires) = cols;
    let scopes = scopes.unwrap_or_default();
    let mut t = Tokens::new(
        token?,
        scopes
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    );
    t.refresh_token = refresh.map(Into::into);
    t.expires_at = time(expires);
    Some(t)
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    i: &Installation,
    user_key: &str,
) -> rusqlite::Result<usize> {
    let key = i.key();
    let bot = token_cols(i.bot.as_ref());
    let user = token_cols(i.user.as_ref());
    let hook = i.incoming_webhook.as_ref();
    tx.execute(
        "INSERT OR REPLACE INTO installations VALUES
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
          ?20, ?21, ?22)",
        params![
            key_text(&key.enterprise_id),
            key_text(&key.team_id),
            user_key,
            i.app_id,
            i.team_name,
            i.enterprise_name,
            i.is_enterprise_install,
            i.user_id,
            i.bot_user_id,
            bot.0,
            bot.1,
            bot.2,
            bot.3,
            user.0,
            user.1,
            user.2,
            user.3,
            hook.map(|h| &h.url),
            hook.and_then(|h| h.channel.as_ref()),
            hook.and_then(|h| h.channel_id.as_ref()),
            hook.and_then(|h| h.configuration_url.as_ref()),
            secs(Some(i.installed_at)),
        ],
    )
}

fn read(row: &Row<'_>) -> rusqlite::Result<Installation> {
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let team_id = opt(row.get(1)?);
    let webhook_url: Option<String> = row.get(17)?;
    Ok(Installation {
        enterprise_id: opt(row.get(0)?),
        app_id: row.get(3)?,
        team_name: row.get(4)?,
        enterprise_name: row.get(5)?,
        is_enterprise_install: row.get(6)?,
        user_id: row.get(7)?,
        bot_user_id: row.get(8)?,
        bot: tokens_from((row.get(9)?, row.get(10)?, row.get(11)?, row.get(12)?)),
        user: tokens_from((row.get(13)?, row.get(14)?, row.get(15)?, row.get(16)?)),
        incoming_webhook: match webhook_url {
            Some(url) => Some(IncomingWebhook {
                url,
                channel: row.get(18)?,
                channel_id: row.get(19)?,
                configuration_url: row.get(20)?,
            }),
            None => None,
        },
        installed_at: time(row.get(21)?).unwrap_or(UNIX_EPOCH),
        team_id,
    })
}

impl InstallationStore for SqliteStore {
    fn save<'a>(&'a self, installation: &'a Installation) -> BoxFuture<'a, Result<(), StoreError>> {
        let i = installation.clone();
        self.run(move |db| {
            let tx = db.transaction().map_err(err)?;
            insert(&tx, &i, "").map_err(err)?;
            insert(&tx, &i, &i.user_id).map_err(err)?;
            tx.commit().map_err(err)
        })
    }

    fn find<'a>(
        &'a self,
        key: &'a InstallationKey,
    ) -> BoxFuture<'a, Result<Option<Installation>, StoreError>> {
        let key = key.clone();
        self.run(move |db| {
            db.query_row(
                "SELECT * FROM installations
                 WHERE enterprise_id = ?1 AND team_id = ?2 AND user_key = ?3",
                params![
                    key_text(&key.enterprise_id),
                    key_text(&key.team_id),
                    key_text(&key.user_id)
                ],
                read,
            )
            .optional()
            .map_err(err)
        })
    }

    fn delete<'a>(&'a self, key: &'a InstallationKey) -> BoxFuture<'a, Result<(), StoreError>> {
        let key = key.clone();
        self.run(move |db| {
            let (e, t) = (key_text(&key.enterprise_id), key_text(&key.team_id));
            match &key.user_id {
                Some(u) => db.execute(
                    "DELETE FROM installations
                     WHERE enterprise_id = ?1 AND team_id = ?2 AND user_key = ?3",
                    params![e, t, u],
                ),
                None => db.execute(
                    "DELETE FROM installations WHERE enterprise_id = ?1 AND team_id = ?2",
                    params![e, t],
                ),
            }
            .map(drop)
            .map_err(err)
        })
    }

    fn update_tokens<'a>(
        &'a self,
        key: &'a InstallationKey,
        bot: Option<&'a Tokens>,
        user: Option<&'a Tokens>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        let (key, bot, user) = (
            key.clone(),
            bot.map(|b| token_cols(Some(b))),
            user.map(|u| token_cols(Some(u))),
        );
        self.run(move |db| {
            let (e, t) = (key_text(&key.enterprise_id), key_text(&key.team_id));
            let tx = db.transaction().map_err(err)?;
            if let Some(b) = bot {
                tx.execute(
                    "UPDATE installations SET bot_token = ?3, bot_scopes = ?4,
                     bot_refresh_token = ?5, bot_expires_at = ?6
                     WHERE enterprise_id = ?1 AND team_id = ?2 AND bot_token IS NOT NULL",
                    params![e, t, b.0, b.1, b.2, b.3],
                )
                .map_err(err)?;
            }
            if let (Some(u), Some(user_id)) = (user, &key.user_id) {
                tx.execute(
                    "UPDATE installations SET user_token = ?4, user_scopes = ?5,
                     user_refresh_token = ?6, user_expires_at = ?7
                     WHERE enterprise_id = ?1 AND team_id = ?2 AND user_id = ?3",
                    params![e, t, user_id, u.0, u.1, u.2, u.3],
                )
                .map_err(err)?;
            }
            tx.commit().map_err(err)
        })
    }
}
