//! API clients: an admin creates, lists, rotates and revokes the credentials of the company's
//! servers; the secret is shown once and stored hashed; a rotation's grace period ends; a revoked
//! client's tokens stop at once here and within seconds on another replica.

use crate::helpers::{TestApp, Tenant, assert_problem};
use crate::on_both_backends;
use kyc_server::db::{ApiClient, api_clients, companies};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    an_admin_creates_a_client_whose_secret_gets_tokens,
    the_secret_is_shown_once_and_stored_only_as_a_hash,
    a_rotation_keeps_the_old_secret_until_its_grace_period_ends,
    a_rotation_without_grace_refuses_the_old_secret_at_once,
    rotating_again_during_a_grace_period_replaces_the_previous_secret,
    a_revoked_client_gets_no_token_and_its_tokens_stop_at_once,
    a_client_revoked_by_another_replica_is_refused_within_seconds,
    getting_a_token_records_when_the_client_was_last_used,
    only_a_companys_admins_manage_its_clients,
    another_companys_client_is_not_found,
    malformed_or_oversized_input_is_refused,
    every_change_is_audited_without_the_secret,
);

async fn create(app: &TestApp, tenant: &Tenant, name: &str) -> Value {
    let response = app.post("/api/v1/api-clients", &tenant.admin).json(&json!({"name": name})).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    response.json().await.expect("json")
}

async fn rotate(app: &TestApp, tenant: &Tenant, id: &str, grace_period_hours: u32) -> Value {
    let response = app
        .post(&format!("/api/v1/api-clients/{id}/rotate"), &tenant.admin)
        .json(&json!({"grace_period_hours": grace_period_hours}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    response.json().await.expect("json")
}

fn revoke(app: &TestApp, tenant: &Tenant, id: &str) -> reqwest::RequestBuilder {
    app.http.delete(app.url(&format!("/api/v1/api-clients/{id}"))).bearer_auth(&tenant.admin)
}

/// The status of `POST /auth/token` with these credentials, and the access token on 200.
async fn token(app: &TestApp, client_id: &str, secret: &str) -> (StatusCode, Option<String>) {
    let body = json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret});
    let response = app.http.post(app.url("/api/v1/auth/token")).json(&body).send().await.expect("request");
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    (status, body["access_token"].as_str().map(str::to_owned))
}

async fn token_of(app: &TestApp, created: &Value) -> String {
    let (status, token) = token(app, str_of(created, "client_id"), str_of(created, "client_secret")).await;
    assert_eq!(status, StatusCode::OK);
    token.expect("access token")
}

fn str_of<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field].as_str().unwrap_or_else(|| panic!("{field} in {value}"))
}

async fn list(app: &TestApp, token: &str) -> Vec<Value> {
    let response = app.get("/api/v1/api-clients", token).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    body["items"].as_array().expect("items").clone()
}

async fn stored(app: &TestApp, id: &str) -> ApiClient {
    let id = id.parse().expect("client id");
    app.state.db.read(move |conn| companies::find_api_client(conn, &id)).await.expect("read").expect("stored")
}

async fn sessions_status(app: &TestApp, token: &str) -> StatusCode {
    app.get("/api/v1/sessions", token).send().await.expect("request").status()
}

async fn an_admin_creates_a_client_whose_secret_gets_tokens(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    assert_eq!(created["name"], "Core banking");
    assert_eq!(created["id"], created["client_id"]);
    assert!(created["created_by"].is_string(), "{created}");
    assert_eq!(created["revoked_at"], Value::Null);
    assert_eq!(created["previous_secret_expires_at"], Value::Null);
    let access = token_of(&app, &created).await;
    assert_eq!(sessions_status(&app, &access).await, StatusCode::OK);
    let session = app.post("/api/v1/sessions", &access).json(&crate::helpers::session_body(&crate::helpers::SPECIMEN_TD3)).send().await.expect("request");
    assert_eq!(session.status(), StatusCode::CREATED, "the new client ingests");
    let listed = list(&app, &app.acme.admin).await;
    assert_eq!(listed.len(), 2, "the seeded client and the new one");
    assert!(listed.iter().any(|client| client["id"] == created["id"]));
    assert!(listed.iter().any(|client| client["id"] == app.acme.client_id.as_str()));
}

async fn the_secret_is_shown_once_and_stored_only_as_a_hash(app: TestApp) {
    let created = create(&app, &app.acme, "Reporting").await;
    let secret = str_of(&created, "client_secret");
    assert!(secret.len() >= 40, "{secret}");
    let text = app.get("/api/v1/api-clients", &app.acme.admin).send().await.expect("request").text().await.expect("text");
    assert!(!text.contains(secret) && !text.contains("client_secret"), "the list shows a secret: {text}");
    let row = stored(&app, str_of(&created, "id")).await;
    assert!(row.secret_hash.starts_with("$argon2id$") && !row.secret_hash.contains(secret));
    assert!(kyc_server::credentials::verify_secret(secret, &row.secret_hash));
    let rotated = rotate(&app, &app.acme, str_of(&created, "id"), 0).await;
    let text = app.get("/api/v1/api-clients", &app.acme.admin).send().await.expect("request").text().await.expect("text");
    assert!(!text.contains(str_of(&rotated, "client_secret")), "the list shows the rotated secret");
}

async fn a_rotation_keeps_the_old_secret_until_its_grace_period_ends(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    let (id, old) = (str_of(&created, "id"), str_of(&created, "client_secret"));
    let before = chrono::Utc::now();
    let rotated = rotate(&app, &app.acme, id, 2).await;
    let new = str_of(&rotated, "client_secret");
    assert_ne!(new, old);
    let expires: chrono::DateTime<chrono::Utc> = str_of(&rotated, "previous_secret_expires_at").parse().expect("time");
    let two_hours = before + chrono::Duration::hours(2);
    assert!(expires >= two_hours && expires < two_hours + chrono::Duration::minutes(1), "{expires}");
    assert_eq!(token(&app, id, old).await.0, StatusCode::OK, "the old secret during its grace period");
    assert_eq!(token(&app, id, new).await.0, StatusCode::OK);
    // The grace period ends: the stored end is moved into the past, as time would.
    let mut row = stored(&app, id).await;
    row.previous_secret.as_mut().expect("a previous secret").expires_at = chrono::Utc::now() - chrono::Duration::seconds(1);
    app.state.db.write(move |conn| api_clients::update_client(conn, &row)).await.expect("write");
    assert_eq!(token(&app, id, old).await.0, StatusCode::UNAUTHORIZED, "the old secret after its grace period");
    assert_eq!(token(&app, id, new).await.0, StatusCode::OK);
}

async fn a_rotation_without_grace_refuses_the_old_secret_at_once(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    let (id, old) = (str_of(&created, "id"), str_of(&created, "client_secret"));
    let rotated = rotate(&app, &app.acme, id, 0).await;
    assert_eq!(rotated["previous_secret_expires_at"], Value::Null);
    assert_eq!(token(&app, id, old).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(token(&app, id, str_of(&rotated, "client_secret")).await.0, StatusCode::OK);
}

async fn rotating_again_during_a_grace_period_replaces_the_previous_secret(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    let (id, first) = (str_of(&created, "id"), str_of(&created, "client_secret"));
    let second = rotate(&app, &app.acme, id, 24).await;
    let third = rotate(&app, &app.acme, id, 1).await;
    assert_eq!(token(&app, id, first).await.0, StatusCode::UNAUTHORIZED, "the first secret is no longer the previous one");
    assert_eq!(token(&app, id, str_of(&second, "client_secret")).await.0, StatusCode::OK);
    assert_eq!(token(&app, id, str_of(&third, "client_secret")).await.0, StatusCode::OK);
    let expires: chrono::DateTime<chrono::Utc> = str_of(&third, "previous_secret_expires_at").parse().expect("time");
    assert!(expires < chrono::Utc::now() + chrono::Duration::hours(2), "the last rotation's grace period counts");
}

async fn a_revoked_client_gets_no_token_and_its_tokens_stop_at_once(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    let id = str_of(&created, "id");
    let access = token_of(&app, &created).await;
    assert_eq!(sessions_status(&app, &access).await, StatusCode::OK);
    let response = revoke(&app, &app.acme, id).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/api/v1/sessions", &access).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
    assert_eq!(token(&app, id, str_of(&created, "client_secret")).await.0, StatusCode::UNAUTHORIZED);
    let listed = list(&app, &app.acme.admin).await;
    let shown = listed.iter().find(|client| client["id"] == id).expect("still listed");
    assert!(shown["revoked_at"].is_string(), "{shown}");
    let response = app.post(&format!("/api/v1/api-clients/{id}/rotate"), &app.acme.admin).json(&json!({"grace_period_hours": 0})).send().await.expect("request");
    assert_problem(response, StatusCode::CONFLICT).await;
    let again = revoke(&app, &app.acme, id).send().await.expect("request");
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "revoking again changes nothing");
    assert_eq!(sessions_status(&app, &app.acme.client).await, StatusCode::OK, "the company's other client still works");
}

async fn a_client_revoked_by_another_replica_is_refused_within_seconds(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    let access = token_of(&app, &created).await;
    // Another replica revokes it: only the database knows, not this process's memory.
    let mut row = stored(&app, str_of(&created, "id")).await;
    row.active = false;
    row.revoked_at = Some(chrono::Utc::now());
    app.state.db.write(move |conn| api_clients::update_client(conn, &row)).await.expect("write");
    let bound = kyc_server::revoked::RELOAD_EVERY + std::time::Duration::from_secs(2);
    let started = std::time::Instant::now();
    while sessions_status(&app, &access).await == StatusCode::OK {
        assert!(started.elapsed() < bound, "the token still worked after {bound:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(sessions_status(&app, &access).await, StatusCode::UNAUTHORIZED);
}

async fn getting_a_token_records_when_the_client_was_last_used(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    assert_eq!(created["last_used_at"], Value::Null);
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    token_of(&app, &created).await;
    let listed = list(&app, &app.acme.admin).await;
    let shown = listed.iter().find(|client| client["id"] == created["id"]).expect("listed");
    let used: chrono::DateTime<chrono::Utc> = str_of(shown, "last_used_at").parse().expect("time");
    assert!(used >= before, "{used}");
    // Another token within the minute does not write again.
    token_of(&app, &created).await;
    assert_eq!(stored(&app, str_of(&created, "id")).await.last_used_at.map(|at| at.timestamp_micros()), Some(used.timestamp_micros()));
}

async fn only_a_companys_admins_manage_its_clients(app: TestApp) {
    let id = app.acme.client_id.clone();
    let superadmin_claims = kyc_server::credentials::Claims {
        sub: kyc_domain::ids::UserId::generate().to_string(),
        company_id: None,
        role: kyc_domain::access::Role::Superadmin,
        ..app.claims_for(&app.acme)
    };
    let superadmin = app.token_with(&superadmin_claims);
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client, &superadmin] {
        assert_problem(app.get("/api/v1/api-clients", token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
        let response = app.post("/api/v1/api-clients", token).json(&json!({"name": "x"})).send().await.expect("request");
        assert_problem(response, StatusCode::FORBIDDEN).await;
        let response = app.post(&format!("/api/v1/api-clients/{id}/rotate"), token).json(&json!({"grace_period_hours": 0})).send().await.expect("request");
        assert_problem(response, StatusCode::FORBIDDEN).await;
        let response = app.http.delete(app.url(&format!("/api/v1/api-clients/{id}"))).bearer_auth(token).send().await.expect("request");
        assert_problem(response, StatusCode::FORBIDDEN).await;
    }
    let response = app.http.get(app.url("/api/v1/api-clients")).send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    let response = app.http.post(app.url("/api/v1/api-clients")).json(&json!({"name": "x"})).send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(sessions_status(&app, &app.acme.client).await, StatusCode::OK, "nothing was rotated or revoked");
}

async fn another_companys_client_is_not_found(app: TestApp) {
    let id = app.acme.client_id.clone();
    let response = app.post(&format!("/api/v1/api-clients/{id}/rotate"), &app.globex.admin).json(&json!({"grace_period_hours": 0})).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
    assert_problem(revoke(&app, &app.globex, &id).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    let listed = list(&app, &app.globex.admin).await;
    assert!(listed.iter().all(|client| client["id"] != id.as_str()), "{listed:?}");
    assert_eq!(listed.len(), 1, "Globex sees its own client only");
    assert_eq!(token(&app, &id, &app.acme.client_secret).await.0, StatusCode::OK, "Acme's client still works");
    for unknown in ["no-such-client", "not%20an%20id"] {
        assert_problem(revoke(&app, &app.acme, unknown).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    }
}

async fn malformed_or_oversized_input_is_refused(app: TestApp) {
    let id = app.acme.client_id.clone();
    let post = |path: &str| app.post(path, &app.acme.admin);
    let rotate_path = format!("/api/v1/api-clients/{id}/rotate");
    for (path, body) in [
        ("/api/v1/api-clients", json!({"name": ""})),
        ("/api/v1/api-clients", json!({"name": "   "})),
        ("/api/v1/api-clients", json!({"name": "x".repeat(201)})),
        ("/api/v1/api-clients", json!({"name": "ok", "secret": "mine"})),
        ("/api/v1/api-clients", json!({})),
        ("/api/v1/api-clients", json!({"name": 7})),
        (rotate_path.as_str(), json!({"grace_period_hours": 169})),
        (rotate_path.as_str(), json!({"grace_period_hours": -1})),
        (rotate_path.as_str(), json!({"grace_period_hours": 1.5})),
        (rotate_path.as_str(), json!({})),
    ] {
        let response = post(path).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let response = post("/api/v1/api-clients").header("content-type", "application/json").body("{\"name\":").send().await.expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let huge = json!({"name": "x".repeat(kyc_server::MAX_JSON_BODY)});
    let response = post("/api/v1/api-clients").json(&huge).send().await.expect("request");
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(list(&app, &app.acme.admin).await.len(), 1, "nothing was created");
    assert_eq!(token(&app, &id, &app.acme.client_secret).await.0, StatusCode::OK, "nothing was rotated");
}

async fn every_change_is_audited_without_the_secret(app: TestApp) {
    let created = create(&app, &app.acme, "Core banking").await;
    let id = str_of(&created, "id");
    let rotated = rotate(&app, &app.acme, id, 1).await;
    assert_eq!(revoke(&app, &app.acme, id).send().await.expect("request").status(), StatusCode::NO_CONTENT);
    let response = app.get(&format!("/api/v1/audit-events?target_id={id}"), &app.acme.admin).send().await.expect("request");
    let text = response.text().await.expect("text");
    for secret in [str_of(&created, "client_secret"), str_of(&rotated, "client_secret")] {
        assert!(!text.contains(secret), "an audit event holds a secret: {text}");
    }
    let events: Value = serde_json::from_str(&text).expect("json");
    let mut actions: Vec<&str> = events["items"].as_array().expect("items").iter().filter_map(|event| event["action"].as_str()).collect();
    actions.sort_unstable();
    assert_eq!(actions, ["api_client.create", "api_client.revoke", "api_client.rotate"], "{text}");
}
