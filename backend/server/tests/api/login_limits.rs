//! The login throttle under attack: concurrent guesses, password spraying from one address, an
//! attacker trying to lock a victim out, and the table's size.

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use futures_util::future::join_all;
use reqwest::{Response, StatusCode};
use serde_json::json;
use std::time::Duration;

/// A short delay so the tests wait seconds, not a minute; the rules are the same.
const FAST: &[(&str, &str)] = &[("KYC_LOGIN_DELAY_SECONDS", "2"), ("KYC_TRUSTED_PROXIES", "127.0.0.1")];
/// For the bursts: a delay no loaded machine's burst of 100 requests outlasts.
const BURST: &[(&str, &str)] = &[("KYC_LOGIN_DELAY_SECONDS", "8"), ("KYC_TRUSTED_PROXIES", "127.0.0.1")];
const SMALL_BUDGET: &[(&str, &str)] =
    &[("KYC_LOGIN_DELAY_SECONDS", "2"), ("KYC_TRUSTED_PROXIES", "127.0.0.1"), ("KYC_LOGIN_IP_BUDGET", "10")];

macro_rules! on_both_backends_with {
    ($settings:ident, $($case:ident),* $(,)?) => {$(
        mod $case {
            #[actix_web::test]
            async fn on_sqlite() {
                super::$case($crate::helpers::TestApp::sqlite_with(super::$settings).await).await;
            }
            #[actix_web::test]
            async fn on_postgres() {
                match $crate::helpers::TestApp::postgres_with(super::$settings).await {
                    Some(app) => super::$case(app).await,
                    None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
                }
            }
        }
    )*};
}

on_both_backends_with!(
    BURST,
    a_hundred_concurrent_wrong_passwords_are_checked_five_times,
    a_hundred_concurrent_wrong_client_secrets_are_checked_five_times_and_the_right_one_then_waits,
);
on_both_backends_with!(
    FAST,
    an_attacker_elsewhere_delays_a_victim_by_seconds_never_locks_them_out,
    the_throttle_holds_a_row_per_account_and_address_under_keyed_hashes,
    expired_throttle_rows_are_deleted,
    wrong_current_passwords_are_throttled_like_logins,
);
on_both_backends_with!(
    SMALL_BUDGET,
    password_spraying_from_one_address_runs_out_of_budget,
    successful_logins_never_spend_the_address_budget,
);

async fn login_from(app: &TestApp, ip: &str, email: &str, password: impl Into<String>) -> Response {
    let password: String = password.into();
    app.http
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request")
}

async fn client_token_from(app: &TestApp, ip: &str, client_id: &str, secret: impl Into<String>) -> Response {
    let secret: String = secret.into();
    let body = json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret});
    app.http.post(app.url("/api/v1/auth/token")).header("x-forwarded-for", ip).json(&body).send().await.expect("request")
}

fn retry_after(response: &Response) -> u64 {
    response.headers()["retry-after"].to_str().expect("ascii").parse().expect("whole seconds")
}

/// How many answers had each status, and the longest `Retry-After` of the 429s.
fn tally(responses: &[Response]) -> (usize, usize, usize, u64) {
    let count = |status: StatusCode| responses.iter().filter(|r| r.status() == status).count();
    let longest_wait = responses.iter().filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS).map(retry_after).max();
    (count(StatusCode::OK), count(StatusCode::UNAUTHORIZED), count(StatusCode::TOO_MANY_REQUESTS), longest_wait.unwrap_or(0))
}

async fn a_hundred_concurrent_wrong_passwords_are_checked_five_times(app: TestApp) {
    let email = app.acme.emails["viewer"].clone();
    let guesses = (0..100).map(|n| login_from(&app, "198.51.100.7", &email, format!("guess {n}")));
    let responses = join_all(guesses).await;
    let (ok, checked, refused, longest_wait) = tally(&responses);
    assert_eq!((ok, checked, refused), (0, 5, 95));
    assert!((1..=8).contains(&longest_wait), "Retry-After {longest_wait}");
    // The right password waits too, and works once the wait said is over.
    let early = login_from(&app, "198.51.100.7", &email, PASSWORD).await;
    let wait = retry_after(&early);
    assert_problem(early, StatusCode::TOO_MANY_REQUESTS).await;
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(login_from(&app, "198.51.100.7", &email, PASSWORD).await.status(), StatusCode::OK);
}

async fn a_hundred_concurrent_wrong_client_secrets_are_checked_five_times_and_the_right_one_then_waits(app: TestApp) {
    let client_id = app.acme.client_id.clone();
    let guesses = (0..100).map(|n| client_token_from(&app, "198.51.100.8", &client_id, format!("wrong-secret-{n}")));
    let (ok, checked, refused, _) = tally(&join_all(guesses).await);
    assert_eq!((ok, checked, refused), (0, 5, 95));
    let right = client_token_from(&app, "198.51.100.8", &client_id, app.acme.client_secret.clone()).await;
    assert_problem(right, StatusCode::TOO_MANY_REQUESTS).await;
}

async fn an_attacker_elsewhere_delays_a_victim_by_seconds_never_locks_them_out(app: TestApp) {
    let email = app.acme.emails["operator"].clone();
    for round in 0..3 {
        let guesses = (0..20).map(|n| login_from(&app, "198.51.100.9", &email, format!("round {round} guess {n}")));
        let (_, _, _, longest_wait) = tally(&join_all(guesses).await);
        // The delay grows (2, 4, 8 s here; 15, 30, 60 s in production) and stops at 4 × the first.
        assert!(longest_wait <= 8, "Retry-After {longest_wait}");
        tokio::time::sleep(Duration::from_secs(longest_wait.max(1))).await;
    }
    let victim = login_from(&app, "203.0.113.50", &email, PASSWORD).await;
    let waited = if victim.status() == StatusCode::TOO_MANY_REQUESTS {
        let wait = retry_after(&victim);
        assert!(wait <= 8, "the victim waits {wait} s");
        tokio::time::sleep(Duration::from_secs(wait)).await;
        login_from(&app, "203.0.113.50", &email, PASSWORD).await
    } else {
        victim
    };
    assert_eq!(waited.status(), StatusCode::OK);
    // A right password clears the account's count: the next wrong one is checked at once.
    assert_problem(login_from(&app, "203.0.113.50", &email, "typo").await, StatusCode::UNAUTHORIZED).await;
}

async fn password_spraying_from_one_address_runs_out_of_budget(app: TestApp) {
    for n in 0..10 {
        let response = login_from(&app, "198.51.100.10", &format!("user{n}@acme.test"), "Winter2026!").await;
        assert_problem(response, StatusCode::UNAUTHORIZED).await;
    }
    let refused = login_from(&app, "198.51.100.10", "user10@acme.test", "Winter2026!").await;
    let wait = retry_after(&refused);
    // Ten attempts per 15 minutes: one comes back every 90 seconds.
    assert!((85..=90).contains(&wait), "Retry-After {wait}");
    let problem = assert_problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert!(problem["detail"].as_str().expect("detail").contains("this address"));
    // The client-credentials endpoint shares the budget.
    assert_problem(client_token_from(&app, "198.51.100.10", &app.acme.client_id, "guess").await, StatusCode::TOO_MANY_REQUESTS).await;
    // Another address is not affected, nor is an IPv6 neighbour outside the /64.
    assert_problem(login_from(&app, "198.51.100.11", "user10@acme.test", "Winter2026!").await, StatusCode::UNAUTHORIZED).await;
}

async fn successful_logins_never_spend_the_address_budget(app: TestApp) {
    for _ in 0..25 {
        for role in ["admin", "operator", "viewer"] {
            let response = login_from(&app, "2001:db8:5:6::1", &app.acme.emails[role], PASSWORD).await;
            assert_eq!(response.status(), StatusCode::OK);
        }
    }
    // Addresses of one IPv6 /64 share a budget.
    for n in 0..10 {
        let response = login_from(&app, &format!("2001:db8:5:6::{:x}", n + 2), &format!("nobody{n}@acme.test"), "x").await;
        assert_problem(response, StatusCode::UNAUTHORIZED).await;
    }
    assert_problem(login_from(&app, "2001:db8:5:6:ffff::1", "nobody@acme.test", "x").await, StatusCode::TOO_MANY_REQUESTS).await;
    assert_problem(login_from(&app, "2001:db8:5:7::1", "nobody@acme.test", "x").await, StatusCode::UNAUTHORIZED).await;
}

fn throttle_rows(app: &TestApp) -> i64 {
    app.state.db.read_now(kyc_server::db::login_throttle::count).expect("count")
}

async fn the_throttle_holds_a_row_per_account_and_address_under_keyed_hashes(app: TestApp) {
    for email in ["a@acme.test", "b@acme.test", "c@acme.test"] {
        for n in 0..5 {
            assert_problem(login_from(&app, "198.51.100.12", email, format!("guess {n}")).await, StatusCode::UNAUTHORIZED).await;
        }
    }
    // 15 failures: three accounts and one address, not a row per failure.
    assert_eq!(throttle_rows(&app), 4);
    use diesel::prelude::*;
    use kyc_server::db::login_throttle::login_throttles;
    let keys: Vec<String> =
        app.state.db.read_now(|conn| Ok(login_throttles::table.select(login_throttles::key_hash).load(conn)?)).expect("keys");
    let unkeyed = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest("a@acme.test\u{1f}198.51.100.12".as_bytes()))
    };
    assert!(keys.iter().all(|key| key.len() == 64 && !key.contains("acme") && *key != unkeyed), "{keys:?}");
}

async fn expired_throttle_rows_are_deleted(app: TestApp) {
    use diesel::prelude::*;
    use kyc_server::db::login_throttle::login_throttles;
    for n in 0..20 {
        assert_problem(login_from(&app, &format!("198.51.100.{}", 100 + n), &format!("u{n}@acme.test"), "x").await, StatusCode::UNAUTHORIZED)
            .await;
    }
    assert_eq!(throttle_rows(&app), 40);
    let past = (chrono::Utc::now() - chrono::Duration::seconds(1)).naive_utc();
    app.state
        .db
        .write_now(|conn| Ok(diesel::update(login_throttles::table).set(login_throttles::expires_at.eq(past)).execute(conn)?))
        .expect("aged");
    assert_problem(login_from(&app, "198.51.100.99", "late@acme.test", "x").await, StatusCode::UNAUTHORIZED).await;
    assert_eq!(throttle_rows(&app), 2, "the expired rows were deleted by the next attempt");
}

async fn wrong_current_passwords_are_throttled_like_logins(app: TestApp) {
    let token = app.acme.operator.clone();
    let change = |current: String| {
        app.post("/api/v1/me/password", &token)
            .json(&json!({"current_password": current, "new_password": "plum orbit canyon whistle"}))
            .send()
    };
    for n in 0..5 {
        assert_problem(change(format!("guess {n}")).await.expect("request"), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    assert_problem(change("guess 6".into()).await.expect("request"), StatusCode::TOO_MANY_REQUESTS).await;
}
