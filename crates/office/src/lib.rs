//! The office: one method per thing a person does, the single API of the CLI and the window.
//!
//! Every method takes the acting user (an [`Actor`], which only [`Office::sign_in`] makes),
//! checks the role matrix against the user as stored now, does the work in one store
//! transaction and appends its audit event in that same transaction. Errors leave as
//! [`ApiError`]: a closed set of codes and a one-line message fit to show a person.
//!
//! # Example
//! ```
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! use office::{Config, Office};
//! let dir = tempfile::tempdir().unwrap();
//! let office = Office::init(Config::new(dir.path()), "ana", "Ana Ruiz", "correct horse 1").await.unwrap();
//! let ana = office.sign_in("ana", "correct horse 1").await.unwrap();
//! let req = office.create_request(&ana, "PRA-2026-0142", "A. Reporter", "2026-11-16", "Permits").await.unwrap();
//! assert_eq!(req.due.to_string(), "2026-11-30");
//! # });
//! ```

/// Every program that opens an office (the window, `disclose`, the benchmarks, the tests)
/// allocates with mimalloc. An ingest hands texts from its reading threads to the writer and
/// the index, and glibc's allocator kept much of what they freed: a 500,000-message ingest
/// peaked at 407–530 MB with it, 370–393 MB with mimalloc, for the same CPU time
/// (BENCHMARKS.md, issue 25).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod approval;
mod audit;
mod auth;
mod backup;
mod batches;
mod bulk;
mod catalogue;
mod conversations;
mod encryption;
mod error;
mod export;
mod hidden;
mod highlights;
mod ingest;
mod letters;
mod near_dups;
mod pages;
mod preflight;
mod records;
mod redaction;
mod requests;
mod review;
mod search;
mod settings;
mod statistics;
mod team;

pub use ::export::{FileOut, Hidden, HiddenText, Progress as ExportProgress, csv_field};
pub use approval::{
    ApprovalInfo, ChangedSinceRelease, Citation, FrozenRedaction, InstallmentOf,
    InstallmentSummary, Installments, ReleaseEntry, ReleaseSet, ReleaseSummary, Submission,
};
pub use audit::{AUDIT_INLINE_IDS, AuditReport};
pub use auth::{
    Actor, LOCK_MINUTES, MAX_FAILED_SIGN_INS, MIN_PASSWORD_LEN, SIGN_IN_REFUSED, UserInfo,
};
pub use backup::{
    BackupCheck, BackupManifest, BackupProgress, BackupReport, LastBackup,
    MANIFEST as BACKUP_MANIFEST, RestoreReport, restore, verify_backup,
};
pub use batches::BatchesView;
pub use bulk::{BulkChange, BulkReport, Refusal, Selection};
pub use conversations::ConversationReport;
pub use encryption::{Credentials, EncryptedOffice};
pub use error::{ApiError, ErrorCode};
pub use export::{DEFAULT_DPI, ExportOptions, ExportReport, VerifyReport};
pub use extract::{Options as ExtractOptions, Passwords};
pub use grouping::{CharRun, WordDiff};
pub use hidden::HiddenNotice;
pub use ingest::{
    DuplicateEntry, FailedEntry, IngestCounts, IngestOptions, IngestProgress, IngestReport,
    source_kind,
};
pub use letters::{LETTER_FIELDS, LetterInfo, LetterPreview, LetterTemplate};
pub use model::audit::{AuditEvent, Break as AuditBreak};
pub use model::{
    Action, ApprovalState, AuditAction, ClosedAs, ClosedSet, DetectorKind, Disposition, Exemption,
    ExemptionGroup, RecordId, RecordKind, RecordStatus, RedactionAnchor, RedactionId,
    RedactionOrigin, RedactionState, Request, RequestState, RequestStatus, ReviewStatus, Role,
    StateChange, StateRequest,
};
pub use model::{Invalid, Language, LetterKind};
pub use near_dups::{Comparison, GroupingReport, NearDupReport};
pub use pages::PageImage;
pub use preflight::{CheckProgress, FontGap, ProblemKind, ReleaseCheck, Remedy, SubmissionProblem};
pub use records::RecordSummary;
pub use redact::pages::Rect as PageRect;
pub use redaction::{
    FindProgress, MAX_DETECTIONS_PER_CALL, MAX_MATCHES_PER_CALL, MAX_MATCHES_PER_RECORD,
    MAX_REDACT_TERMS, PageBox, PageWords, ProposalDecision, Proposals, RecordView, RedactBy,
    RedactReport, RedactTarget, RedactionInfo, ReleaseView,
};
pub use review::ReviewDecision;
pub use search::{
    FacetCount, MAX_PAGE, MAX_REPORT_EXPANDING, MAX_REPORT_TERMS, MAX_REPORT_WORDS, SavedSearch,
    SearchFacets, SearchHit, SearchOptions, SearchResults, Sort, TermReport, TermRow, TermTotals,
    sort_name,
};
pub use settings::{DEFAULT_IDLE_MINUTES, DetectorChoice, OfficeSettings};
pub use statistics::{
    Bucket, Cited, MonthCount, OfficeStatistics, Spread, statistics_csv, statistics_text,
};
pub use store::RequestCounts;
pub use store::roles::{LoginPowers, RolesReport};
pub use store::team::Overrides;
pub use store::team::{Secret, has_password as address_has_password, without_password};
pub use store::vault::VAULT_FILE;
pub use store::{BatchRow, ReviewerRow};
pub use store::{ConversationMember, ConversationRow};
pub use store::{NearDupGroupRow, Upgrade};
pub use team::{
    FOLLOW_EVERY, MigrationReport, OfficeLocation, TeamSetup, add_desk_login, join_team,
    prepare_team, team_address, team_roles, upgrade_team, use_desk_login,
};

use model::calendar::{CALIFORNIA_RULES, Calendar, Rules};
use model::{Clock, SystemClock};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use store::Store;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// Where the office lives and what time it is. Built by the caller with
/// [`Config::resolve`] (the CLI and the desktop app alike, from their flags and environment):
/// the office itself reads neither.
#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// What the front end says over the data directory's `team.conf`.
    pub overrides: Overrides,
    pub clock: Arc<dyn Clock>,
}

impl Config {
    pub fn new(data_dir: impl AsRef<Path>) -> Self {
        Config {
            data_dir: data_dir.as_ref().to_path_buf(),
            overrides: Overrides::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The one resolver of where an office is, for every front end. `data_dir`: what the
    /// user gave (a flag), else `DISCLOSE_DATA_DIR`, else `disclose` in the platform's data
    /// folder (`platform`); `DISCLOSE_DATABASE_URL`, `DISCLOSE_ORIGINALS` and
    /// `DISCLOSE_CONNECT_TIMEOUT` (seconds) go over the directory's `team.conf`. `env` is
    /// the front end's environment (a library reads none of its own).
    pub fn resolve(
        data_dir: Option<PathBuf>,
        platform: Option<PathBuf>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config> {
        let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let dir = data_dir
            .or_else(|| var("DISCLOSE_DATA_DIR").map(PathBuf::from))
            .or_else(|| platform.map(|p| p.join("disclose")))
            .ok_or_else(|| {
                ApiError::invalid(
                    "no platform data folder here: give the office's data folder (DISCLOSE_DATA_DIR)",
                )
            })?;
        let connect_timeout = match var("DISCLOSE_CONNECT_TIMEOUT") {
            None => None,
            Some(t) => Some(std::time::Duration::from_secs(
                t.trim()
                    .parse::<u64>()
                    .map_err(|_| {
                        ApiError::invalid(format!(
                            "DISCLOSE_CONNECT_TIMEOUT is not a number of seconds: {t}"
                        ))
                    })?
                    .max(1),
            )),
        };
        Ok(Config {
            data_dir: dir,
            overrides: Overrides {
                database_url: var("DISCLOSE_DATABASE_URL"),
                // The database password apart from the address: never written to team.conf.
                // (PGPASSWORD and ~/.pgpass serve too; sqlx reads them.)
                database_password: env("DISCLOSE_DATABASE_PASSWORD")
                    .filter(|v| !v.is_empty())
                    .map(store::team::Secret::new),
                originals: var("DISCLOSE_ORIGINALS").map(PathBuf::from),
                connect_timeout,
                data_key: None,
            },
            clock: Arc::new(SystemClock),
        })
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

const RULES_KEY: &str = "deadline_rules";
pub(crate) const AGENCY_KEY: &str = "agency_name";

pub struct Office {
    store: Store,
    /// The front end's configuration over `team.conf` (a move to a server uses its timeout).
    overrides: Overrides,
    clock: Arc<dyn Clock>,
    calendar: Calendar,
    /// The search index, opened on first use (a CLI command that does not search never pays).
    index: tokio::sync::OnceCell<Arc<index::RecordIndex>>,
    /// One index sync at a time in this process: a search waits for the sync a bulk decision
    /// left running in the background, and then reads an index that has followed it.
    index_sync: Arc<tokio::sync::Mutex<()>>,
    /// Those background syncs (see `search::Office::follow_index_soon`), awaited before a
    /// long job takes the index writer and when the office closes.
    followers: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

/// Pages and verdicts the pre-flight kept for the export (see `preflight.rs`) are dropped once
/// unused this long: a release is exported within days of its check.
const CACHE_DAYS: u64 = 30;

/// Removes cache files not touched for [`CACHE_DAYS`], at most once a day (a stamp file says
/// when it last ran: an office opened by every command must not walk its cache every time).
fn prune_cache(cache: &Path) {
    let day = std::time::Duration::from_secs(24 * 3600);
    let stamp = cache.join(".pruned");
    let recent = std::fs::metadata(&stamp)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age < day);
    if recent || !cache.is_dir() {
        return;
    }
    let _ = std::fs::write(&stamp, b"");
    store::sweep_older_than(cache, day * CACHE_DAYS as u32, true);
}

/// Removes the scratch folders a killed export or check left (they can hold redacted
/// values): each is named after the process that made it, and goes as soon as that process
/// is gone; one of another name (an older build's) goes once a day old.
fn sweep_scratch(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    let day = std::time::Duration::from_secs(24 * 3600);
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let owner = name
            .strip_prefix("scratch-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        let gone = match owner {
            Some(pid) => pid != std::process::id() && !store::process_alive(pid),
            None => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > day),
        };
        if gone {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

impl Office {
    /// Opens an existing office, or an empty data directory (then [`Office::has_users`] is
    /// false and the first step is [`Office::init`]).
    pub async fn open(config: Config) -> Result<Office> {
        // A restore killed part way leaves its mark: the folder is not an office yet.
        if config.data_dir.join(crate::backup::RESTORING).exists() {
            return Err(ApiError::new(
                ErrorCode::Unavailable,
                format!(
                    "{} holds a restore that did not finish: run the restore into it again",
                    config.data_dir.display()
                ),
            ));
        }
        Office::open_unchecked(config).await
    }

    /// [`Office::open`] without the check for an unfinished restore (the restore's own).
    pub(crate) async fn open_unchecked(config: Config) -> Result<Office> {
        let store = Store::open_overridden(&config.data_dir, &config.overrides).await?;
        let mut tx = store.read().await?;
        let rules = match tx.setting(RULES_KEY).await? {
            Some(text) => Rules::parse(&text)
                .map_err(|e| ApiError::internal(format!("the office's deadline rules: {e}")))?,
            None => Rules::parse(CALIFORNIA_RULES).expect("shipped rules parse"),
        };
        drop(tx);
        sweep_scratch(&store.dir().join("tmp"));
        if store.data_key().is_some()
            && let Some(memory) = store::memory_folder()
        {
            sweep_scratch(&memory);
        }
        prune_cache(&store.dir().join("cache"));
        Ok(Office {
            store,
            overrides: config.overrides,
            clock: config.clock,
            calendar: Calendar::new(rules),
            index: tokio::sync::OnceCell::new(),
            index_sync: Arc::default(),
            followers: std::sync::Mutex::default(),
        })
    }

    /// Creates a new office in `config.data_dir` with its first supervisor, the exemption
    /// catalogue and the deadline rules. Refused when the directory already holds an office.
    pub async fn init(
        config: Config,
        admin: &str,
        display_name: &str,
        password: &str,
    ) -> Result<Office> {
        let office = Office::open(config).await?;
        office.create_office(admin, display_name, password).await?;
        Ok(office)
    }

    /// Whether the office has been initialised (it has at least one user).
    pub async fn has_users(&self) -> Result<bool> {
        Ok(self.store.read().await?.count_users().await? > 0)
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn data_dir(&self) -> &Path {
        self.store.dir()
    }

    /// The office schema this build writes, as people are told it (`disclose --version`, the
    /// window's About): 13 for the thirteenth.
    pub fn schema_number() -> i64 {
        store::Store::schema_number()
    }

    /// When an older build wrote this office: the schema it had, the one it has now, and
    /// where its database as it was is kept. Said once, by the opening that upgraded it.
    pub fn upgraded(&self) -> Option<&store::Upgrade> {
        self.store.upgraded()
    }

    pub async fn agency_name(&self) -> Result<String> {
        Ok(self
            .store
            .read()
            .await?
            .setting(AGENCY_KEY)
            .await?
            .unwrap_or_default())
    }

    /// The instant as stored and audited: RFC 3339 UTC, microseconds.
    fn now(&self) -> String {
        self.clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    }

    /// Today's date by the office's clock, in the workstation's time zone: a request received
    /// on a California evening is received that day, not the next UTC one.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.now().with_timezone(&chrono::Local).date_naive()
    }

    pub async fn close(&self) {
        self.settle_index().await;
        self.store.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_resolver_finds_the_office_from_the_front_ends_values() {
        let env = |k: &str| match k {
            "DISCLOSE_DATA_DIR" => Some("/srv/from-env".to_string()),
            "DISCLOSE_DATABASE_URL" => Some("postgres://clerk@server/records".to_string()),
            "DISCLOSE_ORIGINALS" => Some(" ".to_string()),
            "DISCLOSE_CONNECT_TIMEOUT" => Some("3".to_string()),
            _ => None,
        };
        let c = Config::resolve(Some("/srv/flag".into()), None, &env).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/srv/flag"));
        assert_eq!(
            c.overrides.database_url.as_deref(),
            Some("postgres://clerk@server/records")
        );
        assert_eq!(c.overrides.originals, None, "blank is unset");
        assert_eq!(
            c.overrides.connect_timeout,
            Some(std::time::Duration::from_secs(3))
        );
        let c = Config::resolve(None, Some("/home/ana/.local/share".into()), &env).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/srv/from-env"));
        let none = |_: &str| None;
        let c = Config::resolve(None, Some("/home/ana/.local/share".into()), &none).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/home/ana/.local/share/disclose"));
        assert!(Config::resolve(None, None, &none).is_err());
        let bad = |k: &str| (k == "DISCLOSE_CONNECT_TIMEOUT").then(|| "soon".to_string());
        let e = Config::resolve(Some("/x".into()), None, &bad)
            .err()
            .unwrap();
        assert!(e.message.contains("not a number of seconds"), "{e}");
    }

    #[test]
    fn the_cache_drops_what_was_not_used_for_a_month_once_a_day() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path().join("cache");
        let pages = cache.join("pages").join("ab");
        std::fs::create_dir_all(&pages).unwrap();
        let old = pages.join("old.page");
        let new = pages.join("new.page");
        std::fs::write(&old, b"x").unwrap();
        std::fs::write(&new, b"x").unwrap();
        let age = |p: &Path| {
            let long_ago =
                std::time::SystemTime::now() - std::time::Duration::from_secs(40 * 86400);
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        };
        age(&old);
        prune_cache(&cache);
        assert!(!old.exists() && new.exists());
        // Not again the same day.
        std::fs::write(&old, b"x").unwrap();
        age(&old);
        prune_cache(&cache);
        assert!(old.exists());
    }
}
