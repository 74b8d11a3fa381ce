//! Two-factor login (TOTP, RFC 6238): enrolment and its confirmation, the second step of a
//! login, turning it off, and an admin's reset for a lost phone. The rules are
//! `kyc_domain::accounts::{totp, recovery_codes, second_factor}`; this module holds them
//! together with storage, the throttle and the audit log.
//!
//! - The TOTP secret is sealed with the member's company data key (`keys::KeyRing`), bound to
//!   the user id, and stored pending until a first right code confirms it.
//! - Recovery codes are stored as HMAC-SHA-256 under a key derived from `KYC_JWT_SECRET`
//!   ([`recovery_hasher`]): changing that secret also voids the codes (members make new ones).
//! - An MFA challenge (`kyc_mfa_…`, stored hashed) is what a right password gives when a
//!   second step is due. A `login` challenge is good only at `POST /auth/login/mfa`; an
//!   `enrolment` challenge (the company requires MFA, the member has none) only at the two
//!   enrolment endpoints. Neither is a JWT, so the bearer extractor of every other endpoint
//!   refuses it.
//! - Codes at the second step are counted by the login throttle under their own key per user
//!   (`mfa:` and the user id), which a right password does not clear: only a right code does.

use super::accounts::{anonymous_event, current_user, prove_password, spend_public_budget, team_admin, user_event};
use super::auth::{IssuedToken, issue, outside_allowlist, staff_may_connect_from};
use super::login_throttle::{AttemptKeys, policy, release, reserve_attempt};
use super::{Actor, Error, Result};
use crate::db::mfa::{self as store, ChallengePurpose, StoredChallenge};
use crate::db::{self, Company, NewAuditEvent, User};
use crate::state::AppState;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::Utc;
use hmac::{Hmac, Mac};
use kyc_domain::accounts::recovery_codes::{RecoveryCodeHasher, new_recovery_codes};
use kyc_domain::accounts::second_factor::{MfaChallengeVerdict, SecondFactorCode};
use kyc_domain::accounts::secret_hash::SecretHash;
use kyc_domain::accounts::tokens::{OpaqueToken, TokenKind};
use kyc_domain::accounts::totp::{TOTP_ISSUER, TotpEnrolment, TotpKey, TotpParameters, TotpSecret, TotpVerdict};
use kyc_domain::ids::{CompanyId, Principal, UserId};
use sha2::Sha256;

/// Who enrols: a signed-in member (their access token), or a member whose company requires
/// two-factor login, holding the enrolment challenge their password gave them.
#[derive(Debug, Clone)]
pub enum Enrollee {
    Member(Actor),
    Challenge { token: String, ip: String },
}

/// A confirmed enrolment: the recovery codes, shown once, and, when it was the enrolment a
/// login asked for, that login's tokens.
#[derive(Debug, Clone)]
pub struct ConfirmedEnrolment {
    pub recovery_codes: Vec<String>,
    pub login: Option<IssuedToken>,
}

/// The user an enrolment is for, and the challenge it goes through if any.
struct Enrolling {
    user: User,
    company: Company,
    challenge: Option<SecretHash>,
    ip: String,
}

pub fn new_challenge_token() -> OpaqueToken {
    OpaqueToken::from_random(TokenKind::MfaChallenge, rand::random())
}

/// `POST /me/mfa/totp`: a new secret, pending until confirmed; a pending one is replaced.
pub async fn start_totp_enrolment(state: &AppState, enrollee: Enrollee) -> Result<TotpEnrolment> {
    let enrolling = enrolling(state, enrollee).await?;
    let user_id = enrolling.user.id;
    let secret = TotpSecret::from_random(rand::random());
    let enrolment = totp_key(&secret)?
        .enrolment(TOTP_ISSUER, &enrolling.user.email)
        .map_err(|error| Error::Internal(anyhow::anyhow!("totp enrolment: {error}")))?;
    let sealed = state.photos.keys().seal_secret(enrolling.company.id, &secret_context(user_id), secret.as_bytes()).await?;
    let sealed = BASE64.encode(sealed);
    let event = enrolment_event(&enrolling, "mfa.totp.enrol");
    let started = state
        .db
        .write_deciding_audit(move |conn| {
            let started = store::put_pending_totp(conn, user_id, &sealed, Utc::now())?;
            Ok((started, if started { vec![event] } else { Vec::new() }))
        })
        .await?;
    if !started {
        return Err(already_on());
    }
    Ok(enrolment)
}

/// `POST /me/mfa/totp/confirm`: the first right code turns two-factor login on and gives the
/// recovery codes; through an enrolment challenge it also finishes the login.
pub async fn confirm_totp_enrolment(state: &AppState, enrollee: Enrollee, code: &str) -> Result<ConfirmedEnrolment> {
    let enrolling = enrolling(state, enrollee).await?;
    let user_id = enrolling.user.id;
    let stored = state.db.read(move |conn| store::find_totp(conn, user_id)).await?;
    let stored = match stored {
        None => return Err(Error::Conflict("no enrolment is pending: start one with POST /me/mfa/totp".to_owned())),
        Some(stored) if stored.confirmed => return Err(already_on()),
        Some(stored) => stored,
    };
    let key = totp_key(&open_secret(state, &enrolling.company, user_id, &stored.sealed_secret).await?)?;
    let now = Utc::now();
    let TotpVerdict::Accepted { step } = key.verify(code, now, stored.last_step) else {
        let failed = NewAuditEvent { outcome: "failed".to_owned(), ..enrolment_event(&enrolling, "mfa.totp.confirm") };
        let challenge = enrolling.challenge;
        state
            .db
            .write_audited(failed, move |conn| challenge.map_or(Ok(()), |hash| store::record_challenge_failure(conn, &hash)))
            .await?;
        return Err(Error::invalid("code", "is not the code the authenticator app shows now; check the phone's clock and try the next code"));
    };
    let hasher = recovery_hasher(state)?;
    let codes = new_recovery_codes(std::array::from_fn(|_| rand::random()));
    let hashes: Vec<SecretHash> = codes.iter().map(|code| hasher.hash(code)).collect();
    let mut events = vec![enrolment_event(&enrolling, "mfa.totp.confirm")];
    if enrolling.challenge.is_some() {
        events.push(enrolment_event(&enrolling, "auth.login"));
    }
    let challenge = enrolling.challenge;
    let refresh = state
        .db
        .write_deciding_audit(move |conn| {
            let finished = match challenge {
                Some(hash) => store::complete_challenge(conn, &hash, now)?,
                None => true,
            };
            if !finished || !store::accept_step(conn, user_id, step, now)? {
                return Ok((Err(Error::Conflict("this enrolment was finished by another request".to_owned())), Vec::new()));
            }
            store::replace_recovery_codes(conn, user_id, &hashes, now)?;
            let refresh = challenge.map(|_| super::refresh::start(conn, user_id, now)).transpose()?;
            Ok((Ok(refresh), events))
        })
        .await??;
    let login = match refresh {
        Some(refresh) => {
            let mut token = issue(state, &Principal::User(user_id), enrolling.user.company_id, enrolling.user.role)?;
            token.refresh_token = Some(refresh.expose().to_owned());
            Some(token)
        }
        None => None,
    };
    Ok(ConfirmedEnrolment { recovery_codes: codes.iter().map(|code| code.to_grouped()).collect(), login })
}

/// `POST /auth/login/mfa` (public): the second step of a login, with a TOTP code or a recovery
/// code. Every attempt is audited; wrong codes count against the challenge (5 kill it) and
/// the throttle (429 with the wait).
pub async fn finish_login(state: &AppState, mfa_token: &str, code: &str, ip: &str) -> Result<IssuedToken> {
    spend_public_budget(state, ip)?;
    let (challenge_hash, challenge, user, company) = match find_open_challenge(state, mfa_token, ChallengePurpose::Login).await {
        Ok(found) => found,
        Err(error) => {
            state.db.audit(anonymous_event("auth.login.mfa", "failed", ip)).await?;
            return Err(error);
        }
    };
    let event = |action: &str, outcome: &str| NewAuditEvent {
        outcome: outcome.to_owned(),
        ..user_event(&user, action, ip)
    };
    if !staff_may_connect_from(&company.settings, ip) {
        state.db.audit(event("auth.login.mfa", "ip_refused")).await?;
        return Err(outside_allowlist());
    }
    let keys = AttemptKeys::new(state, &format!("mfa:{}", user.id), ip);
    reserve_attempt(state, &keys).await?;
    let proof = check_code(state, &user, &company, code).await?;
    let (user_id, now, policy) = (user.id, Utc::now(), policy(state));
    let ok_events = match &proof {
        Proof::Totp(_) => vec![event("auth.login.mfa", "ok")],
        Proof::Recovery(_) => vec![event("auth.login.mfa", "ok"), event("auth.recovery_code.use", "ok")],
        Proof::Replayed => vec![event("auth.login.mfa", "replayed")],
        Proof::Wrong => vec![event("auth.login.mfa", "failed")],
    };
    let attempts_left = challenge.state.failed().judge(now);
    let refresh = state
        .db
        .write_deciding_audit(move |conn| {
            let used = match &proof {
                Proof::Totp(step) => store::accept_step(conn, user_id, *step, now)?,
                Proof::Recovery(hash) => store::use_recovery_code(conn, hash, now)?,
                Proof::Replayed | Proof::Wrong => false,
            };
            if !used || !store::complete_challenge(conn, &challenge_hash, now)? {
                store::record_challenge_failure(conn, &challenge_hash)?;
                return Ok((None, ok_events.into_iter().take(1).map(failed_unless_replayed).collect()));
            }
            release(conn, &keys, &policy)?;
            Ok((Some(super::refresh::start(conn, user_id, now)?), ok_events))
        })
        .await?;
    let Some(refresh) = refresh else {
        return Err(Error::Unauthorized(match attempts_left {
            MfaChallengeVerdict::Open { attempts_left } => format!("the code is wrong or was used already; {attempts_left} attempts left"),
            _ => "the code is wrong; this sign-in is over after too many wrong codes: sign in again".to_owned(),
        }));
    };
    let mut token = issue(state, &Principal::User(user_id), user.company_id, user.role)?;
    token.refresh_token = Some(refresh.expose().to_owned());
    Ok(token)
}

/// A refusal keeps its outcome (`replayed`, `failed`); an `ok` that lost a race is `failed`.
fn failed_unless_replayed(event: NewAuditEvent) -> NewAuditEvent {
    if event.outcome == "ok" { NewAuditEvent { outcome: "failed".to_owned(), ..event } } else { event }
}

/// What a typed code proved.
enum Proof {
    Totp(u64),
    Recovery(SecretHash),
    Replayed,
    Wrong,
}

async fn check_code(state: &AppState, user: &User, company: &Company, typed: &str) -> Result<Proof> {
    let user_id = user.id;
    let (stored, unused) = state
        .db
        .read(move |conn| Ok((store::find_totp(conn, user_id)?, store::unused_recovery_codes(conn, user_id)?)))
        .await?;
    let Some(stored) = stored.filter(|stored| stored.confirmed) else { return Ok(Proof::Wrong) };
    Ok(match SecondFactorCode::read(typed) {
        Ok(SecondFactorCode::Totp(digits)) => {
            let key = totp_key(&open_secret(state, company, user_id, &stored.sealed_secret).await?)?;
            match key.verify(&digits, Utc::now(), stored.last_step) {
                TotpVerdict::Accepted { step } => Proof::Totp(step),
                TotpVerdict::Replayed { .. } => Proof::Replayed,
                TotpVerdict::Rejected => Proof::Wrong,
            }
        }
        Ok(SecondFactorCode::Recovery(code)) => match recovery_hasher(state)?.find(&code, &unused) {
            Some(index) => Proof::Recovery(unused[index]),
            None => Proof::Wrong,
        },
        Err(_) => Proof::Wrong,
    })
}

/// `DELETE /me/mfa/totp`: the member turns two-factor login off, proving their password.
/// Refused while the company requires it.
pub async fn disable_totp(state: &AppState, actor: &Actor, current_password: &str) -> Result<()> {
    let user = current_user(state, actor).await?;
    let company_id = actor.own_company("two-factor login")?;
    let company = find_company(state, company_id).await?;
    if company.settings.require_mfa {
        return Err(Error::Conflict("your company requires two-factor login; an admin can reset it for a new phone".to_owned()));
    }
    let user_id = user.id;
    if !state.db.read(move |conn| store::is_enabled(conn, user_id)).await? {
        return Err(Error::Conflict("two-factor login is not on".to_owned()));
    }
    let keys = prove_password(state, actor, &user, current_password, "mfa.totp.disable").await?;
    let policy = policy(state);
    state
        .db
        .write_audited(actor.event("mfa.totp.disable", "user", &user_id.to_string()), move |conn| {
            release(conn, &keys, &policy)?;
            store::remove_mfa(conn, user_id).map(|_| ())
        })
        .await?;
    Ok(())
}

/// `DELETE /users/{id}/mfa`: an admin turns a member's two-factor login off (a lost phone);
/// they enrol again, at their next login if the company requires it. Another company's member
/// is not found.
pub async fn reset_user_mfa(state: &AppState, actor: &Actor, id: UserId) -> Result<()> {
    let company_id = team_admin(actor)?;
    let event = actor.event("user.mfa.reset", "user", &id.to_string());
    state
        .db
        .write_deciding_audit(move |conn| {
            if db::accounts::company_user(conn, company_id, id)?.is_none() {
                return Ok((Err(Error::not_found("user")), Vec::new()));
            }
            store::remove_mfa(conn, id)?;
            Ok((Ok(()), vec![event]))
        })
        .await?
}

async fn enrolling(state: &AppState, enrollee: Enrollee) -> Result<Enrolling> {
    match enrollee {
        Enrollee::Member(actor) => {
            let user = current_user(state, &actor).await?;
            let company_id = actor.own_company("two-factor login")?;
            let company = find_company(state, company_id).await?;
            Ok(Enrolling { user, company, challenge: None, ip: actor.ip().to_owned() })
        }
        Enrollee::Challenge { token, ip } => {
            let (hash, _, user, company) = find_open_challenge(state, &token, ChallengePurpose::Enrolment).await?;
            if !staff_may_connect_from(&company.settings, &ip) {
                return Err(outside_allowlist());
            }
            Ok(Enrolling { user, company, challenge: Some(hash), ip })
        }
    }
}

/// The open challenge of this purpose that `token` names, with its active member and their
/// company; anything else is 401 (a challenge of the other purpose is as good as none).
async fn find_open_challenge(
    state: &AppState,
    token: &str,
    purpose: ChallengePurpose,
) -> Result<(SecretHash, StoredChallenge, User, Company)> {
    let invalid = || Error::Unauthorized("the mfa_token is not valid; sign in again".to_owned());
    let hash = OpaqueToken::parse(TokenKind::MfaChallenge, token).map_err(|_| invalid())?.hash();
    let found = state
        .db
        .read(move |conn| {
            let Some(challenge) = store::find_challenge(conn, &hash)? else { return Ok(None) };
            let user = db::companies::find_user(conn, challenge.user_id)?.filter(|user| user.active);
            let company = user.as_ref().and_then(|user| user.company_id).map(|id| db::companies::find_company(conn, id)).transpose()?.flatten();
            Ok(user.zip(company).map(|(user, company)| (challenge, user, company)))
        })
        .await?;
    let (challenge, user, company) = found.filter(|(challenge, ..)| challenge.purpose == purpose).ok_or_else(invalid)?;
    match challenge.state.judge(Utc::now()) {
        MfaChallengeVerdict::Open { .. } => Ok((hash, challenge, user, company)),
        MfaChallengeVerdict::Expired => Err(Error::Unauthorized("this sign-in took longer than 5 minutes: sign in again".to_owned())),
        MfaChallengeVerdict::Completed => Err(Error::Unauthorized("this sign-in is finished already: sign in again".to_owned())),
        MfaChallengeVerdict::TooManyAttempts => {
            Err(Error::Unauthorized("this sign-in is over after too many wrong codes: sign in again".to_owned()))
        }
    }
}

async fn find_company(state: &AppState, company_id: CompanyId) -> Result<Company> {
    state.db.read(move |conn| db::companies::find_company(conn, company_id)).await?.ok_or_else(|| Error::not_found("company"))
}

/// What a sealed TOTP secret is bound to: a secret copied to another user does not open.
fn secret_context(user_id: UserId) -> String {
    format!("totp-secret\n{user_id}")
}

async fn open_secret(state: &AppState, company: &Company, user_id: UserId, sealed: &str) -> Result<TotpSecret> {
    let sealed = BASE64.decode(sealed).map_err(|error| Error::Internal(anyhow::anyhow!("a sealed totp secret is not base64: {error}")))?;
    let bytes = zeroize::Zeroizing::new(state.photos.keys().open_secret(company.id, &secret_context(user_id), &sealed).await?);
    let bytes: [u8; kyc_domain::accounts::totp::TOTP_SECRET_BYTES] =
        bytes.as_slice().try_into().map_err(|_| Error::Internal(anyhow::anyhow!("a stored totp secret has the wrong length")))?;
    Ok(TotpSecret::from_random(bytes))
}

fn totp_key(secret: &TotpSecret) -> Result<TotpKey> {
    TotpKey::new(secret, TotpParameters::STANDARD).map_err(|error| Error::Internal(anyhow::anyhow!("totp key: {error}")))
}

/// The recovery codes' HMAC key: HMAC-SHA-256 of a fixed label under `KYC_JWT_SECRET`, so the
/// key is in no database and is not the signing key itself.
fn recovery_hasher(state: &AppState) -> Result<RecoveryCodeHasher> {
    let mut mac = Hmac::<Sha256>::new_from_slice(state.config.jwt_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(b"kyc-recovery-codes-v1");
    RecoveryCodeHasher::new(&mac.finalize().into_bytes()).map_err(|error| Error::Internal(anyhow::anyhow!("{error}")))
}

fn already_on() -> Error {
    Error::Conflict("two-factor login is on already; turn it off first to enrol a new device".to_owned())
}

fn enrolment_event(enrolling: &Enrolling, action: &str) -> NewAuditEvent {
    user_event(&enrolling.user, action, &enrolling.ip)
}
