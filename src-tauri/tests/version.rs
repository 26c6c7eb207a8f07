//! One version everywhere: the package Tauri's bundler names (tauri.conf.json), the front end's
//! (ui/package.json) and the one `disclose --version` and the window's About print (Cargo's).

fn version_in(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["version"].as_str().unwrap().to_string()
}

#[test]
fn the_package_the_front_end_and_the_programs_have_one_version() {
    assert_eq!(version_in("tauri.conf.json"), env!("CARGO_PKG_VERSION"));
    assert_eq!(version_in("../ui/package.json"), env!("CARGO_PKG_VERSION"));
}
