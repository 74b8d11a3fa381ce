//! How often a login (or a client-credentials exchange) may be tried: a growing delay per
//! account and a budget per client IP, decided before the password is checked.
//!
//! - **Reserve, then verify.** An attempt is reserved (counted as a failure) atomically before the
//!   slow password check, and given back only when the password was right. So concurrent guesses
//!   cannot all pass a count taken before any of them was recorded: of 100 guesses sent at once,
//!   exactly [`ThrottlePolicy::free_failures`] are checked.
//! - **Per account: a growing delay, not a lock.** The first `free_failures` (5) failures cost
//!   nothing. After that each checked attempt must wait: `base_delay` (15 s) after the 5th
//!   failure, doubling with each further failure, never more than `max_delay` (60 s). An attacker
//!   who knows someone's e-mail can slow their login by at most a minute, never lock them out
//!   for a quarter of an hour, and can check at most one guess a minute for that account, from any
//!   number of addresses. A right password resets the account's count. The count is forgotten
//!   [`ACCOUNT_MEMORY`] (15 minutes) after the last failure.
//! - **Per IP: a budget.** One address may have `ip_budget` (30) attempts outstanding, refilled
//!   at one every `ip_window / ip_budget` (30 s): password spraying from one address gets 30
//!   guesses, then one every 30 seconds, over all accounts. A right password gives its attempt
//!   back, so an office signing in every morning never spends the budget. IPv6 addresses count
//!   by their /64 network (one customer's allocation). This is a generic cell rate algorithm:
//!   the stored state is one instant, the "theoretical arrival time".
//! - **Accurate `Retry-After`.** A refusal says exactly when the next attempt will be checked.
//!   Refused attempts cost nothing and change nothing.
//! - **Bounded state.** Every stored row says when it stops mattering ([`AccountThrottle::expires_at`],
//!   [`IpThrottle::expires_at`]); the server deletes expired rows, so the table holds at most
//!   what 15 minutes of checked attempts can write. Keys are keyed hashes of the e-mail or client
//!   id and of the address, so the table names nobody.

use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};

/// How long an account's failures are remembered after the last one.
pub const ACCOUNT_MEMORY: TimeDelta = TimeDelta::minutes(15);

/// The numbers of the throttle; [`ThrottlePolicy::STANDARD`] in production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures per account before any delay.
    pub free_failures: u32,
    /// The delay after the first failure past the free ones; it doubles with each failure.
    pub base_delay: TimeDelta,
    /// The longest delay.
    pub max_delay: TimeDelta,
    /// Attempts one address may have outstanding.
    pub ip_budget: u32,
    /// The time in which a spent budget refills completely.
    pub ip_window: TimeDelta,
}

impl ThrottlePolicy {
    pub const STANDARD: ThrottlePolicy = ThrottlePolicy {
        free_failures: 5,
        base_delay: TimeDelta::seconds(15),
        max_delay: TimeDelta::seconds(60),
        ip_budget: 30,
        ip_window: TimeDelta::minutes(15),
    };

    /// The wait after `failures` failures in a row.
    pub fn delay_after(&self, failures: u32) -> TimeDelta {
        let Some(past_free) = failures.checked_sub(self.free_failures) else { return TimeDelta::zero() };
        let doubling = 1i32.checked_shl(past_free.min(30)).unwrap_or(i32::MAX);
        self.base_delay.checked_mul(doubling).map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }

    /// How often one attempt of an address's budget comes back.
    pub fn ip_interval(&self) -> TimeDelta {
        self.ip_window / i32::try_from(self.ip_budget.max(1)).unwrap_or(i32::MAX)
    }
}

/// An account's stored state: consecutive failures and when the next attempt may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountThrottle {
    pub failures: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// An address's stored state: the instant its budget is fully spent up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpThrottle {
    pub theoretical_arrival: DateTime<Utc>,
}

impl IpThrottle {
    /// After this the row says nothing an absent row would not.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.theoretical_arrival
    }
}

/// Why an attempt is not checked now, and when it would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The account failed too often just now.
    AccountDelay { retry_at: DateTime<Utc> },
    /// The address spent its budget.
    IpBudget { retry_at: DateTime<Utc> },
}

impl Refusal {
    pub fn retry_at(&self) -> DateTime<Utc> {
        match self {
            Refusal::AccountDelay { retry_at } | Refusal::IpBudget { retry_at } => *retry_at,
        }
    }

    /// The wait from `now`, at least one second (what `Retry-After` says).
    pub fn retry_after(&self, now: DateTime<Utc>) -> std::time::Duration {
        (self.retry_at() - now).to_std().unwrap_or_default().max(std::time::Duration::from_secs(1))
    }
}

/// What to store when an attempt is let through: the attempt counted as a failure until the
/// password proves otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation {
    pub account: AccountThrottle,
    pub ip: IpThrottle,
}

/// Decides whether an attempt is checked at `now`, given the account's and the address's stored
/// state (`None` when absent or expired), and what to store if it is.
pub fn reserve(
    policy: &ThrottlePolicy,
    account: Option<AccountThrottle>,
    ip: Option<IpThrottle>,
    now: DateTime<Utc>,
) -> Result<Reservation, Refusal> {
    let account = account.filter(|state| now < state.expires_at);
    if let Some(state) = account.filter(|state| now < state.next_attempt_at) {
        return Err(Refusal::AccountDelay { retry_at: state.next_attempt_at });
    }
    let interval = policy.ip_interval();
    let tolerance = interval * i32::try_from(policy.ip_budget.saturating_sub(1)).unwrap_or(i32::MAX);
    let arrival = ip.map_or(now, |state| state.theoretical_arrival.max(now));
    if arrival - now > tolerance {
        return Err(Refusal::IpBudget { retry_at: arrival - tolerance });
    }
    let failures = account.map_or(0, |state| state.failures).saturating_add(1);
    Ok(Reservation {
        account: AccountThrottle {
            failures,
            next_attempt_at: now + policy.delay_after(failures),
            expires_at: now + ACCOUNT_MEMORY,
        },
        ip: IpThrottle { theoretical_arrival: arrival + interval },
    })
}

/// The address's state after a right password gave its reserved attempt back.
pub fn refund_ip(policy: &ThrottlePolicy, ip: IpThrottle) -> IpThrottle {
    IpThrottle { theoretical_arrival: ip.theoretical_arrival - policy.ip_interval() }
}

/// The address as the budget counts it: IPv4 as is, IPv6 by its /64 network, IPv4-mapped IPv6 as
/// IPv4; text that is no address (no peer address known) as itself.
pub fn ip_budget_key(ip: &str) -> String {
    match ip.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => {
            let segments = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", segments[0], segments[1], segments[2], segments[3])
        }
        Err(_) => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const POLICY: ThrottlePolicy = ThrottlePolicy::STANDARD;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).single().expect("a time")
    }

    /// Runs `count` attempts at `now` from one address against one account, all failing.
    fn fail(
        count: u32,
        mut account: Option<AccountThrottle>,
        mut ip: Option<IpThrottle>,
        now: DateTime<Utc>,
    ) -> (u32, Option<AccountThrottle>, Option<IpThrottle>, Vec<Refusal>) {
        let (mut checked, mut refusals) = (0, Vec::new());
        for _ in 0..count {
            match reserve(&POLICY, account, ip, now) {
                Ok(reservation) => {
                    checked += 1;
                    (account, ip) = (Some(reservation.account), Some(reservation.ip));
                }
                Err(refusal) => refusals.push(refusal),
            }
        }
        (checked, account, ip, refusals)
    }

    #[test]
    fn of_a_hundred_guesses_at_once_five_are_checked() {
        let (checked, _, _, refusals) = fail(100, None, None, start());
        assert_eq!(checked, 5);
        assert_eq!(refusals.len(), 95);
        assert!(refusals.iter().all(|r| *r == Refusal::AccountDelay { retry_at: start() + TimeDelta::seconds(15) }));
        assert_eq!(refusals[0].retry_after(start()), std::time::Duration::from_secs(15));
    }

    #[test]
    fn the_delay_doubles_and_stops_at_a_minute() {
        let delays: Vec<i64> = (0..=12).map(|failures| POLICY.delay_after(failures).num_seconds()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 15, 30, 60, 60, 60, 60, 60, 60]);
        assert_eq!(POLICY.delay_after(u32::MAX), TimeDelta::seconds(60));
    }

    #[test]
    fn an_attacker_gets_one_guess_a_minute_and_the_victim_never_waits_longer() {
        let (mut account, mut now) = (None, start());
        let mut waits = Vec::new();
        for _ in 0..40 {
            // Each guess from a new address: the per-account delay holds across addresses.
            let reservation = match reserve(&POLICY, account, None, now) {
                Ok(reservation) => reservation,
                Err(refusal) => {
                    waits.push((refusal.retry_at() - now).num_seconds());
                    now = refusal.retry_at();
                    reserve(&POLICY, account, None, now).expect("checked once the wait is over")
                }
            };
            account = Some(reservation.account);
        }
        assert!(waits.iter().all(|wait| *wait <= 60), "{waits:?}");
        assert_eq!(waits.iter().filter(|wait| **wait == 60).count(), 40 - 5 - 2);
    }

    #[test]
    fn failures_are_forgotten_fifteen_minutes_after_the_last() {
        let (_, account, _, _) = fail(5, None, None, start());
        let later = start() + ACCOUNT_MEMORY;
        let reservation = reserve(&POLICY, account, None, later).expect("a fresh start");
        assert_eq!(reservation.account.failures, 1);
    }

    #[test]
    fn one_address_gets_thirty_attempts_then_one_every_thirty_seconds() {
        let mut ip = None;
        for attempt in 0..30 {
            // A different account each time: password spraying.
            ip = Some(reserve(&POLICY, None, ip, start()).unwrap_or_else(|_| panic!("attempt {attempt}")).ip);
        }
        let refused = reserve(&POLICY, None, ip, start()).expect_err("the budget is spent");
        assert_eq!(refused, Refusal::IpBudget { retry_at: start() + TimeDelta::seconds(30) });
        assert_eq!(refused.retry_after(start()), std::time::Duration::from_secs(30));
        let later = start() + TimeDelta::seconds(30);
        let reservation = reserve(&POLICY, None, ip, later).expect("one attempt came back");
        assert!(reserve(&POLICY, None, Some(reservation.ip), later).is_err());
    }

    #[test]
    fn a_right_password_gives_the_attempt_back() {
        let mut ip = None;
        for _ in 0..100 {
            let reservation = reserve(&POLICY, None, ip, start()).expect("successes never spend the budget");
            ip = Some(refund_ip(&POLICY, reservation.ip));
        }
        assert_eq!(ip.map(|ip| ip.expires_at()), Some(start()));
    }

    #[test]
    fn a_refused_attempt_changes_nothing() {
        let (_, account, ip, _) = fail(5, None, None, start());
        let before = (account, ip);
        let (_, account, ip, refusals) = fail(50, account, ip, start() + TimeDelta::seconds(1));
        assert_eq!((account, ip), before);
        assert_eq!(refusals.len(), 50);
    }

    #[test]
    fn ipv6_addresses_count_by_their_slash_64() {
        assert_eq!(ip_budget_key("2001:db8:1:2:aaaa::1"), ip_budget_key("2001:db8:1:2:bbbb::9"));
        assert_ne!(ip_budget_key("2001:db8:1:2::1"), ip_budget_key("2001:db8:1:3::1"));
        assert_eq!(ip_budget_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(ip_budget_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(ip_budget_key("unknown"), "unknown");
    }
}
