//! Refresh tokens: rotation, reuse detection, revocation, deactivation, idle and absolute expiry.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use kyc_domain::accounts::refresh::{
    REFRESH_ABSOLUTE_TIMEOUT, REFRESH_IDLE_TIMEOUT, RefreshFamily, RefreshTimeout, RefreshToken, RefreshVerdict,
    Rotation, judge_refresh,
};

const ACTIVE: bool = true;
const DEACTIVATED: bool = false;

fn login_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a valid time")
}

fn hours(hours: i64) -> TimeDelta {
    TimeDelta::hours(hours)
}

fn second() -> TimeDelta {
    TimeDelta::seconds(1)
}

fn rotate(token: &RefreshToken, family: &RefreshFamily, now: DateTime<Utc>) -> Rotation {
    match judge_refresh(token, family, ACTIVE, now) {
        RefreshVerdict::Rotate(rotation) => rotation,
        other => panic!("expected a rotation at {now}, got {other:?}"),
    }
}

/// Refreshes every `every` from the login until the family's end, as a busy officer would.
fn keep_refreshing(every: TimeDelta) -> (RefreshFamily, RefreshToken, DateTime<Utc>) {
    let (family, mut token) = RefreshFamily::start(login_time());
    let mut now = login_time();
    while now + every < family.absolute_expiry() {
        now += every;
        token = rotate(&token, &family, now).successor;
    }
    (family, token, now)
}

#[test]
fn the_timeouts_are_twelve_hours_idle_and_seven_days_absolute() {
    assert_eq!(REFRESH_IDLE_TIMEOUT, TimeDelta::seconds(12 * 3600));
    assert_eq!(REFRESH_ABSOLUTE_TIMEOUT, TimeDelta::seconds(7 * 24 * 3600));
}

#[test]
fn a_login_starts_a_family_with_one_unused_token() {
    let (family, token) = RefreshFamily::start(login_time());
    assert_eq!(family, RefreshFamily { started_at: login_time(), revoked_at: None });
    assert_eq!(token, RefreshToken { issued_at: login_time(), used_at: None });
    assert_eq!(token.expires_at(&family), login_time() + hours(12));
    assert_eq!(family.absolute_expiry(), login_time() + TimeDelta::days(7));
}

#[test]
fn a_fresh_token_rotates_into_a_successor_issued_now() {
    let (family, token) = RefreshFamily::start(login_time());
    let now = login_time() + TimeDelta::minutes(14);
    let rotation = rotate(&token, &family, now);
    assert_eq!(rotation.used_at, now);
    assert_eq!(rotation.successor, RefreshToken { issued_at: now, used_at: None });
    assert_eq!(rotation.expires_at, now + hours(12));
}

#[test]
fn a_reused_refresh_token_is_reported_with_when_it_was_first_used() {
    let (family, token) = RefreshFamily::start(login_time());
    let first_use = login_time() + hours(1);
    let rotation = rotate(&token, &family, first_use);
    let used = RefreshToken { used_at: Some(rotation.used_at), ..token };
    assert_eq!(
        judge_refresh(&used, &family, ACTIVE, first_use + second()),
        RefreshVerdict::Reused { used_at: first_use }
    );
}

#[test]
fn after_reuse_the_revoked_family_refuses_even_its_newest_token() {
    let (family, token) = RefreshFamily::start(login_time());
    let now = login_time() + hours(1);
    let successor = rotate(&token, &family, now).successor;
    let revoked = family.revoked(now + second());
    assert_eq!(judge_refresh(&successor, &revoked, ACTIVE, now + second() * 2), RefreshVerdict::FamilyRevoked);
}

#[test]
fn a_stolen_token_tried_after_the_family_was_revoked_is_still_reported_as_reuse() {
    let (family, token) = RefreshFamily::start(login_time());
    let used = RefreshToken { used_at: Some(login_time() + hours(1)), ..token };
    let revoked = family.revoked(login_time() + hours(2));
    assert!(matches!(judge_refresh(&used, &revoked, ACTIVE, login_time() + hours(3)), RefreshVerdict::Reused { .. }));
}

#[test]
fn a_stolen_token_tried_after_expiry_is_still_reported_as_reuse() {
    let (family, token) = RefreshFamily::start(login_time());
    let used = RefreshToken { used_at: Some(login_time() + hours(1)), ..token };
    let much_later = family.absolute_expiry() + TimeDelta::days(30);
    assert!(matches!(judge_refresh(&used, &family, ACTIVE, much_later), RefreshVerdict::Reused { .. }));
}

#[test]
fn a_logged_out_family_is_refused() {
    let (family, token) = RefreshFamily::start(login_time());
    let logged_out = family.revoked(login_time() + hours(1));
    assert_eq!(judge_refresh(&token, &logged_out, ACTIVE, login_time() + hours(1)), RefreshVerdict::FamilyRevoked);
}

#[test]
fn a_second_revocation_keeps_the_first_time() {
    let (family, _) = RefreshFamily::start(login_time());
    let first = family.revoked(login_time() + hours(1));
    assert_eq!(first.revoked(login_time() + hours(5)).revoked_at, Some(login_time() + hours(1)));
}

#[test]
fn a_deactivated_users_tokens_are_refused_whatever_their_state() {
    let (family, token) = RefreshFamily::start(login_time());
    let now = login_time() + hours(1);
    let used = RefreshToken { used_at: Some(now), ..token };
    let revoked = family.revoked(now);
    for (token, family) in [(token, family), (used, family), (token, revoked)] {
        assert_eq!(judge_refresh(&token, &family, DEACTIVATED, now), RefreshVerdict::UserDeactivated);
    }
}

#[test]
fn the_idle_limit_is_reached_at_twelve_hours_to_the_second() {
    let (family, token) = RefreshFamily::start(login_time());
    let limit = login_time() + hours(12);
    assert!(matches!(judge_refresh(&token, &family, ACTIVE, limit - second()), RefreshVerdict::Rotate(_)));
    assert_eq!(judge_refresh(&token, &family, ACTIVE, limit), RefreshVerdict::Expired(RefreshTimeout::Idle));
    assert_eq!(judge_refresh(&token, &family, ACTIVE, limit + second()), RefreshVerdict::Expired(RefreshTimeout::Idle));
}

#[test]
fn each_rotation_restarts_the_idle_clock() {
    let (family, token) = RefreshFamily::start(login_time());
    let successor = rotate(&token, &family, login_time() + hours(11)).successor;
    let later = login_time() + hours(22);
    assert!(matches!(judge_refresh(&successor, &family, ACTIVE, later), RefreshVerdict::Rotate(_)));
    assert_eq!(
        judge_refresh(&successor, &family, ACTIVE, login_time() + hours(23)),
        RefreshVerdict::Expired(RefreshTimeout::Idle)
    );
}

#[test]
fn the_absolute_limit_ends_a_family_however_often_it_is_refreshed() {
    let (family, token, last_refresh) = keep_refreshing(TimeDelta::minutes(14));
    let limit = family.absolute_expiry();
    assert!(limit - last_refresh <= TimeDelta::minutes(14));
    assert!(matches!(judge_refresh(&token, &family, ACTIVE, limit - second()), RefreshVerdict::Rotate(_)));
    assert_eq!(judge_refresh(&token, &family, ACTIVE, limit), RefreshVerdict::Expired(RefreshTimeout::Absolute));
}

#[test]
fn the_absolute_limit_wins_when_both_are_reached() {
    // A token issued at the start and never used: at 7 days both limits are long past.
    let (family, token) = RefreshFamily::start(login_time());
    assert_eq!(
        judge_refresh(&token, &family, ACTIVE, family.absolute_expiry()),
        RefreshVerdict::Expired(RefreshTimeout::Absolute)
    );
}

#[test]
fn a_successor_near_the_end_expires_with_its_family() {
    let (family, token) = RefreshFamily::start(login_time());
    let near_end = family.absolute_expiry() - hours(3);
    let rotation = rotate(&token_issued_at(&token, near_end - hours(1)), &family, near_end);
    assert_eq!(rotation.expires_at, family.absolute_expiry());
    assert_eq!(rotation.successor.expires_at(&family), family.absolute_expiry());
}

fn token_issued_at(token: &RefreshToken, issued_at: DateTime<Utc>) -> RefreshToken {
    RefreshToken { issued_at, ..*token }
}

#[test]
fn a_clock_behind_the_issue_time_does_not_expire_a_token() {
    // Two servers a few seconds apart: the token looks issued in the future.
    let (family, token) = RefreshFamily::start(login_time());
    assert!(matches!(judge_refresh(&token, &family, ACTIVE, login_time() - second() * 5), RefreshVerdict::Rotate(_)));
}
