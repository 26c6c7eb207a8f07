//! The exemption catalogue: the legal grounds on which a record or part of it is withheld.
//!
//! Seeded with the California Public Records Act (recodified 2023, with the former citation)
//! and, inactive until a supervisor turns it on, the federal FOIA set. Offices add their own.
//! A code that has been used is retired, never deleted.

use crate::Invalid;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ExemptionGroup {
    Cpra,
    Foia,
    Agency,
}

impl ExemptionGroup {
    pub fn as_str(self) -> &'static str {
        match self {
            ExemptionGroup::Cpra => "cpra",
            ExemptionGroup::Foia => "foia",
            ExemptionGroup::Agency => "agency",
        }
    }
}

impl fmt::Display for ExemptionGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExemptionGroup {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "cpra" => Ok(ExemptionGroup::Cpra),
            "foia" => Ok(ExemptionGroup::Foia),
            "agency" => Ok(ExemptionGroup::Agency),
            o => Err(Invalid::new(format!(
                "unknown exemption group '{o}' (cpra, foia, agency)"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Exemption {
    /// What clerks type and what the log lists, e.g. `7927.700` or `b6`.
    pub code: String,
    /// What is printed on a redaction box, e.g. `Gov. Code §7927.700`.
    pub label: String,
    /// The citation before recodification, e.g. `§6254(c)`.
    pub former: Option<String>,
    pub description: String,
    pub group: ExemptionGroup,
    /// Offered to reviewers. Retired codes stay in the catalogue for the records that cite them.
    pub active: bool,
}

impl Exemption {
    /// Checks a code an office adds: 1 to 32 characters, letters, digits and `.()-_/§`.
    pub fn check_code(code: &str) -> Result<(), Invalid> {
        let ok = !code.is_empty()
            && code.chars().count() <= 32
            && code
                .chars()
                .all(|c| c.is_alphanumeric() || ".()-_/§".contains(c));
        if ok {
            Ok(())
        } else {
            Err(Invalid::new(format!(
                "exemption code '{code}' must be 1 to 32 letters, digits or . ( ) - _ / §"
            )))
        }
    }
}

/// The catalogue a new office starts with.
pub fn seed() -> Vec<Exemption> {
    let cpra: [(&str, &str, &str); 7] = [
        (
            "7922.000",
            "§6255(a)",
            "Public interest in withholding clearly outweighs disclosure",
        ),
        (
            "7927.500",
            "§6254(a)",
            "Preliminary drafts, notes, or interagency or intra-agency memoranda",
        ),
        (
            "7927.200",
            "§6254(b)",
            "Pending litigation to which the agency is a party",
        ),
        (
            "7927.700",
            "§6254(c)",
            "Personnel, medical, or similar files (personal privacy)",
        ),
        (
            "7923.600",
            "§6254(f)",
            "Law enforcement investigatory records",
        ),
        (
            "7927.705",
            "§6254(k)",
            "Exempt under other law (e.g. Evid. Code §954 attorney-client, CCP §2018.030 work product)",
        ),
        (
            "7928.300",
            "§6254.3",
            "Public employees' home addresses, personal phone numbers, birthdates",
        ),
    ];
    let foia: [(&str, &str, &str); 15] = [
        (
            "b1",
            "(b)(1)",
            "Classified national defense or foreign policy information",
        ),
        ("b2", "(b)(2)", "Internal personnel rules and practices"),
        ("b3", "(b)(3)", "Exempted by another federal statute"),
        (
            "b4",
            "(b)(4)",
            "Trade secrets and confidential commercial information",
        ),
        (
            "b5",
            "(b)(5)",
            "Privileged inter- or intra-agency memoranda",
        ),
        (
            "b6",
            "(b)(6)",
            "Personnel, medical and similar files (personal privacy)",
        ),
        (
            "b7A",
            "(b)(7)(A)",
            "Law enforcement: interference with enforcement proceedings",
        ),
        (
            "b7B",
            "(b)(7)(B)",
            "Law enforcement: deprivation of a fair trial",
        ),
        (
            "b7C",
            "(b)(7)(C)",
            "Law enforcement: unwarranted invasion of personal privacy",
        ),
        ("b7D", "(b)(7)(D)", "Law enforcement: confidential source"),
        (
            "b7E",
            "(b)(7)(E)",
            "Law enforcement: techniques and procedures",
        ),
        (
            "b7F",
            "(b)(7)(F)",
            "Law enforcement: endangering life or physical safety",
        ),
        ("b8", "(b)(8)", "Financial institution examination reports"),
        (
            "b9",
            "(b)(9)",
            "Geological and geophysical information about wells",
        ),
        (
            "b7",
            "(b)(7)",
            "Records compiled for law enforcement purposes (general)",
        ),
    ];
    let mut v: Vec<Exemption> = cpra
        .iter()
        .map(|(code, former, what)| Exemption {
            code: code.to_string(),
            label: format!("Gov. Code §{code}"),
            former: Some(former.to_string()),
            description: what.to_string(),
            group: ExemptionGroup::Cpra,
            active: true,
        })
        .collect();
    v.extend(foia.iter().map(|(code, cite, what)| Exemption {
        code: code.to_string(),
        label: format!("5 U.S.C. §552{cite}"),
        former: None,
        description: what.to_string(),
        group: ExemptionGroup::Foia,
        active: false,
    }));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_the_cpra_catalogue_with_former_citations() {
        let s = seed();
        let c = s.iter().find(|e| e.code == "7927.700").unwrap();
        assert_eq!(c.label, "Gov. Code §7927.700");
        assert_eq!(c.former.as_deref(), Some("§6254(c)"));
        assert!(c.active);
        assert_eq!(
            s.iter().filter(|e| e.group == ExemptionGroup::Cpra).count(),
            7
        );
        let b6 = s.iter().find(|e| e.code == "b6").unwrap();
        assert!(!b6.active && b6.label == "5 U.S.C. §552(b)(6)");
        for e in &s {
            Exemption::check_code(&e.code).unwrap();
        }
    }

    #[test]
    fn codes_are_checked() {
        assert!(Exemption::check_code("CITY-12.3(a)").is_ok());
        assert!(Exemption::check_code("").is_err());
        assert!(Exemption::check_code("a b").is_err());
        assert!(Exemption::check_code("<script>").is_err());
    }
}
