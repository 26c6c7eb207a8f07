//! Started with no graphical session, the window says so in one line and exits, instead of
//! panicking inside GTK with a backtrace.

#[test]
#[cfg(target_os = "linux")]
fn without_a_display_the_window_says_so_in_one_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_disclose-desktop"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // Only X11 is tried: a Wayland socket left in the runtime folder cannot be picked up.
        .env("GDK_BACKEND", "x11")
        .env("DISCLOSE_DATA_DIR", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("needs a graphical session")),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
