//! The outside audit's attacks (docs/SECURITY.md), each replayed against a real server on both
//! backends: oversized and control-character input, unbounded multipart, unfinished requests,
//! leftover photo blobs, file modes, undeclared methods, the IP country rule and the budgets
//! of expensive operations.

use crate::helpers::{PASSWORD, SPECIMEN_TD3, TestApp, assert_problem, jpeg_bytes, passport_mrz, session_body};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

on_both_backends!(
    a_long_name_to_screen_is_refused_at_once,
    every_text_field_of_an_ingest_has_a_limit,
    nul_and_control_characters_are_refused_everywhere_without_a_500,
    a_type_error_names_the_field_and_never_the_value,
    multipart_parts_are_checked_by_name_count_and_kind,
    a_multipart_ingest_has_a_total_size_limit,
    a_body_shorter_than_its_content_length_gets_408,
    a_multipart_body_without_its_closing_boundary_is_answered,
    refused_ingests_and_replaced_photos_leave_no_blob_behind,
    a_blob_shared_by_two_sessions_stays_when_one_replaces_it,
    an_attempt_row_keeps_only_the_front_side,
    undeclared_methods_get_405_with_allow,
    the_session_activity_log_honours_its_filters,
    the_client_ip_country_is_resolved_shown_and_drives_the_high_risk_rule,
);

async fn a_long_name_to_screen_is_refused_at_once(app: TestApp) {
    let started = Instant::now();
    let response = app
        .post("/api/v1/screening/check", &app.acme.viewer)
        .json(&json!({"last_name": "Beridze".repeat(37_000)}))
        .send()
        .await
        .expect("request");
    let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body["errors"][0]["field"], "last_name");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    let too_many = json!({"native_names": vec!["ანა"; 6]});
    let response = app.post("/api/v1/screening/check", &app.acme.viewer).json(&too_many).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn every_text_field_of_an_ingest_has_a_limit(app: TestApp) {
    let cases: [(&str, &[&str], usize); 6] = [
        ("activity.user_agent", &["activity", "user_agent"], 1024),
        ("activity.client_ip", &["activity", "client_ip"], 64),
        ("external_id", &["external_id"], 200),
        ("document.fields.first_name", &["document", "fields", "first_name"], 200),
        ("document.fields.nationality", &["document", "fields", "nationality"], 200),
        ("document.mrz[0]", &["document", "mrz", "0"], 100),
    ];
    for (field, path, limit) in cases {
        let mut body = session_body(&SPECIMEN_TD3);
        set(&mut body, path, json!("x".repeat(limit + 1)));
        let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains(&limit.to_string())), "{problem}");
    }
    let mut body = session_body(&SPECIMEN_TD3);
    body["extra_fields"] = json!({"phone": "9".repeat(1001)});
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let mut four_lines = session_body(&SPECIMEN_TD3);
    four_lines["document"]["mrz"] = json!([SPECIMEN_TD3[0], SPECIMEN_TD3[1], SPECIMEN_TD3[1], SPECIMEN_TD3[1]]);
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&four_lines).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let at_the_limit = {
        let mut body = session_body(&SPECIMEN_TD3);
        body["activity"]["user_agent"] = json!("Mozilla/5.0 ".repeat(85));
        body
    };
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&at_the_limit).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
}

fn set(body: &mut Value, path: &[&str], value: Value) {
    let (last, parents) = path.split_last().expect("a path");
    let mut at = body;
    for part in parents {
        at = &mut at[*part];
    }
    match last.parse::<usize>() {
        Ok(index) => at[index] = value,
        Err(_) => at[*last] = value,
    }
}

async fn nul_and_control_characters_are_refused_everywhere_without_a_500(app: TestApp) {
    let session = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = session["id"].as_str().expect("id").to_owned();
    let unauthenticated = [
        ("/api/v1/auth/login", json!({"email": "admin@acme.test\u{0}", "password": PASSWORD})),
        ("/api/v1/auth/token", json!({"grant_type": "client_credentials", "client_id": "acme-client\u{0}", "client_secret": "x"})),
    ];
    for (path, body) in unauthenticated {
        let response = app.http.post(app.url(path)).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let form = app
        .http
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=acme%00client&client_secret=x")
        .send()
        .await
        .expect("request");
    assert_problem(form, StatusCode::UNPROCESSABLE_ENTITY).await;
    let mut ingest = session_body(&SPECIMEN_TD3);
    ingest["document"]["fields"]["first_name"] = json!("Anna\u{0}");
    let mut user_agent = session_body(&SPECIMEN_TD3);
    user_agent["activity"]["user_agent"] = json!("Mozilla\u{1b}[31m");
    let mut extra = session_body(&SPECIMEN_TD3);
    extra["extra_fields"] = json!({"phone\u{0}": "1"});
    let writes = [
        (format!("/api/v1/sessions/{id}/notes"), app.acme.operator.clone(), json!({"body": "a\u{0}b"})),
        ("/api/v1/sessions".to_owned(), app.acme.client.clone(), ingest),
        ("/api/v1/sessions".to_owned(), app.acme.client.clone(), user_agent),
        ("/api/v1/sessions".to_owned(), app.acme.client.clone(), extra),
        ("/api/v1/screening/check".to_owned(), app.acme.viewer.clone(), json!({"last_name": "Beridze\u{0}"})),
        ("/api/v1/mrz/check".to_owned(), app.acme.viewer.clone(), json!({"mrz": "P<UTO\u{0}"})),
    ];
    for (path, token, body) in writes {
        let response = app.post(&path, &token).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    for query in ["/api/v1/sessions?q=an%00na", "/api/v1/audit-events?action=session.view%00", "/api/v1/audit-events?actor_id=%01"] {
        let response = app.get(query, &app.acme.admin).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    for path in ["/api/v1/sessions/x%00y".to_owned(), format!("/api/v1/sessions/{id}/photos/selfie%00")] {
        let response = app.get(&path, &app.acme.admin).send().await.expect("request");
        assert_problem(response, StatusCode::NOT_FOUND).await;
    }
    let response = app.http.get(app.url("/healthz")).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

async fn a_type_error_names_the_field_and_never_the_value(app: TestApp) {
    let mut body = session_body(&SPECIMEN_TD3);
    body["verification"]["face_match_level"] = json!("MARIA IVANOVA PII2");
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "verification.face_match_level");
    assert!(!problem.to_string().contains("MARIA"), "{problem}");
    let mut spoof = session_body(&SPECIMEN_TD3);
    spoof["verification"]["document_spoof"] = json!({});
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&spoof).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let malformed = app
        .post("/api/v1/sessions", &app.acme.client)
        .header("content-type", "application/json")
        .body("{\"external_id\": ")
        .send()
        .await
        .expect("request");
    assert_problem(malformed, StatusCode::BAD_REQUEST).await;
}

fn multipart_body(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in parts {
        body.extend_from_slice(format!("--B\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--B--\r\n");
    body
}

async fn post_multipart(app: &TestApp, path: &str, body: Vec<u8>) -> reqwest::Response {
    app.post(path, &app.acme.client)
        .header("content-type", "multipart/form-data; boundary=B")
        .body(body)
        .send()
        .await
        .expect("request")
}

fn session_part() -> Vec<u8> {
    session_body(&SPECIMEN_TD3).to_string().into_bytes()
}

async fn multipart_parts_are_checked_by_name_count_and_kind(app: TestApp) {
    for path in ["/api/v1/sessions/multipart", "/api/v1/sessions"] {
        let bogus = multipart_body(&[("session", session_part()), ("bogus_kind_1", vec![0; 9 * 1024 * 1024])]);
        let problem = assert_problem(post_multipart(&app, path, bogus).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem["errors"][0]["field"], "photo kind");
        let twice = multipart_body(&[("session", session_part()), ("selfie", jpeg_bytes()), ("selfie", jpeg_bytes())]);
        assert_problem(post_multipart(&app, path, twice).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        let frames: Vec<(String, Vec<u8>)> = (0..12).map(|i| (format!("liveness_{i}"), jpeg_bytes())).collect();
        let mut parts: Vec<(&str, Vec<u8>)> = vec![("session", session_part())];
        parts.extend(frames.iter().map(|(name, bytes)| (name.as_str(), bytes.clone())));
        assert_problem(post_multipart(&app, path, multipart_body(&parts)).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        let not_an_image = multipart_body(&[("session", session_part()), ("selfie", b"<svg onload=alert(1)>".repeat(100))]);
        assert_problem(post_multipart(&app, path, not_an_image).await, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    }
    let fine = multipart_body(&[("session", session_part()), ("selfie", jpeg_bytes()), ("liveness_1", jpeg_bytes())]);
    let response = post_multipart(&app, "/api/v1/sessions/multipart", fine).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.expect("json");
    assert_eq!(created["photos"].as_array().map(Vec::len), Some(2));
    let json = app.post("/api/v1/sessions/multipart", &app.acme.client).json(&session_body(&SPECIMEN_TD3)).send().await.expect("request");
    assert_problem(json, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

async fn a_multipart_ingest_has_a_total_size_limit(app: TestApp) {
    let mut large_photo = jpeg_bytes();
    large_photo.resize(10 * 1024 * 1024 - 1024, 0);
    let kinds = ["document_front", "document_back", "selfie", "liveness_1", "liveness_2"];
    let mut parts: Vec<(&str, Vec<u8>)> = vec![("session", session_part())];
    parts.extend(kinds.iter().map(|kind| (*kind, large_photo.clone())));
    let response = post_multipart(&app, "/api/v1/sessions/multipart", multipart_body(&parts)).await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
}

/// Sends raw bytes on a fresh connection and returns what the server answered, and when.
async fn raw_exchange(app: &TestApp, request: Vec<u8>, wait: Duration) -> (String, Duration) {
    let address = app.address.trim_start_matches("http://").to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(wait)).expect("timeout");
        let started = Instant::now();
        stream.write_all(&request).expect("write");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
    })
    .await
    .expect("join")
}

async fn a_body_shorter_than_its_content_length_gets_408(app: TestApp) {
    let request = format!(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{{\"a\":",
        app.acme.client
    );
    let (answer, took) = raw_exchange(&app, request.into_bytes(), Duration::from_secs(20)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // The connection was closed: read_to_end returned rather than timing out.
    assert!(answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
}

async fn a_multipart_body_without_its_closing_boundary_is_answered(app: TestApp) {
    let body = "--B\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n{}\r\n";
    let request = format!(
        "POST /api/v1/sessions/multipart HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        app.acme.client,
        body.len()
    );
    let (answer, took) = raw_exchange(&app, request.into_bytes(), Duration::from_secs(20)).await;
    assert!(answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

fn blob_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.data_dir().join("blobs");
    let Ok(folders) = std::fs::read_dir(&root) else { return Vec::new() };
    folders
        .flatten()
        .flat_map(|folder| std::fs::read_dir(folder.path()).into_iter().flatten().flatten())
        .map(|file| file.path())
        .filter(|path| !path.file_name().is_some_and(|name| name.to_string_lossy().starts_with(".tmp")))
        .collect()
}

fn other_jpeg(seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([seed, (x * 9) as u8, (y * 7) as u8]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).expect("jpeg");
    bytes.into_inner()
}

async fn put_selfie(app: &TestApp, id: &str, bytes: Vec<u8>) {
    let response = app
        .http
        .put(app.url(&format!("/api/v1/sessions/{id}/photos/selfie")))
        .bearer_auth(&app.acme.client)
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

async fn refused_ingests_and_replaced_photos_leave_no_blob_behind(app: TestApp) {
    let mut bad_mrz = session_body(&["P<UTOERIKSSON"]);
    bad_mrz["external_id"] = json!("refused-1");
    let refused = multipart_body(&[("session", bad_mrz.to_string().into_bytes()), ("selfie", other_jpeg(1))]);
    assert_problem(post_multipart(&app, "/api/v1/sessions/multipart", refused).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(blob_files(&app).is_empty(), "a refused ingest left {:?}", blob_files(&app));
    let first = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let mut duplicate = session_body(&SPECIMEN_TD3);
    duplicate["external_id"] = first["external_id"].clone();
    let conflict = multipart_body(&[("session", duplicate.to_string().into_bytes()), ("selfie", other_jpeg(2))]);
    assert_problem(post_multipart(&app, "/api/v1/sessions/multipart", conflict).await, StatusCode::CONFLICT).await;
    assert!(blob_files(&app).is_empty(), "a refused ingest left {:?}", blob_files(&app));
    let id = first["id"].as_str().expect("id");
    put_selfie(&app, id, other_jpeg(3)).await;
    assert_eq!(blob_files(&app).len(), 1);
    put_selfie(&app, id, other_jpeg(4)).await;
    assert_eq!(blob_files(&app).len(), 1, "the replaced selfie is still on disk");
    let photo = app.get(&format!("/api/v1/sessions/{id}/photos/selfie"), &app.acme.viewer).send().await.expect("request");
    assert_eq!(photo.bytes().await.expect("bytes").to_vec(), other_jpeg(4));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &std::path::Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
        let blob = &blob_files(&app)[0];
        assert_eq!(mode(blob), 0o600);
        assert_eq!(mode(blob.parent().expect("folder")), 0o700);
        assert_eq!(mode(&app.data_dir().join("blobs")), 0o700);
        let database = app.data_dir().join("kyc.sqlite");
        if database.exists() {
            assert_eq!(mode(&database), 0o600);
            let wal = app.data_dir().join("kyc.sqlite-wal");
            if wal.exists() {
                assert_eq!(mode(&wal), 0o600);
            }
        }
    }
}

async fn a_blob_shared_by_two_sessions_stays_when_one_replaces_it(app: TestApp) {
    let one = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let two = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let (one, two) = (one["id"].as_str().expect("id"), two["id"].as_str().expect("id"));
    put_selfie(&app, one, other_jpeg(5)).await;
    put_selfie(&app, two, other_jpeg(5)).await;
    put_selfie(&app, one, other_jpeg(6)).await;
    let photo = app.get(&format!("/api/v1/sessions/{two}/photos/selfie"), &app.acme.viewer).send().await.expect("request");
    assert_eq!(photo.status(), StatusCode::OK);
    assert_eq!(photo.bytes().await.expect("bytes").to_vec(), other_jpeg(5));
    assert_eq!(blob_files(&app).len(), 2);
}

async fn an_attempt_row_keeps_only_the_front_side(app: TestApp) {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Payload {
        #[diesel(sql_type = diesel::sql_types::Text)]
        payload_json: String,
    }
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let payloads = app
        .state
        .db
        .read(|conn| Ok(diesel::sql_query("SELECT payload_json FROM attempts").load::<Payload>(conn)?))
        .await
        .expect("attempts");
    for payload in payloads {
        let stored: Value = serde_json::from_str(&payload.payload_json).expect("json");
        assert_eq!(stored.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()), Some(vec!["document".to_owned()]));
        assert_eq!(stored["document"].as_object().map(|o| o.len()), Some(1), "{stored}");
        assert!(!payload.payload_json.contains("Mozilla") && !payload.payload_json.contains("L898902C3"), "{stored}");
    }
}

async fn undeclared_methods_get_405_with_allow(app: TestApp) {
    let session = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = session["id"].as_str().expect("id");
    for (method, path, allow) in [
        (reqwest::Method::DELETE, format!("/api/v1/sessions/{id}"), "GET"),
        (reqwest::Method::PATCH, format!("/api/v1/sessions/{id}"), "GET"),
        (reqwest::Method::PUT, "/api/v1/sessions".to_owned(), "GET, POST"),
        // A literal path beside a template: not read as the session whose id is "multipart".
        (reqwest::Method::GET, "/api/v1/sessions/multipart".to_owned(), "POST"),
        (reqwest::Method::from_bytes(b"TRACE").expect("method"), "/api/v1/auth/login".to_owned(), "POST"),
    ] {
        let response = app.http.request(method, app.url(&path)).bearer_auth(&app.acme.admin).send().await.expect("request");
        let mut allowed: Vec<String> = response
            .headers()
            .get("allow")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .split(", ")
            .map(str::to_owned)
            .collect();
        allowed.sort();
        assert_eq!(allowed.join(", "), allow, "{path}");
        assert_problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
    }
    let unknown = app.http.delete(app.url("/api/v1/nothing-here")).send().await.expect("request");
    assert_problem(unknown, StatusCode::NOT_FOUND).await;
}

async fn the_session_activity_log_honours_its_filters(app: TestApp) {
    let session = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = session["id"].as_str().expect("id");
    app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("view");
    let all: Value = app.get(&format!("/api/v1/sessions/{id}/activity"), &app.acme.admin).send().await.expect("request").json().await.expect("json");
    assert!(all["items"].as_array().expect("items").len() >= 2);
    let created: Value = app
        .get(&format!("/api/v1/sessions/{id}/activity?action=session.create"), &app.acme.admin)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let actions: Vec<&str> = created["items"].as_array().expect("items").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, vec!["session.create"]);
    let future: Value = app
        .get(&format!("/api/v1/sessions/{id}/activity?from=2999-01-01T00:00:00Z"), &app.acme.admin)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(future["items"].as_array().map(Vec::len), Some(0));
}

async fn the_client_ip_country_is_resolved_shown_and_drives_the_high_risk_rule(app: TestApp) {
    let country = app.state.geoip.country("8.8.8.8".parse().expect("ip")).expect("a country for 8.8.8.8");
    let mrz = passport_mrz("NASSER", "YOUSEF", "JOR", "1990-04-02");
    let unexpired: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let mut from_there = session_body(&unexpired);
    from_there["activity"]["client_ip"] = json!("8.8.8.8");
    let before = app.create_session(&app.acme, from_there.clone()).await;
    assert_eq!(before["customer_activity"]["ip_country"], country.as_str());
    assert_eq!(before["status"], "verified", "{before}");
    let documentation = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    assert_eq!(documentation["customer_activity"]["ip_country"], Value::Null);
    let attempts: Value = app
        .get(&format!("/api/v1/sessions/{}/attempts", before["id"].as_str().expect("id")), &app.acme.viewer)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(attempts["items"][0]["ip_country"], country.as_str());
    let mut settings: Value = app.get("/api/v1/settings", &app.acme.admin).send().await.expect("request").json().await.expect("json");
    settings["high_risk_ip_countries"] = json!([country]);
    let stored = app.http.put(app.url("/api/v1/settings")).bearer_auth(&app.acme.admin).json(&settings).send().await.expect("request");
    assert_eq!(stored.status(), StatusCode::OK);
    from_there["external_id"] = json!(format!("ext-{}", uuid::Uuid::new_v4().simple()));
    let after = app.create_session(&app.acme, from_there).await;
    // The domain's rule table decides what a high-risk IP country does; it no longer verifies.
    assert!(after["status"] == "rejected" || after["status"] == "awaiting_action", "{after}");
    assert_eq!(after["verification"]["verified"], false);
    let elsewhere = app.create_session(&app.acme, session_body(&unexpired)).await;
    assert_eq!(elsewhere["status"], "verified");
}

#[actix_web::test]
async fn a_caller_past_its_budget_of_expensive_calls_gets_429_and_others_do_not() {
    let app = TestApp::sqlite_with(&[("KYC_EXPENSIVE_CALLS_PER_MINUTE", "6"), ("KYC_EXPENSIVE_BURST", "2")]).await;
    let screen = |token: String| {
        app.post("/api/v1/screening/check", &token).json(&json!({"last_name": "Beridze"})).send()
    };
    for _ in 0..2 {
        assert_eq!(screen(app.acme.viewer.clone()).await.expect("request").status(), StatusCode::OK);
    }
    let refused = screen(app.acme.viewer.clone()).await.expect("request");
    let retry_after: u64 = refused.headers()["retry-after"].to_str().expect("text").parse().expect("seconds");
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert_problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(screen(app.acme.operator.clone()).await.expect("request").status(), StatusCode::OK);
    // Cheap reads are not budgeted.
    assert_eq!(app.get("/api/v1/sessions", &app.acme.viewer).send().await.expect("request").status(), StatusCode::OK);
}

#[actix_web::test]
async fn a_client_that_never_finishes_its_request_head_is_cut_off() {
    let app = TestApp::sqlite().await;
    let (answer, took) =
        raw_exchange(&app, b"GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\n".to_vec(), Duration::from_secs(20)).await;
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

#[actix_web::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = TestApp::sqlite().await;
    let (answer, took) =
        raw_exchange(&app, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), Duration::from_secs(20)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(took < Duration::from_secs(8), "the idle connection stayed open for {took:?}");
}
