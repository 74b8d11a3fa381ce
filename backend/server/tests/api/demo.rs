use crate::helpers::TestApp;
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_backends!(the_demo_seeds_both_banks_once_with_every_status_and_a_worked_queue);

async fn seed(app: &TestApp) {
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || kyc_server::cases::demo::seed(&state)).await.expect("join").expect("demo seeds");
}

async fn statuses(app: &TestApp, token: &str) -> (usize, BTreeSet<String>) {
    let page: Value = app.get("/api/v1/sessions?limit=100", token).send().await.expect("request").json().await.expect("json");
    let items = page["items"].as_array().expect("items");
    (items.len(), items.iter().filter_map(|s| s["status"].as_str().map(str::to_owned)).collect())
}

async fn the_demo_seeds_both_banks_once_with_every_status_and_a_worked_queue(app: TestApp) {
    seed(&app).await;
    seed(&app).await;
    let login = json!({"email": "operator@demo.test", "password": app.state.config.demo_password});
    let response = app.http.post(app.url("/api/v1/auth/login")).json(&login).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let token = response.json::<Value>().await.expect("json")["access_token"].as_str().expect("token").to_owned();
    let (count, seen) = statuses(&app, &token).await;
    assert_eq!(count, 40, "a second run adds nothing");
    let every = ["awaiting_action", "not_finished", "rejected", "verified"].map(str::to_owned);
    assert_eq!(seen, BTreeSet::from(every));
    let listed: Value = app.get("/api/v1/sessions?q=BERIDZE", &token).send().await.expect("request").json().await.expect("json");
    assert!(!listed["items"].as_array().expect("items").is_empty(), "a demo session matches the demo list");
    let other = kyc_server::cases::admin::token_for(&app.state, "admin@other.test").expect("token").access_token;
    let (other_count, _) = statuses(&app, &other).await;
    assert_eq!(other_count, 40);
    assert!(kyc_server::cases::admin::verify_audit(&app.state).is_ok());
}
