//! The PDF report: what it prints (read back with poppler's pdftotext), that its pages are not
//! blank (pdftoppm), who may export it, and the verification of a printed code.

use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, jpeg_bytes, session_body};
use crate::on_both_backends;
use chrono::{Duration, NaiveDate, Utc};
use kyc_domain::mrz::MrzFormat;
use kyc_domain::mrz::build::{MrzDocument, build};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

on_both_backends!(
    the_report_prints_every_field_value_of_a_demo_session_in_english_and_georgian,
    every_page_carries_its_number_the_record_hash_and_the_code,
    a_rendered_page_is_not_blank,
    the_download_is_an_uncached_pdf_attachment_and_the_export_is_audited,
    a_session_without_photos_or_screening_still_exports,
    without_a_token_the_report_is_unauthorized,
    another_companys_session_has_no_report,
    an_unknown_session_has_no_report,
    an_unknown_language_is_a_bad_request,
    verify_tells_a_current_report_from_one_whose_session_changed_since,
    notes_and_decisions_are_printed_and_make_earlier_reports_stale,
    an_unknown_code_is_not_valid,
    another_company_cannot_verify_a_code_nor_learn_its_session,
    a_malformed_code_is_a_bad_request_and_verify_needs_a_token,
);

/// A session like the demo's: a listed Georgian citizen with an ID card, Georgian names on the
/// front side, three photos (one a PNG with an alpha channel), two attempts and a screening hit.
async fn demo_session(app: &TestApp) -> Value {
    app.import_demo_list().await;
    let today = Utc::now().date_naive();
    let document = MrzDocument {
        format: MrzFormat::Td1,
        document_code: "ID".into(),
        issuing_state: "GEO".into(),
        last_name: "BERIDZE".into(),
        first_name: "GIORGI".into(),
        document_number: "13AB45678".into(),
        nationality: "GEO".into(),
        birth_date: NaiveDate::from_ymd_opt(1971, 3, 14).expect("date"),
        sex: 'M',
        expiration_date: today + Duration::days(900),
        personal_number: "01024054978".into(),
        optional: String::new(),
    };
    let mrz = build(&document);
    let body = json!({
        "external_id": format!("flow-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]),
        "document": {
            "type": "id_card",
            "mrz": mrz,
            "fields": {"first_name": "გიორგი", "last_name": "ბერიძე", "document_number": "13AB45678", "sex": "M"}
        },
        "verification": {"liveness_passed": true, "face_match_level": 6, "document_spoof": "real", "full_document_detected": true},
        "activity": {
            "user_agent": "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
            "client_ip": "31.146.77.12",
            "started_at": "2026-11-20T09:14:03Z",
            "finished_at": "2026-11-20T09:16:41Z",
            "liveness_finished": true,
            "document_finished": true
        },
        "extra_fields": {"phone": "+995 555 12 34 56"}
    });
    let created = app.create_session(&app.acme, body.clone()).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let mut retry = body;
    retry.as_object_mut().expect("object").remove("external_id");
    retry["activity"]["client_ip"] = json!("31.146.77.13");
    let response = app.post(&format!("/api/v1/sessions/{id}/attempts"), &app.acme.client).json(&retry).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    for (kind, bytes) in [("document_front", large_jpeg(900, 560)), ("document_back", jpeg_bytes()), ("selfie", rgba_png())] {
        let response = app
            .http
            .put(app.url(&format!("/api/v1/sessions/{id}/photos/{kind}")))
            .bearer_auth(&app.acme.client)
            .body(bytes)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{kind}");
    }
    app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json")
}

fn large_jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).expect("jpeg");
    bytes.into_inner()
}

fn rgba_png() -> Vec<u8> {
    let image = image::RgbaImage::from_fn(120, 160, |x, y| image::Rgba([200, (x * 2) as u8, (y) as u8, if x < 60 { 255 } else { 90 }]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).expect("png");
    bytes.into_inner()
}

struct Downloaded {
    bytes: Vec<u8>,
    code: String,
}

async fn download(app: &TestApp, id: &str, token: &str, lang: &str) -> Downloaded {
    let response = app.get(&format!("/api/v1/sessions/{id}/report.pdf?lang={lang}"), token).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let code = response.headers()["x-verification-code"].to_str().expect("ascii").to_owned();
    let bytes = response.bytes().await.expect("bytes").to_vec();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    Downloaded { bytes, code }
}

/// Writes the PDF to a temporary file for poppler's tools.
pub(crate) struct TempPdf(pub(crate) PathBuf);

impl TempPdf {
    pub(crate) fn new(bytes: &[u8]) -> TempPdf {
        let path = std::env::temp_dir().join(format!("kyc-report-{}.pdf", uuid::Uuid::new_v4()));
        std::fs::write(&path, bytes).expect("write pdf");
        TempPdf(path)
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub(crate) fn tool_available(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: {tool} (poppler-utils) is not installed");
    }
    found
}

/// The text of the PDF (or of one page), as pdftotext extracts it.
pub(crate) fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let mut command = Command::new("pdftotext");
    command.args(["-enc", "UTF-8"]);
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let output = command.arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 text")
}

/// Text without any whitespace: a value wrapped over two lines still matches.
pub(crate) fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The value is printed: whole, or, when pdftotext's reading order interleaves a value wrapped
/// over lines of a table cell with the next row, word by word.
fn assert_prints(text: &str, value: &str, what: &str) {
    let all = squeezed(text);
    let printed = all.contains(&squeezed(value)) || value.split_whitespace().all(|word| all.contains(word));
    assert!(printed, "{what}: {value:?} is not in the report:\n{text}");
}

async fn the_report_prints_every_field_value_of_a_demo_session_in_english_and_georgian(app: TestApp) {
    if !tool_available("pdftotext") {
        return;
    }
    let session = demo_session(&app).await;
    let id = session["id"].as_str().expect("id");
    assert_eq!(session["pep"]["status"], "potential_match", "the demo list should flag this person");
    for (lang, labels) in [
        ("en", ["Summary", "Verification", "MRZ check", "Customer activity", "Notes and decisions", "Attempts history", "First name", "Date of birth"]),
        ("ka", ["შეჯამება", "ვერიფიკაცია", "MRZ-ის შემოწმება", "მომხმარებლის აქტივობა", "შენიშვნები და გადაწყვეტილებები", "მცდელობების ისტორია", "სახელი", "დაბადების თარიღი"]),
    ] {
        let pdf = download(&app, id, &app.acme.viewer, lang).await;
        let file = TempPdf::new(&pdf.bytes);
        let text = pdf_text(&file.0, None);
        for label in labels {
            assert_prints(&text, label, lang);
        }
        for (name, value) in session["summary"].as_object().expect("summary") {
            if let Some(value) = value.as_str().filter(|v| !matches!(*v, "male" | "female" | "id_card")) {
                assert_prints(&text, value, &format!("{lang} summary.{name}"));
            }
        }
        let sex = if lang == "en" { "Male" } else { "მამრობითი" };
        let document_type = if lang == "en" { "Identity card" } else { "პირადობის მოწმობა" };
        assert_prints(&text, sex, "sex");
        assert_prints(&text, document_type, "document type");
        for value in ["გიორგი", "ბერიძე", "Giorgi Beridze", "demo-p001", "demo-sanctions", "v1", "Acme", "1/100000", "+995 555 12 34 56", "phone"] {
            assert_prints(&text, value, lang);
        }
        let activity = &session["customer_activity"];
        for value in [
            activity["client_ip"].as_str(),
            activity["session_id"].as_str(),
            activity["user_agent"]["raw"].as_str(),
            activity["user_agent"]["device_name"].as_str(),
            activity["user_agent"]["browser"].as_str(),
            activity["user_agent"]["os"].as_str(),
            activity["user_agent"]["device_type"].as_str(),
            session["external_id"].as_str(),
        ] {
            assert_prints(&text, value.expect("value"), &format!("{lang} activity"));
        }
        assert_prints(&text, "2026-11-20 09:14:03 UTC", "started at");
        assert_prints(&text, "2026-11-20 09:16:41 UTC", "finished at");
        assert_prints(&text, "31.146.77.12", "first attempt's IP");
        for line in session["mrz"].as_array().expect("mrz") {
            assert_prints(&text, line.as_str().expect("line"), "MRZ line");
        }
        assert_prints(&text, "Acme viewer", "generated by");
        assert_prints(&text, &pdf.code, "verification code");
    }
}

async fn every_page_carries_its_number_the_record_hash_and_the_code(app: TestApp) {
    if !tool_available("pdftotext") {
        return;
    }
    let session = demo_session(&app).await;
    let id = session["id"].as_str().expect("id");
    for lang in ["en", "ka"] {
        let pdf = download(&app, id, &app.acme.operator, lang).await;
        let verified: Value = app
            .get(&format!("/api/v1/reports/verify?code={}", pdf.code), &app.acme.operator)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        let hash = verified["record_hash"].as_str().expect("hash");
        let pages = verified["pages"].as_i64().expect("pages") as usize;
        assert!(pages >= 2, "a report with photos, MRZ, screening and attempts spans pages, got {pages}");
        let file = TempPdf::new(&pdf.bytes);
        for page in 1..=pages {
            let text = pdf_text(&file.0, Some(page));
            let numbering = if lang == "en" { format!("Page {page} of {pages}") } else { format!("გვერდი {page} / {pages}") };
            assert_prints(&text, &numbering, "page number");
            assert_prints(&text, hash, "record hash");
            assert_prints(&text, &pdf.code, "code");
            assert_prints(&text, &format!("/api/v1/reports/verify?code={}", pdf.code), "where to verify");
        }
    }
}

async fn a_rendered_page_is_not_blank(app: TestApp) {
    if !tool_available("pdftoppm") {
        return;
    }
    let session = demo_session(&app).await;
    let pdf = download(&app, session["id"].as_str().expect("id"), &app.acme.admin, "ka").await;
    let file = TempPdf::new(&pdf.bytes);
    let prefix = file.0.with_extension("");
    let output = Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file.0)
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs");
    assert!(output.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&output.stderr));
    let png_path = prefix.with_extension("png");
    let page = image::open(&png_path).expect("page image").to_rgb8();
    let _ = std::fs::remove_file(&png_path);
    // A4 at 40 dpi.
    assert!((320..=340).contains(&page.width()) && (460..=475).contains(&page.height()), "{}x{}", page.width(), page.height());
    let inked = page.pixels().filter(|p| p.0.iter().any(|&c| c < 200)).count();
    let colourful = page.pixels().filter(|p| p.0.iter().max().unwrap_or(&0) - p.0.iter().min().unwrap_or(&0) > 60).count();
    let total = (page.width() * page.height()) as usize;
    assert!(inked * 20 > total, "only {inked} of {total} pixels carry ink");
    assert!(colourful > 500, "the photos should show in colour, {colourful} coloured pixels");
}

async fn the_download_is_an_uncached_pdf_attachment_and_the_export_is_audited(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    for token in [&app.acme.viewer, &app.acme.client] {
        let response = app.get(&format!("/api/v1/sessions/{id}/report.pdf"), token).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(headers["content-disposition"], format!("attachment; filename=\"session-{id}-report-en.pdf\""));
        let code = headers["x-verification-code"].to_str().expect("ascii");
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
    }
    let (state, target) = (app.state.clone(), id.to_owned());
    let events = state
        .db
        .read(move |conn| {
            let filter = kyc_server::db::audit::AuditFilter {
                target_id: Some(target),
                action: Some("session.export".into()),
                ..Default::default()
            };
            kyc_server::db::audit::list(conn, &kyc_server::db::Scope::Platform, &filter, 10)
        })
        .await
        .expect("audit");
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|event| event.outcome == "ok" && event.target_type.as_deref() == Some("session")));
}

async fn a_session_without_photos_or_screening_still_exports(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let pdf = download(&app, id, &app.acme.viewer, "en").await;
    if !tool_available("pdftotext") {
        return;
    }
    let file = TempPdf::new(&pdf.bytes);
    let text = pdf_text(&file.0, None);
    for value in ["No photos were captured.", "Not screened", "No notes or decisions.", "ERIKSSON", "L898902C3", "UTO"] {
        assert_prints(&text, value, "plain session");
    }
    // The specimen expired in 2012: the expiry check fails and the report says so.
    assert_prints(&text, "Document valid", "verification");
}

async fn without_a_token_the_report_is_unauthorized(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let response = app.http.get(app.url(&format!("/api/v1/sessions/{id}/report.pdf"))).send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn another_companys_session_has_no_report(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    for token in [&app.globex.admin, &app.globex.viewer, &app.globex.client] {
        let response = app.get(&format!("/api/v1/sessions/{id}/report.pdf"), token).send().await.expect("request");
        let problem = assert_problem(response, StatusCode::NOT_FOUND).await;
        assert_eq!(problem["detail"], "session not found");
    }
}

async fn an_unknown_session_has_no_report(app: TestApp) {
    let response = app.get("/api/v1/sessions/no-such-session/report.pdf", &app.acme.admin).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::NOT_FOUND).await;
    assert_eq!(problem["detail"], "session not found");
}

async fn an_unknown_language_is_a_bad_request(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let response = app.get(&format!("/api/v1/sessions/{id}/report.pdf?lang=de"), &app.acme.admin).send().await.expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

async fn verify(app: &TestApp, code: &str, token: &str) -> Value {
    let response = app.get(&format!("/api/v1/reports/verify?code={code}"), token).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn verify_tells_a_current_report_from_one_whose_session_changed_since(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let pdf = download(&app, id, &app.acme.viewer, "ka").await;
    // Reading the session or exporting it again changes nothing.
    app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request");
    let again = download(&app, id, &app.acme.admin, "en").await;
    assert_ne!(again.code, pdf.code);

    let current = verify(&app, &pdf.code.to_lowercase().replace('-', " "), &app.acme.viewer).await;
    assert_eq!(current["valid"], true);
    assert_eq!(current["current"], true);
    assert_eq!(current["verdict"], "current");
    assert_eq!(current["code"], pdf.code);
    assert_eq!(current["session_id"], id);
    assert_eq!(current["language"], "ka");
    assert_eq!(current["generated_by"], "Acme viewer");
    assert_eq!(current["record_hash"], current["current_record_hash"]);
    assert!(current["generated_at"].is_string());
    let printed_hash = current["record_hash"].as_str().expect("hash").to_owned();
    assert_eq!(verify(&app, &again.code, &app.acme.viewer).await["record_hash"], printed_hash.as_str());

    let mut retry = session_body(&SPECIMEN_TD3);
    retry.as_object_mut().expect("object").remove("external_id");
    retry["verification"]["face_match_level"] = json!(3);
    let response = app.post(&format!("/api/v1/sessions/{id}/attempts"), &app.acme.client).json(&retry).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);

    let changed = verify(&app, &pdf.code, &app.acme.viewer).await;
    assert_eq!(changed["valid"], true);
    assert_eq!(changed["current"], false);
    assert_eq!(changed["verdict"], "changed");
    assert_eq!(changed["record_hash"], printed_hash.as_str());
    assert_ne!(changed["current_record_hash"], printed_hash.as_str());
    let fresh = download(&app, id, &app.acme.viewer, "en").await;
    assert_eq!(verify(&app, &fresh.code, &app.acme.viewer).await["verdict"], "current");
}

async fn an_unknown_code_is_not_valid(app: TestApp) {
    let answer = verify(&app, "7K2QD-M9XHA", &app.acme.viewer).await;
    assert_eq!(answer, json!({
        "code": "7K2QD-M9XHA", "valid": false, "current": false, "verdict": "unknown_code",
        "session_id": null, "generated_at": null, "generated_by": null, "language": null, "pages": null,
        "record_hash": null, "current_record_hash": null, "redacted_at": null
    }));
}

async fn another_company_cannot_verify_a_code_nor_learn_its_session(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let pdf = download(&app, id, &app.acme.viewer, "en").await;
    for token in [&app.globex.admin, &app.globex.viewer, &app.globex.client] {
        let answer = verify(&app, &pdf.code, token).await;
        assert_eq!(answer["valid"], false);
        assert_eq!(answer["verdict"], "unknown_code");
        assert!(answer["session_id"].is_null() && answer["record_hash"].is_null());
    }
    assert_eq!(verify(&app, &pdf.code, &app.acme.client).await["verdict"], "current");
}

async fn a_malformed_code_is_a_bad_request_and_verify_needs_a_token(app: TestApp) {
    for code in ["", "ABC", "7K2QD-M9XHU", "7K2QD-M9XHA-1"] {
        let response = app.get(&format!("/api/v1/reports/verify?code={code}"), &app.acme.viewer).send().await.expect("request");
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
    let response = app.get("/api/v1/reports/verify", &app.acme.viewer).send().await.expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
    let response = app.http.get(app.url("/api/v1/reports/verify?code=7K2QD-M9XHA")).send().await.expect("request");
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
}

async fn notes_and_decisions_are_printed_and_make_earlier_reports_stale(app: TestApp) {
    // The specimen expired in 2012: the session awaits an operator's decision.
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let before = download(&app, id, &app.acme.viewer, "en").await;

    let note = json!({"body": "Called the customer; the passport was renewed in 2013."});
    let response = app.post(&format!("/api/v1/sessions/{id}/notes"), &app.acme.operator).json(&note).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(verify(&app, &before.code, &app.acme.viewer).await["verdict"], "changed");
    let noted = download(&app, id, &app.acme.viewer, "en").await;

    let decision = json!({"decision": "reject", "note": "The selfie shows someone else.", "reasons": ["selfie_mismatch"]});
    let response = app.post(&format!("/api/v1/sessions/{id}/decision"), &app.acme.operator).json(&decision).send().await.expect("request");
    assert!(response.status().is_success(), "{}", response.text().await.unwrap_or_default());
    assert_eq!(verify(&app, &noted.code, &app.acme.viewer).await["verdict"], "changed");

    let after = download(&app, id, &app.acme.viewer, "ka").await;
    assert_eq!(verify(&app, &after.code, &app.acme.viewer).await["verdict"], "current");
    if !tool_available("pdftotext") {
        return;
    }
    let file = TempPdf::new(&after.bytes);
    let text = pdf_text(&file.0, None);
    for value in [
        "Called the customer; the passport was renewed in 2013.",
        "The selfie shows someone else.",
        "სელფი არ ემთხვევა",
        "უარყოფა",
        "Acme operator",
        "უარყოფილი",
    ] {
        assert_prints(&text, value, "notes and decisions");
    }
}
