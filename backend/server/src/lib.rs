//! The KYC back-office server: HTTP API, use cases, storage and the adapters around the pure
//! domain.
//!
//! Layers (see docs/ARCHITECTURE.md), each importing only the ones below it:
//! - `api`: actix handlers, utoipa, wire types, the token extractor; parses input, calls one use
//!   case, maps the result to a view.
//! - `cases`: the use cases, free of HTTP.
//! - adapters: `db` (the only module that names diesel), `blobs` (blob storage), `keys` (photos
//!   encrypted at rest above it), `pdf` (genpdf), `credentials` (JWT and password hashes),
//!   `screening` (the in-memory list index), `webhooks` (the sender and the delivery worker).
//! - `kyc_domain`: the pure rules.

pub mod api;
pub mod blobs;
pub mod cases;
pub mod config;
pub mod credentials;
pub mod db;
pub mod geoip;
pub mod heavy;
pub mod keys;
pub mod list_feed;
pub mod pdf;
pub mod screening;
pub mod state;
pub mod webhooks;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Compress, Logger, Next};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use std::net::TcpListener;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use api::error::{ApiError, extractors};
use state::AppState;

/// The largest JSON body accepted.
pub const MAX_JSON_BODY: usize = api::json::MAX_JSON_BODY;

const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
const SPA_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// Swagger UI sets inline styles on its elements; its scripts still come only from this server.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Starts the HTTP server on an already bound listener (tests bind port 0), and beside it on the
/// same runtime the webhook delivery worker and the polling of lists fetched by URL.
pub fn server(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    webhooks::worker::spawn(state.db.clone(), state.webhooks.clone());
    cases::list_refresh::spawn_polling(state.clone());
    let (head_timeout, keep_alive) = (state.config.request_head_timeout, state.config.keep_alive);
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let (app, api) = App::new()
            .app_data(data.clone())
            .app_data(web::JsonConfig::default().limit(MAX_JSON_BODY).error_handler(extractors::json))
            .app_data(web::FormConfig::default().limit(64 * 1024).error_handler(extractors::form))
            .app_data(web::QueryConfig::default().error_handler(extractors::query))
            .app_data(web::PathConfig::default().error_handler(extractors::path))
            .route("/api/v1/openapi.json", web::get().to(api::service::openapi_json))
            .into_utoipa_app()
            .openapi(<api::ApiDoc as utoipa::OpenApi>::openapi())
            .service(utoipa_actix_web::scope("/api/v1").configure(api::configure))
            .service(api::service::healthz)
            .split_for_parts();
        app.service(SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", api))
            .route("/docs", web::get().to(|| async { redirect("/docs/") }))
            .default_service(web::to(fallback))
            .wrap(actix_web::middleware::from_fn(api::edge::guard_requests))
            .wrap(actix_web::middleware::from_fn(security_headers))
            .wrap(Compress::default())
            // Method, path and status only: query strings can hold names and document numbers.
            .wrap(
                Logger::new("\"%{METHOD}xi %U\" %s %b %Dms")
                    .custom_request_replace("METHOD", |request| request.method().to_string()),
            )
    })
    // A client gets this long to send its request head, and an idle connection is closed
    // after keep-alive; bodies are bounded by `api::edge` (408).
    .client_request_timeout(head_timeout)
    .client_disconnect_timeout(std::time::Duration::from_secs(1))
    .keep_alive(keep_alive)
    .listen(listener)?
    .run();
    Ok(server)
}

fn redirect(to: &str) -> HttpResponse {
    HttpResponse::Found().insert_header((header::LOCATION, to)).finish()
}

/// Unknown API paths get a problem (an undeclared method on a known one got 405 at the edge);
/// anything else is a dashboard route, answered with the SPA.
async fn fallback(request: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let path = request.path();
    if path.starts_with("/api/") || path == "/api" || path == "/healthz" {
        return Err(ApiError::NotFound("no endpoint at this path".into()));
    }
    let static_dir = &state.config.static_dir;
    let relative = path.trim_start_matches('/');
    let is_safe = !relative.split('/').any(|part| part == ".." || part.starts_with('.'));
    let asset = static_dir.join(relative);
    if is_safe && !relative.is_empty() && asset.is_file() {
        return Ok(actix_files::NamedFile::open(asset).map_err(anyhow::Error::from)?.into_response(&request));
    }
    let index = static_dir.join("index.html");
    if index.is_file() {
        return Ok(actix_files::NamedFile::open(index).map_err(anyhow::Error::from)?.into_response(&request));
    }
    Err(ApiError::NotFound("the dashboard is not built; run scripts/run.sh or npm run build in frontend/".into()))
}

/// Headers every response carries: no sniffing, no framing, no caching of personal data.
async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = request.path().to_owned();
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let csp = if path.starts_with("/docs") {
        DOCS_CSP
    } else if path.starts_with("/api/") {
        API_CSP
    } else {
        SPA_CSP
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if path.starts_with("/api/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
