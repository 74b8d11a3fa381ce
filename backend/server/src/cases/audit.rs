//! The operator's checks of the activity log (`kyc-server audit ...`): verify every chain, the
//! frozen v1 chain first, against the chain key and, when given, signed checkpoints; and sign
//! checkpoints of the chain heads to keep outside the database.
//!
//! What a verification does and does not detect is in `kyc_domain::audit::v2` and
//! `docs/SECURITY.md`.

use crate::db;
use crate::state::AppState;
use anyhow::{Context, bail};
use kyc_domain::audit::v1;
use kyc_domain::audit::v2::{
    ChainHead, ChainKey, ChainVerifier, CheckpointBook, CheckpointPublicKey, CheckpointSigner, LegacyChain,
    SignedCheckpoint, VerifiedChain, parse_checkpoint_file,
};
use std::collections::BTreeSet;

/// Events read per query while verifying, so that a chain of any length verifies in bounded memory.
const PAGE: i64 = 2_000;

/// Every chain verified.
#[derive(Debug)]
pub struct Verification {
    /// The frozen v1 chain's head (`seq` 0 when there was none).
    pub legacy: v1::ChainHead,
    pub chains: Vec<VerifiedChain>,
}

impl Verification {
    /// Events whose hashes were recomputed, on every chain, v1 included.
    pub fn events_verified(&self) -> u64 {
        self.legacy.seq + self.chains.iter().map(VerifiedChain::events_verified).sum::<u64>()
    }
}

/// Verifies the v1 chain and every keyed chain, each against its head row and the checkpoints.
/// The error names the chain, the `seq` and what is wrong.
pub fn verify(state: &AppState, checkpoints: &CheckpointBook) -> anyhow::Result<Verification> {
    let key = &state.config.audit_key;
    let legacy = state.db.read_now(db::audit::legacy_chain)?.map_err(|error| anyhow::anyhow!("audit chain broken: {error}"))?;
    let heads = state.db.read_now(db::audit::chain_heads)?;
    checkpoints.ensure_chains_exist(heads.iter().map(|head| &head.chain)).context("audit chain broken")?;
    ensure_every_chain_has_a_head(state, &heads)?;
    let chains = heads
        .iter()
        .map(|head| verify_chain(state, key, &legacy, checkpoints, head))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Verification { legacy: legacy.head().clone(), chains })
}

/// Events on a chain without a head row: the row was removed, so nothing vouches for the end.
fn ensure_every_chain_has_a_head(state: &AppState, heads: &[ChainHead]) -> anyhow::Result<()> {
    let known: BTreeSet<String> = heads.iter().map(|head| head.chain.to_string()).collect();
    for chain in state.db.read_now(db::audit::chains_with_events)? {
        if chain != db::audit::LEGACY_CHAIN && !known.contains(&chain) {
            bail!("audit chain broken: chain {chain} has events but no head row");
        }
    }
    Ok(())
}

fn verify_chain(
    state: &AppState,
    key: &ChainKey,
    legacy: &LegacyChain,
    checkpoints: &CheckpointBook,
    head: &ChainHead,
) -> anyhow::Result<VerifiedChain> {
    let mut verifier = ChainVerifier::from_origin(key, head.chain.clone(), Some(legacy), checkpoints);
    // Up to the head row as read: a running server may append meanwhile.
    let up_to_seq = i64::try_from(head.seq)?;
    let mut after_seq = 0;
    loop {
        let chain = head.chain.clone();
        let page = state.db.read_now(move |conn| db::audit::chain_page(conn, &chain, after_seq, up_to_seq, PAGE))?;
        for event in &page {
            verifier.push(event).map_err(|error| anyhow::anyhow!("{error}"))?;
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after_seq = i64::try_from(last.event.seq)?,
            _ => break,
        }
    }
    let verified = verifier.finish(head).map_err(|error| anyhow::anyhow!("{error}"))?;
    ensure_no_event_past_the_head(state, head)?;
    Ok(verified)
}

/// Events past the head row (read after them, so a live append cannot pass for this): the head
/// row was moved back.
fn ensure_no_event_past_the_head(state: &AppState, head: &ChainHead) -> anyhow::Result<()> {
    let chain = head.chain.clone();
    let (newest, now) = state.db.read_now(move |conn| db::audit::newest_seq_and_head(conn, &chain))?;
    let head_seq = now.map_or(head.seq, |now| now.seq);
    match newest.map(u64::try_from).transpose()? {
        Some(newest) if newest > head_seq => bail!(
            "audit chain {} broken at seq {head_seq}: its head row is not the newest event (seq {newest} is stored)",
            head.chain
        ),
        _ => Ok(()),
    }
}

/// Verifies every chain (against the checkpoints already kept, so a truncated chain is not
/// vouched for again) and signs each head.
pub fn checkpoint(state: &AppState, signer: &CheckpointSigner, kept: &CheckpointBook) -> anyhow::Result<Vec<SignedCheckpoint>> {
    let verification = verify(state, kept)?;
    let now = chrono::Utc::now();
    Ok(verification.chains.iter().map(|chain| signer.sign(chain, now)).collect())
}

/// Reads checkpoint files and checks every line's signature against the trusted keys.
pub fn read_checkpoints(files: &[std::path::PathBuf], trusted: &[CheckpointPublicKey]) -> anyhow::Result<CheckpointBook> {
    let mut lines = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        lines.extend(parse_checkpoint_file(&text).with_context(|| file.display().to_string())?);
    }
    if !lines.is_empty() && trusted.is_empty() {
        bail!("checkpoints need a trusted public key (--public-key or KYC_AUDIT_CHECKPOINT_PUBLIC_KEYS)");
    }
    Ok(CheckpointBook::verify(&lines, trusted).context("the checkpoint file cannot be trusted")?)
}

/// Public keys written as hex, separated by commas or whitespace.
pub fn parse_public_keys(text: &str) -> anyhow::Result<Vec<CheckpointPublicKey>> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| CheckpointPublicKey::from_hex(part).with_context(|| format!("bad checkpoint public key {part:.16}…")))
        .collect()
}

/// A line per chain for the operator: where it ends and how far checkpoints vouch for it.
pub fn describe(verification: &Verification) -> Vec<String> {
    let legacy = &verification.legacy;
    let mut lines = vec![format!("chain v1 (frozen): {} events, head {}", legacy.seq, legacy.hash)];
    for chain in &verification.chains {
        let head = chain.head();
        let vouched = match chain.newest_checkpoint_seq() {
            Some(seq) => format!("{} checkpoint(s) matched, signed up to seq {seq}", chain.checkpoints_matched()),
            None => "no checkpoint".to_owned(),
        };
        lines.push(format!("chain {}: seq {}, head {}, {vouched}", head.chain, head.seq, head.hash));
    }
    lines
}
