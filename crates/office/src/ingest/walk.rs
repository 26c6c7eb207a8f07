//! Walking the given paths: the files under them, in name order, with the paths shown.

use std::path::{Path, PathBuf};

/// Files under a path, in name order: (file, size, path as the user will see it).
pub(super) fn walk(root: &Path) -> impl Iterator<Item = (PathBuf, u64, String)> {
    let shown_root = shown(root);
    let root_is_file = root.is_file();
    let root = root.to_path_buf();
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(move |e| {
            let e = e.ok()?;
            if !e.file_type().is_file() {
                return None;
            }
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            let shown = if root_is_file {
                shown_root.clone()
            } else {
                let rel = e.path().strip_prefix(&root).ok()?;
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if shown_root.is_empty() {
                    rel.join("/")
                } else {
                    format!("{}/{}", shown_root, rel.join("/"))
                }
            };
            Some((e.into_path(), size, shown))
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

    #[test]
    fn paths_are_shown_as_given() {
        assert_eq!(shown(Path::new("./collection/")), "collection");
        assert_eq!(shown(Path::new("/srv/mail")), "/srv/mail");
        assert_eq!(shown(Path::new(".")), "");
    }
}
