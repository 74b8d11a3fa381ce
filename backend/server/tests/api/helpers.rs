//! `TestApp`: a real `kyc-server` on 127.0.0.1 port 0 over a fresh database (a temp SQLite file,
//! or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set), with typed request helpers.

use kyc_domain::access::Role;
use kyc_domain::ids::{ApiClientId, CompanyId, Principal, UserId};
use kyc_server::config::Config;
use kyc_server::credentials::{Claims, hash_secret};
use kyc_server::db::{ApiClient, Company, User};
use kyc_server::state::AppState;
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::TcpListener;
use std::path::PathBuf;

/// Runs each named test case on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[actix_web::test]
            async fn on_sqlite() {
                super::$case($crate::helpers::TestApp::sqlite().await).await;
            }
            #[actix_web::test]
            async fn on_postgres() {
                match $crate::helpers::TestApp::postgres().await {
                    Some(app) => super::$case(app).await,
                    None => eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set"),
                }
            }
        }
    )*};
}

pub const PASSWORD: &str = "correct horse battery staple";

/// A company with one user of each role and an API client.
pub struct Tenant {
    pub company_id: String,
    pub admin: String,
    pub operator: String,
    pub viewer: String,
    pub client: String,
    pub client_id: String,
    pub client_secret: String,
    pub emails: HashMap<&'static str, String>,
}

pub struct TestApp {
    pub address: String,
    pub http: Client,
    pub state: AppState,
    pub acme: Tenant,
    pub globex: Tenant,
    /// The database the server runs on, for command-line runs against it.
    pub database_url: String,
    data_dir: PathBuf,
    postgres: Option<(String, String)>,
}

/// Settings every test server gets: timeouts scaled down so that tests of them take seconds, and a
/// budget of expensive calls that no ordinary test exhausts.
const TEST_SETTINGS: &[(&str, &str)] = &[
    ("KYC_REQUEST_HEAD_TIMEOUT_SECONDS", "2"),
    ("KYC_BODY_READ_TIMEOUT_SECONDS", "3"),
    ("KYC_KEEP_ALIVE_SECONDS", "2"),
    ("KYC_EXPENSIVE_BURST", "10000"),
];

impl TestApp {
    pub async fn sqlite() -> TestApp {
        TestApp::sqlite_with(&[]).await
    }

    pub async fn postgres() -> Option<TestApp> {
        TestApp::postgres_with(&[]).await
    }

    /// A server on SQLite with some settings changed (`KYC_EXPENSIVE_BURST`, a timeout, ...).
    pub async fn sqlite_with(settings: &[(&str, &str)]) -> TestApp {
        let data_dir = fresh_dir();
        let url = data_dir.join("kyc.sqlite").to_string_lossy().into_owned();
        TestApp::spawn(data_dir, url, None, settings).await
    }

    pub async fn postgres_with(settings: &[(&str, &str)]) -> Option<TestApp> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
        let name = format!("kyc_test_{}", uuid::Uuid::new_v4().simple());
        run_admin_sql(&admin_url, &format!("CREATE DATABASE {name}"));
        let url = database_url_with_name(&admin_url, &name);
        Some(TestApp::spawn(fresh_dir(), url, Some((admin_url, name)), settings).await)
    }

    /// [`TestApp::postgres_with`] for settings computed at run time.
    pub async fn postgres_with_owned(settings: Vec<(&'static str, String)>) -> Option<TestApp> {
        let borrowed: Vec<(&str, &str)> = settings.iter().map(|(name, value)| (*name, value.as_str())).collect();
        TestApp::postgres_with(&borrowed).await
    }

    /// [`TestApp::sqlite_with`] for settings computed at run time.
    pub async fn sqlite_with_owned(settings: Vec<(&'static str, String)>) -> TestApp {
        let borrowed: Vec<(&str, &str)> = settings.iter().map(|(name, value)| (*name, value.as_str())).collect();
        TestApp::sqlite_with(&borrowed).await
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    async fn spawn(
        data_dir: PathBuf,
        database_url: String,
        postgres: Option<(String, String)>,
        settings: &[(&str, &str)],
    ) -> TestApp {
        let mut vars: HashMap<&str, String> = HashMap::from([
            ("KYC_DATA_DIR", data_dir.to_string_lossy().into_owned()),
            ("DATABASE_URL", database_url.clone()),
            ("KYC_DB_POOL_SIZE", "4".to_owned()),
            ("KYC_STATIC_DIR", data_dir.join("no-dashboard").to_string_lossy().into_owned()),
        ]);
        for (name, value) in TEST_SETTINGS.iter().chain(settings) {
            vars.insert(name, (*value).to_owned());
        }
        let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("test config");
        let state = tokio::task::spawn_blocking(move || AppState::start(config)).await.expect("join").expect("state");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let server = kyc_server::server(listener, state.clone()).expect("server");
        actix_web::rt::spawn(server);
        let seeding = state.clone();
        let (acme, globex) = tokio::task::spawn_blocking(move || (tenant(&seeding, "Acme"), tenant(&seeding, "Globex")))
            .await
            .expect("seed tenants");
        TestApp { address, http: Client::new(), state, acme, globex, database_url, data_dir, postgres }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn get(&self, path: &str, token: &str) -> RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(token)
    }

    pub fn post(&self, path: &str, token: &str) -> RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(token)
    }

    /// Creates a session for a tenant through the API and returns its JSON.
    pub async fn create_session(&self, tenant: &Tenant, body: Value) -> Value {
        let response = self.post("/api/v1/sessions", &tenant.client).json(&body).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
        response.json().await.expect("json")
    }

    pub fn token_with(&self, claims: &Claims) -> String {
        self.state.keys.sign(claims).expect("signed")
    }

    pub fn claims_for(&self, tenant: &Tenant) -> Claims {
        let now = chrono::Utc::now().timestamp();
        Claims {
            sub: "someone".into(),
            company_id: Some(tenant.company_id.clone()),
            role: Role::Admin,
            iat: now,
            exp: now + 600,
            iss: self.state.config.jwt_issuer.clone(),
            aud: self.state.config.jwt_audience.clone(),
            jti: "test".into(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let Some((admin_url, name)) = self.postgres.take() {
            run_admin_sql(&admin_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kyc-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn run_admin_sql(admin_url: &str, sql: &str) {
    use diesel::{Connection, RunQueryDsl};
    let mut conn = diesel::PgConnection::establish(admin_url).expect("TEST_DATABASE_URL connects");
    diesel::sql_query(sql).execute(&mut conn).expect("admin sql");
}

pub fn database_url_with_name(admin_url: &str, name: &str) -> String {
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL has a path");
    format!("{base}/{name}")
}

fn tenant(state: &AppState, name: &str) -> Tenant {
    use kyc_server::db::companies;
    let now = chrono::Utc::now();
    let company = Company { id: CompanyId::generate(), name: name.to_owned(), settings: Default::default(), created_at: now };
    let company_id = company.id;
    let hash = hash_secret(PASSWORD).expect("hash");
    let slug = name.to_lowercase();
    let mut emails = HashMap::new();
    let mut tokens = HashMap::new();
    state
        .db
        .write_now(|conn| {
            companies::insert_company(conn, &company)?;
            for role in [Role::Admin, Role::Operator, Role::Viewer] {
                let user = User {
                    id: UserId::generate(),
                    company_id: Some(company_id),
                    email: format!("{role}@{slug}.test"),
                    name: format!("{name} {role}"),
                    role,
                    password_hash: hash.clone(),
                    active: true,
                    created_at: now,
                };
                emails.insert(role.as_str(), user.email.clone());
                tokens.insert(role.as_str(), state.keys.issue(&Principal::User(user.id), Some(company_id), role).expect("token"));
                companies::insert_user(conn, &user)?;
            }
            Ok(())
        })
        .expect("seed tenant");
    let client_id: ApiClientId = format!("{slug}-client").parse().expect("client id");
    let client_secret = format!("{slug}-secret-value");
    let secret_hash = hash_secret(&client_secret).expect("hash");
    let client = ApiClient::new(client_id.clone(), company_id, format!("{name} servers"), secret_hash, "test");
    state.db.write_now(|conn| companies::insert_api_client(conn, &client)).expect("client");
    Tenant {
        client: state.keys.issue(&Principal::ApiClient(client_id.clone()), Some(company_id), Role::Client).expect("token"),
        admin: tokens.remove("admin").expect("admin"),
        operator: tokens.remove("operator").expect("operator"),
        viewer: tokens.remove("viewer").expect("viewer"),
        company_id: company_id.to_string(),
        client_id: client_id.to_string(),
        client_secret,
        emails,
    }
}

/// The ICAO 9303 TD3 specimen, valid in every check digit.
pub const SPECIMEN_TD3: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

/// A complete session body around an MRZ.
pub fn session_body(mrz: &[&str]) -> Value {
    json!({
        "external_id": format!("ext-{}", uuid::Uuid::new_v4().simple()),
        "document": {"type": "passport", "mrz": mrz, "fields": {"first_name": "Anna Maria", "last_name": "Eriksson"}},
        "verification": {"liveness_passed": true, "face_match_level": 6, "document_spoof": "real", "full_document_detected": true},
        "activity": {
            "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "client_ip": "203.0.113.7",
            "started_at": "2026-11-20T09:14:03Z",
            "finished_at": "2026-11-20T09:16:41Z",
            "liveness_finished": true,
            "document_finished": true
        },
        "extra_fields": {"phone": "+995 555 12 34 56"}
    })
}

/// Asserts a response is an RFC 9457 problem with the status, and returns its body.
pub async fn assert_problem(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(content_type.starts_with("application/problem+json"), "content type was {content_type}");
    let body: Value = response.json().await.expect("problem json");
    assert_eq!(body["status"], status.as_u16());
    assert!(body["type"].as_str().is_some_and(|t| t.starts_with("/problems/")));
    assert!(body["title"].is_string() && body["detail"].is_string());
    body
}

/// A small real JPEG.
pub fn jpeg_bytes() -> Vec<u8> {
    let image = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([(x * 8) as u8, (y * 10) as u8, 120]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).expect("jpeg");
    bytes.into_inner()
}

/// A valid, unexpired TD3 passport MRZ for a man.
pub fn passport_mrz(last_name: &str, first_name: &str, nationality: &str, birth_date: &str) -> Vec<String> {
    passport_mrz_of(last_name, first_name, nationality, birth_date, 'M')
}

/// A valid, unexpired TD3 passport MRZ for a person of a sex (`'M'`, `'F'`).
pub fn passport_mrz_of(last_name: &str, first_name: &str, nationality: &str, birth_date: &str, sex: char) -> Vec<String> {
    use kyc_domain::mrz::MrzFormat;
    use kyc_domain::mrz::build::{MrzDocument, build};
    let date = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
    build(&MrzDocument {
        format: MrzFormat::Td3,
        document_code: "P".into(),
        issuing_state: nationality.into(),
        last_name: last_name.into(),
        first_name: first_name.into(),
        document_number: "13AB45678".into(),
        nationality: nationality.into(),
        birth_date: date(birth_date),
        sex,
        expiration_date: chrono::Utc::now().date_naive() + chrono::Duration::days(2000),
        personal_number: "01001012345".into(),
        optional: String::new(),
    })
}

impl TestApp {
    /// Loads the demo sanctions list (it lists Giorgi Beridze, born 1971-03-14).
    pub async fn import_demo_list(&self) {
        let state = self.state.clone();
        let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../domain/data/demo-sanctions.ftm.jsonl"));
        tokio::task::spawn_blocking(move || {
            kyc_server::cases::lists::import(&state, "ftm", Some("demo-sanctions"), Some("v1"), &[path]).expect("import")
        })
        .await
        .expect("join");
    }

    pub fn put(&self, path: &str, token: &str) -> RequestBuilder {
        self.http.put(self.url(path)).bearer_auth(token)
    }

    /// The `kyc-server` binary with `args`, configured for this app's database and data folder
    /// (the development secrets, as the in-process server has), as an operator would run it.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kyc-server"));
        command
            .args(args)
            .env("KYC_DATA_DIR", &self.data_dir)
            .env("DATABASE_URL", &self.database_url)
            .env("KYC_STATIC_DIR", self.data_dir.join("no-dashboard"))
            .env("RUST_LOG", "warn")
            .env_remove("KYC_AUDIT_KEY")
            .env_remove("KYC_JWT_SECRET")
            .env_remove("KYC_ENV");
        command
    }
}

impl TestApp {
    /// One more user of Acme with a role (a second operator for four-eyes and queue tests), and
    /// their token.
    pub fn another_user(&self, role: Role) -> String {
        let company_id: CompanyId = self.acme.company_id.parse().expect("company id");
        let user = User {
            id: UserId::generate(),
            company_id: Some(company_id),
            email: format!("{role}-{}@acme.test", uuid::Uuid::new_v4().simple()),
            name: format!("Second Acme {role}"),
            role,
            password_hash: hash_secret(PASSWORD).expect("hash"),
            active: true,
            created_at: chrono::Utc::now(),
        };
        let token = self.state.keys.issue(&Principal::User(user.id), Some(company_id), role).expect("token");
        self.state.db.write_now(|conn| kyc_server::db::companies::insert_user(conn, &user)).expect("user");
        token
    }
}

/// Every blob file under the data folder (not the temporary files of a write in progress).
pub fn blob_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.data_dir().join("blobs");
    let Ok(folders) = std::fs::read_dir(&root) else { return Vec::new() };
    folders
        .flatten()
        .flat_map(|folder| std::fs::read_dir(folder.path()).into_iter().flatten().flatten())
        .map(|file| file.path())
        .filter(|path| !path.file_name().is_some_and(|name| name.to_string_lossy().starts_with(".tmp")))
        .collect()
}

