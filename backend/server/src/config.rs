//! Configuration, read once from the environment.
//!
//! | variable | meaning | default |
//! | --- | --- | --- |
//! | `KYC_ENV` | `development` or `production`; production refuses unsafe defaults | `development` |
//! | `KYC_BIND` | address `serve` listens on | `127.0.0.1:8080` |
//! | `KYC_DATA_DIR` | embedded database and photo blobs | `./data` |
//! | `DATABASE_URL` | `postgres://…` for PostgreSQL; otherwise SQLite at `$KYC_DATA_DIR/kyc.sqlite` | unset |
//! | `KYC_JWT_SECRET` | HS256 signing secret, ≥ 32 bytes in production | a dev-only default |
//! | `KYC_JWT_ISSUER` / `KYC_JWT_AUDIENCE` | the `iss` and `aud` claims issued and required | `kyc-backoffice` / `kyc-api` |
//! | `KYC_ACCESS_TOKEN_TTL_SECONDS` | access-token lifetime, at most 900 | `900` |
//! | `KYC_MASTER_KEY` | 32 bytes as base64: wraps the companies' photo data keys; refused in production when the default | a dev-only default |
//! | `KYC_DEMO_PASSWORD` | password of the demo users created by `demo` | a printed dev default |
//! | `KYC_TRUSTED_PROXIES` | comma-separated IPs/CIDRs whose `X-Forwarded-For` is believed | none |
//! | `KYC_STATIC_DIR` | the built dashboard to serve at `/` | `frontend/dist` |
//! | `KYC_DB_POOL_SIZE` | database connections in the read pool | `8` |
//! | `KYC_REQUEST_HEAD_TIMEOUT_SECONDS` | a client must send its request head within this (else 408) | `5` |
//! | `KYC_BODY_READ_TIMEOUT_SECONDS` | a request body must arrive within this (else 408, connection closed) | `30` |
//! | `KYC_KEEP_ALIVE_SECONDS` | an idle keep-alive connection is closed after this | `5` |
//! | `KYC_EXPENSIVE_CALLS_PER_MINUTE` | expensive operations (ingest, photo upload, screening, MRZ check, PDF) per caller and minute | `120` |
//! | `KYC_EXPENSIVE_BURST` | how many of them a caller may make at once | `30` |
//! | `KYC_HEAVY_SLOTS` | CPU-heavy steps (screening, MRZ repair, PDF, password hashing) run at once | the number of cores |
//! | `KYC_GEOIP_DB` | an IP-to-country MaxMind DB file to use instead of the embedded one | the embedded geo-whois-asn-country |
//! | `KYC_LOGIN_DELAY_SECONDS` | the first wait after 5 failed logins of one account; it doubles up to 4 × this | `15` |
//! | `KYC_LOGIN_IP_BUDGET` | failed logins one client address (IPv6: its /64) may have in 15 minutes | `30` |
//! | `KYC_PUBLIC_URL` | the dashboard's address as users reach it, for invitation links | `http://` + `KYC_BIND` |
//! | `KYC_AUDIT_KEY` | the audit chains' HMAC key, hex, ≥ 32 bytes (`openssl rand -hex 32`); keep it out of the database and its backups | a dev-only default |
//! | `KYC_AUDIT_QUEUE_CAPACITY` | audit events waiting for the appender at most; past it a request gets 503 with `Retry-After` | `4096` |
//! | `KYC_AUDIT_BATCH_MAX` | audit events the appender writes in one transaction at most | `512` |
//! | `KYC_AUDIT_CHECKPOINT_KEY` | read only by `kyc-server audit checkpoint`, never by `serve`: the Ed25519 secret (hex, 32 bytes) that signs checkpoints | none |
//! | `KYC_AUDIT_CHECKPOINT_PUBLIC_KEYS` | read only by `kyc-server audit verify --checkpoint`: trusted public keys, hex, comma-separated | none |
//! | `KYC_WEBHOOK_RETRY_SCALE` | multiplies every delay of the webhook retry schedule (above 0, at most 1) | `1` |
//! | `KYC_LIST_SOURCES` | lists `serve` keeps current by itself: `NAME FORMAT INTERVAL URL [URL…]`, separated by `;` (`list_feed`) | none |
//! | `KYC_LIST_MAX_BYTES` | the largest list file downloaded | `536870912` (512 MiB) |
//! | `KYC_LIST_TIMEOUT_SECONDS` | one list file's whole download (connecting: at most 10 s of it) | `300` |
//! | `KYC_WEBHOOK_TIMEOUT_SECONDS` | a whole webhook attempt (connecting: at most 5 s of it) | `15` |
//! | `RUST_LOG` | log filter for env_logger | `info` |

use kyc_domain::envelope::MasterKey;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The development signing secret; the server refuses it when `KYC_ENV=production`.
pub const DEV_JWT_SECRET: &str = "dev-only-secret-change-me-in-production-0123456789";
/// The development master key (base64 of 32 ASCII bytes); refused when `KYC_ENV=production`.
pub const DEV_MASTER_KEY: &str = "ZGV2LW9ubHktbWFzdGVyLWtleS1ub3QtZm9yLXByb2Q=";
/// The demo users' password when `KYC_DEMO_PASSWORD` is unset.
pub const DEV_DEMO_PASSWORD: &str = "demo-password-2026";
/// The development audit chain key (hex); the server refuses it when `KYC_ENV=production`.
pub const DEV_AUDIT_KEY: &str = "6465762d6f6e6c792d61756469742d6b65792d6368616e67652d6d652d30313233";
/// Access tokens never live longer than this (seconds).
pub const MAX_ACCESS_TOKEN_TTL: i64 = 900;
const MIN_PRODUCTION_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub jwt_secret: String,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    /// Wraps the data keys photos are encrypted with; `Debug` shows its fingerprint only.
    pub master_key: Arc<MasterKey>,
    pub access_token_ttl_seconds: i64,
    pub demo_password: String,
    pub trusted_proxies: String,
    pub static_dir: PathBuf,
    pub db_pool_size: u32,
    pub request_head_timeout: Duration,
    pub body_read_timeout: Duration,
    pub keep_alive: Duration,
    pub expensive_calls_per_minute: NonZeroU32,
    pub expensive_burst: NonZeroU32,
    pub heavy_slots: usize,
    pub geoip_db: Option<PathBuf>,
    /// The dashboard's address as users reach it (invitation links), without a trailing slash.
    pub public_url: String,
    /// The login throttle's first delay per account (`kyc_domain::accounts::login_throttle`).
    pub login_delay: Duration,
    /// Failed logins one address may have outstanding.
    pub login_ip_budget: u32,
    /// The HMAC key of every audit chain (`KYC_AUDIT_KEY`).
    pub audit_key: kyc_domain::audit::v2::ChainKey,
    /// Whether `audit_key` is the development default (refused in production).
    pub audit_key_is_default: bool,
    pub audit_queue_capacity: usize,
    pub audit_batch_max: usize,
    pub webhook_retry_scale: kyc_domain::webhooks::RetryScale,
    pub webhook_timeout: Duration,
    /// Lists fetched by URL and kept current by `serve` (`cases::list_refresh`).
    pub list_sources: Vec<crate::list_feed::ListSource>,
    pub list_max_bytes: u64,
    pub list_timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{variable} is invalid: {reason}")]
    Invalid { variable: &'static str, reason: String },
    #[error("refusing to start in production: {0}")]
    UnsafeInProduction(&'static str),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any variable source (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.to_owned());
        let environment = match get("KYC_ENV", "development").as_str() {
            "production" => Environment::Production,
            "development" | "dev" | "test" => Environment::Development,
            other => return Err(invalid("KYC_ENV", format!("unknown environment {other:?}"))),
        };
        let data_dir = PathBuf::from(get("KYC_DATA_DIR", "./data"));
        let database_url = lookup("DATABASE_URL")
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| sqlite_url(&data_dir));
        let bind: SocketAddr = parse("KYC_BIND", &get("KYC_BIND", "127.0.0.1:8080"))?;
        let config = Config {
            environment,
            bind,
            data_dir,
            database_url,
            jwt_secret: get("KYC_JWT_SECRET", DEV_JWT_SECRET),
            jwt_issuer: get("KYC_JWT_ISSUER", "kyc-backoffice"),
            jwt_audience: get("KYC_JWT_AUDIENCE", "kyc-api"),
            master_key: master_key(&get("KYC_MASTER_KEY", DEV_MASTER_KEY))?,
            access_token_ttl_seconds: parse("KYC_ACCESS_TOKEN_TTL_SECONDS", &get("KYC_ACCESS_TOKEN_TTL_SECONDS", "900"))?,
            demo_password: get("KYC_DEMO_PASSWORD", DEV_DEMO_PASSWORD),
            trusted_proxies: get("KYC_TRUSTED_PROXIES", ""),
            static_dir: PathBuf::from(get("KYC_STATIC_DIR", "frontend/dist")),
            db_pool_size: parse("KYC_DB_POOL_SIZE", &get("KYC_DB_POOL_SIZE", "8"))?,
            request_head_timeout: seconds("KYC_REQUEST_HEAD_TIMEOUT_SECONDS", &get("KYC_REQUEST_HEAD_TIMEOUT_SECONDS", "5"))?,
            body_read_timeout: seconds("KYC_BODY_READ_TIMEOUT_SECONDS", &get("KYC_BODY_READ_TIMEOUT_SECONDS", "30"))?,
            keep_alive: seconds("KYC_KEEP_ALIVE_SECONDS", &get("KYC_KEEP_ALIVE_SECONDS", "5"))?,
            expensive_calls_per_minute: parse(
                "KYC_EXPENSIVE_CALLS_PER_MINUTE",
                &get("KYC_EXPENSIVE_CALLS_PER_MINUTE", "120"),
            )?,
            expensive_burst: parse("KYC_EXPENSIVE_BURST", &get("KYC_EXPENSIVE_BURST", "30"))?,
            heavy_slots: match lookup("KYC_HEAVY_SLOTS") {
                Some(text) => parse("KYC_HEAVY_SLOTS", &text)?,
                None => std::thread::available_parallelism().map_or(2, usize::from),
            },
            geoip_db: lookup("KYC_GEOIP_DB").filter(|path| !path.trim().is_empty()).map(PathBuf::from),
            public_url: get("KYC_PUBLIC_URL", &format!("http://{bind}")).trim().trim_end_matches('/').to_owned(),
            login_delay: seconds("KYC_LOGIN_DELAY_SECONDS", &get("KYC_LOGIN_DELAY_SECONDS", "15"))?,
            login_ip_budget: parse("KYC_LOGIN_IP_BUDGET", &get("KYC_LOGIN_IP_BUDGET", "30"))?,
            audit_key: kyc_domain::audit::v2::ChainKey::from_hex(&get("KYC_AUDIT_KEY", DEV_AUDIT_KEY))
                .map_err(|error| invalid("KYC_AUDIT_KEY", error.to_string()))?,
            audit_key_is_default: lookup("KYC_AUDIT_KEY").is_none_or(|key| key.trim() == DEV_AUDIT_KEY),
            audit_queue_capacity: parse("KYC_AUDIT_QUEUE_CAPACITY", &get("KYC_AUDIT_QUEUE_CAPACITY", "4096"))?,
            audit_batch_max: parse("KYC_AUDIT_BATCH_MAX", &get("KYC_AUDIT_BATCH_MAX", "512"))?,
            webhook_retry_scale: parse("KYC_WEBHOOK_RETRY_SCALE", &get("KYC_WEBHOOK_RETRY_SCALE", "1"))?,
            webhook_timeout: seconds("KYC_WEBHOOK_TIMEOUT_SECONDS", &get("KYC_WEBHOOK_TIMEOUT_SECONDS", "15"))?,
            list_sources: crate::list_feed::parse_sources(&get("KYC_LIST_SOURCES", ""))
                .map_err(|reason| invalid("KYC_LIST_SOURCES", reason))?,
            list_max_bytes: parse("KYC_LIST_MAX_BYTES", &get("KYC_LIST_MAX_BYTES", "536870912"))?,
            list_timeout: seconds("KYC_LIST_TIMEOUT_SECONDS", &get("KYC_LIST_TIMEOUT_SECONDS", "300"))?,
        };
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if !(1..=MAX_ACCESS_TOKEN_TTL).contains(&self.access_token_ttl_seconds) {
            return Err(invalid("KYC_ACCESS_TOKEN_TTL_SECONDS", format!("must be 1..={MAX_ACCESS_TOKEN_TTL}")));
        }
        if self.heavy_slots == 0 {
            return Err(invalid("KYC_HEAVY_SLOTS", "must be at least 1".to_owned()));
        }
        if self.login_ip_budget == 0 {
            return Err(invalid("KYC_LOGIN_IP_BUDGET", "must be at least 1".to_owned()));
        }
        if self.db_pool_size == 0 {
            return Err(invalid("KYC_DB_POOL_SIZE", "must be at least 1".to_owned()));
        }
        if self.audit_queue_capacity == 0 || self.audit_batch_max == 0 {
            return Err(invalid("KYC_AUDIT_QUEUE_CAPACITY", "the queue and the batch hold at least 1 event".to_owned()));
        }
        if self.environment == Environment::Production {
            if self.audit_key_is_default {
                return Err(ConfigError::UnsafeInProduction("KYC_AUDIT_KEY is the development default"));
            }
            if self.jwt_secret == DEV_JWT_SECRET {
                return Err(ConfigError::UnsafeInProduction("KYC_JWT_SECRET is the development default"));
            }
            if self.jwt_secret.len() < MIN_PRODUCTION_SECRET_BYTES {
                return Err(ConfigError::UnsafeInProduction("KYC_JWT_SECRET is shorter than 32 bytes"));
            }
            if self.master_key.fingerprint() == dev_master_key().fingerprint() {
                return Err(ConfigError::UnsafeInProduction("KYC_MASTER_KEY is the development default"));
            }
        }
        Ok(())
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }
}

fn master_key(text: &str) -> Result<Arc<MasterKey>, ConfigError> {
    MasterKey::from_base64(text).map(Arc::new).map_err(|error| invalid("KYC_MASTER_KEY", error.to_string()))
}

fn dev_master_key() -> MasterKey {
    MasterKey::from_base64(DEV_MASTER_KEY).expect("the development master key is 32 bytes of base64")
}

fn sqlite_url(data_dir: &std::path::Path) -> String {
    data_dir.join("kyc.sqlite").to_string_lossy().into_owned()
}

fn invalid(variable: &'static str, reason: String) -> ConfigError {
    ConfigError::Invalid { variable, reason }
}

/// A positive number of seconds, which may be fractional (`0.5`) so tests can scale it down.
fn seconds(variable: &'static str, text: &str) -> Result<Duration, ConfigError> {
    let value: f64 = parse(variable, text)?;
    if !(value > 0.0 && value <= 3600.0) {
        return Err(invalid(variable, "must be more than 0 and at most 3600 seconds".to_owned()));
    }
    Ok(Duration::from_secs_f64(value))
}

fn parse<T: std::str::FromStr>(variable: &'static str, text: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    text.trim().parse().map_err(|error: T::Err| invalid(variable, error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn development_accepts_the_default_secret() {
        assert!(config_from(&[]).is_ok());
    }

    #[test]
    fn production_refuses_the_default_secret() {
        let result = config_from(&[("KYC_ENV", "production")]);
        assert!(matches!(result, Err(ConfigError::UnsafeInProduction(_))));
    }

    #[test]
    fn production_refuses_a_short_secret() {
        let result = config_from(&[("KYC_ENV", "production"), ("KYC_JWT_SECRET", "short")]);
        assert!(matches!(result, Err(ConfigError::UnsafeInProduction(_))));
    }

    const OTHER_MASTER_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn production_accepts_a_long_secret_and_its_own_master_key() {
        let secret = "x".repeat(40);
        let audit_key = "ab".repeat(32);
        let production = [
            ("KYC_ENV", "production"),
            ("KYC_JWT_SECRET", &secret),
            ("KYC_AUDIT_KEY", &audit_key),
            ("KYC_MASTER_KEY", OTHER_MASTER_KEY),
        ];
        assert!(config_from(&production).is_ok());
    }

    #[test]
    fn production_refuses_the_development_master_key() {
        let secret = "x".repeat(40);
        let audit_key = "ab".repeat(32);
        let result = config_from(&[("KYC_ENV", "production"), ("KYC_JWT_SECRET", &secret), ("KYC_AUDIT_KEY", &audit_key)]);
        assert!(matches!(result, Err(ConfigError::UnsafeInProduction(message)) if message.contains("KYC_MASTER_KEY")));
    }

    #[test]
    fn a_master_key_that_is_not_32_bytes_of_base64_is_refused_without_repeating_it() {
        for text in ["not base64!", "c2hvcnQ="] {
            let error = config_from(&[("KYC_MASTER_KEY", text)]).err().expect("refused").to_string();
            assert!(error.contains("KYC_MASTER_KEY") && !error.contains(text), "{error}");
        }
    }

    #[test]
    fn production_refuses_the_default_audit_key() {
        let secret = "x".repeat(40);
        for audit_key in [None, Some(DEV_AUDIT_KEY)] {
            let mut pairs = vec![("KYC_ENV", "production"), ("KYC_JWT_SECRET", secret.as_str())];
            pairs.extend(audit_key.map(|key| ("KYC_AUDIT_KEY", key)));
            assert!(matches!(config_from(&pairs), Err(ConfigError::UnsafeInProduction(_))), "{audit_key:?}");
        }
    }

    #[test]
    fn an_audit_key_must_be_hex_of_at_least_32_bytes() {
        assert!(config_from(&[("KYC_AUDIT_KEY", "not hex")]).is_err());
        assert!(config_from(&[("KYC_AUDIT_KEY", &"ab".repeat(31))]).is_err());
        assert!(config_from(&[("KYC_AUDIT_KEY", &"ab".repeat(32))]).is_ok());
    }

    #[test]
    fn token_lifetimes_over_fifteen_minutes_are_refused() {
        assert!(config_from(&[("KYC_ACCESS_TOKEN_TTL_SECONDS", "3600")]).is_err());
    }

    #[test]
    fn timeouts_are_positive_seconds_and_may_be_fractional() {
        let config = config_from(&[("KYC_BODY_READ_TIMEOUT_SECONDS", "0.5")]).expect("valid config");
        assert_eq!(config.body_read_timeout, Duration::from_millis(500));
        assert!(config_from(&[("KYC_BODY_READ_TIMEOUT_SECONDS", "0")]).is_err());
        assert!(config_from(&[("KYC_KEEP_ALIVE_SECONDS", "-1")]).is_err());
        assert!(config_from(&[("KYC_EXPENSIVE_CALLS_PER_MINUTE", "0")]).is_err());
    }

    #[test]
    fn the_webhook_retry_scale_is_a_factor_above_zero_and_at_most_one() {
        let config = config_from(&[("KYC_WEBHOOK_RETRY_SCALE", "0.001")]).expect("valid config");
        assert_eq!(config.webhook_retry_scale.factor(), 0.001);
        assert_eq!(config_from(&[]).expect("valid config").webhook_retry_scale.factor(), 1.0);
        for refused in ["0", "2", "fast"] {
            assert!(config_from(&[("KYC_WEBHOOK_RETRY_SCALE", refused)]).is_err(), "{refused}");
        }
    }

    #[test]
    fn sqlite_is_the_default_database_under_the_data_dir() {
        let config = config_from(&[("KYC_DATA_DIR", "/srv/kyc")]).expect("valid config");
        assert!(config.database_url.ends_with("kyc.sqlite"));
    }
}
