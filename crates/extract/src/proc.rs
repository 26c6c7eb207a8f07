//! Child processes with a wall-clock limit: killed when it passes.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

pub(crate) struct Output {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

pub(crate) enum RunError {
    /// The program is not installed.
    Missing,
    Timeout,
    Io(std::io::Error),
}

/// Runs `cmd` to completion or until `deadline`, collecting stdout and stderr.
pub(crate) fn run(cmd: Command, deadline: Instant) -> Result<Output, RunError> {
    run_with_input(cmd, None, deadline)
}

/// Like [`run`], writing `input` to the child's standard input (a secret that must not be
/// on the command line, where other users' `ps` would see it).
pub(crate) fn run_with_input(
    mut cmd: Command,
    input: Option<&[u8]>,
    deadline: Instant,
) -> Result<Output, RunError> {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(RunError::Missing);
        }
        Err(e) => return Err(RunError::Io(e)),
    };
    if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
        use std::io::Write;
        // Small (a password): fits the pipe's buffer, so no writer thread is needed.
        let _ = stdin.write_all(input);
    }
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(e) = err.as_mut() {
            // Keep at most 64 KiB of diagnostics.
            let _ = e.take(64 * 1024).read_to_end(&mut v);
            let _ = std::io::copy(e, &mut std::io::sink());
        }
        v
    });
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_end(&mut v);
        }
        v
    });
    let left = deadline.saturating_duration_since(Instant::now());
    let status = match child.wait_timeout(left.max(Duration::from_millis(1))) {
        Ok(Some(s)) => s,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = out_thread.join();
            let _ = err_thread.join();
            return Err(RunError::Timeout);
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RunError::Io(e));
        }
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    Ok(Output {
        success: status.success(),
        code: status.code(),
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}
