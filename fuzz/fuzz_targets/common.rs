#![allow(dead_code)]

//! What the targets share: a scratch file per fuzzing process, on tmpfs where there is one.

use std::path::PathBuf;

/// Writes `data` to this process's scratch file (named with `ext`, for the readers that look
/// at a name) and returns its path.
pub fn scratch(data: &[u8], ext: &str) -> PathBuf {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let path = dir.join(format!("disclose-fuzz-{}.{ext}", std::process::id()));
    std::fs::write(&path, data).expect("scratch file");
    path
}

/// A panic in our own code (crates/, vendor/) is a finding: the process aborts and libFuzzer
/// keeps the input. A dependency's panic unwinds instead, as it does in the shipped app, to the
/// guard that turns it into a one-line failure for that file (`extract::guarded`, the
/// spreadsheet reader's own); one that no guard catches still reaches libFuzzer's boundary and
/// is a finding too. (libfuzzer-sys's own hook aborts on every panic.)
pub fn panics_in_our_code_abort() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let ours = info.location().is_some_and(|l| {
                let f = l.file();
                !f.contains("/.cargo/registry/") && !f.starts_with("/rustc/")
            });
            if ours {
                eprintln!("{info}");
                eprintln!("{}", std::backtrace::Backtrace::force_capture());
                std::process::abort();
            }
        }));
    });
}
