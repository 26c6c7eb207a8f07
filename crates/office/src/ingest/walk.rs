//! Walking the given paths: the files under them, in name order, with the paths shown.
//!
//! Every path met ends in one state: a file to read, or one refused with its reason —
//! a symbolic link is followed when it leads to a place inside the folders given (a loop is
//! refused), and refused when it leads outside them or nowhere; a folder that cannot be read,
//! and anything that is not a plain file (a pipe, a device: reading one could hang), is
//! refused too. Nothing is skipped without a word.

use std::path::{Path, PathBuf};

/// A path the walk met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) file: PathBuf,
    pub(super) size: u64,
    /// The path as the user will see it.
    pub(super) shown: String,
    /// Why it is not read (it is recorded as a failed record with this reason).
    pub(super) refused: Option<String>,
}

/// The paths given, resolved: where a link may lead and still be followed.
pub(super) fn roots_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().filter_map(|p| p.canonicalize().ok()).collect()
}

/// Files under a path, in name order (see the module's notes); `roots` from [`roots_of`].
pub(super) fn walk(root: &Path, roots: &[PathBuf]) -> impl Iterator<Item = Found> + use<> {
    let shown_root = shown(root);
    let root_is_file = root.is_file();
    let root = root.to_path_buf();
    let roots = roots.to_vec();
    let show = {
        let root = root.clone();
        move |p: &Path| -> String {
            if root_is_file {
                return shown_root.clone();
            }
            let rel = p.strip_prefix(&root).unwrap_or(p);
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if shown_root.is_empty() {
                rel.join("/")
            } else if rel.is_empty() {
                shown_root.clone()
            } else {
                format!("{}/{}", shown_root, rel.join("/"))
            }
        }
    };
    let show_refused = show.clone();
    let refused = move |p: &Path, reason: String| Found {
        file: p.to_path_buf(),
        size: 0,
        shown: show_refused(p),
        refused: Some(reason),
    };
    let mut it = walkdir::WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    std::iter::from_fn(move || {
        loop {
            let e = match it.next()? {
                Ok(e) => e,
                Err(err) => {
                    let Some(p) = err.path().map(Path::to_path_buf) else {
                        continue;
                    };
                    let target = p.canonicalize().ok();
                    let reason = if let Some(t) = target
                        .as_ref()
                        .filter(|t| !roots.iter().any(|r| t.starts_with(r)))
                    {
                        format!(
                            "a link to {}, outside the folders given: not followed",
                            t.display()
                        )
                    } else if let Some(above) = err.loop_ancestor() {
                        format!(
                            "a link back to {} above it (a loop): not followed",
                            above.display()
                        )
                    } else if std::fs::symlink_metadata(&p)
                        .is_ok_and(|m| m.file_type().is_symlink())
                    {
                        let to = std::fs::read_link(&p).unwrap_or_default();
                        format!("a link to {}, which does not exist", to.display())
                    } else {
                        match err.io_error() {
                            Some(io) => format!("cannot be read ({io})"),
                            None => format!("cannot be read ({err})"),
                        }
                    };
                    return Some(refused(&p, reason));
                }
            };
            if e.path_is_symlink() {
                let target = e.path().canonicalize().unwrap_or_default();
                if !roots.iter().any(|r| target.starts_with(r)) {
                    if e.file_type().is_dir() {
                        it.skip_current_dir();
                    }
                    return Some(refused(
                        e.path(),
                        format!(
                            "a link to {}, outside the folders given: not followed",
                            target.display()
                        ),
                    ));
                }
            }
            let t = e.file_type();
            if t.is_dir() {
                continue;
            }
            if !t.is_file() {
                return Some(refused(
                    e.path(),
                    "not a plain file (a pipe, socket or device): not read".into(),
                ));
            }
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            return Some(Found {
                file: e.path().to_path_buf(),
                size,
                shown: show(e.path()),
                refused: None,
            });
        }
    })
}

/// A path as given, tidied: no leading `./`, no trailing `/`.
fn shown(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    let s = s.trim_end_matches('/');
    if s == "." {
        String::new()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn walked(root: &Path) -> Vec<(String, Option<String>)> {
        let roots = roots_of(&[root.to_path_buf()]);
        walk(root, &roots).map(|f| (f.shown, f.refused)).collect()
    }

    /// Every path ends in one state: links inside the folder followed, a loop, a link
    /// outside and a broken link refused with their reasons, a pipe refused unread.
    #[cfg(unix)]
    #[test]
    fn links_are_followed_inside_and_refused_outside_or_in_a_loop() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("col");
        let outside = tmp.path().join("secret.txt");
        std::fs::write(&outside, "not for this request").unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/memo.txt"), "memo").unwrap();
        symlink(root.join("a/memo.txt"), root.join("link-to-memo.txt")).unwrap();
        symlink(&outside, root.join("link-out.txt")).unwrap();
        symlink(tmp.path(), root.join("link-out-dir")).unwrap();
        symlink(root.join("a"), root.join("a/b/loop")).unwrap();
        symlink(root.join("gone.txt"), root.join("broken.txt")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("pipe"))
            .status()
            .unwrap();
        assert!(made.success());
        let got = walked(&root);
        let state = |name: &str| {
            got.iter()
                .find(|(s, _)| s.ends_with(name))
                .unwrap_or_else(|| panic!("{name} not met: {got:?}"))
                .1
                .clone()
        };
        let shown = root.to_string_lossy().into_owned();
        assert_eq!(state("/a/memo.txt"), None);
        assert_eq!(
            state("/link-to-memo.txt"),
            None,
            "a link inside is followed"
        );
        assert!(
            state("/link-out.txt")
                .unwrap()
                .contains("outside the folders given")
        );
        assert!(
            state("/link-out-dir")
                .unwrap()
                .contains("outside the folders given")
        );
        assert!(state("/a/b/loop").unwrap().contains("a loop"));
        assert!(state("/broken.txt").unwrap().contains("does not exist"));
        assert!(state("/pipe").unwrap().contains("not a plain file"));
        assert!(
            !got.iter().any(|(s, _)| s.contains("secret")),
            "nothing of the outside folder is walked: {got:?}"
        );
        assert!(got.iter().all(|(s, _)| s.starts_with(&shown)));
        assert_eq!(got.len(), 7, "{got:?}");
    }

    #[test]
    fn paths_are_shown_as_given() {
        assert_eq!(shown(Path::new("./collection/")), "collection");
        assert_eq!(shown(Path::new("/srv/mail")), "/srv/mail");
        assert_eq!(shown(Path::new(".")), "");
    }
}
