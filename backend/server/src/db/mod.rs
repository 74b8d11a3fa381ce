//! The only module that names diesel.
//!
//! One binary, two databases: [`AnyConnection`] is a `MultiConnection` over PostgreSQL and
//! SQLite. The backend is picked by the URL's scheme ([`DatabaseUrl::parse`]): `postgres://` or
//! `postgresql://`, `sqlite://PATH` or a plain path; any other scheme is a startup error, never a
//! silent SQLite file. [`Db`] wraps two r2d2 pools: reads go through a pool of several
//! connections; writes through the write pool, which on SQLite has exactly one connection so
//! writers queue in-process instead of failing with `SQLITE_BUSY`.
//!
//! Queries are synchronous diesel run on the blocking thread pool; callers see async methods
//! that take and return typed records ([`records`]), never diesel types. Rows ([`rows`]) hold
//! the columns as stored; each is converted to its typed record once, here, where it is read.
//!
//! Tenancy: a session's child rows (attempts, photos, extra fields, notes, exports) are reached
//! only through a [`sessions::SessionKey`], which only a scoped lookup in [`sessions`] makes.

pub mod accounts;
mod appender;
pub mod assignments;
pub mod audit;
pub mod companies;
pub mod keys;
pub mod leases;
pub mod list_sources;
pub mod login_throttle;
pub mod records;
pub mod refresh;
pub mod reports;
pub mod retention;
mod rows;
pub mod schema;
pub mod screening;
pub mod sessions;
pub mod webhooks;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use kyc_domain::ids::CompanyId;

pub use appender::AppenderLimits;
pub use audit::NewAuditEvent;
pub use records::*;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// A multi-row `INSERT`. `MultiConnection` cannot render batch inserts (the two backends write
/// defaults differently), so each backend renders its own.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql(pg) => diesel::insert_into($table).values($rows).execute(pg),
            $crate::db::AnyConnection::Sqlite(sqlite) => diesel::insert_into($table).values($rows).execute(sqlite),
        }
    };
}
pub(crate) use insert_rows;

type ConnectionPool = Pool<BackendManager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A database location, read from `DATABASE_URL` by its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    /// A file path (from `sqlite://PATH` or a plain path).
    Sqlite(std::path::PathBuf),
}

impl DatabaseUrl {
    pub fn parse(text: &str) -> Result<DatabaseUrl, DbError> {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(text.to_owned()));
        }
        if let Some(path) = text.strip_prefix("sqlite://") {
            return sqlite_path(path);
        }
        match text.split_once("://") {
            Some((scheme, _)) => Err(DbError::Url(format!(
                "unknown database scheme {scheme:?}; use postgres://, postgresql://, sqlite://PATH or a file path"
            ))),
            None => sqlite_path(text),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Postgres(_) => Backend::Postgres,
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
        }
    }
}

fn sqlite_path(path: &str) -> Result<DatabaseUrl, DbError> {
    if path.is_empty() {
        return Err(DbError::Url("an SQLite database needs a file path".to_owned()));
    }
    Ok(DatabaseUrl::Sqlite(std::path::PathBuf::from(path)))
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is invalid: {0}")]
    Url(String),
    #[error("database connection failed")]
    Connect(#[source] diesel::ConnectionError),
    #[error("cannot create the database file or its folder {path}")]
    Folder { path: String, source: std::io::Error },
    #[error("database pool")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database query")]
    Query(#[from] diesel::result::Error),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("stored {what} is corrupt: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("the blocking task was cancelled")]
    Cancelled,
    #[error("audit log: {0}")]
    Audit(String),
    #[error("the legacy (v1) audit chain does not verify, so it was not sealed into the keyed chains: {0}")]
    LegacyAudit(#[source] kyc_domain::audit::v2::LegacyBreak),
    /// The audit appender's queue is full: the caller should retry shortly (503).
    #[error("the audit log is busy")]
    AuditQueueFull,
    #[error("the audit appender has stopped")]
    AuditStopped,
    #[error("this database handle was opened without the audit chain key")]
    NoAuditKey,
}

impl DbError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, DbError::Query(diesel::result::Error::NotFound))
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
        )
    }
}

/// Whose data a query may see: one company's, or (for the platform's superadmin and the
/// service's own jobs) everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Company(CompanyId),
    Platform,
}

/// Makes connections of the one backend the URL named (diesel's own manager would try every
/// backend in turn and report only the last failure).
#[derive(Debug)]
struct BackendManager {
    url: DatabaseUrl,
}

impl ManageConnection for BackendManager {
    type Connection = AnyConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        establish(&self.url).map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _: &mut AnyConnection) -> bool {
        false
    }
}

fn establish(url: &DatabaseUrl) -> Result<AnyConnection, diesel::ConnectionError> {
    match url {
        DatabaseUrl::Postgres(url) => diesel::PgConnection::establish(url).map(AnyConnection::Postgresql),
        DatabaseUrl::Sqlite(path) => {
            diesel::SqliteConnection::establish(&path.to_string_lossy()).map(AnyConnection::Sqlite)
        }
    }
}

/// SQLite settings applied to every pooled connection: they are per connection, not per file.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let AnyConnection::Sqlite(sqlite) = conn {
            sqlite
                .batch_execute(
                    // secure_delete: a redacted value is overwritten in the file, not left in a
                    // free page. busy_timeout first: switching a new file to WAL takes a lock that
                    // the pool's other connections, opening at the same moment, must wait for.
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA secure_delete = ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

#[derive(Clone)]
pub struct Db {
    read: ConnectionPool,
    write: ConnectionPool,
    backend: Backend,
    /// Present once [`Db::with_audit`] opened the keyed chains; appends need it.
    audit: Option<AuditLog>,
}

/// What appending to the keyed audit chains needs: the chain key and the group-commit appender.
#[derive(Clone)]
struct AuditLog {
    key: kyc_domain::audit::v2::ChainKey,
    appender: appender::Appender,
}

impl Db {
    /// Connects to the database the URL names, creating the SQLite file's folder if needed.
    pub fn connect(url: &str, read_pool_size: u32) -> Result<Db, DbError> {
        let url = DatabaseUrl::parse(url)?;
        prepare(&url)?;
        let backend = url.backend();
        let write_pool_size = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => read_pool_size,
        };
        Ok(Db { read: build_pool(&url, read_pool_size)?, write: build_pool(&url, write_pool_size)?, backend, audit: None })
    }

    /// Opens the keyed audit chains with `key` (sealing the v1 chain at the first start after
    /// the migration) and starts the group-commit appender. Call after [`Db::migrate`].
    pub fn with_audit(self, key: kyc_domain::audit::v2::ChainKey, limits: AppenderLimits) -> Result<Db, DbError> {
        self.write_now(|conn| audit::open_chains(conn, &key))?;
        let appender = appender::Appender::start(self.write.clone(), key.clone(), limits)?;
        Ok(Db { audit: Some(AuditLog { key, appender }), ..self })
    }

    /// The chains' key, for a use case that appends its event itself inside a larger write
    /// ([`audit::append_event`]).
    pub fn audit_key(&self) -> Result<kyc_domain::audit::v2::ChainKey, DbError> {
        Ok(self.audit_log()?.key.clone())
    }

    fn audit_log(&self) -> Result<&AuditLog, DbError> {
        self.audit.as_ref().ok_or(DbError::NoAuditKey)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the pending migrations of this backend; returns the versions applied.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.write.get()?;
        let applied = match &mut *conn {
            AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|error| DbError::Migration(error.to_string()))?;
        Ok(applied.into_iter().map(|version| version.to_string()).collect())
    }

    /// Runs a read on the blocking pool.
    pub async fn read<T, F>(&self, query: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.read.clone();
        run_blocking(move || query(&mut *pool.get()?)).await
    }

    /// Runs a write in one transaction on the writer pool.
    pub async fn write<T, F>(&self, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.write.clone();
        run_blocking(move || pool.get()?.transaction(|conn| change(conn))).await
    }

    /// Runs a write that must hold the write lock from its first statement: a transaction
    /// begun `IMMEDIATE` on SQLite (so two processes on one file never both read, then both
    /// write), an ordinary one on PostgreSQL, where the statements lock their own rows.
    pub async fn write_immediate<T, F>(&self, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.write.clone();
        run_blocking(move || {
            let mut conn = pool.get()?;
            match &mut *conn {
                AnyConnection::Sqlite(_) => immediate_transaction(&mut conn, change),
                AnyConnection::Postgresql(_) => conn.transaction(|conn| change(conn)),
            }
        })
        .await
    }

    /// Runs a write and appends its audit event in the same transaction: the change and the
    /// record of it are committed together or not at all.
    pub async fn write_audited<T, F>(&self, event: NewAuditEvent, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let key = self.audit_log()?.key.clone();
        self.write(move |conn| {
            let value = change(conn)?;
            audit::append(conn, &key, vec![event.into_entry()])?;
            Ok(value)
        })
        .await
    }

    /// A write that decides inside its transaction which audit events it makes (none when it
    /// refuses, say): the change returns its value and its events, appended before the commit.
    pub async fn write_deciding_audit<T, F>(&self, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<(T, Vec<NewAuditEvent>), DbError> + Send + 'static,
        T: Send + 'static,
    {
        let key = self.audit_log()?.key.clone();
        self.write(move |conn| {
            let (value, events) = change(conn)?;
            append_events(conn, &key, events)?;
            Ok(value)
        })
        .await
    }

    /// [`Db::write_deciding_audit`] for command-line tools.
    pub fn write_now_deciding_audit<T>(
        &self,
        change: impl FnOnce(&mut AnyConnection) -> Result<(T, Vec<NewAuditEvent>), DbError>,
    ) -> Result<T, DbError> {
        let key = self.audit_log()?.key.clone();
        self.write_now(move |conn| {
            let (value, events) = change(conn)?;
            append_events(conn, &key, events)?;
            Ok(value)
        })
    }

    /// Appends one audit event (a read, a login) on its own, batched with the events of other
    /// requests (group commit); returns once it is committed. When the appender's queue is full
    /// it refuses at once ([`DbError::AuditQueueFull`]).
    pub async fn audit(&self, event: NewAuditEvent) -> Result<(), DbError> {
        self.audit_log()?.appender.append(event.into_entry()).await
    }

    /// A synchronous write for command-line tools (demo seeding, list import).
    pub fn write_now<T>(&self, change: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>) -> Result<T, DbError> {
        self.write.get()?.transaction(|conn| change(conn))
    }

    /// A synchronous read for command-line tools.
    pub fn read_now<T>(&self, query: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>) -> Result<T, DbError> {
        query(&mut *self.read.get()?)
    }
}

/// `BEGIN IMMEDIATE` … `COMMIT`, rolled back when the change fails.
fn immediate_transaction<T>(
    conn: &mut AnyConnection,
    change: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>,
) -> Result<T, DbError> {
    conn.batch_execute("BEGIN IMMEDIATE")?;
    let outcome = change(conn).and_then(|value| conn.batch_execute("COMMIT").map(|()| value).map_err(DbError::from));
    if outcome.is_err() {
        // The change's (or the commit's) error is the one worth reporting; the rollback only
        // returns the pooled connection clean.
        let _ = conn.batch_execute("ROLLBACK");
    }
    outcome
}

fn append_events(conn: &mut AnyConnection, key: &kyc_domain::audit::v2::ChainKey, events: Vec<NewAuditEvent>) -> Result<(), DbError> {
    if events.is_empty() {
        return Ok(());
    }
    audit::append(conn, key, events.into_iter().map(NewAuditEvent::into_entry).collect())
}

async fn run_blocking<T, F>(work: F) -> Result<T, DbError>
where
    F: FnOnce() -> Result<T, DbError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work).await.map_err(|_| DbError::Cancelled)?
}

fn build_pool(url: &DatabaseUrl, size: u32) -> Result<ConnectionPool, DbError> {
    // Connect once outside the pool: r2d2 retries quietly until its timeout, hiding the cause.
    establish(url).map_err(DbError::Connect)?;
    Ok(Pool::builder()
        .max_size(size)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(BackendManager { url: url.clone() })?)
}

/// Creates an SQLite file's folder (`0700`) and the file itself (`0600`) before SQLite opens it:
/// SQLite gives its `-wal` and `-shm` files the database file's permissions, so the personal data
/// in all three is readable by the service's user only. An existing file is narrowed to `0600`.
fn prepare(url: &DatabaseUrl) -> Result<(), DbError> {
    let DatabaseUrl::Sqlite(path) = url else { return Ok(()) };
    let folder_error = |folder: &std::path::Path| {
        let path = folder.display().to_string();
        move |source| DbError::Folder { path, source }
    };
    if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        crate::blobs::private_dir_all(folder).map_err(folder_error(folder))?;
    }
    match crate::blobs::private_file(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => restrict_to_owner(path).map_err(folder_error(path)),
        Err(error) => Err(folder_error(path)(error)),
    }
}

#[cfg(unix)]
fn restrict_to_owner(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict_to_owner(_: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// The current UTC time as stored in `Timestamp` columns.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Every table and its columns as the migrations made them (the migration-parity test compares
/// the two backends with it).
pub fn tables_and_columns(
    conn: &mut AnyConnection,
) -> Result<std::collections::BTreeMap<String, std::collections::BTreeSet<String>>, DbError> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        column_name: String,
    }
    let query = match conn {
        AnyConnection::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        AnyConnection::Postgresql(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
             WHERE table_schema = current_schema()"
        }
    };
    let mut tables = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    for column in diesel::sql_query(query).load::<Column>(conn)? {
        tables.entry(column.table_name).or_default().insert(column.column_name);
    }
    Ok(tables)
}

/// A trivial query that proves the database answers.
pub fn ping(conn: &mut AnyConnection) -> Result<(), DbError> {
    diesel::sql_query("SELECT 1").execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_is_picked_by_the_url_scheme() {
        let parse = |text: &str| DatabaseUrl::parse(text).expect("a database url");
        assert_eq!(parse("postgres://u@h/db").backend(), Backend::Postgres);
        assert_eq!(parse("postgresql://u@h/db").backend(), Backend::Postgres);
        assert_eq!(parse("sqlite:///srv/kyc.sqlite"), DatabaseUrl::Sqlite("/srv/kyc.sqlite".into()));
        assert_eq!(parse("sqlite://data/kyc.sqlite"), DatabaseUrl::Sqlite("data/kyc.sqlite".into()));
        assert_eq!(parse("data/kyc.sqlite"), DatabaseUrl::Sqlite("data/kyc.sqlite".into()));
    }

    #[test]
    fn a_sqlite_url_creates_its_folder_and_no_folder_named_after_the_scheme() {
        let root = std::env::temp_dir().join(format!("kyc-url-{}", uuid::Uuid::new_v4()));
        let file = root.join("nested/kyc.sqlite");
        let url = DatabaseUrl::parse(&format!("sqlite://{}", file.display())).expect("a url");
        prepare(&url).expect("prepared");
        assert!(file.is_file());
        assert!(!std::path::Path::new("sqlite:").exists(), "a folder named after the scheme was created");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &std::path::Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode(&file), 0o600);
            assert_eq!(mode(&root.join("nested")), 0o700);
        }
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn an_unknown_scheme_is_an_error_not_a_file() {
        for text in ["mysql://root@localhost/kyc", "postgress://typo/db", "sqlite://"] {
            assert!(matches!(DatabaseUrl::parse(text), Err(DbError::Url(_))), "{text}");
        }
    }
}
