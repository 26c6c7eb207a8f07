use redact::detect::{Kind, Known, detect};
#[test]
#[ignore]
fn scan() {
    let list = std::env::var("SCAN").unwrap();
    let mut n = 0;
    let mut bytes = 0;
    let mut secs = 0.0;
    for p in list.split(':') {
        let Ok(t) = std::fs::read_to_string(p) else {
            continue;
        };
        bytes += t.len();
        let st = std::time::Instant::now();
        let f = detect(&t, &[Kind::Address], &Known::default());
        secs += st.elapsed().as_secs_f64();
        let chars: Vec<char> = t.chars().collect();
        for (_, s) in f {
            n += 1;
            let v: String = chars[s.start..s.end].iter().collect();
            println!("{p}: {v:?}");
        }
    }
    println!(
        "{n} findings in {bytes} bytes, {:.1} MB/s",
        bytes as f64 / secs / 1e6
    );
}
