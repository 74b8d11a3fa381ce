//! The delivery worker against a real receiver on 127.0.0.1: signatures an independent
//! implementation verifies, retries that keep the event id, the delivery log, resend and test
//! events, `410 Gone`.

use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, session_body};
use crate::receiver::{Receiver, Received, Step};
use crate::webhooks::add_endpoint;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

/// The retry schedule a thousand times faster (5 s → 5 ms, 5 min → 300 ms, 30 min → 1.8 s) and
/// a 1-second attempt timeout.
pub const FAST: &[(&str, &str)] = &[("KYC_WEBHOOK_RETRY_SCALE", "0.001"), ("KYC_WEBHOOK_TIMEOUT_SECONDS", "1")];

/// Runs each case on SQLite and PostgreSQL with the fast schedule.
macro_rules! on_both_backends_fast {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[actix_web::test]
            async fn on_sqlite() {
                super::$case($crate::helpers::TestApp::sqlite_with(super::FAST).await).await;
            }
            #[actix_web::test]
            async fn on_postgres() {
                match $crate::helpers::TestApp::postgres_with(super::FAST).await {
                    Some(app) => super::$case(app).await,
                    None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
                }
            }
        }
    )*};
}

on_both_backends_fast!(
    a_failing_receiver_gets_the_same_signed_event_until_it_answers_200,
    a_delivery_starts_right_after_the_commit,
    an_admin_resends_a_delivery_with_the_same_event_id,
    a_test_event_goes_to_that_endpoint_only,
    gone_disables_the_endpoint_and_its_admins_see_why,
    a_session_shows_its_deliveries_to_its_own_company_only,
);

/// Three days of retries in about five seconds (3 days × 0.00002 ≈ 5.2 s).
const THREE_DAYS_IN_SECONDS: &[(&str, &str)] = &[("KYC_WEBHOOK_RETRY_SCALE", "0.00002"), ("KYC_WEBHOOK_TIMEOUT_SECONDS", "1")];

mod an_endpoint_failing_for_three_days_is_disabled_and_its_admins_see_why {
    #[actix_web::test]
    async fn on_sqlite() {
        super::an_endpoint_failing_for_three_days_is_disabled_and_its_admins_see_why(
            crate::helpers::TestApp::sqlite_with(super::THREE_DAYS_IN_SECONDS).await,
        )
        .await;
    }
    #[actix_web::test]
    async fn on_postgres() {
        match crate::helpers::TestApp::postgres_with(super::THREE_DAYS_IN_SECONDS).await {
            Some(app) => super::an_endpoint_failing_for_three_days_is_disabled_and_its_admins_see_why(app).await,
            None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
        }
    }
}

async fn an_endpoint_failing_for_three_days_is_disabled_and_its_admins_see_why(app: TestApp) {
    let receiver = Receiver::start(&vec![Step::Status(500); 200]).await;
    let webhook = add_endpoint(&app, &app.acme, &receiver.url, &["session.created"]).await;
    let id = webhook["id"].as_str().expect("id");
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let listed = endpoints_once_the_first_is_disabled(&app, Duration::from_secs(40)).await;
    let endpoint = &listed["items"][0];
    assert_eq!(endpoint["enabled"], false, "{listed}");
    let reason = endpoint["disabled_reason"].as_str().unwrap_or_default();
    assert!(reason.contains("failed for 3 days"), "{endpoint}");
    let attempts = receiver.received();
    assert!(attempts.len() >= 7, "first try and the 5 s … 10 h retries inside the window: {}", attempts.len());
    let first_id = attempts[0].header("webhook-id").to_owned();
    assert!(attempts.iter().all(|attempt| attempt.header("webhook-id") == first_id), "one event, one id on every attempt");
    let log = deliveries(&app, id).await;
    assert_eq!(log["items"][0]["status"], "failed", "{log}");
    let sent = attempts.len();
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), sent, "nothing more was sent to a disabled endpoint");
}

/// Polls the company's endpoints until the first is disabled or the time is up.
async fn endpoints_once_the_first_is_disabled(app: &TestApp, within: Duration) -> Value {
    let deadline = std::time::Instant::now() + within;
    loop {
        let listed: Value = app.get("/api/v1/webhooks", &app.acme.admin).send().await.expect("request").json().await.expect("json");
        if listed["items"][0]["enabled"] == false || std::time::Instant::now() > deadline {
            return listed;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn deliveries(app: &TestApp, webhook: &str) -> Value {
    let response = app.get(&format!("/api/v1/webhooks/{webhook}/deliveries"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

/// Polls the delivery log until its newest delivery is no longer pending.
pub async fn settled(app: &TestApp, webhook: &str) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let log = deliveries(app, webhook).await;
        let pending = log["items"].as_array().is_none_or(|items| items.is_empty() || items[0]["status"] == "pending");
        if !pending || std::time::Instant::now() > deadline {
            return log;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls the delivery log until no delivery in it is pending (or the time is up).
async fn none_pending(app: &TestApp, webhook: &str) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let log = deliveries(app, webhook).await;
        let items = log["items"].as_array().cloned().unwrap_or_default();
        if items.iter().all(|delivery| delivery["status"] != "pending") || std::time::Instant::now() > deadline {
            return log;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Verifies with the Standard Webhooks reference library (Rust), which we do not sign with.
pub fn verify_with_reference_library(secret: &str, request: &Received) {
    let mut headers = http::HeaderMap::new();
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        headers.insert(name, request.header(name).parse().expect("a header value"));
    }
    let webhook = standardwebhooks::Webhook::new(secret).expect("a whsec_ secret");
    webhook.verify(&request.body, &headers).expect("the reference library verifies the signature");
}

/// Verifies with the `standardwebhooks` package from PyPI when a Python with it is at hand
/// (`KYC_TEST_PYTHON`, else `python3`); otherwise says so and returns.
pub fn verify_with_python(secret: &str, request: &Received) {
    let python = std::env::var("KYC_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let available = std::process::Command::new(&python).args(["-c", "import standardwebhooks"]).output();
    if !available.is_ok_and(|output| output.status.success()) {
        eprintln!("skipped the Python check: {python} has no standardwebhooks package (pip install standardwebhooks, set KYC_TEST_PYTHON)");
        return;
    }
    let headers: serde_json::Map<String, Value> = ["webhook-id", "webhook-timestamp", "webhook-signature"]
        .iter()
        .map(|name| (name.to_string(), Value::from(request.header(name))))
        .collect();
    let script = "import sys, json\nfrom standardwebhooks.webhooks import Webhook\n\
        body = sys.stdin.buffer.read()\nWebhook(sys.argv[1]).verify(body, json.loads(sys.argv[2]))\nprint('verified')";
    let mut child = std::process::Command::new(&python)
        .args(["-c", script, secret, &Value::Object(headers).to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python starts");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(&request.body).expect("body written");
    let output = child.wait_with_output().expect("python ends");
    assert!(output.status.success(), "Python's standardwebhooks refused: {}", String::from_utf8_lossy(&output.stderr));
}

async fn a_failing_receiver_gets_the_same_signed_event_until_it_answers_200(app: TestApp) {
    let receiver =
        Receiver::start(&[Step::Status(500), Step::Status(500), Step::Silence(Duration::from_secs(3)), Step::Status(200)]).await;
    let webhook = add_endpoint(&app, &app.acme, &receiver.url, &["session.created"]).await;
    let (id, secret) = (webhook["id"].as_str().expect("id"), webhook["secret"].as_str().expect("secret"));
    let session = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let received = receiver.wait_for(4, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 4, "500, 500, a timeout, then 200");
    let event_id = received[0].header("webhook-id");
    assert!(event_id.starts_with("evt_"));
    for request in &received {
        assert_eq!(request.header("webhook-id"), event_id, "every attempt carries the same id");
        assert_eq!(request.body, received[0].body, "every attempt sends the same bytes");
        assert_eq!(request.header("content-type"), "application/json");
        assert!(request.header("webhook-signature").starts_with("v1,"));
        verify_with_reference_library(secret, request);
    }
    verify_with_python(secret, &received[3]);
    let event = received[0].json();
    assert_eq!(event["id"], event_id);
    assert_eq!(event["type"], "session.created");
    assert_eq!(event["data"]["session_id"], session["id"]);
    assert_eq!(event["data"]["sequence"], 1);
    let log = settled(&app, id).await;
    let delivery = &log["items"][0];
    assert_eq!(delivery["status"], "delivered", "{log}");
    assert_eq!(delivery["event_id"], event_id);
    let attempts = delivery["attempts"].as_array().expect("attempts");
    let statuses: Vec<Value> = attempts.iter().map(|attempt| attempt["status_code"].clone()).collect();
    assert_eq!(statuses, [Value::from(500), Value::from(500), Value::Null, Value::from(200)]);
    assert!(attempts[2]["error"].as_str().is_some_and(|error| !error.is_empty()), "the timeout is logged: {log}");
    assert_eq!(attempts[0]["response_body"], "answered 500");
    let numbers: Vec<i64> = attempts.iter().map(|attempt| attempt["number"].as_i64().expect("number")).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
}

async fn a_delivery_starts_right_after_the_commit(app: TestApp) {
    let receiver = Receiver::start(&[]).await;
    add_endpoint(&app, &app.acme, &receiver.url, &["session.created"]).await;
    // The worker's idle poll is a second; being woken by the commit is what makes this fast.
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    // The answer comes after the commit, so this is an upper bound of the commit's time.
    let answered = std::time::Instant::now();
    let received = receiver.wait_for(1, Duration::from_secs(5)).await;
    let after = received.first().expect("delivered").at.saturating_duration_since(answered);
    assert!(after < Duration::from_millis(250), "the delivery came {after:?} after the commit");
}

async fn an_admin_resends_a_delivery_with_the_same_event_id(app: TestApp) {
    let receiver = Receiver::start(&[]).await;
    let webhook = add_endpoint(&app, &app.acme, &receiver.url, &["session.created"]).await;
    let id = webhook["id"].as_str().expect("id");
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let log = settled(&app, id).await;
    let delivery = log["items"][0]["id"].as_str().expect("delivery id").to_owned();
    let response = app.post(&format!("/api/v1/webhooks/{id}/deliveries/{delivery}/resend"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let resent: Value = response.json().await.expect("json");
    assert_ne!(resent["id"], delivery.as_str());
    assert_eq!(resent["event_id"], log["items"][0]["event_id"]);
    let received = receiver.wait_for(2, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].header("webhook-id"), received[1].header("webhook-id"));
    assert_eq!(received[0].body, received[1].body);
    let unknown = uuid::Uuid::now_v7();
    let response = app.post(&format!("/api/v1/webhooks/{id}/deliveries/{unknown}/resend"), &app.acme.admin).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn a_test_event_goes_to_that_endpoint_only(app: TestApp) {
    let (first, second) = (Receiver::start(&[]).await, Receiver::start(&[]).await);
    let webhook = add_endpoint(&app, &app.acme, &first.url, &["session.created"]).await;
    add_endpoint(&app, &app.acme, &second.url, &["session.created"]).await;
    let id = webhook["id"].as_str().expect("id");
    let response = app.post(&format!("/api/v1/webhooks/{id}/test"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let received = first.wait_for(1, Duration::from_secs(5)).await;
    let event = received.first().expect("the test event").json();
    assert_eq!(event["type"], "webhook.test");
    assert_eq!(event["data"]["endpoint_id"], id);
    verify_with_reference_library(webhook["secret"].as_str().expect("secret"), &received[0]);
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert!(second.received().is_empty(), "the other endpoint got no test event");
    let feed: Value = app.get("/api/v1/events", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert_eq!(feed["items"], serde_json::json!([]), "test events are not in the feed");
}

async fn gone_disables_the_endpoint_and_its_admins_see_why(app: TestApp) {
    let receiver = Receiver::start(&[Step::Status(410)]).await;
    let webhook = add_endpoint(&app, &app.acme, &receiver.url, &["session.created", "session.completed"]).await;
    let id = webhook["id"].as_str().expect("id");
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let listed = endpoints_once_the_first_is_disabled(&app, Duration::from_secs(10)).await;
    let endpoint = &listed["items"][0];
    assert_eq!(endpoint["enabled"], false, "{listed}");
    assert!(endpoint["disabled_reason"].as_str().is_some_and(|reason| reason.contains("410")), "{endpoint}");
    // The other event's attempt may have been in flight when the 410 came: it ends on its own.
    let log = none_pending(&app, id).await;
    let statuses: Vec<&str> = log["items"].as_array().expect("items").iter().filter_map(|d| d["status"].as_str()).collect();
    assert!(statuses.contains(&"failed") && !statuses.contains(&"pending"), "{statuses:?}");
    let sent = receiver.received().len();
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), sent, "nothing more was sent to a disabled endpoint");
    let response = app.post(&format!("/api/v1/webhooks/{id}/test"), &app.acme.admin).send().await.expect("request");
    assert_problem(response, StatusCode::CONFLICT).await;
    let body = serde_json::json!({"enabled": true});
    let enabled: Value = app.http.patch(app.url(&format!("/api/v1/webhooks/{id}"))).bearer_auth(&app.acme.admin).json(&body).send().await.expect("request").json().await.expect("json");
    assert_eq!(enabled["disabled_reason"], Value::Null);
}

async fn a_session_shows_its_deliveries_to_its_own_company_only(app: TestApp) {
    let receiver = Receiver::start(&[]).await;
    let webhook = add_endpoint(&app, &app.acme, &receiver.url, &["session.created", "session.status_changed"]).await;
    let session = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let sid = session["id"].as_str().expect("id");
    settled(&app, webhook["id"].as_str().expect("id")).await;
    receiver.wait_for(2, Duration::from_secs(5)).await;
    let path = format!("/api/v1/sessions/{sid}/webhook-deliveries");
    let log: Value = app.get(&path, &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    let mut types: Vec<&str> = log["items"].as_array().expect("items").iter().filter_map(|d| d["event_type"].as_str()).collect();
    types.sort_unstable();
    assert_eq!(types, ["session.created", "session.status_changed"]);
    assert!(log["items"].as_array().expect("items").iter().all(|d| d["session_id"] == sid && d["webhook_id"] == webhook["id"]));
    let response = app.get(&path, &app.globex.admin).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
}
