//! What every request handler shares: the database, photo storage, token keys and the
//! long-lived engines (user-agent data, sanctions index).

use crate::blobs::FolderBlobStore;
use crate::config::Config;
use crate::credentials::TokenKeys;
use crate::db::Db;
use crate::geoip::GeoIp;
use crate::heavy::{CallerLimits, HeavyWork};
use crate::keys::{KeyRing, PhotoVault, VaultError};
use crate::mailer::{Mailer, MailerError};
use crate::revoked::RevokedClients;
use crate::screening::ScreeningIndex;
use kyc_domain::client_ip::TrustedProxies;
use kyc_domain::user_agent::UserAgentSummarizer;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Photos, sealed with their company's data key above the blob store.
    pub photos: PhotoVault,
    pub keys: TokenKeys,
    pub config: Arc<Config>,
    pub trusted_proxies: Arc<TrustedProxies>,
    pub user_agents: Arc<UserAgentSummarizer>,
    pub screening: ScreeningIndex,
    pub geoip: GeoIp,
    /// CPU-heavy steps, bounded and off the async threads.
    pub heavy: HeavyWork,
    /// Per-caller budgets of expensive operations.
    pub limits: CallerLimits,
    /// Webhook policies and the bell that wakes the delivery worker after a commit.
    pub webhooks: crate::webhooks::Outbox,
    /// Per-IP budget of unauthenticated calls other than login (accepting an invitation).
    pub public_limits: CallerLimits,
    /// API clients whose tokens no longer work, checked without a query.
    pub revoked_clients: RevokedClients,
    /// Invitation e-mails (`KYC_SMTP_URL`); sends nothing when unset.
    pub mailer: Mailer,
}

/// How long a heavy step may wait for a free slot before the request is refused as busy.
const HEAVY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Unauthenticated calls other than login (accepting an invitation) per IP and minute.
const PUBLIC_CALLS_PER_MINUTE: std::num::NonZeroU32 = std::num::NonZeroU32::new(20).expect("non-zero");

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("the database could not be opened")]
    Db(#[from] crate::db::DbError),
    #[error("KYC_TRUSTED_PROXIES is invalid: {0}")]
    TrustedProxies(String),
    #[error("user-agent data could not be loaded")]
    UserAgents(#[source] kyc_domain::user_agent::UserAgentDataError),
    #[error("sanctions lists could not be loaded")]
    Screening(#[source] crate::db::DbError),
    #[error(transparent)]
    GeoIp(#[from] crate::geoip::GeoIpError),
    #[error("KYC_MASTER_KEY does not open the stored photo keys: {0}")]
    MasterKey(#[source] VaultError),
    #[error(transparent)]
    Mailer(#[from] MailerError),
    #[error("photos stored before encryption at rest could not be sealed")]
    Sealing(#[source] VaultError),
}

impl AppState {
    /// Connects, migrates and loads everything a server needs.
    pub fn start(config: Config) -> Result<AppState, StartupError> {
        let db = Db::connect(&config.database_url, config.db_pool_size)?;
        db.migrate()?;
        let limits = crate::db::AppenderLimits {
            queue_capacity: config.audit_queue_capacity,
            batch_max: config.audit_batch_max,
        };
        let db = db.with_audit(config.audit_key.clone(), limits)?;
        let trusted_proxies = config
            .trusted_proxies
            .parse::<TrustedProxies>()
            .map_err(|error| StartupError::TrustedProxies(error.to_string()))?;
        let user_agents = UserAgentSummarizer::embedded().map_err(StartupError::UserAgents)?;
        let screening = ScreeningIndex::load(&db).map_err(StartupError::Screening)?;
        let geoip = GeoIp::load(config.geoip_db.as_deref())?;
        let photos = open_photo_vault(&config, &db)?;
        let revoked_clients = RevokedClients::load(&db)?;
        let mailer = Mailer::from_config(&config)?;
        let network = match config.is_production() {
            true => kyc_domain::webhooks::NetworkPolicy::Production,
            false => kyc_domain::webhooks::NetworkPolicy::Development,
        };
        let retries = kyc_domain::webhooks::RetryPolicy::new(config.webhook_retry_scale);
        Ok(AppState {
            webhooks: crate::webhooks::Outbox::new(network, retries, config.webhook_timeout),
            geoip,
            heavy: HeavyWork::new(config.heavy_slots, HEAVY_WAIT),
            limits: CallerLimits::new(config.expensive_calls_per_minute, config.expensive_burst),
            photos,
            public_limits: CallerLimits::new(PUBLIC_CALLS_PER_MINUTE, PUBLIC_CALLS_PER_MINUTE),
            revoked_clients,
            mailer,
            keys: TokenKeys::new(
                config.jwt_secret.as_bytes(),
                &config.jwt_issuer,
                &config.jwt_audience,
                config.access_token_ttl_seconds,
            ),
            db,
            trusted_proxies: Arc::new(trusted_proxies),
            user_agents: Arc::new(user_agents),
            screening,
            config: Arc::new(config),
        })
    }
}

/// The photo store over the data folder, once the master key has opened every data key; photos
/// stored before encryption at rest are sealed on the way.
fn open_photo_vault(config: &Config, db: &Db) -> Result<PhotoVault, StartupError> {
    let keys = KeyRing::new(db.clone(), config.master_key.clone());
    keys.check().map_err(StartupError::MasterKey)?;
    let vault = PhotoVault::new(Arc::new(FolderBlobStore::new(&config.data_dir)), keys);
    let sealed = vault.seal_plaintext_blobs().map_err(StartupError::Sealing)?;
    if sealed > 0 {
        log::info!("{sealed} photo blob(s) stored before encryption at rest are now sealed");
    }
    Ok(vault)
}
