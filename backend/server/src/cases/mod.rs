//! The use cases: what the product does, free of HTTP.
//!
//! One module per resource; each public function is named after the API operation that calls
//! it (`create_session`, `get_session`, `decide_session`, ...), takes the [`Actor`] who asks and
//! typed values, checks the actor's permission, and returns typed records or an [`Error`]. The
//! command line and the demo seeding call the same functions. Nothing here names actix, the
//! `api` module or diesel: storage goes through `db`, photos through `keys::PhotoVault` (sealed above `blobs`), PDFs
//! through `pdf`.

pub mod accounts;
pub mod actor;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod checks;
pub mod demo;
pub mod ingest;
pub mod keys;
pub mod list_refresh;
pub mod lists;
pub mod refresh;
pub mod login_throttle;
pub mod officer;
pub mod query_audit;
pub mod reports;
pub mod retention;
pub mod review;
pub mod sessions;
pub mod webhooks;

pub use actor::Actor;

use crate::blobs::BlobError;
use crate::db::DbError;
use std::time::Duration;

pub type Result<T> = std::result::Result<T, Error>;

/// Why a use case did not do what was asked. The HTTP edge maps each kind to one status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// What was looked for (`session`, `photo`, ...): another company's is not found either.
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{detail}")]
    Invalid { detail: String, problems: Vec<FieldProblem> },
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{message}")]
    RateLimited { message: String, retry_after: Duration },
    /// The server's capacity for heavy work is taken; try again after the wait.
    #[error("{message}")]
    Busy { message: String, retry_after: Duration },
    /// Anything unexpected; its cause chain is logged once at the edge, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// One invalid input field, with where it is (a path like `document.mrz[1]`, or an MRZ position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
    /// 0-based line of an MRZ problem.
    pub line: Option<usize>,
    /// 0-based character position of an MRZ problem.
    pub position: Option<usize>,
}

impl Error {
    pub fn not_found(what: &str) -> Error {
        Error::NotFound(what.to_owned())
    }

    /// One invalid field: `field: message`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Error {
        let message = message.into();
        Error::Invalid {
            detail: format!("{field}: {message}"),
            problems: vec![FieldProblem { field: field.to_owned(), message, line: None, position: None }],
        }
    }

    /// Several invalid fields at once, the detail naming each.
    pub fn invalid_fields(problems: Vec<FieldProblem>) -> Error {
        let detail = problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ");
        Error::Invalid { detail, problems }
    }

    /// A structurally unusable MRZ, with the line and position the engine found.
    pub fn mrz(field: &str, error: kyc_domain::mrz::MrzInputError) -> Error {
        Error::Invalid {
            detail: format!("{field}: {error}"),
            problems: vec![FieldProblem {
                field: format!("{field}[{}]", error.line),
                message: error.to_string(),
                line: Some(error.line),
                position: error.position,
            }],
        }
    }
}

impl From<DbError> for Error {
    fn from(error: DbError) -> Error {
        match error {
            DbError::AuditQueueFull => Error::Busy { message: error.to_string(), retry_after: AUDIT_RETRY_AFTER },
            error => Error::Internal(error.into()),
        }
    }
}

impl From<crate::keys::VaultError> for Error {
    fn from(error: crate::keys::VaultError) -> Error {
        Error::Internal(error.into())
    }
}
/// How long a caller refused by a full audit queue should wait: a batch commits in milliseconds.
const AUDIT_RETRY_AFTER: Duration = Duration::from_secs(1);

impl From<BlobError> for Error {
    fn from(error: BlobError) -> Error {
        Error::Internal(error.into())
    }
}

/// Runs a CPU-heavy step (screening, MRZ repair, PDF rendering) on the bounded heavy-work pool;
/// "busy" when no slot frees up in time.
pub(crate) async fn heavy<T: Send + 'static>(
    state: &crate::state::AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    state.heavy.run(work).await.map_err(|error| match error {
        crate::heavy::HeavyError::Busy { retry_after } => Error::Busy { message: error.to_string(), retry_after },
        crate::heavy::HeavyError::Stopped(cause) => Error::Internal(anyhow::anyhow!("a heavy task stopped: {cause}")),
    })
}

/// Runs CPU-heavy work (password hashing, PDF rendering) off the async threads.
pub(crate) async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| Error::Internal(anyhow::anyhow!("a blocking task stopped: {error}")))
}
