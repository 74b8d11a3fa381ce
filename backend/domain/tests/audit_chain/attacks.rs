//! The rewrites the security review made pass the keyless v1 chain, and their v2 outcome.

use crate::helpers::{StoredChain, attackers_key, company_chain, entry, key};
use kyc_domain::audit::v2::{AppendError, BreakKind, ChainBreak, ChainHead, ChainId};

fn broken_at(result: Result<impl std::fmt::Debug, ChainBreak>) -> (u64, BreakKind) {
    let broken = result.expect_err("the tampering is detected");
    (broken.seq, broken.kind)
}

#[test]
fn an_untouched_chain_verifies_to_its_head() {
    let stored = StoredChain::with_events(ChainId::platform(), 6);
    let verified = stored.verify().expect("intact");
    assert_eq!(verified.head(), &stored.head);
    assert_eq!(verified.events_verified(), 6);
    assert_eq!(verified.newest_checkpoint_seq(), None);
}

#[test]
fn a_failed_login_rewritten_as_ok_and_rechained_without_the_key_is_detected() {
    let mut stored = StoredChain::with_events(ChainId::platform(), 6);
    let login = &mut stored.events[1].event.entry;
    assert_eq!((login.action.as_str(), login.outcome.as_str()), ("auth.login", "failed"));
    login.outcome = "ok".into();
    login.ip = Some("203.0.113.9".into());
    stored.rechain_from(1, &attackers_key());
    assert_eq!(broken_at(stored.verify()), (2, BreakKind::Edited));
}

#[test]
fn a_middle_event_deleted_is_detected_renumbered_or_not() {
    let mut stored = StoredChain::with_events(company_chain(), 5);
    stored.events.remove(2);
    assert_eq!(broken_at(stored.verify()), (4, BreakKind::Removed { count: 1 }));
    for later in &mut stored.events[2..] {
        later.event.seq -= 1;
    }
    stored.rechain_from(2, &attackers_key());
    assert_eq!(broken_at(stored.verify()), (3, BreakKind::Edited));
}

#[test]
fn deleting_the_newest_events_without_moving_the_head_row_is_detected() {
    let mut stored = StoredChain::with_events(company_chain(), 10);
    stored.events.truncate(7);
    assert_eq!(broken_at(stored.verify()), (7, BreakKind::NewestRemoved { stored_seq: 10 }));
}

#[test]
fn deleting_the_newest_events_and_moving_the_head_back_is_caught_by_a_checkpoint() {
    let mut stored = StoredChain::with_events(company_chain(), 10);
    let checkpoint = stored.checkpoint();
    stored.truncate_and_move_head_back(7);
    assert!(stored.verify().is_ok(), "without a checkpoint the shorter chain is consistent");
    assert_eq!(
        broken_at(stored.verify_against(&[checkpoint])),
        (7, BreakKind::TruncatedBelowCheckpoint { checkpoint_seq: 10 })
    );
}

/// The documented limit: events newer than the newest checkpoint have only the keyed hashes and
/// the head row, and a consistent truncation of them leaves nothing to compare with.
#[test]
fn deleting_events_newer_than_the_newest_checkpoint_is_not_detectable() {
    let mut stored = StoredChain::with_events(company_chain(), 5);
    let checkpoint = stored.checkpoint();
    stored.append_events(3);
    stored.truncate_and_move_head_back(6);
    let verified = stored.verify_against(&[checkpoint]).expect("undetectable by design");
    assert_eq!(verified.newest_checkpoint_seq(), Some(5));
}

#[test]
fn an_edited_prev_hash_column_is_detected() {
    let mut stored = StoredChain::with_events(company_chain(), 4);
    stored.events[2].event.prev_hash = stored.events[0].hash.clone();
    assert_eq!(broken_at(stored.verify()), (3, BreakKind::PrevHashEdited));
}

#[test]
fn an_edited_hash_column_is_detected() {
    let mut stored = StoredChain::with_events(company_chain(), 4);
    stored.events[3].hash = stored.events[2].hash.clone();
    stored.head.hash = stored.events[3].hash.clone();
    assert_eq!(broken_at(stored.verify()), (4, BreakKind::Edited));
}

#[test]
fn a_target_type_changed_on_an_event_without_a_target_id_is_detected() {
    let mut stored = StoredChain::with_events(ChainId::platform(), 3);
    let login = &mut stored.events[0].event.entry;
    assert_eq!(login.target_id, None);
    login.target_type = Some("user".into());
    assert_eq!(broken_at(stored.verify()), (1, BreakKind::Edited));
}

#[test]
fn an_attacker_with_the_chain_key_is_caught_at_the_next_checkpoint() {
    let mut stored = StoredChain::with_events(company_chain(), 4);
    let checkpoint = stored.checkpoint();
    stored.append_events(2);
    stored.events[1].event.entry.outcome = "denied".into();
    stored.rechain_from(1, &key());
    assert!(stored.verify().is_ok(), "with the key, a re-chain is consistent");
    let broken = stored.verify_against(&[checkpoint]).expect_err("the checkpoint disagrees");
    assert_eq!(broken.seq, 4);
    assert!(matches!(broken.kind, BreakKind::DivergesFromCheckpoint { .. }));
}

#[test]
fn an_event_moved_to_another_companys_chain_is_detected() {
    let mut ours = StoredChain::with_events(company_chain(), 3);
    let theirs = StoredChain::with_events(ChainId::company("company-2").expect("valid"), 3);
    ours.events[2] = theirs.events[2].clone();
    ours.head.hash = ours.events[2].hash.clone();
    assert_eq!(broken_at(ours.verify()), (3, BreakKind::NotOfThisChain));
}

#[test]
fn an_append_refuses_an_event_of_another_company_and_appends_nothing() {
    let head = ChainHead::fresh(company_chain());
    let mut stray = entry(&company_chain(), 2);
    stray.company_id = Some("company-2".into());
    let refused = head.append(&key(), [entry(&company_chain(), 1), stray]);
    assert_eq!(
        refused,
        Err(AppendError::NotOfThisChain {
            chain: company_chain(),
            event_id: "evt-2".into(),
            company_id: Some("company-2".into()),
        })
    );
    let on_platform =
        ChainHead::fresh(ChainId::platform()).append(&key(), [entry(&company_chain(), 1)]);
    assert!(matches!(on_platform, Err(AppendError::NotOfThisChain { .. })));
}

#[test]
fn a_chain_checked_with_the_wrong_key_breaks_at_its_first_event() {
    let stored = StoredChain::with_events(company_chain(), 3);
    let result = kyc_domain::audit::v2::verify_chain(
        &attackers_key(),
        None,
        &kyc_domain::audit::v2::CheckpointBook::empty(),
        &stored.head,
        &stored.events,
    );
    assert_eq!(broken_at(result), (1, BreakKind::Edited));
    assert_ne!(key().fingerprint(), attackers_key().fingerprint());
}

#[test]
fn a_duplicated_event_is_out_of_order() {
    let mut stored = StoredChain::with_events(company_chain(), 3);
    stored.events.insert(2, stored.events[1].clone());
    assert_eq!(broken_at(stored.verify()), (2, BreakKind::OutOfOrder { expected: 3 }));
}

#[test]
fn a_head_row_moved_back_alone_is_detected() {
    let mut stored = StoredChain::with_events(company_chain(), 3);
    stored.head.seq = 2;
    stored.head.hash = stored.events[1].hash.clone();
    assert_eq!(broken_at(stored.verify()), (3, BreakKind::HeadMismatch { stored_seq: 2 }));
}

#[test]
fn the_break_says_which_chain_which_seq_and_what_in_words() {
    let mut stored = StoredChain::with_events(company_chain(), 3);
    stored.events[1].event.entry.actor_id = "user-99".into();
    let broken = stored.verify().expect_err("edited");
    assert_eq!(
        broken.to_string(),
        "audit chain company:company-1 broken at seq 2: the event or its hash was edited"
    );
}
