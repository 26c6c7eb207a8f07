//! Team mode, black-box: separate `disclose` processes, each with its own data directory (its
//! own search index) like separate workstations, sharing one office on a real PostgreSQL
//! server (`scripts/with-postgres`) and one originals folder.

use testkit as fixtures;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PW: &str = "supersecret1";
/// What the supervisor gives a new user: changed at their first sign-in.
const FIRST_PW: &str = "from ana 12345";

/// One workstation: a data directory and who works at it.
struct Desk {
    dir: PathBuf,
    user: &'static str,
}

impl Desk {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_disclose"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DISCLOSE_DATA_DIR", &self.dir)
            .env("DISCLOSE_USER", self.user)
            .env("DISCLOSE_PASSWORD", PW)
            .env("DISCLOSE_NEW_PASSWORD", PW)
            .env("DISCLOSE_DESK_PASSWORD", fixtures::postgres::DESK_PASSWORD)
            .args(args);
        c
    }

    /// Starts the command without waiting (two desks acting at the same moment).
    fn start(&self, args: &[&str]) -> std::process::Child {
        self.cmd(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        checked(args, self.run(args))
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        serde_json::from_str(&self.ok(&a)).unwrap()
    }

    /// This desk's supervisor adds a user with a first password.
    fn add_user(&self, name: &str, role: &str) {
        let args = ["user", "add", name, "--role", role];
        let out = self
            .cmd(&args)
            .env("DISCLOSE_NEW_PASSWORD", FIRST_PW)
            .output()
            .unwrap();
        checked(&args, out);
    }

    /// This desk's user, new, chooses their own password (PW) at their first sign-in.
    fn first_sign_in(&self) {
        let out = self
            .cmd(&["password"])
            .env("DISCLOSE_PASSWORD", FIRST_PW)
            .output()
            .unwrap();
        checked(&["password"], out);
    }

    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "{} {args:?}: expected a refusal, got {}",
            self.user,
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
        err
    }
}

fn checked(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fresh_database() -> String {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(fixtures::postgres::fresh_database("team"))
}

/// A test database's name (desk logins are named after it: logins are the server's).
fn db_name(url: &str) -> &str {
    url.split('?').next().unwrap().rsplit('/').next().unwrap()
}

fn collection(root: &Path, n: usize) {
    for i in 0..n {
        fixtures::write(
            &root.join(format!("memo-{i:03}.txt")),
            format!("Memo {i} about the permit fee. Call Dana Whit at 555-0142.\n"),
        );
    }
    fixtures::write(
        &root.join("invoice.pdf"),
        fixtures::pdf_with_text("Invoice 42 for Dana Whit"),
    );
}

#[test]
fn two_clerks_and_supervisors_release_a_request_from_their_own_workstations() {
    let url = fresh_database();
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("share/originals");
    let shared_s = shared.to_str().unwrap();
    let desk = |name: &str, user: &'static str| Desk {
        dir: tmp.path().join(name),
        user,
    };
    let (ana, sam, olga, cleo, carl) = (
        desk("ana-pc", "ana"),
        desk("sam-pc", "sam"),
        desk("olga-pc", "olga"),
        desk("cleo-pc", "cleo"),
        desk("carl-pc", "carl"),
    );

    // The supervisor creates the team office as the database's owner; her workstation then
    // connects with a desk login, and init says who may do what.
    let db = db_name(&url).to_string();
    let text = ana.ok(&[
        "init",
        "--admin",
        "ana",
        "--database",
        &url,
        "--originals",
        shared_s,
        "--desk-login",
        &format!("{db}_ana"),
    ]);
    for said in [
        "owner disclose: owns every table",
        &format!("desks' role {db}_desk (no login of its own); its logins: {db}_ana"),
        "audit_events         SELECT, INSERT",
        "UPDATE (password_hash, active, failed_logins, locked_until, must_change_password, \
         password_set_by, password_set_at)",
        "no UPDATE, DELETE or TRUNCATE of audit events",
    ] {
        assert!(text.contains(said), "{said:?} in {text}");
    }
    let conf = std::fs::read_to_string(ana.dir.join("team.conf")).unwrap();
    assert!(
        conf.contains(&format!("database = postgres://{db}_ana@")),
        "{conf}"
    );
    for (name, role) in [
        ("sam", "supervisor"),
        ("olga", "officer"),
        ("cleo", "clerk"),
        ("carl", "clerk"),
    ] {
        ana.add_user(name, role);
    }
    // The owner adds a desk login for each other workstation.
    let address = |d: &Desk| -> String {
        let r = ana.json(&[
            "team",
            "add-desk-login",
            &format!("{db}_{}", d.user),
            "--database",
            &url,
        ]);
        r["address"].as_str().unwrap().to_string()
    };
    let (sam_at, olga_at, cleo_at, carl_at) = (
        address(&sam),
        address(&olga),
        address(&cleo),
        address(&carl),
    );
    // Without the office key a desk cannot join: it could neither verify nor continue the
    // office's audit log.
    let err = sam.refused(&["join", &sam_at, "--originals", shared_s]);
    assert!(err.contains("does not hold the office key"), "{err}");
    assert!(!sam.dir.join("team.conf").exists());
    let key = ana.dir.join("office.key");
    let key_s = key.to_str().unwrap();
    // Nor with the owner's login (here a superuser): it could rewrite the audit log.
    let err = sam.refused(&["join", &url, "--originals", shared_s, "--office-key", key_s]);
    assert!(
        err.contains("is a superuser") && err.contains("--allow-owner"),
        "{err}"
    );
    assert!(!sam.dir.join("team.conf").exists());
    for (d, at) in [(&sam, &sam_at), (&cleo, &cleo_at)] {
        let l = d.json(&["join", at, "--originals", shared_s, "--office-key", key_s]);
        assert_eq!(l["backend"], "postgres", "{l}");
        assert!(!l["database"].as_str().unwrap().contains(PW));
        d.first_sign_in();
    }
    // A password in an argument works, with a warning: anyone here can read it.
    let with_pw = carl_at.replacen(
        &format!("{db}_carl@"),
        &format!("{db}_carl:in-arguments@"),
        1,
    );
    let out = carl
        .cmd(&[
            "join",
            &with_pw,
            "--originals",
            shared_s,
            "--office-key",
            key_s,
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: the database password is in the command line"),
        "{err}"
    );
    // One from the environment is used, and never written to team.conf.
    let out = olga
        .cmd(&[
            "join",
            &olga_at,
            "--originals",
            shared_s,
            "--office-key",
            key_s,
        ])
        .env("DISCLOSE_DATABASE_PASSWORD", "from-the-environment")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !err.contains("warning"), "{err}");
    let conf = std::fs::read_to_string(olga.dir.join("team.conf")).unwrap();
    assert!(!conf.contains("from-the-environment"), "{conf}");
    carl.first_sign_in();
    olga.first_sign_in();
    // Any desk can see who may do what.
    let roles = cleo.json(&["team", "roles"]);
    let logins = roles["desk_logins"].as_array().unwrap();
    assert_eq!(logins.len(), 5, "{roles}");
    // A desk joins from an empty data folder only (the office's rule, as in the window).
    let err = sam.refused(&["join", &url, "--originals", shared_s, "--office-key", key_s]);
    assert!(err.contains("holds an office already"), "{err}");
    olga.ok(&[
        "request",
        "create",
        "PRA-7",
        "--requester",
        "Pat Doe",
        "--received",
        "2026-11-02",
        "--description",
        "permit fee memos",
    ]);

    // Both clerks ingest the same folder at the same moment: each file is recorded once.
    let root = tmp.path().join("collection");
    collection(&root, 60);
    let root_s = root.to_str().unwrap().to_string();
    let spawn = |d: &Desk| d.start(&["--json", "ingest", "PRA-7", &root_s, "--no-ocr"]);
    let (a, b) = (spawn(&cleo), spawn(&carl));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let args = ["ingest"];
    let ra: Value = serde_json::from_str(&checked(&args, a)).unwrap();
    let rb: Value = serde_json::from_str(&checked(&args, b)).unwrap();
    let recorded = |r: &Value| {
        r["counts"]["ingested"].as_u64().unwrap()
            + r["counts"]["duplicates"].as_u64().unwrap()
            + r["counts"]["failed"].as_u64().unwrap()
    };
    assert_eq!(recorded(&ra) + recorded(&rb), 61, "{ra}\n{rb}");
    // Whatever one desk recorded, the other skipped.
    let skipped = |r: &Value| r["counts"]["skipped"].as_u64().unwrap();
    assert_eq!(skipped(&ra) + skipped(&rb), 61, "{ra}\n{rb}");
    let docs = ana.json(&["docs", "PRA-7"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 61);
    let mut paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 61, "each file once");
    let memo = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("memo-000.txt"))
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();

    // Carl opens the memo; meanwhile Cleo redacts it.
    let seen = carl.json(&["show", "PRA-7", "--doc", &memo])["version"]
        .as_i64()
        .unwrap()
        .to_string();
    cleo.ok(&[
        "redact",
        "PRA-7",
        "--doc",
        &memo,
        "--text",
        "Dana Whit",
        "--code",
        "7927.700",
    ]);
    // Carl's change to what he saw is refused, naming Cleo; nothing of it is kept.
    let err = carl.refused(&[
        "--if-version",
        &seen,
        "disposition",
        "PRA-7",
        "--doc",
        &memo,
        "release",
    ]);
    assert!(
        err.contains(&format!("record {memo} was changed by cleo")),
        "{err}"
    );
    let view = carl.json(&["show", "PRA-7", "--doc", &memo]);
    assert_eq!(view["disposition"], Value::Null);
    assert_eq!(view["redactions"].as_array().unwrap().len(), 1);
    // Having reopened it, he decides on the current version.
    let now = view["version"].as_i64().unwrap().to_string();
    carl.ok(&[
        "--if-version",
        &now,
        "disposition",
        "PRA-7",
        "--doc",
        &memo,
        "redact",
    ]);

    // The supervisor's own index follows the clerks' changes through the change sequence.
    let hits = ana.json(&["search", "PRA-7", "exemption:7927.700"]);
    assert_eq!(hits["total"], 1, "{hits}");
    let hits = ana.json(&["search", "PRA-7", "disposition:redact"]);
    assert_eq!(hits["total"], 1, "{hits}");

    cleo.ok(&[
        "redact",
        "PRA-7",
        "--all-docs",
        "--text",
        "Dana Whit",
        "--code",
        "7927.700",
    ]);
    cleo.ok(&["disposition", "PRA-7", "--undecided", "release"]);
    olga.ok(&["submit", "PRA-7"]);

    // Two supervisors approve at the same moment: one approval, the other is told.
    let (x, y) = (
        ana.start(&["approve", "PRA-7"]),
        sam.start(&["approve", "PRA-7"]),
    );
    let (x, y) = (x.wait_with_output().unwrap(), y.wait_with_output().unwrap());
    assert!(
        x.status.success() != y.status.success(),
        "exactly one approval: {x:?} {y:?}"
    );
    let loser = if x.status.success() { &y } else { &x };
    assert!(
        String::from_utf8_lossy(&loser.stderr).contains("has no release set waiting"),
        "{loser:?}"
    );
    let state = olga.json(&["approval", "PRA-7"]);
    assert_eq!(state["state"], "approved", "{state}");

    // Export from the supervisor's desk, from the shared originals.
    let out = tmp.path().join("release");
    let r = sam.json(&["export", "PRA-7", "--out", out.to_str().unwrap()]);
    assert_eq!(r["records"], 61);
    let text = Command::new("pdftotext")
        .arg(out.join("PRA-7-release.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("about the permit fee"), "{text}");
    assert!(!text.contains("Dana") && !text.contains("Whit"), "{text}");
    assert_eq!(sam.json(&["verify", out.to_str().unwrap()])["ok"], true);

    // One audit chain, whoever wrote it, verified from any desk.
    let v = sam.json(&["audit", "verify"]);
    assert_eq!(v["ok"], true, "{v}");
    let log = ana.json(&["audit", "log", "--limit", "1000"]);
    let actors: std::collections::BTreeSet<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    for who in ["ana", "olga", "cleo", "carl", "sam"] {
        assert!(actors.contains(who), "{who} in {actors:?}");
    }
}

/// Everything a SQLite database holds, as SQL text (independent of WAL checkpoints).
fn dump(db: &Path) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(".dump")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_populated_office_moves_to_the_server_whole_and_the_sqlite_office_is_left_alone() {
    let url = fresh_database();
    let tmp = tempfile::tempdir().unwrap();
    let ana = Desk {
        dir: tmp.path().join("ana-pc"),
        user: "ana",
    };
    let olga = Desk {
        dir: ana.dir.clone(),
        user: "olga",
    };
    // A single-workstation office with a released request and one still in review.
    ana.ok(&["init", "--admin", "ana"]);
    assert_eq!(ana.json(&["location"])["backend"], "sqlite");
    ana.add_user("olga", "officer");
    olga.first_sign_in();
    for r in ["PRA-1", "PRA-2"] {
        olga.ok(&[
            "request",
            "create",
            r,
            "--requester",
            "Pat",
            "--received",
            "2026-11-02",
            "--description",
            "memos",
        ]);
    }
    let root = tmp.path().join("collection");
    collection(&root, 30);
    // A large file too: kept loose, not in a pack.
    fixtures::write(&root.join("big.log"), "GET /permit 200\n".repeat(40_000));
    for r in ["PRA-1", "PRA-2"] {
        ana.ok(&["ingest", r, root.to_str().unwrap(), "--no-ocr"]);
        ana.ok(&[
            "redact",
            r,
            "--all-docs",
            "--text",
            "Dana Whit",
            "--code",
            "7927.700",
        ]);
        ana.ok(&["search", r, "permit", "--save", "permits"]);
    }
    ana.ok(&[
        "redact",
        "PRA-1",
        "--all-docs",
        "--detect",
        "phone",
        "--propose",
        "--code",
        "7927.700",
    ]);
    ana.ok(&["disposition", "PRA-1", "--undecided", "release"]);
    olga.ok(&["submit", "PRA-1"]);
    // The two-person rule: an officer submitted, the supervisor approves.
    ana.ok(&["approve", "PRA-1"]);
    let out1 = tmp.path().join("release-before");
    ana.ok(&["export", "PRA-1", "--out", out1.to_str().unwrap()]);
    let before_docs = ana.json(&["docs", "PRA-2"]);
    let before_search = ana.json(&["search", "PRA-2", "permit", "--limit", "100"]);

    // A clerk may not move the office.
    ana.add_user("cleo", "clerk");
    let cleo = Desk {
        dir: ana.dir.clone(),
        user: "cleo",
    };
    cleo.first_sign_in();
    let err = cleo.refused(&["migrate", "--to", &url]);
    assert!(err.contains("may not"), "{err}");
    let db = ana.dir.join("disclose.db");
    let before = dump(&db);
    let events_before = ana
        .json(&["audit", "log", "--limit", "100000"])
        .as_array()
        .unwrap()
        .len();

    let shared = tmp.path().join("share/originals");
    // The move's login becomes the database's owner; this desk goes on with a desk login.
    let desk_login = format!("{}_ana", db_name(&url));
    let report = ana.json(&[
        "migrate",
        "--to",
        &url,
        "--originals",
        shared.to_str().unwrap(),
        "--desk-login",
        &desk_login,
    ]);
    let tables: std::collections::HashMap<String, i64> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t[0].as_str().unwrap().to_string(), t[1].as_i64().unwrap()))
        .collect();
    assert_eq!(tables["records"], 64, "{report}");
    assert_eq!(tables["users"], 3);
    assert_eq!(tables["requests"], 2);
    assert!(tables["redactions"] > 60, "{report}");
    assert_eq!(tables["approvals"], 1);
    assert_eq!(tables["exports"], 1);
    assert_eq!(tables["saved_searches"], 2);
    assert_eq!(tables["audit_events"], events_before as i64);
    assert!(
        report["originals_copied"].as_u64().unwrap() >= 2,
        "{report}"
    );

    // The SQLite office is exactly as it was; this desk now works on the server.
    assert_eq!(dump(&db), before);
    let l = ana.json(&["location"]);
    assert_eq!(l["backend"], "postgres", "{l}");
    assert!(
        l["database"]
            .as_str()
            .unwrap()
            .contains(&format!("{desk_login}@")),
        "{l}"
    );
    assert_eq!(ana.json(&["docs", "PRA-2"]), before_docs);
    assert_eq!(
        ana.json(&["search", "PRA-2", "permit", "--limit", "100"])["total"],
        before_search["total"]
    );
    let v = ana.json(&["audit", "verify"]);
    assert_eq!(v["ok"], true, "{v}");
    let log = ana.json(&["audit", "log", "--limit", "100000"]);
    assert_eq!(
        log.as_array().unwrap().last().unwrap()["action"],
        "office.migrate"
    );

    // Ids continue after the copied rows (the server's sequences were moved on).
    olga.ok(&[
        "request",
        "create",
        "PRA-3",
        "--requester",
        "Pat",
        "--received",
        "2026-11-03",
        "--description",
        "more",
    ]);
    ana.ok(&[
        "ingest",
        "PRA-3",
        root.join("big.log").to_str().unwrap(),
        "--no-ocr",
    ]);
    let big = ana.json(&["docs", "PRA-3"]);
    assert_eq!(big.as_array().unwrap()[0]["id"], 65);
    ana.ok(&[
        "redact",
        "PRA-2",
        "--all-docs",
        "--text",
        "permit fee",
        "--code",
        "7927.700",
    ]);
    // The released request re-exports the same bytes from the server and the shared folder.
    let out2 = tmp.path().join("release-after");
    ana.ok(&["export", "PRA-1", "--out", out2.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(out1.join("PRA-1-release.pdf")).unwrap(),
        std::fs::read(out2.join("PRA-1-release.pdf")).unwrap()
    );
    // A second move is refused: it is a team office already, and the server is not empty.
    let err = ana.refused(&["migrate", "--to", &url]);
    assert!(err.contains("team office already"), "{err}");
}

/// A command that must be refused without a data directory's office: its one-line message
/// and how long it took.
fn refused_at(url: &str, extra: &[(&str, &str)]) -> (String, std::time::Duration) {
    let tmp = tempfile::tempdir().unwrap();
    let desk = Desk {
        dir: tmp.path().join("pc"),
        user: "ana",
    };
    let mut c = desk.cmd(&["docs", "PRA-1"]);
    c.env("DISCLOSE_DATABASE_URL", url);
    for (k, v) in extra {
        c.env(k, v);
    }
    let started = std::time::Instant::now();
    let out = c.output().unwrap();
    let took = started.elapsed();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    (err, took)
}

#[test]
fn an_unreachable_server_or_a_wrong_user_is_a_clear_refusal_not_a_hang() {
    // No server at all (a socket folder that does not exist).
    let (err, _) = refused_at(
        "postgres://clerk:pw@localhost/office?host=/nonexistent",
        &[],
    );
    assert!(
        err.contains("cannot reach the office database postgres://clerk@localhost/office")
            && err.contains("unreachable"),
        "{err}"
    );
    assert!(!err.contains(":pw@"), "the password is never shown: {err}");

    // A server that accepts the connection and never answers: the connect timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let _held = std::thread::spawn(move || {
        let conns: Vec<_> = silent.incoming().take(8).collect();
        std::thread::sleep(std::time::Duration::from_secs(30));
        drop(conns);
    });
    let (err, took) = refused_at(
        &format!("postgres://clerk@127.0.0.1:{port}/office"),
        &[("DISCLOSE_CONNECT_TIMEOUT", "2")],
    );
    assert!(
        err.contains("within 2 s") || err.contains("in time"),
        "{err}"
    );
    assert!(took < std::time::Duration::from_secs(15), "{took:?}");

    // A user the server does not know.
    let url = fixtures::postgres::server_url();
    let wrong = url.replacen("disclose@", "nobody@", 1);
    let (err, _) = refused_at(&wrong, &[]);
    assert!(err.contains("refused the user name or password"), "{err}");
}

/// SQL as the server's administrator (from the test server's own database).
async fn on_server(sql: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(&fixtures::postgres::server_url())
        .await
        .unwrap();
    sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
}

#[test]
fn a_server_lost_mid_ingest_stops_the_batch_cleanly_and_the_ingest_resumes() {
    let url = fresh_database();
    let tmp = tempfile::tempdir().unwrap();
    let ana = Desk {
        dir: tmp.path().join("ana-pc"),
        user: "ana",
    };
    // The environment's address serves as well as --database (and is kept in team.conf).
    let init = ana
        .cmd(&["init", "--admin", "ana"])
        .env("DISCLOSE_DATABASE_URL", &url)
        .output()
        .unwrap();
    checked(&["init"], init);
    ana.ok(&[
        "request",
        "create",
        "PRA-9",
        "--requester",
        "Pat",
        "--received",
        "2026-11-02",
        "--description",
        "logs",
    ]);
    let root = tmp.path().join("collection");
    let files = 6000;
    for i in 0..files {
        fixtures::write(
            &root.join(format!("d{}/note-{i:05}.txt", i % 20)),
            format!("note {i}: the permit office called back\n"),
        );
    }
    let root_s = root.to_str().unwrap();
    let ingest = ana
        .cmd(&["ingest", "PRA-9", root_s, "--no-ocr"])
        .env("DISCLOSE_CONNECT_TIMEOUT", "2")
        .env("DISCLOSE_DEBUG", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Once the first batches are in, the office's database goes away: it takes no new
    // connections and drops the ones it has (as a server that went down would).
    let office_dir = ana.dir.clone();
    let db = url
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let cut = rt.block_on(async {
        for _ in 0..2000 {
            let n = fixtures::raw_count(&office_dir, "SELECT COUNT(*) FROM records").await;
            if n > 0 {
                on_server(&format!(
                    "ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS false;
                     SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}';"
                ))
                .await;
                return n;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the ingest wrote nothing");
    });
    let out = ingest.wait_with_output().unwrap();
    assert!(
        cut < files as i64,
        "the connection was cut before the end ({cut} of {files})"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the ingest must stop: {err}");
    assert!(
        err.contains("lost the connection to the office database"),
        "{err}"
    );

    // The server is back.
    rt.block_on(on_server(&format!(
        "ALTER DATABASE \"{db}\" ALLOW_CONNECTIONS true"
    )));
    // What was committed is whole (every record with its audit event); running the same
    // ingest again takes in the rest, each file once.
    let v = ana.json(&["audit", "verify"]);
    assert_eq!(v["ok"], true, "{v}");
    let r = ana.json(&["ingest", "PRA-9", root_s, "--no-ocr"]);
    let docs = ana.json(&["docs", "PRA-9"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), files, "{r}");
    let mut paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), files);
    assert_eq!(
        ana.json(&["search", "PRA-9", "permit"])["total"],
        files as u64
    );
}

/// The backup of a team office is the server's (docs/backup.md): the database with
/// `pg_dump`, the shared originals folder as files, the office key kept apart. A dump
/// restored onto an empty server answers as the office did, and a new desk joins it.
#[test]
fn a_team_office_dumped_and_restored_onto_an_empty_server_is_joined_whole() {
    fixtures::need("pg_dump", "postgresql-client");
    let url = fresh_database();
    let db = db_name(&url).to_string();
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("share/originals");
    let shared_s = shared.to_str().unwrap();
    let (ana, sam) = (
        Desk {
            dir: tmp.path().join("ana-pc"),
            user: "ana",
        },
        Desk {
            dir: tmp.path().join("sam-pc"),
            user: "sam",
        },
    );
    ana.ok(&[
        "init",
        "--admin",
        "ana",
        "--database",
        &url,
        "--originals",
        shared_s,
        "--desk-login",
        &format!("{db}_ana"),
    ]);
    ana.add_user("sam", "supervisor");
    ana.ok(&[
        "request",
        "create",
        "PRA-1",
        "--requester",
        "Pat Doe",
        "--received",
        "2026-11-02",
        "--description",
        "permit fee memos",
    ]);
    let root = tmp.path().join("collection");
    collection(&root, 5);
    ana.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
    ana.ok(&[
        "redact",
        "PRA-1",
        "--text",
        "Dana Whit",
        "--all-docs",
        "--code",
        "7927.700",
    ]);
    let hits = |d: &Desk, q: &str| d.json(&["search", "PRA-1", q, "--limit", "1"])["total"].clone();
    let docs = ana.json(&["docs", "PRA-1"]);
    let events = ana.json(&["audit", "log"]).as_array().unwrap().len();
    assert_eq!(hits(&ana, "permit"), 5);

    // The server's side: a dump while the office is at rest.
    let dump = tmp.path().join("office.dump");
    fixtures::run(
        Command::new("pg_dump")
            .args(["--format=custom", "--file"])
            .arg(&dump)
            .args(["--dbname", &url]),
    );
    // The server is lost: its database is made again, empty (a new server would first be
    // given the logins, `pg_dumpall --roles-only`), and the dump restored into it.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = fixtures::postgres::server_url();
    for statement in [
        format!("DROP DATABASE \"{db}\""),
        format!("CREATE DATABASE \"{db}\""),
    ] {
        rt.block_on(fixtures::postgres::try_sql(&server, &statement))
            .unwrap();
    }
    fixtures::run(
        Command::new("pg_restore")
            .args(["--exit-on-error", "--dbname", &url])
            .arg(&dump),
    );

    // A new workstation joins the restored office with the shared originals and the key.
    let sam_at = ana.json(&[
        "team",
        "add-desk-login",
        &format!("{db}_sam"),
        "--database",
        &url,
    ])["address"]
        .as_str()
        .unwrap()
        .to_string();
    let key = ana.dir.join("office.key");
    sam.ok(&[
        "join",
        &sam_at,
        "--originals",
        shared_s,
        "--office-key",
        key.to_str().unwrap(),
    ]);
    sam.first_sign_in();
    for d in [&sam, &ana] {
        assert_eq!(d.json(&["audit", "verify"])["ok"], true, "{}", d.user);
        assert_eq!(hits(d, "permit"), 5, "{}", d.user);
        assert_eq!(d.json(&["docs", "PRA-1"]), docs, "{}", d.user);
    }
    // The redactions came back with the records: the release view still hides the name.
    let first = docs.as_array().unwrap()[0]["id"].to_string();
    let shown = sam.json(&["show", "PRA-1", "--doc", &first, "--release"]);
    assert!(!shown.to_string().contains("Dana Whit"), "{shown}");
    assert!(sam.json(&["audit", "log"]).as_array().unwrap().len() > events);
}

/// Crash safety (tests/crash.rs has the other fault points): a migration stopped while it
/// copies leaves the server's database empty and this desk on SQLite; one stopped after the
/// copy committed, before this desk switched, is finished by the next run, which checks the
/// copy instead of refusing a database that is no longer empty. Either way the office ends
/// up on the server whole, with one `office.migrate` event.
#[test]
fn a_migration_stopped_at_each_durable_step_completes_on_the_next_run() {
    for point in ["migrate.table-copied@3", "migrate.committed"] {
        let url = fresh_database();
        let tmp = tempfile::tempdir().unwrap();
        let ana = Desk {
            dir: tmp.path().join("ana-pc"),
            user: "ana",
        };
        ana.ok(&["init", "--admin", "ana"]);
        ana.ok(&[
            "request",
            "create",
            "PRA-1",
            "--requester",
            "Pat",
            "--received",
            "2026-11-02",
            "--description",
            "memos",
        ]);
        let root = tmp.path().join("collection");
        collection(&root, 10);
        ana.ok(&["ingest", "PRA-1", root.to_str().unwrap(), "--no-ocr"]);
        let desk_login = format!("{}_ana", db_name(&url));
        let migrate = ["migrate", "--to", &url, "--desk-login", &desk_login];
        let out = ana
            .cmd(&migrate)
            .env("DISCLOSE_FAULT", point)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains("stopping as if killed"),
            "{point}: {out:?}"
        );
        assert_eq!(ana.json(&["location"])["backend"], "sqlite", "{point}");
        assert_eq!(
            ana.json(&["search", "PRA-1", "permit"])["total"],
            10,
            "{point}"
        );

        let report = ana.json(&migrate);
        assert!(report["tables"].is_array(), "{point}: {report}");
        assert_eq!(ana.json(&["location"])["backend"], "postgres", "{point}");
        assert_eq!(ana.json(&["docs", "PRA-1"]).as_array().unwrap().len(), 11);
        assert_eq!(
            ana.json(&["search", "PRA-1", "permit"])["total"],
            10,
            "{point}"
        );
        assert_eq!(ana.json(&["audit", "verify"])["ok"], true, "{point}");
        let log = ana.json(&["audit", "log", "--limit", "100000"]);
        let moves = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "office.migrate")
            .count();
        assert_eq!(moves, 1, "{point}");
    }
}
