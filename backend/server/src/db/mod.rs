//! The only module that names diesel.
//!
//! One binary, two databases: [`AnyConnection`] is a `MultiConnection` over PostgreSQL and
//! SQLite, picked by the URL's scheme (never by fall-through). [`Db`] wraps two r2d2 pools: reads
//! go through a pool of several connections; writes go through the write pool, which on SQLite has
//! exactly one connection so writers queue in-process instead of failing with `SQLITE_BUSY`.
//! Queries are synchronous diesel run on actix's blocking thread pool; callers see async methods
//! that take and return plain records, never diesel types.

pub mod audit;
pub mod companies;
pub mod records;
pub mod reports;
pub mod schema;
pub mod screening;
pub mod sessions;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

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

type ConnectionPool = Pool<ConnectionManager<AnyConnection>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn for_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database connection failed: {0}")]
    Connect(String),
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database query: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("the blocking task was cancelled")]
    Cancelled,
}

impl DbError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, DbError::Query(diesel::result::Error::NotFound))
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

/// Whose data a query may see: one company's, or (for the platform's superadmin) everyone's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Company(String),
    Platform,
}

/// SQLite settings applied to every pooled connection: they are per connection, not per file.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        if let AnyConnection::Sqlite(sqlite) = conn {
            sqlite
                .batch_execute(
                    // busy_timeout first: switching a new file to WAL takes a lock that
                    // the pool's other connections, opening at the same moment, must wait for.
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
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
}

impl Db {
    /// Connects to the database the URL names, creating the SQLite file's folder if needed.
    pub fn connect(url: &str, read_pool_size: u32) -> Result<Db, DbError> {
        let backend = Backend::for_url(url);
        check_connection(url, backend)?;
        let write_pool_size = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => read_pool_size,
        };
        Ok(Db {
            read: build_pool(url, read_pool_size)?,
            write: build_pool(url, write_pool_size)?,
            backend,
        })
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
        run_blocking(move || {
            let mut conn = pool.get()?;
            conn.transaction(|conn| change(conn))
        })
        .await
    }

    /// A synchronous write for command-line tools (demo seeding, list import).
    pub fn write_now<T>(
        &self,
        change: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let mut conn = self.write.get()?;
        conn.transaction(|conn| change(conn))
    }

    /// A synchronous read for command-line tools.
    pub fn read_now<T>(
        &self,
        query: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        query(&mut *self.read.get()?)
    }
}

async fn run_blocking<T, F>(work: F) -> Result<T, DbError>
where
    F: FnOnce() -> Result<T, DbError> + Send + 'static,
    T: Send + 'static,
{
    actix_web::rt::task::spawn_blocking(work).await.map_err(|_| DbError::Cancelled)?
}

fn build_pool(url: &str, size: u32) -> Result<ConnectionPool, DbError> {
    Pool::builder()
        .max_size(size)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(ConnectionManager::new(url))
        .map_err(|error| DbError::Connect(error.to_string()))
}

/// `AnyConnection::establish` hides the real error; connecting once by scheme surfaces it.
fn check_connection(url: &str, backend: Backend) -> Result<(), DbError> {
    match backend {
        Backend::Postgres => diesel::PgConnection::establish(url).map(drop),
        Backend::Sqlite => {
            if let Some(folder) = std::path::Path::new(url).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder).map_err(|error| {
                    DbError::Connect(format!("cannot create the data folder: {error}"))
                })?;
            }
            diesel::SqliteConnection::establish(url).map(drop)
        }
    }
    .map_err(|error| DbError::Connect(error.to_string()))
}

/// A new random-ordered-by-time id (UUID v7) as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current UTC time as stored in `Timestamp` columns.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A trivial query that proves the database answers.
pub fn ping(conn: &mut AnyConnection) -> Result<(), DbError> {
    diesel::sql_query("SELECT 1").execute(conn)?;
    Ok(())
}
