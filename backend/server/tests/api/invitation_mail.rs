//! Invitation e-mails: with `KYC_SMTP_URL` set, an invitation (over the API, again, or from the
//! command line) is mailed through a real SMTP server (aiosmtpd, started here), and the link in
//! the received mail accepts it; a mail server that is down or silent loses no invitation and
//! stalls no answer, and the log never holds the link.
//!
//! aiosmtpd comes from `KYC_TEST_AIOSMTPD_PYTHON` (a python with aiosmtpd installed, as `.ci/run`
//! sets up) or the `python3` on the path; without it the tests that need it say so and skip.

use crate::helpers::{TestApp, assert_problem};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Runs each case on SQLite and PostgreSQL with a server configured by the case's `settings`.
macro_rules! on_both_backends_with_mail {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[actix_web::test]
            async fn on_sqlite() {
                super::$case(|settings| Box::pin(async move { Some(crate::helpers::TestApp::sqlite_with_owned(settings).await) })).await;
            }
            #[actix_web::test]
            async fn on_postgres() {
                super::$case(|settings| Box::pin(crate::helpers::TestApp::postgres_with_owned(settings))).await;
            }
        }
    )*};
}

on_both_backends_with_mail!(
    an_invited_member_gets_the_link_by_email_and_it_accepts_the_invitation,
    an_invitation_again_mails_the_new_link,
    a_company_created_from_the_command_line_mails_its_admin,
    an_unreachable_mail_server_loses_no_invitation,
    a_silent_mail_server_delays_the_answer_by_the_timeout_at_most,
);

type Start = fn(Vec<(&'static str, String)>) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<TestApp>>>>;

const FROM: &str = "KYC back-office <kyc@example.test>";
const PASSWORD: &str = "plum orbit canyon whistle";

/// A python that has aiosmtpd, or `None` (the test then skips).
fn aiosmtpd_python() -> Option<String> {
    let candidates = std::env::var("KYC_TEST_AIOSMTPD_PYTHON").ok().into_iter().chain(["python3".to_owned()]);
    candidates.into_iter().find(|python| {
        std::process::Command::new(python).args(["-c", "import aiosmtpd"]).output().is_ok_and(|output| output.status.success())
    })
}

/// aiosmtpd on 127.0.0.1, storing each message it receives in a maildir; stopped when dropped.
struct MailServer {
    child: std::process::Child,
    port: u16,
    maildir: PathBuf,
}

impl MailServer {
    fn start() -> Option<MailServer> {
        let Some(python) = aiosmtpd_python() else {
            eprintln!("skipped: no python with aiosmtpd (set KYC_TEST_AIOSMTPD_PYTHON, or pip install aiosmtpd==1.4.6)");
            return None;
        };
        let port = free_port();
        let maildir = std::env::temp_dir().join(format!("kyc-maildir-{}", uuid::Uuid::new_v4()));
        let child = std::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(15), "aiosmtpd did not listen on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(MailServer { child, port, maildir })
    }

    fn settings(&self) -> Vec<(&'static str, String)> {
        vec![("KYC_SMTP_URL", format!("smtp://127.0.0.1:{}", self.port)), ("KYC_SMTP_FROM", FROM.to_owned())]
    }

    /// The received messages addressed to `to`, oldest first, waiting a little for the first.
    fn messages_to(&self, to: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let mut messages: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(self.maildir.join("new"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, std::fs::read_to_string(entry.path()).ok()?)))
                .filter(|(_, text)| text.lines().any(|line| line.starts_with("To:") && line.contains(to)))
                .collect();
            if !messages.is_empty() || started.elapsed() > Duration::from_secs(5) {
                messages.sort();
                return messages.into_iter().map(|(_, text)| text).collect();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// The body of a received message as written, quoted-printable soft breaks and `=3D` undone.
fn body_of(message: &str) -> String {
    let (headers, body) = message.split_once("\n\n").or_else(|| message.split_once("\r\n\r\n")).expect("headers and body");
    if headers.to_ascii_lowercase().contains("content-transfer-encoding: quoted-printable") {
        body.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
    } else {
        body.to_owned()
    }
}

/// The invitation link in a received message.
fn link_in(message: &str) -> String {
    let body = body_of(message);
    let link = body.split_whitespace().find(|word| word.contains("/invitation#token=")).unwrap_or_else(|| panic!("no link in {message}"));
    link.to_owned()
}

fn token_of(link: &str) -> &str {
    link.split_once("#token=").map(|(_, token)| token).expect("a token")
}

async fn invite(app: &TestApp, email: &str) -> Value {
    let response = app.post("/api/v1/users", &app.acme.admin).json(&json!({"email": email, "role": "operator"})).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    response.json().await.expect("json")
}

async fn accept(app: &TestApp, token: &str) -> StatusCode {
    let body = json!({"token": token, "password": PASSWORD});
    app.http.post(app.url("/api/v1/auth/invitations/accept")).json(&body).send().await.expect("request").status()
}

async fn login(app: &TestApp, email: &str) -> StatusCode {
    let body = json!({"email": email, "password": PASSWORD});
    app.http.post(app.url("/api/v1/auth/login")).json(&body).send().await.expect("request").status()
}

async fn an_invited_member_gets_the_link_by_email_and_it_accepts_the_invitation(start: Start) {
    let Some(mail) = MailServer::start() else { return };
    let Some(app) = start(mail.settings()).await else { return };
    let invitation = invite(&app, "new.operator@acme.test").await;
    assert_eq!(invitation["invitation_emailed"], true, "{invitation}");
    let messages = mail.messages_to("new.operator@acme.test");
    assert_eq!(messages.len(), 1, "one mail");
    assert!(messages[0].contains("kyc@example.test") && messages[0].contains("Acme"), "{}", messages[0]);
    let link = link_in(&messages[0]);
    assert_eq!(link, invitation["invitation_url"].as_str().expect("link"), "the mailed link is the invitation's");
    assert_eq!(accept(&app, token_of(&link)).await, StatusCode::OK, "the mailed link accepts the invitation");
    assert_eq!(login(&app, "new.operator@acme.test").await, StatusCode::OK);
}

async fn an_invitation_again_mails_the_new_link(start: Start) {
    let Some(mail) = MailServer::start() else { return };
    let Some(app) = start(mail.settings()).await else { return };
    let first = invite(&app, "again@acme.test").await;
    let id = first["user"]["id"].as_str().expect("id");
    let response = app.post(&format!("/api/v1/users/{id}/invitation"), &app.acme.admin).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    let again: Value = response.json().await.expect("json");
    assert_eq!(again["invitation_emailed"], true);
    let started = Instant::now();
    let mut messages = mail.messages_to("again@acme.test");
    while messages.len() < 2 && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
        messages = mail.messages_to("again@acme.test");
    }
    let links: Vec<String> = messages.iter().map(|message| link_in(message)).collect();
    assert!(links.iter().any(|link| link == again["invitation_url"].as_str().expect("link")), "{links:?}");
    let old = first["invitation_url"].as_str().expect("link");
    assert_ne!(accept(&app, token_of(old)).await, StatusCode::OK, "the first mailed link stopped working");
    assert_eq!(accept(&app, token_of(again["invitation_url"].as_str().expect("link"))).await, StatusCode::OK);
}

/// `kyc-server companies create` with the mail settings, and its output.
fn create_company(app: &TestApp, settings: &[(&'static str, String)], name: &str, email: &str) -> (String, String) {
    let mut command = app.command(&["companies", "create", "--name", name, "--admin-email", email]);
    command.env("KYC_PUBLIC_URL", &app.address).env("RUST_LOG", "debug");
    for (variable, value) in settings {
        command.env(variable, value);
    }
    let output = command.output().expect("kyc-server runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

async fn a_company_created_from_the_command_line_mails_its_admin(start: Start) {
    let Some(mail) = MailServer::start() else { return };
    let Some(app) = start(mail.settings()).await else { return };
    let (stdout, stderr) = create_company(&app, &mail.settings(), "Mailed Bank", "admin@mailed.example");
    assert!(stdout.contains("also e-mailed"), "{stdout}");
    let printed = stdout.lines().find(|line| line.contains("#token=")).expect("the printed link").trim().to_owned();
    let messages = mail.messages_to("admin@mailed.example");
    assert_eq!(messages.len(), 1);
    assert_eq!(link_in(&messages[0]), printed);
    assert!(!stderr.contains(token_of(&printed)), "the log holds the token: {stderr}");
    assert_eq!(accept(&app, token_of(&printed)).await, StatusCode::OK);
    // The mail server is down: the company is still created, the link printed, the failure logged
    // without it.
    let down = vec![("KYC_SMTP_URL", format!("smtp://127.0.0.1:{}", free_port())), ("KYC_SMTP_FROM", FROM.to_owned())];
    let (stdout, stderr) = create_company(&app, &down, "Unmailed Bank", "admin@unmailed.example");
    let printed = stdout.lines().find(|line| line.contains("#token=")).expect("the printed link").trim().to_owned();
    assert!(stdout.contains("could not be sent"), "{stdout}");
    assert!(stderr.contains("was not sent"), "the failure is logged: {stderr}");
    assert!(!stderr.contains(token_of(&printed)) && !stderr.contains("unmailed.example"), "the log holds the link or address: {stderr}");
}

async fn an_unreachable_mail_server_loses_no_invitation(start: Start) {
    let down = vec![("KYC_SMTP_URL", format!("smtp://127.0.0.1:{}", free_port())), ("KYC_SMTP_FROM", FROM.to_owned())];
    let Some(app) = start(down).await else { return };
    let invitation = invite(&app, "unmailed@acme.test").await;
    assert_eq!(invitation["invitation_emailed"], false);
    let link = invitation["invitation_url"].as_str().expect("link");
    assert_eq!(accept(&app, token_of(link)).await, StatusCode::OK, "the shown link works");
    let response = app.post("/api/v1/users", &app.acme.admin).json(&json!({"email": "unmailed@acme.test", "role": "viewer"})).send().await.expect("request");
    assert_problem(response, StatusCode::CONFLICT).await;
}

async fn a_silent_mail_server_delays_the_answer_by_the_timeout_at_most(start: Start) {
    // Accepts connections and never says a word.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = silent.local_addr().expect("address").port();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((connection, _)) = silent.accept().await {
            connections.push(connection);
        }
    });
    let settings = vec![
        ("KYC_SMTP_URL", format!("smtp://127.0.0.1:{port}")),
        ("KYC_SMTP_FROM", FROM.to_owned()),
        ("KYC_SMTP_TIMEOUT_SECONDS", "1".to_owned()),
    ];
    let Some(app) = start(settings).await else { return };
    let started = Instant::now();
    let invitation = invite(&app, "slow@acme.test").await;
    assert!(started.elapsed() < Duration::from_secs(4), "the answer took {:?}", started.elapsed());
    assert_eq!(invitation["invitation_emailed"], false);
    assert_eq!(accept(&app, token_of(invitation["invitation_url"].as_str().expect("link"))).await, StatusCode::OK);
    held.abort();
}

