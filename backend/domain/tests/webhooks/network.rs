//! Where webhooks may go: a table of addresses, resolved-address checks, and receiver URLs.

use kyc_domain::webhooks::NetworkPolicy::{Development, Production};
use kyc_domain::webhooks::network::{
    Ipv4Embedding, ResolvedRefused, SpecialRange, UrlRefused, special_range,
};
use std::net::IpAddr;

fn ip(text: &str) -> IpAddr {
    text.parse().expect("an IP address")
}

/// Every refused range, with an address inside it, near its edges where edges matter.
const REFUSED: &[(&str, SpecialRange)] = &[
    ("0.0.0.0", SpecialRange::Unspecified),
    ("0.1.2.3", SpecialRange::ThisNetwork),
    ("10.0.0.1", SpecialRange::Private),
    ("10.255.255.255", SpecialRange::Private),
    ("172.16.0.1", SpecialRange::Private),
    ("172.31.255.254", SpecialRange::Private),
    ("192.168.1.1", SpecialRange::Private),
    ("100.64.0.1", SpecialRange::SharedAddressSpace),
    ("100.127.255.254", SpecialRange::SharedAddressSpace),
    ("127.0.0.1", SpecialRange::Loopback),
    ("127.255.255.254", SpecialRange::Loopback),
    ("169.254.169.254", SpecialRange::LinkLocal),
    ("192.0.0.8", SpecialRange::IetfProtocolAssignments),
    ("192.0.2.10", SpecialRange::Documentation),
    ("198.51.100.7", SpecialRange::Documentation),
    ("203.0.113.99", SpecialRange::Documentation),
    ("192.88.99.1", SpecialRange::Deprecated6to4Relay),
    ("198.18.0.1", SpecialRange::Benchmarking),
    ("198.19.255.254", SpecialRange::Benchmarking),
    ("224.0.0.251", SpecialRange::Multicast),
    ("239.255.255.250", SpecialRange::Multicast),
    ("240.0.0.1", SpecialRange::Reserved),
    ("255.255.255.254", SpecialRange::Reserved),
    ("255.255.255.255", SpecialRange::Broadcast),
    ("::", SpecialRange::Unspecified),
    ("::1", SpecialRange::Loopback),
    ("fc00::1", SpecialRange::UniqueLocal),
    ("fd12:3456:789a::1", SpecialRange::UniqueLocal),
    ("fe80::1", SpecialRange::LinkLocal),
    ("febf:ffff::1", SpecialRange::LinkLocal),
    ("fec0::1", SpecialRange::SiteLocal),
    ("ff02::1", SpecialRange::Multicast),
    ("ff0e::1", SpecialRange::Multicast),
    ("2001:db8::1", SpecialRange::Documentation),
    ("3fff::1", SpecialRange::Documentation),
    ("2001::1", SpecialRange::IetfProtocolAssignments),
    ("2001:2::1", SpecialRange::IetfProtocolAssignments),
    ("2001:1ff::1", SpecialRange::IetfProtocolAssignments),
    ("100::1", SpecialRange::DiscardOnly),
    ("64:ff9b:1::a00:1", SpecialRange::LocalNat64),
    ("::2:0:0:1", SpecialRange::Reserved),
    ("4000::1", SpecialRange::Reserved),
    ("5f00::1", SpecialRange::Reserved),
];

/// IPv6 forms of refused IPv4 addresses, with the form and the address they carry.
const EMBEDDED: &[(&str, Ipv4Embedding, &str, SpecialRange)] = &[
    ("::ffff:127.0.0.1", Ipv4Embedding::Mapped, "127.0.0.1", SpecialRange::Loopback),
    ("::ffff:10.0.0.1", Ipv4Embedding::Mapped, "10.0.0.1", SpecialRange::Private),
    ("::ffff:a9fe:a9fe", Ipv4Embedding::Mapped, "169.254.169.254", SpecialRange::LinkLocal),
    ("::ffff:0:192.168.0.1", Ipv4Embedding::Translated, "192.168.0.1", SpecialRange::Private),
    ("::127.0.0.1", Ipv4Embedding::Compatible, "127.0.0.1", SpecialRange::Loopback),
    ("::100.64.1.1", Ipv4Embedding::Compatible, "100.64.1.1", SpecialRange::SharedAddressSpace),
    ("::0.0.0.2", Ipv4Embedding::Compatible, "0.0.0.2", SpecialRange::ThisNetwork),
    ("64:ff9b::10.1.2.3", Ipv4Embedding::Nat64, "10.1.2.3", SpecialRange::Private),
    ("64:ff9b::7f00:1", Ipv4Embedding::Nat64, "127.0.0.1", SpecialRange::Loopback),
    ("64:ff9b::e000:fb", Ipv4Embedding::Nat64, "224.0.0.251", SpecialRange::Multicast),
    ("2002:c0a8:101::1", Ipv4Embedding::SixToFour, "192.168.1.1", SpecialRange::Private),
    ("2002:7f00:1::", Ipv4Embedding::SixToFour, "127.0.0.1", SpecialRange::Loopback),
];

/// Public unicast, including neighbours of the refused ranges.
const ALLOWED: &[&str] = &[
    "1.1.1.1",
    "8.8.8.8",
    "9.255.255.255",
    "11.0.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "126.255.255.255",
    "128.0.0.1",
    "169.253.255.255",
    "172.15.255.255",
    "172.32.0.1",
    "192.0.1.1",
    "192.167.255.255",
    "192.169.0.1",
    "198.17.255.255",
    "198.20.0.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "2001:200::1",
    "2001:4860:4860::8888",
    "2c0f:fb50:4003::1",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
];

#[test]
fn every_refused_range_is_named_for_an_address_inside_it() {
    for &(text, range) in REFUSED {
        let special = special_range(ip(text)).unwrap_or_else(|| panic!("{text} is special"));
        assert_eq!(special.range, range, "{text}");
        assert_eq!(special.embedded, None, "{text}");
        let refusal = Production.check_address(ip(text)).expect_err(text);
        assert!(refusal.to_string().starts_with(text), "{refusal}");
    }
}

#[test]
fn ipv6_forms_of_a_refused_ipv4_address_are_refused_as_that_address() {
    for &(text, form, v4, range) in EMBEDDED {
        let special = special_range(ip(text)).unwrap_or_else(|| panic!("{text} is special"));
        assert_eq!(special.range, range, "{text}");
        assert_eq!(special.embedded, Some((form, v4.parse().expect("IPv4"))), "{text}");
        assert!(Production.check_address(ip(text)).is_err(), "{text}");
    }
    let refusal = Production.check_address(ip("::ffff:10.0.0.1")).expect_err("mapped private");
    assert_eq!(
        refusal.to_string(),
        "::ffff:10.0.0.1 is the IPv4-mapped form of 10.0.0.1, a private address (RFC 1918)"
    );
}

#[test]
fn public_unicast_addresses_are_allowed_in_both_modes() {
    for text in ALLOWED {
        assert_eq!(special_range(ip(text)), None, "{text}");
        assert_eq!(Production.check_address(ip(text)), Ok(()), "{text}");
        assert_eq!(Development.check_address(ip(text)), Ok(()), "{text}");
    }
}

#[test]
fn development_allows_loopback_and_nothing_else_that_is_special() {
    for text in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1"] {
        assert_eq!(Development.check_address(ip(text)), Ok(()), "{text}");
        assert!(Production.check_address(ip(text)).is_err(), "{text}");
    }
    for &(text, range) in REFUSED.iter().filter(|(_, range)| *range != SpecialRange::Loopback) {
        assert!(Development.check_address(ip(text)).is_err(), "{text} ({range:?})");
    }
}

#[test]
fn one_refused_resolved_address_refuses_the_host() {
    let answer = [ip("93.184.215.14"), ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c")];
    assert_eq!(Production.check_resolved(answer), Ok(()));
    let rebinding = [ip("93.184.215.14"), ip("127.0.0.1")];
    let refused = Production.check_resolved(rebinding).expect_err("loopback among them");
    assert!(matches!(refused, ResolvedRefused::Refused(ref r) if r.address == ip("127.0.0.1")));
    assert_eq!(Production.check_resolved([]), Err(ResolvedRefused::NoAddress));
    let sockets: [std::net::SocketAddr; 1] = ["[::1]:8443".parse().expect("a socket address")];
    assert_eq!(Development.check_resolved(sockets.iter().map(|s| s.ip())), Ok(()));
}

#[test]
fn production_takes_https_urls_to_public_hosts_on_any_port() {
    for url in [
        "https://hooks.example.com/kyc",
        "https://hooks.example.com:8443/kyc?tenant=42",
        "https://HOOKS.Example.COM./kyc",
        "https://93.184.215.14/hook",
        "https://[2606:4700:4700::1111]:444/",
        "https://bücher.example.com/hook",
    ] {
        let checked = Production.check_url(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(checked.as_str().starts_with("https://"), "{checked}");
    }
    let normalised = Production.check_url("https://HOOKS.Example.COM:443/a").expect("valid");
    assert_eq!(normalised.as_str(), "https://hooks.example.com/a");
    assert_eq!((normalised.host(), normalised.port()), ("hooks.example.com", 443));
    let international = Production.check_url("https://bücher.example.com/hook").expect("valid");
    assert_eq!(international.host(), "xn--bcher-kva.example.com");
}

#[test]
fn production_refuses_urls_that_could_reach_inside() {
    let cases = [
        ("http://hooks.example.com/", "scheme"),
        ("ftp://hooks.example.com/", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("https://127.0.0.1/", "address"),
        ("https://10.0.0.1/", "address"),
        ("https://[::1]/", "address"),
        ("https://[::ffff:169.254.169.254]/", "address"),
        ("https://169.254.169.254/latest/meta-data/", "address"),
        ("https://0x7f.1/", "address"),
        ("https://2130706433/", "address"),
        ("https://0177.0.0.1/", "address"),
        ("https://%31%32%37.0.0.1/", "address"),
        ("https://0/", "address"),
        ("https://localhost/", "special-use name"),
        ("https://api.localhost/", "special-use name"),
        ("https://LOCALHOST./", "special-use name"),
        ("https://printer.local/", "special-use name"),
        ("https://nas.home.arpa/", "special-use name"),
        ("https://db.internal/", "special-use name"),
        ("https://intranet/", "single label"),
        ("https://user:pass@hooks.example.com/", "credentials"),
        ("https://token@hooks.example.com/", "credentials"),
        ("https://hooks.example.com/#x", "fragment"),
        ("hooks.example.com/kyc", "not a URL"),
        ("https://", "not a URL"),
        ("https://hooks.example.com:99999/", "not a URL"),
        ("https://256.1.1.1/", "not a URL"),
    ];
    for (url, expected) in cases {
        let error = Production.check_url(url).expect_err(url);
        assert_eq!(kind(&error), expected, "{url}: {error}");
    }
    let long = format!("https://hooks.example.com/{}", "a".repeat(2048));
    assert!(matches!(Production.check_url(&long), Err(UrlRefused::TooLong { .. })));
}

/// The refusal's variant, named.
fn kind(error: &UrlRefused) -> &'static str {
    match error {
        UrlRefused::NotAUrl(_) => "not a URL",
        UrlRefused::TooLong { .. } => "too long",
        UrlRefused::SchemeNotAllowed { .. } => "scheme",
        UrlRefused::PlainHttpNotLoopback => "plain http",
        UrlRefused::Credentials => "credentials",
        UrlRefused::Fragment => "fragment",
        UrlRefused::Address(_) => "address",
        UrlRefused::SpecialUseName { .. } => "special-use name",
        UrlRefused::SingleLabelHost { .. } => "single label",
    }
}

#[test]
fn development_also_takes_plain_http_to_loopback_only() {
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://[::1]:9000/",
        "http://localhost:3000/",
        "https://localhost/",
        "https://hooks.example.com/",
    ] {
        assert!(Development.check_url(url).is_ok(), "{url}");
    }
    assert_eq!(
        Development.check_url("http://hooks.example.com/"),
        Err(UrlRefused::PlainHttpNotLoopback)
    );
    for url in ["http://10.0.0.1/", "https://192.168.1.10/", "http://printer.local/"] {
        assert!(Development.check_url(url).is_err(), "{url}");
    }
    for url in ["http://127.0.0.1:8080/hook", "http://localhost/"] {
        assert!(Production.check_url(url).is_err(), "{url}");
    }
}

#[test]
fn refusals_say_what_is_accepted() {
    let http = Production.check_url("http://hooks.example.com/").expect_err("plain http");
    assert_eq!(http.to_string(), "only https:// webhook URLs are accepted, not http://");
    let loopback = Production.check_url("https://127.0.0.1/").expect_err("loopback");
    assert_eq!(
        loopback.to_string(),
        "the webhook URL's host is refused: 127.0.0.1 is a loopback address"
    );
}
