//! The labelled sets' format (`tests/data/README.md`), read once for every test that
//! measures on one.
#![allow(dead_code)]

/// A passage and its labelled values: (kind's word, start, end) in characters.
pub struct Passage {
    pub text: String,
    pub labels: Vec<(String, usize, usize)>,
    pub locale: String,
    /// Absent for generated passages; "nopii" for look-alikes, "enron" for real text.
    pub source: Option<String>,
}

impl Passage {
    pub fn nopii(&self) -> bool {
        self.source.as_deref() == Some("nopii")
    }
}

/// The passages of a set, one JSON object a line.
pub fn passages(set: &str) -> Vec<Passage> {
    set.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
            Passage {
                text: v["text"].as_str().expect("text").to_string(),
                labels: v["spans"]
                    .as_array()
                    .expect("spans")
                    .iter()
                    .map(|s| {
                        (
                            s["kind"].as_str().expect("kind").to_string(),
                            s["start"].as_u64().expect("start") as usize,
                            s["end"].as_u64().expect("end") as usize,
                        )
                    })
                    .collect(),
                locale: v["locale"].as_str().unwrap_or_default().to_string(),
                source: v["source"].as_str().map(str::to_string),
            }
        })
        .collect()
}

/// Whether every letter and digit of `chars[start..end]` lies inside one of `found`.
pub fn covered(chars: &[char], start: usize, end: usize, found: &[(usize, usize)]) -> bool {
    (start..end).all(|i| !chars[i].is_alphanumeric() || found.iter().any(|&(a, b)| a <= i && i < b))
}
