//! Policies every request meets before a handler: the request target may not hold control
//! characters, a body must arrive within the body-read timeout, and a path the API knows
//! answers 405 with `Allow` for a method it does not declare.
//!
//! The timeouts of the connection itself (request head, keep-alive, disconnect) are set on the
//! server in `lib.rs`; this module bounds what the server cannot see: a client that sends its
//! head and then trickles, or never finishes, its body. Such a request gets 408 and the
//! connection is closed, so it holds no worker, buffer or database connection.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use bytes::Bytes;
use futures_util::Stream;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use super::error::ApiError;
use super::wire::text::is_refused;
use crate::state::AppState;

/// The middleware: refuses a bad request target, and puts a deadline on reading the body.
pub async fn guard_requests(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(refusal) = refused_target(request.path(), request.query_string()) {
        return Ok(request.error_response(refusal).map_into_right_body());
    }
    if let Some(refusal) = undeclared_method(request.method(), request.path()) {
        return Ok(request.error_response(refusal).map_into_right_body());
    }
    let timeout = request.app_data::<web::Data<AppState>>().map(|state| state.config.body_read_timeout);
    if let Some(timeout) = timeout {
        let payload = request.take_payload();
        let bounded: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(Deadline::new(payload, timeout));
        request.set_payload(Payload::from(bounded));
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// A control character in the path is no resource (404); in the query, an invalid value (422).
fn refused_target(path: &str, query: &str) -> Option<ApiError> {
    let decoded_path = percent_decode(path);
    if decoded_path.chars().any(|c| is_refused(c, false)) {
        return Some(ApiError::NotFound("no resource at this path".into()));
    }
    let parameters = form_urlencoded_pairs(query);
    let bad = parameters.iter().find(|(name, value)| name.chars().chain(value.chars()).any(|c| is_refused(c, false)))?;
    Some(ApiError::unprocessable(&bad.0.chars().filter(|&c| !is_refused(c, false)).collect::<String>(), "contains a control character"))
}

/// A method the document does not declare for a known API path is 405 with `Allow`, decided
/// before routing: otherwise `GET /sessions/multipart` would reach `GET /sessions/{id}`.
fn undeclared_method(method: &Method, path: &str) -> Option<ApiError> {
    if !(path.starts_with("/api/") || path == "/healthz") {
        return None;
    }
    let allow = allowed_methods(path);
    if allow.is_empty() || allow.contains(method) {
        return None;
    }
    Some(ApiError::MethodNotAllowed { detail: format!("{method} is not allowed here"), allow })
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
}

/// A request body that must end before a deadline; past it, the stream fails with a time-out
/// that the extractors answer with 408.
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<actix_web::rt::time::Sleep>>,
}

impl Deadline {
    fn new(inner: Payload, timeout: Duration) -> Deadline {
        Deadline { inner, sleep: Box::pin(actix_web::rt::time::sleep(timeout)) }
    }
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Poll::Ready(item) = Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(body_timed_out()))),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn body_timed_out() -> PayloadError {
    PayloadError::Io(std::io::Error::new(std::io::ErrorKind::TimedOut, "the request body did not arrive in time"))
}

/// Whether a payload error is the body-read deadline.
pub fn is_timeout(error: &PayloadError) -> bool {
    matches!(error, PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut)
}

/// The methods the API declares for a path, from the OpenAPI document (empty: unknown path).
pub fn allowed_methods(path: &str) -> Vec<Method> {
    let wanted: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let matching: Vec<_> = routes()
        .iter()
        .filter(|(template, _)| {
            template.len() == wanted.len()
                && template.iter().zip(&wanted).all(|(part, segment)| part.starts_with('{') || part == segment)
        })
        .collect();
    // `/sessions/multipart` is its own resource, not `/sessions/{id}`: the template with the most
    // literal segments is the one the path names.
    let literal_segments = |template: &[String]| template.iter().filter(|part| !part.starts_with('{')).count();
    let most_literal = matching.iter().map(|(template, _)| literal_segments(template)).max().unwrap_or(0);
    matching
        .into_iter()
        .filter(|(template, _)| literal_segments(template) == most_literal)
        .flat_map(|(_, methods)| methods.iter().cloned())
        .collect()
}

/// Every documented path as segments, with its methods; built once.
fn routes() -> &'static [(Vec<String>, Vec<Method>)] {
    static ROUTES: OnceLock<Vec<(Vec<String>, Vec<Method>)>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        super::openapi()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                ];
                let declared = methods.into_iter().filter_map(|(method, present)| present.then_some(method)).collect();
                (path.trim_end_matches('/').split('/').map(str::to_owned).collect(), declared)
            })
            .collect()
    })
}

use std::future::Future;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_in_the_path_or_query_is_refused() {
        assert!(matches!(refused_target("/api/v1/sessions/x%00y", ""), Some(ApiError::NotFound(_))));
        assert!(matches!(refused_target("/api/v1/sessions", "q=an%00na"), Some(ApiError::Unprocessable { .. })));
        assert!(matches!(refused_target("/api/v1/sessions", "q=a%0Ab"), Some(ApiError::Unprocessable { .. })));
        assert!(refused_target("/api/v1/sessions", "q=%E1%83%90%20b&limit=5").is_none());
    }

    #[test]
    fn the_declared_methods_of_a_path_come_from_the_document() {
        assert_eq!(allowed_methods("/api/v1/sessions/0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a"), vec![Method::GET]);
        let mut methods = allowed_methods("/api/v1/sessions");
        methods.sort_by_key(|m| m.to_string());
        assert_eq!(methods, vec![Method::GET, Method::POST]);
        assert!(allowed_methods("/api/v1/nothing-here").is_empty());
    }

    #[test]
    fn a_literal_path_is_not_mistaken_for_a_template_beside_it() {
        assert_eq!(allowed_methods("/api/v1/sessions/multipart"), vec![Method::POST]);
    }
}
