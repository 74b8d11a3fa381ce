//! The HTTP API: routes, the OpenAPI document, and the edge policies (errors, limits, headers).

pub mod accounts;
pub mod auth;
pub mod checks;
pub mod contract;
pub mod cursor;
pub mod edge;
pub mod error;
pub mod extract;
pub mod json;
pub mod officer;
pub mod reports;
pub mod retention;
pub mod review;
pub mod service;
pub mod sessions;
pub mod upload;
pub mod webhooks;
pub mod wire;

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "KYC back-office API",
        version = "1.0.0",
        description = "Verification sessions, MRZ checks, sanctions/PEP screening, notes, decisions and reports.\n\n\
            Every error is `application/problem+json` (RFC 9457). Access tokens are short-lived HS256 JWTs: \
            dashboard users get one from `POST /api/v1/auth/login`, a company's servers from `POST /api/v1/auth/token`.",
        license(name = "MIT")
    ),
    servers((url = "/", description = "This server")),
    // Schemas only a query parameter or a token's claims name are not collected from the paths.
    components(schemas(sessions::SpoofFilter, sessions::ListOrderParam, wire::Role)),
    tags(
        (name = "auth", description = "Access tokens"),
        (name = "team", description = "A company's members, their invitations, and the signed-in user's account"),
        (name = "sessions", description = "Verification sessions"),
        (name = "checks", description = "MRZ check and sanctions/PEP screening"),
        (name = "review", description = "Notes, decisions, settings and the activity log"),
        (name = "reports", description = "PDF reports of sessions and their verification"),
        (name = "retention", description = "Retention policy, legal holds, erasure and deletion certificates"),
        (name = "webhooks", description = "Webhook endpoints, deliveries and the events feed"),
        (name = "service", description = "Health and documentation"),
    )
)]
pub struct ApiDoc;

/// The `/api/v1` routes, each registered through utoipa so that it lands in the document.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(auth::login)
        .service(auth::issue_client_token)
        .service(auth::refresh_session)
        .service(auth::logout)
        .service(accounts::accept_invitation)
        .service(accounts::list_users)
        .service(accounts::invite_user)
        .service(accounts::update_user)
        .service(accounts::reinvite_user)
        .service(accounts::get_me)
        .service(accounts::change_password)
        .service(sessions::create_session)
        .service(sessions::create_session_multipart)
        .service(sessions::list_sessions)
        .service(sessions::get_session)
        .service(sessions::get_photo)
        .service(sessions::put_photo)
        .service(sessions::create_attempt)
        .service(sessions::list_attempts)
        .service(checks::get_session_mrz)
        .service(checks::check_mrz)
        .service(checks::get_session_pep)
        .service(checks::check_screening)
        .service(checks::review_pep_match)
        .service(checks::list_screening_lists)
        .service(checks::list_screening_sources)
        .service(review::list_notes)
        .service(review::create_note)
        .service(review::decide_session)
        .service(review::list_rejection_reasons)
        .service(review::get_settings)
        .service(review::update_settings)
        .service(review::get_session_activity)
        .service(review::list_audit_events)
        .service(officer::assign_session)
        .service(officer::release_session)
        .service(reports::get_report_pdf)
        .service(reports::verify_report)
        .service(retention::get_retention_policy)
        .service(retention::update_retention_policy)
        .service(retention::get_session_retention)
        .service(retention::report_relationship_ended)
        .service(retention::report_relationship_ended_by_external_id)
        .service(retention::place_legal_hold)
        .service(retention::lift_legal_hold)
        .service(retention::list_legal_holds)
        .service(retention::redact_session)
        .service(retention::list_retention_runs)
        .service(retention::get_retention_run)
        .service(webhooks::list_webhooks)
        .service(webhooks::create_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::rotate_webhook_secret)
        .service(webhooks::list_webhook_deliveries)
        .service(webhooks::resend_webhook_delivery)
        .service(webhooks::send_webhook_test)
        .service(webhooks::list_session_deliveries)
        .service(webhooks::list_events);
}

/// The OpenAPI document as served and as written to `openapi.yaml`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(configure))
        .service(service::healthz)
        .split_for_parts();
    // The modifier runs again now that the paths are in: the document's own `modifiers` ran
    // before the routes were added.
    utoipa::Modify::modify(&contract::Contract, &mut api);
    api
}

/// `openapi.yaml` as committed: the document in YAML that YAML 1.1 loaders read correctly.
pub fn openapi_yaml() -> anyhow::Result<String> {
    contract::to_yaml(&openapi())
}

use utoipa_actix_web::AppExt;
