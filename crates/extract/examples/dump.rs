//! Prints what extraction gives for one file, as JSON (attachment bytes summarised).
//!
//! cargo run -p extract --example dump -- FILE [--ocr]

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("usage: dump FILE [--ocr]"));
    let do_ocr = args.any(|a| a == "--ocr");
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let kind = extract::sniff_file(&path, &name).expect("readable file");
    let opts = extract::Options::default();
    match extract::extract_file(&path, &name, kind, &opts) {
        Ok(mut e) => {
            if do_ocr && !e.needs_ocr.is_empty() {
                match extract::ocr(&path, kind, &e.needs_ocr.clone(), &opts) {
                    Ok(p) => e.merge_ocr(p),
                    Err(f) => eprintln!("ocr: {f}"),
                }
            }
            let attachments: Vec<String> = e
                .attachments
                .iter()
                .map(|a| format!("{} ({} bytes)", a.name, a.bytes.len()))
                .collect();
            let out = serde_json::json!({
                "kind": e.kind,
                "title": e.title,
                "fields": e.fields,
                "warnings": e.warnings,
                "needs_ocr": e.needs_ocr,
                "pages": e.pages.iter().map(|p| serde_json::json!({
                    "number": p.number, "width_pt": p.width_pt, "height_pt": p.height_pt,
                    "words": p.words.len(), "ocr": p.ocr })).collect::<Vec<_>>(),
                "attachments": attachments,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap());
            println!("----- text -----\n{}", e.text);
        }
        Err(f) => {
            println!("{kind}: failed: {f}");
            std::process::exit(1);
        }
    }
}
