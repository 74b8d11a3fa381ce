//! The operator's key commands: rotating the master key, and offboarding a company by deleting
//! its data keys (crypto-shredding its photos).

use crate::db::{self, NewAuditEvent};
use crate::state::AppState;
use anyhow::Context;
use kyc_domain::envelope::MasterKey;
use kyc_domain::ids::CompanyId;
use std::sync::Arc;

/// The audit event of a command run by the operator on the server's machine.
fn operator_event(action: &str, company_id: Option<CompanyId>, target: (&str, String)) -> NewAuditEvent {
    NewAuditEvent {
        company_id,
        actor_id: "operator".to_owned(),
        actor_kind: "operator".to_owned(),
        action: action.to_owned(),
        target_type: Some(target.0.to_owned()),
        target_id: Some(target.1),
        outcome: "ok".to_owned(),
        ip: None,
    }
}

/// Re-wraps every data key under `new` (`kyc-server keys rotate-master`); returns how many.
/// The blobs are untouched; from now on the server must start with the new `KYC_MASTER_KEY`.
pub fn rotate_master(state: &AppState, new: MasterKey) -> anyhow::Result<usize> {
    let fingerprint = new.fingerprint().to_string();
    let count = state.photos.keys().rotate_master(Arc::new(new)).context("the data keys could not be re-wrapped")?;
    let audit_key = state.db.audit_key()?;
    let event = operator_event("keys.rotate_master", None, ("master_key", fingerprint));
    state.db.write_now(|conn| db::audit::append_event(conn, &audit_key, event))?;
    Ok(count)
}

/// What `companies offboard` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffboardReport {
    pub data_keys_deleted: usize,
    pub photos_shredded: usize,
    pub blobs_removed: usize,
}

impl std::fmt::Display for OffboardReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} data key(s) deleted: {} photo(s) can no longer be read; {} blob(s) removed; users and API clients deactivated",
            self.data_keys_deleted, self.photos_shredded, self.blobs_removed
        )
    }
}

/// Offboards a company (`kyc-server companies offboard --id`): its data keys, photo rows and
/// access go in one audited transaction, which alone makes every photo of it unreadable (also in
/// backups of the blob store); its blobs are then removed.
pub fn offboard_company(state: &AppState, company_id: CompanyId) -> anyhow::Result<OffboardReport> {
    state.db.read_now(|conn| db::companies::find_company(conn, company_id))?.with_context(|| format!("no company {company_id}"))?;
    let audit_key = state.db.audit_key()?;
    let (addresses, offboarded) = state.db.write_now(|conn| {
        let addresses = db::keys::company_photo_blobs(conn, company_id)?;
        let offboarded = db::keys::offboard_company(conn, company_id)?;
        let event = operator_event("company.offboard", Some(company_id), ("company", company_id.to_string()));
        db::audit::append_event(conn, &audit_key, event)?;
        Ok((addresses, offboarded))
    })?;
    let mut blobs_removed = 0;
    for address in addresses {
        match state.photos.remove(&address) {
            Ok(()) => blobs_removed += 1,
            Err(error) => log::warn!("a shredded photo blob could not be removed: {error}"),
        }
    }
    Ok(OffboardReport { data_keys_deleted: offboarded.data_keys, photos_shredded: offboarded.photos, blobs_removed })
}
