//! Two-factor login over real HTTP: enrolment, the second step with a TOTP code or a recovery
//! code, replays, the challenge's attempts and the throttle, a company that requires it, an
//! admin's reset, the staff IP allow-list, and every caller the endpoints are not for. Codes
//! are computed from the returned secret with the domain's TOTP module, as an app would.

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use chrono::{TimeDelta, Utc};
use kyc_domain::accounts::totp::{TotpKey, TotpParameters, TotpSecret};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

/// Client IPs come from `X-Forwarded-For` (the test client is the trusted proxy); a short delay
/// keeps the throttle's waits to seconds.
const SETTINGS: &[(&str, &str)] = &[("KYC_TRUSTED_PROXIES", "127.0.0.1"), ("KYC_LOGIN_DELAY_SECONDS", "2")];

macro_rules! on_both_backends_with_proxy {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[actix_web::test]
            async fn on_sqlite() {
                super::$case($crate::helpers::TestApp::sqlite_with(super::SETTINGS).await).await;
            }
            #[actix_web::test]
            async fn on_postgres() {
                match $crate::helpers::TestApp::postgres_with(super::SETTINGS).await {
                    Some(app) => super::$case(app).await,
                    None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
                }
            }
        }
    )*};
}

on_both_backends_with_proxy!(
    a_member_enrols_then_signs_in_with_a_code_and_once_with_each_recovery_code,
    a_totp_code_is_refused_the_second_time,
    five_wrong_codes_end_the_challenge_and_further_codes_wait_for_the_throttle,
    the_mfa_token_is_no_access_token,
    starting_again_replaces_a_pending_secret_and_a_confirmed_one_is_kept,
    a_wrong_confirmation_code_is_422_and_says_so,
    turning_mfa_off_needs_the_current_password,
    a_company_that_requires_mfa_enrols_its_members_at_login_and_the_token_does_nothing_else,
    an_admin_resets_a_members_mfa_and_nobody_else_can,
    the_staff_ip_allowlist_refuses_login_mfa_and_refresh_from_outside,
    an_allowlist_that_is_invalid_or_locks_out_its_admin_is_refused,
    the_mfa_endpoints_refuse_callers_they_are_not_for,
    malformed_and_oversized_mfa_bodies_are_refused_cleanly,
    the_audit_log_records_every_step_and_never_a_code,
);

const OFFICE: &str = "203.0.113.7";
const ELSEWHERE: &str = "198.51.100.9";

fn from(request: RequestBuilder, ip: &str) -> RequestBuilder {
    request.header("x-forwarded-for", ip)
}

async fn login(app: &TestApp, email: &str, ip: &str) -> Response {
    from(app.http.post(app.url("/api/v1/auth/login")), ip)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("request")
}

async fn ok_json(response: Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The login's `mfa_token`, after checking that the answer asks for a code.
async fn mfa_token(app: &TestApp, email: &str) -> String {
    let body = ok_json(login(app, email, OFFICE).await).await;
    assert_eq!(body["mfa_required"], true, "{body}");
    assert!(body.get("access_token").is_none(), "{body}");
    body["mfa_token"].as_str().expect("mfa_token").to_owned()
}

async fn second_step(app: &TestApp, token: &str, code: &str, ip: &str) -> Response {
    from(app.http.post(app.url("/api/v1/auth/login/mfa")), ip)
        .json(&json!({"mfa_token": token, "code": code}))
        .send()
        .await
        .expect("request")
}

/// The code an authenticator app with this secret shows `offset` from now.
fn code_at(secret: &str, offset: TimeDelta) -> String {
    let secret = TotpSecret::from_base32(secret).expect("base32 secret");
    TotpKey::new(&secret, TotpParameters::STANDARD).expect("key").code_at(Utc::now() + offset).expect("after 1970")
}

fn now_code(secret: &str) -> String {
    code_at(secret, TimeDelta::zero())
}

/// The next step's code: still inside the window, and after the step just used.
fn next_code(secret: &str) -> String {
    code_at(secret, TimeDelta::seconds(30))
}

async fn start(app: &TestApp, token: &str) -> Response {
    from(app.post("/api/v1/me/mfa/totp", token), OFFICE).send().await.expect("request")
}

async fn confirm(app: &TestApp, token: &str, code: &str) -> Response {
    from(app.post("/api/v1/me/mfa/totp/confirm", token), OFFICE).json(&json!({"code": code})).send().await.expect("request")
}

/// Enrols the member whose access token this is; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let enrolment = ok_json(start(app, token).await).await;
    let secret = enrolment["secret"].as_str().expect("secret").to_owned();
    let url = enrolment["otpauth_url"].as_str().expect("url");
    assert!(url.starts_with("otpauth://totp/") && url.contains(&format!("secret={secret}")), "{url}");
    assert!(enrolment["qr_svg"].as_str().expect("svg").contains("<svg"));
    let confirmed = ok_json(confirm(app, token, &now_code(&secret)).await).await;
    let codes: Vec<String> =
        confirmed["recovery_codes"].as_array().expect("codes").iter().map(|code| code.as_str().expect("text").to_owned()).collect();
    assert_eq!(codes.len(), 10);
    assert!(confirmed.get("access_token").is_none(), "a signed-in member is not signed in again: {confirmed}");
    (secret, codes)
}

async fn me(app: &TestApp, token: &str) -> Response {
    from(app.get("/api/v1/me", token), OFFICE).send().await.expect("request")
}

async fn settings_with(app: &TestApp, token: &str, ip: &str, change: Value) -> Response {
    let current = ok_json(from(app.get("/api/v1/settings", token), ip).send().await.expect("request")).await;
    let mut next = current.as_object().expect("object").clone();
    next.extend(change.as_object().expect("object").clone());
    from(app.put("/api/v1/settings", token), ip).json(&next).send().await.expect("request")
}

async fn a_member_enrols_then_signs_in_with_a_code_and_once_with_each_recovery_code(app: TestApp) {
    let email = &app.acme.emails["operator"];
    assert_eq!(ok_json(me(&app, &app.acme.operator).await).await["mfa_enabled"], false);
    let (secret, recovery) = enrol(&app, &app.acme.operator).await;
    assert_eq!(ok_json(me(&app, &app.acme.operator).await).await["mfa_enabled"], true);
    let team = ok_json(app.get("/api/v1/users", &app.acme.admin).send().await.expect("request")).await;
    let operator = team["items"].as_array().expect("items").iter().find(|member| member["email"] == email.as_str()).expect("listed");
    assert_eq!(operator["mfa_enabled"], true);

    let signed = ok_json(second_step(&app, &mfa_token(&app, email).await, &next_code(&secret), OFFICE).await).await;
    assert_eq!(signed["token_type"], "Bearer");
    assert!(signed["refresh_token"].as_str().expect("refresh").starts_with("kyc_rt_"));
    let access = signed["access_token"].as_str().expect("access");
    assert_eq!(ok_json(me(&app, access).await).await["email"], email.as_str());

    let with_recovery = ok_json(second_step(&app, &mfa_token(&app, email).await, &recovery[0].to_lowercase(), OFFICE).await).await;
    assert!(with_recovery["access_token"].is_string());
    let again = second_step(&app, &mfa_token(&app, email).await, &recovery[0], OFFICE).await;
    let problem = assert_problem(again, StatusCode::UNAUTHORIZED).await;
    assert!(problem["detail"].as_str().expect("detail").contains("wrong or was used"), "{problem}");
    ok_json(second_step(&app, &mfa_token(&app, email).await, &recovery[1], OFFICE).await).await;
}

async fn a_totp_code_is_refused_the_second_time(app: TestApp) {
    let email = &app.acme.emails["viewer"];
    let (secret, _) = enrol(&app, &app.acme.viewer).await;
    let code = next_code(&secret);
    ok_json(second_step(&app, &mfa_token(&app, email).await, &code, OFFICE).await).await;
    let replayed = second_step(&app, &mfa_token(&app, email).await, &code, OFFICE).await;
    assert_problem(replayed, StatusCode::UNAUTHORIZED).await;
    // The code of the enrolment's own step was used by the confirmation.
    let confirmation_step = second_step(&app, &mfa_token(&app, email).await, &now_code(&secret), OFFICE).await;
    assert_problem(confirmation_step, StatusCode::UNAUTHORIZED).await;
}

async fn five_wrong_codes_end_the_challenge_and_further_codes_wait_for_the_throttle(app: TestApp) {
    let email = &app.acme.emails["operator"];
    let (secret, _) = enrol(&app, &app.acme.operator).await;
    let token = mfa_token(&app, email).await;
    let wrong = if next_code(&secret) == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let problem = assert_problem(second_step(&app, &token, wrong, OFFICE).await, StatusCode::UNAUTHORIZED).await;
        let detail = problem["detail"].as_str().expect("detail");
        if left > 0 {
            assert!(detail.contains(&format!("{left} attempts left")), "{detail}");
        } else {
            assert!(detail.contains("sign in again"), "{detail}");
        }
    }
    // Dead: even the right code does not finish this login.
    let dead = assert_problem(second_step(&app, &token, &next_code(&secret), OFFICE).await, StatusCode::UNAUTHORIZED).await;
    assert!(dead["detail"].as_str().expect("detail").contains("too many wrong codes"), "{dead}");
    // A right password again does not clear the codes' throttle: the next code waits.
    let fresh = mfa_token(&app, email).await;
    let waiting = second_step(&app, &fresh, &next_code(&secret), OFFICE).await;
    assert_eq!(waiting.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = waiting.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=8).contains(&wait), "{wait}");
    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    ok_json(second_step(&app, &fresh, &next_code(&secret), OFFICE).await).await;
}

async fn the_mfa_token_is_no_access_token(app: TestApp) {
    let email = &app.acme.emails["admin"];
    enrol(&app, &app.acme.admin).await;
    let token = mfa_token(&app, email).await;
    for path in ["/api/v1/me", "/api/v1/sessions", "/api/v1/users", "/api/v1/settings"] {
        assert_problem(app.get(path, &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
    }
    // Nor an enrolment token: a login challenge does not start an enrolment.
    assert_problem(start(&app, &token).await, StatusCode::UNAUTHORIZED).await;
    assert_problem(confirm(&app, &token, "123456").await, StatusCode::UNAUTHORIZED).await;
    let refresh = app.http.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": token})).send().await.expect("request");
    assert_problem(refresh, StatusCode::UNAUTHORIZED).await;
}

async fn starting_again_replaces_a_pending_secret_and_a_confirmed_one_is_kept(app: TestApp) {
    let first = ok_json(start(&app, &app.acme.operator).await).await;
    let second = ok_json(start(&app, &app.acme.operator).await).await;
    assert_ne!(first["secret"], second["secret"]);
    let stale = now_code(first["secret"].as_str().expect("secret"));
    if stale != now_code(second["secret"].as_str().expect("secret")) {
        assert_problem(confirm(&app, &app.acme.operator, &stale).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    ok_json(confirm(&app, &app.acme.operator, &now_code(second["secret"].as_str().expect("secret"))).await).await;
    assert_problem(start(&app, &app.acme.operator).await, StatusCode::CONFLICT).await;
    assert_problem(confirm(&app, &app.acme.operator, "123456").await, StatusCode::CONFLICT).await;
}

async fn a_wrong_confirmation_code_is_422_and_says_so(app: TestApp) {
    assert_problem(confirm(&app, &app.acme.viewer, "123456").await, StatusCode::CONFLICT).await;
    let secret = ok_json(start(&app, &app.acme.viewer).await).await["secret"].as_str().expect("secret").to_owned();
    let wrong = if now_code(&secret) == "000000" { "111111" } else { "000000" };
    let problem = assert_problem(confirm(&app, &app.acme.viewer, wrong).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "code", "{problem}");
    assert!(problem["detail"].as_str().expect("detail").contains("authenticator app"), "{problem}");
    assert_eq!(ok_json(me(&app, &app.acme.viewer).await).await["mfa_enabled"], false);
}

async fn turning_mfa_off_needs_the_current_password(app: TestApp) {
    let email = &app.acme.emails["operator"];
    let disable = |password: &str| {
        from(app.http.delete(app.url("/api/v1/me/mfa/totp")).bearer_auth(&app.acme.operator), OFFICE)
            .json(&json!({"current_password": password}))
            .send()
    };
    assert_problem(disable(PASSWORD).await.expect("request"), StatusCode::CONFLICT).await;
    enrol(&app, &app.acme.operator).await;
    let wrong = assert_problem(disable("not the password").await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(wrong["errors"][0]["field"], "current_password");
    assert_eq!(disable(PASSWORD).await.expect("request").status(), StatusCode::NO_CONTENT);
    assert_eq!(ok_json(me(&app, &app.acme.operator).await).await["mfa_enabled"], false);
    let signed = ok_json(login(&app, email, OFFICE).await).await;
    assert!(signed["access_token"].is_string(), "no second step once it is off: {signed}");
}

async fn a_company_that_requires_mfa_enrols_its_members_at_login_and_the_token_does_nothing_else(app: TestApp) {
    ok_json(settings_with(&app, &app.acme.admin, OFFICE, json!({"require_mfa": true})).await).await;
    let email = &app.acme.emails["operator"];
    let body = ok_json(login(&app, email, OFFICE).await).await;
    assert_eq!(body["mfa_enrolment_required"], true, "{body}");
    assert!(body.get("access_token").is_none());
    let token = body["mfa_token"].as_str().expect("token").to_owned();

    assert_problem(me(&app, &token).await, StatusCode::UNAUTHORIZED).await;
    assert_problem(app.get("/api/v1/sessions", &token).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
    assert_problem(second_step(&app, &token, "123456", OFFICE).await, StatusCode::UNAUTHORIZED).await;
    let disable = app.http.delete(app.url("/api/v1/me/mfa/totp")).bearer_auth(&token).json(&json!({"current_password": PASSWORD}));
    assert_problem(disable.send().await.expect("request"), StatusCode::UNAUTHORIZED).await;

    let secret = ok_json(start(&app, &token).await).await["secret"].as_str().expect("secret").to_owned();
    let confirmed = ok_json(confirm(&app, &token, &now_code(&secret)).await).await;
    assert_eq!(confirmed["recovery_codes"].as_array().expect("codes").len(), 10);
    assert_eq!(confirmed["token_type"], "Bearer");
    assert!(confirmed["refresh_token"].as_str().expect("refresh").starts_with("kyc_rt_"));
    let access = confirmed["access_token"].as_str().expect("access token");
    assert_eq!(ok_json(me(&app, access).await).await["mfa_enabled"], true);
    // The enrolment token finished its login: it starts nothing more.
    assert_problem(start(&app, &token).await, StatusCode::UNAUTHORIZED).await;

    // Required: the member cannot turn it off themselves.
    let own = from(app.http.delete(app.url("/api/v1/me/mfa/totp")).bearer_auth(access), OFFICE)
        .json(&json!({"current_password": PASSWORD}));
    assert_problem(own.send().await.expect("request"), StatusCode::CONFLICT).await;
    // And the next login asks for a code.
    ok_json(second_step(&app, &mfa_token(&app, email).await, &next_code(&secret), OFFICE).await).await;
}

async fn an_admin_resets_a_members_mfa_and_nobody_else_can(app: TestApp) {
    enrol(&app, &app.acme.operator).await;
    let me_view = ok_json(me(&app, &app.acme.operator).await).await;
    let path = format!("/api/v1/users/{}/mfa", me_view["id"].as_str().expect("id"));
    let reset = |token: &str| app.http.delete(app.url(&path)).bearer_auth(token).send();
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        assert_problem(reset(token).await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    assert_problem(reset(&app.globex.admin).await.expect("request"), StatusCode::NOT_FOUND).await;
    assert_problem(app.http.delete(app.url(&path)).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
    let unknown = app.http.delete(app.url("/api/v1/users/not-an-id/mfa")).bearer_auth(&app.acme.admin).send().await.expect("request");
    assert_problem(unknown, StatusCode::NOT_FOUND).await;
    assert_eq!(reset(&app.acme.admin).await.expect("request").status(), StatusCode::NO_CONTENT);
    assert_eq!(ok_json(me(&app, &app.acme.operator).await).await["mfa_enabled"], false);
    let signed = ok_json(login(&app, &app.acme.emails["operator"], OFFICE).await).await;
    assert!(signed["access_token"].is_string(), "{signed}");
}

async fn the_staff_ip_allowlist_refuses_login_mfa_and_refresh_from_outside(app: TestApp) {
    let (secret, _) = enrol(&app, &app.acme.viewer).await;
    let viewer_token = mfa_token(&app, &app.acme.emails["viewer"]).await;
    let operator = ok_json(login(&app, &app.acme.emails["operator"], OFFICE).await).await;
    let refresh_token = operator["refresh_token"].as_str().expect("refresh").to_owned();

    let stored = ok_json(settings_with(&app, &app.acme.admin, OFFICE, json!({"staff_ip_allowlist": ["203.0.113.0/24"]})).await).await;
    assert_eq!(stored["staff_ip_allowlist"], json!(["203.0.113.0/24"]));

    let outside = assert_problem(login(&app, &app.acme.emails["operator"], ELSEWHERE).await, StatusCode::FORBIDDEN).await;
    assert!(outside["detail"].as_str().expect("detail").contains("listed addresses"), "{outside}");
    assert_problem(second_step(&app, &viewer_token, &next_code(&secret), ELSEWHERE).await, StatusCode::FORBIDDEN).await;
    let refresh = |ip: &str, token: &str| {
        from(app.http.post(app.url("/api/v1/auth/refresh")), ip).json(&json!({"refresh_token": token})).send()
    };
    assert_problem(refresh(ELSEWHERE, &refresh_token).await.expect("request"), StatusCode::FORBIDDEN).await;
    // Refused from outside, the refresh token was not spent.
    ok_json(refresh("203.0.113.200", &refresh_token).await.expect("request")).await;
    ok_json(second_step(&app, &viewer_token, &next_code(&secret), "203.0.113.8").await).await;
    // Another company is not restricted by Acme's list, and API clients are not staff.
    ok_json(login(&app, &app.globex.emails["operator"], ELSEWHERE).await).await;
    let client = json!({"grant_type": "client_credentials", "client_id": app.acme.client_id, "client_secret": app.acme.client_secret});
    ok_json(from(app.http.post(app.url("/api/v1/auth/token")), ELSEWHERE).json(&client).send().await.expect("request")).await;
}

async fn an_allowlist_that_is_invalid_or_locks_out_its_admin_is_refused(app: TestApp) {
    let locked_out = settings_with(&app, &app.acme.admin, OFFICE, json!({"staff_ip_allowlist": ["198.51.100.0/24"]})).await;
    let problem = assert_problem(locked_out, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "staff_ip_allowlist");
    assert!(problem["detail"].as_str().expect("detail").contains("lock you out"), "{problem}");
    for (entry, says) in [("10.0.0.5/8", "host bits"), ("office", "not an IP address"), ("0.0.0.0/0", "every address")] {
        let refused = settings_with(&app, &app.acme.admin, OFFICE, json!({"staff_ip_allowlist": [OFFICE, entry]})).await;
        let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        let detail = problem["detail"].as_str().expect("detail");
        assert!(detail.contains(entry) && detail.contains(says), "{detail}");
    }
    let too_many: Vec<String> = (0..257).map(|i| format!("10.{}.{}.1", i / 256, i % 256)).collect();
    let refused = settings_with(&app, &app.acme.admin, OFFICE, json!({"staff_ip_allowlist": too_many})).await;
    assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    // Nothing was stored; old settings without the new fields read as their defaults.
    let current = ok_json(from(app.get("/api/v1/settings", &app.acme.admin), OFFICE).send().await.expect("request")).await;
    assert_eq!(current["staff_ip_allowlist"], json!([]));
    assert_eq!(current["require_mfa"], false);
    let normalised = ok_json(
        settings_with(&app, &app.acme.admin, OFFICE, json!({"staff_ip_allowlist": ["203.0.113.7", "::ffff:203.0.113.0/120"]})).await,
    )
    .await;
    assert_eq!(normalised["staff_ip_allowlist"], json!(["203.0.113.0/24"]));
}

async fn the_mfa_endpoints_refuse_callers_they_are_not_for(app: TestApp) {
    let calls = [
        ("POST", "/api/v1/me/mfa/totp", json!({})),
        ("POST", "/api/v1/me/mfa/totp/confirm", json!({"code": "123456"})),
        ("DELETE", "/api/v1/me/mfa/totp", json!({"current_password": PASSWORD})),
    ];
    for (method, path, body) in &calls {
        let request = |token: Option<&str>| {
            let request = app.http.request(method.parse().expect("method"), app.url(path)).json(body);
            match token {
                Some(token) => request.bearer_auth(token),
                None => request,
            }
        };
        assert_problem(request(None).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
        assert_problem(request(Some("kyc_mfa_garbage")).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
        assert_problem(request(Some(&app.acme.client)).send().await.expect("request"), StatusCode::FORBIDDEN).await;
    }
    // Every member may enrol, whatever their role.
    for token in [&app.acme.admin, &app.acme.operator, &app.acme.viewer, &app.globex.admin] {
        ok_json(start(&app, token).await).await;
    }
    // The second step is public, but only with a live login challenge.
    let refresh_token = format!("kyc_rt_{}", "A".repeat(43));
    for token in ["", "kyc_mfa_garbage", &format!("kyc_mfa_{}", "A".repeat(43)), &refresh_token] {
        assert_problem(second_step(&app, token, "123456", OFFICE).await, StatusCode::UNAUTHORIZED).await;
    }
}

async fn malformed_and_oversized_mfa_bodies_are_refused_cleanly(app: TestApp) {
    let raw = |path: &str, body: &'static str| {
        app.post(path, &app.acme.operator).header("content-type", "application/json").body(body).send()
    };
    for path in ["/api/v1/me/mfa/totp/confirm", "/api/v1/auth/login/mfa"] {
        assert_problem(raw(path, "{").await.expect("request"), StatusCode::BAD_REQUEST).await;
        let not_an_object = raw(path, "[]").await.expect("request");
        assert!(not_an_object.status().is_client_error(), "{}", not_an_object.status());
        let huge = app.post(path, &app.acme.operator).json(&json!({"code": "1".repeat(2_000_000), "mfa_token": "x"}));
        let status = huge.send().await.expect("request").status();
        assert!(status == StatusCode::PAYLOAD_TOO_LARGE || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}");
        let long = app.post(path, &app.acme.operator).json(&json!({"code": "1".repeat(33), "mfa_token": "kyc_mfa_x"}));
        assert_problem(long.send().await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
        let control = app.post(path, &app.acme.operator).json(&json!({"code": "12\u{0}456", "mfa_token": "kyc_mfa_x"}));
        assert_problem(control.send().await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
        let unknown = app.post(path, &app.acme.operator).json(&json!({"code": "123456", "mfa_token": "kyc_mfa_x", "extra": 1}));
        assert!(unknown.send().await.expect("request").status().is_client_error());
    }
    let disable = app.http.delete(app.url("/api/v1/me/mfa/totp")).bearer_auth(&app.acme.operator).json(&json!({}));
    assert!(disable.send().await.expect("request").status().is_client_error());
}

async fn the_audit_log_records_every_step_and_never_a_code(app: TestApp) {
    let email = &app.acme.emails["operator"];
    let (secret, recovery) = enrol(&app, &app.acme.operator).await;
    let wrong = if next_code(&secret) == "000000" { "111111" } else { "000000" };
    let token = mfa_token(&app, email).await;
    assert_problem(second_step(&app, &token, wrong, OFFICE).await, StatusCode::UNAUTHORIZED).await;
    let code = next_code(&secret);
    ok_json(second_step(&app, &token, &code, OFFICE).await).await;
    ok_json(second_step(&app, &mfa_token(&app, email).await, &recovery[0], OFFICE).await).await;
    ok_json(settings_with(&app, &app.acme.admin, OFFICE, json!({"staff_ip_allowlist": ["203.0.113.0/24"]})).await).await;
    assert_problem(login(&app, email, ELSEWHERE).await, StatusCode::FORBIDDEN).await;
    let user_id = ok_json(me(&app, &app.acme.operator).await).await["id"].as_str().expect("id").to_owned();
    let reset = app.http.delete(app.url(&format!("/api/v1/users/{user_id}/mfa"))).bearer_auth(&app.acme.admin);
    assert_eq!(from(reset, OFFICE).send().await.expect("request").status(), StatusCode::NO_CONTENT);

    let log = ok_json(app.get("/api/v1/audit-events?limit=200", &app.acme.admin).send().await.expect("request")).await;
    let text = log.to_string();
    let seen = |action: &str, outcome: &str| {
        log["items"].as_array().expect("items").iter().any(|event| event["action"] == action && event["outcome"] == outcome)
    };
    for (action, outcome) in [
        ("mfa.totp.enrol", "ok"),
        ("mfa.totp.confirm", "ok"),
        ("auth.login", "mfa_required"),
        ("auth.login.mfa", "failed"),
        ("auth.login.mfa", "ok"),
        ("auth.recovery_code.use", "ok"),
        ("auth.login", "ip_refused"),
        ("user.mfa.reset", "ok"),
    ] {
        assert!(seen(action, outcome), "no {action} {outcome} in {text}");
    }
    for secret_text in [secret.as_str(), code.as_str(), recovery[0].as_str(), token.as_str()] {
        assert!(!text.contains(secret_text), "the audit log holds a secret: {text}");
    }
}
