//! Who is asking: the principal (a user or an API client), their role, their company and the IP
//! the request came from. The HTTP edge makes an [`Actor`] from a verified token; the command
//! line makes one for the demo's API client. Every use case checks the actor's permission.

use super::{Error, Result};
use crate::db::{NewAuditEvent, Scope};
use kyc_domain::access::{Permission, Role};
use kyc_domain::ids::{CompanyId, Principal, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    principal: Principal,
    role: Role,
    scope: Scope,
    ip: String,
}

/// A token's claims that do not describe a possible caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidActor {
    #[error("a {0} belongs to a company, but none is named")]
    NoCompany(Role),
    #[error("an API client must carry the client role, and only an API client may")]
    ClientRoleMismatch,
}

impl Actor {
    /// A caller of a company, or (superadmin) of the platform. A company role without a company,
    /// or a client role on a user, is refused: there is no "empty" scope.
    pub fn new(
        principal: Principal,
        role: Role,
        company_id: Option<CompanyId>,
        ip: impl Into<String>,
    ) -> std::result::Result<Actor, InvalidActor> {
        if matches!(principal, Principal::ApiClient(_)) != (role == Role::Client) {
            return Err(InvalidActor::ClientRoleMismatch);
        }
        let scope = match (role.belongs_to_a_company(), company_id) {
            (false, _) => Scope::Platform,
            (true, Some(company_id)) => Scope::Company(company_id),
            (true, None) => return Err(InvalidActor::NoCompany(role)),
        };
        Ok(Actor { principal, role, scope, ip: ip.into() })
    }

    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn ip(&self) -> &str {
        &self.ip
    }

    /// Whose data this actor may see.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The actor's company; `None` for the platform's superadmin.
    pub fn company_id(&self) -> Option<CompanyId> {
        match self.scope {
            Scope::Company(id) => Some(id),
            Scope::Platform => None,
        }
    }

    /// The company an action is for: company settings and ingests need one.
    pub fn own_company(&self, what: &str) -> Result<CompanyId> {
        self.company_id().ok_or_else(|| Error::Forbidden(format!("{what} belong to a company; use a company's token")))
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.principal.user_id()
    }

    /// Refuses unless the actor's role may do what the permission covers.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.role.may(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!("the {} role may not {}", self.role, permission.describe())))
        }
    }

    /// An audit event by this actor about a target.
    pub fn event(&self, action: &str, target_type: &str, target_id: &str) -> NewAuditEvent {
        NewAuditEvent {
            company_id: self.company_id(),
            actor_id: self.principal.to_string(),
            actor_kind: self.principal.kind().to_owned(),
            action: action.to_owned(),
            target_type: Some(target_type.to_owned()),
            target_id: Some(target_id.to_owned()),
            outcome: "ok".to_owned(),
            ip: Some(self.ip.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_domain::ids::ApiClientId;

    fn user() -> Principal {
        Principal::User(UserId::generate())
    }

    #[test]
    fn a_company_role_without_a_company_is_no_actor() {
        assert_eq!(Actor::new(user(), Role::Operator, None, "ip"), Err(InvalidActor::NoCompany(Role::Operator)));
    }

    #[test]
    fn a_superadmin_sees_the_platform() {
        let actor = Actor::new(user(), Role::Superadmin, None, "ip").expect("actor");
        assert_eq!(actor.scope(), Scope::Platform);
        assert!(actor.own_company("settings").is_err());
    }

    #[test]
    fn only_an_api_client_carries_the_client_role() {
        let client: ApiClientId = "acme-server".parse().expect("id");
        let company = Some(CompanyId::generate());
        assert!(Actor::new(Principal::ApiClient(client.clone()), Role::Client, company, "ip").is_ok());
        assert_eq!(
            Actor::new(Principal::ApiClient(client), Role::Admin, company, "ip"),
            Err(InvalidActor::ClientRoleMismatch)
        );
        assert_eq!(Actor::new(user(), Role::Client, company, "ip"), Err(InvalidActor::ClientRoleMismatch));
    }

    #[test]
    fn a_viewer_may_read_but_not_review() {
        let actor = Actor::new(user(), Role::Viewer, Some(CompanyId::generate()), "ip").expect("actor");
        assert!(actor.require(Permission::ReadSessions).is_ok());
        assert!(matches!(actor.require(Permission::Review), Err(Error::Forbidden(_))));
    }
}
