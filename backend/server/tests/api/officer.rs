//! The officer's day: why each session has its status, the queue's orders and totals, polling by
//! `updated_since`, and taking a session so that two officers do not work the same one.

use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, passport_mrz, session_body};
use crate::on_both_backends;
use kyc_domain::access::Role;
use kyc_server::db::{Scope, assignments, sessions};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    each_failed_rule_is_a_status_reason_with_its_code_and_field,
    an_invalid_mrz_gives_one_reason_per_invalid_field,
    a_session_that_passed_every_check_has_no_status_reason,
    the_list_gives_an_exact_total_for_the_filter_and_the_queue_oldest_first,
    polling_by_updated_since_pages_through_changes_in_a_stable_order,
    a_cursor_of_another_order_or_a_bad_timestamp_is_refused,
    a_second_officer_cannot_take_a_session_that_is_being_reviewed,
    a_decision_releases_the_session_and_another_officer_may_not_decide_meanwhile,
    a_hold_lapses_after_thirty_idle_minutes,
    assignment_is_for_reviewers_of_the_same_company,
    the_activity_log_names_the_customer_of_each_session_and_filters_by_session_and_user,
);

fn valid_passport() -> Vec<String> {
    passport_mrz("LOMIDZE", "LEVAN", "GEO", "1988-02-11")
}

fn body_with(mrz: &[String], change: impl FnOnce(&mut Value)) -> Value {
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let mut body = session_body(&refs);
    change(&mut body);
    body
}

async fn get(app: &TestApp, path: &str, token: &str) -> Value {
    let response = app.get(path, token).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.expect("json")
}

fn codes_and_fields(details: &Value) -> Vec<(String, String)> {
    details["status_reasons"]
        .as_array()
        .expect("status_reasons")
        .iter()
        .map(|reason| {
            assert!(reason["message"].as_str().is_some_and(|message| !message.is_empty()), "{reason}");
            (reason["code"].as_str().unwrap_or("").to_owned(), reason["field"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

async fn each_failed_rule_is_a_status_reason_with_its_code_and_field(app: TestApp) {
    let mut settings = get(&app, "/api/v1/settings", &app.acme.admin).await;
    settings["high_risk_nationalities"] = json!(["IRN"]);
    let response = app.http.put(app.url("/api/v1/settings")).bearer_auth(&app.acme.admin).json(&settings).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let passport = valid_passport();
    let cases: Vec<(Value, &str, &str)> = vec![
        (body_with(&passport, |b| b["verification"]["face_match_level"] = json!(2)), "face_match_below_threshold", "verification.face_match.level"),
        (body_with(&passport, |b| b["verification"]["liveness_passed"] = json!(false)), "liveness_failed", "verification.liveness_passed"),
        (body_with(&passport, |b| b["verification"]["document_spoof"] = json!("spoofed")), "document_spoofed", "verification.id_spoof.document_real"),
        (body_with(&passport, |b| b["verification"]["full_document_detected"] = json!(false)), "document_not_full", "verification.id_spoof.full_document_detected"),
        (body_with(&passport, |b| b["activity"]["finished_at"] = Value::Null), "session_not_finished", "customer_activity.finished_at"),
        (body_with(&passport_mrz("TEHRANI", "ALI", "IRN", "1980-01-01"), |_| {}), "high_risk_nationality", "summary.nationality"),
        (session_body(&SPECIMEN_TD3), "document_expired", "summary.expiration_date"),
    ];
    for (body, code, field) in cases {
        let created = app.create_session(&app.acme, body).await;
        let reasons = codes_and_fields(&created);
        assert!(reasons.contains(&(code.to_owned(), field.to_owned())), "{code}: {reasons:?}");
        let id = created["id"].as_str().expect("id");
        let listed = get(&app, "/api/v1/sessions?limit=100", &app.acme.viewer).await;
        let row = listed["items"].as_array().expect("items").iter().find(|item| item["id"] == id).cloned().expect("listed");
        assert!(row["status_reason"]["code"].is_string(), "the list tags the status: {row}");
    }
    let low = app.create_session(&app.acme, body_with(&passport, |b| b["verification"]["face_match_level"] = json!(3))).await;
    let message = low["status_reasons"][0]["message"].as_str().expect("message");
    assert!(message.contains('3') && message.contains('4'), "the level and the threshold: {message}");
}

async fn an_invalid_mrz_gives_one_reason_per_invalid_field(app: TestApp) {
    let mut mrz = valid_passport();
    let last = mrz[1].pop().expect("composite digit");
    mrz[1].push(if last == '0' { '1' } else { '0' });
    let created = app.create_session(&app.acme, body_with(&mrz, |_| {})).await;
    let reasons = codes_and_fields(&created);
    assert!(reasons.iter().any(|(code, field)| code == "mrz_invalid" && field.starts_with("mrz.") && field.contains("check_digit")), "{reasons:?}");
    let mrz_reason = created["status_reasons"].as_array().expect("reasons").iter().find(|r| r["code"] == "mrz_invalid").cloned().expect("mrz");
    assert!(mrz_reason["message"].as_str().is_some_and(|m| m.contains("check digit")), "{mrz_reason}");
}

async fn a_session_that_passed_every_check_has_no_status_reason(app: TestApp) {
    let created = app.create_session(&app.acme, body_with(&valid_passport(), |_| {})).await;
    assert_eq!(created["status"], "verified", "{created}");
    assert_eq!(created["status_reasons"], json!([]));
    assert_eq!(created["assignee"], Value::Null);
    let listed = get(&app, "/api/v1/sessions", &app.acme.viewer).await;
    assert_eq!(listed["items"][0]["status_reason"], Value::Null);
    assert_eq!(listed["items"][0]["liveness_finished"], true);
}

async fn the_list_gives_an_exact_total_for_the_filter_and_the_queue_oldest_first(app: TestApp) {
    let mut waiting = Vec::new();
    for _ in 0..3 {
        waiting.push(app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await["id"].as_str().expect("id").to_owned());
    }
    app.create_session(&app.acme, body_with(&valid_passport(), |_| {})).await;
    app.create_session(&app.globex, session_body(&SPECIMEN_TD3)).await;
    let page = get(&app, "/api/v1/sessions?status=awaiting_action&limit=1", &app.acme.viewer).await;
    assert_eq!(page["total"], 3, "every page of the filter, and only Acme's");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(get(&app, "/api/v1/sessions?limit=1", &app.acme.viewer).await["total"], 4);

    let mut seen = Vec::new();
    let mut path = "/api/v1/sessions?status=awaiting_action&order=oldest_first&limit=2".to_owned();
    loop {
        let page = get(&app, &path, &app.acme.operator).await;
        seen.extend(page["items"].as_array().expect("items").iter().map(|item| item["id"].as_str().expect("id").to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/sessions?status=awaiting_action&order=oldest_first&limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, waiting, "the queue reads the oldest first");
}

async fn polling_by_updated_since_pages_through_changes_in_a_stable_order(app: TestApp) {
    let first = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let since = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let second = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let third = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let decision = json!({"decision": "reject", "reasons": ["fake"]});
    let response = app.post(&format!("/api/v1/sessions/{}/decision", first["id"].as_str().expect("id")), &app.acme.operator).json(&decision).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);

    let since_text = since.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let query = format!("/api/v1/sessions?updated_since={}&limit=1", urlencode(&since_text));
    let (mut seen, mut path, mut stamps) = (Vec::new(), query.clone(), Vec::new());
    loop {
        let page = get(&app, &path, &app.acme.client).await;
        assert_eq!(page["total"], 3);
        for item in page["items"].as_array().expect("items") {
            seen.push(item["id"].as_str().expect("id").to_owned());
            stamps.push(item["updated_at"].as_str().expect("updated_at").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("{query}&cursor={cursor}"),
            None => break,
        }
    }
    let ids = |value: &Value| value["id"].as_str().expect("id").to_owned();
    assert_eq!(seen, [ids(&second), ids(&third), ids(&first)], "least recently updated first; the decided one last");
    let mut sorted = stamps.clone();
    sorted.sort_by_key(|stamp| chrono::DateTime::parse_from_rfc3339(stamp).expect("time"));
    assert_eq!(stamps, sorted);
    let details = get(&app, &format!("/api/v1/sessions/{}", ids(&first)), &app.acme.client).await;
    assert_eq!(details["updated_at"], json!(stamps[2]));
}

fn urlencode(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

async fn a_cursor_of_another_order_or_a_bad_timestamp_is_refused(app: TestApp) {
    for _ in 0..2 {
        app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    }
    let page = get(&app, "/api/v1/sessions?limit=1", &app.acme.viewer).await;
    let cursor = page["next_cursor"].as_str().expect("a next page");
    let response = app.get(&format!("/api/v1/sessions?limit=1&order=oldest_first&cursor={cursor}"), &app.acme.viewer).send().await.expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    for bad in ["updated_since=yesterday", "order=sideways", &format!("updated_since={}", "9".repeat(300))] {
        let response = app.get(&format!("/api/v1/sessions?{bad}"), &app.acme.viewer).send().await.expect("request");
        assert!(response.status().is_client_error(), "{bad}: {}", response.status());
    }
}

async fn awaiting(app: &TestApp) -> String {
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await["id"].as_str().expect("id").to_owned()
}

async fn take(app: &TestApp, id: &str, token: &str) -> reqwest::Response {
    app.post(&format!("/api/v1/sessions/{id}/assignment"), token).send().await.expect("request")
}

async fn a_second_officer_cannot_take_a_session_that_is_being_reviewed(app: TestApp) {
    let id = awaiting(&app).await;
    let taken = take(&app, &id, &app.acme.operator).await;
    assert_eq!(taken.status(), StatusCode::OK);
    let held: Value = taken.json().await.expect("json");
    assert_eq!(held["name"], "Acme operator");
    let again = take(&app, &id, &app.acme.operator).await;
    assert_eq!(again.status(), StatusCode::OK, "taking one's own session again keeps it");

    let second = app.another_user(Role::Operator);
    let refused = assert_problem(take(&app, &id, &second).await, StatusCode::CONFLICT).await;
    assert!(refused["detail"].as_str().is_some_and(|d| d.contains("being reviewed by Acme operator")), "{refused}");

    let details = get(&app, &format!("/api/v1/sessions/{id}"), &app.acme.viewer).await;
    assert_eq!(details["assignee"]["name"], "Acme operator");
    let listed = get(&app, "/api/v1/sessions", &app.acme.viewer).await;
    assert_eq!(listed["items"][0]["assignee"]["name"], "Acme operator");

    let release = app.http.delete(app.url(&format!("/api/v1/sessions/{id}/assignment"))).bearer_auth(&second).send().await.expect("request");
    assert_problem(release, StatusCode::CONFLICT).await;
    let release = app.http.delete(app.url(&format!("/api/v1/sessions/{id}/assignment"))).bearer_auth(&app.acme.operator).send().await.expect("request");
    assert_eq!(release.status(), StatusCode::NO_CONTENT);
    assert_eq!(take(&app, &id, &second).await.status(), StatusCode::OK);
    let by_admin = app.http.delete(app.url(&format!("/api/v1/sessions/{id}/assignment"))).bearer_auth(&app.acme.admin).send().await.expect("request");
    assert_eq!(by_admin.status(), StatusCode::NO_CONTENT, "an admin releases anyone's hold");
}

async fn a_decision_releases_the_session_and_another_officer_may_not_decide_meanwhile(app: TestApp) {
    let id = awaiting(&app).await;
    assert_eq!(take(&app, &id, &app.acme.operator).await.status(), StatusCode::OK);
    let reject = json!({"decision": "reject", "reasons": ["fake"]});
    let by_admin = app.post(&format!("/api/v1/sessions/{id}/decision"), &app.acme.admin).json(&reject).send().await.expect("request");
    let refused = assert_problem(by_admin, StatusCode::CONFLICT).await;
    assert!(refused["detail"].as_str().is_some_and(|d| d.contains("being reviewed")), "{refused}");
    let by_holder = app.post(&format!("/api/v1/sessions/{id}/decision"), &app.acme.operator).json(&reject).send().await.expect("request");
    assert_eq!(by_holder.status(), StatusCode::OK);
    let details = get(&app, &format!("/api/v1/sessions/{id}"), &app.acme.viewer).await;
    assert_eq!(details["assignee"], Value::Null, "the decision gave the session back");
}

async fn a_hold_lapses_after_thirty_idle_minutes(app: TestApp) {
    let id = awaiting(&app).await;
    assert_eq!(take(&app, &id, &app.acme.operator).await.status(), StatusCode::OK);
    let session_id = id.parse().expect("id");
    let company = app.acme.company_id.parse().expect("company");
    app.state
        .db
        .write_now(|conn| {
            let session = sessions::find(conn, &Scope::Company(company), session_id)?.expect("session");
            let mut held = assignments::of(conn, &session.key)?.expect("held");
            held.active_at -= chrono::Duration::minutes(31);
            assignments::put(conn, &session.key, &held)
        })
        .expect("age the hold");
    let details = get(&app, &format!("/api/v1/sessions/{id}"), &app.acme.viewer).await;
    assert_eq!(details["assignee"], Value::Null, "a lapsed hold is nobody's");
    let second = app.another_user(Role::Operator);
    assert_eq!(take(&app, &id, &second).await.status(), StatusCode::OK);
}

async fn assignment_is_for_reviewers_of_the_same_company(app: TestApp) {
    let id = awaiting(&app).await;
    for token in [&app.acme.viewer, &app.acme.client] {
        assert_problem(take(&app, &id, token).await, StatusCode::FORBIDDEN).await;
    }
    assert_problem(take(&app, &id, &app.globex.operator).await, StatusCode::NOT_FOUND).await;
    let release = app.http.delete(app.url(&format!("/api/v1/sessions/{id}/assignment"))).bearer_auth(&app.globex.admin).send().await.expect("request");
    assert_problem(release, StatusCode::NOT_FOUND).await;
    assert_problem(take(&app, "not-a-uuid", &app.acme.operator).await, StatusCode::NOT_FOUND).await;
    let details = get(&app, &format!("/api/v1/sessions/{id}"), &app.acme.viewer).await;
    assert_eq!(details["assignee"], Value::Null);
}

async fn the_activity_log_names_the_customer_of_each_session_and_filters_by_session_and_user(app: TestApp) {
    let id = app.create_session(&app.acme, body_with(&valid_passport(), |_| {})).await["id"].as_str().expect("id").to_owned();
    let other = awaiting(&app).await;
    get(&app, &format!("/api/v1/sessions/{id}"), &app.acme.operator).await;
    get(&app, &format!("/api/v1/sessions/{other}"), &app.acme.viewer).await;
    let about = get(&app, &format!("/api/v1/audit-events?target_id={id}"), &app.acme.admin).await;
    let items = about["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(items.iter().all(|event| event["target_id"] == id.as_str() && event["target_name"] == "LEVAN LOMIDZE"), "{about}");
    let operator_id = items.iter().find(|event| event["action"] == "session.view").expect("the view")["actor"]["id"].clone();
    let by_operator = get(&app, &format!("/api/v1/audit-events?actor_id={}", operator_id.as_str().expect("id")), &app.acme.admin).await;
    assert!(by_operator["items"].as_array().expect("items").iter().all(|event| event["actor"]["id"] == operator_id));
    let elsewhere = get(&app, &format!("/api/v1/audit-events?target_id={id}"), &app.globex.admin).await;
    assert_eq!(elsewhere["items"], json!([]), "another company sees neither the events nor the name");
}
