//! Arguments and their dispatch to the office.

use crate::output::Out;
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand};
use office::{Actor, Config, IngestOptions, Office, Role};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "disclose",
    version,
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
        /// A team office: its PostgreSQL database (created when the server lacks it)
        #[arg(long, value_name = "postgres://USER@SERVER/DB")]
        database: Option<String>,
        /// With --database: the shared folder for originals (e.g. a mounted network share)
        #[arg(long, value_name = "DIR", requires = "database")]
        originals: Option<PathBuf>,
    },
    /// Make this workstation one of a team office's (a PostgreSQL server) and use it from now on
    Join {
        #[arg(value_name = "postgres://USER@SERVER/DB")]
        database: String,
        /// The office's shared originals folder as this workstation mounts it
        #[arg(long, value_name = "DIR")]
        originals: Option<PathBuf>,
    },
    /// Move this single-workstation office to a PostgreSQL server (team mode; supervisors);
    /// the SQLite office is left as it was
    Migrate {
        #[arg(long, value_name = "postgres://USER@SERVER/DB")]
        to: String,
        /// A shared folder to copy the originals into (else they stay in this data directory)
        #[arg(long, value_name = "DIR")]
        originals: Option<PathBuf>,
    },
    /// Where this workstation's office is: its database and originals
    Location,
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
    /// Withhold a record in full under an exemption code
    Withhold {
        reference: String,
        #[arg(long, value_name = "ID")]
        doc: i64,
        #[arg(long, value_name = "CODE")]
        code: String,
        /// Its attachments too (at any depth)
        #[arg(long)]
        with_attachments: bool,
    },
    /// Set a record's review status: in-review, checked (officers) or unreviewed
    Status {
        reference: String,
        #[arg(long, value_name = "ID")]
        doc: i64,
        #[arg(value_parser = ["in-review", "checked", "unreviewed"])]
        status: String,
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
            required_unless_present = "enforce"
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
    },
    /// Set a record's disposition: release, redact, withhold, not-responsive or (a copy) duplicate
    Disposition {
        reference: String,
        /// The record (or --undecided: every ingested record without a disposition yet)
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "undecided",
            conflicts_with = "undecided"
        )]
        doc: Option<i64>,
        #[arg(long)]
        undecided: bool,
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(office::Disposition::NAMES))]
        disposition: String,
    },
    /// Check a request's release before submitting it: every record that would go out is
    /// composed and read back as the export will; what stops it is named by record and page
    Check { reference: String },
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
    /// Submit a request's release set for approval (officers); the check runs first
    Submit { reference: String },
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
    },
}

impl Command {
    /// The one record a change names (`--doc ID`), for `--if-version`.
    fn one_record(&self) -> Option<i64> {
        match self {
            Command::Disposition { doc, .. } => *doc,
            Command::Withhold { doc, .. } | Command::Status { doc, .. } => Some(*doc),
            Command::Redact(a) => a.doc,
            _ => None,
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
    /// Personal information: email,phone,ssn,ip,card,dl,dob,address,person (or all)
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
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Add a user (password: DISCLOSE_NEW_PASSWORD or a prompt)
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
    /// Show one request with its extensions
    Show { reference: String },
    /// List requests, soonest due first
    List,
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

/// Where the office is: `--data-dir` (or `DISCLOSE_DATA_DIR`), the platform's data folder,
/// and the environment's database and originals (the office's one resolver).
fn config(cli: &Cli) -> Result<Config> {
    Config::resolve(cli.data_dir.clone(), dirs::data_dir(), &|k| {
        std::env::var(k).ok()
    })
    .map_err(|e| anyhow!("{} (or pass --data-dir)", e.message))
}

/// A secret from the environment, else a hidden prompt on a terminal.
fn secret(var: &str, prompt: &str, confirm: bool) -> Result<String> {
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no password: set {var} or run on a terminal to be asked");
    }
    let first = rpassword::prompt_password(prompt).context("reading the password")?;
    if confirm {
        let again = rpassword::prompt_password("Again: ").context("reading the password")?;
        if again != first {
            bail!("the two passwords differ");
        }
    }
    Ok(first)
}

async fn open(cli: &Cli) -> Result<Office> {
    let office = Office::open(config(cli)?).await?;
    if !office.has_users().await? {
        bail!(
            "{} holds no office yet: create one with `disclose init --admin NAME`",
            office.data_dir().display()
        );
    }
    Ok(office)
}

async fn sign_in(cli: &Cli, office: &Office) -> Result<Actor> {
    let name = cli
        .user
        .clone()
        .ok_or_else(|| anyhow!("who is acting? pass --user NAME or set DISCLOSE_USER"))?;
    let password = secret(
        "DISCLOSE_PASSWORD",
        &format!("Password for {name}: "),
        false,
    )?;
    Ok(office.sign_in(&name, &password).await?)
}

pub async fn run(cli: Cli) -> Result<()> {
    let out = Out { json: cli.json };
    if let Command::Init {
        admin,
        display_name,
        database,
        originals,
    } = &cli.command
    {
        let password = secret(
            "DISCLOSE_PASSWORD",
            &format!("New password for {admin}: "),
            true,
        )?;
        let config = config(&cli)?;
        // `DISCLOSE_DATABASE_URL=postgres://… disclose init` creates the office there too.
        let database = database
            .clone()
            .or_else(|| config.overrides.database_url.clone());
        if let Some(url) = &database
            && office::prepare_team(&config, url, originals.as_deref()).await?
            && !out.json
        {
            eprintln!("disclose: created the database on the server");
        }
        let office = Office::init(config, admin, display_name, &password).await?;
        out.init(&office, admin);
        office.close().await;
        return Ok(());
    }
    if let Command::Join {
        database,
        originals,
    } = &cli.command
    {
        let config = config(&cli)?;
        office::join_team(&config, database, originals.as_deref())
            .await
            .map_err(|e| match e.code {
                office::ErrorCode::NotFound => office::ApiError {
                    message: format!(
                        "{}: create one with `disclose init --database {database} --admin NAME`",
                        e.message
                    ),
                    ..e
                },
                _ => e,
            })?;
        let office = Office::open(config).await?;
        out.location(&office.location());
        office.close().await;
        return Ok(());
    }
    let office = open(&cli).await?;
    let mut actor = sign_in(&cli, &office).await?;
    if let Some(version) = cli.if_version {
        let Some(doc) = cli.command.one_record() else {
            bail!("--if-version goes with a change to one record (--doc ID)");
        };
        actor = actor.seeing(office::RecordId(doc), version);
    }
    let result = dispatch(&cli, &office, &actor, &out).await;
    office.close().await;
    result
}

/// A terms file: one term a line; blank lines and lines starting with # are skipped.
fn terms_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the terms file {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

async fn search(office: &Office, me: &Actor, out: &Out, a: &SearchArgs) -> Result<()> {
    if let Some(file) = &a.terms_file {
        let terms = terms_file(file)?;
        let report = office.term_report(me, &a.reference, &terms).await?;
        out.term_report(&report, a.csv);
        return Ok(());
    }
    let query = match (&a.saved, &a.query) {
        (Some(name), _) => office.saved_search(me, &a.reference, name).await?.query,
        (None, Some(q)) => q.clone(),
        (None, None) => bail!("give a query, --saved NAME or --terms-file FILE"),
    };
    if let Some(name) = &a.save {
        let saved = office
            .save_search(me, &a.reference, name, &query, a.replace)
            .await?;
        if !out.json {
            eprintln!("disclose: saved the search \"{}\"", saved.name);
        }
    }
    let opts = office::SearchOptions {
        limit: a.limit,
        offset: a.offset,
        sort: office::sort_name::parse(&a.sort).unwrap_or_default(),
        fold: a.fold,
        facets: a.facets || out.json,
    };
    out.search(&office.search(me, &a.reference, &query, opts).await?);
    Ok(())
}

fn redaction_ids(ids: &[i64]) -> Vec<office::RedactionId> {
    ids.iter().copied().map(office::RedactionId).collect()
}

/// A command-line value from a closed set: clap lists the words in help and refuses others.
fn closed_set<T: office::ClosedSet + Send + Sync>()
-> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(T::NAMES)
        .map(|s| T::parse(&s).expect("clap allowed only the set's words"))
}

async fn redact(office: &Office, me: &Actor, out: &Out, a: &RedactArgs) -> Result<()> {
    if let Some(id) = a.remove {
        office
            .remove_redaction(me, &a.reference, office::RedactionId(id))
            .await?;
        out.done(&format!("removed redaction {id}"));
        return Ok(());
    }
    let decision = match (&a.accept[..], a.accept_all, &a.reject[..], a.reject_all) {
        ([], false, [], false) => None,
        (_, true, _, true) => bail!("accept or reject, not both"),
        (ids, false, [], false) => Some((office::Proposals::Ids(redaction_ids(ids)), true)),
        ([], false, ids, false) if !ids.is_empty() => {
            Some((office::Proposals::Ids(redaction_ids(ids)), false))
        }
        ([], all_accept, [], _) => Some((
            office::Proposals::All {
                doc: a.doc.map(office::RecordId),
                origin: a.origin,
                kind: a.kind,
            },
            all_accept,
        )),
        _ => bail!("accept or reject, not both"),
    };
    if let Some((which, accept)) = decision {
        let d = office
            .decide_proposals(me, &a.reference, &which, accept, a.everywhere)
            .await?;
        out.proposal_decision(&d);
        return Ok(());
    }
    if let Some(area) = &a.area {
        let bad = || {
            anyhow!(
                "an area is written PAGE:X0,Y0,X1,Y1 with fractions of the page, e.g. 1:0.1,0.2,0.5,0.25"
            )
        };
        let (page, rect) = area.split_once(':').ok_or_else(bad)?;
        let page: u32 = page.trim().parse().map_err(|_| bad())?;
        let v: Vec<f32> = rect
            .split(',')
            .map(|x| x.trim().parse::<f32>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let [x0, y0, x1, y1] = v[..] else {
            return Err(bad());
        };
        let id = office
            .redact_area(
                me,
                &a.reference,
                office::RecordId(a.doc.unwrap_or_default()),
                page,
                office::PageRect { x0, y0, x1, y1 },
                a.code.as_deref().unwrap_or_default(),
                a.note.as_deref(),
            )
            .await?;
        out.done(&format!("redaction {id} on page {page}"));
        return Ok(());
    }
    let by = if let Some(t) = &a.text {
        office::RedactBy::Text {
            value: t.clone(),
            ignore_case: a.ignore_case,
        }
    } else if let Some(f) = &a.terms_file {
        office::RedactBy::Terms {
            values: terms_file(f)?,
            ignore_case: a.ignore_case,
        }
    } else if let Some(p) = &a.pattern {
        office::RedactBy::Pattern(p.clone())
    } else if !a.detect.is_empty() {
        let mut kinds = vec![];
        for k in &a.detect {
            if k.trim() == "all" {
                kinds.extend(office::DetectorKind::ALL);
            } else {
                kinds.push(office::DetectorKind::parse(k).ok_or_else(|| {
                    anyhow!(
                        "there is no detector \"{}\": the detectors are {}",
                        k.trim(),
                        office::DetectorKind::NAMES.join(", ")
                    )
                })?);
            }
        }
        office::RedactBy::Detect(kinds)
    } else {
        bail!("give --text, --terms-file, --pattern or --remove");
    };
    let target = match (a.doc, a.all_docs) {
        (Some(id), false) => office::RedactTarget::Doc(office::RecordId(id)),
        (None, true) => office::RedactTarget::AllDocs,
        _ => bail!("say which records: --doc ID or --all-docs"),
    };
    let code = a.code.as_deref().unwrap_or_default();
    let report = if a.propose {
        office
            .propose_redactions(me, &a.reference, &by, target, code, a.note.as_deref())
            .await?
    } else {
        office
            .redact(me, &a.reference, &by, target, code, a.note.as_deref())
            .await?
    };
    out.redact_report(&report);
    Ok(())
}

async fn dispatch(cli: &Cli, office: &Office, me: &Actor, out: &Out) -> Result<()> {
    match &cli.command {
        Command::User(cmd) => match cmd {
            UserCmd::Add {
                name,
                role,
                display_name,
            } => {
                let pw = secret(
                    "DISCLOSE_NEW_PASSWORD",
                    &format!("New password for {name}: "),
                    true,
                )?;
                out.user(&office.add_user(me, name, *role, display_name, &pw).await?);
            }
            UserCmd::List => out.users(&office.users(me).await?),
            UserCmd::Unlock { name } => {
                office.unlock_user(me, name).await?;
                out.done(&format!("unlocked {name}"));
            }
            UserCmd::Deactivate { name } => {
                office.set_user_active(me, name, false).await?;
                out.done(&format!("deactivated {name}"));
            }
            UserCmd::Activate { name } => {
                office.set_user_active(me, name, true).await?;
                out.done(&format!("activated {name}"));
            }
        },
        Command::Request(cmd) => {
            let today = office.today();
            match cmd {
                RequestCmd::Create {
                    reference,
                    requester,
                    received,
                    description,
                } => {
                    let r = office
                        .create_request(me, reference, requester, received, description)
                        .await?;
                    out.request(&r, today);
                }
                RequestCmd::Show { reference } => {
                    out.request(&office.request(me, reference).await?, today)
                }
                RequestCmd::List => out.requests(&office.requests(me).await?, today),
                RequestCmd::Extend {
                    reference,
                    days,
                    reason,
                } => out.request(
                    &office.extend_request(me, reference, *days, reason).await?,
                    today,
                ),
            }
        }
        Command::Exemption(cmd) => match cmd {
            ExemptionCmd::List => out.exemptions(&office.exemptions(me).await?),
            ExemptionCmd::Add {
                code,
                label,
                description,
                former,
            } => {
                let e = office
                    .add_exemption(me, code, label, description, former.as_deref())
                    .await?;
                out.exemptions(std::slice::from_ref(&e));
            }
            ExemptionCmd::Retire { code } => {
                out.exemptions(&office.set_exemption_active(me, code, false).await?)
            }
            ExemptionCmd::Activate { code } => {
                out.exemptions(&office.set_exemption_active(me, code, true).await?)
            }
            ExemptionCmd::Delete { code } => {
                office.delete_exemption(me, code).await?;
                out.done(&format!("deleted exemption {code}"));
            }
        },
        Command::Audit(cmd) => match cmd {
            AuditCmd::Verify => {
                let report = office.audit_verify(me).await?;
                out.audit_report(&report);
                if let Some(b) = report.first_break {
                    bail!("the audit chain is broken at event {}: {}", b.seq, b.reason);
                }
            }
            AuditCmd::Log {
                reference,
                after,
                limit,
            } => out.audit_log(
                &office
                    .audit_log(me, reference.as_deref(), *after, *limit)
                    .await?,
            ),
        },
        Command::Ingest(a) => {
            let mut opts = IngestOptions {
                custodian: a.custodian.clone(),
                ocr: !a.no_ocr,
                ..Default::default()
            };
            if let Some(n) = a.workers {
                opts.workers = n.max(1);
            }
            opts.extract.timeout = std::time::Duration::from_secs(a.timeout.max(1));
            // Ctrl-C stops cleanly: what is written stays, the same command finishes the rest.
            let cancel = opts.cancel.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!(
                        "disclose: stopping after the files in progress (Ctrl-C again to quit now)"
                    );
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                    if tokio::signal::ctrl_c().await.is_ok() {
                        std::process::exit(130);
                    }
                }
            });
            let bar = crate::output::IngestBar::new();
            let report = office
                .ingest(me, &a.reference, &a.paths, opts, &|p| bar.update(p))
                .await;
            bar.finish();
            let report = report?;
            out.ingest(&report);
            if report.cancelled {
                bail!("ingest stopped before the end: run the same command again to finish");
            }
        }
        Command::Docs { reference } => out.records(&office.records(me, reference).await?),
        Command::Search(a) => search(office, me, out, a).await?,
        Command::Searches { reference, delete } => {
            if let Some(name) = delete {
                office.delete_saved_search(me, reference, name).await?;
                out.done(&format!("deleted the saved search \"{}\"", name.trim()));
            } else {
                out.saved_searches(&office.saved_searches(me, reference).await?);
            }
        }
        Command::Disposition {
            reference,
            doc,
            undecided,
            disposition,
        } => match doc {
            Some(doc) if !*undecided => out.review(
                &office
                    .set_disposition(me, reference, office::RecordId(*doc), disposition)
                    .await?,
            ),
            _ => {
                let ds = office.set_undecided(me, reference, disposition).await?;
                if out.json {
                    out.reviews(&ds);
                } else {
                    out.done(&format!("{} records: {disposition}", ds.len()));
                }
            }
        },
        Command::Check { reference } => {
            let bar = crate::output::CheckBar::new();
            let b = bar.clone();
            let check = office
                .check_release(me, reference, move |p| b.update(&p))
                .await;
            bar.finish();
            let check = check?;
            out.check(&check);
            if !check.problems.is_empty() {
                bail!(
                    "{} record(s) of {reference} stop its submission",
                    check.problems.len()
                );
            }
        }
        Command::ReleaseAsImages {
            reference,
            doc,
            off,
        } => {
            let ids: Vec<office::RecordId> = doc.iter().map(|d| office::RecordId(*d)).collect();
            let n = office
                .set_release_as_images(me, reference, &ids, !*off)
                .await?;
            out.done(&format!(
                "{n} record(s) of {reference} {}",
                if *off {
                    "go out as ordinary copies again"
                } else {
                    "go out as page images with a text layer read by OCR"
                }
            ));
        }
        Command::Submit { reference } => {
            let bar = crate::output::CheckBar::new();
            let b = bar.clone();
            let done = office
                .submit_with(me, reference, move |p| b.update(&p))
                .await;
            bar.finish();
            out.approval(&done?)
        }
        Command::Settings {
            agency,
            bates_prefix,
            watermark,
            idle_minutes,
            images_when_unchecked,
        } => {
            let mut s = office.settings(me).await?;
            let change = agency.is_some()
                || bates_prefix.is_some()
                || watermark.is_some()
                || idle_minutes.is_some()
                || images_when_unchecked.is_some();
            if change {
                if let Some(v) = agency {
                    s.agency_name = v.clone();
                }
                if let Some(v) = bates_prefix {
                    s.bates_prefix = v.clone();
                }
                if let Some(v) = watermark {
                    s.watermark = v.clone();
                }
                if let Some(v) = idle_minutes {
                    s.idle_minutes = *v;
                }
                if let Some(v) = images_when_unchecked {
                    s.images_when_unchecked = v == "on";
                }
                s = office.update_settings(me, &s).await?;
            }
            out.settings(&s);
        }
        Command::Approve { reference, comment } => {
            out.approval(&office.approve(me, reference, comment.as_deref()).await?)
        }
        Command::Reject { reference, comment } => {
            out.approval(&office.reject(me, reference, comment).await?)
        }
        Command::Approval { reference } => match office.approval(me, reference).await? {
            Some(a) => out.approval(&a),
            None => {
                let (set, problems) = office.release_preview(me, reference).await?;
                let summary = set.summary();
                out.preview(reference, &summary, &problems);
            }
        },
        Command::Export(a) => {
            let mut opts = office::ExportOptions::new(&a.out);
            opts.watermark = a.watermark.clone();
            opts.slip_sheet_per_page = a.slip_sheet_per_page;
            opts.bates_prefix = a.bates_prefix.clone();
            opts.dpi = a.dpi;
            let bar = crate::output::ExportBar::new();
            let b = bar.clone();
            let report = office
                .export(me, &a.reference, &opts, move |p| b.update(&p))
                .await;
            bar.finish();
            out.export(&report?);
        }
        Command::Verify { dir } => {
            let report = office.verify_export(me, dir).await?;
            out.verify(&report);
            if !report.ok {
                bail!("the export in {} does not verify", dir.display());
            }
        }
        Command::Withhold {
            reference,
            doc,
            code,
            with_attachments,
        } => {
            let decisions = office
                .withhold_family(
                    me,
                    reference,
                    office::RecordId(*doc),
                    code,
                    *with_attachments,
                )
                .await?;
            if *with_attachments {
                out.reviews(&decisions);
            } else {
                out.review(&decisions[0]);
            }
        }
        Command::Status {
            reference,
            doc,
            status,
        } => out.review(
            &office
                .set_review_status(me, reference, office::RecordId(*doc), status)
                .await?,
        ),
        Command::Assign {
            reference,
            doc,
            to,
            unassign: _,
            enforce,
        } => {
            if let Some(on) = enforce {
                office.enforce_assignment(me, reference, on == "on").await?;
                out.done(&format!("assignment enforcement is {on} for {reference}"));
            } else {
                let ids: Vec<office::RecordId> = doc.iter().map(|d| office::RecordId(*d)).collect();
                office.assign(me, reference, &ids, to.as_deref()).await?;
                out.done(&match to {
                    Some(u) => format!("assigned {} record(s) to {}", ids.len(), u.trim()),
                    None => format!("unassigned {} record(s)", ids.len()),
                });
            }
        }
        Command::Show {
            reference,
            doc,
            release,
        } => {
            let id = office::RecordId(*doc);
            if *release {
                out.release_view(&office.release_view(me, reference, id).await?);
            } else {
                let view = office.record_view(me, reference, id).await?;
                out.record_view(&view);
                if !out.json && view.kind == office::RecordKind::Pdf {
                    // A reviewer must know of text the PDF hides (export leaves it out).
                    for h in office.hidden_text(me, reference, id).await? {
                        eprintln!("disclose: {}", h.describe());
                    }
                }
            }
        }
        Command::Redact(a) => redact(office, me, out, a).await?,
        Command::Location => out.location(&office.location()),
        Command::Migrate { to, originals } => {
            let report = office.migrate_to(me, to, originals.as_deref()).await?;
            out.migration(&report);
        }
        Command::Reindex => {
            let n = office.reindex(me).await?;
            out.done(&format!("indexed {n} records"));
        }
        _ => unreachable!("handled in run"),
    }
    Ok(())
}
