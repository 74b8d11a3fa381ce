//! Invitations: 72 hours to accept, accepted once, revocable until then.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use kyc_domain::accounts::invitation::{INVITATION_LIFETIME, Invitation, InvitationVerdict};

fn made_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a valid time")
}

fn second() -> TimeDelta {
    TimeDelta::seconds(1)
}

#[test]
fn an_invitation_lasts_seventy_two_hours() {
    assert_eq!(INVITATION_LIFETIME, TimeDelta::hours(72));
    assert_eq!(Invitation::new(made_at()).expires_at(), made_at() + TimeDelta::days(3));
}

#[test]
fn a_new_invitation_is_valid_until_the_second_before_it_expires() {
    let invitation = Invitation::new(made_at());
    let expires_at = made_at() + INVITATION_LIFETIME;
    assert_eq!(invitation.judge(made_at()), InvitationVerdict::Valid { expires_at });
    assert_eq!(invitation.judge(expires_at - second()), InvitationVerdict::Valid { expires_at });
}

#[test]
fn an_invitation_expires_at_seventy_two_hours_exactly() {
    let invitation = Invitation::new(made_at());
    let expired_at = made_at() + INVITATION_LIFETIME;
    assert_eq!(invitation.judge(expired_at), InvitationVerdict::Expired { expired_at });
    assert_eq!(invitation.judge(expired_at + TimeDelta::days(30)), InvitationVerdict::Expired { expired_at });
    assert_eq!(invitation.accept(expired_at), Err(InvitationVerdict::Expired { expired_at }));
}

#[test]
fn an_invitation_is_accepted_once() {
    let accepted_at = made_at() + TimeDelta::hours(5);
    let accepted = Invitation::new(made_at()).accept(accepted_at).expect("a valid invitation");
    assert_eq!(accepted.accepted_at, Some(accepted_at));
    let again = accepted_at + TimeDelta::minutes(1);
    assert_eq!(accepted.judge(again), InvitationVerdict::AlreadyAccepted { accepted_at });
    assert_eq!(accepted.accept(again), Err(InvitationVerdict::AlreadyAccepted { accepted_at }));
}

#[test]
fn an_accepted_invitation_says_so_even_after_it_would_have_expired() {
    let accepted_at = made_at() + TimeDelta::hours(1);
    let accepted = Invitation::new(made_at()).accept(accepted_at).expect("a valid invitation");
    assert_eq!(accepted.judge(made_at() + TimeDelta::days(10)), InvitationVerdict::AlreadyAccepted { accepted_at });
}

#[test]
fn a_revoked_invitation_is_refused_even_before_it_expires() {
    let revoked_at = made_at() + TimeDelta::hours(2);
    let revoked = Invitation::new(made_at()).revoke(revoked_at);
    assert_eq!(revoked.judge(revoked_at + second()), InvitationVerdict::Revoked { revoked_at });
    assert_eq!(revoked.judge(made_at() + TimeDelta::days(10)), InvitationVerdict::Revoked { revoked_at });
    assert_eq!(revoked.accept(revoked_at + second()), Err(InvitationVerdict::Revoked { revoked_at }));
}

#[test]
fn revoking_keeps_an_earlier_revocation_and_leaves_an_accepted_invitation_alone() {
    let first = made_at() + TimeDelta::hours(2);
    let revoked = Invitation::new(made_at()).revoke(first).revoke(first + TimeDelta::hours(1));
    assert_eq!(revoked.revoked_at, Some(first));
    let accepted = Invitation::new(made_at()).accept(first).expect("a valid invitation");
    assert_eq!(accepted.revoke(first + second()), accepted);
}
