//! The store: the only code that touches SQL. One SQLite file holds every scenario and every
//! version of it (its full `accord/1` text, a message, a timestamp and the version it was based
//! on). Nothing is ever overwritten: a save or a restore adds a version.
//!
//! Durability: the database runs in WAL mode with `synchronous=FULL`, so a transaction is on
//! disk (the WAL fsynced) before its commit returns; a write is acknowledged only after its
//! commit. A process killed at any moment loses no acknowledged version, and SQLite recovers
//! the WAL on the next open.
//!
//! Migrations are embedded SQL, numbered by their position in [`MIGRATIONS`] and recorded in
//! SQLite's `PRAGMA user_version` (no migration crate: a list of SQL strings and one loop).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// The schema migrations, in order: migration `k` (from 0) brings `user_version` from `k` to
/// `k + 1`. Append only; never edit a released one.
pub const MIGRATIONS: &[&str] = &[
    // 1: scenarios and their versions.
    "CREATE TABLE scenario (
         id      TEXT PRIMARY KEY NOT NULL,
         created TEXT NOT NULL
     ) STRICT;
     CREATE TABLE version (
         scenario TEXT NOT NULL REFERENCES scenario(id),
         version  INTEGER NOT NULL CHECK (version >= 1),
         title    TEXT NOT NULL,
         text     TEXT NOT NULL,
         message  TEXT NOT NULL,
         created  TEXT NOT NULL,
         based_on INTEGER,
         PRIMARY KEY (scenario, version)
     ) STRICT;",
];

/// The timestamp SQLite writes: UTC, RFC 3339 with milliseconds (`2026-12-04T20:19:39.123Z`).
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened, read or written.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer accord (its schema is ahead of this one's).
    #[error("the database has schema version {found}; this accord knows up to {known}")]
    NewerSchema {
        /// The database's `user_version`.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// No scenario has this id.
    #[error("no scenario `{id}`")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// The scenario has no such version.
    #[error("scenario `{id}` has no version {version}")]
    VersionNotFound {
        /// The scenario's id.
        id: String,
        /// The version asked for.
        version: i64,
    },
    /// A scenario with this id exists already.
    #[error("a scenario `{id}` exists already")]
    Exists {
        /// The id.
        id: String,
    },
    /// A save was based on a version that is no longer the latest.
    #[error("scenario `{id}` is at version {current}, not {base}: it changed since")]
    Stale {
        /// The scenario's id.
        id: String,
        /// The version the save was based on.
        base: i64,
        /// The latest version.
        current: i64,
    },
}

/// One scenario in the list: its id, the title and number of its latest version, and when that
/// version was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The scenario's id.
    pub id: String,
    /// The latest version's title.
    pub title: String,
    /// The latest version's number (from 1).
    pub version: i64,
    /// When the latest version was written (RFC 3339, UTC).
    pub updated: String,
}

/// One version's record, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    /// Its number (from 1).
    pub version: i64,
    /// The message it was saved with.
    pub message: String,
    /// When it was written (RFC 3339, UTC).
    pub created: String,
    /// The version it was based on (`None` for the first).
    pub based_on: Option<i64>,
}

/// One version with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionText {
    /// The scenario's id.
    pub id: String,
    /// Its number (from 1).
    pub version: i64,
    /// The scenario's title in this version.
    pub title: String,
    /// The full `accord/1` text.
    pub text: String,
}

/// The database of scenarios and versions.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the database file, in WAL mode with `synchronous=FULL`, and brings
    /// its schema up to date. Returns the store and whether the database was new (no schema
    /// before), so that the caller can fill it.
    ///
    /// Errors: [`StoreError::Sqlite`] (cannot open, not a database, disk full, …),
    /// [`StoreError::NewerSchema`].
    pub fn open(path: &Path) -> Result<(Store, bool), StoreError> {
        let conn = Connection::open(path)?;
        // WAL: readers never block the writer; FULL: the WAL is fsynced at every commit.
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        Self::setup(conn)
    }

    /// A store in memory (for tests): nothing is durable.
    pub fn in_memory() -> Result<(Store, bool), StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<(Store, bool), StoreError> {
        conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        )?;
        let mut store = Store { conn };
        let fresh = store.migrate()?;
        Ok((store, fresh))
    }

    /// Applies the migrations the database lacks, each in its own transaction with its
    /// `user_version`. Returns whether the database had no schema before.
    fn migrate(&mut self) -> Result<bool, StoreError> {
        let found: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::NewerSchema { found, known });
        }
        for (k, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", k as i64 + 1)?;
            tx.commit()?;
        }
        Ok(found == 0)
    }

    /// The schema version of the database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Every scenario with its latest version, by id.
    pub fn list(&self) -> Result<Vec<Summary>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT v.scenario, v.title, v.version, v.created FROM version v
             WHERE v.version = (SELECT MAX(version) FROM version w WHERE w.scenario = v.scenario)
             ORDER BY v.scenario",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Summary {
                id: r.get(0)?,
                title: r.get(1)?,
                version: r.get(2)?,
                updated: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Creates a scenario with its first version; returns that version (1).
    ///
    /// Errors: [`StoreError::Exists`] when the id is taken.
    pub fn create(
        &mut self,
        id: &str,
        title: &str,
        text: &str,
        message: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: Option<i64> = tx
            .query_row("SELECT 1 FROM scenario WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(StoreError::Exists { id: id.to_owned() });
        }
        tx.execute(
            &format!("INSERT INTO scenario (id, created) VALUES (?1, {NOW})"),
            [id],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO version (scenario, version, title, text, message, created, based_on)
                 VALUES (?1, 1, ?2, ?3, ?4, {NOW}, NULL)"
            ),
            params![id, title, text, message],
        )?;
        tx.commit()?;
        Ok(1)
    }

    /// The latest version number of a scenario.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn current_version(&self, id: &str) -> Result<i64, StoreError> {
        current(&self.conn, id)
    }

    /// The latest version of a scenario, with its text.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn latest(&self, id: &str) -> Result<VersionText, StoreError> {
        let version = self.current_version(id)?;
        self.get(id, version)
    }

    /// A version of a scenario, with its text.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::VersionNotFound`].
    pub fn get(&self, id: &str, version: i64) -> Result<VersionText, StoreError> {
        let row = self
            .conn
            .prepare_cached("SELECT title, text FROM version WHERE scenario = ?1 AND version = ?2")?
            .query_row(params![id, version], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?;
        match row {
            Some((title, text)) => Ok(VersionText {
                id: id.to_owned(),
                version,
                title,
                text,
            }),
            None => {
                current(&self.conn, id)?;
                Err(StoreError::VersionNotFound {
                    id: id.to_owned(),
                    version,
                })
            }
        }
    }

    /// Every version of a scenario, oldest first.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn versions(&self, id: &str) -> Result<Vec<VersionInfo>, StoreError> {
        current(&self.conn, id)?;
        let mut st = self.conn.prepare_cached(
            "SELECT version, message, created, based_on FROM version WHERE scenario = ?1
             ORDER BY version",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(VersionInfo {
                version: r.get(0)?,
                message: r.get(1)?,
                created: r.get(2)?,
                based_on: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a new version based on `base_version`, which must be the latest; returns the new
    /// version's number. The check and the insert are one transaction, so two saves on the
    /// same base never both succeed.
    ///
    /// Errors: [`StoreError::NotFound`]; [`StoreError::Stale`] with the latest version when
    /// `base_version` is not it (nothing is written).
    pub fn save(
        &mut self,
        id: &str,
        base_version: i64,
        title: &str,
        text: &str,
        message: &str,
    ) -> Result<i64, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest = current(&tx, id)?;
        if latest != base_version {
            return Err(StoreError::Stale {
                id: id.to_owned(),
                base: base_version,
                current: latest,
            });
        }
        let version = latest + 1;
        tx.execute(
            &format!(
                "INSERT INTO version (scenario, version, title, text, message, created, based_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, {NOW}, ?6)"
            ),
            params![id, version, title, text, message, base_version],
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// Restores an old version: saves its text as a new version based on `base_version`
    /// (which must be the latest), with `message`. Returns the new version's number.
    ///
    /// Errors: as [`Store::get`] for the old version, and as [`Store::save`].
    pub fn restore(
        &mut self,
        id: &str,
        old: i64,
        base_version: i64,
        message: &str,
    ) -> Result<i64, StoreError> {
        let v = self.get(id, old)?;
        self.save(id, base_version, &v.title, &v.text, message)
    }
}

fn current(conn: &Connection, id: &str) -> Result<i64, StoreError> {
    let v: Option<i64> = conn
        .prepare_cached("SELECT MAX(version) FROM version WHERE scenario = ?1")?
        .query_row([id], |r| r.get(0))?;
    v.ok_or_else(|| StoreError::NotFound { id: id.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_grow_and_stale_bases_are_refused() {
        let (mut s, fresh) = Store::in_memory().unwrap();
        assert!(fresh);
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.create("a", "A", "text 1", "first").unwrap(), 1);
        assert!(matches!(
            s.create("a", "A", "x", "again"),
            Err(StoreError::Exists { .. })
        ));
        assert_eq!(s.save("a", 1, "A2", "text 2", "second").unwrap(), 2);
        match s.save("a", 1, "A3", "text 3", "stale") {
            Err(StoreError::Stale { current, base, .. }) => assert_eq!((base, current), (1, 2)),
            other => panic!("expected a stale save, got {other:?}"),
        }
        assert_eq!(s.latest("a").unwrap().text, "text 2");
        assert_eq!(s.restore("a", 1, 2, "back").unwrap(), 3);
        let v3 = s.get("a", 3).unwrap();
        assert_eq!((v3.title.as_str(), v3.text.as_str()), ("A", "text 1"));
        let infos = s.versions("a").unwrap();
        let based: Vec<_> = infos.iter().map(|v| (v.version, v.based_on)).collect();
        assert_eq!(based, vec![(1, None), (2, Some(1)), (3, Some(2))]);
        assert!(matches!(
            s.get("a", 9),
            Err(StoreError::VersionNotFound { version: 9, .. })
        ));
        assert!(matches!(s.latest("b"), Err(StoreError::NotFound { .. })));
        let list = s.list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].version, list[0].title.as_str()), (3, "A"));
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn a_reopened_file_keeps_its_versions_and_is_not_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        {
            let (mut s, fresh) = Store::open(&path).unwrap();
            assert!(fresh);
            s.create("x", "X", "t", "m").unwrap();
        }
        let (s, fresh) = Store::open(&path).unwrap();
        assert!(!fresh);
        assert_eq!(s.latest("x").unwrap().text, "t");
        let mode: String = s
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        // FULL (2): the WAL is fsynced at every commit, before the commit returns.
        let sync: i64 = s
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2);
    }

    #[test]
    fn migrations_are_counted_and_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        {
            let (s, _) = Store::open(&path).unwrap();
            assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
            let tables: i64 = s
                .conn
                .query_row(
                    "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN \
                     ('scenario', 'version')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(tables, 2);
        }
        // Reopening applies nothing twice (a second CREATE TABLE would fail).
        let (s, fresh) = Store::open(&path).unwrap();
        assert!(!fresh);
        s.conn
            .pragma_update(None, "user_version", MIGRATIONS.len() as i64 + 1)
            .unwrap();
        drop(s);
        match Store::open(&path) {
            Err(e @ StoreError::NewerSchema { found, known }) => {
                assert_eq!((found, known), (known + 1, MIGRATIONS.len() as i64));
                assert!(e.to_string().contains("newer") || e.to_string().contains("knows up to"));
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
    }
}
