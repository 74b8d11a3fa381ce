use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, session_body};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    an_operator_adds_a_note_and_the_company_reads_it,
    a_viewer_or_an_api_client_may_not_write_a_note,
    notes_of_another_companys_session_are_not_found,
    an_empty_or_overlong_note_is_unprocessable,
    an_operator_rejects_a_session_awaiting_action_with_reasons,
    an_approval_verifies_a_session_awaiting_action,
    a_rejection_needs_known_reasons_and_a_known_decision,
    a_viewer_may_not_decide_and_another_company_finds_no_session,
    with_four_eyes_review_a_second_operator_completes_the_approval,
    the_rejection_reasons_come_in_four_groups,
    an_admin_reads_and_replaces_the_settings,
    settings_are_for_admins_and_stay_within_their_company,
    invalid_settings_are_unprocessable,
    an_admin_sees_who_did_what_to_a_session,
    the_activity_log_is_for_admins_of_the_same_company,
    the_company_activity_log_filters_and_pages,
);

/// A session awaiting action: the ICAO specimen expired in 2012, so its document check fails.
async fn awaiting_session(app: &TestApp) -> String {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    assert_eq!(created["status"], "awaiting_action");
    created["id"].as_str().expect("id").to_owned()
}

async fn an_operator_adds_a_note_and_the_company_reads_it(app: TestApp) {
    let id = awaiting_session(&app).await;
    let response = app.post(&format!("/api/v1/sessions/{id}/notes"), &app.acme.operator).json(&json!({"body": "  Called the customer.  "})).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    let note: Value = response.json().await.expect("json");
    assert_eq!(note["body"], "Called the customer.");
    assert_eq!(note["kind"], "note");
    assert_eq!(note["author"]["name"], "Acme operator");
    for token in [&app.acme.viewer, &app.acme.client] {
        let notes: Value = app.get(&format!("/api/v1/sessions/{id}/notes"), token).send().await.expect("request").json().await.expect("json");
        assert_eq!(notes["items"][0]["id"], note["id"]);
    }
    let details: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["notes_count"], 1);
}

async fn a_viewer_or_an_api_client_may_not_write_a_note(app: TestApp) {
    let id = awaiting_session(&app).await;
    for token in [&app.acme.viewer, &app.acme.client] {
        let response = app.post(&format!("/api/v1/sessions/{id}/notes"), token).json(&json!({"body": "x"})).send().await.expect("request");
        assert_problem(response, StatusCode::FORBIDDEN).await;
    }
}

async fn notes_of_another_companys_session_are_not_found(app: TestApp) {
    let id = awaiting_session(&app).await;
    let response = app.get(&format!("/api/v1/sessions/{id}/notes"), &app.globex.admin).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
    let response = app.post(&format!("/api/v1/sessions/{id}/notes"), &app.globex.operator).json(&json!({"body": "x"})).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
    let notes: Value = app.get(&format!("/api/v1/sessions/{id}/notes"), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(notes["items"], json!([]), "the refused note must not be stored");
}

async fn an_empty_or_overlong_note_is_unprocessable(app: TestApp) {
    let id = awaiting_session(&app).await;
    for body in ["   ".to_owned(), "x".repeat(4001)] {
        let response = app.post(&format!("/api/v1/sessions/{id}/notes"), &app.acme.operator).json(&json!({"body": body})).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let response = app.post(&format!("/api/v1/sessions/{id}/notes"), &app.acme.operator).json(&json!({"text": "x"})).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn decide(app: &TestApp, id: &str, token: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/sessions/{id}/decision"), token).json(&body).send().await.expect("request")
}

async fn an_operator_rejects_a_session_awaiting_action_with_reasons(app: TestApp) {
    let id = awaiting_session(&app).await;
    let body = json!({"decision": "reject", "note": "Document expired in 2012.", "reasons": ["fake", "mrz_issue"]});
    let response = decide(&app, &id, &app.acme.operator, body.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let result: Value = response.json().await.expect("json");
    assert_eq!(result["status"], "rejected");
    assert_eq!(result["note"]["kind"], "rejection");
    assert_eq!(result["note"]["reasons"], json!(["fake", "mrz_issue"]));
    let details: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["status"], "rejected");
    let again = decide(&app, &id, &app.acme.operator, body).await;
    assert_problem(again, StatusCode::CONFLICT).await;
}

async fn an_approval_verifies_a_session_awaiting_action(app: TestApp) {
    let id = awaiting_session(&app).await;
    let result: Value = decide(&app, &id, &app.acme.admin, json!({"decision": "approve"})).await.json().await.expect("json");
    assert_eq!(result["status"], "verified");
    assert_eq!(result["note"]["kind"], "approval");
    assert_eq!(result["note"]["body"], "Approved.");
    let details: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["verification"]["verified"], true);
}

async fn a_rejection_needs_known_reasons_and_a_known_decision(app: TestApp) {
    let id = awaiting_session(&app).await;
    for body in [
        json!({"decision": "reject", "note": "x"}),
        json!({"decision": "reject", "reasons": ["bad_vibes"]}),
        json!({"decision": "reject", "reasons": ["spam", "spam"]}),
        json!({"decision": "approve", "reasons": ["spam"]}),
        json!({"decision": "maybe"}),
    ] {
        let response = decide(&app, &id, &app.acme.operator, body).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let details: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(details["status"], "awaiting_action");
}

async fn a_viewer_may_not_decide_and_another_company_finds_no_session(app: TestApp) {
    let id = awaiting_session(&app).await;
    for token in [&app.acme.viewer, &app.acme.client] {
        assert_problem(decide(&app, &id, token, json!({"decision": "approve"})).await, StatusCode::FORBIDDEN).await;
    }
    assert_problem(decide(&app, &id, &app.globex.operator, json!({"decision": "approve"})).await, StatusCode::NOT_FOUND).await;
    let response = app.http.post(app.url(&format!("/api/v1/sessions/{id}/decision"))).json(&json!({"decision": "approve"})).send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn with_four_eyes_review_a_second_operator_completes_the_approval(app: TestApp) {
    let mut settings: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    settings["four_eyes_review"] = json!(true);
    let response = app.put("/api/v1/settings", &app.acme.admin).json(&settings).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let id = awaiting_session(&app).await;
    let first: Value = decide(&app, &id, &app.acme.operator, json!({"decision": "approve", "note": "Looks fine"})).await.json().await.expect("json");
    assert_eq!(first["outcome"], "awaiting_second_approval");
    assert_eq!(first["status"], "awaiting_action");
    assert_problem(decide(&app, &id, &app.acme.operator, json!({"decision": "approve"})).await, StatusCode::CONFLICT).await;
    let second: Value = decide(&app, &id, &app.acme.admin, json!({"decision": "approve"})).await.json().await.expect("json");
    assert_eq!(second["status"], "verified");
}

async fn the_rejection_reasons_come_in_four_groups(app: TestApp) {
    let taxonomy: Value = app.get("/api/v1/rejection-reasons", &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    let groups: Vec<&str> = taxonomy["groups"].as_array().expect("groups").iter().filter_map(|g| g["id"].as_str()).collect();
    assert_eq!(groups, ["spam", "compromised_person", "suspected_fraud", "data_mismatch"]);
    let fraud = &taxonomy["groups"][2]["reasons"];
    assert!(fraud.as_array().expect("reasons").iter().any(|r| r["id"] == "selfie_mismatch"));
}

async fn an_admin_reads_and_replaces_the_settings(app: TestApp) {
    let settings: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(settings["min_face_match_level"], 4);
    assert_eq!(settings["awaiting_action_queue"], true);
    let mut changed = settings.clone();
    changed["high_risk_nationalities"] = json!([" irn", "PRK", "IRN"]);
    changed["extra_fields"] = json!([{"name": "phone", "label": "Phone", "field_type": "phone", "required": true}]);
    let stored: Value = app.put("/api/v1/settings", &app.acme.admin).json(&changed).send().await.expect("request").json().await.expect("json");
    assert_eq!(stored["high_risk_nationalities"], json!(["IRN", "PRK"]));
    let read: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(read, stored);
    // The required extra field now applies at ingest.
    let mut body = session_body(&SPECIMEN_TD3);
    body["extra_fields"] = json!({});
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn settings_are_for_admins_and_stay_within_their_company(app: TestApp) {
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        assert_problem(app.get("/api/v1/settings", token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    let mut settings: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    settings["min_face_match_level"] = json!(6);
    app.put("/api/v1/settings", &app.acme.admin).json(&settings).send().await.expect("request");
    let other: Value = app.get("/api/v1/settings", &app.globex.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(other["min_face_match_level"], 4);
}

async fn invalid_settings_are_unprocessable(app: TestApp) {
    let settings: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    for (key, value) in [
        ("min_face_match_level", json!(9)),
        ("high_risk_ip_countries", json!(["IRN"])),
        ("extra_fields", json!([{"name": "Phone!", "label": "x", "field_type": "phone", "required": false}])),
        ("extra_fields", json!([{"name": "phone", "label": "x", "field_type": "colour", "required": false}])),
    ] {
        let mut bad = settings.clone();
        bad[key] = value;
        let response = app.put("/api/v1/settings", &app.acme.admin).json(&bad).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let read: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(read, settings);
}

async fn an_admin_sees_who_did_what_to_a_session(app: TestApp) {
    let id = awaiting_session(&app).await;
    app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request");
    app.post(&format!("/api/v1/sessions/{id}/notes"), &app.acme.operator).json(&json!({"body": "x"})).send().await.expect("request");
    let activity: Value = app.get(&format!("/api/v1/sessions/{id}/activity"), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    let actions: Vec<&str> = activity["items"].as_array().expect("items").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["session.note", "session.view", "session.create"]);
    assert_eq!(activity["items"][0]["actor"]["name"], "Acme operator");
    assert_eq!(activity["items"][2]["actor"]["name"], "Acme servers");
    assert!(activity["items"][0]["ip"].as_str().is_some_and(|ip| ip.starts_with("127.")));
}

async fn the_activity_log_is_for_admins_of_the_same_company(app: TestApp) {
    let id = awaiting_session(&app).await;
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        assert_problem(app.get(&format!("/api/v1/sessions/{id}/activity"), token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
        assert_problem(app.get("/api/v1/audit-events", token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    assert_problem(app.get(&format!("/api/v1/sessions/{id}/activity"), &app.globex.admin).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    let log: Value = app.get(&format!("/api/v1/audit-events?target_id={id}"), &app.globex.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(log["items"], json!([]), "another company's events stay hidden");
}

async fn the_company_activity_log_filters_and_pages(app: TestApp) {
    for _ in 0..3 {
        awaiting_session(&app).await;
    }
    let page: Value = app.get("/api/v1/audit-events?action=session.create&limit=2", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    let cursor = page["next_cursor"].as_str().expect("a next page");
    let rest: Value = app.get(&format!("/api/v1/audit-events?action=session.create&limit=2&cursor={cursor}"), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
    assert!(rest["next_cursor"].is_null());
    for query in ["limit=0", "limit=500", "cursor=abc", "from=yesterday"] {
        let response = app.get(&format!("/api/v1/audit-events?{query}"), &app.acme.admin).send().await.expect("request");
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
}
