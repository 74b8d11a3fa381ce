//! Opaque list cursors: base64url of `created_at|id` of the last row of a page (newest first),
//! or of `o|created_at|id` (oldest first) and `u|updated_at|id` (least recently updated first):
//! the order is in the cursor, so a cursor of one order is refused in another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;

use super::error::ApiError;
use crate::db::sessions::{ListOrder, PageCursor, SessionCursor};

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

/// A page cursor in its order's encoding.
pub fn encode_page(cursor: &PageCursor) -> String {
    let plain = SessionCursor { created_at: cursor.at, id: cursor.id };
    let time_and_id = |cursor: &SessionCursor| format!("{}|{}", cursor.created_at.naive_utc().format(TIME_FORMAT), cursor.id);
    match cursor.order {
        ListOrder::NewestFirst => encode(&plain),
        ListOrder::OldestFirst => URL_SAFE_NO_PAD.encode(format!("o|{}", time_and_id(&plain))),
        ListOrder::LeastRecentlyUpdated => URL_SAFE_NO_PAD.encode(format!("u|{}", time_and_id(&plain))),
    }
}

/// A page cursor, which must be of the order the query asks for.
pub fn decode_page(cursor: &str, order: ListOrder) -> Result<PageCursor, ApiError> {
    let invalid = || ApiError::BadRequest("the cursor is invalid for this order; use next_cursor from a previous page".into());
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (found, rest) = match text.split_once('|') {
        Some(("o", rest)) => (ListOrder::OldestFirst, rest),
        Some(("u", rest)) => (ListOrder::LeastRecentlyUpdated, rest),
        _ => (ListOrder::NewestFirst, text.as_str()),
    };
    if found != order {
        return Err(invalid());
    }
    let plain = decode(&URL_SAFE_NO_PAD.encode(rest)).map_err(|_| invalid())?;
    Ok(PageCursor { order, at: plain.created_at, id: plain.id })
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
    fn a_page_cursor_decodes_in_its_own_order_only() {
        let orders = [ListOrder::NewestFirst, ListOrder::OldestFirst, ListOrder::LeastRecentlyUpdated];
        for order in orders {
            let cursor = PageCursor { order, at: chrono::Utc::now(), id: SessionId::generate() };
            let text = encode_page(&cursor);
            let back = decode_page(&text, order).expect("same order");
            assert_eq!((back.order, back.id, back.at.timestamp_micros()), (order, cursor.id, cursor.at.timestamp_micros()));
            for other in orders.into_iter().filter(|other| *other != order) {
                assert!(decode_page(&text, other).is_err(), "{order:?} read as {other:?}");
            }
        }
    }

    #[test]
    fn garbage_is_not_a_cursor() {
        assert!(decode("!!!").is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("no separator")).is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("2026-11-20T09:14:03|not-an-id")).is_err());
    }
}
