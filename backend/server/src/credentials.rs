//! Access tokens (HS256 JWTs) and password / secret hashing (argon2id): the adapter around
//! jsonwebtoken and argon2. Who may do what is `kyc_domain::access`; who is asking is
//! `cases::Actor`, made from the claims verified here.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use kyc_domain::access::Role;
use kyc_domain::ids::{CompanyId, Principal};
use serde::{Deserialize, Serialize};

/// Clock skew tolerated when checking `exp` and `iat`.
pub const LEEWAY_SECONDS: u64 = 5;

/// The claims of an access token. `exp, iat, iss, aud, sub` are required and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub company_id: Option<String>,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: String,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TokenError {
    #[error("the token is invalid: {0}")]
    Invalid(String),
    #[error("the token lives longer than the allowed {0} seconds")]
    LifetimeTooLong(i64),
    #[error("the token is issued in the future")]
    IssuedInFuture,
    #[error("could not sign the token: {0}")]
    Signing(String),
}

/// Signs and checks access tokens with one HS256 secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    lifetime_seconds: i64,
}

impl TokenKeys {
    pub fn new(secret: &[u8], issuer: &str, audience: &str, lifetime_seconds: i64) -> TokenKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        // We never issue `nbf`, but a token that carries one is not valid before it.
        validation.validate_nbf = true;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            lifetime_seconds,
        }
    }

    pub fn lifetime_seconds(&self) -> i64 {
        self.lifetime_seconds
    }

    /// Issues a token for a user or API client of a company with a role, valid from now.
    pub fn issue(&self, subject: &Principal, company_id: Option<CompanyId>, role: Role) -> Result<String, TokenError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: subject.to_string(),
            company_id: company_id.map(|id| id.to_string()),
            role,
            iat: now,
            exp: now + self.lifetime_seconds,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        self.sign(&claims)
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, TokenError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|error| TokenError::Signing(error.to_string()))
    }

    /// Checks the header (no critical extension), signature, algorithm, issuer, audience, expiry,
    /// `nbf` and the lifetime limit.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        refuse_extensions(token)?;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|error| TokenError::Invalid(error.to_string()))?
            .claims;
        let max_lifetime = crate::config::MAX_ACCESS_TOKEN_TTL;
        if claims.exp - claims.iat > max_lifetime {
            return Err(TokenError::LifetimeTooLong(max_lifetime));
        }
        if claims.iat > chrono::Utc::now().timestamp() + LEEWAY_SECONDS as i64 {
            return Err(TokenError::IssuedInFuture);
        }
        Ok(claims)
    }
}

/// RFC 7515 §4.1.11: a recipient must refuse a token whose `crit` names an extension it does not
/// understand, and this server understands none; `b64` (RFC 7797) changes what is signed.
fn refuse_extensions(token: &str) -> Result<(), TokenError> {
    let header = jsonwebtoken::decode_header(token).map_err(|error| TokenError::Invalid(error.to_string()))?;
    if header.crit.is_some() {
        return Err(TokenError::Invalid("the token names critical extensions".to_owned()));
    }
    if header.extras.inner().contains_key("b64") {
        return Err(TokenError::Invalid("the token's payload encoding is not the default".to_owned()));
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password or client secret with argon2id and a random salt (PHC string).
pub fn hash_secret(secret: &str) -> Result<String, HashError> {
    let salt = SaltString::from_b64(&random_token(16)).map_err(|error| HashError(error.to_string()))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| HashError(error.to_string()))
}

/// Whether the secret matches the stored PHC hash; a malformed hash never matches.
pub fn verify_secret(secret: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|hash| Argon2::default().verify_password(secret.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// A hash that no secret matches, checked against when an account is unknown so that the
/// answer takes as long as for a known one.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_secret(&random_token(24)).unwrap_or_default())
}

/// A random URL-safe token with the given number of random bytes.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(buffer).replace(['+', '/'], "A")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"a-test-secret-that-is-long-enough-for-hs256", "iss-test", "aud-test", 900)
    }

    #[test]
    fn an_issued_token_verifies_with_its_claims() {
        let user = kyc_domain::ids::UserId::generate();
        let token = keys().issue(&Principal::User(user), Some(CompanyId::generate()), Role::Operator).expect("signed");
        let claims = keys().verify(&token).expect("valid");
        assert_eq!(claims.sub, user.to_string());
        assert_eq!(claims.role, Role::Operator);
    }

    #[test]
    fn a_token_signed_with_another_secret_is_refused() {
        let other = TokenKeys::new(b"another-secret-another-secret-another", "iss-test", "aud-test", 900);
        let token = other.issue(&Principal::User(kyc_domain::ids::UserId::generate()), None, Role::Admin).expect("signed");
        assert!(keys().verify(&token).is_err());
    }

    #[test]
    fn a_token_living_longer_than_fifteen_minutes_is_refused() {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: "u".into(), company_id: None, role: Role::Admin, iat: now, exp: now + 3600,
            iss: "iss-test".into(), aud: "aud-test".into(), jti: "j".into(),
        };
        let token = keys().sign(&claims).expect("signed");
        assert_eq!(keys().verify(&token), Err(TokenError::LifetimeTooLong(900)));
    }

    /// A token signed with the test secret from a raw header and claims, as an attacker holding
    /// the secret (or a buggy issuer) would write one.
    fn raw_token(header: serde_json::Value, claims: serde_json::Value) -> String {
        use base64::Engine;
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use hmac::Mac;
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"a-test-secret-that-is-long-enough-for-hs256").expect("key");
        mac.update(signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    fn valid_claims() -> serde_json::Value {
        let now = chrono::Utc::now().timestamp();
        serde_json::json!({"sub": "u", "company_id": null, "role": "admin", "iat": now, "exp": now + 600,
            "iss": "iss-test", "aud": "aud-test", "jti": "j"})
    }

    #[test]
    fn a_raw_token_with_the_right_secret_verifies() {
        assert!(keys().verify(&raw_token(serde_json::json!({"alg": "HS256", "typ": "JWT"}), valid_claims())).is_ok());
    }

    #[test]
    fn a_token_naming_critical_extensions_is_refused() {
        for header in [
            serde_json::json!({"alg": "HS256", "crit": ["exp"]}),
            serde_json::json!({"alg": "HS256", "crit": ["x-unknown-ext"], "x-unknown-ext": 1}),
            serde_json::json!({"alg": "HS256", "b64": false, "crit": ["b64"]}),
            serde_json::json!({"alg": "HS256", "b64": false}),
        ] {
            assert!(keys().verify(&raw_token(header.clone(), valid_claims())).is_err(), "{header}");
        }
    }

    #[test]
    fn a_token_not_yet_valid_or_with_a_malformed_nbf_is_refused() {
        let now = chrono::Utc::now().timestamp();
        let header = serde_json::json!({"alg": "HS256"});
        let mut future = valid_claims();
        future["nbf"] = serde_json::json!(now + 3600);
        assert!(keys().verify(&raw_token(header.clone(), future)).is_err());
        let mut malformed = valid_claims();
        malformed["nbf"] = serde_json::json!("soon");
        assert!(keys().verify(&raw_token(header.clone(), malformed)).is_err());
        let mut past = valid_claims();
        past["nbf"] = serde_json::json!(now - 10);
        assert!(keys().verify(&raw_token(header, past)).is_ok());
    }

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_secret("correct horse").expect("hashed");
        assert!(verify_secret("correct horse", &hash));
        assert!(!verify_secret("wrong horse", &hash));
        assert!(!verify_secret("correct horse", "not a phc string"));
    }
}
