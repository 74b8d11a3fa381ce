//! `kyc-server demo`: two companies with users, API clients, a small watchlist and about forty
//! realistic sessions each, ingested through the same code path as the API. Idempotent: a
//! second run creates nothing new and prints the same logins.

mod people;
mod photos;
mod queue;

use super::Actor;
use super::ingest::{ActivityReport, AttemptReport, NewSession, VerificationReport};
use super::sessions::{self as use_cases, IncomingPhoto};
use crate::credentials::hash_secret;
use crate::db::{self, ApiClient, Company, FrontSide, User};
use crate::state::AppState;
use chrono::{Duration, NaiveDate, Utc};
use image::Rgb;
use kyc_domain::access::Role;
use kyc_domain::extra_fields::{ExtraFieldDefinition, ExtraFieldType};
use kyc_domain::ids::{ApiClientId, CompanyId, Principal, UserId};
use kyc_domain::mrz::MrzFormat;
use kyc_domain::mrz::build::{MrzDocument, build};
use kyc_domain::session::rules::CompanySettings;
use kyc_domain::session::{DocumentType, FaceMatchLevel, PhotoKind};
use people::{LISTED_PEOPLE, NATIONALITIES, USER_AGENTS};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

const SESSIONS_PER_COMPANY: usize = 40;
const DEMO_LIST: &[u8] = include_bytes!("../../../../domain/data/demo-sanctions.ftm.jsonl");

struct DemoCompany {
    name: &'static str,
    slug: &'static str,
    users: &'static [(&'static str, &'static str, Role)],
    awaiting_action_queue: bool,
    seed: u64,
}

const COMPANIES: &[DemoCompany] = &[
    DemoCompany {
        name: "Demo Bank",
        slug: "demo-bank",
        users: &[
            ("admin@demo.test", "Tamar Admin", Role::Admin),
            ("operator@demo.test", "Levan Operator", Role::Operator),
            ("viewer@demo.test", "Ana Viewer", Role::Viewer),
        ],
        awaiting_action_queue: true,
        seed: 2026,
    },
    DemoCompany {
        name: "Other Bank",
        slug: "other-bank",
        users: &[("admin@other.test", "Oksana Admin", Role::Admin)],
        awaiting_action_queue: false,
        seed: 1991,
    },
];

/// Creates the demo data that is missing, then prints how to log in.
pub fn seed(state: &AppState) -> anyhow::Result<()> {
    let password = state.config.demo_password.clone();
    if state.config.is_production() && password == crate::config::DEV_DEMO_PASSWORD {
        anyhow::bail!("refusing to create demo users with the default password in production; set KYC_DEMO_PASSWORD");
    }
    import_demo_list(state)?;
    let mut logins = Vec::new();
    for company in COMPANIES {
        let company_id = ensure_company(state, company)?;
        for (email, name, role) in company.users {
            ensure_user(state, company_id, email, name, *role, &password)?;
            logins.push(format!("  {email:<22} {:<9} {}", role.as_str(), company.name));
        }
        let (client_id, secret) = ensure_api_client(state, company_id, company.slug, &password)?;
        logins.push(format!("  API client of {}: client_id={client_id} client_secret={secret}", company.name));
        ensure_sessions(state, company_id, client_id, company)?;
    }
    println!("Demo data ready. Password for every demo user: {password}");
    for line in logins {
        println!("{line}");
    }
    Ok(())
}

fn import_demo_list(state: &AppState) -> anyhow::Result<()> {
    let has_demo_list = state.screening.lists().iter().any(|list| list.name == "demo");
    if has_demo_list {
        return Ok(());
    }
    let entries = kyc_domain::screening::lists::parse_ftm_jsonl(DEMO_LIST, "demo")?;
    super::lists::import_entries(state, "ftm", "demo", "2026-11", entries)?;
    Ok(())
}

fn ensure_company(state: &AppState, demo: &DemoCompany) -> anyhow::Result<CompanyId> {
    let name = demo.name;
    if let Some(existing) = state.db.read_now(|conn| db::companies::find_company_by_name(conn, name))? {
        return Ok(existing.id);
    }
    let settings = CompanySettings {
        awaiting_action_queue: demo.awaiting_action_queue,
        extra_fields: vec![
            ExtraFieldDefinition {
                name: "phone".into(),
                label: "Phone".into(),
                field_type: ExtraFieldType::Phone,
                required: false,
            },
            ExtraFieldDefinition {
                name: "email".into(),
                label: "Email".into(),
                field_type: ExtraFieldType::Email,
                required: false,
            },
        ],
        ..CompanySettings::default()
    };
    let company = Company { id: CompanyId::generate(), name: name.to_owned(), settings, created_at: Utc::now() };
    let id = company.id;
    state.db.write_now(move |conn| db::companies::insert_company(conn, &company))?;
    Ok(id)
}

fn ensure_user(
    state: &AppState,
    company_id: CompanyId,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> anyhow::Result<()> {
    let existing = state.db.read_now(|conn| db::companies::find_user_by_email(conn, email))?;
    let hash = hash_secret(password)?;
    match existing {
        // Keep the demo promise: the printed password works, even if KYC_DEMO_PASSWORD changed.
        Some(user) => state.db.write_now(move |conn| db::companies::set_user_password(conn, user.id, &hash))?,
        None => {
            let user = User {
                id: UserId::generate(),
                company_id: Some(company_id),
                email: email.to_owned(),
                name: name.to_owned(),
                role,
                password_hash: hash,
                active: true,
                created_at: Utc::now(),
            };
            state.db.write_now(move |conn| db::companies::insert_user(conn, &user))?;
        }
    }
    Ok(())
}

/// The demo client's secret is derived from the demo password, so every run can print it.
fn ensure_api_client(
    state: &AppState,
    company_id: CompanyId,
    slug: &str,
    password: &str,
) -> anyhow::Result<(ApiClientId, String)> {
    let client_id: ApiClientId = format!("{slug}-server").parse()?;
    let secret = format!("{slug}-secret-{password}");
    if state.db.read_now(|conn| db::companies::find_api_client(conn, &client_id))?.is_none() {
        let client = ApiClient::new(client_id.clone(), company_id, format!("{slug} back end"), hash_secret(&secret)?, "demo");
        state.db.write_now(move |conn| db::companies::insert_api_client(conn, &client))?;
    }
    Ok((client_id, secret))
}

fn ensure_sessions(
    state: &AppState,
    company_id: CompanyId,
    client_id: ApiClientId,
    demo: &DemoCompany,
) -> anyhow::Result<()> {
    let scope = db::Scope::Company(company_id);
    let existing = state.db.read_now(|conn| db::sessions::list(conn, &scope, &Default::default(), None, 1))?;
    if !existing.is_empty() {
        return Ok(());
    }
    let caller = Actor::new(Principal::ApiClient(client_id), Role::Client, Some(company_id), "127.0.0.1")?;
    let mut rng = StdRng::seed_from_u64(demo.seed);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    for index in 0..SESSIONS_PER_COMPANY {
        let story = Story::pick(index, demo.seed == 2026, &mut rng);
        runtime
            .block_on(ingest_story(state, &caller, &story, &mut rng))
            .map_err(|error| anyhow::anyhow!("demo session {index}: {error}"))?;
    }
    let reviewer = demo.users.iter().find(|(_, _, role)| *role == Role::Operator);
    if let (true, Some((email, _, _))) = (demo.awaiting_action_queue, reviewer) {
        let operator = queue::operator_of(state, email)?;
        runtime
            .block_on(queue::work_the_queue(state, company_id, &operator))
            .map_err(|error| anyhow::anyhow!("demo review: {error}"))?;
    }
    Ok(())
}

/// What happened in one demo session.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Twist {
    Clean,
    BadCheckDigit,
    Expired,
    UnknownState,
    Spoofed,
    Cropped,
    LowFaceMatch,
    FailedLiveness,
    NotFinished,
    Listed(usize),
}

struct Story {
    twist: Twist,
    format: MrzFormat,
    attempts: usize,
    days_ago: i64,
}

impl Story {
    fn pick(index: usize, with_listed_people: bool, rng: &mut StdRng) -> Story {
        const TWISTS: [Twist; 12] = [
            Twist::Clean,
            Twist::BadCheckDigit,
            Twist::Clean,
            Twist::Expired,
            Twist::Spoofed,
            Twist::Clean,
            Twist::LowFaceMatch,
            Twist::UnknownState,
            Twist::FailedLiveness,
            Twist::Clean,
            Twist::Cropped,
            Twist::NotFinished,
        ];
        let twist = match index {
            0..=3 if with_listed_people => Twist::Listed(index),
            _ => TWISTS[index % TWISTS.len()],
        };
        let format = if rng.random_bool(0.5) { MrzFormat::Td3 } else { MrzFormat::Td1 };
        Story { twist, format, attempts: rng.random_range(1..=3), days_ago: rng.random_range(0..45) }
    }
}

struct Person {
    first: (String, String),
    last: (String, String),
    nationality: String,
    birth_date: NaiveDate,
    sex: char,
    phone_prefix: &'static str,
    ip_prefix: &'static str,
}

fn pick_person(story: &Story, rng: &mut StdRng) -> Person {
    let country = &NATIONALITIES[rng.random_range(0..NATIONALITIES.len())];
    let birth =
        NaiveDate::from_ymd_opt(rng.random_range(1955..2006), rng.random_range(1..=12), rng.random_range(1..=28));
    let first = owned(country.first_names[rng.random_range(0..country.first_names.len())]);
    let mut person = Person {
        sex: people::sex_for(&first.0),
        first,
        last: owned(country.last_names[rng.random_range(0..country.last_names.len())]),
        nationality: country.code.to_owned(),
        birth_date: birth.unwrap_or_default(),
        phone_prefix: country.phone_prefix,
        ip_prefix: country.ip_prefix,
    };
    if let Twist::Listed(which) = story.twist {
        let listed = &LISTED_PEOPLE[which];
        let (y, m, d) = listed.birth_date;
        person.first = owned(listed.first);
        person.last = owned(listed.last);
        person.nationality = listed.nationality.to_owned();
        person.birth_date = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        person.sex = listed.sex;
    }
    person
}

fn owned(pair: (&str, &str)) -> (String, String) {
    (pair.0.to_owned(), pair.1.to_owned())
}

async fn ingest_story(state: &AppState, caller: &Actor, story: &Story, rng: &mut StdRng) -> super::Result<()> {
    let person = pick_person(story, rng);
    let today = Utc::now().date_naive();
    let created = Utc::now() - Duration::days(story.days_ago) - Duration::minutes(rng.random_range(0..600));
    let document = document_of(&person, story, today, rng);
    let mrz = mrz_lines(&document, story.twist);
    let front = document_fields(&person, &document);
    let photos = photos_of(&person, &document, &mrz, rng.random());
    let attempt = |number: usize, rng: &mut StdRng| AttemptReport {
        document_type: Some(document_type(story.format)),
        mrz: mrz.clone(),
        front: front.clone(),
        verification: verification_of(story.twist, number < story.attempts, rng),
        activity: activity_of(&person, story.twist, created + Duration::minutes(number as i64 * 7), rng),
        extra_fields: extra_fields_of(&person, rng),
    };
    let first = attempt(1, rng);
    let input = NewSession { external_id: Some(format!("flow-{:08x}", rng.random::<u32>())), attempt: first };
    let details = use_cases::create_session(state, caller, input, photos).await?;
    let id = details.session.key.id();
    for number in 2..=story.attempts {
        let next = attempt(number, rng);
        use_cases::create_attempt(state, caller, id, next).await?;
    }
    let key = details.session.key;
    state.db.write(move |conn| db::sessions::backdate(conn, &key, created)).await?;
    Ok(())
}

fn document_of(person: &Person, story: &Story, today: NaiveDate, rng: &mut StdRng) -> MrzDocument {
    let issued_years_ago = rng.random_range(1..9);
    let mut expiration = today + Duration::days(365 * (10 - issued_years_ago) + rng.random_range(0..300));
    if story.twist == Twist::Expired {
        expiration = today - Duration::days(rng.random_range(20..700));
    }
    let issuing_state = if story.twist == Twist::UnknownState { "XYZ".to_owned() } else { person.nationality.clone() };
    let letters = ['A', 'C', 'E', 'K', 'L', 'P', 'R', 'T'];
    let document_number = format!(
        "{}{}{:07}",
        letters[rng.random_range(0..letters.len())],
        letters[rng.random_range(0..letters.len())],
        rng.random_range(0..10_000_000)
    );
    MrzDocument {
        format: story.format,
        document_code: if story.format == MrzFormat::Td3 { "P".into() } else { "ID".into() },
        issuing_state,
        last_name: person.last.0.clone(),
        first_name: person.first.0.clone(),
        document_number,
        nationality: person.nationality.clone(),
        birth_date: person.birth_date,
        sex: person.sex,
        expiration_date: expiration,
        personal_number: format!("{:011}", rng.random_range(0..100_000_000_000u64)),
        optional: String::new(),
    }
}

/// The MRZ as printed; a bad-check-digit story gets one digit off, as a forger or a misprint would.
fn mrz_lines(document: &MrzDocument, twist: Twist) -> Vec<String> {
    let mut lines = build(document);
    if twist == Twist::BadCheckDigit {
        // The composite check digit ends the second line in both TD1 and TD3.
        let Some(line) = lines.get_mut(1) else { return lines };
        let composite = line.len() - 1;
        let wrong = match line.as_bytes()[composite] {
            b'0'..=b'8' => (line.as_bytes()[composite] + 1) as char,
            _ => '0',
        };
        line.replace_range(composite..=composite, &wrong.to_string());
    }
    lines
}

fn document_type(format: MrzFormat) -> DocumentType {
    if format == MrzFormat::Td3 { DocumentType::Passport } else { DocumentType::IdCard }
}

fn document_fields(person: &Person, document: &MrzDocument) -> FrontSide {
    FrontSide {
        first_name: Some(person.first.1.clone()),
        last_name: Some(person.last.1.clone()),
        document_number: Some(document.document_number.clone()),
        personal_number: Some(document.personal_number.clone()),
        sex: Some(person.sex.to_string()),
        birth_date: Some(person.birth_date),
        expiration_date: Some(document.expiration_date),
        nationality: Some(person.nationality.clone()),
        issuing_state: Some(document.issuing_state.clone()),
    }
}

fn verification_of(twist: Twist, earlier_attempt: bool, rng: &mut StdRng) -> VerificationReport {
    let level =
        |rng: &mut StdRng, range: std::ops::RangeInclusive<i64>| FaceMatchLevel::new(rng.random_range(range)).ok();
    let mut verification = VerificationReport {
        liveness_passed: Some(true),
        face_match_level: level(rng, 5..=7),
        document_real: Some(true),
        full_document_detected: Some(true),
    };
    match twist {
        Twist::Spoofed => verification.document_real = Some(false),
        Twist::Cropped => verification.full_document_detected = Some(false),
        Twist::LowFaceMatch => verification.face_match_level = level(rng, 1..=3),
        Twist::FailedLiveness => verification.liveness_passed = Some(false),
        _ => {}
    }
    if earlier_attempt {
        // Earlier attempts are the ones the customer restarted: usually a failed liveness.
        verification.liveness_passed = Some(false);
    }
    verification
}

fn activity_of(person: &Person, twist: Twist, started: chrono::DateTime<Utc>, rng: &mut StdRng) -> ActivityReport {
    let finished = twist != Twist::NotFinished;
    let ip = format!("{}.{}.{}", person.ip_prefix, rng.random_range(1..255), rng.random_range(1..255));
    ActivityReport {
        user_agent: Some(USER_AGENTS[rng.random_range(0..USER_AGENTS.len())].to_owned()),
        client_ip: ip.parse().ok(),
        started_at: Some(started),
        finished_at: finished.then(|| started + Duration::seconds(rng.random_range(70..400))),
        liveness_finished: finished,
        document_finished: finished || rng.random_bool(0.5),
    }
}

fn extra_fields_of(person: &Person, rng: &mut StdRng) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    fields.insert(
        "phone".to_owned(),
        format!(
            "{}{:02} {:02} {:02} {:02}",
            person.phone_prefix,
            rng.random_range(0..100),
            rng.random_range(0..100),
            rng.random_range(0..100),
            rng.random_range(0..100)
        ),
    );
    let email_name = format!("{}.{}", person.first.0, person.last.0).to_lowercase().replace(' ', "");
    fields.insert("email".to_owned(), format!("{email_name}@example.com"));
    fields
}

fn photos_of(person: &Person, document: &MrzDocument, mrz: &[String], face_seed: u64) -> Vec<IncomingPhoto> {
    let accent = match person.nationality.as_str() {
        "GEO" => Rgb([170, 30, 45]),
        "UKR" => Rgb([0, 87, 183]),
        "TUR" => Rgb([200, 16, 46]),
        "D" => Rgb([40, 40, 40]),
        _ => Rgb([0, 122, 61]),
    };
    let is_passport = document.format == MrzFormat::Td3;
    let card = photos::DocumentCard {
        title: if is_passport { "PASSPORT" } else { "IDENTITY CARD" },
        state: &document.issuing_state,
        lines: vec![
            ("Surname", document.last_name.clone()),
            ("Given names", document.first_name.clone()),
            ("Date of birth", document.birth_date.format("%d.%m.%Y").to_string()),
            ("Sex / Nationality", format!("{} / {}", document.sex, document.nationality)),
            ("Document no.", document.document_number.clone()),
            ("Date of expiry", document.expiration_date.format("%d.%m.%Y").to_string()),
        ],
        mrz: if is_passport { mrz } else { &[] },
        accent,
        face_seed,
    };
    let mut photos = vec![
        IncomingPhoto { kind: PhotoKind::DocumentFront, bytes: photos::document_front(&card) },
        IncomingPhoto { kind: PhotoKind::Selfie, bytes: photos::selfie(face_seed) },
    ];
    if !is_passport {
        photos.push(IncomingPhoto { kind: PhotoKind::DocumentBack, bytes: photos::document_back(mrz, accent) });
    }
    photos
}
