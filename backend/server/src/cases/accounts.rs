//! A company's team: bootstrapping a company from the command line, inviting members, accepting
//! an invitation, changing roles and deactivating, and a member changing their own password.
//! The rules (invitation lifetime, password policy, the last-admin rule) are
//! `kyc_domain::accounts`; this module holds them together with storage and the audit log.

use super::login_throttle::{AttemptKeys, policy as throttle_policy, release, reserve_attempt};
use super::{Actor, Error, Result, off_thread};
use crate::credentials::{hash_secret, verify_secret};
use crate::db::{self, Company, NewAuditEvent, User, accounts as store};
use crate::mailer::{Mail, SendError};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use kyc_domain::access::{Permission, Role};
use kyc_domain::accounts::email::EmailAddress;
use kyc_domain::accounts::invitation::{Invitation, InvitationVerdict};
use kyc_domain::accounts::password::{NewPassword, PasswordContext};
use kyc_domain::accounts::team::{MemberChange, MemberChangeRefusal, TeamMember, TeamRole, check_member_change};
use kyc_domain::accounts::tokens::{OpaqueToken, TokenKind};
use kyc_domain::ids::{CompanyId, Principal, UserId};

/// The longest company or member name accepted.
pub const MAX_NAME_CHARS: usize = 200;

/// Where a member stands: invited (no password yet), active, or deactivated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberStatus {
    Invited,
    Active,
    Deactivated,
}

/// A member of a company as the team page shows them.
#[derive(Debug, Clone)]
pub struct Member {
    pub user: User,
    pub status: MemberStatus,
    /// Whether their two-factor login is on.
    pub mfa_enabled: bool,
}

impl From<User> for Member {
    fn from(user: User) -> Member {
        let status = match (user.active, has_password(&user)) {
            (false, _) => MemberStatus::Deactivated,
            (true, false) => MemberStatus::Invited,
            (true, true) => MemberStatus::Active,
        };
        Member { user, status, mfa_enabled: false }
    }
}

/// An invitation just made: the link is shown (and mailed, when a mail server is configured)
/// once and never stored.
#[derive(Debug, Clone)]
pub struct IssuedInvitation {
    pub member: Member,
    pub url: String,
    pub expires_at: DateTime<Utc>,
    /// Whether the mail server took the invitation's e-mail.
    pub emailed: bool,
}

/// A company made by `kyc-server companies create`, with its first admin's invitation.
#[derive(Debug, Clone)]
pub struct CreatedCompany {
    pub company: Company,
    pub invitation: IssuedInvitation,
}

/// Whom to invite.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub email: String,
    pub role: TeamRole,
    pub name: Option<String>,
}

/// A user who has no password yet (invited, not accepted) can sign in with none.
pub fn has_password(user: &User) -> bool {
    !user.password_hash.is_empty()
}

pub fn role_of(team_role: TeamRole) -> Role {
    match team_role {
        TeamRole::Admin => Role::Admin,
        TeamRole::Operator => Role::Operator,
        TeamRole::Viewer => Role::Viewer,
    }
}

fn team_role(role: Role) -> Option<TeamRole> {
    match role {
        Role::Admin => Some(TeamRole::Admin),
        Role::Operator => Some(TeamRole::Operator),
        Role::Viewer => Some(TeamRole::Viewer),
        Role::Superadmin | Role::Client => None,
    }
}

/// `kyc-server companies create`: a company and the invitation of its first admin, in one
/// transaction. A name already taken is refused and nothing is created.
pub fn create_company(state: &AppState, name: &str, admin_email: &str) -> anyhow::Result<CreatedCompany> {
    let name = checked_name(name).map_err(|error| anyhow::anyhow!("--name {error}"))?;
    let email = EmailAddress::parse(admin_email).map_err(|error| anyhow::anyhow!("--admin-email {error}"))?;
    let now = Utc::now();
    let company = Company { id: CompanyId::generate(), name, settings: Default::default(), created_at: now };
    let admin = new_user(company.id, &email, None, Role::Admin, now);
    let token = new_invitation_token();
    let (stored_company, stored_admin, token_hash) = (company.clone(), admin.clone(), token.hash());
    state.db.write_now_deciding_audit(move |conn| {
        if let Some(existing) = db::companies::find_company_by_name(conn, &stored_company.name)? {
            let refusal = format!("a company named {:?} already exists (id {}); nothing was created", existing.name, existing.id);
            return Ok((Err(refusal), Vec::new()));
        }
        if db::companies::find_user_by_email(conn, stored_admin.email.as_str())?.is_some() {
            let refusal = format!("a user with the e-mail {} already exists; nothing was created", stored_admin.email);
            return Ok((Err(refusal), Vec::new()));
        }
        db::companies::insert_company(conn, &stored_company)?;
        db::companies::insert_user(conn, &stored_admin)?;
        store::insert_invitation(conn, &stored_admin, stored_company.id, &token_hash, COMMAND_LINE, now)?;
        let events = vec![
            command_line_event("company.create", stored_company.id, "company", &stored_company.id.to_string()),
            command_line_event("user.invite", stored_company.id, "user", &stored_admin.id.to_string()),
        ];
        Ok((Ok(()), events))
    })?
    .map_err(anyhow::Error::msg)?;
    let mut invitation = issued(state, admin, &token, now);
    invitation.emailed = mailed(&invitation, state.mailer.send_blocking(invitation_mail(&invitation, &company.name)));
    Ok(CreatedCompany { company, invitation })
}

/// `kyc-server companies list`.
pub fn list_companies(state: &AppState) -> anyhow::Result<Vec<Company>> {
    Ok(state.db.read_now(store::all_companies)?)
}

/// The actor id of what the installation's operator does at the command line.
const COMMAND_LINE: &str = "command-line";

fn command_line_event(action: &str, company_id: CompanyId, target_type: &str, target_id: &str) -> NewAuditEvent {
    NewAuditEvent {
        company_id: Some(company_id),
        actor_id: COMMAND_LINE.to_owned(),
        actor_kind: "operator".to_owned(),
        action: action.to_owned(),
        target_type: Some(target_type.to_owned()),
        target_id: Some(target_id.to_owned()),
        outcome: "ok".to_owned(),
        ip: None,
    }
}

/// `GET /users`: the caller's company's members, oldest first.
pub async fn list_users(state: &AppState, actor: &Actor) -> Result<Vec<Member>> {
    let company_id = team_admin(actor)?;
    let (users, with_mfa) = state
        .db
        .read(move |conn| Ok((store::company_users(conn, company_id)?, db::mfa::enabled_users(conn, company_id)?)))
        .await?;
    Ok(users
        .into_iter()
        .map(|user| {
            let mfa_enabled = with_mfa.contains(&user.id);
            Member { mfa_enabled, ..Member::from(user) }
        })
        .collect())
}

/// `POST /users`: a new member of the caller's company, invited.
pub async fn invite_user(state: &AppState, actor: &Actor, new_member: NewMember) -> Result<IssuedInvitation> {
    let company_id = team_admin(actor)?;
    let email = EmailAddress::parse(&new_member.email).map_err(|error| Error::invalid("email", error.to_string()))?;
    let name = new_member.name.as_deref().map(checked_name).transpose().map_err(|error| Error::invalid("name", error))?;
    let now = Utc::now();
    let user = new_user(company_id, &email, name, role_of(new_member.role), now);
    let token = new_invitation_token();
    let event = actor.event("user.invite", "user", &user.id.to_string());
    let (stored, token_hash, invited_by) = (user.clone(), token.hash(), actor.principal().to_string());
    state
        .db
        .write_deciding_audit(move |conn| {
            if db::companies::find_user_by_email(conn, &stored.email)?.is_some() {
                return Ok((Err(Error::Conflict("a user with this e-mail already exists".to_owned())), Vec::new()));
            }
            db::companies::insert_user(conn, &stored)?;
            store::insert_invitation(conn, &stored, company_id, &token_hash, &invited_by, now)?;
            Ok((Ok(()), vec![event]))
        })
        .await??;
    Ok(mail_invitation(state, company_id, issued(state, user, &token, now)).await)
}

/// `POST /users/{id}/invitation`: a new link for a member who has not accepted yet; the links
/// sent before stop working.
///
/// Refusals roll the transaction back, so only a change that happened is audited.
pub async fn reinvite_user(state: &AppState, actor: &Actor, id: UserId) -> Result<IssuedInvitation> {
    let company_id = team_admin(actor)?;
    let now = Utc::now();
    let token = new_invitation_token();
    let event = actor.event("user.reinvite", "user", &id.to_string());
    let (token_hash, invited_by) = (token.hash(), actor.principal().to_string());
    let user = state
        .db
        .write_deciding_audit(move |conn| {
            let Some(user) = store::company_user(conn, company_id, id)? else { return Ok((Err(Error::not_found("user")), Vec::new())) };
            if has_password(&user) || !user.active {
                let refusal = "only an active member who has not accepted their invitation can be invited again";
                return Ok((Err(Error::Conflict(refusal.to_owned())), Vec::new()));
            }
            store::revoke_pending_invitations(conn, id, now)?;
            store::insert_invitation(conn, &user, company_id, &token_hash, &invited_by, now)?;
            Ok((Ok(user), vec![event]))
        })
        .await??;
    Ok(mail_invitation(state, company_id, issued(state, user, &token, now)).await)
}

/// `PATCH /users/{id}`: a new role, or deactivation and reactivation. The company's last active
/// admin cannot be demoted or deactivated; another company's member is not found.
pub async fn update_user(state: &AppState, actor: &Actor, id: UserId, change: MemberChange) -> Result<Member> {
    let company_id = team_admin(actor)?;
    let event = actor.event("user.update", "user", &id.to_string());
    let updated = state
        .db
        .write_deciding_audit(move |conn| {
            // Two admins demoting each other at once must not both pass the last-admin check.
            store::lock_company(conn, company_id)?;
            let users = store::company_users(conn, company_id)?;
            let team: Vec<TeamMember<UserId>> = users
                .iter()
                .filter_map(|user| Some(TeamMember { id: user.id, role: team_role(user.role)?, active: user.active }))
                .collect();
            if let Err(refusal) = check_member_change(&team, &id, &change) {
                let refusal = match refusal {
                    MemberChangeRefusal::UnknownMember => Error::not_found("user"),
                    MemberChangeRefusal::LastActiveAdmin => Error::Conflict(refusal.to_string()),
                };
                return Ok((Err(refusal), Vec::new()));
            }
            let Some(mut user) = users.into_iter().find(|user| user.id == id) else { return Ok((Err(Error::not_found("user")), Vec::new())) };
            user.role = change.role.map_or(user.role, role_of);
            user.active = change.active.unwrap_or(user.active);
            store::set_role_and_active(conn, id, user.role, user.active)?;
            if !user.active {
                // Deactivation ends every session at once: no refresh token of theirs works.
                db::refresh::revoke_user_families(conn, id, Utc::now())?;
            }
            let mfa_enabled = db::mfa::is_enabled(conn, id)?;
            Ok((Ok((user, mfa_enabled)), vec![event]))
        })
        .await??;
    Ok(Member { mfa_enabled: updated.1, ..Member::from(updated.0) })
}

/// What accepting an invitation gives: the address to sign in with.
#[derive(Debug, Clone)]
pub struct AcceptedInvitation {
    pub email: String,
}

/// `POST /auth/invitations/accept` (public): sets the invited member's password. Every attempt
/// is audited; the caller's IP has a small budget of attempts.
pub async fn accept_invitation(state: &AppState, token: &str, password: &str, ip: &str) -> Result<AcceptedInvitation> {
    spend_public_budget(state, ip)?;
    let found = find_pending_invitation(state, token).await;
    let (invitation, user, company) = match found {
        Ok(found) => found,
        Err(error) => {
            state.db.audit(anonymous_event("invitation.accept", "failed", ip)).await?;
            return Err(error);
        }
    };
    let context = PasswordContext { email: &user.email, company_name: &company.name };
    let password = NewPassword::parse(password, &context).map_err(|refusal| Error::invalid("password", refusal.to_string()))?;
    let password_hash = hash_password(password).await?;
    let event = NewAuditEvent {
        company_id: Some(company.id),
        ..user_event(&user, "invitation.accept", ip)
    };
    let (user_id, now) = (user.id, Utc::now());
    state
        .db
        .write_deciding_audit(move |conn| {
            if !store::mark_invitation_accepted(conn, &invitation.id, now)? {
                return Ok((Err(Error::Conflict("this invitation was already used".to_owned())), Vec::new()));
            }
            db::companies::set_user_password(conn, user_id, &password_hash)?;
            Ok((Ok(()), vec![event]))
        })
        .await??;
    Ok(AcceptedInvitation { email: user.email })
}

async fn find_pending_invitation(state: &AppState, token: &str) -> Result<(store::StoredInvitation, User, Company)> {
    let unknown = || Error::not_found("invitation");
    let token = OpaqueToken::parse(TokenKind::Invitation, token).map_err(|_| unknown())?;
    let token_hash = token.hash();
    let found = state
        .db
        .read(move |conn| {
            let Some(invitation) = store::find_invitation(conn, &token_hash)? else { return Ok(None) };
            let user = db::companies::find_user(conn, invitation.user_id)?;
            let company = db::companies::find_company(conn, invitation.company_id)?;
            Ok(user.zip(company).map(|(user, company)| (invitation, user, company)))
        })
        .await?
        .ok_or_else(unknown)?;
    match found.0.state.judge(Utc::now()) {
        InvitationVerdict::Valid { .. } if found.1.active => Ok(found),
        InvitationVerdict::Valid { .. } => Err(Error::Conflict("this account was deactivated".to_owned())),
        InvitationVerdict::Expired { .. } => {
            Err(Error::Conflict("this invitation has expired; ask an admin of your company to invite you again".to_owned()))
        }
        InvitationVerdict::AlreadyAccepted { .. } => {
            Err(Error::Conflict("this invitation was already used; sign in with your password".to_owned()))
        }
        InvitationVerdict::Revoked { .. } => {
            Err(Error::Conflict("this invitation was replaced by a newer one; use the latest link".to_owned()))
        }
    }
}

/// `POST /me/password`: the signed-in user changes their password, proving the current one. The
/// proof goes through the login throttle like a login, so a stolen access token cannot be used
/// to guess the password.
pub async fn change_password(state: &AppState, actor: &Actor, current: &str, new: &str) -> Result<()> {
    let Me { user, company, .. } = get_me(state, actor).await?;
    let company_name = company.map(|company| company.name).unwrap_or_default();
    let context = PasswordContext { email: &user.email, company_name: &company_name };
    let password = NewPassword::parse(new, &context).map_err(|refusal| Error::invalid("new_password", refusal.to_string()))?;
    let keys = prove_password(state, actor, &user, current, "user.password_change").await?;
    let password_hash = hash_password(password).await?;
    let event = actor.event("user.password_change", "user", &user.id.to_string());
    let (user_id, policy) = (user.id, throttle_policy(state));
    state
        .db
        .write_audited(event, move |conn| {
            release(conn, &keys, &policy)?;
            // A new password ends the sessions signed in with the old one.
            db::refresh::revoke_user_families(conn, user_id, Utc::now())?;
            db::companies::set_user_password(conn, user_id, &password_hash)
        })
        .await?;
    Ok(())
}

/// Checks the signed-in user's current password through the login throttle, like a login, so a
/// stolen access token cannot be used to guess it; a wrong one is audited as `action` failed.
/// The attempt's keys are returned for the change's transaction to release.
pub(super) async fn prove_password(state: &AppState, actor: &Actor, user: &User, current: &str, action: &str) -> Result<AttemptKeys> {
    let keys = AttemptKeys::new(state, &format!("user:{}", user.email), actor.ip());
    reserve_attempt(state, &keys).await?;
    let (stored_hash, current) = (user.password_hash.clone(), current.to_owned());
    let proven = has_password(user) && off_thread(move || verify_secret(&current, &stored_hash)).await?;
    if !proven {
        let event = actor.event(action, "user", &user.id.to_string());
        state.db.audit(NewAuditEvent { outcome: "failed".to_owned(), ..event }).await?;
        return Err(Error::invalid("current_password", "is not your current password"));
    }
    Ok(keys)
}

/// The signed-in user and their company.
#[derive(Debug, Clone)]
pub struct Me {
    pub user: User,
    pub company: Option<Company>,
    pub mfa_enabled: bool,
}

/// `GET /me`.
pub async fn get_me(state: &AppState, actor: &Actor) -> Result<Me> {
    let user = current_user(state, actor).await?;
    let (user_id, company_id) = (user.id, user.company_id);
    let (company, mfa_enabled) = state
        .db
        .read(move |conn| {
            let company = company_id.map(|id| db::companies::find_company(conn, id)).transpose()?.flatten();
            Ok((company, db::mfa::is_enabled(conn, user_id)?))
        })
        .await?;
    Ok(Me { user, company, mfa_enabled })
}

pub(super) async fn current_user(state: &AppState, actor: &Actor) -> Result<User> {
    let id = actor.user_id().ok_or_else(|| Error::Forbidden("only a signed-in user has a profile and a password".to_owned()))?;
    state
        .db
        .read(move |conn| db::companies::find_user(conn, id))
        .await?
        .filter(|user| user.active)
        .ok_or_else(|| Error::Unauthorized("the account no longer exists or was deactivated".to_owned()))
}

pub(super) fn team_admin(actor: &Actor) -> Result<CompanyId> {
    actor.require(Permission::Administer)?;
    if actor.user_id().is_none() {
        return Err(Error::Forbidden("a company's team is managed by its admins, not by API clients".to_owned()));
    }
    actor.own_company("team members")
}

fn new_user(company_id: CompanyId, email: &EmailAddress, name: Option<String>, role: Role, now: DateTime<Utc>) -> User {
    User {
        id: UserId::generate(),
        company_id: Some(company_id),
        email: email.as_str().to_owned(),
        name: name.unwrap_or_else(|| email.local_part().to_owned()),
        role,
        password_hash: String::new(),
        active: true,
        created_at: now,
    }
}

pub(crate) fn checked_name(name: &str) -> std::result::Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("is longer than {MAX_NAME_CHARS} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("contains a control character".to_owned());
    }
    Ok(name.to_owned())
}

fn new_invitation_token() -> OpaqueToken {
    OpaqueToken::from_random(TokenKind::Invitation, rand::random())
}

/// The link puts the token in the fragment, which browsers send to no server and no `Referer`.
fn issued(state: &AppState, user: User, token: &OpaqueToken, now: DateTime<Utc>) -> IssuedInvitation {
    let url = format!("{}/invitation#token={}", state.config.public_url, token.expose());
    IssuedInvitation { member: Member::from(user), url, expires_at: Invitation::new(now).expires_at(), emailed: false }
}

/// Mails a member's invitation when a mail server is configured. The invitation stands
/// whatever happens to the mail: the answer has the link and says whether the mail went.
async fn mail_invitation(state: &AppState, company_id: CompanyId, mut invitation: IssuedInvitation) -> IssuedInvitation {
    if !state.mailer.is_configured() {
        return invitation;
    }
    let company_name = match state.db.read(move |conn| db::companies::find_company(conn, company_id)).await {
        Ok(company) => company.map(|company| company.name).unwrap_or_default(),
        Err(error) => {
            log::warn!("the invitation e-mail of user {} was not sent: {error}", invitation.member.user.id);
            return invitation;
        }
    };
    let sent = state.mailer.send(invitation_mail(&invitation, &company_name)).await;
    invitation.emailed = mailed(&invitation, sent);
    invitation
}

fn invitation_mail(invitation: &IssuedInvitation, company_name: &str) -> Mail {
    Mail {
        to: invitation.member.user.email.clone(),
        subject: format!("Your invitation to {company_name} on the KYC back-office"),
        body: format!(
            "You are invited to join {company_name} on the KYC back-office as {role}.\n\n\
             Open this link to choose your password. It works once, until {expires}:\n\n{url}\n\n\
             If you did not expect this invitation, ignore this e-mail.\n",
            role = invitation.member.user.role,
            expires = invitation.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            url = invitation.url,
        ),
    }
}

/// Whether the mail went; a failure is logged with the user's id and its kind only (never the
/// link, the address or the server's text).
fn mailed(invitation: &IssuedInvitation, sent: std::result::Result<bool, SendError>) -> bool {
    sent.unwrap_or_else(|error| {
        log::warn!("the invitation e-mail of user {} was not sent: {error}", invitation.member.user.id);
        false
    })
}

async fn hash_password(password: NewPassword) -> Result<String> {
    off_thread(move || hash_secret(password.expose()))
        .await?
        .map_err(|error| Error::Internal(anyhow::anyhow!("{error}")))
}

pub(super) fn user_event(user: &User, action: &str, ip: &str) -> NewAuditEvent {
    NewAuditEvent {
        company_id: user.company_id,
        actor_id: Principal::User(user.id).to_string(),
        actor_kind: "user".to_owned(),
        action: action.to_owned(),
        target_type: Some("user".to_owned()),
        target_id: Some(user.id.to_string()),
        outcome: "ok".to_owned(),
        ip: Some(ip.to_owned()),
    }
}

pub(super) fn anonymous_event(action: &str, outcome: &str, ip: &str) -> NewAuditEvent {
    NewAuditEvent {
        actor_id: "unknown".to_owned(),
        actor_kind: "user".to_owned(),
        action: action.to_owned(),
        outcome: outcome.to_owned(),
        ip: Some(ip.to_owned()),
        ..NewAuditEvent::default()
    }
}

/// Unauthenticated endpoints other than login (accepting an invitation) share a per-IP budget.
pub(super) fn spend_public_budget(state: &AppState, ip: &str) -> Result<()> {
    state.public_limits.take(&format!("ip:{ip}")).map_err(|retry_after| Error::RateLimited {
        message: "too many attempts from this address; wait for Retry-After".to_owned(),
        retry_after,
    })
}
