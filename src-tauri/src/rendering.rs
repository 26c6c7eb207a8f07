//! How WebKitGTK draws the window on a machine without a GPU.
//!
//! WebKitGTK composites the page with OpenGL. Where there is no GPU (no DRM render node: a
//! virtual machine, a remote desktop, Xvfb) that GL is Mesa's software rasteriser, llvmpipe,
//! and it is the frame's whole cost: measured with `scripts/bench-window` on two cores under
//! Xvfb, scrolling the search hits spent 82 % of the web process's CPU in llvmpipe, for frames of
//! 135–186 ms (median); with compositing off the same scroll drew frames of 10 ms (median),
//! 32 ms at worst. So without a render node compositing is turned off, unless the user's own
//! `WEBKIT_DISABLE_COMPOSITING_MODE` says otherwise.

use std::ffi::OsString;
use std::path::Path;

/// WebKitGTK's switch (read by the web process it starts, which inherits this environment).
pub const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Whether `dri` (normally `/dev/dri`) holds a GPU render node (`renderD128`, …).
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Whether to turn compositing off: no render node under `dri`, and no choice of the user's
/// (`already`: the variable as set before the app started).
pub fn compositing_off(dri: &Path, already: Option<&OsString>) -> bool {
    already.is_none() && !has_render_node(dri)
}

/// Decides before GTK and WebKit start (and before any other thread exists).
pub fn choose() {
    #[cfg(target_os = "linux")]
    if compositing_off(
        Path::new("/dev/dri"),
        std::env::var_os(DISABLE_COMPOSITING).as_ref(),
    ) {
        // SAFETY: called first thing in `main`, while this is the process's only thread.
        unsafe { std::env::set_var(DISABLE_COMPOSITING, "1") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_goes_off_only_without_a_render_node_and_a_choice_of_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let dri = dir.path().join("dri");
        // No /dev/dri at all (this machine under Xvfb), or one without a render node.
        assert!(compositing_off(&dri, None));
        std::fs::create_dir(&dri).unwrap();
        std::fs::write(dri.join("card0"), b"").unwrap();
        assert!(compositing_off(&dri, None));
        // A GPU's render node: WebKit composites on it.
        std::fs::write(dri.join("renderD128"), b"").unwrap();
        assert!(!compositing_off(&dri, None));
        // The user's own setting, either way, stands.
        let users = OsString::from("0");
        assert!(!compositing_off(&dir.path().join("none"), Some(&users)));
    }
}
