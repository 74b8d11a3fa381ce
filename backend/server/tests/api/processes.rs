//! Webhooks across real `kyc-server serve` processes: a server killed (SIGKILL) while its
//! deliveries are being retried loses none of them, and two servers on one PostgreSQL database
//! never both claim the same delivery.

use crate::helpers::{SPECIMEN_TD3, database_url_with_name, run_admin_sql, session_body};
use crate::receiver::Receiver;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const EVENTS: [&str; 3] = ["session.created", "session.completed", "session.status_changed"];

/// A database for the processes, and the environment they all share.
struct Setup {
    dir: PathBuf,
    env: Vec<(String, String)>,
    postgres: Option<(String, String)>,
}

impl Setup {
    fn sqlite() -> Setup {
        let dir = fresh_dir();
        let url = dir.join("kyc.sqlite").to_string_lossy().into_owned();
        Setup::with(dir, url, None)
    }

    fn postgres() -> Option<Setup> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
        let name = format!("kyc_test_{}", uuid::Uuid::new_v4().simple());
        run_admin_sql(&admin_url, &format!("CREATE DATABASE {name}"));
        let url = database_url_with_name(&admin_url, &name);
        Some(Setup::with(fresh_dir(), url, Some((admin_url, name))))
    }

    fn with(dir: PathBuf, url: String, postgres: Option<(String, String)>) -> Setup {
        let env = [
            ("DATABASE_URL", url),
            ("KYC_DATA_DIR", dir.to_string_lossy().into_owned()),
            ("KYC_STATIC_DIR", dir.join("no-dashboard").to_string_lossy().into_owned()),
            ("KYC_WEBHOOK_RETRY_SCALE", "0.001".to_owned()),
            ("KYC_WEBHOOK_TIMEOUT_SECONDS", "1".to_owned()),
            ("KYC_EXPENSIVE_BURST", "10000".to_owned()),
            ("RUST_LOG", "warn".to_owned()),
        ];
        let env = env.into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
        Setup { dir, env, postgres }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kyc-server"));
        command.args(args).envs(self.env.iter().map(|(name, value)| (name, value)));
        command
    }

    /// The demo companies and users, and an admin's token (admins may ingest).
    fn seed(&self) -> String {
        let seeded = self.command(&["demo"]).output().expect("demo runs");
        assert!(seeded.status.success(), "demo: {}", String::from_utf8_lossy(&seeded.stderr));
        let token = self.command(&["token", "--email", "admin@demo.test"]).output().expect("token runs");
        assert!(token.status.success(), "token: {}", String::from_utf8_lossy(&token.stderr));
        String::from_utf8(token.stdout).expect("text").trim().to_owned()
    }

    /// Starts `serve` on a free port and waits until it answers.
    async fn serve(&self) -> Server {
        self.start(self.command(&["serve"])).await
    }

    /// The same, logging everything down to debug into `log`.
    async fn serve_logging_to(&self, log: &std::path::Path) -> Server {
        let mut command = self.command(&["serve"]);
        command.env("RUST_LOG", "debug").stderr(std::fs::File::create(log).expect("log file"));
        self.start(command).await
    }

    async fn start(&self, mut command: Command) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port();
        let child = command.env("KYC_BIND", format!("127.0.0.1:{port}")).spawn().expect("serve starts");
        let server = Server { child, address: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(format!("{}/healthz", server.address)).await.is_err() {
            assert!(Instant::now() < deadline, "serve did not answer within 30 s");
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((admin_url, name)) = self.postgres.take() {
            run_admin_sql(&admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kyc-processes-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// SIGKILL: no shutdown, leases held, attempts cut off.
    fn kill(&mut self) {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn add_webhook(server: &Server, token: &str, url: &str) -> String {
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/api/v1/webhooks", server.address))
        .bearer_auth(token)
        .json(&json!({"url": url, "events": EVENTS}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    let created: Value = response.json().await.expect("json");
    created["id"].as_str().expect("id").to_owned()
}

/// Ingests `count` sessions through one server; returns their ids.
async fn ingest(server: &Server, token: &str, count: usize) -> BTreeSet<String> {
    let http = reqwest::Client::new();
    let mut ids = BTreeSet::new();
    for _ in 0..count {
        let response = http
            .post(format!("{}/api/v1/sessions", server.address))
            .bearer_auth(token)
            .json(&session_body(&SPECIMEN_TD3))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CREATED);
        let session: Value = response.json().await.expect("json");
        ids.insert(session["id"].as_str().expect("id").to_owned());
    }
    ids
}

/// Every request the receiver got for these sessions, grouped by `webhook-id`, once their
/// distinct events number `expected` (or the time is up).
async fn received_for(receiver: &Receiver, sessions: &BTreeSet<String>, expected: usize) -> BTreeMap<String, Vec<Value>> {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let mut by_id: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for request in receiver.received() {
            let event = request.json();
            if event["data"]["session_id"].as_str().is_some_and(|id| sessions.contains(id)) {
                by_id.entry(request.header("webhook-id").to_owned()).or_default().push(event);
            }
        }
        if by_id.len() >= expected || Instant::now() > deadline {
            return by_id;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Each id's copies are the same event, and each session's events are 1, 2, 3 in `sequence`.
fn assert_whole_and_ordered(by_id: &BTreeMap<String, Vec<Value>>, sessions: &BTreeSet<String>) {
    let mut sequences: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (id, copies) in by_id {
        assert!(copies.iter().all(|copy| copy == &copies[0]), "the copies of {id} differ");
        let session = copies[0]["data"]["session_id"].as_str().expect("session").to_owned();
        sequences.entry(session).or_default().push(copies[0]["data"]["sequence"].as_u64().expect("sequence"));
    }
    assert_eq!(sequences.len(), sessions.len(), "every session's events arrived");
    for (session, mut numbers) in sequences {
        numbers.sort_unstable();
        assert_eq!(numbers, [1, 2, 3], "session {session}");
    }
}

async fn a_server_killed_mid_retry_loses_no_event(setup: Setup) {
    let token = setup.seed();
    let receiver_port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address");
    let url = format!("http://{receiver_port}/hooks");
    let mut first = setup.serve().await;
    add_webhook(&first, &token, &url).await;
    // The receiver is down: every attempt is refused and scheduled again.
    let sessions = ingest(&first, &token, 50).await;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    first.kill();
    let second = setup.serve().await;
    let receiver = Receiver::start_on(std::net::TcpListener::bind(receiver_port).expect("the port again"), &[]);
    let by_id = received_for(&receiver, &sessions, sessions.len() * EVENTS.len()).await;
    assert_eq!(by_id.len(), sessions.len() * EVENTS.len(), "no event was lost");
    assert_whole_and_ordered(&by_id, &sessions);
    drop(second);
}

async fn two_servers_on_one_database_never_claim_the_same_delivery(mut setup: Setup) {
    // A long attempt timeout: a retry after a slow answer would also be a second copy.
    setup.env.push(("KYC_WEBHOOK_TIMEOUT_SECONDS".to_owned(), "10".to_owned()));
    let token = setup.seed();
    let receiver = Receiver::start(&[]).await;
    let (first, second) = (setup.serve().await, setup.serve().await);
    add_webhook(&first, &token, &receiver.url).await;
    let (a, b) = futures_util::future::join(ingest(&first, &token, 20), ingest(&second, &token, 20)).await;
    let sessions: BTreeSet<String> = a.into_iter().chain(b).collect();
    let by_id = received_for(&receiver, &sessions, sessions.len() * EVENTS.len()).await;
    assert_eq!(by_id.len(), sessions.len() * EVENTS.len(), "every event arrived");
    let twice: Vec<&String> = by_id.iter().filter(|(_, copies)| copies.len() > 1).map(|(id, _)| id).collect();
    assert!(twice.is_empty(), "delivered more than once (a double claim): {twice:?}");
    assert_whole_and_ordered(&by_id, &sessions);
}

#[actix_web::test]
async fn a_server_killed_mid_retry_loses_no_event_on_sqlite() {
    a_server_killed_mid_retry_loses_no_event(Setup::sqlite()).await;
}

#[actix_web::test]
async fn a_server_killed_mid_retry_loses_no_event_on_postgres() {
    match Setup::postgres() {
        Some(setup) => a_server_killed_mid_retry_loses_no_event(setup).await,
        None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
    }
}

/// The log of a server that created, rotated and used a webhook secret, at debug level, holds
/// neither secret nor the caller's token, but does hold the deliveries (so it was written).
#[actix_web::test]
async fn a_servers_log_never_holds_a_webhook_secret_or_a_token() {
    let setup = Setup::sqlite();
    let token = setup.seed();
    let receiver = Receiver::start(&[]).await;
    let log = setup.dir.join("serve.log");
    let server = setup.serve_logging_to(&log).await;
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{}/api/v1/webhooks", server.address))
        .bearer_auth(&token)
        .json(&json!({"url": receiver.url, "events": EVENTS}))
        .send().await.expect("request").json().await.expect("json");
    let id = created["id"].as_str().expect("id");
    let rotated: Value = http
        .post(format!("{}/api/v1/webhooks/{id}/rotate-secret", server.address))
        .bearer_auth(&token)
        .send().await.expect("request").json().await.expect("json");
    let sessions = ingest(&server, &token, 2).await;
    assert_eq!(received_for(&receiver, &sessions, 6).await.len(), 6);

    let written = std::fs::read_to_string(&log).expect("the log");
    assert!(written.contains("webhook delivery"), "the worker logged its deliveries: {written}");
    for secret in [&created["secret"], &rotated["secret"]] {
        let secret = secret.as_str().expect("a whsec_ secret");
        assert!(!written.contains(secret) && !written.contains(secret.trim_start_matches("whsec_")), "a secret is in the log");
    }
    assert!(!written.contains("whsec_") && !written.contains(&token), "a secret or the token is in the log");
}

#[actix_web::test]
async fn two_servers_on_one_postgres_database_never_claim_the_same_delivery() {
    match Setup::postgres() {
        Some(setup) => two_servers_on_one_database_never_claim_the_same_delivery(setup).await,
        None => eprintln!("skipped: two servers share a database only on PostgreSQL; TEST_DATABASE_URL is not set"),
    }
}

/// The figures of docs/BENCHMARKS.md: `cargo test -p kyc-server --test api -- --ignored
/// --nocapture webhook_delivery_benchmark` (over PostgreSQL when `TEST_DATABASE_URL` is set).
#[actix_web::test]
#[ignore = "a measurement, not a check; run it explicitly"]
async fn webhook_delivery_benchmark() {
    let setup = Setup::postgres().unwrap_or_else(Setup::sqlite);
    let token = setup.seed();
    let receiver = Receiver::start(&[]).await;
    let server = setup.serve().await;
    add_webhook(&server, &token, &receiver.url).await;
    let (clients, per_client) = (4, 50);
    let started = Instant::now();
    let answered: Vec<(String, Instant)> = futures_util::future::join_all((0..clients).map(|_| async {
        let http = reqwest::Client::new();
        let mut answered = Vec::new();
        for _ in 0..per_client {
            let response = http
                .post(format!("{}/api/v1/sessions", server.address))
                .bearer_auth(&token)
                .json(&session_body(&SPECIMEN_TD3))
                .send()
                .await
                .expect("request");
            let at = Instant::now();
            let session: Value = response.json().await.expect("json");
            answered.push((session["id"].as_str().expect("id").to_owned(), at));
        }
        answered
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    let sessions: BTreeSet<String> = answered.iter().map(|(id, _)| id.clone()).collect();
    let by_id = received_for(&receiver, &sessions, sessions.len() * EVENTS.len()).await;
    let ingest_time = answered.iter().map(|(_, at)| *at).max().expect("answers") - started;
    let arrivals: BTreeMap<String, Instant> = receiver
        .received()
        .into_iter()
        .filter(|request| request.json()["type"] == "session.created")
        .map(|request| (request.json()["data"]["session_id"].as_str().expect("id").to_owned(), request.at))
        .collect();
    let mut latencies: Vec<Duration> =
        answered.iter().filter_map(|(id, at)| arrivals.get(id).map(|arrival| arrival.saturating_duration_since(*at))).collect();
    latencies.sort_unstable();
    let last_arrival = receiver.received().iter().map(|request| request.at).max().expect("arrivals");
    let percentile = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "backend {}: {} sessions by {clients} clients in {:.1} s; {} deliveries in {:.1} s = {:.0}/s; \
         answer-to-delivery of session.created p50 {:?}, p99 {:?}, max {:?}",
        if setup.postgres.is_some() { "postgres" } else { "sqlite" },
        sessions.len(),
        ingest_time.as_secs_f64(),
        by_id.len(),
        (last_arrival - started).as_secs_f64(),
        by_id.len() as f64 / (last_arrival - started).as_secs_f64(),
        percentile(0.5),
        percentile(0.99),
        latencies.last().expect("latencies"),
    );
}
