//! Printing: a table or sentence for people, JSON on stdout with `--json`; errors on stderr
//! as one line.

use chrono::NaiveDate;
use office::{
    ApiError, AuditEvent, AuditReport, Exemption, IngestProgress, IngestReport, ProposalDecision,
    RecordStatus, RecordSummary, RecordView, RedactReport, ReleaseView, Request, ReviewDecision,
    SavedSearch, SearchResults, TermReport, UserInfo,
};
use serde_json::{Value, json};
use std::io::IsTerminal;

/// `println!` that ends quietly when stdout is closed (`disclose docs REF | head`).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

pub struct Out {
    pub json: bool,
}

/// Record content shown on a terminal: control characters (escape sequences a document could
/// carry) shown as `�`, except line breaks and tabs. Content is data, never instructions.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn print_json(v: &Value) {
    say!(
        "{}",
        serde_json::to_string_pretty(v).expect("JSON values serialise")
    );
}

/// The JSON shape of a request (stable: scripts depend on it).
fn request_json(r: &Request, today: NaiveDate) -> Value {
    json!({
        "reference": r.reference,
        "requester": r.requester,
        "description": r.description,
        "received": r.received,
        "due": r.due,
        "days_left": r.days_left(today),
        "status": r.status,
        "extended_days": r.extended_days,
        "created_by": r.created_by,
        "extensions": r.extensions,
        "state": r.state,
        "closed_as": r.closed_as,
        "determined_on": r.determined_on,
        "history": r.history,
    })
}

fn days_left(r: &Request, today: NaiveDate) -> String {
    match r.days_left(today) {
        d if d < 0 => format!("overdue by {}", -d),
        0 => "due today".into(),
        1 => "1 day left".into(),
        d => format!("{d} days left"),
    }
}

impl Out {
    pub fn init(
        &self,
        data_dir: &std::path::Path,
        admin: &str,
        roles: Option<&office::RolesReport>,
        desk_login: Option<&str>,
    ) {
        if self.json {
            let mut v = json!({"data_dir": data_dir, "admin": admin});
            if let Some(r) = roles {
                v["roles"] = json!(r);
            }
            if let Some(d) = desk_login {
                v["desk_login"] = json!(d);
            }
            print_json(&v);
            return;
        }
        say!(
            "Created the office in {} with supervisor {admin}.",
            data_dir.display()
        );
        if let Some(r) = roles {
            self.roles(r);
        }
    }

    /// A new encrypted office, and its recovery key: shown this once.
    pub fn init_encrypted(&self, data_dir: &std::path::Path, admin: &str, recovery_key: &str) {
        if self.json {
            print_json(
                &json!({"data_dir": data_dir, "admin": admin, "encrypted": true,
                               "recovery_key": recovery_key}),
            );
            return;
        }
        say!(
            "Created the encrypted office in {} with supervisor {admin}.",
            data_dir.display()
        );
        say!("Its recovery key, shown this once:");
        say!("");
        say!("    {recovery_key}");
        say!("");
        say!(
            "Write it down and keep it apart from this computer: if every supervisor's password \
             is lost, it opens the office (`disclose recover NAME`). Without a password \
             or this key, nobody can read the office's records."
        );
    }

    /// Who may do what to a team office's database.
    pub fn roles(&self, r: &office::RolesReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        say!("Database {}:", printable(&r.database));
        match &r.owner {
            Some(owner) => say!(
                "  owner {}: owns every table; it alone changes the schema (disclose team \
                 upgrade), sets the desks' grants and adds desk logins. It could rewrite \
                 anything: keep its password off the workstations.",
                printable(owner)
            ),
            None => say!("  no office tables yet"),
        }
        if !r.desk_role_exists {
            say!(
                "  desks' role {}: missing (the owner creates it with disclose team upgrade)",
                printable(&r.desk_role)
            );
            return;
        }
        let logins = if r.desk_logins.is_empty() {
            "none yet (disclose team add-desk-login NAME)".to_string()
        } else {
            printable(&r.desk_logins.join(", "))
        };
        say!(
            "  desks' role {} (no login of its own); its logins: {logins}. It may:",
            printable(&r.desk_role)
        );
        for (table, privileges) in &r.grants {
            say!("    {:<20} {}", printable(table), printable(privileges));
        }
        say!(
            "    and nothing else: no UPDATE, DELETE or TRUNCATE of audit events, no change of \
             a user's role or name, no deleting records or users, no schema changes, no \
             triggers."
        );
        if r.anyone_may_connect {
            say!("  warning: every login of the server may connect to this database");
        }
        if r.anyone_may_create {
            say!(
                "  warning: every login may create tables in its schema (the server's \
                 administrator: REVOKE CREATE ON SCHEMA public FROM PUBLIC)"
            );
        }
    }

    /// A desk login added (its address never carries a password).
    pub fn desk_login(&self, name: &str, address: &str) {
        if self.json {
            print_json(&json!({"login": name, "address": address}));
            return;
        }
        say!("Added the desk login {name}. A workstation joins with it:");
        say!(
            "  disclose join '{}' --office-key FILE --originals DIR",
            printable(address)
        );
        say!("  (its password: in ~/.pgpass, or DISCLOSE_DATABASE_PASSWORD; not in the address)");
    }

    pub fn location(&self, l: &office::OfficeLocation) {
        if self.json {
            print_json(&json!(l));
            return;
        }
        let mode = if l.backend == "postgres" {
            "team office (PostgreSQL)"
        } else {
            "this workstation's office (SQLite)"
        };
        say!("A {mode}");
        say!("Database:  {}", printable(&l.database));
        say!("Originals: {}", printable(&l.originals));
    }

    pub fn migration(&self, r: &office::MigrationReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        say!("Moved the office to {}:", printable(&r.server));
        for (table, n) in &r.tables {
            say!("  {table:<20} {n:>9} rows (counted on both sides)");
        }
        say!(
            "  audit chain: {} events verified on the server, ending in {}",
            r.audit_events,
            r.audit_head.as_deref().unwrap_or("(empty)")
        );
        say!(
            "  originals: {} files, {} bytes copied to {}",
            r.originals_copied,
            r.original_bytes_copied,
            printable(&r.originals)
        );
        say!("This workstation now uses the team office; the SQLite office was left as it was.");
    }

    pub fn done(&self, what: &str) {
        if self.json {
            print_json(&json!({"ok": true, "done": what}));
        } else {
            say!("{what}");
        }
    }

    pub fn user(&self, u: &UserInfo) {
        if self.json {
            print_json(&json!(u));
        } else {
            say!(
                "Added {} ({}) as {}: they choose their own password at their first sign-in.",
                u.name,
                u.display_name,
                u.role
            );
        }
    }

    pub fn users(&self, users: &[UserInfo]) {
        if self.json {
            print_json(&json!(users));
            return;
        }
        say!("{:<20} {:<11} {:<13} display name", "name", "role", "state");
        for u in users {
            let state = match (u.active, u.locked, u.must_change_password) {
                (false, _, _) => "inactive",
                (true, true, _) => "locked",
                // Signs in with a password a supervisor set, not yet changed.
                (true, false, true) => "temp password",
                (true, false, false) => "active",
            };
            say!(
                "{:<20} {:<11} {:<13} {}",
                u.name,
                u.role.as_str(),
                state,
                u.display_name
            );
        }
    }

    pub fn request(&self, r: &Request, today: NaiveDate) {
        if self.json {
            print_json(&request_json(r, today));
            return;
        }
        let state = match r.closed_as {
            Some(why) => format!("closed ({why})"),
            None => r.state.to_string(),
        };
        say!("{}  {}  (release: {})", r.reference, state, r.status);
        say!("  requester    {}", r.requester);
        say!("  description  {}", r.description);
        say!("  received     {}", r.received);
        say!("  due          {} ({})", r.due, days_left(r, today));
        for e in &r.extensions {
            say!(
                "  extended     +{} days by {} on {}: {} → {} ({})",
                e.days,
                e.by,
                &e.at[..10.min(e.at.len())],
                e.previous_due,
                e.new_due,
                e.reason
            );
        }
        if let Some(d) = r.determined_on {
            say!("  determined   {d}");
        }
        for c in &r.history {
            let to = match c.closed_as {
                Some(why) => format!("closed ({why})"),
                None => c.to.to_string(),
            };
            say!("  {}   {} → {} by {}: {}", c.on, c.from, to, c.by, c.note);
        }
    }

    pub fn requests(&self, rs: &[Request], today: NaiveDate) {
        if self.json {
            print_json(&Value::Array(
                rs.iter().map(|r| request_json(r, today)).collect(),
            ));
            return;
        }
        if rs.is_empty() {
            say!("No requests yet.");
            return;
        }
        say!(
            "{:<16} {:<10} {:<10} {:<16} {:<22} requester",
            "reference",
            "received",
            "due",
            "",
            "state"
        );
        for r in rs {
            say!(
                "{:<16} {:<10} {:<10} {:<16} {:<22} {}",
                r.reference.as_str(),
                r.received,
                r.due,
                days_left(r, today),
                r.state.as_str(),
                r.requester
            );
        }
    }

    pub fn exemptions(&self, es: &[Exemption]) {
        if self.json {
            print_json(&json!(es));
            return;
        }
        for e in es {
            say!(
                "{:<10} {:<7} {:<8} {:<24} {:<10} {}",
                e.code,
                e.group.as_str(),
                if e.active { "active" } else { "retired" },
                e.label,
                e.former.as_deref().unwrap_or(""),
                e.description
            );
        }
    }

    pub fn ingest(&self, r: &IngestReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        let c = &r.counts;
        say!(
            "{}: {} ingested, {} duplicates, {} failed, {} already there ({:.1} s){}",
            r.request,
            c.ingested,
            c.duplicates,
            c.failed,
            c.skipped,
            r.elapsed_ms as f64 / 1000.0,
            if r.cancelled {
                " — cancelled, run again to finish"
            } else {
                ""
            }
        );
        for f in &r.failed {
            say!("  failed  {}: {}", f.path, f.reason);
        }
    }

    /// A bulk decision (or its dry run, or its undoing).
    pub fn bulk_report(&self, r: &office::BulkReport, reference: &str, undo: bool) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        let left = r.refused.len();
        if undo {
            say!(
                "Undone: {} of {} records back as they were; {left} changed since keep their newer state.",
                r.changed,
                r.selected
            );
        } else if r.dry_run {
            say!(
                "Would change {} of the {} records selected ({} already so, {left} left as they are). Nothing was changed.",
                r.changed,
                r.selected,
                r.unchanged
            );
        } else {
            say!(
                "Changed {} of the {} records selected in one decision ({} already so, {left} left as they are).",
                r.changed,
                r.selected,
                r.unchanged
            );
            if let Some(e) = r.event {
                say!("To undo it: disclose undo {reference} --bulk {e}");
            }
        }
        for f in &r.refused {
            say!("  left  {}: {}", f.doc_id, printable(&f.reason));
        }
    }

    pub fn conversation_report(&self, r: &office::ConversationReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        if r.messages > 0 {
            say!(
                "Conversations: {} of two or more messages ({} of {} messages); {} inclusive ({:.1} s)",
                r.conversations,
                r.in_conversations,
                r.messages,
                r.inclusive,
                r.elapsed_ms as f64 / 1000.0
            );
        }
    }

    pub fn highlights(&self, terms: &[String]) {
        if self.json {
            print_json(&json!(terms));
            return;
        }
        if terms.is_empty() {
            say!("No highlight set.");
        }
        for t in terms {
            say!("{}", printable(t));
        }
    }

    pub fn batches_made(&self, rows: &[office::BatchRow]) {
        if self.json {
            print_json(&json!(rows));
            return;
        }
        let records: i64 = rows.iter().map(|b| b.records).sum();
        say!("Made {} batches holding {records} records.", rows.len());
        self.batch_rows(rows);
    }

    pub fn batch_rows(&self, rows: &[office::BatchRow]) {
        if self.json {
            print_json(&json!(rows));
            return;
        }
        for b in rows {
            say!(
                "  batch {:>4}: {:>5} records, {:>5} decided  {}",
                b.number,
                b.records,
                b.decided,
                b.reviewer
                    .as_deref()
                    .map(printable)
                    .unwrap_or_else(|| "(open)".into())
            );
        }
    }

    pub fn batches(&self, v: &office::BatchesView) {
        if self.json {
            print_json(&json!(v));
            return;
        }
        if v.batches.is_empty() {
            say!("No review batches.");
        }
        self.batch_rows(&v.batches);
        for r in &v.reviewers {
            let rate = match (
                r.first_at
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()),
                r.last_at
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()),
            ) {
                (Some(a), Some(b)) if b > a => {
                    let hours = (b - a).num_seconds() as f64 / 3600.0;
                    format!(
                        ", {:.0} records/hour",
                        r.decided as f64 / hours.max(1.0 / 60.0)
                    )
                }
                _ => String::new(),
            };
            say!("  {}: {} decided{rate}", printable(&r.reviewer), r.decided);
        }
    }

    pub fn near_dup_report(&self, r: &office::NearDupReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        if r.records > 0 {
            say!(
                "Near-duplicates: {} groups ({} of {} records) at {:.0} % similarity ({:.1} s)",
                r.groups,
                r.in_groups,
                r.records,
                r.threshold * 100.0,
                r.elapsed_ms as f64 / 1000.0
            );
        }
    }

    pub fn near_dup_groups(&self, rows: &[office::NearDupGroupRow]) {
        if self.json {
            print_json(&json!(rows));
            return;
        }
        if rows.is_empty() {
            say!("No near-duplicate groups.");
        }
        for g in rows {
            say!(
                "{:>6}  {:>4} records, least similar {:.2}  {}",
                g.id,
                g.records,
                g.lowest_similarity.unwrap_or(1.0),
                printable(g.title.as_deref().unwrap_or(""))
            );
        }
    }

    pub fn comparison(&self, c: &office::Comparison) {
        if self.json {
            print_json(&json!(c));
            return;
        }
        let similarity = c
            .similarity
            .map(|s| format!(", {:.0} % like its pivot", s * 100.0))
            .unwrap_or_default();
        say!(
            "Record {} beside record {}{similarity}: {} words the same, {} runs only in {}, {} only in {}.",
            c.right,
            c.left,
            c.diff.same_words,
            c.diff.removed.len(),
            c.left,
            c.diff.added.len(),
            c.right
        );
        let cut = |text: &str, r: &office::CharRun| -> String {
            let t: String = text
                .chars()
                .skip(r.start as usize)
                .take((r.end - r.start) as usize)
                .collect();
            printable(&t.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        for r in &c.diff.removed {
            say!("  - {}: {}", c.left, cut(&c.left_text, r));
        }
        for r in &c.diff.added {
            say!("  + {}: {}", c.right, cut(&c.right_text, r));
        }
        if c.diff.coarse {
            say!("(long texts: compared coarsely)");
        }
    }

    pub fn conversations(&self, rows: &[office::ConversationRow]) {
        if self.json {
            print_json(&json!(rows));
            return;
        }
        if rows.is_empty() {
            say!("No conversations of two or more messages.");
        }
        for c in rows {
            say!(
                "{:>6}  {:>4} messages, {:>3} inclusive  {}",
                c.id,
                c.messages,
                c.inclusive,
                printable(c.subject.as_deref().unwrap_or(""))
            );
        }
    }

    pub fn search(&self, r: &SearchResults) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        let shown = if r.total > (r.offset + r.hits.len()) as u64 || r.offset > 0 {
            if r.hits.is_empty() {
                format!("; none from {}", r.offset + 1)
            } else {
                format!("; showing {}–{}", r.offset + 1, r.offset + r.hits.len())
            }
        } else {
            String::new()
        };
        let originals = r
            .originals
            .map(|n| format!(" ({n} original{})", if n == 1 { "" } else { "s" }))
            .unwrap_or_default();
        say!(
            "{} record{} match{} ({} ms){}",
            r.total,
            if r.total == 1 { "" } else { "s" },
            originals,
            r.took_ms,
            shown
        );
        for h in &r.hits {
            let copies = if h.copies > 1 {
                format!("  [{} copies]", h.copies)
            } else {
                String::new()
            };
            say!(
                "{:>6}  {}  {}{}",
                h.doc_id,
                printable(&h.path),
                printable(h.title.as_deref().unwrap_or("")),
                copies
            );
            if !h.snippet.is_empty() {
                say!("        {}", printable(&h.snippet));
            }
        }
        if let Some(f) = &r.facets {
            for (name, counts) in [
                ("custodian", &f.custodian),
                ("kind", &f.kind),
                ("month", &f.month),
                ("disposition", &f.disposition),
                ("status", &f.status),
                ("exemption", &f.exemption),
            ] {
                if counts.is_empty() {
                    continue;
                }
                let list: Vec<String> = counts
                    .iter()
                    .map(|c| format!("{} {}", c.value, c.count))
                    .collect();
                say!("{name:>12}: {}", list.join(" · "));
            }
        }
    }

    pub fn term_report(&self, r: &TermReport, csv: bool) {
        if csv {
            say!("term,hits,with_families,unique");
            for t in &r.terms {
                say!(
                    "{},{},{},{}",
                    office::csv_field(&t.term),
                    t.hits,
                    t.with_families,
                    t.unique
                );
            }
            say!("(any term),{},{},", r.any.hits, r.any.with_families);
            return;
        }
        if self.json {
            print_json(&json!(r));
            return;
        }
        let width = r
            .terms
            .iter()
            .map(|t| t.term.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 60);
        say!(
            "{:<width$}  {:>8}  {:>13}  {:>8}",
            "term",
            "hits",
            "with families",
            "unique"
        );
        for t in &r.terms {
            say!(
                "{:<width$}  {:>8}  {:>13}  {:>8}",
                t.term,
                t.hits,
                t.with_families,
                t.unique
            );
        }
        say!(
            "{:<width$}  {:>8}  {:>13}",
            "(any term)",
            r.any.hits,
            r.any.with_families
        );
    }

    pub fn saved_searches(&self, list: &[SavedSearch]) {
        if self.json {
            print_json(&json!(list));
            return;
        }
        if list.is_empty() {
            say!("No saved searches.");
        }
        for s in list {
            say!(
                "{}  {}  (saved by {} at {})",
                s.name,
                s.query,
                s.saved_by,
                s.saved_at
            );
        }
    }

    pub fn redact_report(&self, r: &RedactReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        say!(
            "{} redaction{} on {} record{} ({} searched).",
            r.redactions,
            if r.redactions == 1 { "" } else { "s" },
            r.records,
            if r.records == 1 { "" } else { "s" },
            r.searched
        );
    }

    pub fn proposal_decision(&self, d: &ProposalDecision) {
        if self.json {
            print_json(&json!(d));
            return;
        }
        say!(
            "{} accepted, {} rejected{}.",
            d.accepted,
            d.rejected,
            if d.proposed_elsewhere > 0 {
                format!(
                    "; {} new proposals of the same values elsewhere",
                    d.proposed_elsewhere
                )
            } else {
                String::new()
            }
        );
    }

    pub fn record_view(&self, v: &RecordView) {
        if self.json {
            print_json(&json!(v));
            return;
        }
        say!(
            "Record {}  {}  ({}; version {})",
            v.doc_id,
            printable(&v.path),
            v.kind,
            v.version
        );
        if let Some(t) = &v.title {
            say!("Title: {}", printable(t));
        }
        say!(
            "Disposition: {}; {}{}",
            v.disposition.map_or("none", |d| d.as_str()),
            v.review_status,
            if v.exemptions.is_empty() {
                String::new()
            } else {
                format!("; withheld under {}", v.exemptions.join(", "))
            }
        );
        for r in &v.redactions {
            say!(
                "Redaction {}: characters {}–{}, {} ({}), {} by {}{}",
                r.id,
                r.start_char.unwrap_or(0),
                r.end_char.unwrap_or(0),
                r.code,
                r.origin,
                r.state,
                r.created_by,
                r.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            );
        }
        say!("");
        say!("{}", printable(&v.text));
    }

    pub fn release_view(&self, v: &ReleaseView) {
        if self.json {
            print_json(&json!(v));
            return;
        }
        say!("{}", printable(&v.text));
        for b in &v.boxes {
            say!(
                "[box on page {}: {:.3},{:.3} to {:.3},{:.3} — {}]",
                b.page,
                b.x0,
                b.y0,
                b.x1,
                b.y1,
                b.label
            );
        }
    }

    pub fn approval(&self, a: &office::ApprovalInfo) {
        if self.json {
            print_json(&json!(a));
            return;
        }
        match a.installment {
            Some(n) => say!(
                "Release set of {}, installment {n}: {}",
                a.reference,
                a.state
            ),
            None => say!("Release set of {}: {}", a.reference, a.state),
        }
        say!("  release hash   {}", a.release_hash);
        say!("  submitted by   {} at {}", a.submitted_by, a.submitted_at);
        if let (Some(by), Some(at)) = (&a.decided_by, &a.decided_at) {
            say!("  {} by {by} at {at}", a.state);
        }
        if let Some(c) = &a.comment {
            say!("  comment        {}", printable(c));
        }
        self.summary(&a.summary);
        for h in &a.hidden_text {
            say!("  HIDDEN TEXT: {}", printable(&h.describe()));
        }
        if !a.changed.is_empty() {
            say!("  CHANGED since submission (the approval no longer holds):");
            for c in &a.changed {
                say!("    - {}", printable(c));
            }
        }
    }

    pub fn statistics(&self, s: &office::OfficeStatistics) {
        if self.json {
            print_json(&json!(s));
            return;
        }
        print!("{}", office::statistics_text(s, ""));
    }

    pub fn letter_preview(&self, p: &office::LetterPreview) {
        if self.json {
            print_json(&json!(p));
            return;
        }
        print!("{}", printable(&p.text));
    }

    pub fn letters(&self, reference: &str, ls: &[office::LetterInfo]) {
        if self.json {
            print_json(&json!(ls));
            return;
        }
        if ls.is_empty() {
            say!("{reference} has no letters");
        }
        for l in ls {
            say!(
                "letter {}  {} ({})  issued by {} at {}",
                l.id,
                l.kind,
                l.language,
                l.issued_by,
                l.issued_at
            );
        }
    }

    pub fn letter_template(&self, t: &office::LetterTemplate) {
        if self.json {
            print_json(&json!(t));
            return;
        }
        say!(
            "# {} template ({}){}",
            t.name,
            t.language,
            if t.edited { ", edited" } else { ", as shipped" }
        );
        print!("{}", printable(&t.text));
    }

    pub fn installments(&self, i: &office::Installments) {
        if self.json {
            print_json(&json!(i));
            return;
        }
        if i.installments.is_empty() {
            say!("{} has not gone out in installments", i.reference);
        }
        for n in &i.installments {
            say!(
                "Installment {} of {}: pages {}–{}, exported {} into {}",
                n.number,
                i.reference,
                n.bates_first,
                n.bates_last,
                &n.exported_at[..10.min(n.exported_at.len())],
                printable(&n.out_dir)
            );
            say!("  approved by    {} at {}", n.approved_by, n.approved_at);
            self.summary(&n.summary);
        }
        if !i.changed.is_empty() {
            say!(
                "CHANGED since they went out ({}; the next installment carries corrected copies):",
                i.changed.len()
            );
            for c in &i.changed {
                say!(
                    "  record {} ({}), released in installment {}",
                    c.doc_id,
                    printable(&c.path),
                    c.installment
                );
            }
        }
    }

    fn summary(&self, s: &office::ReleaseSummary) {
        say!(
            "  {} records: {} released in full, {} with redactions, {} withheld, {} not responsive, {} duplicates",
            s.records,
            s.released_in_full,
            s.released_with_redactions,
            s.withheld,
            s.not_responsive,
            s.duplicates
        );
        if s.corrected > 0 {
            say!(
                "  {} corrected copies of records released in an earlier installment",
                s.corrected
            );
        }
        for (code, n) in &s.redactions_by_code {
            say!("  redactions under {code}: {n}");
        }
        for (code, n) in &s.withheld_by_code {
            say!("  withheld under {code}: {n}");
        }
    }

    pub fn preview(
        &self,
        reference: &str,
        s: &office::ReleaseSummary,
        problems: &[office::SubmissionProblem],
    ) {
        if self.json {
            print_json(&json!({"reference": reference, "state": "not submitted",
                               "summary": s, "problems": problems}));
            return;
        }
        say!("Release set of {reference}: not submitted");
        self.summary(s);
        for p in problems {
            say!("  to do before submitting: {}", printable(&p.describe()));
        }
    }

    pub fn check(&self, c: &office::ReleaseCheck) {
        if self.json {
            print_json(&json!(c));
            return;
        }
        say!(
            "Release of {}: {} records, {} pages checked as the export will print them ({} read now, {} unchanged since the last check)",
            c.reference,
            c.records,
            c.pages,
            c.checked,
            c.reused
        );
        if c.problems.is_empty() {
            say!("  nothing stops its submission");
        }
        for p in &c.problems {
            say!("  PROBLEM: {}", printable(&p.describe()));
        }
        for h in &c.hidden_text {
            say!("  HIDDEN TEXT: {}", printable(&h.describe()));
        }
        for g in &c.font_gaps {
            say!(
                "  record {}: {} character(s) the font cannot show will print as a replacement mark",
                g.doc_id,
                g.characters
            );
        }
        if !c.as_images.is_empty() {
            let ids: Vec<String> = c.as_images.iter().map(|r| r.to_string()).collect();
            say!(
                "  released as page images (text read by OCR): records {}",
                ids.join(", ")
            );
        }
    }

    pub fn settings(&self, s: &office::OfficeSettings) {
        if self.json {
            print_json(&json!(s));
            return;
        }
        say!("Agency: {}", printable(&s.agency_name));
        say!(
            "Bates prefix: {}",
            if s.bates_prefix.is_empty() {
                "(the request's reference)"
            } else {
                &s.bates_prefix
            }
        );
        say!(
            "Watermark: {}",
            if s.watermark.is_empty() {
                "(none)"
            } else {
                &s.watermark
            }
        );
        say!("Idle timeout: {} minutes", s.idle_minutes);
        say!("Near-duplicate threshold: {} %", s.near_dup_percent);
        say!(
            "Records the checks cannot vouch for: {}",
            if s.images_when_unchecked {
                "released as page images"
            } else {
                "stop the submission"
            }
        );
        match &s.last_backup {
            Some(b) => say!("Last backup: {} into {} by {}", b.at, b.folder, b.by),
            None => say!("Last backup: none"),
        }
        if let Some(w) = &s.backup_warning {
            say!("Warning: {w}");
        }
        say!("Detectors of personal information (run by default; the code they propose):");
        for d in &s.detectors {
            say!(
                "  {:<15} {:<4} {}",
                d.kind.as_str(),
                if d.runs { "on" } else { "off" },
                if d.code.is_empty() {
                    "the run's code"
                } else {
                    &d.code
                }
            );
        }
    }

    pub fn backup(&self, r: &office::BackupReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        say!(
            "Backed up into {} ({}): {} requests, {} records, {} originals, audit to event {}",
            r.folder,
            if r.incremental {
                "only what was new"
            } else {
                "a first backup"
            },
            r.requests,
            r.records,
            r.originals,
            r.audit_seq
        );
        say!(
            "Copied {} files, {} bytes; {} originals re-hashed in the copy",
            r.files_copied,
            r.bytes_copied,
            r.originals_checked
        );
        for sha in &r.damaged {
            say!("Damaged in the office itself (backed up as it is): original {sha}");
        }
    }

    pub fn backup_check(&self, c: &office::BackupCheck) {
        if self.json {
            print_json(&json!(c));
            return;
        }
        say!(
            "{}: the backup of {}, {} audit events and {} originals checked",
            if c.ok { "OK" } else { "NOT OK" },
            c.taken_at,
            c.audit_events,
            c.originals_checked
        );
        for p in &c.problems {
            say!("  {}", printable(p));
        }
        if c.more_problems > 0 {
            say!("  … and {} more", c.more_problems);
        }
    }

    pub fn restore(&self, r: &office::RestoreReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        say!(
            "Restored the backup of {} into {}: {} requests, {} records; audit chain of {} events and {} originals verified; search index built ({} entries: records and their review changes)",
            r.taken_at,
            r.data_dir,
            r.requests,
            r.records,
            r.audit_events,
            r.originals_checked,
            r.indexed
        );
        say!(
            "Use it with --data-dir {} (or DISCLOSE_DATA_DIR)",
            r.data_dir
        );
    }

    pub fn export(&self, r: &office::ExportReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        say!(
            "Exported {} records, {} pages ({} – {}) to {}",
            r.records,
            r.pages,
            r.bates_first,
            r.bates_last,
            printable(&r.out_dir)
        );
        say!(
            "  every file read back and checked; manifest SHA-256 {}",
            r.manifest_sha256
        );
        for h in &r.hidden_text {
            say!(
                "  record {} page {}: {} word(s) of hidden text left out ({:?})",
                h.doc_id,
                h.page,
                h.words,
                h.why
            );
        }
        if r.missing_glyphs > 0 {
            say!(
                "  {} character(s) the font cannot show were printed as a replacement mark",
                r.missing_glyphs
            );
        }
    }

    pub fn verify(&self, r: &office::VerifyReport) {
        if self.json {
            print_json(&json!(r));
            return;
        }
        if r.ok && !r.current {
            say!(
                "Export of {} verifies: {} files unchanged. The review has changed since this export (its copies were not read again against the new review).",
                r.reference,
                r.files
            );
        } else if r.ok {
            say!(
                "Export of {} verifies: {} files unchanged, {} records read back, no redacted text readable.",
                r.reference,
                r.files,
                r.records_checked
            );
        } else {
            say!("Export of {} does NOT verify:", r.reference);
            for p in &r.problems {
                say!("  - {}", printable(p));
            }
        }
    }

    pub fn reviews(&self, ds: &[ReviewDecision]) {
        if self.json {
            print_json(&json!(ds));
            return;
        }
        for d in ds {
            self.review(d);
        }
    }

    pub fn review(&self, d: &ReviewDecision) {
        if self.json {
            print_json(&json!(d));
            return;
        }
        let codes = if d.exemptions.is_empty() {
            String::new()
        } else {
            format!(" under {}", d.exemptions.join(", "))
        };
        say!(
            "Record {}: {}{}.",
            d.doc_id,
            d.disposition.map_or("no disposition", |d| d.as_str()),
            codes
        );
    }

    pub fn records(&self, rs: &[RecordSummary]) {
        if self.json {
            print_json(&json!(rs));
            return;
        }
        for r in rs {
            let state = match (r.status, r.duplicate_of, &r.failure) {
                (RecordStatus::Duplicate, Some(d), _) => format!("duplicate of {d}"),
                (RecordStatus::Failed, _, Some(f)) => format!("failed: {f}"),
                (s, _, _) => s.to_string(),
            };
            // An Outlook item says what it is (a meeting, a contact) and where it was filed.
            let kind = match &r.item {
                Some(item) => format!("{} ({item})", r.kind),
                None => r.kind.to_string(),
            };
            let folder = r
                .folder
                .as_deref()
                .map(|f| format!("  [{}]", printable(f)))
                .unwrap_or_default();
            say!(
                "{:>6}  {:<12} {:<40} {}{folder}",
                r.id,
                kind,
                printable(&r.path),
                printable(&state)
            );
        }
    }

    pub fn audit_report(&self, r: &AuditReport) {
        if self.json {
            print_json(&json!(r));
        } else if r.ok {
            say!(
                "The audit chain verifies: {} events, none changed, none missing.",
                r.events
            );
        } else if let Some(b) = &r.first_break {
            say!(
                "The audit chain is BROKEN at event {}: {} ({} events before it verify).",
                b.seq,
                b.reason,
                r.events
            );
        }
    }

    pub fn audit_log(&self, events: &[AuditEvent]) {
        if self.json {
            print_json(&json!(events));
            return;
        }
        for e in events {
            say!(
                "{:>6}  {}  {:<12} {:<22} {}  {}",
                e.seq,
                e.at,
                e.actor,
                e.action,
                e.subject,
                e.details
            );
        }
    }
}

/// The export progress line: on a terminal only.
#[derive(Clone)]
pub struct ExportBar(Option<indicatif::ProgressBar>);

impl ExportBar {
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return ExportBar(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed}  {msg}")
                .expect("valid template"),
        );
        ExportBar(Some(bar))
    }

    pub fn update(&self, p: &office::ExportProgress) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!(
                "{} records, {} pages written and checked",
                p.records_done, p.pages_done
            ));
            bar.tick();
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The progress of a backup, its check or a restore, step by step, or of a redaction run over
/// a request's records: on a terminal only.
#[derive(Clone)]
pub struct StepBar(Option<indicatif::ProgressBar>);

impl StepBar {
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return StepBar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} {elapsed}")
                .expect("valid template"),
        );
        StepBar(Some(bar))
    }

    pub fn update(&self, p: &office::BackupProgress) {
        self.set(p.done, p.total, p.step.clone());
    }

    pub fn searching(&self, p: &office::FindProgress) {
        self.set(
            p.searched,
            p.total,
            format!("records searched, {} found", p.found),
        );
    }

    fn set(&self, done: u64, total: u64, message: String) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message(message);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The pre-flight's progress bar: on a terminal only.
#[derive(Clone)]
pub struct CheckBar(Option<indicatif::ProgressBar>);

impl CheckBar {
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return CheckBar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} records checked, {msg} {elapsed}",
            )
            .expect("valid template"),
        );
        CheckBar(Some(bar))
    }

    pub fn update(&self, p: &office::CheckProgress) {
        if let Some(bar) = &self.0 {
            bar.set_length(p.records as u64);
            bar.set_position(p.records_done as u64);
            bar.set_message(format!("{} pages", p.pages_done));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The ingest progress bar: on a terminal only (a script's stderr stays clean).
pub struct IngestBar(Option<indicatif::ProgressBar>);

impl IngestBar {
    pub fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return IngestBar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {binary_bytes_per_sec}  ETA {eta}  {msg}",
            )
            .expect("valid template"),
        );
        IngestBar(Some(bar))
    }

    pub fn update(&self, p: &IngestProgress) {
        let Some(bar) = &self.0 else { return };
        bar.set_length(p.bytes_total.max(1));
        bar.set_position(p.bytes_done);
        let mut msg = format!("{}/{} files", p.files_done, p.files_total);
        if p.failed > 0 {
            msg.push_str(&format!(", {} failed", p.failed));
        }
        if p.ocr_pages_queued > 0 {
            msg.push_str(&format!(
                ", OCR {}/{} pages",
                p.ocr_pages_done, p.ocr_pages_queued
            ));
        }
        bar.set_message(msg);
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// One line on stderr; with `--json`, the error's code and message as JSON on stderr too.
pub fn error(e: &anyhow::Error, json: bool) {
    let api = e.downcast_ref::<ApiError>();
    if let Some(detail) = api.and_then(|a| a.detail.as_deref()) {
        // The detail is for whoever reads the log, not the message line.
        if std::env::var_os("DISCLOSE_DEBUG").is_some() {
            eprintln!("disclose: detail: {detail}");
        }
    }
    if json {
        let code = api
            .map(|a| format!("{:?}", a.code))
            .unwrap_or_else(|| "Invalid".into());
        let mut err = json!({"code": code, "message": e.to_string()});
        if let Some(r) = api.and_then(|a| a.record) {
            err["record"] = json!(r);
        }
        eprintln!("{}", json!({ "error": err }));
    } else {
        eprintln!("disclose: {e}");
    }
}
