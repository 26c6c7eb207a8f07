//! From a parsed query to a tantivy query, and the words the snippet should mark.

use crate::query::{FieldName, Node, ParseError, Value};
use crate::snippet::Highlighter;
use crate::{Fields, stem_analyzer, words_analyzer};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, ExistsQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime as TDateTime, Term};

/// A term of the query that stands for many words of the index: before the query runs, the
/// words it stands for are counted in each segment, and a term past
/// [`crate::query::MAX_EXPANSIONS`] refuses the query.
pub(crate) struct Expansion {
    /// Column of the term, for the message.
    pub column: usize,
    /// The term as the message shows it (`a*`, `ab~2`).
    pub shown: String,
    pub field: Field,
    pub what: Expanding,
}

pub(crate) enum Expanding {
    /// The words that start with these characters.
    Prefix(String),
    /// The words within the fuzzy query's distance.
    Fuzzy(FuzzyTermQuery),
}

/// A query ready to run: the tantivy query, the words its snippets mark, and the terms whose
/// expansion is counted before it runs.
pub(crate) struct Compiled {
    pub query: Box<dyn Query>,
    pub marks: Highlighter,
    pub expansions: Vec<Expansion>,
    /// Whether the query asks for anything a copy may hold differently from its original
    /// (custodian, path, name, kind, review state, conversation): then the copies of one
    /// original may not all match alike.
    pub per_copy: bool,
}

pub(crate) fn compile(node: &Node, f: Fields) -> Result<Compiled, ParseError> {
    let mut c = Compiler {
        f,
        words: words_analyzer(),
        stem: stem_analyzer(),
        marks: Highlighter::default(),
        expansions: vec![],
        per_copy: false,
    };
    let query = c.node(node, false)?;
    Ok(Compiled {
        query,
        marks: c.marks,
        expansions: c.expansions,
        per_copy: c.per_copy,
    })
}

struct Compiler {
    f: Fields,
    words: TextAnalyzer,
    stem: TextAnalyzer,
    marks: Highlighter,
    expansions: Vec<Expansion>,
    per_copy: bool,
}

fn tokens(a: &mut TextAnalyzer, s: &str) -> Vec<String> {
    let mut out = vec![];
    let mut ts = a.token_stream(s);
    while ts.advance() {
        out.push(ts.token().text.clone());
    }
    out
}

fn all_but(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery)),
        (Occur::MustNot, q),
    ]))
}

/// Escapes what the term-dictionary regex would read as syntax.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~\"".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Compiler {
    fn node(&mut self, n: &Node, negated: bool) -> Result<Box<dyn Query>, ParseError> {
        Ok(match n {
            Node::And(items) => {
                let mut subs: Vec<(Occur, Box<dyn Query>)> = vec![];
                for it in items {
                    match it {
                        Node::Not(inner) => {
                            subs.push((Occur::MustNot, self.node(inner, !negated)?))
                        }
                        _ => subs.push((Occur::Must, self.node(it, negated)?)),
                    }
                }
                if subs.iter().all(|(o, _)| *o == Occur::MustNot) {
                    subs.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(subs))
            }
            Node::Or(items) => {
                let mut subs: Vec<(Occur, Box<dyn Query>)> = vec![];
                for it in items {
                    subs.push((Occur::Should, self.node(it, negated)?));
                }
                Box::new(BooleanQuery::new(subs))
            }
            Node::Not(inner) => all_but(self.node(inner, !negated)?),
            Node::Leaf { at, field, value } => self.leaf(*at, *field, value, negated)?,
        })
    }

    fn field(&self, name: FieldName) -> Field {
        let f = self.f;
        match name {
            FieldName::From => f.from,
            FieldName::To => f.to,
            FieldName::Cc => f.cc,
            FieldName::Subject => f.subject,
            FieldName::Path => f.path,
            FieldName::Name => f.name,
            FieldName::Custodian => f.custodian,
            FieldName::Kind => f.kind,
            FieldName::Date => f.date,
            FieldName::Disposition => f.disposition,
            FieldName::Status => f.status,
            FieldName::Exemption => f.exemption,
            FieldName::Thread => f.thread,
            FieldName::Inclusive => f.inclusive,
        }
    }

    fn leaf(
        &mut self,
        at: usize,
        field: Option<FieldName>,
        value: &Value,
        negated: bool,
    ) -> Result<Box<dyn Query>, ParseError> {
        let err = |m: &str| ParseError {
            column: at,
            message: m.to_string(),
        };
        // Only the record's own words are marked in its snippet, and only wanted ones.
        let mark = field.is_none() && !negated;
        if field.is_some_and(|n| !n.is_content()) {
            self.per_copy = true;
        }
        if let Value::Group(inner) = value {
            return self.node(inner, negated);
        }
        if matches!(
            value,
            Value::Phrase { .. } | Value::Prefix(_) | Value::Fuzzy(..)
        ) {
            self.marks.costly = true;
        }
        if let Some(name) = field.filter(|n| n.is_keyword()) {
            let fld = self.field(name);
            let lower = |v: &str| tokens(&mut crate::keyword_analyzer(), v.trim()).concat();
            return Ok(match value {
                Value::Word(v)
                | Value::Phrase {
                    text: v,
                    prefix: false,
                    ..
                } => Box::new(TermQuery::new(
                    Term::from_field_text(fld, &lower(v)),
                    IndexRecordOption::Basic,
                )),
                Value::Prefix(p)
                | Value::Phrase {
                    text: p,
                    prefix: true,
                    ..
                } => self.prefix(fld, &lower(p), at)?,
                _ => {
                    return Err(err(
                        "this field takes a value or the start of one (custodian:smith, kind:p*)",
                    ));
                }
            });
        }
        if field == Some(FieldName::Date) && !matches!(value, Value::Dates { .. }) {
            return Err(err(
                "date: takes a day, month or year (2025-03-14, 2025-03, 2025) or a range [2025-01-01 TO 2025-03-31]",
            ));
        }
        if let Value::Dates { from, to } = value {
            if from.is_none() && to.is_none() {
                // [* TO *]: every record with a date.
                return Ok(Box::new(ExistsQuery::new("date".to_string(), false)));
            }
            if let (Some(f), Some(t)) = (from, to)
                && f > t
            {
                // {2025-01-01 TO 2025-01-02}: no day lies strictly between.
                return Ok(Box::new(EmptyQuery));
            }
            let secs = |d: chrono::NaiveDate| {
                let t = d
                    .and_hms_opt(0, 0, 0)
                    .expect("midnight")
                    .and_utc()
                    .timestamp();
                Term::from_field_date(self.f.date, TDateTime::from_timestamp_secs(t))
            };
            let lo = from.map_or(Bound::Unbounded, |d| Bound::Included(secs(d)));
            let hi = to
                .and_then(|d| d.succ_opt())
                .map_or(Bound::Unbounded, |d| Bound::Excluded(secs(d)));
            return Ok(Box::new(RangeQuery::new(lo, hi)));
        }
        // Words: in the record's text (stemmed when bare) or in a named text field (exact).
        let exact = field.map_or(self.f.text, |n| self.field(n));
        let words = |c: &mut Compiler, s: &str| -> Result<Vec<String>, ParseError> {
            let t = tokens(&mut c.words, s);
            if !t.is_empty() {
                Ok(t)
            } else if s.chars().any(char::is_alphanumeric) {
                Err(err(&format!(
                    "words longer than {} characters are not indexed",
                    crate::MAX_WORD - 1
                )))
            } else {
                Err(err("this term has no letters or digits to search for"))
            }
        };
        let terms = |t: &[String]| -> Vec<Term> {
            t.iter().map(|w| Term::from_field_text(exact, w)).collect()
        };
        Ok(match value {
            Value::Word(w) => {
                let t = words(self, w)?;
                if t.len() > 1 {
                    // jdoe@city.gov, 555-1234: its words in order.
                    if mark {
                        self.marks.exact.extend(t.iter().cloned());
                    }
                    self.marks.costly = true;
                    Box::new(PhraseQuery::new(terms(&t)))
                } else if field.is_none() {
                    let s = tokens(&mut self.stem, w).pop().unwrap_or_default();
                    if mark {
                        self.marks.stems.insert(s.clone());
                    }
                    // Words the stemmer leaves alone are only in `text`; the others' stems
                    // are in `stem`.
                    Box::new(BooleanQuery::new(vec![
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(self.f.text, &s),
                                IndexRecordOption::WithFreqs,
                            )) as Box<dyn Query>,
                        ),
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(self.f.stem, &s),
                                IndexRecordOption::WithFreqs,
                            )),
                        ),
                    ]))
                } else {
                    Box::new(TermQuery::new(
                        Term::from_field_text(exact, &t[0]),
                        IndexRecordOption::WithFreqs,
                    ))
                }
            }
            Value::Phrase { text, slop, prefix } => {
                let t = words(self, text)?;
                if mark {
                    let (last, init) = t.split_last().expect("a word");
                    self.marks.exact.extend(init.iter().cloned());
                    if *prefix {
                        self.marks.prefixes.push(last.clone());
                    } else {
                        self.marks.exact.insert(last.clone());
                    }
                }
                match (t.len(), prefix) {
                    (1, false) => Box::new(TermQuery::new(
                        terms(&t).remove(0),
                        IndexRecordOption::WithFreqs,
                    )),
                    (1, true) => self.prefix(exact, &t[0], at)?,
                    (_, false) => {
                        let mut q = PhraseQuery::new(terms(&t));
                        q.set_slop(*slop);
                        Box::new(q)
                    }
                    (_, true) => self.phrase_prefix(exact, &t, at),
                }
            }
            Value::Prefix(p) => {
                let t = words(self, p)?;
                if mark {
                    let (last, init) = t.split_last().expect("a word");
                    self.marks.exact.extend(init.iter().cloned());
                    self.marks.prefixes.push(last.clone());
                }
                if t.len() == 1 {
                    self.prefix(exact, &t[0], at)?
                } else {
                    self.phrase_prefix(exact, &t, at)
                }
            }
            Value::Fuzzy(w, d) => {
                let t = words(self, w)?;
                if t.len() != 1 {
                    return Err(err("~ works on one word at a time"));
                }
                if mark {
                    self.marks.fuzzy.push((t[0].clone(), *d));
                }
                let q = FuzzyTermQuery::new(terms(&t).remove(0), *d, true);
                self.expansions.push(Expansion {
                    column: at,
                    shown: format!("{}~{d}", t[0]),
                    field: exact,
                    what: Expanding::Fuzzy(q.clone()),
                });
                Box::new(q)
            }
            Value::Dates { .. } | Value::Group(_) => unreachable!("handled above"),
        })
    }

    /// The words of a field that start with `prefix` (already analysed).
    fn prefix(
        &mut self,
        field: Field,
        prefix: &str,
        at: usize,
    ) -> Result<Box<dyn Query>, ParseError> {
        self.expansions.push(Expansion {
            column: at,
            shown: format!("{prefix}*"),
            field,
            what: Expanding::Prefix(prefix.to_string()),
        });
        let pattern = format!("{}.*", regex_escape(prefix));
        RegexQuery::from_pattern(&pattern, field)
            .map(|q| Box::new(q) as Box<dyn Query>)
            .map_err(|e| ParseError {
                column: at,
                message: format!("this prefix cannot be searched ({e})"),
            })
    }

    /// Words in order, the last one a prefix: `"permit fe"*`.
    fn phrase_prefix(&mut self, field: Field, words: &[String], at: usize) -> Box<dyn Query> {
        let (last, _) = words.split_last().expect("a word");
        self.expansions.push(Expansion {
            column: at,
            shown: format!("{last}*"),
            field,
            what: Expanding::Prefix(last.clone()),
        });
        let mut q = PhrasePrefixQuery::new(
            words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect(),
        );
        // Counted before the query runs; this only keeps tantivy's own bound in step.
        q.set_max_expansions(crate::query::MAX_EXPANSIONS as u32);
        Box::new(q)
    }
}
