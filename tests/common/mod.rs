//! The black-box tests' office: a fresh data directory and the built `disclose` binary run
//! against it. Each test binary uses part of it.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Office {
    _tmp: Option<tempfile::TempDir>,
    pub dir: PathBuf,
}

pub const PW: &str = "supersecret1";
/// What a supervisor gives a new user: changed at their first sign-in.
pub const FIRST_PW: &str = "from ana 12345";

pub fn disclose(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_disclose"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DISCLOSE_DATA_DIR", dir)
        .env("DISCLOSE_USER", "ana")
        .env("DISCLOSE_PASSWORD", PW);
    c
}

impl Office {
    pub fn new() -> Office {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("office");
        let o = Office {
            _tmp: Some(tmp),
            dir,
        };
        o.ok(&["init", "--admin", "ana", "--display-name", "Ana Ruiz"]);
        o
    }

    /// A data directory `dir` inside `tmp` (removed with the office), not yet initialised.
    pub fn owning(tmp: tempfile::TempDir, dir: PathBuf) -> Office {
        Office {
            _tmp: Some(tmp),
            dir,
        }
    }

    /// The office already in `dir` (a restored one), left where it is afterwards.
    pub fn at(dir: &Path) -> Office {
        Office {
            _tmp: None,
            dir: dir.to_path_buf(),
        }
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = disclose(&self.dir);
        c.args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        serde_json::from_str(&self.ok(&a)).unwrap()
    }

    /// Runs a command that must be refused: non-zero exit, one line on stderr, nothing on stdout.
    pub fn refused(&self, cmd: &mut Command) -> String {
        let out = cmd.output().unwrap();
        assert!(
            !out.status.success(),
            "expected a refusal, got: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
        assert!(out.stdout.is_empty());
        err
    }

    /// Logs a request received 2026-11-02.
    pub fn request(&self, reference: &str) {
        self.ok(&[
            "request",
            "create",
            reference,
            "--requester",
            "x",
            "--received",
            "2026-11-02",
            "--description",
            "y",
        ]);
    }

    pub fn audit_len(&self) -> usize {
        self.json(&["audit", "log"]).as_array().unwrap().len()
    }

    /// ana adds a user, who then chooses their own password (PW) with `disclose password`,
    /// as every new user must before anything else.
    pub fn add_user(&self, name: &str, role: &str) {
        let out = self
            .cmd(&["user", "add", name, "--role", role])
            .env("DISCLOSE_NEW_PASSWORD", FIRST_PW)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let out = self
            .as_user(name, &["password"])
            .env("DISCLOSE_PASSWORD", FIRST_PW)
            .env("DISCLOSE_NEW_PASSWORD", PW)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }

    pub fn as_user(&self, name: &str, args: &[&str]) -> Command {
        let mut c = self.cmd(args);
        c.env("DISCLOSE_USER", name);
        c
    }
}
