//! The transactional outbox as integrators pull it: `GET /api/v1/events`.

use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, passport_mrz, session_body};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    an_ingest_writes_created_completed_and_status_changed_in_sequence,
    a_decision_writes_its_event_and_the_status_change_after_the_ingests,
    events_carry_names_only_when_the_company_shares_personal_data,
    a_screening_match_at_ingest_is_an_event,
    the_feed_pages_by_cursor_filters_by_type_and_stays_within_the_company,
    the_feed_refuses_a_bad_cursor_or_an_unknown_type,
);

pub async fn events(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/events{query}"), token).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn of_session<'a>(page: &'a Value, id: &str) -> Vec<&'a Value> {
    page["items"].as_array().expect("items").iter().filter(|event| event["data"]["session_id"] == id).collect()
}

fn types(events: &[&Value]) -> Vec<String> {
    events.iter().map(|event| event["type"].as_str().expect("type").to_owned()).collect()
}

async fn an_ingest_writes_created_completed_and_status_changed_in_sequence(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let page = events(&app, &app.acme.client, "").await;
    let mine = of_session(&page, id);
    assert_eq!(types(&mine), ["session.created", "session.completed", "session.status_changed"]);
    let sequences: Vec<u64> = mine.iter().map(|event| event["data"]["sequence"].as_u64().expect("sequence")).collect();
    assert_eq!(sequences, [1, 2, 3]);
    let changed = mine[2];
    assert_eq!(changed["data"]["status"], "awaiting_action");
    assert_eq!(changed["data"]["previous_status"], "not_finished");
    assert_eq!(changed["data"]["cause"], "automatic");
    assert_eq!(changed["data"]["external_id"], created["external_id"]);
    assert_eq!(changed["data"]["checks"]["document_valid"], false);
    assert_eq!(changed["data"]["checks"]["screening"], "not_screened");
    assert_eq!(mine[1]["data"]["attempt"], 1);
    assert!(mine.iter().all(|event| event["id"].as_str().is_some_and(|id| id.starts_with("evt_"))));
    let text = serde_json::to_string(&mine).expect("json");
    for personal in ["ERIKSSON", "Eriksson", "Anna", "L898902C3", "1974-08-12", "photo"] {
        assert!(!text.contains(personal), "{personal} leaked into an event: {text}");
    }
}

async fn a_decision_writes_its_event_and_the_status_change_after_the_ingests(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let mut attempt = session_body(&SPECIMEN_TD3);
    attempt.as_object_mut().expect("object").remove("external_id");
    let response = app.post(&format!("/api/v1/sessions/{id}/attempts"), &app.acme.client).json(&attempt).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    let decision = json!({"decision": "reject", "note": "", "reasons": ["fake"]});
    let response = app.post(&format!("/api/v1/sessions/{id}/decision"), &app.acme.operator).json(&decision).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    let page = events(&app, &app.acme.admin, "").await;
    let mine = of_session(&page, id);
    assert_eq!(
        types(&mine),
        ["session.created", "session.completed", "session.status_changed", "session.completed", "session.decision_made", "session.status_changed"],
        "the second attempt left the status as it was"
    );
    let sequences: Vec<u64> = mine.iter().map(|event| event["data"]["sequence"].as_u64().expect("sequence")).collect();
    assert_eq!(sequences, [1, 2, 3, 4, 5, 6]);
    assert_eq!(mine[3]["data"]["attempt"], 2);
    assert_eq!(mine[4]["data"]["decision"], "reject");
    assert_eq!(mine[4]["data"]["reasons"], json!(["fake"]));
    assert_eq!(mine[5]["data"]["previous_status"], "awaiting_action");
    assert_eq!(mine[5]["data"]["status"], "rejected");
    assert_eq!(mine[5]["data"]["cause"], "decision");
}

async fn events_carry_names_only_when_the_company_shares_personal_data(app: TestApp) {
    let before = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let mut settings: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(settings["webhook_include_personal_data"], false, "off by default");
    settings["webhook_include_personal_data"] = json!(true);
    let response = app.put("/api/v1/settings", &app.acme.admin).json(&settings).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let after = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let page = events(&app, &app.acme.client, "").await;
    let first = of_session(&page, before["id"].as_str().expect("id"));
    assert!(first.iter().all(|event| event["data"].get("person").is_none()));
    let second = of_session(&page, after["id"].as_str().expect("id"));
    assert_eq!(second[0]["data"]["person"], json!({"first_name": "ANNA MARIA", "last_name": "ERIKSSON"}));
    let text = serde_json::to_string(&second).expect("json");
    assert!(!text.contains("L898902C3") && !text.contains("1974-08-12"), "only names are shared: {text}");
}

async fn a_screening_match_at_ingest_is_an_event(app: TestApp) {
    app.import_demo_list().await;
    let mrz = passport_mrz("BERIDZE", "GIORGI", "GEO", "1971-03-14");
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let created = app.create_session(&app.acme, session_body(&refs)).await;
    let page = events(&app, &app.acme.client, "?type=screening.match_found").await;
    let mine = of_session(&page, created["id"].as_str().expect("id"));
    assert_eq!(types(&mine), ["screening.match_found"]);
    assert_eq!(mine[0]["data"]["trigger"], "ingest");
    assert_eq!(mine[0]["data"]["new_matches"], 1);
    assert_eq!(mine[0]["data"]["checks"]["screening"], "potential_match");
    assert_eq!(mine[0]["data"]["sequence"], 3, "created and completed came first");
}

async fn the_feed_pages_by_cursor_filters_by_type_and_stays_within_the_company(app: TestApp) {
    for _ in 0..2 {
        app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    }
    app.create_session(&app.globex, session_body(&SPECIMEN_TD3)).await;
    let everything = events(&app, &app.acme.client, "").await;
    assert_eq!(everything["items"].as_array().expect("items").len(), 6);
    let first = events(&app, &app.acme.client, "?limit=4").await;
    assert_eq!(first["items"].as_array().expect("items").len(), 4);
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let rest = events(&app, &app.acme.client, &format!("?after={cursor}&limit=4")).await;
    let ids = |page: &Value| page["items"].as_array().expect("items").iter().map(|e| e["id"].clone()).collect::<Vec<_>>();
    assert_eq!([ids(&first), ids(&rest)].concat(), ids(&everything));
    let empty = events(&app, &app.acme.client, &format!("?after={}", rest["next_cursor"].as_str().expect("cursor"))).await;
    assert_eq!(empty["items"], json!([]));
    assert_eq!(empty["next_cursor"], rest["next_cursor"], "an empty page keeps the cursor");
    let created = events(&app, &app.acme.viewer, "?type=session.created").await;
    assert_eq!(types(&created["items"].as_array().expect("items").iter().collect::<Vec<_>>()), ["session.created"; 2]);
    let globex = events(&app, &app.globex.client, "").await;
    assert_eq!(globex["items"].as_array().expect("items").len(), 3, "one company never sees another's events");
}

async fn the_feed_refuses_a_bad_cursor_or_an_unknown_type(app: TestApp) {
    for query in ["?after=-1", "?after=abc", &format!("?after={}", "9".repeat(21))] {
        let response = app.get(&format!("/api/v1/events{query}"), &app.acme.client).send().await.expect("request");
        assert!(response.status().is_client_error(), "{query}: {}", response.status());
    }
    let response = app.get("/api/v1/events?type=session.Created", &app.acme.client).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["detail"].as_str().is_some_and(|detail| detail.contains("session.created")), "{problem}");
    let response = app.get("/api/v1/events", "not-a-token").send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    // As documented (1..=500) and like the session list: a limit outside the range is refused.
    for limit in ["0", "501"] {
        let response = app.get(&format!("/api/v1/events?limit={limit}"), &app.acme.client).send().await.expect("request");
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
}
