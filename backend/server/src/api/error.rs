//! The one error type at the HTTP edge, answered as RFC 9457 `application/problem+json`.
//!
//! Each kind has a stable `type` URI. A use case's [`cases::Error`] becomes an `ApiError` in one
//! `From`; unexpected errors are logged once here, with their whole cause chain, and answered
//! with an opaque 500 that says nothing about the internals.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::cases;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{detail}")]
    MethodNotAllowed { detail: String, allow: Vec<actix_web::http::Method> },
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{detail}")]
    Unprocessable { detail: String, errors: Vec<FieldProblem> },
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: std::time::Duration },
    #[error("{message}")]
    Unavailable { message: String, retry_after: std::time::Duration },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// One invalid input field, with where it is (a JSON pointer-like path, or an MRZ position).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldProblem {
    /// The field, e.g. `document.mrz[1]` or `verification.face_match_level`.
    pub field: String,
    pub message: String,
    /// 0-based line of an MRZ problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 0-based character position of an MRZ problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// An RFC 9457 problem.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"type": "/problems/not-found", "title": "Not Found", "status": 404, "detail": "session not found"}))]
pub struct Problem {
    /// A stable URI reference naming the kind of error.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

impl ApiError {
    pub fn not_found(what: &str) -> ApiError {
        ApiError::NotFound(format!("{what} not found"))
    }

    /// Invalid input found while parsing it at the edge.
    pub fn invalid_fields(problems: Vec<cases::FieldProblem>) -> ApiError {
        cases::Error::invalid_fields(problems).into()
    }

    pub fn unprocessable(field: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::Unprocessable {
            detail: format!("{field}: {message}"),
            errors: vec![FieldProblem { field: field.to_owned(), message, line: None, position: None }],
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::MethodNotAllowed { .. } => "method-not-allowed",
            ApiError::RequestTimeout(_) => "request-timeout",
            ApiError::Conflict(_) => "conflict",
            ApiError::PayloadTooLarge(_) => "payload-too-large",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::Unprocessable { .. } => "validation",
            ApiError::TooManyRequests { .. } => "too-many-requests",
            ApiError::Unavailable { .. } => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn public_detail(&self) -> String {
        match self {
            ApiError::Internal(_) => "an unexpected error occurred; it has been logged".to_owned(),
            other => other.to_string(),
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            kind: format!("/problems/{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.public_detail(),
            errors: match self {
                ApiError::Unprocessable { errors, .. } => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            // `{:#}` prints the whole chain: "database query: no such table: sessions".
            log::error!("internal error: {cause:#}");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type("application/problem+json");
        match self {
            ApiError::Unauthorized(_) => {
                response.insert_header(("WWW-Authenticate", "Bearer"));
            }
            ApiError::TooManyRequests { retry_after, .. } | ApiError::Unavailable { retry_after, .. } => {
                response.insert_header(("Retry-After", whole_seconds(*retry_after).to_string()));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                let allow: Vec<&str> = allow.iter().map(|method| method.as_str()).collect();
                response.insert_header(("Allow", allow.join(", ")));
            }
            // The body may still be arriving: the connection cannot be reused.
            ApiError::RequestTimeout(_) => {
                response.force_close();
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

/// A wait in whole seconds, rounded up so that a client that waits that long is let in.
fn whole_seconds(wait: std::time::Duration) -> u64 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1)
}

impl From<cases::Error> for ApiError {
    fn from(error: cases::Error) -> ApiError {
        use cases::Error as E;
        match error {
            E::Unauthorized(detail) => ApiError::Unauthorized(detail),
            E::Forbidden(detail) => ApiError::Forbidden(detail),
            E::NotFound(what) => ApiError::not_found(&what),
            E::Conflict(detail) => ApiError::Conflict(detail),
            E::Invalid { detail, problems } => ApiError::Unprocessable {
                detail,
                errors: problems
                    .into_iter()
                    .map(|p| FieldProblem { field: p.field, message: p.message, line: p.line, position: p.position })
                    .collect(),
            },
            E::TooLarge(detail) => ApiError::PayloadTooLarge(detail),
            E::UnsupportedMediaType(detail) => ApiError::UnsupportedMediaType(detail),
            E::RateLimited { message, retry_after } => ApiError::TooManyRequests { message, retry_after },
            E::Busy { message, retry_after } => ApiError::Unavailable { message, retry_after },
            E::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

/// Turns actix's body and parameter errors into problems, so that no error leaves as plain text.
pub mod extractors {
    use super::ApiError;
    use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError, UrlencodedError};
    use actix_web::{Error, HttpRequest};

    pub fn json(error: JsonPayloadError, _: &HttpRequest) -> Error {
        match error {
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
                ApiError::PayloadTooLarge("the JSON body is larger than 1 MiB".into())
            }
            JsonPayloadError::ContentType => {
                ApiError::UnsupportedMediaType("expected Content-Type: application/json".into())
            }
            JsonPayloadError::Payload(error) => payload(error),
            JsonPayloadError::Deserialize(error) if error.is_data() => {
                ApiError::unprocessable("body", crate::api::json::without_values(&error.to_string()))
            }
            other => ApiError::BadRequest(format!(
                "the JSON body could not be read: {}",
                crate::api::json::without_values(&other.to_string())
            )),
        }
        .into()
    }

    pub fn form(error: UrlencodedError, _: &HttpRequest) -> Error {
        match error {
            UrlencodedError::Overflow { .. } => ApiError::PayloadTooLarge("the form body is too large".into()),
            UrlencodedError::ContentType => ApiError::UnsupportedMediaType("expected a form body".into()),
            UrlencodedError::Payload(error) => payload(error),
            // The form was read; one of its values is wrong (a control character, a length).
            UrlencodedError::Parse(error) => {
                ApiError::unprocessable("body", crate::api::json::without_values(&error.to_string()))
            }
            other => ApiError::BadRequest(format!("the form body could not be read: {other}")),
        }
        .into()
    }

    pub fn query(error: QueryPayloadError, _: &HttpRequest) -> Error {
        let detail = crate::api::json::without_values(&error.to_string());
        ApiError::BadRequest(format!("invalid query parameters: {detail}")).into()
    }

    pub fn path(error: PathError, _: &HttpRequest) -> Error {
        ApiError::BadRequest(format!("invalid path parameter: {error}")).into()
    }

    pub fn payload(error: PayloadError) -> ApiError {
        match error {
            PayloadError::Overflow => ApiError::PayloadTooLarge("the body is too large".into()),
            timeout if crate::api::edge::is_timeout(&timeout) => {
                ApiError::RequestTimeout("the request body did not arrive in time".into())
            }
            other => ApiError::BadRequest(format!("the body could not be read: {other}")),
        }
    }
}
