//! A company's team: the roles of its members, and the rule that keeps an admin in charge.
//!
//! - A member of a company is an `admin` (settings, users, activity log), an `operator` (reads
//!   sessions, adds notes, decides) or a `viewer` (reads only): [`TeamRole`].
//! - **A company always keeps an active admin**: demoting or deactivating a member is refused
//!   when that member is the company's last active admin ([`check_member_change`]). Without one,
//!   nobody could invite, reactivate or promote anyone, and only the operator of the
//!   installation could repair the company.
//! - The rule refuses only the change that *removes* the last active admin: in a company that
//!   somehow has none, other changes (promoting someone to admin, above all) stay possible.
//! - The member must be one of the company's: a member of another company is [`Unknown`], which
//!   the server answers like an unknown id (404).
//!
//! [`Unknown`]: MemberChangeRefusal::UnknownMember

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::session::UnknownVariant;

/// What a member of a company may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    Admin,
    Operator,
    Viewer,
}

impl TeamRole {
    pub const ALL: [TeamRole; 3] = [TeamRole::Admin, TeamRole::Operator, TeamRole::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Admin => "admin",
            TeamRole::Operator => "operator",
            TeamRole::Viewer => "viewer",
        }
    }
}

impl fmt::Display for TeamRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TeamRole {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| UnknownVariant { kind: "team role", value: text.to_owned() })
    }
}

/// One member of a company, as far as the rule needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember<Id> {
    pub id: Id,
    pub role: TeamRole,
    pub active: bool,
}

/// A change to a member: `PATCH /users/{id}` with `{role?, active?}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberChange {
    pub role: Option<TeamRole>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MemberChangeRefusal {
    #[error("no such member in this company")]
    UnknownMember,
    #[error("this is the company's last active admin: make another member an admin first")]
    LastActiveAdmin,
}

impl<Id> TeamMember<Id> {
    fn is_active_admin(&self) -> bool {
        self.active && self.role == TeamRole::Admin
    }

    fn after(&self, change: &MemberChange) -> (TeamRole, bool) {
        (change.role.unwrap_or(self.role), change.active.unwrap_or(self.active))
    }
}

/// Whether `change` may be made to the member `target` of a company whose members are
/// `members` (all of them, active or not). See the module docs.
pub fn check_member_change<Id: PartialEq>(
    members: &[TeamMember<Id>],
    target: &Id,
    change: &MemberChange,
) -> Result<(), MemberChangeRefusal> {
    let member = members.iter().find(|member| member.id == *target).ok_or(MemberChangeRefusal::UnknownMember)?;
    let stays_active_admin = member.after(change) == (TeamRole::Admin, true);
    let another_active_admin = members.iter().any(|other| other.id != *target && other.is_active_admin());
    if member.is_active_admin() && !stays_active_admin && !another_active_admin {
        return Err(MemberChangeRefusal::LastActiveAdmin);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: u32, role: TeamRole, active: bool) -> TeamMember<u32> {
        TeamMember { id, role, active }
    }

    const DEMOTE: MemberChange = MemberChange { role: Some(TeamRole::Operator), active: None };
    const TO_VIEWER: MemberChange = MemberChange { role: Some(TeamRole::Viewer), active: None };
    const DEACTIVATE: MemberChange = MemberChange { role: None, active: Some(false) };
    const PROMOTE: MemberChange = MemberChange { role: Some(TeamRole::Admin), active: None };
    const REACTIVATE: MemberChange = MemberChange { role: None, active: Some(true) };

    fn one_admin_team() -> Vec<TeamMember<u32>> {
        vec![
            member(1, TeamRole::Admin, true),
            member(2, TeamRole::Operator, true),
            member(3, TeamRole::Admin, false),
            member(4, TeamRole::Viewer, true),
        ]
    }

    #[test]
    fn the_last_active_admin_cannot_be_demoted_or_deactivated() {
        let team = one_admin_team();
        for change in
            [DEMOTE, TO_VIEWER, DEACTIVATE, MemberChange { role: Some(TeamRole::Viewer), active: Some(false) }]
        {
            assert_eq!(
                check_member_change(&team, &1, &change),
                Err(MemberChangeRefusal::LastActiveAdmin),
                "{change:?}"
            );
        }
    }

    #[test]
    fn an_inactive_admin_does_not_count_as_another_admin() {
        // Member 3 is an admin but deactivated: member 1 is still the last active admin.
        assert_eq!(check_member_change(&one_admin_team(), &1, &DEACTIVATE), Err(MemberChangeRefusal::LastActiveAdmin));
    }

    #[test]
    fn an_admin_may_be_demoted_when_another_active_admin_remains() {
        let mut team = one_admin_team();
        team.push(member(5, TeamRole::Admin, true));
        for change in [DEMOTE, TO_VIEWER, DEACTIVATE] {
            assert_eq!(check_member_change(&team, &1, &change), Ok(()), "{change:?}");
            assert_eq!(check_member_change(&team, &5, &change), Ok(()), "{change:?}");
        }
    }

    #[test]
    fn changes_that_keep_the_last_admin_in_charge_are_allowed() {
        let team = one_admin_team();
        for change in [
            MemberChange::default(),
            PROMOTE,
            REACTIVATE,
            MemberChange { role: Some(TeamRole::Admin), active: Some(true) },
        ] {
            assert_eq!(check_member_change(&team, &1, &change), Ok(()), "{change:?}");
        }
    }

    #[test]
    fn other_members_may_change_freely() {
        let team = one_admin_team();
        for (target, change) in
            [(2, DEACTIVATE), (2, TO_VIEWER), (2, PROMOTE), (3, REACTIVATE), (3, DEMOTE), (4, DEACTIVATE)]
        {
            assert_eq!(check_member_change(&team, &target, &change), Ok(()), "member {target}: {change:?}");
        }
    }

    #[test]
    fn a_company_without_an_active_admin_may_still_promote_one() {
        let team = vec![member(1, TeamRole::Admin, false), member(2, TeamRole::Operator, true)];
        assert_eq!(check_member_change(&team, &2, &PROMOTE), Ok(()));
        assert_eq!(check_member_change(&team, &1, &REACTIVATE), Ok(()));
        assert_eq!(check_member_change(&team, &2, &DEACTIVATE), Ok(()));
    }

    #[test]
    fn a_member_of_another_company_is_unknown() {
        assert_eq!(check_member_change(&one_admin_team(), &99, &DEMOTE), Err(MemberChangeRefusal::UnknownMember));
        assert_eq!(check_member_change::<u32>(&[], &1, &DEMOTE), Err(MemberChangeRefusal::UnknownMember));
    }

    #[test]
    fn roles_read_and_write_as_lower_case_words() {
        for role in TeamRole::ALL {
            assert_eq!(role.as_str().parse(), Ok(role));
            assert_eq!(serde_json::to_string(&role).expect("serialises"), format!("\"{role}\""));
        }
        for text in ["superadmin", "client", "Admin", ""] {
            assert_eq!(text.parse::<TeamRole>(), Err(UnknownVariant { kind: "team role", value: text.into() }));
        }
    }
}
