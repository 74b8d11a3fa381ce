use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, passport_mrz, session_body};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    a_sessions_mrz_report_lists_every_field_with_positions,
    a_bad_composite_check_digit_is_reported_in_the_products_words,
    the_mrz_of_another_companys_session_is_not_found,
    the_stateless_mrz_check_accepts_lines_or_text,
    the_stateless_mrz_check_answers_unusable_input_with_line_and_position,
    the_stateless_mrz_check_proposes_a_repair_when_asked,
    the_stateless_checks_need_a_token,
    a_listed_person_is_a_potential_match_with_reasons,
    an_unlisted_person_is_clear_against_the_lists_screened,
    a_session_without_lists_is_not_screened,
    an_operator_marks_a_match_false_positive_with_a_note,
    a_viewer_may_not_review_a_match,
    reviewing_a_match_of_another_companys_session_is_not_found,
    a_review_needs_a_known_verdict_and_a_note,
    the_screening_check_needs_a_name,
    only_admins_see_the_stored_lists,
);

async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    let response = app.get(path, token).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.expect("json")
}

async fn a_sessions_mrz_report_lists_every_field_with_positions(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let report = get_json(&app, &format!("/api/v1/sessions/{id}/mrz"), &app.acme.viewer).await;
    assert_eq!(report["format"], "TD3");
    assert_eq!(report["valid"], true);
    assert_eq!(report["fields"]["document_number"], "L898902C3");
    assert_eq!(report["lines"], json!(SPECIMEN_TD3));
    let number = report["details"].as_array().expect("details").iter().find(|d| d["field"] == "document_number").expect("field");
    assert_eq!(number["label"], "Document number");
    assert_eq!((number["line"].as_u64(), number["start"].as_u64(), number["end"].as_u64()), (Some(1), Some(0), Some(9)));
}

async fn a_bad_composite_check_digit_is_reported_in_the_products_words(app: TestApp) {
    let broken = [SPECIMEN_TD3[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<18"];
    let created = app.create_session(&app.acme, session_body(&broken)).await;
    let id = created["id"].as_str().expect("id");
    let report = get_json(&app, &format!("/api/v1/sessions/{id}/mrz"), &app.acme.operator).await;
    assert_eq!(report["valid"], false);
    let errors: Vec<&Value> = report["details"].as_array().expect("details").iter().filter(|d| d["valid"] == false).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["label"], "Composite check digit");
    assert_eq!(errors[0]["error"], "invalid check digit: 8. Must be 0");
    assert_eq!(errors[0]["code"], "invalid_check_digit");
    assert_eq!((errors[0]["line"].as_u64(), errors[0]["start"].as_u64()), (Some(1), Some(43)));
}

async fn the_mrz_of_another_companys_session_is_not_found(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    for path in [format!("/api/v1/sessions/{id}/mrz"), format!("/api/v1/sessions/{id}/pep"), "/api/v1/sessions/nope/mrz".to_owned()] {
        let response = app.get(&path, &app.globex.admin).send().await.expect("request");
        assert_problem(response, StatusCode::NOT_FOUND).await;
    }
}

async fn the_stateless_mrz_check_accepts_lines_or_text(app: TestApp) {
    for body in [json!({"lines": SPECIMEN_TD3}), json!({"mrz": format!("{}\r\n{}\n", SPECIMEN_TD3[0], SPECIMEN_TD3[1])})] {
        let response = app.post("/api/v1/mrz/check", &app.acme.client).json(&body).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        let report: Value = response.json().await.expect("json");
        assert_eq!(report["valid"], true);
        assert_eq!(report["fields"]["last_name"], "ERIKSSON");
    }
}

async fn the_stateless_mrz_check_answers_unusable_input_with_line_and_position(app: TestApp) {
    let bad_character = json!({"lines": [SPECIMEN_TD3[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<1é"]});
    let response = app.post("/api/v1/mrz/check", &app.acme.viewer).json(&bad_character).send().await.expect("request");
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["line"], 1);
    assert_eq!(problem["errors"][0]["position"], 43);
    for body in [json!({"lines": []}), json!({"lines": ["A", "B", "C", "D"]}), json!({"lines": ["ABC"], "mrz": "ABC"}), json!({"lines": ["P<UTO"]})] {
        let response = app.post("/api/v1/mrz/check", &app.acme.viewer).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let response = app.post("/api/v1/mrz/check", &app.acme.viewer).header("content-type", "application/json").body("{").send().await.expect("request");
    assert_problem(response, StatusCode::BAD_REQUEST).await;
}

async fn the_stateless_mrz_check_proposes_a_repair_when_asked(app: TestApp) {
    // An OCR misread: the letter O for the digit 0 in the birth date.
    let misread = [SPECIMEN_TD3[0], "L898902C36UTO74O8122F1204159ZE184226B<<<<<10"];
    let body = json!({"lines": misread, "repair": true});
    let report: Value = app.post("/api/v1/mrz/check", &app.acme.viewer).json(&body).send().await.expect("request").json().await.expect("json");
    assert_eq!(report["valid"], false);
    assert_eq!(report["repair"]["lines"], json!(SPECIMEN_TD3));
    assert_eq!(report["repair"]["changes"][0], json!({"line": 1, "position": 15, "from": "O", "to": "0", "basis": report["repair"]["changes"][0]["basis"]}));
}

async fn the_stateless_checks_need_a_token(app: TestApp) {
    for path in ["/api/v1/mrz/check", "/api/v1/screening/check"] {
        let response = app.http.post(app.url(path)).json(&json!({"lines": SPECIMEN_TD3})).send().await.expect("request");
        assert_problem(response, StatusCode::UNAUTHORIZED).await;
    }
}

async fn a_listed_person_is_a_potential_match_with_reasons(app: TestApp) {
    app.import_demo_list().await;
    let mrz = passport_mrz("BERIDZE", "GIORGI", "GEO", "1971-03-14");
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let created = app.create_session(&app.acme, session_body(&refs)).await;
    assert_eq!(created["pep"]["status"], "potential_match");
    let id = created["id"].as_str().expect("id");
    let pep = get_json(&app, &format!("/api/v1/sessions/{id}/pep"), &app.acme.viewer).await;
    assert_eq!(pep["status"], "potential_match");
    assert_eq!(pep["lists"][0]["name"], "demo-sanctions");
    assert_eq!(pep["lists"][0]["version"], "v1");
    let hit = &pep["matches"][0];
    assert_eq!(hit["entity_id"], "demo-p001");
    assert!(hit["score"].as_u64().is_some_and(|score| score >= 80), "{hit}");
    assert_eq!(hit["review"], "open");
    let kinds: Vec<&str> = hit["reasons"].as_array().expect("reasons").iter().filter_map(|r| r["kind"].as_str()).collect();
    assert!(kinds.contains(&"birth_date"), "{kinds:?}");
    assert!(hit["reasons"][0]["text"].as_str().is_some_and(|text| !text.is_empty()));
    assert!(pep["screened_at"].is_string());
}

async fn an_unlisted_person_is_clear_against_the_lists_screened(app: TestApp) {
    app.import_demo_list().await;
    let body = json!({"first_name": "Anna Maria", "last_name": "Eriksson", "birth_date": "1974-08-12"});
    let result: Value = app.post("/api/v1/screening/check", &app.acme.client).json(&body).send().await.expect("request").json().await.expect("json");
    assert_eq!(result["status"], "clear");
    assert_eq!(result["matches"], json!([]));
    assert_eq!(result["lists"][0]["name"], "demo-sanctions");
    let georgian = json!({"native_names": ["გიორგი ბერიძე"], "birth_date": "1971"});
    let result: Value = app.post("/api/v1/screening/check", &app.acme.client).json(&georgian).send().await.expect("request").json().await.expect("json");
    assert_eq!(result["status"], "potential_match", "{result}");
}

async fn a_session_without_lists_is_not_screened(app: TestApp) {
    let created = app.create_session(&app.acme, session_body(&SPECIMEN_TD3)).await;
    let id = created["id"].as_str().expect("id");
    let pep = get_json(&app, &format!("/api/v1/sessions/{id}/pep"), &app.acme.viewer).await;
    assert_eq!(pep["status"], "not_screened");
    assert_eq!(pep["matches"], json!([]));
}

async fn listed_session(app: &TestApp) -> String {
    app.import_demo_list().await;
    let mrz = passport_mrz("BERIDZE", "GIORGI", "GEO", "1971-03-14");
    let refs: Vec<&str> = mrz.iter().map(String::as_str).collect();
    let created = app.create_session(&app.acme, session_body(&refs)).await;
    created["id"].as_str().expect("id").to_owned()
}

async fn an_operator_marks_a_match_false_positive_with_a_note(app: TestApp) {
    let id = listed_session(&app).await;
    let path = format!("/api/v1/sessions/{id}/pep/matches/demo-p001/review");
    let body = json!({"review": "false_positive", "note": "Different father's name in the registry"});
    let response = app.post(&path, &app.acme.operator).json(&body).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let pep: Value = response.json().await.expect("json");
    assert_eq!(pep["matches"][0]["review"], "false_positive");
    assert_eq!(pep["status"], "clear");
    let details = get_json(&app, &format!("/api/v1/sessions/{id}"), &app.acme.viewer).await;
    assert_eq!(details["pep"]["status"], "clear");
    assert_eq!(details["notes_count"], 1);
    let confirm = json!({"review": "confirmed", "note": "Same person after all"});
    let pep: Value = app.post(&path, &app.acme.admin).json(&confirm).send().await.expect("request").json().await.expect("json");
    assert_eq!(pep["status"], "confirmed_match");
}

async fn a_viewer_may_not_review_a_match(app: TestApp) {
    let id = listed_session(&app).await;
    let body = json!({"review": "confirmed", "note": "x"});
    for token in [&app.acme.viewer, &app.acme.client] {
        let response = app.post(&format!("/api/v1/sessions/{id}/pep/matches/demo-p001/review"), token).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::FORBIDDEN).await;
    }
}

async fn reviewing_a_match_of_another_companys_session_is_not_found(app: TestApp) {
    let id = listed_session(&app).await;
    let body = json!({"review": "confirmed", "note": "x"});
    let response = app.post(&format!("/api/v1/sessions/{id}/pep/matches/demo-p001/review"), &app.globex.operator).json(&body).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
    let response = app.post(&format!("/api/v1/sessions/{id}/pep/matches/no-such-entity/review"), &app.acme.operator).json(&body).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

async fn a_review_needs_a_known_verdict_and_a_note(app: TestApp) {
    let id = listed_session(&app).await;
    let path = format!("/api/v1/sessions/{id}/pep/matches/demo-p001/review");
    for body in [json!({"review": "maybe", "note": "x"}), json!({"review": "confirmed", "note": "   "})] {
        let response = app.post(&path, &app.acme.operator).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
}

async fn the_screening_check_needs_a_name(app: TestApp) {
    for body in [json!({"birth_date": "1971"}), json!({"last_name": "Beridze", "sex": "Q"})] {
        let response = app.post("/api/v1/screening/check", &app.acme.viewer).json(&body).send().await.expect("request");
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
}

async fn only_admins_see_the_stored_lists(app: TestApp) {
    app.import_demo_list().await;
    let lists = get_json(&app, "/api/v1/screening/lists", &app.acme.admin).await;
    assert_eq!(lists["items"][0]["name"], "demo-sanctions");
    assert_eq!(lists["items"][0]["active"], true);
    assert!(lists["items"][0]["entry_count"].as_i64().is_some_and(|count| count > 0));
    for token in [&app.acme.operator, &app.acme.viewer, &app.acme.client] {
        let response = app.get("/api/v1/screening/lists", token).send().await.expect("request");
        assert_problem(response, StatusCode::FORBIDDEN).await;
    }
}
