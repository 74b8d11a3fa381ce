use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, session_body};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    an_api_client_ingests_a_session_and_reads_it_back,
    an_admin_may_ingest_but_an_operator_or_viewer_may_not,
    another_companys_session_is_not_found,
    an_unknown_session_id_is_not_found,
    an_mrz_with_a_character_outside_the_alphabet_is_unprocessable_with_its_position,
    a_face_match_level_outside_one_to_seven_is_unprocessable,
    an_unknown_field_in_the_body_is_unprocessable,
    a_json_body_over_one_mebibyte_is_too_large,
    a_body_that_is_neither_json_nor_multipart_is_unsupported,
    a_reused_external_id_conflicts,
    the_list_pages_with_a_cursor_and_never_shows_other_companies,
    the_list_finds_sessions_by_document_number_and_name,
    the_list_filters_by_status_and_verified,
    bad_list_parameters_are_bad_requests,
    a_further_attempt_is_recorded_and_listed,
    attempts_of_another_companys_session_are_not_found,
    reading_a_session_is_audited,
    personal_data_responses_are_not_cached_and_not_sniffed,
);

async fn an_api_client_ingests_a_session_and_reads_it_back(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let read: Value = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(read["summary"]["last_name"], "ERIKSSON");
    assert_eq!(read["summary"]["first_name"], "ANNA MARIA");
    assert_eq!(read["summary"]["document_number"], "L898902C3");
    assert_eq!(read["summary"]["birth_date"], "1974-08-12");
    assert_eq!(read["summary"]["nationality"], "UTO");
    assert_eq!(read["company"]["name"], "Acme");
    assert_eq!(read["verification"]["face_match"], json!({"level": 6, "far": "1/100000"}));
    assert_eq!(read["customer_activity"]["client_ip"], "203.0.113.7");
    assert_eq!(read["customer_activity"]["session_id"], id);
    assert_eq!(read["customer_activity"]["attempts"], 1);
    assert_eq!(read["customer_activity"]["user_agent"]["device_type"], "mobile");
    assert_eq!(read["extra_fields"][0]["name"], "phone");
    assert_eq!(read["mrz"], json!(SPECIMEN_TD3));
    // The specimen expired in 2012: the MRZ is valid but the document is not.
    assert_eq!(read["mrz_valid"], true);
    assert_eq!(read["verification"]["document_valid"], false);
    assert_eq!(read["verification"]["verified"], false);
}

async fn an_admin_may_ingest_but_an_operator_or_viewer_may_not(app: TestApp) {
    for (token, expected) in [
        (&app.acme.admin, StatusCode::CREATED),
        (&app.acme.operator, StatusCode::FORBIDDEN),
        (&app.acme.viewer, StatusCode::FORBIDDEN),
    ] {
        let response = app.post("/api/v1/sessions", token).json(&session_body(&SPECIMEN_TD3)).send().await.expect("request");
        assert_eq!(response.status(), expected);
        if expected == StatusCode::FORBIDDEN {
            assert_problem(response, StatusCode::FORBIDDEN).await;
        }
    }
}

async fn another_companys_session_is_not_found(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    for token in [&app.globex.admin, &app.globex.viewer, &app.globex.client] {
        let response = app.get(&format!("/api/v1/sessions/{id}"), token).send().await.expect("request");
        let problem = assert_problem(response, StatusCode::NOT_FOUND).await;
        assert_eq!(problem["detail"], "session not found");
    }
}

async fn an_unknown_session_id_is_not_found(app: TestApp) {
    let response = app.get("/api/v1/sessions/no-such-session", &app.acme.admin).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::NOT_FOUND).await;
    assert_eq!(problem["detail"], "session not found");
}

async fn an_mrz_with_a_character_outside_the_alphabet_is_unprocessable_with_its_position(app: TestApp) {
    let broken = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<1ä"];
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&session_body(&broken)).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["line"], 1);
    assert_eq!(problem["errors"][0]["position"], 43);
}

async fn a_face_match_level_outside_one_to_seven_is_unprocessable(app: TestApp) {
    let mut body = session_body(&SPECIMEN_TD3);
    body["verification"]["face_match_level"] = json!(8);
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "verification.face_match_level");
}

async fn an_unknown_field_in_the_body_is_unprocessable(app: TestApp) {
    let mut body = session_body(&SPECIMEN_TD3);
    body["verification"]["face_match_score"] = json!(99);
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
}

async fn a_json_body_over_one_mebibyte_is_too_large(app: TestApp) {
    let mut body = session_body(&SPECIMEN_TD3);
    body["external_id"] = json!("x".repeat(1024 * 1024 + 10));
    let response = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
}

async fn a_body_that_is_neither_json_nor_multipart_is_unsupported(app: TestApp) {
    let response = app
        .post("/api/v1/sessions", &app.acme.client)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("request");
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
}

async fn a_reused_external_id_conflicts(app: TestApp) {
    let body = session_body(&SPECIMEN_TD3);
    app.create_session(&app.acme, body.clone()).await;
    let again = app.post("/api/v1/sessions", &app.acme.client).json(&body).send().await.expect("request");
    assert_problem(again, StatusCode::CONFLICT).await;
    // Another company may use the same reference.
    app.create_session(&app.globex, body).await;
}

async fn the_list_pages_with_a_cursor_and_never_shows_other_companies(app: TestApp) {
    for _ in 0..5 {
        app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    }
    app.create_session(&app.globex, session_body(&SPECIMEN_TD3)).await;
    let first: Value = app.get("/api/v1/sessions?limit=2", &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let mut seen: Vec<String> = first["items"].as_array().into_iter().flatten().map(|s| s["id"].as_str().unwrap_or("").to_owned()).collect();
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let page: Value = app.get(&format!("/api/v1/sessions?limit=2&cursor={next}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
        seen.extend(page["items"].as_array().into_iter().flatten().map(|s| s["id"].as_str().unwrap_or("").to_owned()));
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len(), 5);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5, "no session appears twice across pages");
    let globex: Value = app.get("/api/v1/sessions", &app.globex.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(globex["items"].as_array().map(Vec::len), Some(1));
}

async fn the_list_finds_sessions_by_document_number_and_name(app: TestApp) {
    app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    for query in ["L898902C3", "eriksson", "ANNA", "Anna Maria"] {
        let page: Value = app.get(&format!("/api/v1/sessions?q={query}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
        assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "searching {query}");
    }
    let none: Value = app.get("/api/v1/sessions?q=%25", &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0), "a LIKE wildcard is searched for literally");
    let other: Value = app.get("/api/v1/sessions?q=L898902C3", &app.globex.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(other["items"].as_array().map(Vec::len), Some(0));
}

async fn the_list_filters_by_status_and_verified(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let status = created["status"].as_str().expect("status");
    let page: Value = app.get(&format!("/api/v1/sessions?status={status}&verified=false"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    let other_status = if status == "rejected" { "verified" } else { "rejected" };
    let page: Value = app.get(&format!("/api/v1/sessions?status={other_status}"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
}

async fn bad_list_parameters_are_bad_requests(app: TestApp) {
    for query in ["limit=0", "limit=101", "cursor=garbage", "status=approved", "verified=maybe", "from=yesterday", "spoof=ghost"] {
        let response = app.get(&format!("/api/v1/sessions?{query}"), &app.acme.viewer).send().await.expect("request");
        assert_problem(response, StatusCode::BAD_REQUEST).await;
    }
}

async fn a_further_attempt_is_recorded_and_listed(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let mut retry = session_body(&SPECIMEN_TD3);
    retry.as_object_mut().expect("object").remove("external_id");
    retry["verification"]["face_match_level"] = json!(3);
    let response = app.post(&format!("/api/v1/sessions/{id}/attempts"), &app.acme.client).json(&retry).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    let details: Value = response.json().await.expect("json");
    assert_eq!(details["customer_activity"]["attempts"], 2);
    assert_eq!(details["verification"]["face_match"]["level"], 3);
    let attempts: Value = app.get(&format!("/api/v1/sessions/{id}/attempts"), &app.acme.viewer).send().await.expect("request").json().await.expect("json");
    let levels: Vec<_> = attempts["items"].as_array().into_iter().flatten().map(|a| a["face_match_level"].clone()).collect();
    assert_eq!(levels, [json!(6), json!(3)]);
    assert_eq!(attempts["items"][1]["number"], 2);
    let viewer_retry = app.post(&format!("/api/v1/sessions/{id}/attempts"), &app.acme.viewer).json(&retry).send().await.expect("request");
    assert_problem(viewer_retry, StatusCode::FORBIDDEN).await;
}

async fn attempts_of_another_companys_session_are_not_found(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let read = app.get(&format!("/api/v1/sessions/{id}/attempts"), &app.globex.admin).send().await.expect("request");
    assert_problem(read, StatusCode::NOT_FOUND).await;
    let mut retry = session_body(&SPECIMEN_TD3);
    retry.as_object_mut().expect("object").remove("external_id");
    let write = app.post(&format!("/api/v1/sessions/{id}/attempts"), &app.globex.client).json(&retry).send().await.expect("request");
    assert_problem(write, StatusCode::NOT_FOUND).await;
}

async fn reading_a_session_is_audited(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id").to_owned();
    app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request");
    let events = app.state.db.read_now(kyc_server::db::audit::all_in_order).expect("events");
    let actions: Vec<_> = events.iter().filter(|e| e.target_id.as_deref() == Some(id.as_str())).map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["session.create", "session.view"]);
    assert!(kyc_server::cases::admin::verify_audit(&app.state).is_ok());
}

async fn personal_data_responses_are_not_cached_and_not_sniffed(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let response = app.get(&format!("/api/v1/sessions/{id}"), &app.acme.viewer).send().await.expect("request");
    let headers = response.headers();
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-security-policy"].to_str().unwrap_or("").contains("frame-ancestors 'none'"));
}
