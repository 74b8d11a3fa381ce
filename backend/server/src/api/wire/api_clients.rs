//! Wire types of API clients (a company's server credentials).

use super::text::Text;
use crate::cases::api_clients::WithSecret;
use crate::db::ApiClient;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new API client.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Core banking, production"}))]
pub struct ApiClientInput {
    /// What the admins call it: which server, which environment.
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    pub name: Text<200>,
}

/// A rotation of a client's secret.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grace_period_hours": 24}))]
pub struct RotateApiClientInput {
    /// How long the replaced secret keeps getting tokens, 0 to 168 hours; 0 stops it at once.
    /// Rotating again during a grace period replaces the previous secret.
    #[schema(minimum = 0, maximum = 168)]
    pub grace_period_hours: u32,
}

/// An API client, without its secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClientView {
    /// The client's id in paths; the same value as `client_id`.
    pub id: String,
    pub name: String,
    /// What `POST /auth/token` takes as `client_id`.
    pub client_id: String,
    pub created_at: DateTime<Utc>,
    /// The id of the user who created it (`command-line` or `demo` for those made there; none
    /// for clients from before this was recorded).
    pub created_by: Option<String>,
    /// When it last got a token, to the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked: it gets no token, and its tokens no longer work.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Until when the secret the last rotation replaced still gets tokens.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

impl From<&ApiClient> for ApiClientView {
    fn from(client: &ApiClient) -> Self {
        ApiClientView {
            id: client.id.to_string(),
            name: client.name.clone(),
            client_id: client.id.to_string(),
            created_at: client.created_at,
            created_by: client.created_by.clone(),
            last_used_at: client.last_used_at,
            revoked_at: client.revoked_at,
            previous_secret_expires_at: client.previous_secret.as_ref().map(|previous| previous.expires_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClientList {
    /// Oldest first, revoked ones included.
    pub items: Vec<ApiClientView>,
}

impl From<Vec<ApiClient>> for ApiClientList {
    fn from(clients: Vec<ApiClient>) -> Self {
        ApiClientList { items: clients.iter().map(ApiClientView::from).collect() }
    }
}

/// A client with its secret, shown this once: only its hash is stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiClientWithSecret {
    #[serde(flatten)]
    pub client: ApiClientView,
    /// Send it with `client_id` to `POST /auth/token` (grant type `client_credentials`).
    pub client_secret: String,
}

impl From<WithSecret> for ApiClientWithSecret {
    fn from(created: WithSecret) -> Self {
        ApiClientWithSecret { client: ApiClientView::from(&created.client), client_secret: created.secret }
    }
}
