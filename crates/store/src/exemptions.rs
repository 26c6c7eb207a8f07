use crate::error::{corrupt, exists_or};
use crate::{Result, Tx};
use model::Exemption;
use sqlx::Row;

fn exemption_from(r: sqlx::any::AnyRow) -> Result<Exemption> {
    let group: String = r.try_get("grp")?;
    Ok(Exemption {
        code: r.try_get("code")?,
        label: r.try_get("label")?,
        former: r.try_get("former")?,
        description: r.try_get("description")?,
        group: group
            .parse()
            .map_err(|_| corrupt(format!("exemption group '{group}'")))?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

impl Tx {
    pub async fn insert_exemption(&mut self, e: &Exemption, at: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO exemptions (code, label, former, description, grp, active, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&e.code)
        .bind(&e.label)
        .bind(&e.former)
        .bind(&e.description)
        .bind(e.group.as_str())
        .bind(e.active as i64)
        .bind(at)
        .execute(self.conn())
        .await
        .map_err(|err| exists_or(err, || format!("exemption code {}", e.code)))?;
        Ok(())
    }

    /// The catalogue: active codes first, then by group and code.
    pub async fn exemptions(&mut self) -> Result<Vec<Exemption>> {
        let rows = sqlx::query(
            "SELECT code, label, former, description, grp, active FROM exemptions
              ORDER BY active DESC, CASE grp WHEN 'cpra' THEN 0 WHEN 'agency' THEN 1 ELSE 2 END, code",
        )
        .fetch_all(self.conn())
        .await?;
        rows.into_iter().map(exemption_from).collect()
    }

    pub async fn exemption(&mut self, code: &str) -> Result<Option<Exemption>> {
        let row = sqlx::query(
            "SELECT code, label, former, description, grp, active FROM exemptions WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(self.conn())
        .await?;
        row.map(exemption_from).transpose()
    }

    pub async fn set_exemption_active(&mut self, code: &str, active: bool) -> Result<()> {
        sqlx::query("UPDATE exemptions SET active = $1 WHERE code = $2")
            .bind(active as i64)
            .bind(code)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// How many redactions and withheld records cite the code.
    pub async fn exemption_uses(&mut self, code: &str) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM redactions WHERE code = $1)
                  + (SELECT COUNT(*) FROM record_exemptions WHERE code = $1)",
        )
        .bind(code)
        .fetch_one(self.conn())
        .await?;
        Ok(n)
    }

    /// The codes the office cites most (applied redactions and withheld records), most first.
    pub async fn exemptions_by_use(&mut self) -> Result<Vec<(String, i64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT code, COUNT(*) AS n FROM (
                 SELECT code FROM redactions WHERE state = 'applied'
                 UNION ALL SELECT code FROM record_exemptions
             ) AS cited GROUP BY code ORDER BY n DESC, code",
        )
        .fetch_all(self.conn())
        .await?;
        Ok(rows)
    }

    pub async fn delete_exemption(&mut self, code: &str) -> Result<()> {
        sqlx::query("DELETE FROM exemptions WHERE code = $1")
            .bind(code)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
