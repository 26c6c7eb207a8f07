//! Printing: a table or sentence for people, JSON on stdout with `--json`; errors on stderr
//! as one line.

use chrono::NaiveDate;
use office::{ApiError, AuditEvent, AuditReport, Exemption, Office, Request, UserInfo};
use serde_json::{Value, json};

pub struct Out {
    pub json: bool,
}

fn print_json(v: &Value) {
    println!(
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
    pub fn init(&self, office: &Office, admin: &str) {
        if self.json {
            print_json(&json!({"data_dir": office.data_dir(), "admin": admin}));
        } else {
            println!(
                "Created the office in {} with supervisor {admin}.",
                office.data_dir().display()
            );
        }
    }

    pub fn done(&self, what: &str) {
        if self.json {
            print_json(&json!({"ok": true, "done": what}));
        } else {
            println!("{what}");
        }
    }

    pub fn user(&self, u: &UserInfo) {
        if self.json {
            print_json(&json!(u));
        } else {
            println!("Added {} ({}) as {}.", u.name, u.display_name, u.role);
        }
    }

    pub fn users(&self, users: &[UserInfo]) {
        if self.json {
            print_json(&json!(users));
            return;
        }
        println!("{:<20} {:<11} {:<8} display name", "name", "role", "state");
        for u in users {
            let state = match (u.active, u.locked) {
                (false, _) => "inactive",
                (true, true) => "locked",
                (true, false) => "active",
            };
            println!(
                "{:<20} {:<11} {:<8} {}",
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
        println!("{}  {}", r.reference, r.status);
        println!("  requester    {}", r.requester);
        println!("  description  {}", r.description);
        println!("  received     {}", r.received);
        println!("  due          {} ({})", r.due, days_left(r, today));
        for e in &r.extensions {
            println!(
                "  extended     +{} days by {} on {}: {} → {} ({})",
                e.days,
                e.by,
                &e.at[..10.min(e.at.len())],
                e.previous_due,
                e.new_due,
                e.reason
            );
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
            println!("No requests yet.");
            return;
        }
        println!(
            "{:<16} {:<10} {:<10} {:<16} {:<10} requester",
            "reference", "received", "due", "", "status"
        );
        for r in rs {
            println!(
                "{:<16} {:<10} {:<10} {:<16} {:<10} {}",
                r.reference.as_str(),
                r.received,
                r.due,
                days_left(r, today),
                r.status.as_str(),
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
            println!(
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

    pub fn audit_report(&self, r: &AuditReport) {
        if self.json {
            print_json(&json!(r));
        } else if r.ok {
            println!(
                "The audit chain verifies: {} events, none changed, none missing.",
                r.events
            );
        } else if let Some(b) = &r.first_break {
            println!(
                "The audit chain is BROKEN at event {}: {} ({} events before it verify).",
                b.seq, b.reason, r.events
            );
        }
    }

    pub fn audit_log(&self, events: &[AuditEvent]) {
        if self.json {
            print_json(&json!(events));
            return;
        }
        for e in events {
            println!(
                "{:>6}  {}  {:<12} {:<22} {}  {}",
                e.seq, e.at, e.actor, e.action, e.subject, e.details
            );
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
        eprintln!(
            "{}",
            json!({"error": {"code": code, "message": e.to_string()}})
        );
    } else {
        eprintln!("disclose: {e}");
    }
}
