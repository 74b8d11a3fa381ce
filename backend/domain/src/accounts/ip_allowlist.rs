//! A company's staff IP allow-list: where its people may log in and refresh from.
//!
//! - The company setting `staff_ip_allowlist` is a list of IPv4 and IPv6 addresses and CIDR
//!   networks (`203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`). An **empty list means no
//!   restriction**.
//! - A login or refresh whose client IP (from the trusted-proxy logic, [`crate::client_ip`]) is
//!   outside a non-empty list is refused: [`StaffIpAllowlist::allows`].
//! - IPv4-mapped IPv6 addresses (`::ffff:203.0.113.7`, as dual-stack sockets report IPv4
//!   clients) are IPv4, both as entries and as client addresses, so they match IPv4 ranges.
//! - Parsing normalises: a single address becomes a one-address network, mapped entries become
//!   IPv4, and the list becomes the smallest equivalent one (duplicates and networks inside
//!   others dropped, neighbours merged), sorted, IPv4 first. It is written back with single
//!   addresses bare (`203.0.113.7`) and networks with their prefix.
//! - Parsing refuses, naming the entry and its position: text that is not an address or
//!   network (ranges, ports, host names, zone ids), a prefix longer than the address family
//!   allows, a network written with host bits set (`10.0.0.5/8`: did the admin mean
//!   `10.0.0.0/8` or `10.0.0.5`? it is not guessed), a `/0` network (it allows everything;
//!   the empty list says that), and more than [`MAX_ALLOWLIST_ENTRIES`] (256) entries.
//! - Entries are separated by commas, spaces or new lines when read from text.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::{IpNet, Ipv4Net};
use serde::{Deserialize, Serialize};

/// The most entries an allow-list may have.
pub const MAX_ALLOWLIST_ENTRIES: usize = 256;

/// Where a company's staff may log in from. Empty: anywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct StaffIpAllowlist {
    networks: Vec<IpNet>,
}

/// Why an allow-list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllowlistError {
    #[error("entry {position} ({entry:?}) {problem}")]
    Entry {
        /// 1-based, counting non-blank entries.
        position: usize,
        entry: String,
        problem: EntryProblem,
    },
    /// The entries together cover every IPv4 or every IPv6 address (two /1 networks, say).
    #[error("the entries together allow every {family} address; leave the list empty for no restriction")]
    AllowsEveryAddress { family: &'static str },
    #[error("the allow-list has {count} entries; at most {maximum} are accepted")]
    TooManyEntries { count: usize, maximum: usize },
}

/// What is wrong with one entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("is not an IP address or CIDR network, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32")]
    NotAnAddress,
    #[error("has a prefix length that is not a number from 0 to {maximum}")]
    MalformedPrefix { maximum: u8 },
    #[error("has host bits set after its /{prefix}: write the network {network} or the single address {address}")]
    HostBitsSet { prefix: u8, network: IpNet, address: IpAddr },
    #[error("allows every address; leave the list empty for no restriction")]
    AllowsEverything,
}

impl StaffIpAllowlist {
    /// No restriction.
    pub fn unrestricted() -> Self {
        Self::default()
    }

    /// Reads a list of entries (blank ones are skipped).
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, AllowlistError> {
        let entries: Vec<&str> =
            entries.iter().map(|entry| entry.as_ref().trim()).filter(|entry| !entry.is_empty()).collect();
        if entries.len() > MAX_ALLOWLIST_ENTRIES {
            return Err(AllowlistError::TooManyEntries { count: entries.len(), maximum: MAX_ALLOWLIST_ENTRIES });
        }
        let networks = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                parse_entry(entry).map_err(|problem| AllowlistError::Entry {
                    position: index + 1,
                    entry: (*entry).to_owned(),
                    problem,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let networks = IpNet::aggregate(&networks);
        if let Some(everything) = networks.iter().find(|network| network.prefix_len() == 0) {
            let family = if everything.addr().is_ipv4() { "IPv4" } else { "IPv6" };
            return Err(AllowlistError::AllowsEveryAddress { family });
        }
        Ok(Self { networks })
    }

    pub fn is_unrestricted(&self) -> bool {
        self.networks.is_empty()
    }

    /// Whether staff may log in or refresh from `ip`: always when the list is empty.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.is_unrestricted() || self.networks.iter().any(|network| network.contains(&ip))
    }

    pub fn networks(&self) -> &[IpNet] {
        &self.networks
    }

    /// The normalised entries as text (single addresses without a prefix).
    pub fn entries(&self) -> Vec<String> {
        self.networks.iter().map(entry_text).collect()
    }
}

fn parse_entry(entry: &str) -> Result<IpNet, EntryProblem> {
    let (address, prefix) = match entry.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (entry, None),
    };
    let address: IpAddr = address.parse().map_err(|_| EntryProblem::NotAnAddress)?;
    let maximum = match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    };
    let prefix = match prefix {
        None => maximum,
        Some(digits) => parse_prefix(digits, maximum)?,
    };
    let network = IpNet::new(address, prefix).map_err(|_| EntryProblem::MalformedPrefix { maximum })?;
    if network.trunc() != network {
        return Err(EntryProblem::HostBitsSet { prefix, network: network.trunc(), address });
    }
    let network = as_ipv4_when_mapped(network);
    if network.prefix_len() == 0 {
        return Err(EntryProblem::AllowsEverything);
    }
    Ok(network)
}

fn parse_prefix(digits: &str, maximum: u8) -> Result<u8, EntryProblem> {
    let malformed = EntryProblem::MalformedPrefix { maximum };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed);
    }
    digits.parse::<u8>().ok().filter(|prefix| *prefix <= maximum).ok_or(malformed)
}

/// `::ffff:a.b.c.d/n` with `n >= 96` is the IPv4 network `a.b.c.d/(n - 96)`.
fn as_ipv4_when_mapped(network: IpNet) -> IpNet {
    let IpNet::V6(v6) = network else {
        return network;
    };
    let mapped = v6.addr().to_ipv4_mapped().zip(v6.prefix_len().checked_sub(96));
    match mapped.and_then(|(address, prefix)| Ipv4Net::new(address, prefix).ok()) {
        Some(v4) => IpNet::V4(v4),
        None => network,
    }
}

fn entry_text(network: &IpNet) -> String {
    if network.prefix_len() == network.max_prefix_len() { network.addr().to_string() } else { network.to_string() }
}

impl FromStr for StaffIpAllowlist {
    type Err = AllowlistError;

    /// Reads entries separated by commas, spaces or new lines; `""` is no restriction.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let entries: Vec<&str> = text.split(|c: char| c == ',' || c.is_whitespace()).collect();
        Self::parse(&entries)
    }
}

impl TryFrom<Vec<String>> for StaffIpAllowlist {
    type Error = AllowlistError;
    fn try_from(entries: Vec<String>) -> Result<Self, Self::Error> {
        Self::parse(&entries)
    }
}

impl From<StaffIpAllowlist> for Vec<String> {
    fn from(allowlist: StaffIpAllowlist) -> Vec<String> {
        allowlist.entries()
    }
}

impl fmt::Display for StaffIpAllowlist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.entries().join(", "))
    }
}

#[cfg(test)]
mod covering_tests {
    use super::*;

    #[test]
    fn two_halves_of_every_address_are_refused_like_a_slash_zero() {
        let refused = StaffIpAllowlist::parse(&["0.0.0.0/1", "128.0.0.0/1"]);
        assert_eq!(refused, Err(AllowlistError::AllowsEveryAddress { family: "IPv4" }));
        assert!(StaffIpAllowlist::parse(&["0.0.0.0/1"]).is_ok());
    }
}
