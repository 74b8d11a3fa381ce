//! The staff IP allow-list: parsing, normalising, refusing nonsense, and who it lets in.

use std::net::IpAddr;

use kyc_domain::accounts::ip_allowlist::{AllowlistError, EntryProblem, MAX_ALLOWLIST_ENTRIES, StaffIpAllowlist};

fn ip(text: &str) -> IpAddr {
    text.parse().expect("a test address")
}

fn allowlist(text: &str) -> StaffIpAllowlist {
    text.parse().expect("a valid allow-list")
}

fn problem_with(text: &str) -> (usize, String, EntryProblem) {
    match text.parse::<StaffIpAllowlist>() {
        Err(AllowlistError::Entry { position, entry, problem }) => (position, entry, problem),
        other => panic!("expected an entry error for {text:?}, got {other:?}"),
    }
}

#[test]
fn an_empty_list_restricts_nothing() {
    for text in ["", "  ", ",\n,"] {
        let list = allowlist(text);
        assert!(list.is_unrestricted());
        assert!(list.allows(ip("198.51.100.1")));
        assert!(list.allows(ip("2001:db8::1")));
    }
    assert!(StaffIpAllowlist::unrestricted().allows(ip("10.0.0.1")));
}

/// Checks that the allow-list written as `text` lets in every address of `allowed` and none of
/// `refused`.
fn assert_lets_in(text: &str, allowed: &[&str], refused: &[&str]) {
    let list = allowlist(text);
    for address in allowed {
        assert!(list.allows(ip(address)), "{text} should allow {address}");
    }
    for address in refused {
        assert!(!list.allows(ip(address)), "{text} should refuse {address}");
    }
}

#[test]
fn a_network_allows_its_addresses_and_nothing_else() {
    assert_lets_in(
        "203.0.113.0/24",
        &["203.0.113.0", "203.0.113.255"],
        &["203.0.114.0", "203.0.112.255", "2001:db8::1"],
    );
}

#[test]
fn a_single_address_allows_only_itself() {
    assert_lets_in("198.51.100.7, 2001:db8::7", &["198.51.100.7", "2001:db8::7"], &["198.51.100.8", "2001:db8::8"]);
}

#[test]
fn ipv6_networks_are_honoured() {
    assert_lets_in("2001:db8:abcd::/48", &["2001:db8:abcd:ffff::1"], &["2001:db8:abce::1", "203.0.113.1"]);
}

#[test]
fn an_ipv4_mapped_client_address_matches_ipv4_ranges() {
    assert_lets_in("203.0.113.0/24", &["::ffff:203.0.113.9"], &["::ffff:203.0.114.9"]);
}

#[test]
fn an_ipv4_mapped_entry_is_read_as_ipv4() {
    let list = allowlist("::ffff:203.0.113.0/120, ::ffff:198.51.100.7");
    assert_eq!(list.entries(), ["198.51.100.7", "203.0.113.0/24"]);
    assert!(list.allows(ip("203.0.113.200")) && list.allows(ip("::ffff:198.51.100.7")));
}

#[test]
fn entries_are_normalised_deduplicated_and_merged() {
    let list = allowlist("10.0.0.0/25\n10.0.0.128/25, 2001:DB8:0:0::1 192.0.2.1/32, 192.0.2.1 10.0.0.7");
    assert_eq!(list.entries(), ["10.0.0.0/24", "192.0.2.1", "2001:db8::1"]);
    assert_eq!(list.to_string(), "10.0.0.0/24, 192.0.2.1, 2001:db8::1");
    assert_eq!(allowlist(&list.to_string()), list, "the written form reads back the same");
}

#[test]
fn a_list_of_strings_reads_like_the_text_form() {
    let from_list = StaffIpAllowlist::parse(&["203.0.113.0/24", " ", "2001:db8::/32"]).expect("valid");
    assert_eq!(from_list, allowlist("203.0.113.0/24, 2001:db8::/32"));
}

#[test]
fn the_allowlist_serialises_as_a_list_of_entries() {
    let list = allowlist("2001:db8::/32, 203.0.113.7");
    let json = serde_json::to_string(&list).expect("serialises");
    assert_eq!(json, r#"["203.0.113.7","2001:db8::/32"]"#);
    assert_eq!(serde_json::from_str::<StaffIpAllowlist>(&json).expect("reads back"), list);
    assert!(serde_json::from_str::<StaffIpAllowlist>(r#"["not an address"]"#).is_err());
}

#[test]
fn text_that_is_not_an_address_is_refused_with_its_position() {
    for nonsense in [
        "office",
        "203.0.113.1-203.0.113.9",
        "203.0.113.7:443",
        "[2001:db8::1]",
        "fe80::1%eth0",
        "203.0.113",
        "010.0.0.1",
        "256.0.0.1",
    ] {
        let (position, entry, problem) = problem_with(&format!("198.51.100.1, {nonsense}"));
        assert_eq!((position, entry.as_str(), problem), (2, nonsense, EntryProblem::NotAnAddress), "{nonsense}");
    }
}

#[test]
fn a_prefix_out_of_range_or_not_a_number_is_refused() {
    for (entry, maximum) in [
        ("203.0.113.0/33", 32),
        ("2001:db8::/129", 128),
        ("203.0.113.0/", 32),
        ("203.0.113.0/x", 32),
        ("203.0.113.0/+8", 32),
        ("203.0.113.0/24/8", 32),
    ] {
        let (_, _, problem) = problem_with(entry);
        assert_eq!(problem, EntryProblem::MalformedPrefix { maximum }, "{entry}");
    }
}

#[test]
fn host_bits_after_the_prefix_are_refused_with_both_readings() {
    let (position, _, problem) = problem_with("10.0.0.5/8");
    assert_eq!(position, 1);
    assert_eq!(
        problem,
        EntryProblem::HostBitsSet { prefix: 8, network: "10.0.0.0/8".parse().expect("net"), address: ip("10.0.0.5") }
    );
    assert_eq!(
        problem.to_string(),
        "has host bits set after its /8: write the network 10.0.0.0/8 or the single address 10.0.0.5"
    );
}

#[test]
fn a_network_of_everything_is_refused() {
    for entry in ["0.0.0.0/0", "::/0", "::ffff:0.0.0.0/96"] {
        assert_eq!(problem_with(entry).2, EntryProblem::AllowsEverything, "{entry}");
    }
}

#[test]
fn the_error_message_names_the_entry_and_says_what_to_write() {
    let error = "203.0.113.0/24, office".parse::<StaffIpAllowlist>().expect_err("refused");
    assert_eq!(
        error.to_string(),
        "entry 2 (\"office\") is not an IP address or CIDR network, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32"
    );
}

#[test]
fn a_list_longer_than_the_cap_is_refused() {
    let entries: Vec<String> =
        (0..=MAX_ALLOWLIST_ENTRIES).map(|i| format!("10.{}.{}.0/24", i / 256, i % 256)).collect();
    assert_eq!(StaffIpAllowlist::parse(&entries), Err(AllowlistError::TooManyEntries { count: 257, maximum: 256 }));
    assert!(StaffIpAllowlist::parse(&entries[..MAX_ALLOWLIST_ENTRIES]).is_ok());
}
