//! A record's metadata: the fields ingest found in it (email headers; a document's author,
//! title and dates; a PDF's producer and page count), stored as one JSON object of strings.
//! Read here and nowhere else.

use crate::Invalid;
use serde_json::{Map, Value};

/// The field naming a locked original's readable copy (its SHA-256): the original was
/// opened with a password given at ingest, and its pages are drawn, OCR'd and released from
/// the copy. The original itself stays as collected.
pub const READABLE_COPY: &str = "readable_copy";

/// The fields found in a record. Keys are lower-case (`from`, `to`, `cc`, `subject`, `date`,
/// `author`, `created`, `message_id`, …); see `extract::Extracted::fields`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata(Map<String, Value>);

impl Metadata {
    /// Metadata as stored. Anything but a JSON object is refused (the store reports it as
    /// damaged data rather than read it as empty).
    pub fn parse(json: &str) -> Result<Metadata, Invalid> {
        match serde_json::from_str(json) {
            Ok(Value::Object(m)) => Ok(Metadata(m)),
            Ok(_) => Err(Invalid::new("record metadata is not a JSON object")),
            Err(e) => Err(Invalid::new(format!("record metadata is not JSON ({e})"))),
        }
    }

    /// The original a paged record's pages come from: its readable copy when it was locked
    /// (see [`READABLE_COPY`]), else `sha256`, the original itself.
    pub fn page_source(&self, sha256: Option<String>) -> Option<String> {
        self.get(READABLE_COPY).map(String::from).or(sha256)
    }

    /// A field's text (none when absent or not text).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// The first of these fields that is present, e.g. `["date", "created"]`.
    pub fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.get(k))
    }
}

impl From<Map<String, Value>> for Metadata {
    fn from(m: Map<String, Value>) -> Self {
        Metadata(m)
    }
}

impl std::fmt::Display for Metadata {
    /// As stored: the JSON object.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Value::Object(self.0.clone()).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_read_in_one_place_and_damage_is_not_read_as_empty() {
        let m = Metadata::parse(r#"{"from":"Ana <a@x>","date":"2026-01-02","pages":3}"#).unwrap();
        assert_eq!(m.get("from"), Some("Ana <a@x>"));
        assert_eq!(m.get("pages"), None, "not text");
        assert_eq!(m.first(&["created", "date"]), Some("2026-01-02"));
        assert_eq!(Metadata::parse("{}").unwrap(), Metadata::default());
        assert!(Metadata::parse("[1]").is_err());
        assert!(Metadata::parse("{broken").is_err());
        assert_eq!(Metadata::parse(&m.to_string()).unwrap(), m);
    }
}
