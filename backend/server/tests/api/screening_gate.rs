//! The screening gate at the HTTP edge: no approval while a match is unreviewed, only a rejection
//! after a confirmed sanctions match, enhanced due diligence (a note and an admin's second
//! approval) after a confirmed PEP match, and ongoing monitoring after a list import.

use crate::helpers::{TestApp, assert_problem, passport_mrz, passport_mrz_of, session_body};
use crate::on_both_backends;
use kyc_domain::access::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    verifying_is_refused_while_a_match_is_unreviewed,
    a_confirmed_sanctions_match_allows_only_a_rejection,
    a_confirmed_pep_match_needs_a_note_and_an_admins_second_approval,
    a_changed_match_review_voids_a_pending_first_approval,
    a_verified_session_that_gains_a_match_in_an_import_goes_back_to_awaiting_action,
);

/// A session of a person on the demo list: Giorgi Beridze (sanctioned) or Nino Kapanadze (PEP).
async fn listed(app: &TestApp, last: &str, first: &str, birth: &str, sex: char) -> String {
    let mrz = passport_mrz_of(last, first, "GEO", birth, sex);
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let created = app.create_session(&app.acme, session_body(&refs)).await;
    assert_eq!(created["status"], "awaiting_action", "{created}");
    assert_eq!(created["pep"]["status"], "potential_match", "{created}");
    created["id"].as_str().expect("id").to_owned()
}

async fn sanctioned(app: &TestApp) -> String {
    app.import_demo_list().await;
    listed(app, "BERIDZE", "GIORGI", "1971-03-14", 'M').await
}

async fn politically_exposed(app: &TestApp) -> String {
    app.import_demo_list().await;
    listed(app, "KAPANADZE", "NINO", "1980-06-21", 'F').await
}

async fn decide(app: &TestApp, id: &str, token: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/sessions/{id}/decision"), token).json(&body).send().await.expect("request")
}

async fn review_match(app: &TestApp, id: &str, entity_id: &str, review: &str) {
    let path = format!("/api/v1/sessions/{id}/pep/matches/{entity_id}/review");
    let body = json!({"review": review, "note": "Compared the registry extract with the listing."});
    let response = app.post(&path, &app.acme.operator).json(&body).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

async fn status_of(app: &TestApp, id: &str) -> Value {
    let details: Value =
        app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    details["status"].clone()
}

async fn verifying_is_refused_while_a_match_is_unreviewed(app: TestApp) {
    let id = sanctioned(&app).await;
    for token in [&app.acme.operator, &app.acme.admin] {
        let body = json!({"decision": "approve", "note": "Looks fine to me."});
        let problem = assert_problem(decide(&app, &id, token, body).await, StatusCode::CONFLICT).await;
        let detail = problem["detail"].as_str().expect("detail");
        assert!(detail.contains("demo-p001") && detail.contains("not reviewed"), "{detail}");
    }
    assert_eq!(status_of(&app, &id).await, "awaiting_action");
    let details: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["pep"]["alerts"], json!([{"entity_id": "demo-p001", "list": "demo-sanctions", "name": "Giorgi Beridze", "kind": "sanction", "review": "open"}]));
    let reasons = details["status_reasons"].as_array().expect("reasons");
    assert!(reasons.iter().any(|r| r["code"] == "screening_match" && r["field"] == "pep.demo-p001"), "{reasons:?}");
    let list: Value = app.get("/api/v1/sessions?q=beridze", &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(list["items"][0]["status_reason"]["code"], "screening_match");
}

async fn a_confirmed_sanctions_match_allows_only_a_rejection(app: TestApp) {
    let id = sanctioned(&app).await;
    review_match(&app, &id, "demo-p001", "confirmed").await;
    for token in [&app.acme.operator, &app.acme.admin] {
        let body = json!({"decision": "approve", "note": "Approved by the board."});
        let problem = assert_problem(decide(&app, &id, token, body).await, StatusCode::CONFLICT).await;
        let detail = problem["detail"].as_str().expect("detail");
        assert!(detail.contains("sanctions") && detail.contains("demo-p001"), "{detail}");
    }
    assert_eq!(status_of(&app, &id).await, "awaiting_action");
    let reject = json!({"decision": "reject", "reasons": ["sanctions_list"]});
    let result: Value = decide(&app, &id, &app.acme.operator, reject).await.json().await.expect("json");
    assert_eq!(result["status"], "rejected");
}

async fn a_confirmed_pep_match_needs_a_note_and_an_admins_second_approval(app: TestApp) {
    let id = politically_exposed(&app).await;
    review_match(&app, &id, "demo-p004", "confirmed").await;
    let without_note = assert_problem(decide(&app, &id, &app.acme.operator, json!({"decision": "approve"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(without_note["detail"].as_str().is_some_and(|d| d.contains("PEP") && d.contains("demo-p004")), "{without_note}");

    let edd = json!({"decision": "approve", "note": "Source of wealth documented; senior management informed."});
    let first: Value = decide(&app, &id, &app.acme.operator, edd.clone()).await.json().await.expect("json");
    assert_eq!(first["outcome"], "awaiting_second_approval", "{first}");
    assert_eq!(first["status"], "awaiting_action");
    assert_problem(decide(&app, &id, &app.acme.operator, edd.clone()).await, StatusCode::CONFLICT).await;

    let second_operator = app.another_user(Role::Operator);
    let refused = assert_problem(decide(&app, &id, &second_operator, edd.clone()).await, StatusCode::CONFLICT).await;
    assert!(refused["detail"].as_str().is_some_and(|d| d.contains("admin")), "{refused}");
    assert_eq!(status_of(&app, &id).await, "awaiting_action");

    assert_problem(decide(&app, &id, &app.acme.admin, json!({"decision": "approve"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    let done: Value = decide(&app, &id, &app.acme.admin, edd).await.json().await.expect("json");
    assert_eq!(done["status"], "verified", "{done}");
}

async fn a_changed_match_review_voids_a_pending_first_approval(app: TestApp) {
    let id = politically_exposed(&app).await;
    review_match(&app, &id, "demo-p004", "confirmed").await;
    let edd = json!({"decision": "approve", "note": "EDD file complete."});
    let first: Value = decide(&app, &id, &app.acme.operator, edd.clone()).await.json().await.expect("json");
    assert_eq!(first["outcome"], "awaiting_second_approval");
    review_match(&app, &id, "demo-p004", "false_positive").await;
    review_match(&app, &id, "demo-p004", "confirmed").await;
    let again: Value = decide(&app, &id, &app.acme.admin, edd).await.json().await.expect("json");
    assert_eq!(again["outcome"], "awaiting_second_approval", "the first approval was for another review: {again}");
}

async fn a_verified_session_that_gains_a_match_in_an_import_goes_back_to_awaiting_action(app: TestApp) {
    let mrz = passport_mrz("BERIDZE", "GIORGI", "GEO", "1971-03-14");
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let created = app.create_session(&app.acme, session_body(&refs)).await;
    assert_eq!(created["status"], "verified", "no list is loaded yet: {created}");
    let id = created["id"].as_str().expect("id").to_owned();

    app.import_demo_list().await;
    let details: Value =
        app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["status"], "awaiting_action");
    assert_eq!(details["verification"]["verified"], false);
    assert_eq!(details["pep"]["status"], "potential_match");
    assert_eq!(details["status_reasons"][0]["code"], "new_screening_match", "{details}");
    let events: Value = app
        .get("/api/v1/audit-events?action=session.reopen.new_screening_match", &app.acme.admin)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(events["items"][0]["target_id"], id.as_str(), "{events}");
    let other: Value = app.get("/api/v1/audit-events?action=session.reopen.new_screening_match", &app.globex.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(other["items"], json!([]), "another company sees nothing of it");
}
