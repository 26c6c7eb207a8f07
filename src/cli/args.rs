//! The command line's grammar: the clap `Cli`, its commands and their arguments.

use clap::{Args, Parser, Subcommand};
use office::Role;
use std::path::PathBuf;

/// What `disclose --version` says after the name: this build's version and the office
/// schema it writes (an office an older build wrote is upgraded to it; a newer one refused).
pub fn version_line() -> &'static str {
    static LINE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LINE.get_or_init(|| {
        format!(
            "{} (office schema {})",
            env!("CARGO_PKG_VERSION"),
            office::Office::schema_number()
        )
    })
}

#[derive(Parser, Debug)]
#[command(
    name = "disclose",
    version = version_line(),
    about = "Answer public records requests: collect, search, review, redact, approve, export."
)]
pub struct Cli {
    /// The office's data directory [default: the platform's data directory]/disclose
    #[arg(long, global = true, env = "DISCLOSE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Machine-readable output on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// Who is acting (the password comes from DISCLOSE_PASSWORD or a prompt)
    #[arg(long, global = true, env = "DISCLOSE_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// Change the record (--doc) only if it is still at this version (as `show` printed it):
    /// refused, naming who changed it, when someone else did in between
    #[arg(long, global = true, value_name = "VERSION")]
    pub if_version: Option<i64>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new office with its first supervisor (password: DISCLOSE_PASSWORD or a prompt)
    Init {
        #[arg(long, value_name = "NAME")]
        admin: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        display_name: String,
        /// A team office: its PostgreSQL database (created when the server lacks it), as the
        /// login that is to own it (password: DISCLOSE_DATABASE_PASSWORD, PGPASSWORD or ~/.pgpass)
        #[arg(long, value_name = "postgres://OWNER@SERVER/DB")]
        database: Option<String>,
        /// With --database: the shared folder for originals (e.g. a mounted network share)
        #[arg(long, value_name = "DIR", requires = "database")]
        originals: Option<PathBuf>,
        /// Team office: add this database login to the desks' role and connect this
        /// workstation with it instead of the owner's (its password: DISCLOSE_DESK_PASSWORD or
        /// a prompt)
        #[arg(long, value_name = "NAME")]
        desk_login: Option<String>,
        /// Encrypt the office's database with a key that only its users' passwords (and a
        /// recovery key, shown once) open; a single-workstation office only
        #[arg(long, conflicts_with = "database")]
        encrypt: bool,
    },
    /// Make this workstation one of a team office's (a PostgreSQL server) and use it from now on
    Join {
        #[arg(value_name = "postgres://USER@SERVER/DB")]
        database: String,
        /// The office's shared originals folder as this workstation mounts it
        #[arg(long, value_name = "DIR")]
        originals: Option<PathBuf>,
        /// A copy of the office key (`office.key` in the data folder of a workstation of the
        /// office): it keys the audit log and release hashes, and stays off the server
        #[arg(long, value_name = "FILE")]
        office_key: Option<PathBuf>,
        /// Join with a login that owns the database or is a superuser (it could rewrite the
        /// audit log); without this only a desk login joins
        #[arg(long)]
        allow_owner: bool,
    },
    /// Move this single-workstation office to a PostgreSQL server (team mode; supervisors);
    /// the SQLite office is left as it was
    Migrate {
        #[arg(long, value_name = "postgres://USER@SERVER/DB")]
        to: String,
        /// A shared folder to copy the originals into (else they stay in this data directory)
        #[arg(long, value_name = "DIR")]
        originals: Option<PathBuf>,
        /// Add this database login to the desks' role and connect this workstation with it
        /// afterwards (its password: DISCLOSE_DESK_PASSWORD or a prompt)
        #[arg(long, value_name = "NAME")]
        desk_login: Option<String>,
    },
    /// A team office's database roles (as its owner): desk logins, upgrades, grants
    #[command(subcommand)]
    Team(TeamCmd),
    /// Where this workstation's office is: its database and originals
    Location,
    /// Change your own password (the current one: DISCLOSE_PASSWORD or a prompt; the new
    /// one: DISCLOSE_NEW_PASSWORD or a prompt). A new user, or one whose password a
    /// supervisor reset, must do this before anything else
    Password,
    /// An encrypted office whose every supervisor's password is lost: with its recovery key
    /// (DISCLOSE_RECOVERY_KEY or a prompt), give a user a temporary password
    /// (DISCLOSE_NEW_PASSWORD or a prompt) to change at their next sign-in
    Recover {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Manage the office's users (supervisors)
    #[command(subcommand)]
    User(UserCmd),
    /// Log, show, list and extend requests
    #[command(subcommand)]
    Request(RequestCmd),
    /// The exemption catalogue
    #[command(subcommand)]
    Exemption(ExemptionCmd),
    /// The hash-chained audit log
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Take files, folders and zip archives into a request
    Ingest(IngestArgs),
    /// List a request's records
    Docs { reference: String },
    /// Review batches: list them with their progress and each reviewer's; make new ones
    /// (officers), assign one (officers), or take the next open one (clerks)
    Batches {
        reference: String,
        /// Split the undecided records in no batch into batches of about N (conversations,
        /// families and near-duplicate groups kept together)
        #[arg(long, value_name = "N", conflicts_with_all = ["assign", "take"])]
        make: Option<usize>,
        /// With --make: only the hits of this query
        #[arg(long, value_name = "Q", requires = "make")]
        query: Option<String>,
        /// Assign this batch (with --to USER, or --unassign)
        #[arg(long, value_name = "BATCH", conflicts_with = "take")]
        assign: Option<i64>,
        #[arg(long, value_name = "USER", requires = "assign")]
        to: Option<String>,
        /// Take the next open batch for yourself
        #[arg(long)]
        take: bool,
    },
    /// A request's highlight set (terms marked in every record under review): show it, or
    /// replace it from a file (one term a line; officers)
    Highlights {
        reference: String,
        #[arg(long, value_name = "FILE", conflicts_with = "clear")]
        set_file: Option<PathBuf>,
        #[arg(long)]
        clear: bool,
    },
    /// List a request's near-duplicate groups, largest first
    NearDups {
        reference: String,
        /// Group the records again first (an ingest does this by itself)
        #[arg(long)]
        regroup: bool,
        /// Show what differs between this record and its group's pivot, word by word
        #[arg(long, value_name = "ID", conflicts_with = "regroup")]
        compare: Option<i64>,
        /// With --compare: the record to compare it with instead of the pivot
        #[arg(long, value_name = "ID", requires = "compare")]
        with: Option<i64>,
    },
    /// List a request's email conversations (two or more messages), largest first
    Threads {
        reference: String,
        /// Group the messages again first (an ingest does this by itself)
        #[arg(long)]
        regroup: bool,
    },
    /// Search a request's records, run a saved search, or report on a list of terms
    Search(SearchArgs),
    /// List a request's saved searches, or delete one
    Searches {
        reference: String,
        /// Delete the saved search of this name
        #[arg(long, value_name = "NAME")]
        delete: Option<String>,
    },
    /// Show a record (text and redactions), or with --release as it will be released
    Show {
        reference: String,
        #[arg(long, value_name = "ID")]
        doc: i64,
        /// The release view: redactions replaced by labelled blocks, or the slip sheet
        #[arg(long)]
        release: bool,
    },
    /// Redact a value, a list of terms or a pattern, on one record or all; or undo one
    Redact(RedactArgs),
    /// Withhold a record in full under an exemption code (or every record of a selection)
    Withhold {
        reference: String,
        #[arg(long, value_name = "ID", required_unless_present_any = SELECTORS)]
        doc: Option<i64>,
        #[arg(long, value_name = "CODE")]
        code: String,
        /// Its attachments too (at any depth)
        #[arg(long, conflicts_with_all = SELECTORS)]
        with_attachments: bool,
        #[command(flatten)]
        select: SelectArgs,
    },
    /// Set a record's review status: in-review, checked (officers) or unreviewed (or of
    /// every record of a selection)
    Status {
        reference: String,
        #[arg(long, value_name = "ID", required_unless_present_any = SELECTORS)]
        doc: Option<i64>,
        #[arg(value_parser = ["in-review", "checked", "unreviewed"])]
        status: String,
        #[command(flatten)]
        select: SelectArgs,
    },
    /// Undo a bulk decision as one step (records changed since keep their newer state)
    Undo {
        reference: String,
        /// The bulk decision's audit event (printed when it was made)
        #[arg(long, value_name = "EVENT")]
        bulk: i64,
    },
    /// Assign records to a reviewer, or turn enforcement of assignment on or off (officers)
    #[command(group(clap::ArgGroup::new("how").required(true).args(["to", "unassign", "enforce"])))]
    Assign {
        reference: String,
        /// Records (comma-separated ids)
        #[arg(
            long,
            value_name = "IDS",
            value_delimiter = ',',
            required_unless_present_any = ["enforce", "query", "saved", "thread", "ids", "near_dups_of"]
        )]
        doc: Vec<i64>,
        /// The reviewer
        #[arg(long, value_name = "USER")]
        to: Option<String>,
        #[arg(long)]
        unassign: bool,
        /// When on, clerks decide and redact only the records assigned to them
        #[arg(long, value_parser = ["on", "off"], conflicts_with = "doc")]
        enforce: Option<String>,
        #[command(flatten)]
        select: SelectArgs,
    },
    /// Set a record's disposition: release, redact, withhold, not-responsive or (a copy) duplicate
    Disposition {
        reference: String,
        /// The record (or --undecided: every ingested record without a disposition yet; or
        /// a selection: --query, --saved, --thread, --ids)
        #[arg(
            long,
            value_name = "ID",
            required_unless_present_any = ["undecided", "query", "saved", "thread", "ids", "near_dups_of"],
            conflicts_with = "undecided"
        )]
        doc: Option<i64>,
        #[arg(long, conflicts_with_all = SELECTORS)]
        undecided: bool,
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(office::Disposition::NAMES))]
        disposition: String,
        #[command(flatten)]
        select: SelectArgs,
    },
    /// Check a request's release before submitting it: every record that would go out is
    /// composed and read back as the export will; what stops it is named by record and page
    Check {
        reference: String,
        #[command(flatten)]
        part: PartArgs,
    },
    /// Release records as page images with a text layer read by OCR from the burned pages
    /// (officers): for records whose text layer the checks cannot vouch for
    ReleaseAsImages {
        reference: String,
        /// The records (comma-separated ids)
        #[arg(long, value_name = "IDS", value_delimiter = ',', required = true)]
        doc: Vec<i64>,
        /// Release them as ordinary copies again
        #[arg(long)]
        off: bool,
    },
    /// Submit a request's release set for approval (officers); the check runs first. With
    /// --installment, the next installment of it
    Submit {
        reference: String,
        #[command(flatten)]
        part: PartArgs,
    },
    /// What went out of a request in which installment, and which released records have
    /// changed since (the next installment carries corrected copies)
    Installments { reference: String },
    /// Write to the requester (officers): acknowledgment, determination, extension,
    /// clarification, installment, final, no-records — from the office's template, in
    /// English or Spanish; issued as a PDF into the request's correspondence, or previewed
    Letter {
        reference: String,
        /// acknowledgment, determination, extension, clarification, installment, final or
        /// no-records
        kind: String,
        /// en or es
        #[arg(long, default_value = "en")]
        lang: String,
        /// Text for the letter's note (a clarification's question, an expected date)
        #[arg(long)]
        note: Option<String>,
        /// Print the letter; issue nothing
        #[arg(long)]
        preview: bool,
    },
    /// A request's correspondence: the letters issued; with --get, one letter's PDF
    Letters {
        reference: String,
        /// The letter (its number in the list)
        #[arg(long, value_name = "ID", requires = "out")]
        get: Option<i64>,
        /// Where to write its PDF (a new file)
        #[arg(long, value_name = "FILE", requires = "get")]
        out: Option<PathBuf>,
    },
    /// Show a letter template (a letter kind, letterhead or signature), or change it
    /// (supervisors): --set FILE, or --reset to the shipped one
    LetterTemplate {
        name: String,
        /// en or es
        #[arg(long, default_value = "en")]
        lang: String,
        /// The new template's text, from this file
        #[arg(long, value_name = "FILE", conflicts_with = "reset")]
        set: Option<PathBuf>,
        /// Back to the shipped template
        #[arg(long)]
        reset: bool,
    },
    /// Approve a submitted release set (supervisors; not the one who submitted it)
    Approve {
        reference: String,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Send a submitted release set back with a comment (supervisors)
    Reject {
        reference: String,
        #[arg(long)]
        comment: String,
    },
    /// The release set's state: what was submitted, approved, and what changed since
    Approval { reference: String },
    /// Export inspection copies of an approved release
    Export(ExportArgs),
    /// Verify an export folder: file hashes, and no redacted text readable
    Verify { dir: PathBuf },
    /// Rebuild the search index from the office's records
    Reindex,
    /// The office's figures for a period (records officers and supervisors): requests
    /// received and closed, days to the first determination and to closing, late requests,
    /// extensions, installments, pages released, exemptions cited
    Report {
        /// The first day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: chrono::NaiveDate,
        /// The last day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: chrono::NaiveDate,
        /// Print the figures as CSV
        #[arg(long, conflicts_with = "pdf")]
        csv: bool,
        /// Also write them as a PDF (a new file)
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Back the office up into a folder while others keep working (supervisors): the
    /// database as of one instant, the originals (only what is new when the folder holds an
    /// earlier backup), the office key and a manifest; or check a backup folder (--verify)
    #[command(group(clap::ArgGroup::new("where").required(true).args(["out", "verify"])))]
    Backup {
        /// The backup folder: empty, or holding this office's earlier backup
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Check a backup folder against its manifest (no sign-in): hashes, the audit chain,
        /// every original
        #[arg(long, value_name = "DIR")]
        verify: Option<PathBuf>,
    },
    /// Restore a backup into a new or empty data folder, then verify its audit chain and every
    /// original before saying done (no sign-in; use the restored office with --data-dir)
    Restore {
        /// The backup folder
        #[arg(value_name = "BACKUP_DIR")]
        from: PathBuf,
        /// The new data folder
        #[arg(long, value_name = "NEW_DATA_DIR")]
        to: PathBuf,
    },
    /// Show the office's settings, or change them (supervisors)
    Settings {
        /// The agency's name, printed on every inspection copy
        #[arg(long)]
        agency: Option<String>,
        /// Exports' Bates prefix when a request has none (empty: the reference)
        #[arg(long)]
        bates_prefix: Option<String>,
        /// Exports' watermark when none is given (empty: none)
        #[arg(long)]
        watermark: Option<String>,
        /// Minutes a window may sit idle before its session ends
        #[arg(long)]
        idle_minutes: Option<u32>,
        /// At submission, release records the checks cannot vouch for as page images
        #[arg(long, value_parser = ["on", "off"])]
        images_when_unchecked: Option<String>,
        /// How similar (percent, 30 to 95) records must be to group as near-duplicates
        #[arg(long, value_name = "PERCENT")]
        near_dup_threshold: Option<u32>,
        /// What a page of paper copies costs, in cents, for letters' duplication-cost
        /// estimate (0: the office does not charge; electronic copies are at no charge)
        #[arg(long, value_name = "CENTS")]
        copy_cents_per_page: Option<u32>,
        /// Whether "Find personal info" runs a detector unless told otherwise:
        /// DETECTOR=on|off (repeatable or comma-separated), e.g. ip=off
        #[arg(long, value_name = "DETECTOR=on|off", value_delimiter = ',')]
        detector: Vec<String>,
        /// The exemption code a detector's proposals take: DETECTOR=CODE, or DETECTOR= for the
        /// code chosen at each run (repeatable or comma-separated)
        #[arg(long, value_name = "DETECTOR=CODE", value_delimiter = ',')]
        detector_code: Vec<String>,
    },
}

impl Command {
    /// The database addresses given as arguments (where a password is visible to anyone
    /// listing this computer's processes).
    pub(super) fn database_arguments(&self) -> Vec<&str> {
        match self {
            Command::Init { database, .. } => database.iter().map(String::as_str).collect(),
            Command::Join { database, .. } => vec![database.as_str()],
            Command::Migrate { to, .. } => vec![to.as_str()],
            Command::Team(
                TeamCmd::AddDeskLogin { database, .. }
                | TeamCmd::Upgrade { database }
                | TeamCmd::Roles { database },
            ) => database.iter().map(String::as_str).collect(),
            _ => vec![],
        }
    }

    /// The one record a change names (`--doc ID`), for `--if-version`.
    pub(super) fn one_record(&self) -> Option<i64> {
        match self {
            Command::Disposition { doc, .. } => *doc,
            Command::Withhold { doc, .. } | Command::Status { doc, .. } => *doc,
            Command::Redact(a) => a.doc,
            _ => None,
        }
    }
}

/// The flags that name a selection of records for a bulk decision.
pub const SELECTORS: [&str; 5] = ["query", "saved", "thread", "ids", "near_dups_of"];

/// Which records a submission (or its check) covers: the request whole, or an installment.
#[derive(Args, Debug, Default)]
pub struct PartArgs {
    /// An installment: the records decided since the last installment (undecided records
    /// wait for a later one) and those changed since they went out; Bates numbers follow on
    #[arg(long)]
    pub installment: bool,
    /// With --installment: only the hits of this query
    #[arg(long, value_name = "Q", requires = "installment", conflicts_with_all = ["saved", "ids"])]
    pub query: Option<String>,
    /// With --installment: only the hits of this saved search
    #[arg(
        long,
        value_name = "NAME",
        requires = "installment",
        conflicts_with = "ids"
    )]
    pub saved: Option<String>,
    /// With --installment: only these records (comma-separated ids)
    #[arg(
        long,
        value_name = "IDS",
        value_delimiter = ',',
        requires = "installment"
    )]
    pub ids: Vec<i64>,
}

/// Which records a bulk decision applies to (one of these), and whether only to say so.
#[derive(Args, Debug, Default)]
pub struct SelectArgs {
    /// Every hit of this query (README, "Query language"), not a page of them
    #[arg(long, value_name = "Q", conflicts_with_all = ["saved", "thread", "ids", "near_dups_of", "doc"])]
    pub query: Option<String>,
    /// Every hit of this saved search
    #[arg(long, value_name = "NAME", conflicts_with_all = ["thread", "ids", "near_dups_of", "doc"])]
    pub saved: Option<String>,
    /// A conversation (its number, from `disclose threads`)
    #[arg(long, value_name = "ID", conflicts_with_all = ["ids", "near_dups_of", "doc"])]
    pub thread: Option<i64>,
    /// With --thread: its inclusive messages only
    #[arg(long, requires = "thread")]
    pub inclusive_only: bool,
    /// Records by id (comma-separated)
    #[arg(
        long,
        value_name = "IDS",
        value_delimiter = ',',
        conflicts_with_all = ["doc", "near_dups_of"]
    )]
    pub ids: Vec<i64>,
    /// A record's near-duplicate group (the record and its group's members)
    #[arg(long, value_name = "ID", conflicts_with = "doc")]
    pub near_dups_of: Option<i64>,
    /// Say how many records would change (and which would be left, and why); change nothing
    #[arg(long)]
    pub dry_run: bool,
}

impl SelectArgs {
    /// The selection named, if any.
    pub fn selection(&self) -> Option<office::Selection> {
        use office::{RecordId, Selection};
        if let Some(q) = &self.query {
            Some(Selection::Query(q.clone()))
        } else if let Some(n) = &self.saved {
            Some(Selection::Saved(n.clone()))
        } else if let Some(t) = self.thread {
            Some(Selection::Thread {
                id: RecordId(t),
                inclusive_only: self.inclusive_only,
            })
        } else if !self.ids.is_empty() {
            Some(Selection::Ids(
                self.ids.iter().map(|i| RecordId(*i)).collect(),
            ))
        } else {
            self.near_dups_of
                .map(|id| Selection::NearDupsOf(RecordId(id)))
        }
    }
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    pub reference: String,
    /// The query: words (stemmed), "exact phrases", "near words"~5, prefix*, fuzzy~1,
    /// AND/OR/NOT, +/-, ( ), fields (from: to: cc: subject: custodian: kind: path: name:
    /// date: disposition: status: exemption:). See the README's "Query language".
    #[arg(required_unless_present_any = ["terms_file", "saved"])]
    pub query: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of hits
    #[arg(long, default_value = "relevance", value_parser = ["relevance", "newest", "oldest"])]
    pub sort: String,
    /// One hit per original, with the number of copies (duplicates) that matched
    #[arg(long)]
    pub fold: bool,
    /// Show counts by custodian, kind, month, disposition, review status and exemption
    #[arg(long)]
    pub facets: bool,
    /// Save the query under this name for everyone working on the request
    #[arg(long, value_name = "NAME", conflicts_with_all = ["terms_file", "saved"])]
    pub save: Option<String>,
    /// With --save: replace a saved search of the same name
    #[arg(long, requires = "save")]
    pub replace: bool,
    /// Run a saved search
    #[arg(long, value_name = "NAME", conflicts_with_all = ["query", "terms_file"])]
    pub saved: Option<String>,
    /// A search-term report: one query per line (blank lines and lines starting with # are
    /// skipped) → records hit, hit with their families, and hit by that term only
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub terms_file: Option<PathBuf>,
    /// With --terms-file: the report as CSV
    #[arg(long, requires = "terms_file")]
    pub csv: bool,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args([
    "text", "terms_file", "pattern", "detect", "area", "remove", "accept", "accept_all", "reject", "reject_all"
])))]
pub struct RedactArgs {
    pub reference: String,
    /// A value, wherever it occurs (line breaks and spaces inside it match any white space)
    #[arg(long, value_name = "T")]
    pub text: Option<String>,
    /// Values, one per line (blank lines and lines starting with # are skipped)
    #[arg(long, value_name = "FILE")]
    pub terms_file: Option<PathBuf>,
    /// A regular expression (Rust regex syntax)
    #[arg(long, value_name = "RE")]
    pub pattern: Option<String>,
    /// Personal information: email,phone,ssn,ip,card,dl,dob,address,person,iban,bank-account,
    /// passport,medical-record,plate; all; or default (the office's choice, `disclose settings`)
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub detect: Vec<String>,
    /// An area of a page of --doc: PAGE:X0,Y0,X1,Y1 as fractions of the page (0 to 1, from the
    /// top left); the words under it leave the text too
    #[arg(long, value_name = "PAGE:X0,Y0,X1,Y1", requires = "doc")]
    pub area: Option<String>,
    /// Make proposals to accept or reject instead of applying
    #[arg(long)]
    pub propose: bool,
    /// Undo a redaction by its id (it stays in the history as removed)
    #[arg(long, value_name = "ID", conflicts_with_all = ["doc", "all_docs", "code"])]
    pub remove: Option<i64>,
    /// Accept proposals by id (comma-separated)
    #[arg(
        long,
        value_name = "IDS",
        value_delimiter = ',',
        conflicts_with = "code"
    )]
    pub accept: Vec<i64>,
    /// Accept every proposal (of --doc, of --origin)
    #[arg(long, conflicts_with = "code")]
    pub accept_all: bool,
    /// Reject proposals by id (comma-separated)
    #[arg(
        long,
        value_name = "IDS",
        value_delimiter = ',',
        conflicts_with = "code"
    )]
    pub reject: Vec<i64>,
    /// Reject every proposal (of --doc, of --origin)
    #[arg(long, conflicts_with = "code")]
    pub reject_all: bool,
    /// With --accept: propose each accepted value on every other record where it occurs
    #[arg(long)]
    pub everywhere: bool,
    /// With --accept-all/--reject-all: only proposals of this origin
    #[arg(long, value_name = "ORIGIN", value_parser = closed_set::<office::RedactionOrigin>())]
    pub origin: Option<office::RedactionOrigin>,
    /// With --accept-all/--reject-all: only what this detector found
    #[arg(long, value_name = "DETECTOR", value_parser = closed_set::<office::DetectorKind>())]
    pub kind: Option<office::DetectorKind>,
    /// With --accept-all/--reject-all: only what a detector was at least this sure of (0 to 1)
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
    /// The record to redact
    #[arg(long, value_name = "ID", conflicts_with = "all_docs")]
    pub doc: Option<i64>,
    /// Every record of the request, copies and attachments included
    #[arg(long)]
    pub all_docs: bool,
    /// The exemption the redactions rely on
    #[arg(long, value_name = "CODE", required_unless_present_any = ["remove", "accept", "accept_all", "reject", "reject_all"])]
    pub code: Option<String>,
    /// A note kept with each redaction
    #[arg(long, value_name = "T")]
    pub note: Option<String>,
    /// Match values in any case
    #[arg(long)]
    pub ignore_case: bool,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    pub reference: String,
    /// Files, folders (taken recursively) and zip archives
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Whose records these are
    #[arg(long)]
    pub custodian: Option<String>,
    /// Leave pages without a text layer unread (no OCR)
    #[arg(long)]
    pub no_ocr: bool,
    /// Extraction threads [default: the number of cores]
    #[arg(long)]
    pub workers: Option<usize>,
    /// Seconds one file may take before it is failed as "took too long"
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Passwords for locked PDFs and Office files, one per line, each tried in turn; the
    /// request's records still locked from earlier runs are tried too. The passwords are
    /// not kept, logged or audited.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    pub reference: String,
    /// The folder to create (it must not exist, or be empty)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A watermark across every page, e.g. "INSPECTION COPY"
    #[arg(long)]
    pub watermark: Option<String>,
    /// A withheld record's slip sheet takes one page per page it would have had (default: one)
    #[arg(long)]
    pub slip_sheet_per_page: bool,
    /// Bates prefix (default: the request reference)
    #[arg(long)]
    pub bates_prefix: Option<String>,
    /// Render resolution of PDF pages and scans
    #[arg(long, default_value_t = 150)]
    pub dpi: u32,
    /// The language of the letter it prints, from the office's template: en or es (an
    /// approval's first export chooses; its re-exports print the same letter)
    #[arg(long, default_value = "en")]
    pub letter_lang: String,
}

#[derive(Subcommand, Debug)]
pub enum TeamCmd {
    /// Add a desk login (a database login in the desks' role, for `join`); password:
    /// DISCLOSE_DESK_PASSWORD or a prompt
    AddDeskLogin {
        name: String,
        /// The office database as its owner [default: DISCLOSE_DATABASE_URL]
        #[arg(long, value_name = "postgres://OWNER@SERVER/DB")]
        database: Option<String>,
    },
    /// Bring the office database's schema up to this version's and re-grant the desks' role
    Upgrade {
        /// The office database as its owner [default: DISCLOSE_DATABASE_URL]
        #[arg(long, value_name = "postgres://OWNER@SERVER/DB")]
        database: Option<String>,
    },
    /// Who may do what to the office database: its owner, the desks' role and its logins
    Roles {
        /// [default: DISCLOSE_DATABASE_URL, else this workstation's team office]
        #[arg(long, value_name = "postgres://USER@SERVER/DB")]
        database: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Add a user (a first password: DISCLOSE_NEW_PASSWORD or a prompt; they choose their
    /// own at their first sign-in)
    Add {
        name: String,
        #[arg(long)]
        role: Role,
        #[arg(long, value_name = "TEXT", default_value = "")]
        display_name: String,
    },
    /// List users
    List,
    /// Clear a lock after failed sign-ins
    Unlock { name: String },
    /// Give a user a temporary password (DISCLOSE_NEW_PASSWORD or a prompt) that they must
    /// change at their next sign-in; clears a lock
    ResetPassword { name: String },
    /// Stop a user from signing in
    Deactivate { name: String },
    /// Let a deactivated user sign in again
    Activate { name: String },
}

#[derive(Subcommand, Debug)]
pub enum RequestCmd {
    /// Log a new request; its determination due date is computed
    Create {
        reference: String,
        #[arg(long)]
        requester: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        received: String,
        #[arg(long)]
        description: String,
    },
    /// Show one request with its extensions and its changes of state
    Show { reference: String },
    /// List requests, soonest due first
    List {
        /// Only requests in this state (open, awaiting-clarification, in-review,
        /// partly-released, closed)
        #[arg(long)]
        state: Option<String>,
    },
    /// Change a request's state: awaiting-clarification, open, in-review, closed (with --as),
    /// or reopen
    State {
        reference: String,
        /// awaiting-clarification, open, in-review, closed or reopen
        state: String,
        /// Why it is closed: fulfilled, withdrawn, no-records or denied
        #[arg(long = "as", value_name = "REASON")]
        closed_as: Option<String>,
        /// Why (required to close and to reopen)
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Extend the due date for unusual circumstances (at most 14 days in all)
    Extend {
        reference: String,
        #[arg(long)]
        days: u32,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExemptionCmd {
    /// List the catalogue
    List,
    /// Add an agency code
    Add {
        code: String,
        /// Printed on redaction boxes, e.g. "Mun. Code §2.40"
        #[arg(long)]
        label: String,
        #[arg(long)]
        description: String,
        #[arg(long)]
        former: Option<String>,
    },
    /// Stop offering a code (or a group: cpra, foia, agency)
    Retire { code: String },
    /// Offer a retired code again (or a group, e.g. `foia`)
    Activate { code: String },
    /// Delete a code that nothing cites
    Delete { code: String },
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Recompute the hash chain and name the first broken event
    Verify,
    /// List events, of one request or of the whole office
    Log {
        reference: Option<String>,
        /// Only events after this sequence number
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 1000)]
        limit: i64,
    },
}

/// A command-line value from a closed set: clap lists the words in help and refuses others.
fn closed_set<T: office::ClosedSet + Send + Sync>()
-> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(T::NAMES)
        .map(|s| T::parse(&s).expect("clap allowed only the set's words"))
}
