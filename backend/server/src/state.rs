//! What every request handler shares: the database, photo storage, token keys and the
//! long-lived engines (user-agent data, sanctions index).

use crate::auth::TokenKeys;
use crate::blobs::BlobStore;
use crate::config::Config;
use crate::db::Db;
use crate::screening::ScreeningService;
use kyc_domain::client_ip::TrustedProxies;
use kyc_domain::user_agent::UserAgentSummarizer;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub blobs: BlobStore,
    pub keys: TokenKeys,
    pub config: Arc<Config>,
    pub trusted_proxies: Arc<TrustedProxies>,
    pub user_agents: Arc<UserAgentSummarizer>,
    pub screening: ScreeningService,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("KYC_TRUSTED_PROXIES is invalid: {0}")]
    TrustedProxies(String),
    #[error("user-agent data could not be loaded: {0}")]
    UserAgents(String),
    #[error("sanctions lists could not be loaded: {0}")]
    Screening(String),
}

impl AppState {
    /// Connects, migrates and loads everything a server needs.
    pub fn start(config: Config) -> Result<AppState, StartupError> {
        let db = Db::connect(&config.database_url, config.db_pool_size)?;
        db.migrate()?;
        let trusted_proxies = config
            .trusted_proxies
            .parse::<TrustedProxies>()
            .map_err(|error| StartupError::TrustedProxies(error.to_string()))?;
        let user_agents =
            UserAgentSummarizer::embedded().map_err(|error| StartupError::UserAgents(error.to_string()))?;
        let screening = ScreeningService::load(&db).map_err(|error| StartupError::Screening(error.to_string()))?;
        Ok(AppState {
            blobs: BlobStore::new(&config.data_dir),
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
