//! Makes sure the window has something to embed on a fresh clone (ui/dist is git-ignored and
//! built by `npm --prefix ui run build`), then runs Tauri's build step.

use std::path::Path;

const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Disclose</title></head>
<body>
<h1>Disclose: UI not built</h1>
<p>Run <code>npm --prefix ui ci &amp;&amp; npm --prefix ui run build</code>, then build the app again
with <code>cargo build -p disclose-desktop --features custom-protocol</code>.</p>
</body>
</html>
"#;

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(&dist).expect("create ui/dist");
        std::fs::write(dist.join("index.html"), PLACEHOLDER).expect("write ui/dist/index.html");
    }
    // Run again when ui/dist goes away (or changes), to put the placeholder back.
    println!(
        "cargo:rerun-if-changed={}",
        dist.join("index.html").display()
    );
    tauri_build::build()
}
