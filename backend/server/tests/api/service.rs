use crate::helpers::{TestApp, assert_problem};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::Value;

on_both_backends!(
    the_health_endpoint_answers_without_a_token,
    the_openapi_document_lists_every_endpoint_with_bearer_security,
    the_interactive_docs_are_served_offline,
    an_unknown_api_path_is_a_problem,
);

async fn the_health_endpoint_answers_without_a_token(app: TestApp) {
    let response = app.http.get(app.url("/healthz")).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

async fn the_openapi_document_lists_every_endpoint_with_bearer_security(app: TestApp) {
    let document: Value = app.http.get(app.url("/api/v1/openapi.json")).send().await.expect("request").json().await.expect("json");
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    for path in ["/api/v1/sessions", "/api/v1/sessions/{id}", "/api/v1/auth/login", "/healthz"] {
        assert!(document["paths"][path].is_object(), "missing {path}");
    }
}

async fn the_interactive_docs_are_served_offline(app: TestApp) {
    let page = app.http.get(app.url("/docs/")).send().await.expect("request");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("swagger-ui"));
    assert!(!html.contains("https://"), "no asset may come from the internet");
    let bundle = app.http.get(app.url("/docs/swagger-ui-bundle.js")).send().await.expect("request");
    assert_eq!(bundle.status(), StatusCode::OK);
}

async fn an_unknown_api_path_is_a_problem(app: TestApp) {
    let response = app.http.get(app.url("/api/v1/nothing-here")).send().await.expect("request");
    assert_problem(response, StatusCode::NOT_FOUND).await;
}

#[test]
fn the_committed_openapi_yaml_matches_the_code() {
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.yaml");
    let committed = std::fs::read_to_string(committed_path).expect("openapi.yaml at the repository root");
    let generated = kyc_server::api::openapi_yaml().expect("yaml");
    assert!(
        committed == generated,
        "openapi.yaml is stale: run scripts/openapi.sh and commit the result"
    );
}
