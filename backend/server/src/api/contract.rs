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
        state_the_text_rules(openapi);
        require_a_name_to_screen(openapi);
        describe_the_webhooks(openapi);
    }
}

/// The OpenAPI 3.1 `webhooks` section: one entry per event type, each the POST our delivery
/// worker sends to a company's endpoint, with its Standard Webhooks headers and the
/// `WebhookEvent` body (docs/WEBHOOKS.md). SDK generators and readers see what arrives.
fn describe_the_webhooks(openapi: &mut OpenApi) {
    use kyc_domain::webhooks::EventType;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, PathItem};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::{PathsBuilder, Required, schema::Type};

    let header = |name: &str, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build()
    };
    let mut paths = PathsBuilder::new();
    for event_type in EventType::ALL {
        let body = RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("WebhookEvent"))).build())
            .build();
        let operation = OperationBuilder::new()
            .operation_id(Some(format!("webhook_{}", event_type.as_str().replace('.', "_"))))
            .summary(Some(event_type.description()))
            .description(Some(format!(
                "Sent with `type` = `{}`. The signature covers `{{webhook-id}}.{{webhook-timestamp}}.{{body}}` \
                 (Standard Webhooks); retries keep the same `webhook-id`.",
                event_type.as_str()
            )))
            .parameter(header("webhook-id", "The event's id: the same on every retry (deduplicate by it)"))
            .parameter(header("webhook-timestamp", "Seconds since the Unix epoch when this attempt was signed"))
            .parameter(header("webhook-signature", "Space-separated `v1,<base64 HMAC-SHA256>` signatures"))
            .request_body(Some(body))
            .response(
                "2XX",
                ResponseBuilder::new().description("Received. Any other answer, or none within the timeout, is retried").build(),
            );
        paths = paths.path(event_type.as_str(), PathItem::new(HttpMethod::Post, operation));
    }
    openapi.webhooks = Some(paths.build());
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

/// Every bounded string that names no pattern, set of values or machine format is one line
/// without control characters (what `api::wire::text::Text` accepts); the document says so, so
/// that contract testers and SDK validators do not send what the edge must refuse. Path and
/// query parameters with a grammar of their own get it.
fn state_the_text_rules(openapi: &mut OpenApi) {
    let Ok(mut document) = serde_json::to_value(&*openapi) else { return };
    give_parameters_their_grammar(&mut document);
    describe_the_mrz_shapes(&mut document);
    state_property_rules(&mut document);
    give_single_line_patterns(&mut document);
    // The passes write only what the typed model can hold; a test checks the document changed.
    if let Ok(rewritten) = serde_json::from_value(document) {
        *openapi = rewritten;
    }
}

/// Formats whose grammar already excludes control characters.
const MACHINE_FORMATS: &[&str] = &["date", "date-time", "uuid", "binary", "byte", "ipv4", "ipv6", "uri", "int64", "int32"];

/// Parameters named the same way everywhere, and the grammar their values follow.
fn parameter_grammar(location: &str, name: &str) -> Option<&'static str> {
    match (location, name) {
        ("path", "kind") => Some(kyc_domain::session::PhotoKind::PATTERN),
        ("query", "code") => Some(kyc_domain::report::VerificationCode::PATTERN),
        ("query", "cursor") => Some(crate::api::cursor::PATTERN),
        _ => None,
    }
}

fn give_parameters_their_grammar(document: &mut serde_json::Value) {
    let Some(paths) = document.get_mut("paths").and_then(serde_json::Value::as_object_mut) else { return };
    let operations = paths.values_mut().filter_map(serde_json::Value::as_object_mut).flat_map(|item| item.values_mut());
    for parameter in operations.filter_map(|operation| operation.get_mut("parameters")?.as_array_mut()).flatten() {
        let location = parameter.get("in").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
        let name = parameter.get("name").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
        let (Some(pattern), Some(schema)) = (parameter_grammar(&location, &name), parameter.get_mut("schema")) else { continue };
        if let Some(schema) = schema.as_object_mut().filter(|schema| !schema.contains_key("pattern")) {
            schema.insert("pattern".to_owned(), pattern.into());
        }
    }
}

/// An MRZ is read only in the shapes of ICAO 9303 and the national formats (`MrzFormat`): one
/// line of 30, three of 30, two of 36, two of 44, or 9, 30, 30; each line of `A-Z`, `0-9` and
/// `<`, trailing spaces allowed. The document states these shapes for the line arrays and the
/// one-text form, from the domain's own table.
fn describe_the_mrz_shapes(document: &mut serde_json::Value) {
    let mut shapes: Vec<&[usize]> = kyc_domain::mrz::MrzFormat::ALL.iter().map(|format| format.line_lengths()).collect();
    shapes.sort();
    shapes.dedup();
    let line = |length: usize| serde_json::json!({"type": "string", "pattern": format!("^[A-Z0-9<]{{{length}}} *$")});
    let arrays: Vec<serde_json::Value> = shapes.iter().map(|lengths| mrz_lines_shape(lengths, line)).collect();
    let texts: Vec<String> = shapes
        .iter()
        .map(|lengths| lengths.iter().map(|length| format!("[A-Z0-9<]{{{length}}} *")).collect::<Vec<_>>().join("\\r?\\n"))
        .collect();
    let text_pattern = format!("^(?:{})(?:\\r?\\n *)*$", texts.join("|"));
    let schemas = document.pointer_mut("/components/schemas");
    let Some(schemas) = schemas.and_then(serde_json::Value::as_object_mut) else { return };
    for (schema, property) in [("DocumentInput", "mrz"), ("MrzLinesRequest", "lines")] {
        if let Some(slot) = schemas.get_mut(schema).and_then(|s| s.pointer_mut(&format!("/properties/{property}"))) {
            let description = slot.get("description").cloned();
            *slot = serde_json::json!({"oneOf": arrays});
            if let Some(description) = description {
                slot["description"] = description;
            }
        }
    }
    if let Some(slot) = schemas.get_mut("MrzTextRequest").and_then(|s| s.pointer_mut("/properties/mrz")) {
        slot["pattern"] = text_pattern.into();
    }
}

/// What a property's wire type checks beyond its JSON type, stated in its schema: merged into
/// the property's schema (`Merge`) or standing for it (`Replace`, keeping its description).
enum Rule {
    Merge(serde_json::Value),
    Replace(serde_json::Value),
}

fn property_rules() -> Vec<(&'static str, &'static str, Rule)> {
    use crate::api::wire::sessions::MAX_TEXT_FIELD_CHARS;
    use kyc_domain::session::FaceMatchLevel;
    use serde_json::json;
    let letters = |count: usize| json!({"items": {"type": "string", "pattern": format!("^ *[A-Za-z]{{{count}}} *$")}});
    vec![
        ("ScreeningCheckRequest", "sex", Rule::Merge(json!({"pattern": kyc_domain::screening::Sex::PATTERN}))),
        (
            "ScreeningCheckRequest",
            "native_names",
            Rule::Merge(json!({"items": {"type": "string", "maxLength": MAX_TEXT_FIELD_CHARS}})),
        ),
        (
            "ActivityInput",
            "client_ip",
            Rule::Replace(json!({"oneOf": [
                {"type": "string", "format": "ipv4"},
                {"type": "string", "format": "ipv6"},
                {"type": "null"},
            ], "example": "203.0.113.7"})),
        ),
        (
            "SettingsView",
            "min_face_match_level",
            Rule::Merge(json!({"minimum": FaceMatchLevel::MIN, "maximum": FaceMatchLevel::MAX})),
        ),
        ("SettingsView", "high_risk_nationalities", Rule::Merge(letters(3))),
        ("SettingsView", "high_risk_ip_countries", Rule::Merge(letters(2))),
        // Names are unique too; identical definitions are the case a schema can state.
        ("SettingsView", "extra_fields", Rule::Merge(json!({"maxItems": kyc_domain::extra_fields::MAX_FIELDS, "uniqueItems": true}))),
        (
            "ExtraFieldDefinitionView",
            "name",
            Rule::Merge(json!({"pattern": format!("^ *[a-z][a-z0-9_]{{0,{}}} *$", kyc_domain::extra_fields::MAX_NAME_LEN - 1)})),
        ),
        (
            "ExtraFieldDefinitionView",
            "label",
            Rule::Merge(json!({"pattern": crate::api::wire::text::NON_BLANK_LINE_PATTERN})),
        ),
    ]
}

/// Extra-field values as sent: names like `phone` (what the company may define), values of
/// free text. A company's definitions narrow both; the document states what holds for all.
fn extra_field_values() -> Rule {
    use kyc_domain::extra_fields::{MAX_FIELDS, MAX_NAME_LEN, MAX_VALUE_CHARS};
    Rule::Merge(serde_json::json!({
        "propertyNames": {"type": "string", "pattern": format!("^[a-z][a-z0-9_]{{0,{}}}$", MAX_NAME_LEN - 1)},
        "additionalProperties": {"type": "string", "maxLength": MAX_VALUE_CHARS, "pattern": crate::api::wire::text::PROSE_PATTERN},
        "maxProperties": MAX_FIELDS,
    }))
}

fn apply_rule(document: &mut serde_json::Value, schema: &str, property: &str, rule: Rule) {
    let Some(slot) = document.pointer_mut(&format!("/components/schemas/{schema}/properties/{property}")) else { return };
    match (rule, slot.as_object_mut()) {
        (Rule::Merge(serde_json::Value::Object(extra)), Some(object)) => object.extend(extra),
        (Rule::Replace(mut replacement), Some(object)) => {
            if let (Some(description), Some(target)) = (object.get("description"), replacement.as_object_mut()) {
                target.insert("description".to_owned(), description.clone());
            }
            *slot = replacement;
        }
        _ => {}
    }
}

fn state_property_rules(document: &mut serde_json::Value) {
    let inputs_with_extra_fields: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(serde_json::Value::as_object)
        .map(|schemas| {
            let is_map = |schema: &serde_json::Value| schema.pointer("/properties/extra_fields/additionalProperties").is_some();
            schemas.iter().filter(|(_, schema)| is_map(schema)).map(|(name, _)| name.clone()).collect()
        })
        .unwrap_or_default();
    for (schema, property, rule) in property_rules() {
        apply_rule(document, schema, property, rule);
    }
    for schema in &inputs_with_extra_fields {
        apply_rule(document, schema, "extra_fields", extra_field_values());
    }
    // The documented parts only (liveness frames, also read here, are documented on
    // `PUT /sessions/{id}/photos/{kind}`).
    if let Some(multipart) = document.pointer_mut("/components/schemas/SessionMultipart").and_then(serde_json::Value::as_object_mut) {
        multipart.insert("additionalProperties".to_owned(), false.into());
    }
    // A rejection names its reasons (each once); an approval names none.
    if let Some(decision) = document.pointer_mut("/components/schemas/DecisionInput") {
        let shapes = serde_json::json!([
            {"type": "object", "properties": {
                "decision": {"type": "string", "enum": ["approve"]},
                "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/RejectionReason"}, "maxItems": 0},
            }},
            {"type": "object", "required": ["reasons"], "properties": {
                "decision": {"type": "string", "enum": ["reject"]},
                "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/RejectionReason"}, "minItems": 1, "uniqueItems": true},
            }},
        ]);
        let original = decision.take();
        *decision = serde_json::json!({"allOf": [original, {"oneOf": shapes}]});
    }
}

/// One shape of MRZ lines: every line alike, or (Swiss driving licence) a first line of its own,
/// stated with `prefixItems`; `items` covers the lines after it (SDK generators reject
/// `items: false`).
fn mrz_lines_shape(lengths: &[usize], line: impl Fn(usize) -> serde_json::Value) -> serde_json::Value {
    let last = *lengths.last().unwrap_or(&0);
    let mut shape = serde_json::json!({
        "type": "array",
        "items": line(last),
        "minItems": lengths.len(),
        "maxItems": lengths.len(),
    });
    if lengths.iter().any(|&length| length != last) {
        shape["prefixItems"] = lengths.iter().map(|&length| line(length)).collect();
    }
    shape
}

fn give_single_line_patterns(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            let is_string = match object.get("type") {
                Some(serde_json::Value::String(kind)) => kind == "string",
                Some(serde_json::Value::Array(kinds)) => kinds.iter().any(|kind| kind == "string"),
                _ => false,
            };
            let machine_format = object.get("format").and_then(serde_json::Value::as_str).is_some_and(|f| MACHINE_FORMATS.contains(&f));
            let constrained = machine_format || ["pattern", "enum", "const"].iter().any(|key| object.contains_key(*key));
            if is_string && object.contains_key("maxLength") && !constrained {
                object.insert("pattern".to_owned(), crate::api::wire::text::SINGLE_LINE_PATTERN.into());
            }
            object.values_mut().for_each(give_single_line_patterns);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(give_single_line_patterns),
        _ => {}
    }
}

/// A line with something other than spaces in it.
fn non_blank() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(crate::api::wire::text::NON_BLANK_LINE_PATTERN))
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

    /// Every `pattern` in the served document, with where it stands.
    fn patterns_of(value: &serde_json::Value, at: &str, found: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(serde_json::Value::String(pattern)) = object.get("pattern") {
                    found.push((at.to_owned(), pattern.clone()));
                }
                for (key, child) in object {
                    patterns_of(child, &format!("{at}/{key}"), found);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    patterns_of(child, &format!("{at}/{index}"), found);
                }
            }
            _ => {}
        }
    }

    fn document_patterns() -> Vec<(String, String)> {
        let document = serde_json::to_value(super::super::openapi()).expect("json");
        let mut found = Vec::new();
        patterns_of(&document, "", &mut found);
        found
    }

    fn regex(pattern: &str) -> regex::Regex {
        regex::Regex::new(pattern).unwrap_or_else(|error| panic!("{pattern}: {error}"))
    }

    #[test]
    fn every_event_type_is_a_webhook_of_the_document_with_the_signature_headers_and_the_event_body() {
        let document = serde_json::to_value(super::super::openapi()).expect("json");
        for event_type in kyc_domain::webhooks::EventType::ALL {
            let post = &document["webhooks"][event_type.as_str()]["post"];
            let headers: Vec<&str> = post["parameters"].as_array().expect("parameters").iter()
                .filter(|parameter| parameter["in"] == "header" && parameter["required"] == true)
                .map(|parameter| parameter["name"].as_str().expect("name"))
                .collect();
            assert_eq!(headers, ["webhook-id", "webhook-timestamp", "webhook-signature"], "{event_type:?}");
            let body = &post["requestBody"]["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(body, "#/components/schemas/WebhookEvent", "{event_type:?}");
        }
        assert!(document["components"]["schemas"]["WebhookEvent"].is_object(), "the body it names exists");
    }

    #[test]
    fn every_pattern_in_the_document_is_a_regex_anchored_at_both_ends() {
        let found = document_patterns();
        assert!(found.len() > 50, "the text rules were not stated: {} patterns", found.len());
        for (at, pattern) in found {
            regex(&pattern);
            let anchored = pattern.starts_with('^') && pattern.ends_with('$');
            assert!(anchored, "{at}: {pattern}");
        }
    }

    #[test]
    fn the_text_patterns_accept_exactly_what_the_bounded_text_types_accept() {
        use crate::api::wire::text::{NON_BLANK_LINE_PATTERN, NON_BLANK_PROSE_PATTERN, PROSE_PATTERN, SINGLE_LINE_PATTERN, is_refused};
        let samples = ["", "Beridze", "ბერიძე", " a ", "   ", "a\nb", "a\r\nb", "a\tb", "a\u{0}b", "a\u{7f}", "\u{85}x", "\u{1b}[31m"];
        for sample in samples {
            let single_line = !sample.chars().any(|c| is_refused(c, false));
            let prose = !sample.chars().any(|c| is_refused(c, true));
            let blank = sample.trim().is_empty();
            assert_eq!(regex(SINGLE_LINE_PATTERN).is_match(sample), single_line, "single line {sample:?}");
            assert_eq!(regex(PROSE_PATTERN).is_match(sample), prose, "prose {sample:?}");
            assert_eq!(regex(NON_BLANK_LINE_PATTERN).is_match(sample), single_line && !blank, "non-blank line {sample:?}");
            assert_eq!(regex(NON_BLANK_PROSE_PATTERN).is_match(sample), prose && !blank, "non-blank prose {sample:?}");
        }
    }

    #[test]
    fn the_code_and_sex_patterns_accept_what_their_parsers_read() {
        use kyc_domain::report::VerificationCode;
        use kyc_domain::screening::Sex;
        let code = regex(VerificationCode::PATTERN);
        for sample in ["7K2QD-M9XHA", "7k2qd m9xha", "OIL00-00000", "0000000000", "7K2QD-M9XH", "7K2QD-M9XHAA", "UUUUU-UUUUU", "0000000000000000000000000000000", ""] {
            assert_eq!(code.is_match(sample), VerificationCode::parse(sample).is_ok(), "code {sample:?}");
        }
        let sex = regex(Sex::PATTERN);
        for sample in ["M", "f", " male ", "FEMALE", "woman", "Man", "00000", "x", "mf"] {
            assert_eq!(sex.is_match(sample), Sex::parse(sample).is_some(), "sex {sample:?}");
        }
        assert!(sex.is_match(""), "no sex is no sex, not an error");
    }

    #[test]
    fn an_mrz_of_a_documented_shape_is_read_and_other_shapes_are_not_documented() {
        let document = serde_json::to_value(super::super::openapi()).expect("json");
        let text = document
            .pointer("/components/schemas/MrzTextRequest/properties/mrz/pattern")
            .and_then(serde_json::Value::as_str)
            .expect("the text form states its shapes");
        let lines = document.pointer("/components/schemas/MrzLinesRequest/properties/lines/oneOf").expect("the line form states its shapes");
        assert_eq!(lines.as_array().map(Vec::len), Some(5), "{lines}");
        let td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        for (sample, documented) in [
            (td3.to_owned(), true),
            (format!("{td3}\n\n"), true),
            (td3.replace("\n", "\r\n"), true),
            (td3[..50].to_owned(), false),
            (String::new(), false),
        ] {
            assert_eq!(regex(text).is_match(&sample), documented, "{sample:?}");
            if documented {
                assert!(kyc_domain::mrz::check(&sample, today).is_ok(), "documented but refused: {sample:?}");
            }
        }
    }
}
