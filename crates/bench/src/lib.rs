//! A deterministic corpus generator for benchmarks: email-like messages and born-digital
//! PDFs, the same bytes for the same seed on every machine.

use std::io::Write;
use std::path::Path;

/// xorshift64*: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const WORDS: &[&str] = &[
    "permit",
    "council",
    "budget",
    "meeting",
    "agenda",
    "street",
    "zoning",
    "review",
    "public",
    "records",
    "request",
    "water",
    "district",
    "contract",
    "invoice",
    "planning",
    "commission",
    "hearing",
    "resident",
    "complaint",
    "inspection",
    "building",
    "fire",
    "police",
    "park",
    "library",
    "grant",
    "vendor",
    "payment",
    "schedule",
    "project",
    "report",
    "draft",
    "memo",
    "policy",
    "safety",
    "traffic",
    "signal",
    "sewer",
    "repair",
    "estimate",
    "approval",
    "notice",
    "deadline",
    "minutes",
    "motion",
    "vote",
    "ordinance",
    "easement",
    "variance",
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "on",
    "with",
    "about",
    "please",
    "attached",
    "thanks",
    "we",
    "will",
];
const FIRST: &[&str] = &[
    "Ana", "Carl", "Olga", "Maria", "James", "Linh", "Priya", "Tomas", "Grace", "Omar", "Keiko",
    "Diego",
];
const LAST: &[&str] = &[
    "Ruiz", "Ng", "Petrova", "Garcia", "Smith", "Tran", "Patel", "Novak", "Kim", "Haddad", "Sato",
    "Lopez",
];

/// Where the words of generated text come from.
pub enum Vocab {
    /// The 64 words of `WORDS`, equally likely: every message has nearly all of them (the
    /// ingest figures use this; a search for any word matches almost every message).
    Flat,
    /// Words with English-like frequencies (Zipf, s = 1): the 64 `WORDS` are the most common,
    /// then made-up words, rarer and rarer. Search figures use this.
    Zipf {
        words: Vec<String>,
        cumulative: Vec<f64>,
    },
}

impl Vocab {
    pub fn zipf(n: usize) -> Vocab {
        const SYLLABLES: &[&str] = &[
            "ka", "lo", "mer", "ten", "vi", "sa", "dor", "ul", "bri", "gan", "pe", "ro", "tis",
            "na", "qu", "el", "mon", "ar", "zu", "fi",
        ];
        let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
        let mut i = 0usize;
        while words.len() < n {
            // Three syllables from the counter's digits in base 20: distinct, pronounceable.
            let (a, b, c) = (i % 20, (i / 20) % 20, (i / 400) % 20);
            words.push(format!("{}{}{}", SYLLABLES[a], SYLLABLES[b], SYLLABLES[c]));
            i += 1;
        }
        let mut cumulative = Vec::with_capacity(n);
        let mut total = 0.0;
        for r in 1..=n {
            total += 1.0 / r as f64;
            cumulative.push(total);
        }
        Vocab::Zipf { words, cumulative }
    }

    /// The word of frequency rank `r` (1 = most common).
    pub fn word(&self, r: usize) -> &str {
        match self {
            Vocab::Flat => WORDS[(r - 1) % WORDS.len()],
            Vocab::Zipf { words, .. } => &words[(r - 1).min(words.len() - 1)],
        }
    }

    fn pick<'a>(&'a self, rng: &mut Rng) -> &'a str {
        match self {
            Vocab::Flat => rng.pick(WORDS),
            Vocab::Zipf { words, cumulative } => {
                let total = cumulative[cumulative.len() - 1];
                let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let i = cumulative.partition_point(|c| *c < x);
                &words[i.min(words.len() - 1)]
            }
        }
    }
}

fn sentence(rng: &mut Rng, vocab: &Vocab, words: usize) -> String {
    let mut s = String::with_capacity(words * 8);
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(vocab.pick(rng));
    }
    s.push('.');
    s
}

/// One email-like message of about `size` bytes.
pub fn email(rng: &mut Rng, i: usize, size: usize) -> Vec<u8> {
    email_from(rng, &Vocab::Flat, i, size)
}

/// One email-like message of about `size` bytes, its words from `vocab`.
pub fn email_from(rng: &mut Rng, vocab: &Vocab, i: usize, size: usize) -> Vec<u8> {
    let (f1, l1) = (rng.pick(FIRST), rng.pick(LAST));
    let (f2, l2) = (rng.pick(FIRST), rng.pick(LAST));
    let day = 1 + rng.below(28);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][rng.below(12)];
    let mut m = format!(
        "Message-ID: <{i}.{}@city.example>\r\nDate: Mon, {day} {month} 2025 09:{:02}:00 -0800\r\n\
         From: {f1} {l1} <{}.{}@city.example>\r\nTo: {f2} {l2} <{}.{}@city.example>\r\n\
         Subject: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n",
        rng.next_u64() % 100_000,
        rng.below(60),
        f1.to_lowercase(),
        l1.to_lowercase(),
        f2.to_lowercase(),
        l2.to_lowercase(),
        sentence(rng, vocab, 4),
    );
    m.push_str(&format!("{f2},\r\n\r\n"));
    while m.len() < size.saturating_sub(60) {
        let words = 8 + rng.below(8);
        m.push_str(&sentence(rng, vocab, words));
        m.push_str("\r\n");
    }
    if rng.below(5) == 0 {
        m.push_str(&format!(
            "Call me at (916) 555-{:04}.\r\n",
            rng.below(10_000)
        ));
    }
    m.push_str(&format!("\r\n{f1} {l1}\r\n"));
    m.into_bytes()
}

/// Writes `n` messages of about `size` bytes as `dir/NNN/NNNNNNN.eml` (1,000 a folder).
pub fn write_emails(dir: &Path, n: usize, size: usize, seed: u64) -> std::io::Result<u64> {
    write_emails_from(dir, &Vocab::Flat, n, size, seed)
}

/// [`write_emails`] with words from `vocab`.
pub fn write_emails_from(
    dir: &Path,
    vocab: &Vocab,
    n: usize,
    size: usize,
    seed: u64,
) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let mut bytes = 0;
    for i in 0..n {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let m = email_from(&mut rng, vocab, i, size);
        bytes += m.len() as u64;
        std::fs::write(sub.join(format!("{i:07}.eml")), m)?;
    }
    Ok(bytes)
}

/// A born-digital PDF of `pages` letter pages of Helvetica text (≈40 lines a page).
pub fn pdf(rng: &mut Rng, pages: usize) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![];
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 4 + 2 * p)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
    );
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    for p in 0..pages {
        let mut content = String::from("BT /F1 10 Tf 12 TL 60 740 Td\n");
        for _ in 0..40 {
            content.push_str(&format!("({}) '\n", sentence(rng, &Vocab::Flat, 9)));
        }
        content.push_str("ET");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * p
            )
            .into_bytes(),
        );
        let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        s.extend_from_slice(content.as_bytes());
        s.extend_from_slice(b"\nendstream");
        objects.push(s);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for off in offsets {
        writeln!(out, "{off:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

/// Writes `n` PDFs of `pages` pages each.
pub fn write_pdfs(dir: &Path, n: usize, pages: usize, seed: u64) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(dir)?;
    let mut bytes = 0;
    for i in 0..n {
        let p = pdf(&mut rng, pages);
        bytes += p.len() as u64;
        std::fs::write(dir.join(format!("doc-{i:05}.pdf")), p)?;
    }
    Ok(bytes)
}

/// Readies `office_dir` for a new office: on this machine (SQLite), or — when
/// `BENCH_DATABASE_URL` names a PostgreSQL server — as a team office in a new database of
/// that server (named after `tag`), so that every figure can be taken in both modes.
pub async fn place_office(office_dir: &std::path::Path, tag: &str) -> anyhow::Result<&'static str> {
    match std::env::var("BENCH_DATABASE_URL") {
        Ok(server) if !server.trim().is_empty() => {
            let name = format!("bench_{}_{tag}", std::process::id());
            let url = store::team::with_database(&server, &name);
            office::prepare_team(&office::Config::new(office_dir), &url, None).await?;
            Ok("postgres")
        }
        _ => Ok("sqlite"),
    }
}

/// A new office for a benchmark: encrypted (its database under SQLCipher) when
/// `BENCH_ENCRYPT=1`, so that each figure can be taken for both.
pub async fn new_office(
    dir: &std::path::Path,
    admin: &str,
    display_name: &str,
    password: &str,
) -> anyhow::Result<office::Office> {
    let config = office::Config::new(dir);
    if encrypted() {
        let made = office::Office::init_encrypted(config, admin, display_name, password).await?;
        return Ok(made.office);
    }
    Ok(office::Office::init(config, admin, display_name, password).await?)
}

/// Whether the benchmarks make encrypted offices (`BENCH_ENCRYPT=1`).
pub fn encrypted() -> bool {
    std::env::var("BENCH_ENCRYPT").is_ok_and(|v| v == "1")
}

/// Opens the office in `dir` (unlocked with `admin`'s password when it is encrypted).
pub async fn open_office(
    dir: &std::path::Path,
    admin: &str,
    password: &str,
) -> anyhow::Result<office::Office> {
    let mut config = office::Config::new(dir);
    config.unlock(admin, password).await?;
    Ok(office::Office::open(config).await?)
}

/// A fresh office in `dir` with the three people a release needs — a supervisor who made it
/// (`sue`), an officer (`olga`) and a second supervisor (`sam`) — and one request.
pub struct Staff {
    pub office: office::Office,
    pub sue: office::Actor,
    pub olga: office::Actor,
    pub sam: office::Actor,
}

pub const PASSWORD: &str = "correct horse 1";

pub async fn release_office(
    dir: &std::path::Path,
    reference: &str,
    description: &str,
) -> anyhow::Result<Staff> {
    let office = new_office(dir, "sue", "Sue", PASSWORD).await?;
    let sue = office.sign_in("sue", PASSWORD).await?;
    // Each new user chooses their own password at their first sign-in.
    const FIRST: &str = "first password 1";
    let mut staff = vec![];
    for (name, role, display) in [
        ("olga", office::Role::Officer, "Olga"),
        ("sam", office::Role::Supervisor, "Sam"),
    ] {
        office.add_user(&sue, name, role, display, FIRST).await?;
        let first = office.sign_in(name, FIRST).await?;
        staff.push(office.change_password(&first, FIRST, PASSWORD).await?);
    }
    let sam = staff.pop().expect("sam");
    let olga = staff.pop().expect("olga");
    office
        .create_request(&sue, reference, "A. Reporter", "2026-11-02", description)
        .await?;
    Ok(Staff {
        office,
        sue,
        olga,
        sam,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_deterministic() {
        let a = email(&mut Rng::new(7), 1, 1500);
        let b = email(&mut Rng::new(7), 1, 1500);
        assert_eq!(a, b);
        assert!((1400..1700).contains(&a.len()), "{}", a.len());
        assert_ne!(a, email(&mut Rng::new(8), 1, 1500));
        let p = pdf(&mut Rng::new(1), 3);
        assert!(p.starts_with(b"%PDF-1.4") && p.ends_with(b"%%EOF\n"));
    }
}
