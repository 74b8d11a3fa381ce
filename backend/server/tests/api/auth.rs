use crate::helpers::{PASSWORD, TestApp, assert_problem};
use crate::on_both_backends;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    a_user_logs_in_with_the_right_password,
    a_wrong_password_is_refused_as_a_problem,
    an_unknown_email_is_refused_like_a_wrong_password,
    repeated_failed_logins_are_rate_limited,
    a_login_without_a_password_is_unprocessable,
    a_login_that_is_not_json_is_a_bad_request,
    an_api_client_gets_a_token_with_json_credentials,
    an_api_client_gets_a_token_with_form_credentials,
    a_wrong_client_secret_is_refused,
    an_unknown_grant_type_is_a_bad_request,
    a_request_without_a_token_is_unauthorized,
    an_expired_token_is_unauthorized,
    a_token_with_a_bad_signature_is_unauthorized,
    an_unsigned_alg_none_token_is_unauthorized,
    a_token_without_an_audience_is_unauthorized,
    a_token_living_longer_than_fifteen_minutes_is_unauthorized,
    a_token_for_another_algorithm_is_unauthorized,
    logins_are_audited_without_personal_data,
    a_client_login_is_audited_as_an_api_client_of_its_company,
    a_token_whose_company_role_has_no_company_is_unauthorized,
    a_token_whose_subject_is_no_id_is_unauthorized,
    a_malformed_session_id_is_not_found_like_an_unknown_one,
);

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request")
}

async fn a_user_logs_in_with_the_right_password(app: TestApp) {
    let response = login(&app, &app.acme.emails["operator"], PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].as_i64().is_some_and(|s| s > 0 && s <= 900));
    let token = body["access_token"].as_str().expect("token");
    let sessions = app.get("/api/v1/sessions", token).send().await.expect("request");
    assert_eq!(sessions.status(), StatusCode::OK);
}

async fn a_wrong_password_is_refused_as_a_problem(app: TestApp) {
    let response = login(&app, &app.acme.emails["admin"], "not the password").await;
    let problem = assert_problem(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["detail"], "wrong email or password");
}

async fn an_unknown_email_is_refused_like_a_wrong_password(app: TestApp) {
    let response = login(&app, "nobody@nowhere.test", PASSWORD).await;
    let problem = assert_problem(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(problem["detail"], "wrong email or password");
}

async fn repeated_failed_logins_are_rate_limited(app: TestApp) {
    let email = app.acme.emails["viewer"].clone();
    for _ in 0..5 {
        assert_eq!(login(&app, &email, "wrong").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_problem(login(&app, &email, "wrong").await, StatusCode::TOO_MANY_REQUESTS).await;
    // Even the right password waits until the window passes.
    assert_problem(login(&app, &email, PASSWORD).await, StatusCode::TOO_MANY_REQUESTS).await;
    // Another account from the same IP is not locked out.
    assert_eq!(login(&app, &app.acme.emails["admin"], PASSWORD).await.status(), StatusCode::OK);
}

async fn a_login_without_a_password_is_unprocessable(app: TestApp) {
    let response = app.http.post(app.url("/api/v1/auth/login")).json(&json!({"email": "a@b.test"})).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn a_login_that_is_not_json_is_a_bad_request(app: TestApp) {
    let response = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

async fn an_api_client_gets_a_token_with_json_credentials(app: TestApp) {
    let response = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"grant_type": "client_credentials", "client_id": app.acme.client_id, "client_secret": app.acme.client_secret}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["token_type"], "Bearer");
}

async fn an_api_client_gets_a_token_with_form_credentials(app: TestApp) {
    let response = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("grant_type=client_credentials&client_id={}&client_secret={}", app.acme.client_id, app.acme.client_secret))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

async fn a_wrong_client_secret_is_refused(app: TestApp) {
    let response = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"grant_type": "client_credentials", "client_id": app.acme.client_id, "client_secret": app.globex.client_secret}))
        .send()
        .await
        .expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn an_unknown_grant_type_is_a_bad_request(app: TestApp) {
    let response = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"grant_type": "password", "client_id": "x", "client_secret": "y"}))
        .send()
        .await
        .expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

async fn a_request_without_a_token_is_unauthorized(app: TestApp) {
    let response = app.http.get(app.url("/api/v1/sessions")).send().await.expect("request");
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn an_expired_token_is_unauthorized(app: TestApp) {
    let mut claims = app.claims_for(&app.acme);
    claims.iat -= 1200;
    claims.exp = claims.iat + 600;
    let token = app.token_with(&claims);
    assert_problem(app.get("/api/v1/sessions", &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

async fn a_token_with_a_bad_signature_is_unauthorized(app: TestApp) {
    let token = app.acme.admin.clone();
    let (unsigned, _) = token.rsplit_once('.').expect("jwt");
    let forged = format!("{unsigned}.{}", URL_SAFE_NO_PAD.encode(b"not the signature at all"));
    assert_problem(app.get("/api/v1/sessions", &forged).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

fn unsigned_token(header: Value, claims: &Value) -> String {
    let encode = |value: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("json"));
    format!("{}.{}.", encode(&header), encode(claims))
}

async fn an_unsigned_alg_none_token_is_unauthorized(app: TestApp) {
    let claims = serde_json::to_value(app.claims_for(&app.acme)).expect("claims");
    let token = unsigned_token(json!({"alg": "none", "typ": "JWT"}), &claims);
    assert_problem(app.get("/api/v1/sessions", &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

async fn a_token_without_an_audience_is_unauthorized(app: TestApp) {
    use jsonwebtoken::{EncodingKey, Header, encode};
    let mut claims = serde_json::to_value(app.claims_for(&app.acme)).expect("claims");
    claims.as_object_mut().expect("object").remove("aud");
    let secret = app.state.config.jwt_secret.as_bytes();
    let token = encode(&Header::default(), &claims, &EncodingKey::from_secret(secret)).expect("signed");
    assert_problem(app.get("/api/v1/sessions", &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

async fn a_token_living_longer_than_fifteen_minutes_is_unauthorized(app: TestApp) {
    let mut claims = app.claims_for(&app.acme);
    claims.exp = claims.iat + 3600;
    let token = app.token_with(&claims);
    assert_problem(app.get("/api/v1/sessions", &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

async fn a_token_for_another_algorithm_is_unauthorized(app: TestApp) {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let claims = app.claims_for(&app.acme);
    let secret = app.state.config.jwt_secret.as_bytes();
    let token = encode(&Header::new(Algorithm::HS512), &claims, &EncodingKey::from_secret(secret)).expect("signed");
    assert_problem(app.get("/api/v1/sessions", &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

async fn logins_are_audited_without_personal_data(app: TestApp) {
    let email = app.acme.emails["operator"].clone();
    assert_eq!(login(&app, &email, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(login(&app, &email, "wrong").await.status(), StatusCode::UNAUTHORIZED);
    let events = app.state.db.read_now(kyc_server::db::audit::all_in_order).expect("events");
    let logins: Vec<_> = events.iter().filter(|e| e.action == "auth.login").collect();
    assert_eq!(logins.iter().map(|e| e.outcome.as_str()).collect::<Vec<_>>(), ["ok", "failed"]);
    let stored = format!("{events:?}");
    assert!(!stored.contains(&email), "the audit log must not hold the email");
}

async fn a_client_login_is_audited_as_an_api_client_of_its_company(app: TestApp) {
    let body = json!({"grant_type": "client_credentials", "client_id": app.acme.client_id, "client_secret": app.acme.client_secret});
    let response = app.http.post(app.url("/api/v1/auth/token")).json(&body).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let events = app.state.db.read_now(kyc_server::db::audit::all_in_order).expect("events");
    let login = events.iter().find(|e| e.action == "auth.login").expect("the login is audited");
    assert_eq!((login.actor_kind.as_str(), login.actor_id.as_str()), ("api_client", app.acme.client_id.as_str()));
    assert_eq!(login.company_id.map(|id| id.to_string()), Some(app.acme.company_id.clone()));
}

async fn a_token_whose_company_role_has_no_company_is_unauthorized(app: TestApp) {
    let mut claims = app.claims_for(&app.acme);
    (claims.role, claims.company_id, claims.sub) = (kyc_domain::access::Role::Operator, None, uuid::Uuid::now_v7().to_string());
    let response = app.get("/api/v1/sessions", &app.token_with(&claims)).send().await.expect("request");
    crate::helpers::assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn a_token_whose_subject_is_no_id_is_unauthorized(app: TestApp) {
    let claims = app.claims_for(&app.acme);
    assert_eq!(claims.sub, "someone", "the helper's subject is not a user id");
    let response = app.get("/api/v1/sessions", &app.token_with(&claims)).send().await.expect("request");
    crate::helpers::assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn a_malformed_session_id_is_not_found_like_an_unknown_one(app: TestApp) {
    let unknown = app.get(&format!("/api/v1/sessions/{}", uuid::Uuid::now_v7()), &app.acme.viewer).send().await.expect("request");
    let unknown = crate::helpers::assert_problem(unknown, StatusCode::NOT_FOUND).await;
    for malformed in ["not-an-id", "1", "0193a8e27c417d2e9b1a3f5e2d1c0b9a"] {
        let response = app.get(&format!("/api/v1/sessions/{malformed}"), &app.acme.viewer).send().await.expect("request");
        let body = crate::helpers::assert_problem(response, StatusCode::NOT_FOUND).await;
        assert_eq!(body["detail"], unknown["detail"], "{malformed}");
    }
}
