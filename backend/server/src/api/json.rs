//! The JSON body extractor every handler uses (instead of `web::Json`).
//!
//! A body is read in three steps, each with its own answer:
//! 1. the content type must be JSON (415), the body at most [`MAX_JSON_BODY`] bytes (413), and it
//!    must arrive within the body-read timeout (408, see `edge.rs`);
//! 2. it must be well-formed JSON (400), and no string or key in it may hold a control character
//!    other than a line break or a tab (422 naming the field); this walk covers every endpoint,
//!    whatever its types;
//! 3. it is read into the handler's type (422 naming the field, e.g. `document.fields.first_name`),
//!    where each [`Text`](super::wire::text::Text) field enforces its own length.
//!
//! Problem details never quote the values sent: they are personal data and reach logs.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::fmt;

use super::error::ApiError;
use super::upload::read_limited;
use super::wire::text::{TextError, is_refused};

/// The largest JSON body accepted.
pub const MAX_JSON_BODY: usize = 1024 * 1024;

/// A JSON request body read into `T`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = is_json_content_type(request);
        let payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType("expected Content-Type: application/json".into()));
            }
            let bytes = read_limited(payload, MAX_JSON_BODY).await?;
            parse(&bytes).map(Json)
        })
    }
}

fn is_json_content_type(request: &HttpRequest) -> bool {
    let essence = request.content_type().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads a JSON document into `T` with the checks above.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    refuse_control_characters(bytes)?;
    // Every request body of this API is an object; serde would read a struct from an array too.
    if bytes.iter().find(|byte| !byte.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::unprocessable("body", "must be a JSON object"));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let field = if path == "." || path.is_empty() { "body".to_owned() } else { path };
        ApiError::unprocessable(&field, without_values(&error.into_inner().to_string()))
    })?;
    Ok(value)
}

/// Walks the document once: malformed JSON is a 400, a control character a 422.
fn refuse_control_characters(bytes: &[u8]) -> Result<(), ApiError> {
    let found = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let walked = Node { path: String::new(), found: &found }.deserialize(&mut deserializer).and_then(|()| deserializer.end());
    if let Err(error) = walked {
        return Err(ApiError::BadRequest(format!("the JSON body could not be read: {}", without_values(&error.to_string()))));
    }
    match found.into_inner() {
        Some((path, error)) => Err(ApiError::unprocessable(if path.is_empty() { "body" } else { &path }, error.to_string())),
        None => Ok(()),
    }
}

/// One place in the document; records the first refused character it finds.
struct Node<'a> {
    path: String,
    found: &'a RefCell<Option<(String, TextError)>>,
}

impl Node<'_> {
    fn check(&self, path: &str, text: &str) {
        if self.found.borrow().is_some() {
            return;
        }
        if let Some(c) = text.chars().find(|&c| is_refused(c, true)) {
            *self.found.borrow_mut() = Some((path.to_owned(), TextError::ControlCharacter(c as u32)));
        }
    }

    fn child(&self, path: String) -> Node<'_> {
        Node { path, found: self.found }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, text: &str) -> Result<(), E> {
        self.check(&self.path, text);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq.next_element_seed(self.child(format!("{}[{index}]", self.path)))?.is_some() {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
            self.check(&path, &key);
            map.next_value_seed(self.child(path))?;
        }
        Ok(())
    }
}

/// A serde message without the values it quotes: `invalid type: string "MARIA", expected i64`
/// becomes `invalid type: string, expected i64`; `unknown variant `x`` loses the `x`.
pub fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(" \"") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find('"') {
            Some(end) => rest = &rest[start + 2 + end + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    const VARIANT: &str = "unknown variant `";
    if let Some(start) = out.find(VARIANT) {
        let value_start = start + VARIANT.len();
        if let Some(length) = out[value_start..].find('`') {
            out.replace_range(start + VARIANT.len() - 2..value_start + length + 1, "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::text::Text;
    use actix_web::ResponseError;
    use actix_web::http::StatusCode;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Person {
        #[allow(dead_code)]
        name: Text<10>,
        #[allow(dead_code)]
        age: Option<i64>,
    }

    fn status(result: Result<Person, ApiError>) -> StatusCode {
        result.expect_err("refused").status_code()
    }

    #[test]
    fn malformed_json_is_a_bad_request_and_a_wrong_value_is_unprocessable() {
        assert_eq!(status(parse(b"{\"name\": ")), StatusCode::BAD_REQUEST);
        assert_eq!(status(parse(b"{\"name\": \"a\"} trailing")), StatusCode::BAD_REQUEST);
        assert_eq!(status(parse(b"{\"name\": {}}")), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status(parse(b"{\"name\": \"a\", \"age\": \"x\"}")), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status(parse(b"{\"name\": \"a\", \"name\": \"b\"}")), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(parse::<Person>(b"{\"name\": \"anna\"}").is_ok());
    }

    #[test]
    fn a_control_character_anywhere_is_refused_with_its_field() {
        let error = parse::<serde_json::Value>(br#"{"a": {"b": ["ok", "x\u0000y"]}}"#).expect_err("refused");
        assert_eq!(error.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.problem().errors[0].field, "a.b[1]");
        let error = parse::<serde_json::Value>(br#"{"k\u0001": 1}"#).expect_err("refused");
        assert_eq!(error.problem().errors[0].field, "k\u{1}");
        assert!(parse::<serde_json::Value>(br#"{"note": "line one\nline two\ttab"}"#).is_ok());
    }

    #[test]
    fn a_type_error_names_the_field_and_not_the_value() {
        let error = parse::<Person>(br#"{"name": "a", "age": "MARIA IVANOVA"}"#).expect_err("refused");
        let problem = error.problem();
        assert_eq!(problem.errors[0].field, "age");
        assert!(!problem.detail.contains("MARIA"), "{}", problem.detail);
        assert!(!format!("{error:?}").contains("MARIA"));
    }

    #[test]
    fn quoted_values_are_dropped_from_messages() {
        assert_eq!(without_values("invalid type: string \"MARIA\", expected i64"), "invalid type: string, expected i64");
        assert_eq!(
            without_values("unknown variant `ANNA`, expected `real` or `spoofed`"),
            "unknown variant, expected `real` or `spoofed`"
        );
    }
}
