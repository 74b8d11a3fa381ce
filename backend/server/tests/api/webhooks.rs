//! Webhook endpoints: who may manage them, whose they are, the secret shown once, rotation,
//! and where a webhook may go (SSRF).

use crate::helpers::{TestApp, Tenant, assert_problem};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    an_admin_adds_lists_changes_and_removes_an_endpoint,
    the_secret_is_shown_once_and_never_listed,
    a_rotation_gives_a_new_secret_and_keeps_the_old_one_signing_for_a_day,
    only_admins_manage_endpoints,
    another_companys_endpoint_is_not_found,
    subscriptions_need_known_subscribable_types,
    malformed_or_oversized_input_is_refused,
    development_takes_plain_http_to_loopback_only,
);

const LOCAL: &str = "http://127.0.0.1:9/hooks";

pub async fn add_endpoint(app: &TestApp, tenant: &Tenant, url: &str, events: &[&str]) -> Value {
    let response =
        app.post("/api/v1/webhooks", &tenant.admin).json(&json!({"url": url, "events": events})).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    response.json().await.expect("json")
}

fn patch(app: &TestApp, path: &str, token: &str) -> reqwest::RequestBuilder {
    app.http.patch(app.url(path)).bearer_auth(token)
}

fn delete(app: &TestApp, path: &str, token: &str) -> reqwest::RequestBuilder {
    app.http.delete(app.url(path)).bearer_auth(token)
}

async fn an_admin_adds_lists_changes_and_removes_an_endpoint(app: TestApp) {
    let created = add_endpoint(&app, &app.acme, LOCAL, &["session.status_changed", "session.created"]).await;
    let id = created["id"].as_str().expect("id");
    assert_eq!(created["events"], json!(["session.created", "session.status_changed"]), "canonical order");
    assert_eq!(created["enabled"], true);
    let listed: Value = app.get("/api/v1/webhooks", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(listed["items"][0]["id"], id);
    let body = json!({"enabled": false, "events": ["session.decision_made"]});
    let response = patch(&app, &format!("/api/v1/webhooks/{id}"), &app.acme.admin).json(&body).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Value = response.json().await.expect("json");
    assert_eq!(changed["enabled"], false);
    assert_eq!(changed["events"], json!(["session.decision_made"]));
    assert_eq!(changed["url"], LOCAL);
    let response = delete(&app, &format!("/api/v1/webhooks/{id}"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = delete(&app, &format!("/api/v1/webhooks/{id}"), &app.acme.admin).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
    let listed: Value = app.get("/api/v1/webhooks", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(listed["items"], json!([]));
}

async fn the_secret_is_shown_once_and_never_listed(app: TestApp) {
    let created = add_endpoint(&app, &app.acme, LOCAL, &["session.created"]).await;
    let secret = created["secret"].as_str().expect("secret");
    assert!(secret.starts_with("whsec_") && secret.len() == "whsec_".len() + 44, "{secret}");
    let id = created["id"].as_str().expect("id");
    let key = &secret["whsec_".len()..];
    for path in ["/api/v1/webhooks".to_owned(), format!("/api/v1/webhooks/{id}/deliveries")] {
        let text = app.get(&path, &app.acme.admin).send().await.expect("request").text().await.expect("text");
        assert!(!text.contains(key) && !text.contains("whsec_"), "{path} shows the secret: {text}");
    }
    let response = patch(&app, &format!("/api/v1/webhooks/{id}"), &app.acme.admin).json(&json!({"enabled": true})).send().await.expect("request");
    let text = response.text().await.expect("text");
    assert!(!text.contains(key), "a change shows the secret: {text}");
}

async fn a_rotation_gives_a_new_secret_and_keeps_the_old_one_signing_for_a_day(app: TestApp) {
    let created = add_endpoint(&app, &app.acme, LOCAL, &["session.created"]).await;
    let id = created["id"].as_str().expect("id");
    assert_eq!(created["previous_secret_expires_at"], Value::Null);
    let response = app.post(&format!("/api/v1/webhooks/{id}/rotate-secret"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let rotated: Value = response.json().await.expect("json");
    assert_ne!(rotated["secret"], created["secret"]);
    assert!(rotated["secret"].as_str().is_some_and(|secret| secret.starts_with("whsec_")));
    let until: chrono::DateTime<chrono::Utc> =
        rotated["previous_secret_expires_at"].as_str().expect("an end of the overlap").parse().expect("a time");
    let hours = (until - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "{hours} hours");
}

async fn only_admins_manage_endpoints(app: TestApp) {
    let created = add_endpoint(&app, &app.acme, LOCAL, &["session.created"]).await;
    let id = created["id"].as_str().expect("id");
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        let calls = [
            app.get("/api/v1/webhooks", token),
            app.post("/api/v1/webhooks", token).json(&json!({"url": LOCAL, "events": ["session.created"]})),
            patch(&app, &format!("/api/v1/webhooks/{id}"), token).json(&json!({"enabled": false})),
            delete(&app, &format!("/api/v1/webhooks/{id}"), token),
            app.post(&format!("/api/v1/webhooks/{id}/rotate-secret"), token),
            app.get(&format!("/api/v1/webhooks/{id}/deliveries"), token),
            app.post(&format!("/api/v1/webhooks/{id}/test"), token),
        ];
        for call in calls {
            assert_problem(call.send().await.expect("request"), StatusCode::FORBIDDEN).await;
        }
    }
    let response = app.get("/api/v1/webhooks", "not-a-token").send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let listed: Value = app.get("/api/v1/webhooks", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1), "nothing was added, changed or removed");
    assert_eq!(listed["items"][0]["enabled"], true);
}

async fn another_companys_endpoint_is_not_found(app: TestApp) {
    let created = add_endpoint(&app, &app.acme, LOCAL, &["session.created"]).await;
    let id = created["id"].as_str().expect("id");
    let delivery = uuid::Uuid::now_v7();
    let token = &app.globex.admin;
    let calls = [
        patch(&app, &format!("/api/v1/webhooks/{id}"), token).json(&json!({"enabled": false})),
        delete(&app, &format!("/api/v1/webhooks/{id}"), token),
        app.post(&format!("/api/v1/webhooks/{id}/rotate-secret"), token),
        app.get(&format!("/api/v1/webhooks/{id}/deliveries"), token),
        app.post(&format!("/api/v1/webhooks/{id}/deliveries/{delivery}/resend"), token),
        app.post(&format!("/api/v1/webhooks/{id}/test"), token),
        app.get("/api/v1/webhooks/not-an-id/deliveries", token),
    ];
    for call in calls {
        assert_problem(call.send().await.expect("request"), StatusCode::NOT_FOUND).await;
    }
    let listed: Value = app.get("/api/v1/webhooks", token).send().await.expect("request").json().await.expect("json");
    assert_eq!(listed["items"], json!([]));
    let mine: Value = app.get("/api/v1/webhooks", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(mine["items"][0]["enabled"], true, "another company changed nothing");
}

async fn subscriptions_need_known_subscribable_types(app: TestApp) {
    for events in [json!([]), json!(["webhook.test"]), json!(["session.Created"]), json!(["everything"])] {
        let body = json!({"url": LOCAL, "events": events});
        let response = app.post("/api/v1/webhooks", &app.acme.admin).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let created = add_endpoint(&app, &app.acme, LOCAL, &["session.created"]).await;
    let id = created["id"].as_str().expect("id");
    let response = patch(&app, &format!("/api/v1/webhooks/{id}"), &app.acme.admin).json(&json!({"events": []})).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn malformed_or_oversized_input_is_refused(app: TestApp) {
    let long = format!("http://127.0.0.1/{}", "a".repeat(2100));
    let bodies = [
        json!({"url": long, "events": ["session.created"]}),
        json!({"url": "http://127.0.0.1/\u{0}", "events": ["session.created"]}),
        json!({"url": LOCAL, "events": ["session.created"], "secret": "whsec_mine"}),
        json!({"url": LOCAL}),
        json!({"url": 7, "events": ["session.created"]}),
        json!({"url": LOCAL, "events": vec!["session.created"; 17]}),
    ];
    for body in bodies {
        let response = app.post("/api/v1/webhooks", &app.acme.admin).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let response = app.post("/api/v1/webhooks", &app.acme.admin).header("content-type", "application/json").body("{").send().await.expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let listed: Value = app.get("/api/v1/webhooks", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(listed["items"], json!([]));
}

async fn development_takes_plain_http_to_loopback_only(app: TestApp) {
    add_endpoint(&app, &app.acme, "http://127.0.0.1:8080/hooks", &["session.created"]).await;
    add_endpoint(&app, &app.acme, "http://localhost:8080/hooks", &["session.created"]).await;
    for url in ["http://10.0.0.1/hooks", "http://hooks.example.org/hooks", "ftp://127.0.0.1/", "https://169.254.169.254/latest"] {
        let body = json!({"url": url, "events": ["session.created"]});
        let response = app.post("/api/v1/webhooks", &app.acme.admin).json(&body).send().await.expect("request");
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem["detail"].as_str().is_some_and(|detail| detail.starts_with("url:")), "{url}: {problem}");
    }
}

/// Production refuses every way in, with a clear problem.
#[actix_web::test]
async fn production_refuses_plain_http_and_internal_addresses() {
    let secret = "x".repeat(40);
    let audit_key = "ab".repeat(32);
    // 32 bytes of 7, base64: production refuses the development master key.
    let master_key = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
    let settings = [
        ("KYC_ENV", "production"),
        ("KYC_JWT_SECRET", secret.as_str()),
        ("KYC_AUDIT_KEY", audit_key.as_str()),
        ("KYC_MASTER_KEY", master_key),
    ];
    let app = TestApp::sqlite_with(&settings).await;
    let refused = [
        "http://hooks.example.org/kyc",
        "http://127.0.0.1:8080/hooks",
        "https://127.0.0.1/hooks",
        "https://10.0.0.1/hooks",
        "https://[::1]/hooks",
        "https://100.64.0.1/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://0x7f.1/hooks",
        "https://localhost/hooks",
        "https://intranet/hooks",
    ];
    for url in refused {
        let body = json!({"url": url, "events": ["session.created"]});
        let response = app.post("/api/v1/webhooks", &app.acme.admin).json(&body).send().await.expect("request");
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem["detail"].as_str().is_some_and(|detail| detail.starts_with("url:")), "{url}: {problem}");
    }
}
