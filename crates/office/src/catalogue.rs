//! The exemption catalogue: supervisors add, retire and reactivate codes; a code never used
//! may be deleted, a code in use only retired.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, AuditAction, Exemption, ExemptionGroup};
use serde_json::json;

impl Office {
    pub async fn exemptions(&self, actor: &Actor) -> Result<Vec<Exemption>> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        Ok(tx.exemptions().await?)
    }

    /// The codes this office cites most (applied redactions and withheld records), most
    /// first: the review screen's default when a workstation has no recent code of its own.
    pub async fn exemptions_by_use(&self, actor: &Actor) -> Result<Vec<String>> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        Ok(tx
            .exemptions_by_use()
            .await?
            .into_iter()
            .map(|(code, _)| code)
            .collect())
    }

    pub async fn add_exemption(
        &self,
        actor: &Actor,
        code: &str,
        label: &str,
        description: &str,
        former: Option<&str>,
    ) -> Result<Exemption> {
        let code = code.trim();
        Exemption::check_code(code)?;
        let (label, description) = (label.trim(), description.trim());
        if label.is_empty() || description.is_empty() {
            return Err(ApiError::invalid(
                "an exemption needs a label (printed on boxes) and a description",
            ));
        }
        let e = Exemption {
            code: code.to_string(),
            label: label.to_string(),
            former: former
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(String::from),
            description: description.to_string(),
            group: ExemptionGroup::Agency,
            active: true,
        };
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageCatalogue)
            .await?;
        let at = self.now();
        tx.insert_exemption(&e, &at).await?;
        tx.append_audit(
            &at,
            actor.name(),
            AuditAction::ExemptionAdd,
            &format!("exemption/{code}"),
            json!({"after": e}),
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    /// Retires (`active = false`) or reactivates a code, or a whole group (e.g. turns on the
    /// federal FOIA set) when `code` is `foia`, `cpra` or `agency`.
    pub async fn set_exemption_active(
        &self,
        actor: &Actor,
        code: &str,
        active: bool,
    ) -> Result<Vec<Exemption>> {
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageCatalogue)
            .await?;
        let all = tx.exemptions().await?;
        let targets: Vec<&Exemption> = match code.parse::<ExemptionGroup>() {
            Ok(g) if all.iter().all(|e| e.code != code) => {
                all.iter().filter(|e| e.group == g).collect()
            }
            _ => all.iter().filter(|e| e.code == code).collect(),
        };
        if targets.is_empty() {
            return Err(ApiError::not_found(format!(
                "no exemption code or group '{code}'"
            )));
        }
        let at = self.now();
        let mut changed = vec![];
        for e in targets.into_iter().filter(|e| e.active != active) {
            tx.set_exemption_active(&e.code, active).await?;
            tx.append_audit(
                &at,
                actor.name(),
                if active {
                    AuditAction::ExemptionActivate
                } else {
                    AuditAction::ExemptionRetire
                },
                &format!("exemption/{}", e.code),
                json!({"before": {"active": e.active}, "after": {"active": active}}),
            )
            .await?;
            changed.push(Exemption {
                active,
                ..e.clone()
            });
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Deletes a code that nothing cites; a code in use is refused (retire it instead).
    pub async fn delete_exemption(&self, actor: &Actor, code: &str) -> Result<()> {
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageCatalogue)
            .await?;
        let e = tx
            .exemption(code)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no exemption code '{code}'")))?;
        let uses = tx.exemption_uses(code).await?;
        if uses > 0 {
            return Err(ApiError::conflict(format!(
                "exemption {code} is cited {uses} time(s): it can be retired, not deleted"
            )));
        }
        tx.delete_exemption(code).await?;
        tx.append_audit(
            &self.now(),
            actor.name(),
            AuditAction::ExemptionDelete,
            &format!("exemption/{code}"),
            json!({"before": e}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
