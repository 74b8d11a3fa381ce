//! Generated inputs: the rules, decisions, extra-field validation and client-IP resolution
//! never panic and keep their invariants, whatever they are given.

use kyc_domain::client_ip::{TrustedProxies, resolve_client_ip};
use kyc_domain::extra_fields::{ExtraFieldDefinition, ExtraFieldType, validate_extra_fields};
use kyc_domain::session::decision::{
    Decision, DecisionOutcome, DecisionRequest, RejectionReason, ReviewState, apply_decision,
};
use kyc_domain::session::rules::{CheckOutcomes, CompanySettings, RuleName, decide_status};
use kyc_domain::session::{FaceMatchLevel, SessionStatus};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// A decision by an operator who writes no note of their own.
fn decide(
    state: &ReviewState,
    decision: Decision,
    reasons: &[RejectionReason],
    reviewer: &str,
    four_eyes: bool,
) -> Result<DecisionOutcome, kyc_domain::session::decision::DecisionError> {
    let role = kyc_domain::access::Role::Operator;
    apply_decision(state, &DecisionRequest { decision, reasons, note: "", reviewer, role, four_eyes })
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn maybe<T>(&mut self, make: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.coin() { Some(make(self)) } else { None }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Text mixing the characters inputs are made of with awkward ones.
    fn text(&mut self, max_len: usize) -> String {
        const ALPHABET: &[char] = &[
            'a', 'Z', '0', '9', '.', ',', '@', '+', '-', ':', '[', ']', '/', ' ', '<', '\n', '\0',
            '\u{7f}', 'é', 'ß', '😀', '\u{200b}', '１', 'f', ':', '%',
        ];
        let len = self.below(max_len + 1);
        (0..len).map(|_| *self.pick(ALPHABET)).collect()
    }
    fn ip(&mut self) -> IpAddr {
        if self.coin() {
            IpAddr::from([10, self.below(3) as u8, 0, self.below(4) as u8])
        } else {
            IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, self.below(4) as u16])
        }
    }
}

const ROUNDS: usize = 3000;

fn random_outcomes(g: &mut Gen) -> CheckOutcomes {
    let level = g.below(7) as i64 + 1;
    CheckOutcomes {
        finished: g.coin(),
        liveness_passed: g.maybe(Gen::coin),
        face_match_level: g.maybe(|_| FaceMatchLevel::new(level).ok()).flatten(),
        document_real: g.maybe(Gen::coin),
        full_document_detected: g.maybe(Gen::coin),
        mrz_valid: g.maybe(Gen::coin),
        mrz_check_digits_valid: g.maybe(Gen::coin),
        document_expired: g.maybe(Gen::coin),
        nationality: g.maybe(|g| g.pick(&["IRN", "D<<", "GEO", "", "irn", "<<<"]).to_string()),
        ip_country: g.maybe(|g| g.pick(&["IR", "GE", " ir", ""]).to_string()),
        screening_hit: g.coin(),
    }
}

fn random_settings(g: &mut Gen) -> CompanySettings {
    CompanySettings {
        min_face_match_level: g.below(9) as u8,
        require_valid_document: g.coin(),
        full_mrz_validation: g.coin(),
        high_risk_nationalities: if g.coin() { vec!["IRN".into(), "DEU".into()] } else { vec![] },
        high_risk_ip_countries: if g.coin() { vec!["IR".into()] } else { vec![] },
        awaiting_action_queue: g.coin(),
        four_eyes_review: g.coin(),
        extra_fields: vec![],
        webhook_include_personal_data: g.coin(),
        ..CompanySettings::default()
    }
}

#[test]
fn generated_sessions_always_get_a_consistent_status() {
    let mut g = Gen(0x9E37_79B9_7F4A_7C15);
    for _ in 0..ROUNDS {
        let outcomes = random_outcomes(&mut g);
        let settings = random_settings(&mut g);
        let decision = decide_status(&outcomes, &settings);
        let context = format!("{outcomes:?} {settings:?} -> {decision:?}");
        assert_eq!(decision.verified, decision.status == SessionStatus::Verified, "{context}");
        assert_eq!(decision.decided_by.is_none(), decision.verified, "{context}");
        assert_eq!(decision.trace.len(), RuleName::ALL.len(), "{context}");
        if !outcomes.finished {
            assert!(
                matches!(decision.status, SessionStatus::NotFinished | SessionStatus::Rejected),
                "{context}"
            );
        }
        if decision.status == SessionStatus::AwaitingAction {
            assert!(settings.awaiting_action_queue, "{context}");
        }
        if decision.verified {
            assert!(!decision.failed_automatic_check(), "{context}");
        }
    }
}

#[test]
fn generated_decisions_never_verify_an_override_with_one_operator_under_four_eyes() {
    let mut g = Gen(42);
    let statuses = SessionStatus::ALL;
    let actors = ["op-1", "op-2", "", " "];
    for _ in 0..ROUNDS {
        let state = ReviewState {
            status: *g.pick(statuses),
            failed_automatic_check: g.coin(),
            pending_approval_by: g.maybe(|g| g.pick(&actors).to_string()),
            matches: Vec::new(),
        };
        let decision = if g.coin() { Decision::Approve } else { Decision::Reject };
        let reasons: Vec<RejectionReason> =
            (0..g.below(3)).map(|_| *g.pick(RejectionReason::ALL)).collect();
        let actor = *g.pick(&actors);
        let outcome = decide(&state, decision, &reasons, actor, true);
        if let Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified)) = outcome {
            assert_eq!(state.status, SessionStatus::AwaitingAction);
            if state.failed_automatic_check {
                let first = state.pending_approval_by.as_deref();
                assert!(
                    first.is_some_and(|first| first != actor),
                    "{state:?} approved by {actor:?}"
                );
            }
        }
        if outcome.is_ok() {
            assert_eq!(state.status, SessionStatus::AwaitingAction);
        }
    }
}

#[test]
fn generated_extra_fields_are_validated_without_panicking() {
    let mut g = Gen(7);
    let types = [
        ExtraFieldType::Text,
        ExtraFieldType::Email,
        ExtraFieldType::Phone,
        ExtraFieldType::Date,
        ExtraFieldType::Number,
    ];
    for _ in 0..ROUNDS {
        let defs: Vec<ExtraFieldDefinition> = (0..g.below(3))
            .map(|i| ExtraFieldDefinition {
                name: format!("f{i}"),
                label: format!("Field {i}"),
                field_type: *g.pick(&types),
                required: g.coin(),
            })
            .collect();
        let values: BTreeMap<String, String> = (0..g.below(4))
            .map(|i| (if g.coin() { format!("f{i}") } else { g.text(6) }, g.text(24)))
            .collect();
        if let Ok(accepted) = validate_extra_fields(&defs, &values) {
            for (name, value) in &accepted {
                assert!(!value.is_empty() && value.trim() == value, "{name}: {value:?}");
            }
        }
    }
}

#[test]
fn generated_forwarded_headers_resolve_to_a_listed_or_peer_address() {
    let mut g = Gen(2024);
    let trusted: TrustedProxies = "10.0.0.0/16, 2001:db8::1".parse().expect("proxy list");
    for _ in 0..ROUNDS {
        let peer = g.ip();
        let hops: Vec<String> = (0..g.below(5))
            .map(|_| if g.coin() { g.ip().to_string() } else { g.text(12) })
            .collect();
        let header = hops.join(",");
        let client = resolve_client_ip(peer, Some(&header), &trusted);
        let from_header = hops.iter().any(|hop| hop.trim().parse::<IpAddr>().ok() == Some(client));
        assert!(client == peer || from_header, "{peer} {header:?} -> {client}");
        if !trusted.contains(peer) {
            assert_eq!(client, peer, "an untrusted peer's header was believed: {header:?}");
        }
    }
}
