//! Refresh tokens: rotation, reuse detection, logout, expiry, deactivation, and the dashboard's
//! cookie.

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use crate::on_both_backends;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

on_both_backends!(
    a_users_login_gives_a_refresh_token_that_rotates,
    a_refresh_token_used_twice_ends_the_whole_login,
    logout_ends_the_login,
    a_deactivated_member_cannot_refresh,
    a_refresh_token_idle_for_twelve_hours_or_older_than_seven_days_is_refused,
    the_dashboard_gets_its_refresh_token_only_as_an_http_only_cookie,
    api_clients_get_no_refresh_token_and_malformed_tokens_are_refused,
    refreshes_and_reuse_are_audited_without_the_token,
);

async fn login(app: &TestApp, email: &str, cookie: bool) -> Response {
    let body = json!({"email": email, "password": PASSWORD, "refresh_cookie": cookie});
    app.http.post(app.url("/api/v1/auth/login")).json(&body).send().await.expect("request")
}

async fn refresh_token_of(app: &TestApp, email: &str) -> String {
    let body: Value = login(app, email, false).await.json().await.expect("json");
    body["refresh_token"].as_str().expect("a refresh token").to_owned()
}

async fn refresh(app: &TestApp, token: &str) -> Response {
    app.http.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": token})).send().await.expect("request")
}

async fn rotated(app: &TestApp, token: &str) -> (String, String) {
    let response = refresh(app, token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    (body["access_token"].as_str().expect("access").to_owned(), body["refresh_token"].as_str().expect("next").to_owned())
}

async fn a_users_login_gives_a_refresh_token_that_rotates(app: TestApp) {
    let first = refresh_token_of(&app, &app.acme.emails["operator"]).await;
    assert!(first.starts_with("kyc_rt_"));
    let (access, second) = rotated(&app, &first).await;
    assert_ne!(first, second);
    assert_eq!(app.get("/api/v1/sessions", &access).send().await.expect("request").status(), StatusCode::OK);
    let (_, third) = rotated(&app, &second).await;
    assert_ne!(second, third);
}

async fn a_refresh_token_used_twice_ends_the_whole_login(app: TestApp) {
    let first = refresh_token_of(&app, &app.acme.emails["operator"]).await;
    let (_, second) = rotated(&app, &first).await;
    let replayed = assert_problem(refresh(&app, &first).await, StatusCode::UNAUTHORIZED).await;
    assert!(replayed["detail"].as_str().expect("detail").contains("already used"));
    // The legitimate holder's newer token dies with it.
    assert_problem(refresh(&app, &second).await, StatusCode::UNAUTHORIZED).await;
    // Another login of the same user is not affected.
    let other = refresh_token_of(&app, &app.acme.emails["operator"]).await;
    rotated(&app, &other).await;
}

async fn logout_ends_the_login(app: TestApp) {
    let token = refresh_token_of(&app, &app.acme.emails["viewer"]).await;
    let response = app.http.post(app.url("/api/v1/auth/logout")).json(&json!({"refresh_token": token})).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_problem(refresh(&app, &token).await, StatusCode::UNAUTHORIZED).await;
    // Logging out twice, or with nothing, is no error.
    let again = app.http.post(app.url("/api/v1/auth/logout")).json(&json!({"refresh_token": token})).send().await.expect("request");
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    let nothing = app.http.post(app.url("/api/v1/auth/logout")).json(&json!({})).send().await.expect("request");
    assert_eq!(nothing.status(), StatusCode::NO_CONTENT);
}

async fn a_deactivated_member_cannot_refresh(app: TestApp) {
    let token = refresh_token_of(&app, &app.acme.emails["operator"]).await;
    let team: Value = app.get("/api/v1/users", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    let operator = team["items"].as_array().expect("items").iter().find(|m| m["role"] == "operator").expect("operator");
    let id = operator["id"].as_str().expect("id");
    let patched = app.http.patch(app.url(&format!("/api/v1/users/{id}"))).bearer_auth(&app.acme.admin).json(&json!({"active": false}));
    assert_eq!(patched.send().await.expect("request").status(), StatusCode::OK);
    assert_problem(refresh(&app, &token).await, StatusCode::UNAUTHORIZED).await;
    // Reactivated, the old login stays ended: they sign in again.
    let reactivated = app.http.patch(app.url(&format!("/api/v1/users/{id}"))).bearer_auth(&app.acme.admin).json(&json!({"active": true}));
    assert_eq!(reactivated.send().await.expect("request").status(), StatusCode::OK);
    assert_problem(refresh(&app, &token).await, StatusCode::UNAUTHORIZED).await;
}

async fn a_refresh_token_idle_for_twelve_hours_or_older_than_seven_days_is_refused(app: TestApp) {
    use diesel::prelude::*;
    use kyc_server::db::refresh::{refresh_families, refresh_tokens};
    let idle = refresh_token_of(&app, &app.acme.emails["operator"]).await;
    let twelve_hours_ago = (chrono::Utc::now() - chrono::Duration::hours(12)).naive_utc();
    app.state
        .db
        .write_now(|conn| Ok(diesel::update(refresh_tokens::table).set(refresh_tokens::issued_at.eq(twelve_hours_ago)).execute(conn)?))
        .expect("aged");
    let refused = assert_problem(refresh(&app, &idle).await, StatusCode::UNAUTHORIZED).await;
    assert!(refused["detail"].as_str().expect("detail").contains("12 hours"));
    let old = refresh_token_of(&app, &app.acme.emails["viewer"]).await;
    let (_, fresh) = rotated(&app, &old).await;
    let eight_days_ago = (chrono::Utc::now() - chrono::Duration::days(7)).naive_utc();
    app.state
        .db
        .write_now(|conn| Ok(diesel::update(refresh_families::table).set(refresh_families::started_at.eq(eight_days_ago)).execute(conn)?))
        .expect("aged");
    let refused = assert_problem(refresh(&app, &fresh).await, StatusCode::UNAUTHORIZED).await;
    assert!(refused["detail"].as_str().expect("detail").contains("7 days"));
}

fn refresh_cookie_of(response: &Response) -> String {
    let cookie = response.headers().get("set-cookie").expect("a cookie").to_str().expect("ascii").to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age=604800"] {
        assert!(cookie.contains(attribute), "{attribute} missing from {cookie}");
    }
    cookie.split(';').next().expect("name=value").to_owned()
}

async fn the_dashboard_gets_its_refresh_token_only_as_an_http_only_cookie(app: TestApp) {
    let response = login(&app, &app.acme.emails["admin"], true).await;
    let cookie = refresh_cookie_of(&response);
    let body: Value = response.json().await.expect("json");
    assert!(body.get("refresh_token").is_none(), "the body must not carry it: {body}");
    let refreshed = app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", &cookie).json(&json!({})).send().await.expect("request");
    assert_eq!(refreshed.status(), StatusCode::OK);
    let next = refresh_cookie_of(&refreshed);
    assert_ne!(next, cookie);
    let body: Value = refreshed.json().await.expect("json");
    assert!(body.get("refresh_token").is_none() && body["access_token"].is_string());
    // A second tab that reads the same (now used) cookie would end the login: the SPA refreshes from one tab at a time.
    let logout = app.http.post(app.url("/api/v1/auth/logout")).header("cookie", &next).json(&json!({})).send().await.expect("request");
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let cleared = logout.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    assert!(cleared.starts_with("kyc_refresh=;") && cleared.contains("Max-Age=0"), "{cleared}");
    let after = app.http.post(app.url("/api/v1/auth/refresh")).header("cookie", &next).json(&json!({})).send().await.expect("request");
    assert_problem(after, StatusCode::UNAUTHORIZED).await;
}

async fn api_clients_get_no_refresh_token_and_malformed_tokens_are_refused(app: TestApp) {
    let body = json!({"grant_type": "client_credentials", "client_id": app.acme.client_id, "client_secret": app.acme.client_secret});
    let token: Value = app.http.post(app.url("/api/v1/auth/token")).json(&body).send().await.expect("request").json().await.expect("json");
    assert!(token.get("refresh_token").is_none());
    let access = token["access_token"].as_str().expect("access");
    for presented in ["kyc_rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not a token", &access[..100]] {
        assert_problem(refresh(&app, presented).await, StatusCode::UNAUTHORIZED).await;
    }
    let nothing = app.http.post(app.url("/api/v1/auth/refresh")).json(&json!({})).send().await.expect("request");
    assert_problem(nothing, StatusCode::UNAUTHORIZED).await;
    let oversized = app.http.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": "x".repeat(129)})).send().await;
    assert_problem(oversized.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    // A refresh token is no access token.
    let refresh_token = refresh_token_of(&app, &app.acme.emails["viewer"]).await;
    assert_problem(app.get("/api/v1/sessions", &refresh_token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
}

async fn refreshes_and_reuse_are_audited_without_the_token(app: TestApp) {
    let first = refresh_token_of(&app, &app.acme.emails["operator"]).await;
    let (_, second) = rotated(&app, &first).await;
    assert_problem(refresh(&app, &first).await, StatusCode::UNAUTHORIZED).await;
    let events = app.state.db.read_now(kyc_server::db::audit::all_in_order).expect("events");
    let refreshes: Vec<&str> = events.iter().filter(|e| e.action == "auth.refresh").map(|e| e.outcome.as_str()).collect();
    assert_eq!(refreshes, ["ok", "reused"]);
    let stored = format!("{events:?}");
    assert!(!stored.contains(&first) && !stored.contains(&second));
}
