//! Signed checkpoints: their text format, their signatures, and chains checked against them.

use crate::helpers::{StoredChain, at, book, company_chain, signer, trusted};
use kyc_domain::audit::v2::{
    BreakKind, CHECKPOINT_TAG, ChainId, ChainVerifier, CheckpointBook, CheckpointError,
    CheckpointFileError, CheckpointPublicKey, CheckpointSigner, LineError, SignedCheckpoint,
    parse_checkpoint_file, write_checkpoint_file,
};

fn checkpoint_of(chain: ChainId, events: u64) -> SignedCheckpoint {
    StoredChain::with_events(chain, events).checkpoint()
}

/// The line with field `index` (0 = the format name) replaced.
fn with_field(line: &str, index: usize, value: &str) -> String {
    let mut fields: Vec<&str> = line.split(' ').collect();
    fields[index] = value;
    fields.join(" ")
}

#[test]
fn a_checkpoint_line_names_its_chain_seq_hash_time_key_and_signature() {
    let stored = StoredChain::with_events(company_chain(), 3);
    let line = stored.checkpoint().to_string();
    let fields: Vec<&str> = line.split(' ').collect();
    assert_eq!(fields.len(), 7);
    assert_eq!(fields[..3], [CHECKPOINT_TAG, "company:company-1", "3"]);
    assert_eq!(fields[3], stored.head.hash);
    assert_eq!(fields[4], "2025-11-24T17:00:00.000000Z");
    assert_eq!(fields[5], signer().public_key().key_id().to_string());
    assert_eq!(fields[6].len(), 128);
}

#[test]
fn a_checkpoint_file_reads_back_as_written() {
    let lines = vec![checkpoint_of(company_chain(), 2), checkpoint_of(ChainId::platform(), 5)];
    let file = write_checkpoint_file(&lines);
    assert!(file.starts_with('#'), "a header tells a person what the lines are");
    assert_eq!(parse_checkpoint_file(&file), Ok(lines.clone()));
    let concatenated = format!("{file}\n   \n{file}");
    assert_eq!(parse_checkpoint_file(&concatenated).map(|read| read.len()), Ok(4));
    assert!(CheckpointBook::verify(&lines, &trusted()).is_ok());
}

#[test]
fn an_unreadable_line_is_reported_with_its_number() {
    let good = checkpoint_of(company_chain(), 1).to_string();
    let file = format!("# header\n{good}\n{}\n", with_field(&good, 2, "three"));
    assert_eq!(
        parse_checkpoint_file(&file),
        Err(CheckpointFileError { line: 3, error: LineError::Seq })
    );
    let cases = [
        (with_field(&good, 0, "kyc-audit-checkpoint-v9"), "kyc-audit-checkpoint-v9"),
        ("kyc-audit-checkpoint-v2 a b".to_owned(), "kyc-audit-checkpoint-v2"),
    ];
    for (line, found) in cases {
        assert_eq!(
            line.parse::<SignedCheckpoint>(),
            Err(LineError::UnknownFormat { found: found.into() })
        );
    }
    let upper = with_field(&good, 3, &good.split(' ').nth(3).expect("hash").to_uppercase());
    assert_eq!(upper.parse::<SignedCheckpoint>(), Err(LineError::HeadHash));
    assert_eq!(
        format!("{good} extra").parse::<SignedCheckpoint>(),
        Err(LineError::FieldCount { found: 8 })
    );
    assert!(matches!(
        with_field(&good, 1, "nobody").parse::<SignedCheckpoint>(),
        Err(LineError::Chain(_))
    ));
    assert_eq!(
        with_field(&good, 4, "yesterday").parse::<SignedCheckpoint>(),
        Err(LineError::SignedAt)
    );
    assert_eq!(with_field(&good, 5, "abc").parse::<SignedCheckpoint>(), Err(LineError::KeyId));
    assert_eq!(with_field(&good, 6, "00").parse::<SignedCheckpoint>(), Err(LineError::Signature));
}

#[test]
fn an_edited_checkpoint_line_fails_its_signature() {
    let stored = StoredChain::with_events(company_chain(), 6);
    let line = stored.checkpoint().to_string();
    let edits = [
        with_field(&line, 1, "company:company-2"),
        with_field(&line, 2, "4"),
        with_field(&line, 3, &stored.events[3].hash),
        with_field(&line, 4, "2030-01-01T00:00:00.000000Z"),
    ];
    for edited in edits {
        let forged = edited.parse::<SignedCheckpoint>().expect("still well-formed");
        let refused = CheckpointBook::verify(std::slice::from_ref(&forged), &trusted());
        let claimed = forged.checkpoint();
        assert_eq!(
            refused,
            Err(CheckpointError::BadSignature { chain: claimed.chain.clone(), seq: claimed.seq })
        );
    }
}

#[test]
fn a_checkpoint_signed_by_an_untrusted_key_is_refused() {
    let stored = StoredChain::with_events(company_chain(), 2);
    let verified = stored.verify().expect("intact");
    let stranger = CheckpointSigner::from_secret_bytes(&[0x09; 32]);
    let forged = stranger.sign(&verified, at(0));
    assert_eq!(
        CheckpointBook::verify(std::slice::from_ref(&forged), &trusted()),
        Err(CheckpointError::UnknownSigner {
            chain: company_chain(),
            seq: 2,
            key_id: stranger.public_key().key_id(),
        })
    );
    let disguised = with_field(&forged.to_string(), 5, &signer().public_key().key_id().to_string());
    let disguised = disguised.parse::<SignedCheckpoint>().expect("well-formed");
    assert_eq!(
        CheckpointBook::verify(&[disguised], &trusted()),
        Err(CheckpointError::BadSignature { chain: company_chain(), seq: 2 })
    );
}

#[test]
fn a_checkpoint_for_a_chain_missing_from_the_database_is_reported() {
    let gone = ChainId::company("company-gone").expect("valid");
    let book = book(&[checkpoint_of(company_chain(), 3), checkpoint_of(gone.clone(), 4)]);
    let stored = [company_chain(), ChainId::platform()];
    assert_eq!(
        book.ensure_chains_exist(&stored),
        Err(CheckpointError::UnknownChain { chain: gone.clone(), seq: 4 })
    );
    assert_eq!(book.ensure_chains_exist(&[company_chain(), gone]), Ok(()));
}

#[test]
fn two_checkpoints_naming_different_hashes_for_one_seq_are_refused() {
    let first = StoredChain::with_events(company_chain(), 3);
    let mut rewritten = first.clone();
    rewritten.events[0].event.entry.outcome = "denied".into();
    rewritten.rechain_from(0, &crate::helpers::key());
    let both = [first.checkpoint(), rewritten.checkpoint()];
    assert_eq!(
        CheckpointBook::verify(&both, &trusted()),
        Err(CheckpointError::Conflicting { chain: company_chain(), seq: 3 })
    );
}

#[test]
fn every_checkpoint_of_a_chain_is_held_against_it() {
    let mut stored = StoredChain::with_events(company_chain(), 2);
    let mut checkpoints = vec![stored.checkpoint()];
    stored.append_events(3);
    checkpoints.push(stored.checkpoint());
    stored.append_events(1);
    checkpoints.push(stored.checkpoint());
    checkpoints.push(checkpoint_of(ChainId::platform(), 9));
    let verified = stored.verify_against(&checkpoints).expect("intact");
    assert_eq!((verified.checkpoints_matched(), verified.newest_checkpoint_seq()), (3, Some(6)));
    stored.truncate_and_move_head_back(4);
    let broken = stored.verify_against(&checkpoints).expect_err("below the second checkpoint");
    assert_eq!(
        (broken.seq, broken.kind),
        (4, BreakKind::TruncatedBelowCheckpoint { checkpoint_seq: 5 })
    );
}

#[test]
fn a_chain_emptied_entirely_is_caught_by_its_checkpoint() {
    let mut stored = StoredChain::with_events(company_chain(), 3);
    let checkpoint = stored.checkpoint();
    stored.truncate_and_move_head_back(0);
    let broken = stored.verify_against(&[checkpoint]).expect_err("emptied");
    assert_eq!(
        (broken.seq, broken.kind),
        (0, BreakKind::TruncatedBelowCheckpoint { checkpoint_seq: 3 })
    );
}

#[test]
fn a_checkpoint_of_an_empty_chain_holds_its_origin() {
    let mut stored = StoredChain::with_events(company_chain(), 0);
    let book = book(&[stored.checkpoint()]);
    stored.append_events(2);
    let verified = stored.verify_with(None, &book).expect("chains from the checkpointed origin");
    assert_eq!(verified.newest_checkpoint_seq(), Some(0));
}

#[test]
fn verification_resumes_from_a_checkpoint_without_the_older_events() {
    let mut stored = StoredChain::with_events(company_chain(), 4);
    let book = book(&[stored.checkpoint()]);
    stored.append_events(3);
    let key = crate::helpers::key();
    let mut verifier = ChainVerifier::resume_from_checkpoint(&key, company_chain(), 4, &book)
        .expect("a checkpoint at 4");
    for newer in &stored.events[4..] {
        verifier.push(newer).expect("intact");
    }
    let verified = verifier.finish(&stored.head).expect("intact");
    assert_eq!((verified.events_verified(), verified.newest_checkpoint_seq()), (3, Some(4)));
    assert!(ChainVerifier::resume_from_checkpoint(&key, company_chain(), 3, &book).is_none());

    let mut verifier = ChainVerifier::resume_from_checkpoint(&key, company_chain(), 4, &book)
        .expect("a checkpoint at 4");
    let broken = verifier.push(&stored.events[5]).expect_err("seq 5 is missing");
    assert_eq!((broken.seq, broken.kind), (6, BreakKind::Removed { count: 1 }));
}

#[test]
fn a_seq_checkpointed_twice_is_one_place_to_resume_from() {
    let mut stored = StoredChain::with_events(company_chain(), 2);
    let verified = stored.verify().expect("intact");
    let twice = [signer().sign(&verified, at(1)), signer().sign(&verified, at(2))];
    let book = book(&twice);
    stored.append_events(2);
    let key = crate::helpers::key();
    let mut verifier = ChainVerifier::resume_from_checkpoint(&key, company_chain(), 2, &book)
        .expect("a checkpoint at 2");
    for newer in &stored.events[2..] {
        verifier.push(newer).expect("intact");
    }
    assert_eq!(verifier.finish(&stored.head).map(|v| v.events_verified()), Ok(2));
    let from_origin = stored.verify_with(None, &book).expect("intact");
    assert_eq!(from_origin.checkpoints_matched(), 2);
}

#[test]
fn a_generated_signer_is_usable_from_its_secret_and_public_hex() {
    let generated = CheckpointSigner::generate(rand::random());
    let restored = CheckpointSigner::from_hex(&generated.secret_hex()).expect("its own secret");
    assert_eq!(restored.public_key(), generated.public_key());
    let public =
        CheckpointPublicKey::from_hex(&generated.public_key().to_hex()).expect("its own key");
    let verified = StoredChain::with_events(company_chain(), 1).verify().expect("intact");
    let signed = restored.sign(&verified, at(0));
    assert!(CheckpointBook::verify(&[signed], &[public]).is_ok());
    assert_ne!(
        generated.public_key(),
        CheckpointSigner::generate(rand::random()).public_key()
    );
    assert!(!format!("{generated:?}").contains(generated.secret_hex().as_str()));
}
