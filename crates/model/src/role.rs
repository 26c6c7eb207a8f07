//! Roles and the permission matrix of PRODUCT.md. The office checks these on every call;
//! the window and the CLI only ask.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Clerk,
    Officer,
    Supervisor,
}

/// Everything a person can ask the office to do that is not open to every role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read requests, records and the catalogue.
    Read,
    Ingest,
    Search,
    Review,
    Redact,
    Withhold,
    CreateRequest,
    ExtendRequest,
    /// Change a request's state: ask for clarification, close it, reopen it.
    ChangeRequestState,
    /// Read the office's statistics (requests, days to determination, exemptions cited).
    ReadStatistics,
    /// Issue a letter to the requester.
    IssueLetter,
    AssignReview,
    Submit,
    Export,
    Approve,
    ManageUsers,
    ManageCatalogue,
    /// Change the office's settings (agency name, Bates prefix, idle timeout, watermark).
    ManageSettings,
    /// Read the audit log of the whole office.
    ReadAudit,
    /// Back the office up.
    Backup,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Clerk, Role::Officer, Role::Supervisor];

    /// The matrix: a clerk works records, an officer also runs requests and releases, a
    /// supervisor may do everything (the two-person rule is checked where approvals are).
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Supervisor => true,
            Role::Officer => !matches!(
                action,
                Approve | ManageUsers | ManageCatalogue | ManageSettings | Backup
            ),
            Role::Clerk => matches!(action, Read | Ingest | Search | Review | Redact | Withhold),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = crate::Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "clerk" => Ok(Role::Clerk),
            "officer" => Ok(Role::Officer),
            "supervisor" => Ok(Role::Supervisor),
            other => Err(crate::Invalid::new(format!(
                "unknown role '{other}' (clerk, officer or supervisor)"
            ))),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Action::Read => "read records",
            Action::Ingest => "ingest records",
            Action::Search => "search",
            Action::Review => "review records",
            Action::Redact => "redact",
            Action::Withhold => "withhold records",
            Action::CreateRequest => "create requests",
            Action::ExtendRequest => "extend requests",
            Action::ChangeRequestState => "change a request's state",
            Action::ReadStatistics => "read the office's statistics",
            Action::IssueLetter => "issue letters to requesters",
            Action::AssignReview => "assign review",
            Action::Submit => "submit releases",
            Action::Export => "export releases",
            Action::Approve => "approve or reject releases",
            Action::ManageUsers => "manage users",
            Action::ManageCatalogue => "manage the exemption catalogue",
            Action::ManageSettings => "change the office's settings",
            Action::ReadAudit => "read the office's audit log",
            Action::Backup => "back the office up",
        };
        f.write_str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    #[test]
    fn the_matrix_of_product_md() {
        let clerk = [Read, Ingest, Search, Review, Redact, Withhold];
        let officer_more = [
            CreateRequest,
            ExtendRequest,
            ChangeRequestState,
            ReadStatistics,
            IssueLetter,
            AssignReview,
            Submit,
            Export,
            ReadAudit,
        ];
        let supervisor_more = [
            Approve,
            ManageUsers,
            ManageCatalogue,
            ManageSettings,
            Backup,
        ];
        for a in clerk {
            assert!(
                Role::Clerk.may(a) && Role::Officer.may(a) && Role::Supervisor.may(a),
                "{a}"
            );
        }
        for a in officer_more {
            assert!(
                !Role::Clerk.may(a) && Role::Officer.may(a) && Role::Supervisor.may(a),
                "{a}"
            );
        }
        for a in supervisor_more {
            assert!(
                !Role::Clerk.may(a) && !Role::Officer.may(a) && Role::Supervisor.may(a),
                "{a}"
            );
        }
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("admin".parse::<Role>().is_err());
    }
}
