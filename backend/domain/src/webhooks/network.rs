//! Where webhooks may go: the receiver URL policy and the address policy (SSRF protection).
//!
//! See the [module docs](super) for the rules.

use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Serialize, Serializer};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// The longest receiver URL accepted.
pub const MAX_URL_LENGTH: usize = 2048;

/// A range of addresses that is not public unicast, and why it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialRange {
    Unspecified,
    ThisNetwork,
    Loopback,
    Private,
    SharedAddressSpace,
    LinkLocal,
    IetfProtocolAssignments,
    Documentation,
    Benchmarking,
    Multicast,
    Broadcast,
    Reserved,
    Deprecated6to4Relay,
    LocalNat64,
    DiscardOnly,
    UniqueLocal,
    SiteLocal,
}

impl SpecialRange {
    /// What the range is, with its reference: "a private address (RFC 1918)".
    pub fn description(self) -> &'static str {
        match self {
            Self::Unspecified => "the unspecified address",
            Self::ThisNetwork => "a \"this network\" address (0.0.0.0/8, RFC 791)",
            Self::Loopback => "a loopback address",
            Self::Private => "a private address (RFC 1918)",
            Self::SharedAddressSpace => "a carrier-grade NAT address (100.64.0.0/10, RFC 6598)",
            Self::LinkLocal => "a link-local address (RFC 3927, RFC 4291)",
            Self::IetfProtocolAssignments => "an IETF protocol assignment (RFC 6890)",
            Self::Documentation => "a documentation address (RFC 5737, RFC 3849, RFC 9637)",
            Self::Benchmarking => "a benchmarking address (198.18.0.0/15, RFC 2544)",
            Self::Multicast => "a multicast address",
            Self::Broadcast => "the broadcast address",
            Self::Reserved => "a reserved address that is not public unicast",
            Self::Deprecated6to4Relay => "the deprecated 6to4 relay anycast range (RFC 7526)",
            Self::LocalNat64 => "a local-use NAT64 address (64:ff9b:1::/48, RFC 8215)",
            Self::DiscardOnly => "a discard-only address (100::/64, RFC 6666)",
            Self::UniqueLocal => "a unique local address (fc00::/7, RFC 4193)",
            Self::SiteLocal => "a deprecated site-local address (fec0::/10, RFC 3879)",
        }
    }
}

/// IPv4 ranges, most specific first where they nest.
const IPV4_RANGES: [(Ipv4Net, SpecialRange); 17] = [
    (v4(0, 0, 0, 0, 32), SpecialRange::Unspecified),
    (v4(0, 0, 0, 0, 8), SpecialRange::ThisNetwork),
    (v4(10, 0, 0, 0, 8), SpecialRange::Private),
    (v4(100, 64, 0, 0, 10), SpecialRange::SharedAddressSpace),
    (v4(127, 0, 0, 0, 8), SpecialRange::Loopback),
    (v4(169, 254, 0, 0, 16), SpecialRange::LinkLocal),
    (v4(172, 16, 0, 0, 12), SpecialRange::Private),
    (v4(192, 0, 0, 0, 24), SpecialRange::IetfProtocolAssignments),
    (v4(192, 0, 2, 0, 24), SpecialRange::Documentation),
    (v4(192, 88, 99, 0, 24), SpecialRange::Deprecated6to4Relay),
    (v4(192, 168, 0, 0, 16), SpecialRange::Private),
    (v4(198, 18, 0, 0, 15), SpecialRange::Benchmarking),
    (v4(198, 51, 100, 0, 24), SpecialRange::Documentation),
    (v4(203, 0, 113, 0, 24), SpecialRange::Documentation),
    (v4(224, 0, 0, 0, 4), SpecialRange::Multicast),
    (v4(255, 255, 255, 255, 32), SpecialRange::Broadcast),
    (v4(240, 0, 0, 0, 4), SpecialRange::Reserved),
];

/// IPv6 ranges refused as such (the forms that embed an IPv4 address are read separately).
const IPV6_RANGES: [(Ipv6Net, SpecialRange); 11] = [
    (v6([0, 0, 0, 0, 0, 0, 0, 0], 128), SpecialRange::Unspecified),
    (v6([0, 0, 0, 0, 0, 0, 0, 1], 128), SpecialRange::Loopback),
    (v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48), SpecialRange::LocalNat64),
    (v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64), SpecialRange::DiscardOnly),
    (v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32), SpecialRange::Documentation),
    (v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 23), SpecialRange::IetfProtocolAssignments),
    (v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20), SpecialRange::Documentation),
    (v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7), SpecialRange::UniqueLocal),
    (v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10), SpecialRange::LinkLocal),
    (v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10), SpecialRange::SiteLocal),
    (v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8), SpecialRange::Multicast),
];

/// Global unicast, the only IPv6 space with public receivers (RFC 4291).
const IPV6_GLOBAL_UNICAST: Ipv6Net = v6([0x2000, 0, 0, 0, 0, 0, 0, 0], 3);

const fn v4(a: u8, b: u8, c: u8, d: u8, prefix: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), prefix)
}

const fn v6(segments: [u16; 8], prefix: u8) -> Ipv6Net {
    let [a, b, c, d, e, f, g, h] = segments;
    Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, e, f, g, h), prefix)
}

/// An IPv6 form that carries an IPv4 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ipv4Embedding {
    /// `::ffff:a.b.c.d` (RFC 4291).
    Mapped,
    /// `::ffff:0:a.b.c.d` (RFC 2765).
    Translated,
    /// `::a.b.c.d`, deprecated (RFC 4291).
    Compatible,
    /// `64:ff9b::a.b.c.d`, the well-known NAT64 prefix (RFC 6052).
    Nat64,
    /// `2002:aabb:ccdd::/48`, 6to4 (RFC 3056).
    SixToFour,
}

impl Ipv4Embedding {
    fn name(self) -> &'static str {
        match self {
            Self::Mapped => "IPv4-mapped",
            Self::Translated => "IPv4-translated",
            Self::Compatible => "IPv4-compatible",
            Self::Nat64 => "NAT64",
            Self::SixToFour => "6to4",
        }
    }
}

/// Why an address is not public: its range, and the IPv4 address it embeds if that is where
/// the range comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpecialAddress {
    pub range: SpecialRange,
    pub embedded: Option<(Ipv4Embedding, Ipv4Addr)>,
}

/// The special range `ip` is in, or `None` for a public unicast address.
pub fn special_range(ip: IpAddr) -> Option<SpecialAddress> {
    match ip {
        IpAddr::V4(ip) => ipv4_range(ip).map(|range| SpecialAddress { range, embedded: None }),
        IpAddr::V6(ip) => ipv6_special(ip),
    }
}

fn ipv4_range(ip: Ipv4Addr) -> Option<SpecialRange> {
    IPV4_RANGES.iter().find(|(net, _)| net.contains(&ip)).map(|(_, range)| *range)
}

fn ipv6_special(ip: Ipv6Addr) -> Option<SpecialAddress> {
    if let Some((_, range)) = IPV6_RANGES.iter().find(|(net, _)| net.contains(&ip)) {
        return Some(SpecialAddress { range: *range, embedded: None });
    }
    if let Some((form, v4)) = embedded_ipv4(ip) {
        return ipv4_range(v4).map(|range| SpecialAddress { range, embedded: Some((form, v4)) });
    }
    (!IPV6_GLOBAL_UNICAST.contains(&ip))
        .then_some(SpecialAddress { range: SpecialRange::Reserved, embedded: None })
}

/// The IPv4 address an IPv6 address carries, and in which form.
fn embedded_ipv4(ip: Ipv6Addr) -> Option<(Ipv4Embedding, Ipv4Addr)> {
    let o = ip.octets();
    let last_four = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    let form = match ip.segments() {
        [0, 0, 0, 0, 0, 0xffff, _, _] => Ipv4Embedding::Mapped,
        [0, 0, 0, 0, 0xffff, 0, _, _] => Ipv4Embedding::Translated,
        [0, 0, 0, 0, 0, 0, _, _] => Ipv4Embedding::Compatible,
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Ipv4Embedding::Nat64,
        [0x2002, ..] => {
            return Some((Ipv4Embedding::SixToFour, Ipv4Addr::new(o[2], o[3], o[4], o[5])));
        }
        _ => return None,
    };
    Some((form, last_four))
}

/// Production or development: what the receiver URL and its addresses may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NetworkPolicy {
    /// `https://` to public addresses only.
    #[default]
    Production,
    /// Also `http://` to loopback, and loopback addresses, for local testing.
    Development,
}

/// An address a webhook may not be sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe_refusal(*.address, *.special))]
pub struct AddressRefused {
    pub address: IpAddr,
    pub special: SpecialAddress,
}

fn describe_refusal(address: IpAddr, special: SpecialAddress) -> String {
    match special.embedded {
        None => format!("{address} is {}", special.range.description()),
        Some((form, v4)) => format!(
            "{address} is the {} form of {v4}, {}",
            form.name(),
            special.range.description()
        ),
    }
}

/// Why none of a host's resolved addresses may be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolvedRefused {
    #[error("the host name resolved to no address")]
    NoAddress,
    #[error("the host name resolved to a refused address: {0}")]
    Refused(#[from] AddressRefused),
}

impl NetworkPolicy {
    /// Whether `http://` URLs to loopback are accepted (development only).
    pub fn allows_plain_http_to_loopback(self) -> bool {
        self == Self::Development
    }

    /// Whether a webhook may be sent to `ip`: public unicast always; loopback in development.
    pub fn check_address(self, ip: IpAddr) -> Result<(), AddressRefused> {
        match special_range(ip) {
            None => Ok(()),
            Some(special)
                if special.range == SpecialRange::Loopback && self == Self::Development =>
            {
                Ok(())
            }
            Some(special) => Err(AddressRefused { address: ip, special }),
        }
    }

    /// Checks every address a host name resolved to, before connecting: one refused address
    /// refuses the host (a name that mixes public and internal addresses is a rebinding
    /// attempt or a mistake), and so does an empty answer. Call it from the HTTP client's
    /// resolver, on each attempt, so no connection is ever opened to a refused address.
    pub fn check_resolved(
        self,
        addresses: impl IntoIterator<Item = IpAddr>,
    ) -> Result<(), ResolvedRefused> {
        let mut any = false;
        for address in addresses {
            self.check_address(address)?;
            any = true;
        }
        if any { Ok(()) } else { Err(ResolvedRefused::NoAddress) }
    }

    /// Checks a receiver URL as an admin typed it. See the [module docs](super) for the rules.
    pub fn check_url(self, text: &str) -> Result<WebhookUrl, UrlRefused> {
        if text.len() > MAX_URL_LENGTH {
            return Err(UrlRefused::TooLong { length: text.len() });
        }
        let url = Url::parse(text).map_err(|error| UrlRefused::NotAUrl(error.to_string()))?;
        let plain_http = match url.scheme() {
            "https" => false,
            "http" if self.allows_plain_http_to_loopback() => true,
            scheme => {
                return Err(UrlRefused::SchemeNotAllowed {
                    scheme: scheme.to_owned(),
                    policy: self,
                });
            }
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlRefused::Credentials);
        }
        if url.fragment().is_some() {
            return Err(UrlRefused::Fragment);
        }
        let loopback = self.check_host(&url)?;
        if plain_http && !loopback {
            return Err(UrlRefused::PlainHttpNotLoopback);
        }
        Ok(WebhookUrl(url))
    }

    /// Checks the host part; says whether it is a loopback host.
    fn check_host(self, url: &Url) -> Result<bool, UrlRefused> {
        match url.host() {
            // The parser gives every http(s) URL a host; only other schemes can lack one.
            None => Err(UrlRefused::NotAUrl("the URL has no host".to_owned())),
            Some(Host::Ipv4(ip)) => self.check_literal(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => self.check_literal(IpAddr::V6(ip)),
            Some(Host::Domain(name)) => self.check_domain(name),
        }
    }

    fn check_literal(self, ip: IpAddr) -> Result<bool, UrlRefused> {
        self.check_address(ip)?;
        Ok(special_range(ip).is_some_and(|special| special.range == SpecialRange::Loopback))
    }

    fn check_domain(self, name: &str) -> Result<bool, UrlRefused> {
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        let special_use = SPECIAL_USE_NAMES
            .iter()
            .find(|special| name == **special || name.ends_with(&format!(".{special}")));
        match special_use {
            Some(&"localhost") if self == Self::Development => Ok(true),
            Some(special) => Err(UrlRefused::SpecialUseName { name: special.to_string() }),
            None if !name.contains('.') => Err(UrlRefused::SingleLabelHost { host: name }),
            None => Ok(false),
        }
    }
}

/// Names that never reach a public receiver: `localhost` (RFC 6761, resolves to loopback),
/// `local` (mDNS), `home.arpa` (RFC 8375), `internal` (private use), `onion` (RFC 7686),
/// `alt` (RFC 9476), and `test`, `example` and `invalid` (RFC 6761).
const SPECIAL_USE_NAMES: [&str; 9] =
    ["localhost", "local", "home.arpa", "internal", "onion", "alt", "test", "example", "invalid"];

/// Why a receiver URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefused {
    #[error("the webhook URL is not a valid absolute URL: {0}")]
    NotAUrl(String),
    #[error("the webhook URL has {length} characters, more than the {MAX_URL_LENGTH} allowed")]
    TooLong { length: usize },
    #[error("{}", scheme_message(.scheme, *.policy))]
    SchemeNotAllowed { scheme: String, policy: NetworkPolicy },
    #[error(
        "plain http:// is allowed in development only to loopback (127.0.0.1, [::1], localhost)"
    )]
    PlainHttpNotLoopback,
    #[error(
        "the webhook URL may not hold a user name or password; authenticate with the signature"
    )]
    Credentials,
    #[error("the webhook URL may not have a #fragment: it is never sent to the receiver")]
    Fragment,
    #[error("the webhook URL's host is refused: {0}")]
    Address(#[from] AddressRefused),
    #[error(
        "the webhook URL's host is under the special-use name {name:?}, which no public receiver has"
    )]
    SpecialUseName { name: String },
    #[error(
        "the webhook URL's host {host:?} is a single label; give a fully qualified name such as hooks.example.com"
    )]
    SingleLabelHost { host: String },
}

fn scheme_message(scheme: &str, policy: NetworkPolicy) -> String {
    match policy {
        NetworkPolicy::Production => {
            format!("only https:// webhook URLs are accepted, not {scheme}://")
        }
        NetworkPolicy::Development => {
            format!(
                "only https:// webhook URLs, and http:// to loopback, are accepted, not {scheme}://"
            )
        }
    }
}

/// A receiver URL that passed [`NetworkPolicy::check_url`], normalised by the WHATWG URL
/// parser (lower-case host, IP literals in canonical form, default port dropped).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WebhookUrl(Url);

impl WebhookUrl {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The parsed URL, for the HTTP client.
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    pub fn into_url(self) -> Url {
        self.0
    }

    /// The host as it appears in the URL (`[::1]` for IPv6).
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }

    /// The port the request goes to: the URL's, or 443 / 80.
    pub fn port(&self) -> u16 {
        self.0.port_or_known_default().unwrap_or(443)
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for WebhookUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
