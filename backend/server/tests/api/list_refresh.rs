//! Lists kept current by the server itself (`KYC_LIST_SOURCES`), against a real HTTP server on
//! 127.0.0.1 that serves a list file with an `ETag` and changes it between two polls: the first
//! poll imports it, later polls are conditional and import nothing, a changed file is imported
//! and re-screens stored sessions, and every failure (an error status, a file above the size
//! cap, a file that is not a list) is shown to admins and keeps the version in use.

use crate::helpers::{TestApp, assert_problem, passport_mrz, session_body};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use kyc_domain::access::Role;
use kyc_server::credentials::Claims;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Someone on no list.
const UNLISTED: &str = r#"{"id": "feed-p001", "schema": "Person", "caption": "Tamar Lomidze", "properties": {"name": ["Tamar Lomidze"], "firstName": ["Tamar"], "lastName": ["Lomidze"], "birthDate": ["1980-01-01"], "nationality": ["ge"], "topics": ["sanction"]}, "datasets": ["feed"], "target": true}"#;
/// Giorgi Beridze, sanctioned (as in the demo list).
const BERIDZE: &str = r#"{"id": "feed-p002", "schema": "Person", "caption": "Giorgi Beridze", "properties": {"name": ["Giorgi Beridze"], "firstName": ["Giorgi"], "lastName": ["Beridze"], "birthDate": ["1971-03-14"], "nationality": ["ge"], "gender": ["male"], "topics": ["sanction"]}, "datasets": ["feed"], "target": true}"#;

/// What the list's server answers, and the `If-None-Match` of every request it got.
struct Published {
    status: u16,
    body: String,
    etag: String,
    conditions: Vec<Option<String>>,
}

#[derive(Clone)]
struct Publisher {
    url: String,
    shared: Arc<Mutex<Published>>,
}

impl Publisher {
    fn start(body: &str, etag: &str) -> Publisher {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/feed.jsonl", listener.local_addr().expect("address"));
        let published = Published { status: 200, body: body.to_owned(), etag: etag.to_owned(), conditions: Vec::new() };
        let shared = Arc::new(Mutex::new(published));
        let data = web::Data::new(shared.clone());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).default_service(web::to(serve)))
            .workers(1)
            .listen(listener)
            .expect("listen")
            .run();
        actix_web::rt::spawn(server);
        Publisher { url, shared }
    }

    fn publish(&self, status: u16, body: &str, etag: &str) {
        let mut published = self.shared.lock().expect("lock");
        (published.status, published.body, published.etag) = (status, body.to_owned(), etag.to_owned());
    }

    fn conditions(&self) -> Vec<Option<String>> {
        self.shared.lock().expect("lock").conditions.clone()
    }
}

async fn serve(request: HttpRequest, shared: web::Data<Arc<Mutex<Published>>>) -> HttpResponse {
    let mut published = shared.lock().expect("lock");
    let condition = request.headers().get("if-none-match").and_then(|value| value.to_str().ok()).map(str::to_owned);
    published.conditions.push(condition.clone());
    if published.status != 200 {
        return HttpResponse::build(actix_web::http::StatusCode::from_u16(published.status).expect("status")).body("unavailable");
    }
    if condition.as_deref() == Some(published.etag.as_str()) {
        return HttpResponse::NotModified().finish();
    }
    HttpResponse::Ok().insert_header(("ETag", published.etag.clone())).body(published.body.clone())
}

fn settings(publisher: &Publisher) -> Vec<(&'static str, String)> {
    vec![("KYC_LIST_SOURCES", format!("feed ftm 1s {}", publisher.url)), ("KYC_LIST_MAX_BYTES", "4096".to_owned())]
}

async fn on_both(case: impl AsyncFn(TestApp, Publisher), first: &str) {
    let publisher = Publisher::start(first, "\"v1\"");
    let owned = settings(&publisher);
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(name, value)| (*name, value.as_str())).collect();
    case(TestApp::sqlite_with(&borrowed).await, publisher).await;
    let publisher = Publisher::start(first, "\"v1\"");
    let owned = settings(&publisher);
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(name, value)| (*name, value.as_str())).collect();
    match TestApp::postgres_with(&borrowed).await {
        Some(app) => case(app, publisher).await,
        None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
    }
}

async fn source(app: &TestApp) -> Value {
    let page: Value = app.get("/api/v1/screening/sources", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    page["items"][0].clone()
}

/// Polls the sources endpoint until `done` holds, at most 20 s.
async fn source_once(app: &TestApp, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let source = source(app).await;
        if done(&source) {
            return source;
        }
        assert!(Instant::now() < deadline, "{what} did not happen within 20 s: {source}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

fn entry_count(source: &Value) -> i64 {
    source["active_version"]["entry_count"].as_i64().unwrap_or(0)
}

/// The platform's `lists.refresh` events, as the superadmin sees them.
async fn refresh_events(app: &TestApp) -> Vec<Value> {
    let claims = Claims { sub: uuid::Uuid::now_v7().to_string(), company_id: None, role: Role::Superadmin, ..app.claims_for(&app.acme) };
    let token = app.token_with(&claims);
    let page: Value =
        app.get("/api/v1/audit-events?action=lists.refresh", &token).send().await.expect("request").json().await.expect("json");
    page["items"].as_array().cloned().unwrap_or_default()
}

#[actix_web::test]
async fn a_published_list_is_imported_polled_conditionally_and_its_change_rescreens_stored_sessions() {
    on_both(a_list_changing_between_two_polls_is_imported_once_per_version, UNLISTED).await;
}

async fn a_list_changing_between_two_polls_is_imported_once_per_version(app: TestApp, publisher: Publisher) {
    let first = source_once(&app, "the first import", |source| entry_count(source) == 1).await;
    assert_eq!(first["name"], "feed");
    assert_eq!(first["hosts"][0], "127.0.0.1");
    assert!(first["last_error"].is_null(), "{first}");

    let mrz = passport_mrz("BERIDZE", "GIORGI", "GEO", "1971-03-14");
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let created = app.create_session(&app.acme, session_body(&refs)).await;
    assert_eq!(created["status"], "verified", "not on the first version: {created}");
    let id = created["id"].as_str().expect("id").to_owned();

    let deadline = Instant::now() + Duration::from_secs(20);
    while !publisher.conditions().contains(&Some("\"v1\"".to_owned())) {
        assert!(Instant::now() < deadline, "no conditional request: {:?}", publisher.conditions());
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(refresh_events(&app).await.len(), 1, "an unchanged list is not imported again");

    publisher.publish(200, &format!("{UNLISTED}\n{BERIDZE}\n"), "\"v2\"");
    // The new version is in use as soon as it is stored; the check's own record follows it.
    source_once(&app, "the second import", |source| {
        entry_count(source) == 2 && source["last_changed_at"].as_str() > first["last_changed_at"].as_str()
    })
    .await;
    let details: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["status"], "awaiting_action", "the new version re-screened the session: {details}");
    assert_eq!(details["status_reasons"][0]["code"], "new_screening_match", "{details}");
    let events = refresh_events(&app).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(|event| event["outcome"] == "imported" && event["target_id"] == "feed"), "{events:?}");
}

#[actix_web::test]
async fn a_failing_list_server_is_shown_to_admins_and_the_version_in_use_stays() {
    on_both(every_kind_of_failure_is_recorded_and_cleared_by_the_next_success, UNLISTED).await;
}

async fn every_kind_of_failure_is_recorded_and_cleared_by_the_next_success(app: TestApp, publisher: Publisher) {
    source_once(&app, "the first import", |source| entry_count(source) == 1).await;
    let too_big = format!("{UNLISTED}\n").repeat(20);
    let failures = [
        (503, "not a list".to_owned(), "503"),
        (200, too_big, "larger than KYC_LIST_MAX_BYTES"),
        (200, "this is not JSON".to_owned(), "could not be read"),
    ];
    for (round, (status, body, reason)) in failures.into_iter().enumerate() {
        publisher.publish(status, &body, &format!("\"bad{round}\""));
        let failed = source_once(&app, reason, |source| source["last_error"].as_str().is_some_and(|error| error.contains(reason))).await;
        assert_eq!(entry_count(&failed), 1, "the version in use stays: {failed}");
        assert!(!failed["last_error"].as_str().unwrap_or_default().contains("127.0.0.1"), "no URL in the error: {failed}");
        publisher.publish(200, UNLISTED, "\"v1\"");
        source_once(&app, "recovery", |source| source["last_error"].is_null()).await;
    }
    let events = refresh_events(&app).await;
    assert_eq!(events.iter().filter(|event| event["outcome"] == "failed").count(), 3, "{events:?}");
    assert_eq!(events.iter().filter(|event| event["outcome"] == "imported").count(), 1, "{events:?}");
}

#[actix_web::test]
async fn only_admins_see_the_list_sources() {
    let publisher = Publisher::start(UNLISTED, "\"v1\"");
    let owned = settings(&publisher);
    let borrowed: Vec<(&str, &str)> = owned.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let app = TestApp::sqlite_with(&borrowed).await;
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        assert_problem(app.get("/api/v1/screening/sources", token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    assert_problem(app.get("/api/v1/screening/sources", "not-a-token").send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
    let other: Value = app.get("/api/v1/screening/sources", &app.globex.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(other["items"][0]["name"], "feed", "the lists are the platform's, the same for every company");
}

#[actix_web::test]
async fn without_list_sources_the_endpoint_lists_none() {
    let app = TestApp::sqlite().await;
    let page: Value = app.get("/api/v1/screening/sources", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(page["items"], serde_json::json!([]));
}
