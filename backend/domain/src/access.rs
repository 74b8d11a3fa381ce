//! Who may do what: the roles of dashboard users and API clients, and the permission each
//! operation needs. The server checks [`Role::may`] in every use case; the table below is the
//! whole policy.
//!
//! | permission | superadmin | admin | operator | viewer | client |
//! | --- | --- | --- | --- | --- | --- |
//! | [`Permission::ReadSessions`] (sessions, photos, checks, reports) | ✓ | ✓ | ✓ | ✓ | ✓ |
//! | [`Permission::IngestSessions`] (new sessions, attempts, photos) | ✓ | ✓ | | | ✓ |
//! | [`Permission::Review`] (notes, match reviews, decisions) | ✓ | ✓ | ✓ | | |
//! | [`Permission::Administer`] (settings, activity log, lists) | ✓ | ✓ | | | |

use serde::{Deserialize, Serialize};

/// The role a token carries. `Client` is a company's server calling with client credentials;
/// `Superadmin` is the platform's operator and belongs to no company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Superadmin,
    Admin,
    Operator,
    Viewer,
    Client,
}

/// What an operation needs the caller to be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ReadSessions,
    IngestSessions,
    Review,
    Administer,
}

closed_set!(Role, "role", [
    Superadmin => "superadmin",
    Admin => "admin",
    Operator => "operator",
    Viewer => "viewer",
    Client => "client",
]);

impl Role {
    /// Whether this role may do what the permission covers.
    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Superadmin | Role::Admin => true,
            Role::Operator => matches!(permission, ReadSessions | Review),
            Role::Viewer => matches!(permission, ReadSessions),
            Role::Client => matches!(permission, ReadSessions | IngestSessions),
        }
    }

    /// Whether a token of this role belongs to a company (every role but the platform's).
    pub fn belongs_to_a_company(self) -> bool {
        self != Role::Superadmin
    }
}

impl Permission {
    /// The sentence a refusal gives: "the viewer role may not review sessions".
    pub fn describe(self) -> &'static str {
        match self {
            Permission::ReadSessions => "read sessions",
            Permission::IngestSessions => "create sessions",
            Permission::Review => "review sessions",
            Permission::Administer => "administer the company",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_back_from_its_name() {
        for &role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn the_permission_table_is_as_documented() {
        use Permission::*;
        let table = [
            (Role::Superadmin, [true, true, true, true]),
            (Role::Admin, [true, true, true, true]),
            (Role::Operator, [true, false, true, false]),
            (Role::Viewer, [true, false, false, false]),
            (Role::Client, [true, true, false, false]),
        ];
        for (role, expected) in table {
            let found = [ReadSessions, IngestSessions, Review, Administer].map(|p| role.may(p));
            assert_eq!(found, expected, "{role}");
        }
    }
}
