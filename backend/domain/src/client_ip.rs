//! The client IP of a request, honouring `X-Forwarded-For` only from trusted proxies.
//!
//! `X-Forwarded-For` is a list that every proxy extends on the right with the address it received
//! the request from; everything to the left of the first proxy we run is whatever the client
//! chose to send. So the client is the **rightmost address that is not one of our proxies**:
//! [`resolve_client_ip`] starts from the TCP peer, and while the current hop is a trusted proxy,
//! steps one entry left in the header.
//!
//! - A peer that is not a trusted proxy is the client; its header is ignored (anyone can send one).
//! - An entry that is not an IP address (garbage, `unknown`, an obfuscated RFC 7239 name) stops
//!   the walk: the last trusted hop, which accepted it, is the best address known.
//! - When every hop is trusted, the leftmost one is the client (a request from inside).
//! - Several `X-Forwarded-For` headers are one list: join their values with `,` in order.
//! - IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, from dual-stack sockets) are read as IPv4.
//! - Entries may carry a port (`1.2.3.4:5678`, `[2001:db8::1]:443`) as some proxies add one.

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// The proxies whose `X-Forwarded-For` is believed: IPs and CIDR networks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
}

/// An entry of the trusted-proxy list that is neither an IP address nor a CIDR network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "trusted proxy entry {position} ({entry:?}) is not an IP address or CIDR network, e.g. 10.0.0.1 or 10.0.0.0/8"
)]
pub struct TrustedProxiesError {
    /// 1-based position in the comma-separated list.
    pub position: usize,
    pub entry: String,
}

impl TrustedProxies {
    /// No trusted proxy: `X-Forwarded-For` is always ignored.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    pub fn networks(&self) -> &[IpNet] {
        &self.networks
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.networks.iter().any(|network| network.contains(&ip))
    }
}

impl FromStr for TrustedProxies {
    type Err = TrustedProxiesError;

    /// Parses `"10.0.0.0/8, 192.168.1.10, ::1"`; blank entries are skipped, so `""` trusts none.
    fn from_str(list: &str) -> Result<Self, Self::Err> {
        let networks = list
            .split(',')
            .enumerate()
            .map(|(index, entry)| (index + 1, entry.trim()))
            .filter(|(_, entry)| !entry.is_empty())
            .map(|(position, entry)| {
                parse_network(entry)
                    .ok_or_else(|| TrustedProxiesError { position, entry: entry.to_owned() })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { networks })
    }
}

fn parse_network(entry: &str) -> Option<IpNet> {
    if let Ok(network) = entry.parse::<IpNet>() {
        return Some(network.trunc());
    }
    entry.parse::<IpAddr>().ok().map(|ip| IpNet::from(ip.to_canonical()))
}

impl TryFrom<String> for TrustedProxies {
    type Error = TrustedProxiesError;
    fn try_from(list: String) -> Result<Self, Self::Error> {
        list.parse()
    }
}

impl From<TrustedProxies> for String {
    fn from(proxies: TrustedProxies) -> String {
        proxies.to_string()
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries: Vec<String> = self.networks.iter().map(ToString::to_string).collect();
        f.write_str(&entries.join(","))
    }
}

/// The client's address: the rightmost `X-Forwarded-For` hop that is not a trusted proxy, or
/// the peer itself when the peer is not a trusted proxy. See the module docs.
pub fn resolve_client_ip(
    peer: IpAddr,
    x_forwarded_for: Option<&str>,
    trusted: &TrustedProxies,
) -> IpAddr {
    let mut client = peer.to_canonical();
    let Some(header) = x_forwarded_for else {
        return client;
    };
    for hop in header.rsplit(',') {
        if !trusted.contains(client) {
            break;
        }
        match parse_hop(hop) {
            Some(address) => client = address,
            None => break,
        }
    }
    client
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    fn proxies(list: &str) -> TrustedProxies {
        list.parse().expect("test proxy list")
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_its_header_says() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(
            resolve_client_ip(ip("203.0.113.7"), Some("1.2.3.4"), &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(
            resolve_client_ip(ip("10.0.0.2"), Some("1.2.3.4"), &TrustedProxies::none()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let trusted = proxies("10.0.0.0/8, 192.0.2.10");
        let header = "6.6.6.6, 198.51.100.23, 192.0.2.10";
        assert_eq!(resolve_client_ip(ip("10.1.2.3"), Some(header), &trusted), ip("198.51.100.23"));
    }

    #[test]
    fn a_spoofed_leftmost_entry_is_never_believed() {
        let trusted = proxies("10.0.0.1");
        let header = "127.0.0.1, 198.51.100.23";
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), Some(header), &trusted), ip("198.51.100.23"));
    }

    #[test]
    fn a_garbage_hop_stops_the_walk_at_the_last_trusted_proxy() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), Some("unknown"), &trusted), ip("10.0.0.1"));
        assert_eq!(
            resolve_client_ip(ip("10.0.0.1"), Some("1.2.3.4, nonsense, 10.0.0.9"), &trusted),
            ip("10.0.0.9")
        );
        assert_eq!(resolve_client_ip(ip("10.0.0.1"), Some(""), &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn when_every_hop_is_trusted_the_leftmost_is_the_client() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(
            resolve_client_ip(ip("10.0.0.1"), Some("10.9.9.9, 10.0.0.5"), &trusted),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn ports_and_ipv4_mapped_addresses_are_understood() {
        let trusted = proxies("10.0.0.0/8, 2001:db8::/32");
        assert_eq!(
            resolve_client_ip(ip("::ffff:10.0.0.1"), Some("198.51.100.23:4711"), &trusted),
            ip("198.51.100.23")
        );
        assert_eq!(
            resolve_client_ip(ip("2001:db8::1"), Some("[2001:db9::5]:443"), &trusted),
            ip("2001:db9::5")
        );
        assert_eq!(resolve_client_ip(ip("::ffff:203.0.113.9"), None, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn the_proxy_list_reports_its_bad_entry_by_position() {
        let error = "10.0.0.0/8, , 10.0.0.300".parse::<TrustedProxies>().expect_err("bad entry");
        assert_eq!(error, TrustedProxiesError { position: 3, entry: "10.0.0.300".into() });
        assert!(error.to_string().contains("10.0.0.300"));
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("".parse::<TrustedProxies>().is_ok_and(|list| list.is_empty()));
    }

    #[test]
    fn the_proxy_list_round_trips_through_its_text_form() {
        let list = proxies("10.1.2.3/8, 192.0.2.10, ::1");
        assert_eq!(list.to_string(), "10.0.0.0/8,192.0.2.10/32,::1/128");
        assert_eq!(proxies(&list.to_string()), list);
        let json = serde_json::to_string(&list).expect("serialisable");
        assert_eq!(serde_json::from_str::<TrustedProxies>(&json).expect("deserialisable"), list);
    }
}
