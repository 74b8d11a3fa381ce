use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, jpeg_bytes, session_body};
use crate::on_both_backends;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

on_both_backends!(
    photos_sent_with_a_multipart_ingest_are_served_back,
    a_photo_uploaded_later_replaces_the_earlier_one,
    another_companys_photo_is_not_found,
    a_missing_photo_is_not_found,
    a_photo_that_is_not_an_image_is_refused,
    a_photo_over_ten_mebibytes_is_too_large,
    an_unknown_photo_kind_is_unprocessable,
    a_viewer_may_not_upload_photos,
    a_multipart_ingest_without_a_session_part_is_unprocessable,
);

async fn ingest_with_selfie(app: &TestApp) -> Value {
    let form = Form::new()
        .part("session", Part::text(session_body(&SPECIMEN_TD3).to_string()).mime_str("application/json").expect("mime"))
        .part("selfie", Part::bytes(jpeg_bytes()).file_name("selfie.jpg"));
    let response = app.post("/api/v1/sessions", &app.acme.client).multipart(form).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("json")
}

async fn photos_sent_with_a_multipart_ingest_are_served_back(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    assert_eq!(created["photos"][0]["kind"], "selfie");
    let url = created["photos"][0]["url"].as_str().expect("url");
    let response = app.get(url, &app.acme.viewer).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), jpeg_bytes());
}

async fn a_photo_uploaded_later_replaces_the_earlier_one(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let id = created["id"].as_str().expect("id");
    let png = {
        let image = image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        image.write_to(&mut bytes, image::ImageFormat::Png).expect("png");
        bytes.into_inner()
    };
    let put = app.http.put(app.url(&format!("/api/v1/sessions/{id}/photos/selfie"))).bearer_auth(&app.acme.client).body(png.clone()).send().await.expect("request");
    assert_eq!(put.status(), StatusCode::OK);
    let response = app.get(&format!("/api/v1/sessions/{id}/photos/selfie"), &app.acme.viewer).send().await.expect("request");
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), png);
}

async fn another_companys_photo_is_not_found(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let url = created["photos"][0]["url"].as_str().expect("url");
    assert_problem(app.get(url, &app.globex.admin).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    let id = created["id"].as_str().expect("id");
    let put = app.http.put(app.url(&format!("/api/v1/sessions/{id}/photos/selfie"))).bearer_auth(&app.globex.client).body(jpeg_bytes()).send().await.expect("request");
    assert_problem(put, StatusCode::NOT_FOUND).await;
}

async fn a_missing_photo_is_not_found(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let id = created["id"].as_str().expect("id");
    let response = app.get(&format!("/api/v1/sessions/{id}/photos/document_back"), &app.acme.viewer).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn a_photo_that_is_not_an_image_is_refused(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let id = created["id"].as_str().expect("id");
    for body in [b"GIF89a\x01\x00\x01\x00".to_vec(), b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(), b"<html><script>alert(1)</script>".to_vec()] {
        let put = app.http.put(app.url(&format!("/api/v1/sessions/{id}/photos/selfie"))).bearer_auth(&app.acme.client).body(body).send().await.expect("request");
        assert_problem(put, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    }
}

async fn a_photo_over_ten_mebibytes_is_too_large(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let id = created["id"].as_str().expect("id");
    let mut huge = jpeg_bytes();
    huge.resize(10 * 1024 * 1024 + 1, 0);
    let put = app.http.put(app.url(&format!("/api/v1/sessions/{id}/photos/selfie"))).bearer_auth(&app.acme.client).body(huge).send().await.expect("request");
    assert_problem(put, StatusCode::PAYLOAD_TOO_LARGE).await;
}

async fn an_unknown_photo_kind_is_unprocessable(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let id = created["id"].as_str().expect("id");
    let put = app.http.put(app.url(&format!("/api/v1/sessions/{id}/photos/passport_scan"))).bearer_auth(&app.acme.client).body(jpeg_bytes()).send().await.expect("request");
    assert_problem(put, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn a_viewer_may_not_upload_photos(app: TestApp) {
    let created = ingest_with_selfie(&app).await;
    let id = created["id"].as_str().expect("id");
    let put = app.http.put(app.url(&format!("/api/v1/sessions/{id}/photos/selfie"))).bearer_auth(&app.acme.viewer).body(jpeg_bytes()).send().await.expect("request");
    assert_problem(put, StatusCode::FORBIDDEN).await;
}

async fn a_multipart_ingest_without_a_session_part_is_unprocessable(app: TestApp) {
    let form = Form::new().part("selfie", Part::bytes(jpeg_bytes()).file_name("selfie.jpg"));
    let response = app.post("/api/v1/sessions", &app.acme.client).multipart(form).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}
