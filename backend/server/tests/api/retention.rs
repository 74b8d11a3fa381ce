//! Retention: the policy, the purge job (`retention run`), legal holds, erasure on request and
//! deletion certificates, with the database and the blob folder searched for what must be gone.

use crate::helpers::{TestApp, assert_problem, blob_files, jpeg_bytes, passport_mrz, session_body};
use crate::on_both_backends;
use crate::reports::{TempPdf, pdf_text, squeezed, tool_available};
use chrono::{Duration, NaiveDate, Utc};
use kyc_domain::access::Role;
use kyc_domain::ids::{Principal, UserId};
use kyc_server::cases::retention::{PurgeOptions, PurgeReport, run_purge};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

on_both_backends!(
    a_rejected_session_past_its_period_keeps_the_proof_and_loses_the_person,
    a_verified_session_is_kept_until_its_relationship_end_and_its_period_have_passed,
    a_relationship_end_reported_by_external_id_starts_that_sessions_period_and_no_other_companys,
    a_held_session_survives_every_run_and_goes_once_the_hold_is_lifted,
    a_dry_run_changes_nothing,
    a_run_killed_halfway_ends_like_an_uninterrupted_one_and_orphaned_blobs_go_next_run,
    the_policy_is_an_admins_and_a_verified_period_under_five_years_names_the_law,
    erasure_of_a_verified_session_in_its_aml_period_needs_a_ground_and_a_second_admin,
    erasure_is_refused_under_a_legal_hold_and_allowed_after,
    every_retention_endpoint_hides_another_companys_sessions_and_refuses_other_roles,
    malformed_and_oversized_retention_input_is_unprocessable,
);

/// The person the tests put in sessions and then look for everywhere.
const LAST_NAME: &str = "QWERTYAN";
const FIRST_NAME: &str = "ZURABIKO";
const DOCUMENT_NUMBER: &str = "13AB45678";
const PERSONAL_NUMBER: &str = "01001012345";
const PHONE: &str = "+995 555 12 34 56";
const CLIENT_IP: &str = "203.0.113.7";

fn person_body() -> Value {
    let mut body = session_body(&[]);
    let mrz = passport_mrz(LAST_NAME, FIRST_NAME, "GEO", "1985-04-02");
    body["document"]["mrz"] = json!(mrz);
    body["document"]["fields"] = json!({"first_name": FIRST_NAME, "last_name": LAST_NAME, "document_number": DOCUMENT_NUMBER});
    body
}

/// A verified session with a selfie and a document photo.
async fn verified_session(app: &TestApp) -> String {
    let form = Form::new()
        .part("session", Part::text(person_body().to_string()).mime_str("application/json").expect("mime"))
        .part("selfie", Part::bytes(jpeg_bytes()).file_name("selfie.jpg"));
    let response = app.post("/api/v1/sessions/multipart", &app.acme.client).multipart(form).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    let created: Value = response.json().await.expect("json");
    assert_eq!(created["status"], "verified", "{created}");
    created["id"].as_str().expect("id").to_owned()
}

/// A session rejected by an operator (its document expired, so it waited for a decision).
async fn rejected_session(app: &TestApp) -> String {
    let mut body = person_body();
    body["verification"]["face_match_level"] = json!(1);
    let form = Form::new()
        .part("session", Part::text(body.to_string()).mime_str("application/json").expect("mime"))
        .part("selfie", Part::bytes(jpeg_bytes()).file_name("selfie.jpg"));
    let response = app.post("/api/v1/sessions/multipart", &app.acme.client).multipart(form).send().await.expect("request");
    let created: Value = response.json().await.expect("json");
    assert_eq!(created["status"], "awaiting_action", "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let note = json!({"decision": "reject", "note": format!("Not {FIRST_NAME} {LAST_NAME}."), "reasons": ["selfie_mismatch"]});
    let decided = app.post(&format!("/api/v1/sessions/{id}/decision"), &app.acme.operator).json(&note).send().await.expect("request");
    assert_eq!(decided.status(), StatusCode::OK, "{}", decided.text().await.unwrap_or_default());
    id
}

async fn put_policy(app: &TestApp, rejected_days: u32) {
    let policy = json!({"verified_days": 1826, "rejected_days": rejected_days, "not_finished_days": 30, "awaiting_action_overdue_days": 30});
    let response = app.put("/api/v1/retention/policy", &app.acme.admin).json(&policy).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
}

async fn purge(app: &TestApp, as_of: NaiveDate, dry_run: bool) -> PurgeReport {
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || run_purge(&state, PurgeOptions { as_of, dry_run }, &|_, _| ()))
        .await
        .expect("join")
        .expect("purge run")
}

fn days_from_now(days: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(days)
}

async fn session_json(app: &TestApp, id: &str) -> Value {
    let response = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn retention_of(app: &TestApp, id: &str) -> Value {
    let response = app.get(&format!("/api/v1/sessions/{id}/retention"), &app.acme.viewer).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn is_redacted(session: &Value) -> bool {
    session["redacted_at"].is_string()
}

/// Every personal value the tests sent, as the database may hold it (any case).
fn personal_values() -> Vec<String> {
    [LAST_NAME, FIRST_NAME, DOCUMENT_NUMBER, PERSONAL_NUMBER, PHONE, CLIENT_IP, "iPhone"].map(str::to_lowercase).to_vec()
}

/// The whole database as text: the SQLite files (after a checkpoint) or a `pg_dump`.
fn database_text(app: &TestApp) -> String {
    let url = app.state.config.database_url.clone();
    if url.starts_with("postgres") {
        let dump = std::process::Command::new("pg_dump").arg("--data-only").arg(&url).output().expect("pg_dump runs");
        assert!(dump.status.success(), "pg_dump: {}", String::from_utf8_lossy(&dump.stderr));
        return String::from_utf8_lossy(&dump.stdout).to_lowercase();
    }
    let mut text = String::new();
    for suffix in ["", "-wal"] {
        if let Ok(bytes) = std::fs::read(format!("{url}{suffix}")) {
            text.push_str(&String::from_utf8_lossy(&bytes).to_lowercase());
        }
    }
    text
}

fn assert_gone_from_database(app: &TestApp) {
    let text = database_text(app);
    for value in personal_values() {
        assert!(!text.contains(&value), "{value} is still in the database");
    }
}

async fn export_code(app: &TestApp, id: &str) -> String {
    let response = app.get(&format!("/api/v1/sessions/{id}/report.pdf"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.headers()["x-verification-code"].to_str().expect("ascii").to_owned()
}

async fn a_rejected_session_past_its_period_keeps_the_proof_and_loses_the_person(app: TestApp) {
    put_policy(&app, 1).await;
    let id = rejected_session(&app).await;
    let code = export_code(&app, &id).await;
    assert!(database_text(&app).contains(&LAST_NAME.to_lowercase()), "the test looks for what is there");
    let photo_url = session_json(&app, &id).await["photos"][0]["url"].as_str().expect("url").to_owned();
    assert_eq!(retention_of(&app, &id).await["state"], "scheduled");

    let report = purge(&app, days_from_now(365), false).await;
    assert_eq!((report.redacted, report.photos_deleted), (1, 1), "{report}");

    let session = session_json(&app, &id).await;
    assert!(is_redacted(&session) && session["redacted_by"] == "policy", "{session}");
    assert_eq!(session["status"], "rejected", "the status stays");
    assert!(session["summary"]["last_name"].is_null() && session["external_id"].is_null(), "{session}");
    assert!(session["customer_activity"]["client_ip"].is_null());
    assert_eq!(session["verification"]["face_match"]["level"], 1, "the face-match level stays: {session}");
    assert!(session["photos"].as_array().expect("photos").is_empty());
    assert_problem(app.get(&photo_url, &app.acme.admin).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    assert!(blob_files(&app).is_empty(), "the photo's blob is gone");
    let notes: Value = app.get(&format!("/api/v1/sessions/{id}/notes"), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    let rejection = &notes["items"][0];
    assert_eq!((rejection["kind"].as_str(), rejection["body"].as_str()), (Some("rejection"), Some("")), "the decision stays, its text goes");
    assert_gone_from_database(&app);

    let state = app.state.clone();
    let verified = tokio::task::spawn_blocking(move || kyc_server::cases::admin::verify_audit(&state)).await.expect("join");
    assert!(verified.expect("the audit chain verifies") > 0);
    let verdict: Value = app.get(&format!("/api/v1/reports/verify?code={code}"), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(verdict["verdict"], "redacted", "{verdict}");

    let runs: Value = app.get("/api/v1/retention/runs", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    let run = &runs["items"][0];
    assert_eq!((run["authority"].as_str(), run["sessions"].as_u64(), run["photos_deleted"].as_u64()), (Some("policy"), Some(1), Some(1)));
    let certificate: Value = app.get(&format!("/api/v1/retention/runs/{}", run["id"].as_str().expect("id")), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(certificate["certificate"]["sessions"][0]["session_id"], id.as_str());
    assert!(!certificate.to_string().to_lowercase().contains(&LAST_NAME.to_lowercase()), "no personal data in a certificate");

    assert_redaction_printed_and_announced(&app, &id, "by the retention policy").await;

    let again = purge(&app, days_from_now(800), false).await;
    assert_eq!(again.redacted, 0, "a redacted session is not redacted again");
    assert_eq!(redacted_events(&app, &id).await.len(), 1, "a session is announced as redacted once");
}

/// The `session.redacted` events of the session in the company's events feed.
async fn redacted_events(app: &TestApp, id: &str) -> Vec<Value> {
    let page: Value = app.get("/api/v1/events?type=session.redacted", &app.acme.client).send().await.expect("request").json().await.expect("json");
    page["items"].as_array().expect("items").iter().filter(|event| event["data"]["session_id"] == id).cloned().collect()
}

/// A redacted session's PDF says when and on whose authority it was redacted and prints no
/// name; the integrator's events feed carries one `session.redacted` event without names, next
/// in the session's sequence.
async fn assert_redaction_printed_and_announced(app: &TestApp, id: &str, authority: &str) {
    let response = app.get(&format!("/api/v1/sessions/{id}/report.pdf"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let pdf = TempPdf::new(&response.bytes().await.expect("pdf"));
    if tool_available("pdftotext") {
        let text = pdf_text(&pdf.0, None);
        let today = Utc::now().date_naive().to_string();
        let printed = squeezed(&text);
        assert!(printed.contains("Personaldataredacted") && printed.contains(&squeezed(&format!("{today} {authority}"))), "{text}");
        assert!(!text.contains(LAST_NAME) && !text.contains(DOCUMENT_NUMBER), "{text}");
    }
    let events = redacted_events(app, id).await;
    assert_eq!(events.len(), 1, "{events:?}");
    let event = events[0].to_string();
    assert!(!event.contains(LAST_NAME) && !event.contains(FIRST_NAME), "{event}");
    assert!(events[0]["data"]["external_id"].is_null(), "the external id is erased with the rest: {event}");
    let page: Value = app.get("/api/v1/events", &app.acme.client).send().await.expect("request").json().await.expect("json");
    let highest = page["items"].as_array().expect("items").iter().filter(|event| event["data"]["session_id"] == id)
        .map(|event| event["data"]["sequence"].as_u64().expect("sequence")).max();
    assert_eq!(events[0]["data"]["sequence"].as_u64(), highest, "the redaction is the session's newest event");
}

async fn a_verified_session_is_kept_until_its_relationship_end_and_its_period_have_passed(app: TestApp) {
    let id = verified_session(&app).await;
    assert_eq!(purge(&app, days_from_now(4000), false).await.redacted, 0, "no relationship end: kept");
    assert_eq!(retention_of(&app, &id).await["state"], "waiting");
    let today = Utc::now().date_naive();
    let ended = app.post(&format!("/api/v1/sessions/{id}/relationship-ended"), &app.acme.client).json(&json!({"ended_on": today})).send().await.expect("request");
    assert_eq!(ended.status(), StatusCode::OK);
    let retention: Value = ended.json().await.expect("json");
    assert_eq!(retention["state"], "scheduled", "{retention}");
    let goes_on: NaiveDate = retention["goes_on"].as_str().expect("goes_on").parse().expect("date");
    assert!(goes_on > today + Duration::days(1825), "{goes_on}");
    assert!(retention["explanation"].as_str().expect("text").contains("2015/849"), "{retention}");
    assert_eq!(purge(&app, goes_on.pred_opt().expect("a day"), false).await.redacted, 0, "inside the period: kept");
    assert_eq!(purge(&app, goes_on, false).await.redacted, 1, "redacted once the period passed");
    assert!(is_redacted(&session_json(&app, &id).await));
}

async fn a_relationship_end_reported_by_external_id_starts_that_sessions_period_and_no_other_companys(app: TestApp) {
    let id = verified_session(&app).await;
    let external_id = session_json(&app, &id).await["external_id"].as_str().expect("the fixture has an external id").to_owned();
    let path = "/api/v1/relationships/ended";
    let today = Utc::now().date_naive();
    let body = json!({"external_id": external_id, "ended_on": today});

    for token in [&app.globex.client, &app.globex.admin] {
        assert_problem(app.post(path, token).json(&body).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    }
    for token in [&app.acme.operator, &app.acme.viewer] {
        assert_problem(app.post(path, token).json(&body).send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    let unknown = json!({"external_id": "no-such-customer", "ended_on": today});
    assert_problem(app.post(path, &app.acme.client).json(&unknown).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    for malformed in [
        json!({"external_id": external_id, "ended_on": days_from_now(1)}),
        json!({"external_id": "x".repeat(201), "ended_on": today}),
        json!({"external_id": external_id}),
        json!({"external_id": external_id, "ended_on": "1283-11-29"}),
        json!({"external_id": external_id, "ended_on": today, "session_id": id}),
    ] {
        assert_problem(app.post(path, &app.acme.client).json(&malformed).send().await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    assert_eq!(retention_of(&app, &id).await["state"], "waiting", "refused calls changed nothing");

    let ended = app.post(path, &app.acme.client).json(&body).send().await.expect("request");
    assert_eq!(ended.status(), StatusCode::OK);
    let retention: Value = ended.json().await.expect("json");
    assert_eq!(retention, retention_of(&app, &id).await, "the answer is the session's retention now");
    assert_eq!(retention["state"], "scheduled", "{retention}");
    let goes_on: NaiveDate = retention["goes_on"].as_str().expect("goes_on").parse().expect("date");
    assert!(goes_on > today + Duration::days(1825), "{goes_on}");
    assert_eq!(purge(&app, goes_on.pred_opt().expect("a day"), false).await.redacted, 0, "still inside the AML period");
    assert_eq!(purge(&app, goes_on, false).await.redacted, 1, "gone after the five years");
}

async fn a_held_session_survives_every_run_and_goes_once_the_hold_is_lifted(app: TestApp) {
    put_policy(&app, 1).await;
    let id = rejected_session(&app).await;
    let held = app.put(&format!("/api/v1/sessions/{id}/legal-hold"), &app.acme.admin).json(&json!({"reason": "Court case 2026/114"})).send().await.expect("request");
    assert_eq!(held.status(), StatusCode::OK);
    let twice = app.put(&format!("/api/v1/sessions/{id}/legal-hold"), &app.acme.admin).json(&json!({"reason": "again"})).send().await.expect("request");
    assert_problem(twice, StatusCode::CONFLICT).await;
    for years in [1, 5, 20] {
        assert_eq!(purge(&app, days_from_now(365 * years), false).await.redacted, 0, "held: kept");
    }
    assert_eq!(retention_of(&app, &id).await["state"], "held");
    let holds: Value = app.get("/api/v1/retention/holds", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(holds["items"][0]["reason"], "Court case 2026/114");
    let lifted = app.http.delete(app.url(&format!("/api/v1/sessions/{id}/legal-hold"))).bearer_auth(&app.acme.admin).send().await.expect("request");
    assert_eq!(lifted.status(), StatusCode::NO_CONTENT);
    let again = app.http.delete(app.url(&format!("/api/v1/sessions/{id}/legal-hold"))).bearer_auth(&app.acme.admin).send().await.expect("request");
    assert_problem(again, StatusCode::NOT_FOUND).await;
    assert_eq!(purge(&app, days_from_now(365), false).await.redacted, 1, "lifted: redacted");
}

async fn a_dry_run_changes_nothing(app: TestApp) {
    put_policy(&app, 1).await;
    let id = rejected_session(&app).await;
    let (before, blobs) = (session_json(&app, &id).await, blob_files(&app));
    let report = purge(&app, days_from_now(365), true).await;
    assert_eq!(report.due.len(), 1, "it finds the session");
    assert_eq!(report.redacted, 0);
    let mut after = session_json(&app, &id).await;
    after["notes_count"] = before["notes_count"].clone();
    assert_eq!(before, after);
    assert_eq!(blobs, blob_files(&app));
    let runs: Value = app.get("/api/v1/retention/runs", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert!(runs["items"].as_array().expect("items").is_empty(), "no certificate");
}

/// What a run leaves, per session, without the ids and times.
async fn end_state(app: &TestApp, ids: &[String]) -> Vec<(bool, Value, Value, usize)> {
    let mut state = Vec::new();
    for id in ids {
        let session = session_json(app, id).await;
        state.push((is_redacted(&session), session["summary"].clone(), session["status"].clone(), session["photos"].as_array().map_or(0, Vec::len)));
    }
    state
}

async fn a_run_killed_halfway_ends_like_an_uninterrupted_one_and_orphaned_blobs_go_next_run(app: TestApp) {
    put_policy(&app, 1).await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(rejected_session(&app).await);
    }
    let state = app.state.clone();
    let as_of = days_from_now(365);
    let killed = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_purge(&state, PurgeOptions { as_of, dry_run: false }, &|done, _| assert!(done < 2, "killed after two sessions"))
        }))
    })
    .await
    .expect("join");
    assert!(killed.is_err(), "the run was stopped");
    let halfway = end_state(&app, &ids).await;
    assert_eq!(halfway.iter().filter(|(redacted, ..)| *redacted).count(), 2, "each finished session is whole");
    // A blob left behind by a removal that never happened.
    let orphan = app.data_dir().join("blobs").join("ee").join("ee".repeat(32));
    std::fs::create_dir_all(orphan.parent().expect("folder")).expect("folder");
    std::fs::write(&orphan, b"KYCE left behind").expect("orphan");
    let report = purge(&app, as_of, false).await;
    assert_eq!((report.redacted, report.orphaned_blobs), (2, 1), "{report}");
    assert!(!orphan.exists(), "the orphaned blob is removed");
    let finished = end_state(&app, &ids).await;
    assert!(finished.iter().all(|(redacted, summary, status, photos)| *redacted && summary["last_name"].is_null() && status == "rejected" && *photos == 0), "{finished:?}");
    assert!(blob_files(&app).is_empty());
    assert_gone_from_database(&app);
}

async fn the_policy_is_an_admins_and_a_verified_period_under_five_years_names_the_law(app: TestApp) {
    let policy: Value = app.get("/api/v1/retention/policy", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(policy, json!({"verified_days": 1826, "rejected_days": 365, "not_finished_days": 30, "awaiting_action_overdue_days": 30}));
    let short = json!({"verified_days": 365, "rejected_days": 0, "not_finished_days": 30, "awaiting_action_overdue_days": 30});
    let refused = assert_problem(app.put("/api/v1/retention/policy", &app.acme.admin).json(&short).send().await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    let detail = refused["detail"].as_str().expect("detail");
    assert!(detail.contains("verified_days") && detail.contains("2015/849") && detail.contains("rejected_days"), "{detail}");
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        assert_problem(app.get("/api/v1/retention/policy", token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
        assert_problem(app.put("/api/v1/retention/policy", token).json(&policy).send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    put_policy(&app, 10).await;
    let other: Value = app.get("/api/v1/retention/policy", &app.globex.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(other["rejected_days"], 365, "another company's policy is its own");
}

fn second_admin(app: &TestApp) -> String {
    let company = app.acme.company_id.parse().expect("company");
    app.state.keys.issue(&Principal::User(UserId::generate()), Some(company), Role::Admin).expect("token")
}

async fn erasure_of_a_verified_session_in_its_aml_period_needs_a_ground_and_a_second_admin(app: TestApp) {
    let id = verified_session(&app).await;
    let path = format!("/api/v1/sessions/{id}/redact");
    let refused = assert_problem(app.post(&path, &app.acme.admin).json(&json!({"reason": "The customer asked"})).send().await.expect("request"), StatusCode::CONFLICT).await;
    assert!(refused["detail"].as_str().expect("detail").contains("Art. 17(3)(b)"), "{refused}");
    let grounded = json!({"reason": "Test session made by mistake", "ground": "created_in_error"});
    let first = app.post(&path, &app.acme.admin).json(&grounded).send().await.expect("request");
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().await.expect("json");
    assert_eq!((first["state"].as_str(), first["pending"]["because"].as_str()), (Some("awaiting_second_admin"), Some("aml_period_override")));
    assert_problem(app.post(&path, &app.acme.admin).json(&grounded).send().await.expect("request"), StatusCode::CONFLICT).await;
    assert!(!is_redacted(&session_json(&app, &id).await), "one admin is not enough");
    let second = app.post(&path, &second_admin(&app)).json(&grounded).send().await.expect("request");
    assert_eq!(second.status(), StatusCode::OK);
    let second: Value = second.json().await.expect("json");
    assert_eq!((second["state"].as_str(), second["certificate"]["authority"].as_str()), (Some("redacted"), Some("request")));
    let session = session_json(&app, &id).await;
    assert!(is_redacted(&session) && session["redacted_by"] == "request");
    assert!(blob_files(&app).is_empty());
    assert_redaction_printed_and_announced(&app, &id, "by an erasure request").await;
    assert_problem(app.post(&path, &app.acme.admin).json(&grounded).send().await.expect("request"), StatusCode::CONFLICT).await;
}

async fn erasure_is_refused_under_a_legal_hold_and_allowed_after(app: TestApp) {
    let id = rejected_session(&app).await;
    let hold = app.put(&format!("/api/v1/sessions/{id}/legal-hold"), &app.acme.admin).json(&json!({"reason": "Evidence"})).send().await.expect("request");
    assert_eq!(hold.status(), StatusCode::OK);
    let path = format!("/api/v1/sessions/{id}/redact");
    let refused = assert_problem(app.post(&path, &app.acme.admin).json(&json!({"reason": "Asked"})).send().await.expect("request"), StatusCode::CONFLICT).await;
    assert!(refused["detail"].as_str().expect("detail").contains("legal hold"), "{refused}");
    app.http.delete(app.url(&format!("/api/v1/sessions/{id}/legal-hold"))).bearer_auth(&app.acme.admin).send().await.expect("request");
    let erased = app.post(&path, &app.acme.admin).json(&json!({"reason": "Asked"})).send().await.expect("request");
    assert_eq!(erased.status(), StatusCode::OK, "a rejected session goes on request by one admin without four-eyes");
    assert!(is_redacted(&session_json(&app, &id).await));
}

async fn every_retention_endpoint_hides_another_companys_sessions_and_refuses_other_roles(app: TestApp) {
    let id = rejected_session(&app).await;
    let reason = json!({"reason": "x"});
    let other = &app.globex.admin;
    let not_found = [
        app.get(&format!("/api/v1/sessions/{id}/retention"), other),
        app.post(&format!("/api/v1/sessions/{id}/relationship-ended"), &app.globex.client).json(&json!({"ended_on": "2026-01-01"})),
        app.put(&format!("/api/v1/sessions/{id}/legal-hold"), other).json(&reason),
        app.http.delete(app.url(&format!("/api/v1/sessions/{id}/legal-hold"))).bearer_auth(other),
        app.post(&format!("/api/v1/sessions/{id}/redact"), other).json(&reason),
    ];
    for request in not_found {
        assert_problem(request.send().await.expect("request"), StatusCode::NOT_FOUND).await;
    }
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        for request in [
            app.put(&format!("/api/v1/sessions/{id}/legal-hold"), token).json(&reason),
            app.http.delete(app.url(&format!("/api/v1/sessions/{id}/legal-hold"))).bearer_auth(token),
            app.post(&format!("/api/v1/sessions/{id}/redact"), token).json(&reason),
            app.get("/api/v1/retention/holds", token),
            app.get("/api/v1/retention/runs", token),
        ] {
            assert_problem(request.send().await.expect("request"), StatusCode::FORBIDDEN).await;
        }
    }
    for token in [&app.acme.operator, &app.acme.viewer] {
        let ended = app.post(&format!("/api/v1/sessions/{id}/relationship-ended"), token).json(&json!({"ended_on": "2026-01-01"}));
        assert_problem(ended.send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    let unknown_run = format!("/api/v1/retention/runs/{}", uuid::Uuid::now_v7());
    assert_problem(app.get(&unknown_run, &app.acme.admin).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    put_policy(&app, 1).await;
    purge(&app, days_from_now(365), false).await;
    let runs: Value = app.get("/api/v1/retention/runs", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    let run = format!("/api/v1/retention/runs/{}", runs["items"][0]["id"].as_str().expect("id"));
    assert_problem(app.get(&run, other).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    let theirs: Value = app.get("/api/v1/retention/runs", other).send().await.expect("request").json().await.expect("json");
    assert!(theirs["items"].as_array().expect("items").is_empty());
}

async fn malformed_and_oversized_retention_input_is_unprocessable(app: TestApp) {
    let id = verified_session(&app).await;
    let tomorrow = days_from_now(1).to_string();
    let cases = [
        (format!("/api/v1/sessions/{id}/relationship-ended"), json!({"ended_on": tomorrow}), &app.acme.client),
        (format!("/api/v1/sessions/{id}/relationship-ended"), json!({"ended_on": "31.12.2026"}), &app.acme.client),
        (format!("/api/v1/sessions/{id}/relationship-ended"), json!({"ended_on": "2026-01-01", "extra": 1}), &app.acme.client),
        (format!("/api/v1/sessions/{id}/redact"), json!({"reason": "   "}), &app.acme.admin),
        (format!("/api/v1/sessions/{id}/redact"), json!({"reason": "x".repeat(501)}), &app.acme.admin),
        (format!("/api/v1/sessions/{id}/redact"), json!({"reason": "x", "ground": "because"}), &app.acme.admin),
        (format!("/api/v1/sessions/{id}/redact"), json!({"reason": "a\u{0000}b"}), &app.acme.admin),
    ];
    for (path, body, token) in cases {
        let response = app.post(&path, token).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    for body in [json!({"reason": ""}), json!({"reason": "y".repeat(501)}), json!({})] {
        let response = app.put(&format!("/api/v1/sessions/{id}/legal-hold"), &app.acme.admin).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let huge = json!({"verified_days": 99_999_999_999u64, "rejected_days": 1, "not_finished_days": 1, "awaiting_action_overdue_days": 1});
    assert_problem(app.put("/api/v1/retention/policy", &app.acme.admin).json(&huge).send().await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    let not_a_session = app.get("/api/v1/sessions/not-an-id/retention", &app.acme.admin).send().await.expect("request");
    assert_problem(not_a_session, StatusCode::NOT_FOUND).await;
}
