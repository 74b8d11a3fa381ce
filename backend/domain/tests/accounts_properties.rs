//! Property tests of the account rules: what is handed out reads back, a TOTP code works once,
//! the allow-list agrees with the networks it was given, and the last-admin rule never leaves a
//! company without an active admin it had.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, TimeZone, Utc};
use ipnet::IpNet;
use kyc_domain::accounts::ip_allowlist::{AllowlistError, StaffIpAllowlist};
use kyc_domain::accounts::recovery_codes::RecoveryCode;
use kyc_domain::accounts::team::{MemberChange, TeamMember, TeamRole, check_member_change};
use kyc_domain::accounts::tokens::{OpaqueToken, TokenKind};
use kyc_domain::accounts::totp::{TotpKey, TotpParameters, TotpSecret, TotpVerdict};
use proptest::prelude::*;
use proptest::sample::select;

fn moment() -> impl Strategy<Value = DateTime<Utc>> {
    // 1970 to about 2100.
    (0i64..4_102_444_800).prop_map(|seconds| Utc.timestamp_opt(seconds, 0).single().expect("in range"))
}

fn address() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<u32>().prop_map(|bits| IpAddr::V4(Ipv4Addr::from(bits))),
        any::<u128>().prop_map(|bits| IpAddr::V6(Ipv6Addr::from(bits))),
    ]
}

fn network() -> impl Strategy<Value = IpNet> {
    (address(), 1u8..=128).prop_map(|(address, prefix)| {
        let prefix = match address {
            IpAddr::V4(_) => 1 + prefix % 32,
            IpAddr::V6(_) => prefix,
        };
        IpNet::new(address, prefix).expect("prefix in range").trunc()
    })
}

fn member() -> impl Strategy<Value = TeamMember<u8>> {
    (0u8..6, select(TeamRole::ALL.to_vec()), any::<bool>()).prop_map(|(id, role, active)| TeamMember {
        id,
        role,
        active,
    })
}

fn change() -> impl Strategy<Value = MemberChange> {
    (proptest::option::of(select(TeamRole::ALL.to_vec())), proptest::option::of(any::<bool>()))
        .prop_map(|(role, active)| MemberChange { role, active })
}

proptest! {
    #[test]
    fn every_recovery_code_reads_back_from_its_grouped_form_in_any_case(bytes in any::<[u8; 7]>()) {
        let code = RecoveryCode::from_random(bytes);
        let grouped = code.to_grouped();
        prop_assert_eq!(RecoveryCode::parse(&grouped), Ok(code.clone()));
        prop_assert_eq!(RecoveryCode::parse(&grouped.to_lowercase().replace('-', " ")), Ok(code));
    }

    #[test]
    fn every_token_reads_back_and_matches_its_hash(bytes in any::<[u8; 32]>(), kind in select(TokenKind::ALL.to_vec())) {
        let token = OpaqueToken::from_random(kind, bytes);
        let read = OpaqueToken::parse(kind, token.expose()).expect("a token reads back");
        prop_assert!(read.matches(&token.hash()));
        for other in TokenKind::ALL.into_iter().filter(|other| *other != kind) {
            prop_assert!(OpaqueToken::parse(other, token.expose()).is_err());
        }
    }

    #[test]
    fn a_totp_code_works_once_at_its_own_time(seconds in moment(), secret in any::<[u8; 20]>()) {
        let key = TotpKey::new(&TotpSecret::from_random(secret), TotpParameters::STANDARD).expect("a key");
        let code = key.code_at(seconds).expect("after 1970");
        let step = key.step_at(seconds).expect("after 1970");
        prop_assert_eq!(key.verify(&code, seconds, step.checked_sub(1)), TotpVerdict::Accepted { step });
        prop_assert_eq!(key.verify(&code, seconds, Some(step)), TotpVerdict::Replayed { step });
    }

    #[test]
    fn the_allowlist_allows_exactly_what_its_networks_contain(networks in proptest::collection::vec(network(), 1..8), probe in address()) {
        let text: Vec<String> = networks.iter().map(ToString::to_string).collect();
        let list = match StaffIpAllowlist::parse(&text) {
            Ok(list) => list,
            // Networks that together cover a whole family (two /1s) are refused like a /0.
            Err(AllowlistError::AllowsEveryAddress { .. }) => {
                prop_assert!(IpNet::aggregate(&networks).iter().any(|network| network.prefix_len() == 0));
                return Ok(());
            }
            Err(refused) => return Err(TestCaseError::fail(format!("refused {text:?}: {refused}"))),
        };
        let expected = networks.iter().any(|network| network.contains(&probe.to_canonical()));
        prop_assert_eq!(list.allows(probe), expected);
        prop_assert_eq!(StaffIpAllowlist::parse(&list.entries()), Ok(list));
    }

    #[test]
    fn an_allowed_member_change_never_removes_the_last_active_admin(
        members in proptest::collection::vec(member(), 0..6),
        target in 0u8..6,
        change in change(),
    ) {
        let mut members = members;
        members.sort_by_key(|member| member.id);
        members.dedup_by_key(|member| member.id);
        let active_admins = |team: &[TeamMember<u8>]| team.iter().filter(|m| m.active && m.role == TeamRole::Admin).count();
        let before = active_admins(&members);
        if check_member_change(&members, &target, &change).is_ok() {
            let after: Vec<TeamMember<u8>> = members
                .iter()
                .map(|m| if m.id == target {
                    TeamMember { id: m.id, role: change.role.unwrap_or(m.role), active: change.active.unwrap_or(m.active) }
                } else {
                    m.clone()
                })
                .collect();
            prop_assert!(before == 0 || active_admins(&after) > 0, "{members:?} {target} {change:?}");
        }
    }
}
