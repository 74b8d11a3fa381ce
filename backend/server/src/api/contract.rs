//! What every operation of the OpenAPI document states beside its own annotations, so that
//! generated SDKs and contract testers see every answer the edge can give.
//!
//! - Security: a `bearer` scheme and an OAuth 2 `clientCredentials` scheme whose token URL is
//!   `/api/v1/auth/token`; every secured operation accepts either, so SDKs can fetch and renew
//!   tokens themselves.
//! - Responses the edge gives whatever the handler: 401 on secured operations; 400, 408, 413,
//!   415 and 422 on operations with a body; 400 and 422 on operations with query parameters;
//!   429 and 503 on the expensive operations (`api::extract::Expensive`).
//! - The rules serde cannot state in the schema: a screening needs at least one name.
//! - The YAML is written so that YAML 1.1 loaders (PyYAML) read dates and timestamps as strings.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{AllOfBuilder, AnyOfBuilder, ObjectBuilder, Schema};
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, OpenApi, Ref, RefOr};

/// The operations that take a call from the caller's budget and may wait for heavy work.
pub const EXPENSIVE_OPERATIONS: &[&str] = &[
    "create_session",
    "create_session_multipart",
    "create_attempt",
    "put_photo",
    "check_mrz",
    "check_screening",
    "get_report_pdf",
];

pub struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut OpenApi) {
        add_security_schemes(openapi);
        for item in openapi.paths.paths.values_mut() {
            for operation in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch]
                .into_iter()
                .flatten()
            {
                complete(operation);
            }
        }
        require_a_name_to_screen(openapi);
    }
}

fn add_security_schemes(openapi: &mut OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    components.add_security_scheme(
        "oauth2",
        SecurityScheme::OAuth2(OAuth2::with_description(
            [Flow::ClientCredentials(ClientCredentials::new("/api/v1/auth/token", Scopes::new()))],
            "A company's servers: client credentials for a 15-minute access token (the same token as `bearer`).",
        )),
    );
}

fn complete(operation: &mut Operation) {
    let secured = operation.security.as_ref().is_some_and(|requirements| !requirements.is_empty());
    if secured {
        operation.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("oauth2", Vec::<String>::new()),
        ]);
        add(operation, "401", "No valid token");
    }
    if let Some(RefOr::T(body)) = &operation.request_body {
        let detail = body_refusals(body);
        add(operation, "400", "Unreadable body (malformed JSON or multipart)");
        add(operation, "408", "The body did not arrive within the body-read timeout; the connection is closed");
        add(operation, "413", detail.0);
        add(operation, "415", detail.1);
        add(operation, "422", "A field is invalid: too long, a control character, a wrong type or value");
    }
    let has_query = operation
        .parameters
        .as_ref()
        .is_some_and(|parameters| {
            parameters.iter().any(|p| matches!(p, RefOr::T(parameter) if parameter.parameter_in == ParameterIn::Query))
        });
    if has_query {
        add(operation, "400", "Invalid query parameter (limit, cursor, filter)");
        add(operation, "422", "A query parameter holds a control character or is too long");
    }
    if operation.operation_id.as_deref().is_some_and(|id| EXPENSIVE_OPERATIONS.contains(&id)) {
        add_with_retry_after(operation, "429", "The caller's budget of expensive requests is spent");
        add_with_retry_after(operation, "503", "The server's heavy-work capacity is taken");
    }
}

fn body_refusals(body: &RequestBody) -> (&'static str, &'static str) {
    if body.content.keys().any(|media| media.starts_with("image/") || media == "application/octet-stream") {
        ("Larger than 10 MiB", "Not a JPEG, PNG or WebP image")
    } else if body.content.contains_key("multipart/form-data") {
        ("A part, or the whole body, is too large", "Not multipart/form-data, or a photo part that is not JPEG, PNG or WebP")
    } else {
        ("The body is larger than 1 MiB", "The body is not application/json")
    }
}

fn problem_response(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        "application/problem+json",
        ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
    )
}

/// Documents a status the handler's annotations do not already name.
fn add(operation: &mut Operation, status: &str, description: &str) {
    insert(operation, status, problem_response(description).build());
}

fn add_with_retry_after(operation: &mut Operation, status: &str, description: &str) {
    let retry_after = HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::Integer).minimum(Some(1))))
        .description(Some("Seconds to wait before trying again"))
        .build();
    insert(operation, status, problem_response(description).header("Retry-After", retry_after).build());
}

fn insert(operation: &mut Operation, status: &str, response: Response) {
    operation.responses.responses.entry(status.to_owned()).or_insert(RefOr::T(response));
}

/// `ScreeningCheckRequest` must name someone: a first name, a last name or a native name.
fn require_a_name_to_screen(openapi: &mut OpenApi) {
    let Some(components) = openapi.components.as_mut() else { return };
    let Some(RefOr::T(schema @ Schema::Object(_))) = components.schemas.get("ScreeningCheckRequest").cloned() else { return };
    let one_of_the_names = AnyOfBuilder::new()
        .item(ObjectBuilder::new().required("first_name").property("first_name", non_blank()))
        .item(ObjectBuilder::new().required("last_name").property("last_name", non_blank()))
        .item(
            ObjectBuilder::new().required("native_names").property(
                "native_names",
                utoipa::openapi::schema::ArrayBuilder::new().items(non_blank()).min_items(Some(1)),
            ),
        );
    let combined = AllOfBuilder::new().item(schema).item(one_of_the_names).build();
    components.schemas.insert("ScreeningCheckRequest".to_owned(), RefOr::T(Schema::AllOf(combined)));
}

/// A string with something other than spaces in it.
fn non_blank() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::String).pattern(Some("\\S"))
}

/// The document as YAML that YAML 1.1 loaders read as the JSON it stands for: scalars that a
/// 1.1 loader would turn into dates, timestamps or booleans are quoted.
pub fn to_yaml(openapi: &OpenApi) -> anyhow::Result<String> {
    let yaml = openapi.to_yaml()?;
    Ok(yaml.lines().map(quote_yaml11_scalar).collect::<Vec<_>>().join("\n") + "\n")
}

fn quote_yaml11_scalar(line: &str) -> String {
    let value_start = match line.find(": ") {
        Some(index) if !line.trim_start().starts_with('-') || line.trim_start().starts_with("- ") => index + 2,
        _ => match line.trim_start().strip_prefix("- ") {
            Some(rest) => line.len() - rest.len(),
            None => return line.to_owned(),
        },
    };
    let (head, value) = line.split_at(value_start);
    if is_yaml11_special(value) { format!("{head}'{}'", value.replace('\'', "''")) } else { line.to_owned() }
}

/// Plain scalars that YAML 1.1 reads as something other than a string.
fn is_yaml11_special(value: &str) -> bool {
    let bytes = value.as_bytes();
    let date_like = bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit);
    let boolean = matches!(
        value.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    ) && !matches!(value, "true" | "false" | "null");
    date_like || boolean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_yaml11_booleans_are_quoted_and_other_scalars_are_not() {
        assert_eq!(quote_yaml11_scalar("        started_at: 2026-11-20T09:14:03Z"), "        started_at: '2026-11-20T09:14:03Z'");
        assert_eq!(quote_yaml11_scalar("        birth_date: 1971-03-14"), "        birth_date: '1971-03-14'");
        assert_eq!(quote_yaml11_scalar("      - 1971-03-14"), "      - '1971-03-14'");
        assert_eq!(quote_yaml11_scalar("        answer: yes"), "        answer: 'yes'");
        assert_eq!(quote_yaml11_scalar("        valid: true"), "        valid: true");
        assert_eq!(quote_yaml11_scalar("        name: Beridze"), "        name: Beridze");
        assert_eq!(quote_yaml11_scalar("      type: string"), "      type: string");
    }

    #[test]
    fn every_secured_operation_accepts_bearer_or_client_credentials_tokens() {
        let document = super::super::openapi();
        for (path, item) in &document.paths.paths {
            for operation in [&item.get, &item.put, &item.post, &item.delete, &item.patch].into_iter().flatten() {
                let Some(security) = &operation.security else { continue };
                if security.is_empty() {
                    continue;
                }
                let names = serde_json::to_string(security).expect("json");
                assert!(names.contains("bearer") && names.contains("oauth2"), "{path}: {names}");
            }
        }
    }
}
