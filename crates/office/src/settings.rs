//! The office's settings: the agency's name (printed on every inspection copy), the default
//! Bates prefix and watermark of exports, how long a window may sit idle before its session
//! ends, and which detectors of personal information run by default with which exemption
//! code. Any user reads them; a supervisor changes them, audited.

use crate::{Actor, ApiError, Office, Result};
use model::{Action, AuditAction, DetectorKind};
use serde::{Deserialize, Serialize};
use serde_json::json;

const BATES_KEY: &str = "bates_prefix";
const IDLE_KEY: &str = "idle_minutes";
const WATERMARK_KEY: &str = "watermark";
const IMAGES_KEY: &str = "images_when_unchecked";
const NEAR_DUP_KEY: &str = "near-dup-percent";
const DETECTORS_KEY: &str = "detectors";
const COPY_COST_KEY: &str = "copy_cents_per_page";

/// Minutes a signed-in window may sit idle when the office has not said otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeSettings {
    pub agency_name: String,
    /// Exports' Bates prefix when the request has none of its own (empty: the reference).
    pub bates_prefix: String,
    /// Minutes without a key press or click before the window signs out (1 to 480).
    pub idle_minutes: u32,
    /// Exports' watermark when none is given (empty: none).
    pub watermark: String,
    /// At submission, a record whose text layer the checks cannot vouch for is released as
    /// page images with a text layer read by OCR, instead of stopping the submission.
    #[serde(default)]
    pub images_when_unchecked: bool,
    /// How similar (in percent) a record must be to a near-duplicate group's pivot to join
    /// it (30 to 95; 50 was chosen from measurements, BENCHMARKS.md).
    #[serde(default = "default_near_dup_percent")]
    pub near_dup_percent: u32,
    /// Each detector of personal information, in `DetectorKind::ALL`'s order: whether "Find
    /// personal info" runs it unless told otherwise, and the exemption code it proposes.
    #[serde(default = "default_detectors")]
    pub detectors: Vec<DetectorChoice>,
    /// What a page of paper copies costs, in cents (0: the office does not charge); letters
    /// estimate the duplication cost from it. Electronic copies are at no charge.
    #[serde(default)]
    pub copy_cents_per_page: u32,
    /// When the office was last backed up, where and by whom (`disclose backup`); read only:
    /// what an update gives here is ignored.
    #[serde(default)]
    pub last_backup: Option<crate::LastBackup>,
    /// Said when the office has never been backed up, or not for over a week (a single
    /// workstation's office; a team office's server is backed up by its own schedule).
    #[serde(default)]
    pub backup_warning: Option<String>,
}

/// Days after which an office's last backup is called old.
pub const BACKUP_WARN_DAYS: i64 = 7;

/// What to say about an office's last backup at `now`, when anything.
fn backup_warning(
    last: Option<&crate::LastBackup>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<String> {
    let Some(last) = last else {
        return Some("this office has never been backed up (disclose backup --out DIR)".into());
    };
    let at = chrono::DateTime::parse_from_rfc3339(&last.at).ok()?;
    let days = (now - at.with_timezone(&chrono::Utc)).num_days();
    (days > BACKUP_WARN_DAYS).then(|| {
        format!(
            "the last backup is {days} days old ({}, into {})",
            &last.at[..10.min(last.at.len())],
            last.folder
        )
    })
}

/// What the office chose for one detector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DetectorChoice {
    pub kind: DetectorKind,
    /// "Find personal info" runs it unless the clerk chooses otherwise.
    pub runs: bool,
    /// The exemption code its proposals take; empty: the code chosen for the run.
    pub code: String,
}

/// Every detector runs, each proposing the code chosen for the run.
pub fn default_detectors() -> Vec<DetectorChoice> {
    DetectorKind::ALL
        .iter()
        .map(|&kind| DetectorChoice {
            kind,
            runs: true,
            code: String::new(),
        })
        .collect()
}

/// Choices over the defaults: one per detector, in `DetectorKind::ALL`'s order (a detector
/// not chosen for — added since the choices were stored — runs, with the run's code).
fn complete(chosen: &[DetectorChoice]) -> Vec<DetectorChoice> {
    default_detectors()
        .into_iter()
        .map(|d| {
            chosen
                .iter()
                .find(|c| c.kind == d.kind)
                .map(|c| DetectorChoice {
                    code: c.code.trim().to_string(),
                    ..c.clone()
                })
                .unwrap_or(d)
        })
        .collect()
}

fn default_near_dup_percent() -> u32 {
    (grouping::near_dup::DEFAULT_THRESHOLD * 100.0).round() as u32
}

impl OfficeSettings {
    /// The near-duplicate threshold as a similarity (0–1).
    pub fn near_dup_threshold(&self) -> f64 {
        f64::from(self.near_dup_percent) / 100.0
    }

    /// The detectors that run unless a clerk chooses otherwise.
    pub fn default_detectors(&self) -> Vec<DetectorKind> {
        self.detectors
            .iter()
            .filter(|d| d.runs)
            .map(|d| d.kind)
            .collect()
    }

    /// The exemption code a detector's proposals take, when the office chose one.
    pub fn detector_code(&self, kind: DetectorKind) -> Option<&str> {
        self.detectors
            .iter()
            .find(|d| d.kind == kind)
            .map(|d| d.code.as_str())
            .filter(|c| !c.is_empty())
    }
}

pub(crate) fn check_bates_prefix(prefix: &str) -> Result<()> {
    if prefix.is_empty()
        || prefix.len() > 24
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ApiError::invalid(format!(
            "a Bates prefix is 1 to 24 letters, digits, - and _, not \"{prefix}\""
        )));
    }
    Ok(())
}

impl Office {
    pub async fn settings(&self, actor: &Actor) -> Result<OfficeSettings> {
        let mut tx = self.store.read().await?;
        self.authorize(&mut tx, actor, Action::Read).await?;
        let mut s = read_settings(&mut tx).await?;
        if self.store.backend() == store::Backend::Sqlite {
            s.backup_warning = backup_warning(s.last_backup.as_ref(), self.clock.now());
        }
        Ok(s)
    }

    /// The idle timeout, which the window needs before anyone signs in.
    pub async fn idle_minutes(&self) -> Result<u32> {
        let mut tx = self.store.read().await?;
        Ok(read_settings(&mut tx).await?.idle_minutes)
    }

    /// Replaces the settings (supervisors); audited with what changed.
    pub async fn update_settings(
        &self,
        actor: &Actor,
        new: &OfficeSettings,
    ) -> Result<OfficeSettings> {
        let new = OfficeSettings {
            agency_name: new.agency_name.trim().to_string(),
            bates_prefix: new.bates_prefix.trim().to_string(),
            idle_minutes: new.idle_minutes,
            watermark: new.watermark.trim().to_string(),
            images_when_unchecked: new.images_when_unchecked,
            near_dup_percent: new.near_dup_percent,
            detectors: complete(&new.detectors),
            copy_cents_per_page: new.copy_cents_per_page,
            last_backup: None,
            backup_warning: None,
        };
        if new.copy_cents_per_page > 10_000 {
            return Err(ApiError::invalid(
                "a page of copies costs at most $100.00 (10000 cents)",
            ));
        }
        if !(30..=95).contains(&new.near_dup_percent) {
            return Err(ApiError::invalid(
                "the near-duplicate threshold is 30 to 95 percent",
            ));
        }
        if new.agency_name.is_empty() || new.agency_name.chars().count() > 120 {
            return Err(ApiError::invalid(
                "the agency's name is printed on every inspection copy: give 1 to 120 characters",
            ));
        }
        if !new.bates_prefix.is_empty() {
            check_bates_prefix(&new.bates_prefix)?;
        }
        if !(1..=480).contains(&new.idle_minutes) {
            return Err(ApiError::invalid(
                "the idle timeout is 1 to 480 minutes (8 hours)",
            ));
        }
        if new.watermark.chars().count() > 60 || new.watermark.chars().any(char::is_control) {
            return Err(ApiError::invalid(
                "a watermark is one line of at most 60 characters",
            ));
        }
        let mut tx = self.store.write().await?;
        self.authorize(&mut tx, actor, Action::ManageSettings)
            .await?;
        for d in &new.detectors {
            if !d.code.is_empty() {
                crate::redaction::active_code(&mut tx, &d.code)
                    .await
                    .map_err(|e| {
                        ApiError::invalid(format!("{} detector: {}", d.kind, e.message))
                    })?;
            }
        }
        let old = read_settings(&mut tx).await?;
        let new = OfficeSettings {
            last_backup: old.last_backup.clone(),
            backup_warning: match self.store.backend() {
                store::Backend::Sqlite => {
                    backup_warning(old.last_backup.as_ref(), self.clock.now())
                }
                store::Backend::Postgres => None,
            },
            ..new
        };
        let mut changed = serde_json::Map::new();
        let pairs = [
            (crate::AGENCY_KEY, &old.agency_name, &new.agency_name),
            (BATES_KEY, &old.bates_prefix, &new.bates_prefix),
            (WATERMARK_KEY, &old.watermark, &new.watermark),
        ];
        for (key, before, after) in pairs {
            if before != after {
                tx.set_setting(key, after).await?;
                changed.insert(key.into(), json!({"before": before, "after": after}));
            }
        }
        if old.images_when_unchecked != new.images_when_unchecked {
            tx.set_setting(IMAGES_KEY, &new.images_when_unchecked.to_string())
                .await?;
            changed.insert(
                IMAGES_KEY.into(),
                json!({"before": old.images_when_unchecked, "after": new.images_when_unchecked}),
            );
        }
        if old.near_dup_percent != new.near_dup_percent {
            tx.set_setting(NEAR_DUP_KEY, &new.near_dup_percent.to_string())
                .await?;
            changed.insert(
                NEAR_DUP_KEY.into(),
                json!({"before": old.near_dup_percent, "after": new.near_dup_percent}),
            );
        }
        if old.detectors != new.detectors {
            tx.set_setting(
                DETECTORS_KEY,
                &serde_json::to_string(&new.detectors).expect("choices serialise"),
            )
            .await?;
            let changed_kinds: Vec<_> = new
                .detectors
                .iter()
                .filter(|d| !old.detectors.contains(d))
                .collect();
            changed.insert(DETECTORS_KEY.into(), json!({"after": changed_kinds}));
        }
        if old.copy_cents_per_page != new.copy_cents_per_page {
            tx.set_setting(COPY_COST_KEY, &new.copy_cents_per_page.to_string())
                .await?;
            changed.insert(
                COPY_COST_KEY.into(),
                json!({"before": old.copy_cents_per_page, "after": new.copy_cents_per_page}),
            );
        }
        if old.idle_minutes != new.idle_minutes {
            tx.set_setting(IDLE_KEY, &new.idle_minutes.to_string())
                .await?;
            changed.insert(
                IDLE_KEY.into(),
                json!({"before": old.idle_minutes, "after": new.idle_minutes}),
            );
        }
        if !changed.is_empty() {
            let at = self.now();
            tx.append_audit(
                &at,
                actor.name(),
                AuditAction::SettingsChange,
                "office",
                serde_json::Value::Object(changed),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(new)
    }
}

pub(crate) async fn read_settings(tx: &mut store::Tx) -> Result<OfficeSettings> {
    Ok(OfficeSettings {
        agency_name: tx.setting(crate::AGENCY_KEY).await?.unwrap_or_default(),
        bates_prefix: tx.setting(BATES_KEY).await?.unwrap_or_default(),
        idle_minutes: tx
            .setting(IDLE_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_IDLE_MINUTES),
        watermark: tx.setting(WATERMARK_KEY).await?.unwrap_or_default(),
        images_when_unchecked: tx.setting(IMAGES_KEY).await?.as_deref() == Some("true"),
        near_dup_percent: tx
            .setting(NEAR_DUP_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(default_near_dup_percent),
        detectors: complete(
            &tx.setting(DETECTORS_KEY)
                .await?
                .and_then(|v| serde_json::from_str::<Vec<DetectorChoice>>(&v).ok())
                .unwrap_or_default(),
        ),
        copy_cents_per_page: tx
            .setting(COPY_COST_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        last_backup: tx
            .setting(crate::backup::LAST_BACKUP_KEY)
            .await?
            .and_then(|v| serde_json::from_str(&v).ok()),
        backup_warning: None,
    })
}
