//! The activity log's chains: one keyed chain per company and one for the platform, checked by
//! `audit verify`, with signed checkpoints; the outside review's rewrites (docs/SECURITY.md),
//! each done to the database behind the server's back, and found.

use crate::helpers::{PASSWORD, SPECIMEN_TD3, TestApp, session_body};
use crate::on_both_backends;
use diesel::RunQueryDsl;
use kyc_domain::audit::v1;
use kyc_domain::audit::v2::{
    AuditEntry, CheckpointBook, CheckpointSigner, ChainHead, ChainId, ChainKey, StoredEvent,
};
use kyc_server::cases::audit::{self, Verification};
use kyc_server::db;
use reqwest::StatusCode;
use serde_json::json;

on_both_backends!(
    each_company_writes_its_own_chain_and_every_chain_verifies,
    a_failed_login_rewritten_as_ok_and_rechained_is_found,
    a_middle_event_removed_and_the_rest_renumbered_is_found,
    the_newest_events_removed_are_found_by_the_head_row_or_else_by_a_checkpoint,
    edits_of_prev_hash_and_of_a_target_type_without_a_target_are_found,
    an_event_moved_to_another_chain_is_found,
    a_forged_or_edited_checkpoint_line_is_refused,
    the_v1_events_are_sealed_into_the_keyed_chains_and_a_v1_rewrite_after_that_is_found,
    the_checkpoint_and_verify_commands_catch_a_chain_cut_back_below_a_checkpoint,
);

fn verify(app: &TestApp) -> anyhow::Result<Verification> {
    audit::verify(&app.state, &CheckpointBook::empty())
}

fn broken(app: &TestApp, checkpoints: &CheckpointBook) -> String {
    match audit::verify(&app.state, checkpoints) {
        Ok(verification) => panic!("the rewrite passed verification: {:?}", audit::describe(&verification)),
        Err(error) => format!("{error:#}"),
    }
}

/// Runs SQL behind the server's back, as someone with write access to the database would.
fn sql(app: &TestApp, statement: &str) {
    let statement = statement.to_owned();
    app.state.db.write_now(move |conn| Ok(diesel::sql_query(statement).execute(conn)?)).expect("sql");
}

fn events_of(app: &TestApp, chain: &ChainId) -> Vec<StoredEvent> {
    let chain = chain.clone();
    app.state.db.read_now(move |conn| db::audit::chain_page(conn, &chain, 0, i64::MAX, i64::MAX)).expect("events")
}

fn company_chain(company_id: &str) -> ChainId {
    ChainId::company(company_id).expect("chain id")
}

async fn failed_login(app: &TestApp, email: &str) {
    let body = json!({"email": email, "password": "wrong password"});
    let response = app.http.post(app.url("/api/v1/auth/login")).json(&body).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

/// Some traffic on every chain: sessions and reads in both companies, logins, failed logins.
async fn traffic(app: &TestApp) {
    for tenant in [&app.acme, &app.globex] {
        let session = app.create_session(tenant, session_body(&SPECIMEN_TD3)).await;
        let id = session["id"].as_str().expect("id");
        for _ in 0..3 {
            let response = app.get(&format!("/api/v1/sessions/{id}"), &tenant.viewer).send().await.expect("request");
            assert_eq!(response.status(), StatusCode::OK);
        }
        failed_login(app, &tenant.emails["admin"]).await;
    }
    let body = json!({"email": app.acme.emails["operator"], "password": PASSWORD});
    let response = app.http.post(app.url("/api/v1/auth/login")).json(&body).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

/// What someone without the chain key can best do: rewrite events from `from_seq` on and
/// re-chain them and the head row under a key of their own.
fn rechain(app: &TestApp, chain: &ChainId, from_seq: u64, key: &ChainKey, edit: impl Fn(&mut AuditEntry)) {
    let events = events_of(app, chain);
    let start = events.iter().position(|event| event.event.seq == from_seq).expect("the event");
    let previous = if start == 0 { events[0].event.prev_hash.clone() } else { events[start - 1].hash.clone() };
    let entries: Vec<AuditEntry> = events[start..]
        .iter()
        .map(|event| {
            let mut entry = event.event.entry.clone();
            if event.event.seq == from_seq {
                edit(&mut entry);
            }
            entry
        })
        .collect();
    let head = ChainHead { chain: chain.clone(), seq: from_seq - 1, hash: previous };
    let appended = head.append(key, entries).expect("re-chained");
    for stored in &appended.events {
        let entry = &stored.event.entry;
        sql(
            app,
            &format!(
                "UPDATE audit_events SET outcome = '{}', ip = {}, prev_hash = '{}', hash = '{}' WHERE id = '{}'",
                entry.outcome,
                entry.ip.as_ref().map_or("NULL".to_owned(), |ip| format!("'{ip}'")),
                stored.event.prev_hash,
                stored.hash,
                entry.id
            ),
        );
    }
    move_head(app, chain, appended.head.seq, &appended.head.hash);
}

fn move_head(app: &TestApp, chain: &ChainId, seq: u64, hash: &str) {
    sql(app, &format!("UPDATE audit_chains SET seq = {seq}, hash = '{hash}' WHERE chain = '{chain}'"));
}

fn failed_login_seq(app: &TestApp) -> u64 {
    let platform = events_of(app, &ChainId::platform());
    let failed = platform.iter().find(|event| event.event.entry.outcome == "failed").expect("a failed login");
    failed.event.seq
}

async fn each_company_writes_its_own_chain_and_every_chain_verifies(app: TestApp) {
    traffic(&app).await;
    for tenant in [&app.acme, &app.globex] {
        let events = events_of(&app, &company_chain(&tenant.company_id));
        assert!(events.len() >= 4, "a session and three views: {}", events.len());
        let seqs: Vec<u64> = events.iter().map(|event| event.event.seq).collect();
        assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>(), "numbered 1, 2, 3, ... per chain");
        assert!(events.iter().all(|event| event.event.entry.company_id.as_deref() == Some(tenant.company_id.as_str())));
    }
    let platform = events_of(&app, &ChainId::platform());
    assert!(platform.iter().all(|event| event.event.entry.company_id.is_none()));
    assert_eq!(platform.iter().filter(|event| event.event.entry.outcome == "failed").count(), 2);
    let verification = verify(&app).expect("every chain verifies");
    assert_eq!(verification.chains.len(), 3, "{:?}", audit::describe(&verification));
    let stored = app.state.db.read_now(db::audit::count).expect("count");
    assert_eq!(verification.events_verified(), u64::try_from(stored).expect("count"));
}

async fn a_failed_login_rewritten_as_ok_and_rechained_is_found(app: TestApp) {
    traffic(&app).await;
    let seq = failed_login_seq(&app);
    let rewrite = |entry: &mut AuditEntry| {
        entry.outcome = "ok".to_owned();
        entry.ip = Some("198.51.100.99".to_owned());
    };
    let guessed_key = ChainKey::from_bytes(&[7; 32]).expect("key");
    rechain(&app, &ChainId::platform(), seq, &guessed_key, rewrite);
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains(&format!("chain platform broken at seq {seq}: the event or its hash was edited")), "{error}");
    // The same rewrite with the chain key passes: what protects the chain is the key.
    rechain(&app, &ChainId::platform(), seq, &app.state.config.audit_key, rewrite);
    verify(&app).expect("a rewrite with the key itself is not detectable without a checkpoint");
}

async fn a_middle_event_removed_and_the_rest_renumbered_is_found(app: TestApp) {
    traffic(&app).await;
    let chain = company_chain(&app.acme.company_id);
    sql(&app, &format!("DELETE FROM audit_events WHERE chain = '{chain}' AND seq = 2"));
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains("broken at seq 3: 1 event(s) before it were removed"), "{error}");
    let newest = events_of(&app, &chain).last().expect("events").event.seq;
    for seq in 3..=newest {
        sql(&app, &format!("UPDATE audit_events SET seq = {} WHERE chain = '{chain}' AND seq = {seq}", seq - 1));
    }
    sql(&app, &format!("UPDATE audit_chains SET seq = {} WHERE chain = '{chain}'", newest - 1));
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains(&format!("chain {chain} broken at seq 2")), "{error}");
}

async fn the_newest_events_removed_are_found_by_the_head_row_or_else_by_a_checkpoint(app: TestApp) {
    traffic(&app).await;
    let signer = CheckpointSigner::generate([9; 32]);
    let signed = audit::checkpoint(&app.state, &signer, &CheckpointBook::empty()).expect("checkpoints");
    let book = CheckpointBook::verify(&signed, &[signer.public_key()]).expect("trusted");
    let chain = company_chain(&app.acme.company_id);
    let events = events_of(&app, &chain);
    let newest = events.len() as u64;
    sql(&app, &format!("DELETE FROM audit_events WHERE chain = '{chain}' AND seq > {}", newest - 2));
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains(&format!("the chain ends here but its head row says seq {newest}")), "{error}");
    let kept = &events[events.len() - 3];
    move_head(&app, &chain, kept.event.seq, &kept.hash);
    // Without a checkpoint a shorter chain is consistent (docs/SECURITY.md says so) ...
    verify(&app).expect("not detectable without a checkpoint");
    // ... and the checkpoint signed before catches it.
    let error = broken(&app, &book);
    assert!(error.contains(&format!("a signed checkpoint names seq {newest}")), "{error}");
}

async fn edits_of_prev_hash_and_of_a_target_type_without_a_target_are_found(app: TestApp) {
    traffic(&app).await;
    let seq = failed_login_seq(&app);
    sql(&app, &format!("UPDATE audit_events SET target_type = 'session' WHERE chain = 'platform' AND seq = {seq}"));
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains(&format!("chain platform broken at seq {seq}: the event or its hash was edited")), "{error}");
    sql(&app, &format!("UPDATE audit_events SET target_type = NULL WHERE chain = 'platform' AND seq = {seq}"));
    verify(&app).expect("restored");
    let chain = company_chain(&app.globex.company_id);
    sql(&app, &format!("UPDATE audit_events SET prev_hash = '{}' WHERE chain = '{chain}' AND seq = 2", "ab".repeat(32)));
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains("broken at seq 2: its prev_hash is not the previous event's hash"), "{error}");
}

async fn an_event_moved_to_another_chain_is_found(app: TestApp) {
    traffic(&app).await;
    let (from, to) = (company_chain(&app.acme.company_id), company_chain(&app.globex.company_id));
    let moved_seq = events_of(&app, &to).len() + 1;
    sql(&app, &format!("UPDATE audit_events SET chain = '{to}', seq = {moved_seq} WHERE chain = '{from}' AND seq = 1"));
    move_head(&app, &to, moved_seq as u64, &events_of(&app, &to).last().expect("moved").hash);
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains("the event belongs to another chain") || error.contains("1 event(s) before it were removed"), "{error}");
}

async fn a_forged_or_edited_checkpoint_line_is_refused(app: TestApp) {
    traffic(&app).await;
    let signer = CheckpointSigner::generate([3; 32]);
    let signed = audit::checkpoint(&app.state, &signer, &CheckpointBook::empty()).expect("checkpoints");
    let file = app.data_dir().join("checkpoints.txt");
    std::fs::write(&file, kyc_domain::audit::v2::write_checkpoint_file(&signed)).expect("write");
    audit::read_checkpoints(&[file.clone()], &[signer.public_key()]).expect("the file as written is trusted");
    let text = std::fs::read_to_string(&file).expect("read");
    let line = text.lines().find(|line| line.contains(" platform ")).expect("the platform line");
    let fields: Vec<&str> = line.split(' ').collect();
    let edited = line.replacen(&format!(" {} ", fields[2]), &format!(" {} ", 1_000), 1);
    std::fs::write(&file, text.replace(line, &edited)).expect("write");
    let error = format!("{:#}", audit::read_checkpoints(&[file.clone()], &[signer.public_key()]).expect_err("edited"));
    assert!(error.contains("bad signature"), "{error}");
    let stranger = CheckpointSigner::generate([4; 32]);
    std::fs::write(&file, kyc_domain::audit::v2::write_checkpoint_file(&signed)).expect("write");
    let error = format!("{:#}", audit::read_checkpoints(&[file], &[stranger.public_key()]).expect_err("unknown key"));
    assert!(error.contains("not a trusted one"), "{error}");
}

/// A database as the server left it before per-company chains: v1 events on one global
/// keyless chain, its head row, and no keyed chain yet.
fn write_v1_history(app: &TestApp, count: u64) -> v1::ChainHead {
    sql(app, "DELETE FROM audit_events");
    sql(app, "DELETE FROM audit_chains");
    let mut head = v1::ChainHead::genesis();
    for seq in 1..=count {
        let company = if seq % 2 == 0 { &app.acme.company_id } else { &app.globex.company_id };
        let event = db::AuditEvent {
            chain: None,
            seq: i64::try_from(seq).expect("small"),
            id: kyc_domain::ids::AuditEventId::generate(),
            company_id: Some(company.parse().expect("company id")),
            actor_id: "user-1".into(),
            actor_kind: "user".into(),
            action: "session.view".into(),
            target_type: Some("session".into()),
            target_id: Some(format!("session-{seq}")),
            outcome: "ok".into(),
            ip: Some("203.0.113.5".into()),
            at: v1::AuditRecord::timestamp(chrono::Utc::now()),
            prev_hash: head.hash.clone(),
            hash: String::new(),
        };
        let hash = v1::chain_hash(&head.hash, &db::audit::legacy_record(&event));
        sql(
            app,
            &format!(
                "INSERT INTO audit_events (chain, seq, id, company_id, actor_id, actor_kind, action, target_type, target_id, \
                 outcome, ip, at, prev_hash, hash) VALUES ('v1', {seq}, '{}', '{company}', 'user-1', 'user', 'session.view', \
                 'session', 'session-{seq}', 'ok', '203.0.113.5', '{}', '{}', '{hash}')",
                event.id,
                event.at.naive_utc().format("%Y-%m-%d %H:%M:%S%.6f"),
                head.hash
            ),
        );
        head = v1::ChainHead { seq, hash };
    }
    sql(app, &format!("UPDATE audit_chain_head SET seq = {}, hash = '{}' WHERE id = 1", head.seq, head.hash));
    head
}

fn open_chains(app: &TestApp) {
    let key = app.state.config.audit_key.clone();
    app.state.db.write_now(move |conn| db::audit::open_chains(conn, &key)).expect("chains opened");
}

async fn the_v1_events_are_sealed_into_the_keyed_chains_and_a_v1_rewrite_after_that_is_found(app: TestApp) {
    let v1_head = write_v1_history(&app, 6);
    open_chains(&app);
    open_chains(&app);
    let platform = events_of(&app, &ChainId::platform());
    assert_eq!(platform.len(), 1, "one sealing event, however often the server starts");
    let seal = &platform[0].event;
    assert_eq!((seal.entry.action.as_str(), seal.prev_hash.as_str()), ("audit.chain_v2_started", v1_head.hash.as_str()));
    assert_eq!(seal.entry.target_id.as_deref(), Some("6"));
    traffic(&app).await;
    let verification = verify(&app).expect("the v1 events and the keyed chains verify");
    assert_eq!(verification.legacy, v1_head);
    // Rewriting a v1 event and recomputing its keyless hashes, which anyone can, changes the
    // v1 head that the keyed chains start from.
    sql(&app, "UPDATE audit_events SET outcome = 'failed' WHERE chain = 'v1' AND seq = 3");
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains("legacy (v1) audit chain broken at position 2 (seq 3)"), "{error}");
    let events: Vec<db::AuditEvent> = app.state.db.read_now(db::audit::all_in_order).expect("events");
    let mut head = v1::ChainHead::genesis();
    for event in events.iter().filter(|event| event.chain.is_none()) {
        head = head.append(&db::audit::legacy_record(event));
        sql(&app, &format!("UPDATE audit_events SET hash = '{}' WHERE chain = 'v1' AND seq = {}", head.hash, event.seq));
    }
    sql(&app, &format!("UPDATE audit_chain_head SET hash = '{}' WHERE id = 1", head.hash));
    let error = broken(&app, &CheckpointBook::empty());
    assert!(error.contains("broken at seq 1: the chain starts from neither the genesis nor the verified legacy (v1) head"), "{error}");
}

/// `kyc-server audit checkpoint` and `audit verify --checkpoint`, run as an operator would.
async fn the_checkpoint_and_verify_commands_catch_a_chain_cut_back_below_a_checkpoint(app: TestApp) {
    traffic(&app).await;
    let signer = CheckpointSigner::generate([5; 32]);
    let file = app.data_dir().join("checkpoints.txt");
    let file_arg = file.to_string_lossy().into_owned();
    let public = signer.public_key().to_hex();
    let secret = signer.secret_hex();
    let checkpoint = cli(&app, &[("KYC_AUDIT_CHECKPOINT_KEY", secret.as_str())], &["audit", "checkpoint", "--out", &file_arg]);
    assert!(checkpoint.status.success(), "{}", String::from_utf8_lossy(&checkpoint.stderr));
    assert_eq!(std::fs::read_to_string(&file).expect("file").lines().filter(|l| l.starts_with("kyc-audit-checkpoint-v1 ")).count(), 3);
    let verify_args = ["audit", "verify", "--checkpoint", &file_arg, "--public-key", &public];
    let intact = cli(&app, &[], &verify_args);
    assert!(intact.status.success(), "{}", String::from_utf8_lossy(&intact.stderr));
    assert!(String::from_utf8_lossy(&intact.stdout).contains("audit chain intact"));
    let chain = company_chain(&app.acme.company_id);
    let events = events_of(&app, &chain);
    let kept = &events[events.len() - 3];
    sql(&app, &format!("DELETE FROM audit_events WHERE chain = '{chain}' AND seq > {}", kept.event.seq));
    move_head(&app, &chain, kept.event.seq, &kept.hash);
    let cut = cli(&app, &[], &verify_args);
    assert!(!cut.status.success());
    assert!(String::from_utf8_lossy(&cut.stderr).contains("a signed checkpoint names seq"), "{}", String::from_utf8_lossy(&cut.stderr));
    let refused = cli(&app, &[("KYC_AUDIT_CHECKPOINT_KEY", secret.as_str())], &["audit", "checkpoint", "--out", &file_arg]);
    assert!(!refused.status.success(), "a cut chain is not vouched for again");
}

fn cli(app: &TestApp, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    app.command(args).envs(env.iter().copied()).output().expect("kyc-server runs")
}
