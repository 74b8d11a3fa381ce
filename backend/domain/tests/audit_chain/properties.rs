//! Properties over arbitrary chains: every single-column edit and every removal is detected,
//! truncation below a checkpoint is detected, and a batch append is the same as one by one.

use crate::helpers::{StoredChain, at, book, trusted};
use kyc_domain::audit::v2::{
    AuditEntry, BreakKind, ChainHead, ChainId, CheckpointBook, SignedCheckpoint, StoredEvent,
};
use proptest::prelude::*;
use proptest::sample::Index;

fn short_text() -> impl Strategy<Value = String> {
    "[a-z_.:]{0,6}"
}

fn chain() -> impl Strategy<Value = ChainId> {
    prop_oneof![
        Just(ChainId::platform()),
        "[a-z0-9-]{1,8}".prop_map(|id| ChainId::company(&id).expect("printable")),
    ]
}

fn entry_of(chain: ChainId) -> impl Strategy<Value = AuditEntry> {
    let who = (short_text(), short_text(), short_text(), short_text());
    let target = (proptest::option::of(short_text()), proptest::option::of(short_text()));
    let rest = ("[a-z0-9-]{1,12}", proptest::option::of(short_text()), 0..4_000_000_000_000i64);
    (who, target, rest).prop_map(
        move |((kind, actor, action, outcome), (target_type, target_id), (id, ip, micros))| {
            AuditEntry {
                id,
                company_id: chain.company_id().map(str::to_owned),
                actor_kind: kind,
                actor_id: actor,
                action,
                target_type,
                target_id,
                outcome,
                ip,
                at: at(micros),
            }
        },
    )
}

/// A chain with 1 to 12 arbitrary events, stored as the server would.
fn stored_chain() -> impl Strategy<Value = StoredChain> {
    chain().prop_flat_map(|chain| {
        proptest::collection::vec(entry_of(chain.clone()), 1..12).prop_map(move |entries| {
            let mut stored = StoredChain::opened(ChainHead::fresh(chain.clone()));
            stored.append(entries);
            stored
        })
    })
}

/// The columns of a stored event, the hash included.
#[derive(Debug, Clone, Copy)]
enum Column {
    Chain,
    Seq,
    PrevHash,
    Id,
    CompanyId,
    ActorKind,
    ActorId,
    Action,
    TargetType,
    TargetId,
    Outcome,
    Ip,
    At,
    Hash,
}

const COLUMNS: [Column; 14] = [
    Column::Chain,
    Column::Seq,
    Column::PrevHash,
    Column::Id,
    Column::CompanyId,
    Column::ActorKind,
    Column::ActorId,
    Column::Action,
    Column::TargetType,
    Column::TargetId,
    Column::Outcome,
    Column::Ip,
    Column::At,
    Column::Hash,
];

/// Another value of a text: `to` appended, or the text cut short when `to` is empty.
fn changed(text: &str, to: &str) -> String {
    if to.is_empty() {
        text.chars().skip(1).collect::<String>() + "!"
    } else {
        format!("{text}{to}")
    }
}

/// Another value of an optional text: removed, given, or changed.
fn changed_optional(text: &Option<String>, to: &str) -> Option<String> {
    match text {
        Some(_) if to.is_empty() => None,
        Some(text) => Some(changed(text, to)),
        None => Some(to.to_owned()),
    }
}

/// Writes another value into `column`; `to` and `step` choose which.
fn edit(stored: &mut StoredEvent, column: Column, to: &str, step: u64) {
    let event = &mut stored.event;
    let entry = &mut event.entry;
    match column {
        Column::Chain => {
            stored.event.chain = match stored.event.chain.company_id() {
                Some(_) => ChainId::platform(),
                None => ChainId::company(&changed("c", to)).expect("printable"),
            }
        }
        Column::Seq => {
            let seq = &mut stored.event.seq;
            *seq = if step.is_multiple_of(2) { *seq + step + 1 } else { seq.saturating_sub(step) };
        }
        Column::PrevHash => stored.event.prev_hash = changed(&stored.event.prev_hash, to),
        Column::Id => entry.id = changed(&entry.id, to),
        Column::CompanyId => entry.company_id = changed_optional(&entry.company_id, to),
        Column::ActorKind => entry.actor_kind = changed(&entry.actor_kind, to),
        Column::ActorId => entry.actor_id = changed(&entry.actor_id, to),
        Column::Action => entry.action = changed(&entry.action, to),
        Column::TargetType => entry.target_type = changed_optional(&entry.target_type, to),
        Column::TargetId => entry.target_id = changed_optional(&entry.target_id, to),
        Column::Outcome => entry.outcome = changed(&entry.outcome, to),
        Column::Ip => entry.ip = changed_optional(&entry.ip, to),
        Column::At => {
            let micros = i64::try_from(step % 1_000_000).expect("small") + 1;
            entry.at += chrono::Duration::microseconds(micros);
        }
        Column::Hash => stored.hash = changed(&stored.hash, to),
    }
}

proptest! {
    #[test]
    fn any_single_column_edit_of_any_event_is_detected(
        stored in stored_chain(),
        which in any::<Index>(),
        column in proptest::sample::select(COLUMNS.to_vec()),
        to in "[a-z0-9]{0,3}",
        step in 0..5u64,
    ) {
        let mut edited = stored.clone();
        let index = which.index(edited.events.len());
        edit(&mut edited.events[index], column, &to, step);
        prop_assume!(edited.events[index] != stored.events[index]);
        let broken = edited.verify().expect_err("the edit is detected");
        prop_assert_eq!(&broken.chain, &stored.head.chain);
        let seqs = [stored.events[index].event.seq, edited.events[index].event.seq];
        prop_assert!(seqs.contains(&broken.seq), "{:?} names another event than {:?}", broken, seqs);
    }

    #[test]
    fn removing_any_event_is_detected_while_the_head_row_stands(
        stored in stored_chain(),
        which in any::<Index>(),
    ) {
        let mut removed = stored.clone();
        removed.events.remove(which.index(stored.events.len()));
        prop_assert!(removed.verify().is_err());
    }

    #[test]
    fn removing_any_but_the_newest_events_is_detected_even_with_the_head_moved_back(
        stored in stored_chain(),
        which in any::<Index>(),
    ) {
        prop_assume!(stored.events.len() >= 2);
        let mut removed = stored.clone();
        removed.events.remove(which.index(stored.events.len() - 1));
        removed.truncate_and_move_head_back(removed.events.len());
        let broken = removed.verify().expect_err("a gap in the numbers");
        prop_assert_eq!(broken.kind, BreakKind::Removed { count: 1 });
    }

    #[test]
    fn truncation_below_a_checkpoint_is_detected(
        stored in stored_chain(),
        checkpointed in any::<Index>(),
        kept in any::<Index>(),
    ) {
        let checkpoint_seq = checkpointed.index(stored.events.len()) + 1;
        let mut at_checkpoint = stored.clone();
        at_checkpoint.truncate_and_move_head_back(checkpoint_seq);
        let book = book(&[at_checkpoint.checkpoint()]);
        prop_assert!(stored.verify_with(None, &book).is_ok());
        let keep = kept.index(checkpoint_seq);
        let mut truncated = stored.clone();
        truncated.truncate_and_move_head_back(keep);
        let broken = truncated.verify_with(None, &book).expect_err("shorter than its checkpoint");
        let expected = BreakKind::TruncatedBelowCheckpoint { checkpoint_seq: checkpoint_seq as u64 };
        prop_assert_eq!((broken.seq, broken.kind), (keep as u64, expected));
    }

    #[test]
    fn a_batch_append_equals_appending_one_by_one(
        stored in stored_chain(),
        cuts in proptest::collection::vec(any::<Index>(), 0..4),
    ) {
        let entries: Vec<AuditEntry> = stored.events.iter().map(|s| s.event.entry.clone()).collect();
        let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(entries.len() + 1)).collect();
        cuts.extend([0, entries.len()]);
        cuts.sort_unstable();
        let mut batched = StoredChain::opened(ChainHead::fresh(stored.head.chain.clone()));
        for batch in cuts.windows(2) {
            batched.append(entries[batch[0]..batch[1]].to_vec());
        }
        let mut one_by_one = StoredChain::opened(ChainHead::fresh(stored.head.chain.clone()));
        for entry in entries {
            one_by_one.append(vec![entry]);
        }
        prop_assert_eq!(&batched.events, &one_by_one.events);
        prop_assert_eq!(&batched.head, &one_by_one.head);
        prop_assert_eq!(&batched.events, &stored.events);
    }

    #[test]
    fn any_edit_of_a_checkpoint_line_is_refused(
        stored in stored_chain(),
        field in 1..7usize,
        to in "[a-f0-9]{1,2}",
    ) {
        let line = stored.checkpoint().to_string();
        let mut fields: Vec<String> = line.split(' ').map(str::to_owned).collect();
        let value = &mut fields[field];
        // Keep the field's shape where it has one, so the line still parses when it can.
        let kept = value.len().saturating_sub(to.len());
        *value = if field == 2 { format!("{value}{}", to.len()) } else { format!("{}{to}", &value[..kept]) };
        prop_assume!(fields[field] != line.split(' ').nth(field).unwrap_or_default());
        let edited = fields.join(" ");
        if let Ok(parsed) = edited.parse::<SignedCheckpoint>() {
            prop_assert!(CheckpointBook::verify(&[parsed], &trusted()).is_err());
        }
    }
}
