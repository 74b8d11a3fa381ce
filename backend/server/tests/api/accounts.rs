//! Day one without the demo: a company bootstrapped from the command line, its team invited
//! over the API, invitations accepted, roles changed, members deactivated, passwords changed.

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    a_company_bootstrapped_from_the_command_line_runs_its_own_team,
    creating_a_company_with_a_taken_name_is_refused_and_creates_nothing,
    an_invitation_link_sets_a_password_once,
    a_weak_or_short_password_is_refused_with_the_reason,
    an_expired_invitation_is_refused_and_a_new_one_works,
    a_new_invitation_replaces_the_previous_link,
    an_invited_member_cannot_sign_in_before_accepting,
    the_last_active_admin_can_be_neither_demoted_nor_deactivated,
    only_a_companys_admins_manage_its_team,
    another_companys_members_are_not_found,
    malformed_team_input_is_unprocessable,
    inviting_an_existing_email_is_a_conflict,
    a_member_changes_their_password_by_proving_the_current_one,
    invitation_tokens_are_stored_only_as_hashes,
    team_changes_are_audited_without_secrets,
);

const NEW_PASSWORD: &str = "plum orbit canyon whistle";

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let body = json!({"email": email, "password": password});
    app.http.post(app.url("/api/v1/auth/login")).json(&body).send().await.expect("request")
}

async fn access_token(app: &TestApp, email: &str, password: &str) -> String {
    let response = login(app, email, password).await;
    assert_eq!(response.status(), StatusCode::OK, "login of {email}");
    let body: Value = response.json().await.expect("json");
    body["access_token"].as_str().expect("token").to_owned()
}

/// The token in an invitation link's fragment.
fn token_of(link: &str) -> String {
    link.split_once("#token=").map(|(_, token)| token.to_owned()).unwrap_or_else(|| panic!("no token in {link}"))
}

async fn accept(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    let body = json!({"token": token, "password": password});
    app.http.post(app.url("/api/v1/auth/invitations/accept")).json(&body).send().await.expect("request")
}

async fn invite(app: &TestApp, admin: &str, email: &str, role: &str) -> Value {
    let response = app.post("/api/v1/users", admin).json(&json!({"email": email, "role": role})).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.expect("json")
}

async fn patch_user(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.http.patch(app.url(&format!("/api/v1/users/{id}"))).bearer_auth(token).json(&body).send().await.expect("request")
}

/// `kyc-server` itself, run as the installation's operator would, on the test server's database.
fn command_line(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kyc-server"))
        .args(args)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("KYC_DATA_DIR", app.data_dir())
        .env("KYC_PUBLIC_URL", &app.address)
        .env("RUST_LOG", "warn")
        .env_remove("KYC_AUDIT_KEY")
        .output()
        .expect("kyc-server runs")
}

/// Creates a company from the command line and returns its admin's invitation link.
fn bootstrap(app: &TestApp, name: &str, admin_email: &str) -> String {
    let output = command_line(app, &["companies", "create", "--name", name, "--admin-email", admin_email]);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "companies create failed: {}", String::from_utf8_lossy(&output.stderr));
    let link = stdout.lines().find(|line| line.contains("#token=")).unwrap_or_else(|| panic!("no link in {stdout}"));
    assert!(link.starts_with(&format!("{}/invitation#token=kyc_inv_", app.address)), "{link}");
    link.trim().to_owned()
}

async fn a_company_bootstrapped_from_the_command_line_runs_its_own_team(app: TestApp) {
    let link = bootstrap(&app, "Kartu Bank", "Head.Admin@Kartu.Example");
    let accepted = accept(&app, &token_of(&link), NEW_PASSWORD).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let accepted: Value = accepted.json().await.expect("json");
    assert_eq!(accepted["email"], "head.admin@kartu.example");
    let admin = access_token(&app, "head.admin@kartu.example", NEW_PASSWORD).await;
    let me: Value = app.get("/api/v1/me", &admin).send().await.expect("request").json().await.expect("json");
    assert_eq!((me["role"].as_str(), me["company"]["name"].as_str()), (Some("admin"), Some("Kartu Bank")));

    let invitation = invite(&app, &admin, "nino@kartu.example", "operator").await;
    assert_eq!(invitation["user"]["status"], "invited");
    let operator_id = invitation["user"]["id"].as_str().expect("id").to_owned();
    let invitation_url = invitation["invitation_url"].as_str().expect("link");
    assert_eq!(accept(&app, &token_of(invitation_url), "an operator's own passphrase").await.status(), StatusCode::OK);
    let operator = access_token(&app, "nino@kartu.example", "an operator's own passphrase").await;
    assert_eq!(app.get("/api/v1/sessions", &operator).send().await.expect("request").status(), StatusCode::OK);

    let team: Value = app.get("/api/v1/users", &admin).send().await.expect("request").json().await.expect("json");
    let statuses: Vec<(&str, &str)> =
        team["items"].as_array().expect("items").iter().map(|m| (m["email"].as_str().unwrap(), m["status"].as_str().unwrap())).collect();
    assert_eq!(statuses, [("head.admin@kartu.example", "active"), ("nino@kartu.example", "active")]);

    let deactivated = patch_user(&app, &admin, &operator_id, json!({"active": false})).await;
    assert_eq!(deactivated.status(), StatusCode::OK);
    assert_eq!(deactivated.json::<Value>().await.expect("json")["status"], "deactivated");
    assert_problem(login(&app, "nino@kartu.example", "an operator's own passphrase").await, StatusCode::UNAUTHORIZED).await;

    let listed = command_line(&app, &["companies", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.lines().any(|line| line.contains("Kartu Bank")), "{listed}");
}

async fn creating_a_company_with_a_taken_name_is_refused_and_creates_nothing(app: TestApp) {
    bootstrap(&app, "Once Bank", "admin@once.example");
    let again = command_line(&app, &["companies", "create", "--name", "Once Bank", "--admin-email", "other@once.example"]);
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists") && stderr.contains("nothing was created"), "{stderr}");
    let taken_email = command_line(&app, &["companies", "create", "--name", "Twice Bank", "--admin-email", "admin@once.example"]);
    assert!(!taken_email.status.success());
    let companies = app.state.db.read_now(kyc_server::db::accounts::all_companies).expect("companies");
    let names: Vec<&str> = companies.iter().map(|company| company.name.as_str()).collect();
    assert_eq!(names.iter().filter(|name| **name == "Once Bank").count(), 1);
    assert!(!names.contains(&"Twice Bank"));
    let other = app.state.db.read_now(|conn| kyc_server::db::companies::find_user_by_email(conn, "other@once.example"));
    assert!(other.expect("read").is_none());
}

async fn an_invitation_link_sets_a_password_once(app: TestApp) {
    let invitation = invite(&app, &app.acme.admin, "once@acme.test", "viewer").await;
    let token = token_of(invitation["invitation_url"].as_str().expect("link"));
    assert_eq!(accept(&app, &token, NEW_PASSWORD).await.status(), StatusCode::OK);
    let again = assert_problem(accept(&app, &token, "another long passphrase here").await, StatusCode::CONFLICT).await;
    assert!(again["detail"].as_str().expect("detail").contains("already used"));
    // The first password stands.
    access_token(&app, "once@acme.test", NEW_PASSWORD).await;
    assert_problem(login(&app, "once@acme.test", "another long passphrase here").await, StatusCode::UNAUTHORIZED).await;
}

async fn a_weak_or_short_password_is_refused_with_the_reason(app: TestApp) {
    let invitation = invite(&app, &app.acme.admin, "weak@acme.test", "viewer").await;
    let token = token_of(invitation["invitation_url"].as_str().expect("link"));
    let short = assert_problem(accept(&app, &token, "Zq8#vL2!mW0").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(short["detail"].as_str().expect("detail").contains("at least 12"), "{short}");
    assert_eq!(short["errors"][0]["field"], "password");
    let weak = assert_problem(accept(&app, &token, "password1234").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(weak["detail"].as_str().expect("detail").contains("too easy to guess"), "{weak}");
    let own_company = assert_problem(accept(&app, &token, "AcmeAcme2026").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(own_company["detail"].as_str().expect("detail").contains("too easy to guess"), "{own_company}");
    // The refusals did not use the invitation up.
    assert_eq!(accept(&app, &token, NEW_PASSWORD).await.status(), StatusCode::OK);
}

async fn an_expired_invitation_is_refused_and_a_new_one_works(app: TestApp) {
    use diesel::prelude::*;
    use kyc_server::db::accounts::invitations;
    let invitation = invite(&app, &app.acme.admin, "late@acme.test", "operator").await;
    let token = token_of(invitation["invitation_url"].as_str().expect("link"));
    let three_days_ago = (chrono::Utc::now() - chrono::Duration::hours(72) - chrono::Duration::seconds(1)).naive_utc();
    app.state
        .db
        .write_now(|conn| Ok(diesel::update(invitations::table).set(invitations::created_at.eq(three_days_ago)).execute(conn)?))
        .expect("backdated");
    let expired = assert_problem(accept(&app, &token, NEW_PASSWORD).await, StatusCode::CONFLICT).await;
    assert!(expired["detail"].as_str().expect("detail").contains("expired"));
    let id = invitation["user"]["id"].as_str().expect("id");
    let again = app.post(&format!("/api/v1/users/{id}/invitation"), &app.acme.admin).send().await.expect("request");
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.expect("json");
    assert_eq!(accept(&app, &token_of(again["invitation_url"].as_str().expect("link")), NEW_PASSWORD).await.status(), StatusCode::OK);
}

async fn a_new_invitation_replaces_the_previous_link(app: TestApp) {
    let first = invite(&app, &app.acme.admin, "twice@acme.test", "viewer").await;
    let id = first["user"]["id"].as_str().expect("id");
    let second = app.post(&format!("/api/v1/users/{id}/invitation"), &app.acme.admin).send().await.expect("request");
    assert_eq!(second.status(), StatusCode::CREATED);
    let second: Value = second.json().await.expect("json");
    let old = assert_problem(accept(&app, &token_of(first["invitation_url"].as_str().unwrap()), NEW_PASSWORD).await, StatusCode::CONFLICT).await;
    assert!(old["detail"].as_str().expect("detail").contains("replaced"));
    assert_eq!(accept(&app, &token_of(second["invitation_url"].as_str().unwrap()), NEW_PASSWORD).await.status(), StatusCode::OK);
    // Once the password is set there is nothing to invite to.
    let after = app.post(&format!("/api/v1/users/{id}/invitation"), &app.acme.admin).send().await.expect("request");
    assert_problem(after, StatusCode::CONFLICT).await;
    let unknown = accept(&app, "kyc_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NEW_PASSWORD).await;
    assert_problem(unknown, StatusCode::NOT_FOUND).await;
    assert_problem(accept(&app, "not a token", NEW_PASSWORD).await, StatusCode::NOT_FOUND).await;
}

async fn an_invited_member_cannot_sign_in_before_accepting(app: TestApp) {
    invite(&app, &app.acme.admin, "pending@acme.test", "operator").await;
    let pending = assert_problem(login(&app, "pending@acme.test", "").await, StatusCode::UNAUTHORIZED).await;
    let unknown = assert_problem(login(&app, "nobody@acme.test", "").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(pending["detail"], unknown["detail"]);
}

async fn the_last_active_admin_can_be_neither_demoted_nor_deactivated(app: TestApp) {
    let team: Value = app.get("/api/v1/users", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    let id_of = |role: &str| {
        team["items"].as_array().unwrap().iter().find(|m| m["role"] == role).map(|m| m["id"].as_str().unwrap().to_owned()).unwrap()
    };
    let (admin_id, operator_id) = (id_of("admin"), id_of("operator"));
    for change in [json!({"role": "operator"}), json!({"active": false}), json!({"role": "viewer", "active": false})] {
        let refused = assert_problem(patch_user(&app, &app.acme.admin, &admin_id, change).await, StatusCode::CONFLICT).await;
        assert!(refused["detail"].as_str().expect("detail").contains("last active admin"));
    }
    let promoted = patch_user(&app, &app.acme.admin, &operator_id, json!({"role": "admin"})).await;
    assert_eq!(promoted.json::<Value>().await.expect("json")["role"], "admin");
    let demoted = patch_user(&app, &app.acme.admin, &admin_id, json!({"role": "viewer"})).await;
    assert_eq!(demoted.status(), StatusCode::OK);
    assert_eq!(demoted.json::<Value>().await.expect("json")["role"], "viewer");
}

async fn only_a_companys_admins_manage_its_team(app: TestApp) {
    let someone = uuid::Uuid::now_v7().to_string();
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        assert_problem(app.get("/api/v1/users", token).send().await.expect("request"), StatusCode::FORBIDDEN).await;
        let invited = app.post("/api/v1/users", token).json(&json!({"email": "x@acme.test", "role": "admin"})).send().await;
        assert_problem(invited.expect("request"), StatusCode::FORBIDDEN).await;
        assert_problem(patch_user(&app, token, &someone, json!({"role": "admin"})).await, StatusCode::FORBIDDEN).await;
        let reinvited = app.post(&format!("/api/v1/users/{someone}/invitation"), token).send().await.expect("request");
        assert_problem(reinvited, StatusCode::FORBIDDEN).await;
    }
    assert_problem(app.http.get(app.url("/api/v1/users")).send().await.expect("request"), StatusCode::UNAUTHORIZED).await;
    assert_problem(app.get("/api/v1/me", &app.acme.client).send().await.expect("request"), StatusCode::FORBIDDEN).await;
}

async fn another_companys_members_are_not_found(app: TestApp) {
    let invitation = invite(&app, &app.globex.admin, "globex.new@globex.test", "viewer").await;
    let globex_member = invitation["user"]["id"].as_str().expect("id");
    let unknown = uuid::Uuid::now_v7().to_string();
    for id in [globex_member, unknown.as_str(), "not-an-id"] {
        let patched = assert_problem(patch_user(&app, &app.acme.admin, id, json!({"active": false})).await, StatusCode::NOT_FOUND).await;
        assert_eq!(patched["detail"], "user not found");
        let reinvited = app.post(&format!("/api/v1/users/{id}/invitation"), &app.acme.admin).send().await.expect("request");
        assert_eq!(assert_problem(reinvited, StatusCode::NOT_FOUND).await["detail"], "user not found");
    }
    let team: Value = app.get("/api/v1/users", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert!(team["items"].as_array().expect("items").iter().all(|m| m["email"].as_str().unwrap().ends_with("@acme.test")));
    let globex_team: Value = app.get("/api/v1/users", &app.globex.admin).send().await.expect("request").json().await.expect("json");
    assert!(globex_team["items"].as_array().expect("items").iter().any(|m| m["id"] == globex_member));
}

async fn malformed_team_input_is_unprocessable(app: TestApp) {
    let admin = &app.acme.admin;
    for body in [
        json!({"email": "not an email", "role": "operator"}),
        json!({"email": "a@acme.test", "role": "superadmin"}),
        json!({"email": "a@acme.test", "role": "client"}),
        json!({"email": "a@acme.test", "role": "operator", "name": "x".repeat(201)}),
        json!({"email": "a\u{0}b@acme.test", "role": "operator"}),
        json!({"email": format!("{}@acme.test", "a".repeat(300)), "role": "operator"}),
        json!({"email": "a@acme.test", "role": "operator", "password": "sneaky"}),
        json!({"role": "operator"}),
    ] {
        let response = app.post("/api/v1/users", admin).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let team: Value = app.get("/api/v1/users", admin).send().await.expect("request").json().await.expect("json");
    let id = team["items"][1]["id"].as_str().expect("id");
    for body in [json!({"role": "superadmin"}), json!({"active": "no"}), json!({"name": "renamed"})] {
        assert_problem(patch_user(&app, admin, id, body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let oversized = json!({"token": "x".repeat(129), "password": NEW_PASSWORD});
    let response = app.http.post(app.url("/api/v1/auth/invitations/accept")).json(&oversized).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn inviting_an_existing_email_is_a_conflict(app: TestApp) {
    for email in [app.acme.emails["operator"].clone(), app.globex.emails["viewer"].to_uppercase()] {
        let response = app.post("/api/v1/users", &app.acme.admin).json(&json!({"email": email, "role": "viewer"})).send().await;
        assert_problem(response.expect("request"), StatusCode::CONFLICT).await;
    }
}

async fn a_member_changes_their_password_by_proving_the_current_one(app: TestApp) {
    let email = app.acme.emails["operator"].clone();
    let token = access_token(&app, &email, PASSWORD).await;
    let change = |current: &str, new: &str| {
        app.post("/api/v1/me/password", &token).json(&json!({"current_password": current, "new_password": new})).send()
    };
    let wrong = assert_problem(change("not my password", NEW_PASSWORD).await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(wrong["errors"][0]["field"], "current_password");
    let weak = assert_problem(change(PASSWORD, "operator1234").await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(weak["errors"][0]["field"], "new_password");
    assert_eq!(change(PASSWORD, NEW_PASSWORD).await.expect("request").status(), StatusCode::NO_CONTENT);
    assert_problem(login(&app, &email, PASSWORD).await, StatusCode::UNAUTHORIZED).await;
    access_token(&app, &email, NEW_PASSWORD).await;
    let client = app.post("/api/v1/me/password", &app.acme.client).json(&json!({"current_password": "x", "new_password": NEW_PASSWORD}));
    assert_problem(client.send().await.expect("request"), StatusCode::FORBIDDEN).await;
}

async fn invitation_tokens_are_stored_only_as_hashes(app: TestApp) {
    use diesel::prelude::*;
    use kyc_server::db::accounts::invitations;
    let invitation = invite(&app, &app.acme.admin, "hashed@acme.test", "viewer").await;
    let token = token_of(invitation["invitation_url"].as_str().expect("link"));
    let stored: Vec<String> = app
        .state
        .db
        .read_now(|conn| Ok(invitations::table.select(invitations::token_hash).load(conn)?))
        .expect("hashes");
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&token) && !token.contains(&stored[0]));
    let expected = kyc_domain::accounts::tokens::OpaqueToken::parse(kyc_domain::accounts::tokens::TokenKind::Invitation, &token)
        .expect("a token")
        .hash()
        .to_hex();
    assert_eq!(stored[0], expected);
}

async fn team_changes_are_audited_without_secrets(app: TestApp) {
    let link = bootstrap(&app, "Audit Bank", "admin@audit.example");
    let token = token_of(&link);
    assert_eq!(accept(&app, &token, NEW_PASSWORD).await.status(), StatusCode::OK);
    let admin = access_token(&app, "admin@audit.example", NEW_PASSWORD).await;
    let invitation = invite(&app, &admin, "second@audit.example", "operator").await;
    let id = invitation["user"]["id"].as_str().expect("id");
    assert_eq!(patch_user(&app, &admin, id, json!({"role": "viewer"})).await.status(), StatusCode::OK);
    assert_problem(accept(&app, "kyc_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NEW_PASSWORD).await, StatusCode::NOT_FOUND).await;
    let events = app.state.db.read_now(kyc_server::db::audit::all_in_order).expect("events");
    let actions: Vec<(&str, &str)> = events.iter().map(|e| (e.action.as_str(), e.outcome.as_str())).collect();
    for expected in [
        ("company.create", "ok"),
        ("user.invite", "ok"),
        ("invitation.accept", "ok"),
        ("user.update", "ok"),
        ("invitation.accept", "failed"),
    ] {
        assert!(actions.contains(&expected), "{expected:?} missing from {actions:?}");
    }
    let stored = format!("{events:?}");
    let invited_token = token_of(invitation["invitation_url"].as_str().unwrap());
    for secret in [token.as_str(), invited_token.as_str(), NEW_PASSWORD, "admin@audit.example"] {
        assert!(!stored.contains(secret), "the audit log holds a secret or an e-mail");
    }
}
