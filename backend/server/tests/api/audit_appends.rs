//! Audit appends under load: batched (group commit), one event per answered read, never a fork,
//! a full queue refused with 503, and no answered read lost when the server is killed.

use crate::helpers::{SPECIMEN_TD3, TestApp, session_body};
use crate::on_both_backends;
use kyc_domain::audit::v2::{ChainId, CheckpointBook};
use kyc_server::db;
use reqwest::StatusCode;
use std::time::{Duration, Instant};

on_both_backends!(
    thirty_two_readers_of_two_companies_get_one_event_per_answered_read_and_chains_that_verify,
    a_server_killed_during_a_burst_of_reads_keeps_an_event_for_every_read_it_answered,
);

/// A queue of 4 events, so that a held write path fills it at once.
const SMALL_QUEUE: &[(&str, &str)] = &[("KYC_AUDIT_QUEUE_CAPACITY", "4")];

mod a_full_audit_queue {
    #[actix_web::test]
    async fn answers_503_with_retry_after_and_audits_every_read_it_answered_on_sqlite() {
        super::a_full_audit_queue_answers_503(crate::helpers::TestApp::sqlite_with(super::SMALL_QUEUE).await).await;
    }

    #[actix_web::test]
    async fn answers_503_with_retry_after_and_audits_every_read_it_answered_on_postgres() {
        match crate::helpers::TestApp::postgres_with(super::SMALL_QUEUE).await {
            Some(app) => super::a_full_audit_queue_answers_503(app).await,
            None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
        }
    }
}

const READERS: usize = 32;

/// How many `session.view` events the log holds about a session.
fn views_of(app: &TestApp, session_id: &str) -> usize {
    let filter = db::audit::AuditFilter {
        target_id: Some(session_id.to_owned()),
        action: Some("session.view".to_owned()),
        ..Default::default()
    };
    app.state
        .db
        .read_now(move |conn| db::audit::list(conn, &db::Scope::Platform, &filter, i64::MAX))
        .expect("events")
        .len()
}

async fn session_of(app: &TestApp, tenant: &crate::helpers::Tenant) -> String {
    let session = app.create_session(tenant, session_body(&SPECIMEN_TD3)).await;
    session["id"].as_str().expect("id").to_owned()
}

/// Reads `path` with `token` again and again until `until`; returns the statuses.
async fn read_until(http: reqwest::Client, url: String, token: String, until: Instant) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    while Instant::now() < until {
        match http.get(&url).bearer_auth(&token).send().await {
            Ok(response) => statuses.push(response.status()),
            Err(_) => break,
        }
    }
    statuses
}

async fn thirty_two_readers_of_two_companies_get_one_event_per_answered_read_and_chains_that_verify(app: TestApp) {
    let acme = session_of(&app, &app.acme).await;
    let globex = session_of(&app, &app.globex).await;
    let until = Instant::now() + Duration::from_secs(3);
    let readers: Vec<_> = (0..READERS)
        .map(|reader| {
            let (tenant, id) = if reader % 2 == 0 { (&app.acme, &acme) } else { (&app.globex, &globex) };
            let url = app.url(&format!("/api/v1/sessions/{id}"));
            actix_web::rt::spawn(read_until(app.http.clone(), url, tenant.viewer.clone(), until))
        })
        .collect();
    let mut answered = [0, 0];
    for (reader, handle) in readers.into_iter().enumerate() {
        let statuses = handle.await.expect("reader");
        assert!(statuses.iter().all(|status| *status == StatusCode::OK), "reader {reader}: {statuses:?}");
        answered[reader % 2] += statuses.len();
    }
    assert!(answered.iter().all(|&count| count > READERS), "every reader read more than once: {answered:?}");
    assert_eq!([views_of(&app, &acme), views_of(&app, &globex)], answered, "one event per answered read");
    let verification = kyc_server::cases::audit::verify(&app.state, &CheckpointBook::empty()).expect("every chain verifies");
    for tenant in [&app.acme, &app.globex] {
        let chain = ChainId::company(&tenant.company_id).expect("chain");
        let head = verification.chains.iter().find(|verified| verified.head().chain == chain).expect("the company's chain");
        let stored = app.state.db.read_now(db::audit::all_in_order).expect("events");
        let on_chain = stored.iter().filter(|event| event.chain.as_ref() == Some(&chain)).count();
        assert_eq!(head.head().seq, on_chain as u64, "one unbroken line of seq numbers, no fork");
    }
}

/// Holds the audit chains' write path busy (the one SQLite writer; the company's head row on
/// PostgreSQL) until `release` elapses, as a slow disk or a long transaction would.
fn hold_audit_writes(app: &TestApp, company_id: &str, release: Duration) -> tokio::task::JoinHandle<()> {
    let db = app.state.db.clone();
    let chain = ChainId::company(company_id).expect("chain").to_string();
    tokio::task::spawn_blocking(move || {
        db.write_now(move |conn| {
            use diesel::RunQueryDsl;
            if let db::AnyConnection::Postgresql(_) = conn {
                diesel::sql_query(format!("SELECT seq FROM audit_chains WHERE chain = '{chain}' FOR UPDATE")).execute(conn)?;
            }
            std::thread::sleep(release);
            Ok(())
        })
        .expect("held");
    })
}

async fn a_full_audit_queue_answers_503(app: TestApp) {
    let id = session_of(&app, &app.acme).await;
    let url = app.url(&format!("/api/v1/sessions/{id}"));
    let before = views_of(&app, &id);
    let held = hold_audit_writes(&app, &app.acme.company_id, Duration::from_secs(2));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let reads: Vec<_> = (0..16)
        .map(|_| {
            let request = app.http.get(&url).bearer_auth(&app.acme.viewer);
            actix_web::rt::spawn(async move { request.send().await.expect("request") })
        })
        .collect();
    let mut ok = 0;
    let mut refused = 0;
    for read in reads {
        let response = read.await.expect("read");
        match response.status() {
            StatusCode::OK => ok += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("1"));
                let problem: serde_json::Value = response.json().await.expect("problem");
                assert_eq!(problem["status"], 503);
                refused += 1;
            }
            status => panic!("unexpected {status}"),
        }
    }
    held.await.expect("released");
    // Waiting at most: the batch the appender took before it blocked, and a full queue behind it.
    assert!(ok <= 2 * 4 + 1 && refused >= 16 - (2 * 4 + 1), "{ok} ok, {refused} refused");
    assert!(ok >= 1);
    assert_eq!(views_of(&app, &id) - before, ok, "an event for every answered read, none for a refused one");
}

async fn a_server_killed_during_a_burst_of_reads_keeps_an_event_for_every_read_it_answered(app: TestApp) {
    let id = session_of(&app, &app.acme).await;
    let before = views_of(&app, &id);
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("address").port();
    let mut server = app.command(&["serve"]).env("KYC_BIND", format!("127.0.0.1:{port}")).spawn().expect("kyc-server serve");
    let base = format!("http://127.0.0.1:{port}");
    wait_until_up(&app.http, &base).await;
    let url = format!("{base}/api/v1/sessions/{id}");
    let until = Instant::now() + Duration::from_secs(10);
    let readers: Vec<_> = (0..READERS)
        .map(|_| actix_web::rt::spawn(read_until(app.http.clone(), url.clone(), app.acme.viewer.clone(), until)))
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    let mut answered = 0;
    for reader in readers {
        answered += reader.await.expect("reader").iter().filter(|status| status.is_success()).count();
    }
    assert!(answered > 0, "the burst was answered before the kill");
    let verify = app.command(&["audit", "verify"]).output().expect("audit verify after the restart");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let recorded = views_of(&app, &id) - before;
    assert!(recorded >= answered, "{answered} reads answered 2xx but only {recorded} events were recorded");
}

async fn wait_until_up(http: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not start");
}
