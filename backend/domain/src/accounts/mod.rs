//! Accounts: the pure rules behind companies' team members, their passwords, two-factor login,
//! refresh tokens, invitations and the staff IP allow-list. No I/O and no randomness of its own:
//! the server passes the time, the random bytes and the stored state, and stores what comes back.
//!
//! Every rule and number, for the server and `SECURITY.md` to cite (each submodule says more):
//!
//! | Rule | Value | Where |
//! |---|---|---|
//! | New password: minimum length | 12 characters (Unicode scalar values) | [`password::MIN_PASSWORD_CHARS`] |
//! | Password: maximum length, bounds hashing cost; a login refuses longer unhashed | 256 characters | [`password::MAX_PASSWORD_CHARS`], [`password::is_within_length_cap`] |
//! | New password: `zxcvbn` score, with the e-mail, its local part and domain, the company name and their words as user inputs | at least 3 of 4 | [`password::MIN_ZXCVBN_SCORE`] |
//! | Refused password: says how many characters are missing, or `zxcvbn`'s warning and suggestions | | [`password::PasswordRefusal`] |
//! | TOTP: RFC 6238, HMAC-SHA-1 | 6 digits, 30-second step | [`totp::TotpParameters::STANDARD`] |
//! | TOTP secret | 20 random bytes (160 bits) | [`totp::TOTP_SECRET_BYTES`] |
//! | TOTP issuer shown in the app (configurable); account name = e-mail | "KYC back-office" | [`totp::TOTP_ISSUER`] |
//! | TOTP skew window | the current step ± 1 | [`totp::TOTP_SKEW_STEPS`] |
//! | TOTP replay protection: accepted only if its step is greater than the last accepted step | | [`totp::TotpVerdict`] |
//! | Recovery codes per enrolment, each single-use | 10 | [`recovery_codes::RECOVERY_CODE_COUNT`] |
//! | Recovery code: Crockford base32 `XXXX-XXXX-XXXX`; case, spaces, hyphens ignored; O = 0, I = L = 1 | 56 bits (7 random bytes) | [`recovery_codes::RECOVERY_CODE_RANDOM_BYTES`] |
//! | Recovery code storage: HMAC-SHA-256 under a server key | key ≥ 32 bytes | [`recovery_codes::MIN_RECOVERY_KEY_BYTES`] |
//! | Opaque tokens (invitation, refresh, MFA challenge): URL-safe base64 after a kind prefix | 32 random bytes (256 bits) | [`tokens::OPAQUE_TOKEN_BYTES`], [`tokens::TokenKind`] |
//! | Opaque token storage: the database never holds the token | SHA-256 of its text | [`tokens::OpaqueToken::hash`] |
//! | Stored hashes compared in constant time | | [`secret_hash::SecretHash`] |
//! | Refresh token: rotated at each use, in the family of its login | | [`refresh::judge_refresh`] |
//! | Refresh token already used: the whole family is revoked and audited | | [`refresh::RefreshVerdict::Reused`] |
//! | Refresh token idle expiry, since the family's last use | 12 h | [`refresh::REFRESH_IDLE_TIMEOUT`] |
//! | Refresh family absolute expiry, since the login | 7 days | [`refresh::REFRESH_ABSOLUTE_TIMEOUT`] |
//! | Refresh refused: revoked family (logout, reuse, admin), deactivated user | | [`refresh::RefreshVerdict`] |
//! | E-mail: trimmed, lower-cased, one `@`, a dotted domain | at most 254 characters | [`email::EmailAddress`] |
//! | Login attempts: reserved before the password check, given back when it was right | | [`login_throttle::reserve`] |
//! | Login, per account: failures without delay, then a delay doubling from 15 s up to 60 s; forgotten 15 min after the last | 5 | [`login_throttle::ThrottlePolicy::STANDARD`] |
//! | Login, per IP (IPv6 by /64): attempts outstanding, one back every 30 s | 30 per 15 minutes | [`login_throttle::ThrottlePolicy::STANDARD`] |
//! | Invitation lifetime; accepted once; revocable | 72 h | [`invitation::INVITATION_LIFETIME`] |
//! | MFA challenge (between password and code): lifetime, wrong codes allowed | 5 minutes, 5 | [`second_factor::MFA_CHALLENGE_LIFETIME`], [`second_factor::MAX_MFA_ATTEMPTS`] |
//! | Staff IP allow-list: IPv4/IPv6 addresses and CIDRs; empty = no restriction; IPv4-mapped IPv6 is IPv4 | at most 256 entries | [`ip_allowlist::StaffIpAllowlist`], [`ip_allowlist::MAX_ALLOWLIST_ENTRIES`] |
//! | A company keeps an active admin: the last one cannot be demoted or deactivated | | [`team::check_member_change`] |
//!
//! Every expiry is reached at its instant: a limit `t` means "refused from `t` on".
//!
//! Secrets (passwords, TOTP secrets, recovery codes, tokens) are held in types that are wiped
//! from memory when dropped and print as `<redacted>` with `Debug`; reading one takes an
//! explicit call (`expose`, `to_grouped`, `to_base32`).
//!
//! What the server must add, because it holds the state: mark a refresh token used, an
//! invitation accepted and a recovery code used atomically with the check (an `UPDATE … WHERE
//! used_at IS NULL` that must touch one row), store the last accepted TOTP step in the same
//! transaction as the login, rate-limit the public endpoints, and audit every verdict that
//! refuses.

pub mod email;
pub mod invitation;
pub mod ip_allowlist;
pub mod login_throttle;
pub mod password;
pub mod recovery_codes;
pub mod refresh;
pub mod second_factor;
pub mod secret_hash;
pub mod team;
pub mod tokens;
pub mod totp;
