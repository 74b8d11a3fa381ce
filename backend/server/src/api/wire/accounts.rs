//! Wire types of the team (members, invitations) and of the signed-in user's own account.

use super::sessions::CompanyRef;
use super::text::Text;
use super::{Role, wire_enum};
use crate::cases::accounts::{AcceptedInvitation, IssuedInvitation, Me, Member, NewMember};
use chrono::{DateTime, Utc};
use kyc_domain::accounts::team::MemberChange;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire_enum!(
    /// A company member's role: `admin` (settings, team, activity log), `operator` (reads and
    /// decides sessions) or `viewer` (reads only).
    TeamRole <=> kyc_domain::accounts::team::TeamRole { Admin => "admin", Operator => "operator", Viewer => "viewer" }
);

wire_enum!(
    /// `invited` (has not set a password yet), `active`, or `deactivated` (cannot sign in).
    MemberStatus <=> crate::cases::accounts::MemberStatus { Invited => "invited", Active => "active", Deactivated => "deactivated" }
);

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: MemberStatus,
    /// Whether their two-factor login is on.
    pub mfa_enabled: bool,
    pub created_at: DateTime<Utc>,
}

impl From<Member> for MemberView {
    fn from(member: Member) -> Self {
        MemberView {
            id: member.user.id.to_string(),
            email: member.user.email,
            name: member.user.name,
            role: member.user.role.into(),
            status: member.status.into(),
            mfa_enabled: member.mfa_enabled,
            created_at: member.user.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberList {
    /// Oldest first.
    pub items: Vec<MemberView>,
}

impl From<Vec<Member>> for MemberList {
    fn from(members: Vec<Member>) -> Self {
        MemberList { items: members.into_iter().map(MemberView::from).collect() }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "nino.operator@bank.example", "role": "operator", "name": "Nino Beridze"}))]
pub struct InviteInput {
    #[schema(value_type = String, max_length = 254, format = Email)]
    pub email: Text<254>,
    pub role: TeamRole,
    /// Shown in notes and the activity log; the e-mail's local part when left out.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub name: Option<Text<200>>,
}

impl From<InviteInput> for NewMember {
    fn from(input: InviteInput) -> Self {
        NewMember { email: input.email.into_inner(), role: input.role.into(), name: input.name.map(Text::into_inner) }
    }
}

/// An invitation: the link is shown once (and e-mailed when mail is set up), never stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationView {
    pub user: MemberView,
    /// Open it to set a password; it works once, until `expires_at` (72 hours).
    pub invitation_url: String,
    pub expires_at: DateTime<Utc>,
    /// Whether the link was also e-mailed to the member (`KYC_SMTP_URL`); when false, pass the
    /// link on yourself.
    pub invitation_emailed: bool,
}

impl From<IssuedInvitation> for InvitationView {
    fn from(invitation: IssuedInvitation) -> Self {
        InvitationView {
            user: invitation.member.into(),
            invitation_url: invitation.url,
            expires_at: invitation.expires_at,
            invitation_emailed: invitation.emailed,
        }
    }
}

/// What to change about a member; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub struct MemberPatch {
    #[serde(default)]
    pub role: Option<TeamRole>,
    #[serde(default)]
    pub active: Option<bool>,
}

impl From<MemberPatch> for MemberChange {
    fn from(patch: MemberPatch) -> Self {
        MemberChange { role: patch.role.map(Into::into), active: patch.active }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationInput {
    /// The `token` from the invitation link's fragment.
    #[schema(value_type = String, max_length = 128)]
    pub token: Text<128>,
    /// At least 12 characters and hard to guess (zxcvbn score 3 or more).
    #[schema(value_type = String, min_length = 12, max_length = 256, format = Password)]
    pub password: Text<256>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AcceptedInvitationView {
    /// The address to sign in with.
    pub email: String,
}

impl From<AcceptedInvitation> for AcceptedInvitationView {
    fn from(accepted: AcceptedInvitation) -> Self {
        AcceptedInvitationView { email: accepted.email }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeInput {
    #[schema(value_type = String, max_length = 256, format = Password)]
    pub current_password: Text<256>,
    /// At least 12 characters and hard to guess (zxcvbn score 3 or more).
    #[schema(value_type = String, min_length = 12, max_length = 256, format = Password)]
    pub new_password: Text<256>,
}

/// The signed-in user.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// `null` for the platform's superadmin.
    pub company: Option<CompanyRef>,
    /// Whether their two-factor login is on.
    pub mfa_enabled: bool,
}

impl From<Me> for MeView {
    fn from(me: Me) -> Self {
        MeView {
            id: me.user.id.to_string(),
            email: me.user.email,
            name: me.user.name,
            role: me.user.role.into(),
            company: me.company.map(|company| CompanyRef { id: company.id.to_string(), name: company.name }),
            mfa_enabled: me.mfa_enabled,
        }
    }
}

/// A TOTP enrolment just started: add the secret to an authenticator app (scan `qr_svg` or
/// type `secret`), then confirm with a code. Shown once; pending until confirmed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotpEnrolmentView {
    /// The shared secret in base32 (RFC 4648, no padding), for typing it in.
    pub secret: String,
    /// `otpauth://totp/KYC%20back-office:<e-mail>?secret=…&issuer=…` (SHA-1, 6 digits, 30 s).
    pub otpauth_url: String,
    /// `otpauth_url` as a QR code, a standalone SVG document.
    pub qr_svg: String,
}

impl From<kyc_domain::accounts::totp::TotpEnrolment> for TotpEnrolmentView {
    fn from(enrolment: kyc_domain::accounts::totp::TotpEnrolment) -> Self {
        TotpEnrolmentView { secret: enrolment.secret, otpauth_url: enrolment.otpauth_url, qr_svg: enrolment.qr_svg }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "123456"}))]
pub struct TotpConfirmInput {
    /// The 6-digit code the authenticator app shows now (spaces and a hyphen are ignored).
    #[schema(value_type = String, max_length = 32)]
    pub code: Text<32>,
    /// With an enrolment `mfa_token`: the dashboard sets this, and the login's refresh token
    /// then comes only as the `HttpOnly` cookie, like `POST /auth/login`'s.
    #[serde(default)]
    pub refresh_cookie: bool,
}

/// Two-factor login is on. With an enrolment `mfa_token`, the login it was asked for is
/// finished too: the token fields are those of `POST /auth/login`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TotpConfirmedView {
    /// 10 single-use codes (`XXXX-XXXX-XXXX`) for when the phone is lost; shown only now.
    pub recovery_codes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// `Bearer` when `access_token` is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpDisableInput {
    #[schema(value_type = String, max_length = 256, format = Password)]
    pub current_password: Text<256>,
}
