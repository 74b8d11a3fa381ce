//! Opaque list cursors: base64url of `created_at|id` of the last row of a page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;

use super::error::ApiError;
use crate::db::sessions::SessionCursor;

/// The alphabet of every cursor (base64url without padding), as the OpenAPI document states it.
pub const PATTERN: &str = "^[A-Za-z0-9_-]{1,400}$";

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

pub fn encode(cursor: &SessionCursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", cursor.created_at.naive_utc().format(TIME_FORMAT), cursor.id))
}

pub fn decode(cursor: &str) -> Result<SessionCursor, ApiError> {
    let invalid = || ApiError::BadRequest("the cursor is invalid; use next_cursor from a previous page".into());
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (time, id) = text.split_once('|').ok_or_else(invalid)?;
    let created_at = NaiveDateTime::parse_from_str(time, TIME_FORMAT).map_err(|_| invalid())?.and_utc();
    Ok(SessionCursor { created_at, id: id.parse().map_err(|_| invalid())? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_domain::ids::SessionId;

    #[test]
    fn a_cursor_decodes_to_what_was_encoded() {
        let cursor = SessionCursor { created_at: chrono::Utc::now(), id: SessionId::generate() };
        assert_eq!(decode(&encode(&cursor)).expect("valid cursor"), cursor);
    }

    #[test]
    fn garbage_is_not_a_cursor() {
        assert!(decode("!!!").is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("no separator")).is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("2026-11-20T09:14:03|not-an-id")).is_err());
    }
}
