//! Sends one signed attempt: no redirects, no proxy, connect and total timeouts, at most 4 KiB
//! of the answer read, and a resolver that refuses a host when any address it resolves to is
//! one the network policy forbids — so the check happens after DNS, on every attempt, and a
//! name that rebinds to an internal address is never connected to.

use super::{CONNECT_TIMEOUT, MAX_RESPONSE_BYTES};
use kyc_domain::webhooks::network::ResolvedRefused;
use kyc_domain::webhooks::{NetworkPolicy, SignedHeaders, WebhookUrl};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;
use std::time::Duration;

/// What the receiver answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The raw `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The first 4 KiB of the body, as text.
    pub body: String,
}

/// The HTTP client of the delivery worker.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
}

impl Sender {
    pub fn new(policy: NetworkPolicy, timeout: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .dns_resolver(CheckedResolver { policy })
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .user_agent(concat!("kyc-server-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client })
    }

    /// Posts the body with the signed headers. `Err` is no answer at all (refused address,
    /// DNS, connection, TLS, timeout), with the whole cause chain as its text.
    pub async fn send(&self, url: &WebhookUrl, headers: &SignedHeaders, body: String) -> Result<Answer, String> {
        let mut request = self.client.post(url.as_url().clone()).body(body);
        for (name, value) in headers.pairs() {
            request = request.header(name, value);
        }
        let mut response = request.send().await.map_err(|error| cause_chain(&error))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let mut kept = Vec::new();
        while kept.len() < MAX_RESPONSE_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => kept.extend_from_slice(&chunk[..chunk.len().min(MAX_RESPONSE_BYTES - kept.len())]),
                Ok(None) => break,
                // The status is what counts; a body cut off by a timeout is kept as far as it came.
                Err(_) => break,
            }
        }
        Ok(Answer { status, retry_after, body: String::from_utf8_lossy(&kept).into_owned() })
    }
}

/// An error and its sources, `: `-separated, without repeating a source that is already in
/// its parent's message.
fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

struct CheckedResolver {
    policy: NetworkPolicy,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let (policy, host) = (self.policy, name.as_str().to_owned());
        Box::pin(async move {
            let addresses = resolve_checked(policy, &host, 0).await?;
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

/// Why a host may not be sent to.
#[derive(Debug, thiserror::Error)]
pub enum HostRefused {
    #[error("the host name {host} does not resolve: {reason}")]
    Unresolvable { host: String, reason: String },
    #[error("the webhook host {host} is refused: {refused}")]
    Refused { host: String, refused: ResolvedRefused },
}

/// Resolves a host name and checks every address it resolved to.
pub async fn resolve_checked(policy: NetworkPolicy, host: &str, port: u16) -> Result<Vec<SocketAddr>, HostRefused> {
    let unresolvable = |reason: String| HostRefused::Unresolvable { host: host.to_owned(), reason };
    let addresses: Vec<SocketAddr> =
        tokio::net::lookup_host((host, port)).await.map_err(|error| unresolvable(error.to_string()))?.collect();
    policy
        .check_resolved(addresses.iter().map(SocketAddr::ip))
        .map_err(|refused| HostRefused::Refused { host: host.to_owned(), refused })?;
    Ok(addresses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn in_production_a_name_that_resolves_to_loopback_is_refused_after_dns() {
        let refused = resolve_checked(NetworkPolicy::Production, "localhost", 443).await.expect_err("refused");
        assert!(matches!(refused, HostRefused::Refused { .. }), "{refused}");
        assert!(refused.to_string().contains("loopback"), "{refused}");
    }

    #[tokio::test]
    async fn in_development_a_name_that_resolves_to_loopback_is_allowed() {
        let addresses = resolve_checked(NetworkPolicy::Development, "localhost", 8080).await.expect("allowed");
        assert!(addresses.iter().all(|address| address.ip().is_loopback() && address.port() == 8080));
    }
}
