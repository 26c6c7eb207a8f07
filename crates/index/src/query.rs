//! The query language, parsed by hand so that every mistake is reported at its column and
//! every form the README documents (stemmed words, exact phrases, prefixes, fuzzy words,
//! fields, date ranges, review state) maps onto the schema as designed.
//!
//! Grammar (`NOT`/`-` bind tightest, then `AND` — also implied between neighbours — then `OR`):
//! ```text
//! query   = or
//! or      = and { "OR" and }
//! and     = unary { ["AND"] unary }
//! unary   = ("NOT" | "-") unary | "+" unary | primary
//! primary = "(" or ")" | FIELD ":" value | value
//! value   = "(" or ")" | '"' words '"' ["~" N] ["*"] | WORD ["*" | "~" [N]] | range
//! range   = ("[" | "{") (DATE | "*") "TO" (DATE | "*") ("]" | "}")
//! ```

use chrono::NaiveDate;

/// A field a query may name. `None` in a leaf means the record's text (subject, people and body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    From,
    To,
    Cc,
    Subject,
    Path,
    Name,
    Custodian,
    Kind,
    Date,
    Disposition,
    Status,
    Exemption,
    /// A message's conversation: `thread:1204`.
    Thread,
    /// `inclusive:yes`: the messages a reviewer must read to have read a conversation.
    Inclusive,
}

impl FieldName {
    pub const ALL: [(&'static str, FieldName); 15] = [
        ("from", FieldName::From),
        ("to", FieldName::To),
        ("cc", FieldName::Cc),
        ("subject", FieldName::Subject),
        ("path", FieldName::Path),
        ("name", FieldName::Name),
        ("custodian", FieldName::Custodian),
        ("kind", FieldName::Kind),
        ("type", FieldName::Kind),
        ("date", FieldName::Date),
        ("disposition", FieldName::Disposition),
        ("status", FieldName::Status),
        ("exemption", FieldName::Exemption),
        ("thread", FieldName::Thread),
        ("inclusive", FieldName::Inclusive),
    ];

    /// Whether the field is of the record's content, which every copy of an original shares
    /// (its sender, recipients, subject and date); the others are each copy's own.
    pub fn is_content(self) -> bool {
        matches!(
            self,
            FieldName::From | FieldName::To | FieldName::Cc | FieldName::Subject | FieldName::Date
        )
    }

    fn parse(s: &str) -> Option<FieldName> {
        let s = s.to_ascii_lowercase();
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// Fields holding one exact value (matched whole, case-insensitively).
    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            FieldName::Custodian
                | FieldName::Kind
                | FieldName::Disposition
                | FieldName::Status
                | FieldName::Exemption
                | FieldName::Thread
                | FieldName::Inclusive
        )
    }
}

/// The dispositions a search may name: the record's own, or `undecided` (none yet; the
/// index's word for it, `none`, is taken too).
fn dispositions() -> Vec<&'static str> {
    std::iter::once("undecided")
        .chain(model::Disposition::NAMES.iter().copied())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A bare word: stemmed in the record's text, exact in a field.
    Word(String),
    /// Quoted words, in order, at most `slop` positions apart; `prefix` when followed by `*`.
    Phrase {
        text: String,
        slop: u32,
        prefix: bool,
    },
    /// `permit*`
    Prefix(String),
    /// `lathorp~1`
    Fuzzy(String, u8),
    /// Days, inclusive: `date:[2025-01-01 TO 2025-03-31]`, `date:2025-03`.
    Dates {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// A sub-query confined to a field: `subject:(permit OR fee)`.
    Group(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Leaf {
        /// Column (1-based, in characters) where the term starts, for messages.
        at: usize,
        field: Option<FieldName>,
        value: Value,
    },
}

/// Longest query searched, in characters. A pasted list of several hundred names fits; a
/// longer one is refused before it is parsed (a megabyte of query text is an attack, not a
/// search).
pub const MAX_QUERY_CHARS: usize = 20_000;

/// Most terms one query may hold (words, quoted phrases, field values, date ranges).
pub const MAX_QUERY_TERMS: usize = 1_000;

/// Most terms of one query that stand for many words of the index: prefixes (`permit*`),
/// fuzzy words (`lathrop~1`) and phrases ending in `*`. Each walks the term dictionary and
/// reads the postings of every word it stands for.
pub const MAX_EXPANDING_TERMS: usize = 100;

/// Most different words of the index one prefix or fuzzy word may stand for (in any one
/// segment of the index): `permit*` stands for a few dozen, `a*` for tens of thousands.
pub const MAX_EXPANSIONS: usize = 10_000;

/// How much a parsed query asks for (see [`MAX_QUERY_TERMS`], [`MAX_EXPANDING_TERMS`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// Terms: words, phrases, field values, date ranges.
    pub terms: usize,
    /// Of those, prefixes, fuzzy words and phrases ending in `*`.
    pub expanding: usize,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, o: Size) {
        self.terms += o.terms;
        self.expanding += o.expanding;
    }
}

impl Node {
    /// The terms of the query, and how many of them expand.
    pub fn size(&self) -> Size {
        let mut s = Size::default();
        match self {
            Node::And(items) | Node::Or(items) => {
                for it in items {
                    s += it.size();
                }
            }
            Node::Not(inner) => s += inner.size(),
            Node::Leaf { value, .. } => match value {
                Value::Group(inner) => s += inner.size(),
                Value::Prefix(_) | Value::Fuzzy(..) | Value::Phrase { prefix: true, .. } => {
                    s.terms += 1;
                    s.expanding += 1;
                }
                _ => s.terms += 1,
            },
        }
        s
    }
}

/// A query that does not parse: what is wrong and the column (1-based, in characters) it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at column {}: {}", self.column, self.message)
    }
}

/// Parses a query into its tree.
pub fn parse(query: &str) -> Result<Node, ParseError> {
    let mut p = Parser {
        s: query.chars().collect(),
        i: 0,
        field: None,
        depth: 0,
    };
    p.skip_ws();
    if p.eof() {
        return Err(p.error_at(0, "the query is empty: give words to search for"));
    }
    let node = p.or()?;
    p.skip_ws();
    if !p.eof() {
        // Only a stray closing parenthesis stops `or` before the end.
        return Err(p.error_at(p.i, "this closing parenthesis has no opening one"));
    }
    Ok(node)
}

struct Parser {
    s: Vec<char>,
    i: usize,
    /// The field a parenthesised group is confined to (`subject:(a OR b)`).
    field: Option<FieldName>,
    depth: usize,
}

/// Deeper nesting than this is refused rather than risk the stack.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn eof(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn error_at(&self, i: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            column: i + 1,
            message: message.into(),
        }
    }

    /// Ends a bare word: whitespace, parentheses and quotes.
    fn is_break(c: char) -> bool {
        c.is_whitespace() || c == '(' || c == ')' || c == '"'
    }

    /// The operator keyword at the cursor (`AND`, `OR`, `NOT`, upper case, a whole word).
    fn keyword(&self) -> Option<&'static str> {
        for k in ["AND", "OR", "NOT"] {
            let n = k.len();
            if self.i + n <= self.s.len()
                && self.s[self.i..self.i + n].iter().copied().eq(k.chars())
                && self.s.get(self.i + n).is_none_or(|c| Self::is_break(*c))
            {
                return Some(k);
            }
        }
        None
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        let mut items = vec![self.and()?];
        loop {
            self.skip_ws();
            if self.keyword() == Some("OR") {
                let at = self.i;
                self.i += 2;
                self.skip_ws();
                if self.eof()
                    || self.peek() == Some(')')
                    || self.keyword().is_some_and(|k| k != "NOT")
                {
                    return Err(self.error_at(at, "OR needs a term on each side"));
                }
                items.push(self.and()?);
            } else {
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        let mut items = vec![];
        loop {
            self.skip_ws();
            if self.eof() || self.peek() == Some(')') {
                break;
            }
            match self.keyword() {
                Some("OR") => {
                    if items.is_empty() {
                        return Err(self.error_at(self.i, "OR needs a term on each side"));
                    }
                    break;
                }
                Some("AND") => {
                    let at = self.i;
                    self.i += 3;
                    self.skip_ws();
                    if items.is_empty()
                        || self.eof()
                        || self.peek() == Some(')')
                        || self.keyword().is_some_and(|k| k != "NOT")
                    {
                        return Err(self.error_at(at, "AND needs a term on each side"));
                    }
                    continue;
                }
                _ => items.push(self.unary()?),
            }
        }
        match items.len() {
            0 => Err(self.error_at(self.i, "expected words to search for here")),
            1 => Ok(items.pop().expect("one item")),
            _ => Ok(Node::And(items)),
        }
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        self.skip_ws();
        let at = self.i;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(at, "the query nests too deeply"));
        }
        let node = self.unary_inner(at);
        self.depth -= 1;
        node
    }

    fn unary_inner(&mut self, at: usize) -> Result<Node, ParseError> {
        let negation = if self.keyword() == Some("NOT") {
            self.i += 3;
            Some("NOT")
        } else if self.peek() == Some('-') {
            self.i += 1;
            Some("-")
        } else if self.peek() == Some('+') {
            self.i += 1;
            None
        } else {
            return self.primary();
        };
        let before = self.i;
        if negation == Some("NOT") {
            self.skip_ws();
        }
        if self.eof()
            || self.peek() == Some(')')
            || (self.i == before && self.peek().is_some_and(char::is_whitespace))
            || self.keyword().is_some_and(|k| k != "NOT")
        {
            let what = negation.unwrap_or("+");
            return Err(self.error_at(at, format!("{what} needs a term right after it")));
        }
        let inner = self.unary()?;
        Ok(match negation {
            Some(_) => Node::Not(Box::new(inner)),
            None => inner,
        })
    }

    fn primary(&mut self) -> Result<Node, ParseError> {
        let at = self.i;
        match self.peek() {
            Some('(') => self.group(),
            Some('"') => {
                let value = self.phrase()?;
                Ok(Node::Leaf {
                    at: at + 1,
                    field: self.field,
                    value,
                })
            }
            _ => {
                // A field name: letters directly followed by a colon and a value.
                let mut j = self.i;
                while self.s.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
                    j += 1;
                }
                if j > self.i && self.s.get(j) == Some(&':') {
                    let name: String = self.s[self.i..j].iter().collect();
                    let next = self.s.get(j + 1).copied();
                    let url = next == Some('/');
                    if let Some(field) = FieldName::parse(&name) {
                        if next.is_none_or(char::is_whitespace) || next == Some(')') {
                            return Err(self.error_at(
                                at,
                                format!("{name}: needs a value right after the colon"),
                            ));
                        }
                        if self.field.is_some() {
                            return Err(self.error_at(
                                at,
                                "a field cannot be named inside another field's parentheses",
                            ));
                        }
                        self.i = j + 1;
                        return self.field_value(at, field);
                    } else if !url && next.is_some_and(|c| !c.is_whitespace()) {
                        let known: Vec<&str> = FieldName::ALL.iter().map(|(n, _)| *n).collect();
                        return Err(self.error_at(
                            at,
                            format!(
                                "there is no field \"{name}\"; the fields are {}",
                                known.join(", ")
                            ),
                        ));
                    }
                }
                let value = self.word(self.field)?;
                Ok(Node::Leaf {
                    at: at + 1,
                    field: self.field,
                    value,
                })
            }
        }
    }

    fn group(&mut self) -> Result<Node, ParseError> {
        let open = self.i;
        self.i += 1;
        self.skip_ws();
        if self.peek() == Some(')') {
            return Err(self.error_at(open, "these parentheses are empty"));
        }
        let inner = self.or()?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.error_at(open, "this parenthesis is not closed"));
        }
        self.i += 1;
        Ok(inner)
    }

    fn field_value(&mut self, at: usize, field: FieldName) -> Result<Node, ParseError> {
        let value = match self.peek() {
            Some('(') => {
                self.field = Some(field);
                let inner = self.group();
                self.field = None;
                Value::Group(Box::new(inner?))
            }
            Some('[') | Some('{') if field == FieldName::Date => self.range()?,
            Some('"') => self.phrase()?,
            _ => self.word(Some(field))?,
        };
        if field == FieldName::Date && !matches!(value, Value::Dates { .. } | Value::Group(_)) {
            return Err(self.error_at(
                at,
                "date: takes a day, month or year (2025-03-14, 2025-03, 2025) or a range [2025-01-01 TO 2025-03-31]",
            ));
        }
        Ok(Node::Leaf {
            at: at + 1,
            field: Some(field),
            value,
        })
    }

    fn phrase(&mut self) -> Result<Value, ParseError> {
        let open = self.i;
        self.i += 1;
        let start = self.i;
        while self.peek().is_some_and(|c| c != '"') {
            self.i += 1;
        }
        if self.eof() {
            return Err(self.error_at(open, "this quote is not closed"));
        }
        let text: String = self.s[start..self.i].iter().collect();
        self.i += 1;
        if text.trim().is_empty() {
            return Err(self.error_at(open, "these quotes are empty"));
        }
        let mut slop = 0;
        let mut prefix = false;
        if self.peek() == Some('~') {
            let tilde = self.i;
            self.i += 1;
            let n = self.number();
            slop = n.ok_or_else(|| {
                self.error_at(
                    tilde,
                    "~ after a phrase needs a number of words: \"permit fees\"~5",
                )
            })?;
        } else if self.peek() == Some('*') {
            self.i += 1;
            prefix = true;
        }
        if self.peek().is_some_and(|c| !Self::is_break(c)) {
            return Err(self.error_at(
                self.i,
                "put a space between a closing quote and the next term",
            ));
        }
        Ok(Value::Phrase { text, slop, prefix })
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if start == self.i {
            return None;
        }
        self.s[start..self.i]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }

    fn word(&mut self, field: Option<FieldName>) -> Result<Value, ParseError> {
        let start = self.i;
        while self.peek().is_some_and(|c| !Self::is_break(c)) {
            self.i += 1;
        }
        let raw: String = self.s[start..self.i].iter().collect();
        if raw.is_empty() {
            return Err(self.error_at(start, "expected a word here"));
        }
        if let Some(t) = raw.find('~') {
            let word = &raw[..t];
            let rest = &raw[t + 1..];
            let column = start + raw[..t].chars().count();
            if word.is_empty() {
                return Err(self.error_at(start, "~ needs a word before it: lathrop~1"));
            }
            let d: u8 = if rest.is_empty() {
                1
            } else {
                match rest.parse() {
                    Ok(d) if d <= 2 => d,
                    _ => {
                        return Err(self.error_at(
                            column,
                            "a fuzzy word allows 0, 1 or 2 differences: lathrop~1",
                        ));
                    }
                }
            };
            if field.is_some_and(FieldName::is_keyword) {
                return Err(self.error_at(start, "~ works on words, not on this field"));
            }
            return Ok(Value::Fuzzy(word.to_string(), d));
        }
        if let Some(star) = raw.find(['*', '?']) {
            let column = start + raw[..star].chars().count();
            if star + 1 != raw.len() || raw.ends_with('?') {
                return Err(self.error_at(
                    column,
                    "a wildcard works only as * at the end of a word: permit*",
                ));
            }
            if star == 0 {
                return Err(self.error_at(column, "* needs the start of a word before it: permit*"));
            }
            return Ok(Value::Prefix(raw[..star].to_string()));
        }
        if let Some(f @ (FieldName::Disposition | FieldName::Status | FieldName::Inclusive)) = field
        {
            let allowed: Vec<&str> = match f {
                FieldName::Disposition => dispositions(),
                FieldName::Status => model::ReviewStatus::NAMES.to_vec(),
                _ => vec!["yes", "no"],
            };
            let v = raw.to_lowercase();
            if f == FieldName::Disposition && (v == "undecided" || v == "none") {
                return Ok(Value::Word("none".into()));
            }
            if !allowed.contains(&v.as_str()) {
                return Err(self.error_at(
                    start,
                    format!(
                        "{}: is one of {}, not \"{raw}\"",
                        f.name(),
                        allowed.join(", ")
                    ),
                ));
            }
        }
        if field == Some(FieldName::Thread) && raw.parse::<u64>().is_err() {
            return Err(self.error_at(
                start,
                format!("thread: takes a conversation's number (thread:1204), not \"{raw}\""),
            ));
        }
        if field == Some(FieldName::Date) {
            let (from, to) = self.dates(start, &raw)?;
            return Ok(Value::Dates {
                from: Some(from),
                to: Some(to),
            });
        }
        Ok(Value::Word(raw))
    }

    /// A day, month or year as the first and last day it covers.
    fn dates(&self, at: usize, s: &str) -> Result<(NaiveDate, NaiveDate), ParseError> {
        let bad = || {
            self.error_at(
                at,
                format!("\"{s}\" is not a date: write 2025-03-14, 2025-03 or 2025"),
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str| -> Result<u32, ParseError> {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        match parts.as_slice() {
            [y] if y.len() == 4 => {
                let y = num(y)? as i32;
                Ok((
                    NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?,
                    NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(bad)?,
                ))
            }
            [y, m] if y.len() == 4 => {
                let first = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1).ok_or_else(bad)?;
                let next = first
                    .checked_add_months(chrono::Months::new(1))
                    .ok_or_else(bad)?;
                Ok((first, next.pred_opt().ok_or_else(bad)?))
            }
            [y, m, d] if y.len() == 4 => {
                let day =
                    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?).ok_or_else(bad)?;
                Ok((day, day))
            }
            _ => Err(bad()),
        }
    }

    fn range(&mut self) -> Result<Value, ParseError> {
        let open = self.i;
        let inclusive_from = self.peek() == Some('[');
        self.i += 1;
        let start = self.i;
        while self.peek().is_some_and(|c| c != ']' && c != '}') {
            self.i += 1;
        }
        if self.eof() {
            return Err(self.error_at(open, "this range is not closed: [2025-01-01 TO 2025-03-31]"));
        }
        let inclusive_to = self.peek() == Some(']');
        let end = self.i;
        self.i += 1;
        // The words inside, with the column each starts at.
        let mut words: Vec<(usize, String)> = vec![];
        let mut j = start;
        while j < end {
            if self.s[j].is_whitespace() {
                j += 1;
                continue;
            }
            let w0 = j;
            while j < end && !self.s[j].is_whitespace() {
                j += 1;
            }
            words.push((w0, self.s[w0..j].iter().collect()));
        }
        let [(a_at, a), (_, to), (b_at, b)] = words.as_slice() else {
            return Err(self.error_at(open, "a range is written [2025-01-01 TO 2025-03-31]"));
        };
        if to != "TO" {
            return Err(self.error_at(open, "a range is written [2025-01-01 TO 2025-03-31]"));
        }
        let day = |at: usize, s: &str| -> Result<Option<(NaiveDate, NaiveDate)>, ParseError> {
            if s == "*" {
                Ok(None)
            } else {
                self.dates(at, s).map(Some)
            }
        };
        let (a, b) = (day(*a_at, a)?, day(*b_at, b)?);
        if let (Some((a_first, _)), Some((_, b_last))) = (a, b)
            && a_first > b_last
        {
            return Err(self.error_at(
                open,
                format!(
                    "this range ends before it starts ({} is after {})",
                    a_first.format("%Y-%m-%d"),
                    b_last.format("%Y-%m-%d")
                ),
            ));
        }
        // Days included: an excluded end moves one day inward (an empty range finds nothing).
        let from = a.map(|(first, last)| {
            if inclusive_from {
                first
            } else {
                last.succ_opt().unwrap_or(last)
            }
        });
        let to = b.map(|(first, last)| {
            if inclusive_to {
                last
            } else {
                first.pred_opt().unwrap_or(first)
            }
        });
        Ok(Value::Dates { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(field: Option<FieldName>, value: Value, at: usize) -> Node {
        Node::Leaf { at, field, value }
    }
    fn word(w: &str, at: usize) -> Node {
        leaf(None, Value::Word(w.into()), at)
    }

    #[test]
    fn words_and_operators_nest_as_documented() {
        assert_eq!(
            parse("permit fees OR charges").unwrap(),
            Node::Or(vec![
                Node::And(vec![word("permit", 1), word("fees", 8)]),
                word("charges", 16)
            ])
        );
        assert_eq!(
            parse("permit AND NOT -x").unwrap(),
            Node::And(vec![
                word("permit", 1),
                Node::Not(Box::new(Node::Not(Box::new(word("x", 17)))))
            ])
        );
        assert_eq!(
            parse("+a -(b OR c)").unwrap(),
            Node::And(vec![
                word("a", 2),
                Node::Not(Box::new(Node::Or(vec![word("b", 6), word("c", 11)])))
            ])
        );
        // Lower-case operators are words; so are colons that do not name a field.
        assert_eq!(
            parse("and re: 10:30").unwrap(),
            Node::And(vec![word("and", 1), word("re:", 5), word("10:30", 9)])
        );
        assert_eq!(parse("http://x.gov").unwrap(), word("http://x.gov", 1));
    }

    #[test]
    fn every_value_form() {
        assert_eq!(
            parse("\"permit fees\"~5").unwrap(),
            leaf(
                None,
                Value::Phrase {
                    text: "permit fees".into(),
                    slop: 5,
                    prefix: false
                },
                1
            )
        );
        assert_eq!(
            parse("permit*").unwrap(),
            leaf(None, Value::Prefix("permit".into()), 1)
        );
        assert_eq!(
            parse("lathorp~1").unwrap(),
            leaf(None, Value::Fuzzy("lathorp".into(), 1), 1)
        );
        assert_eq!(
            parse("lathorp~").unwrap(),
            leaf(None, Value::Fuzzy("lathorp".into(), 1), 1)
        );
        assert_eq!(
            parse("from:\"Jane Doe\"").unwrap(),
            leaf(
                Some(FieldName::From),
                Value::Phrase {
                    text: "Jane Doe".into(),
                    slop: 0,
                    prefix: false
                },
                1
            )
        );
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            parse("date:[2025-01-01 TO 2025-03-31]").unwrap(),
            leaf(
                Some(FieldName::Date),
                Value::Dates {
                    from: d("2025-01-01"),
                    to: d("2025-03-31")
                },
                1
            )
        );
        assert_eq!(
            parse("date:{2025-01 TO *]").unwrap(),
            leaf(
                Some(FieldName::Date),
                Value::Dates {
                    from: d("2025-02-01"),
                    to: None
                },
                1
            )
        );
        assert_eq!(
            parse("date:2024-02").unwrap(),
            leaf(
                Some(FieldName::Date),
                Value::Dates {
                    from: d("2024-02-01"),
                    to: d("2024-02-29")
                },
                1
            )
        );
        assert_eq!(
            parse("subject:(permit OR fee)").unwrap(),
            leaf(
                Some(FieldName::Subject),
                Value::Group(Box::new(Node::Or(vec![
                    leaf(Some(FieldName::Subject), Value::Word("permit".into()), 10),
                    leaf(Some(FieldName::Subject), Value::Word("fee".into()), 20),
                ]))),
                1
            )
        );
        assert_eq!(
            parse("TYPE:pdf").unwrap(),
            leaf(Some(FieldName::Kind), Value::Word("pdf".into()), 1)
        );
    }

    #[test]
    fn mistakes_are_reported_at_their_column() {
        let e = |q: &str| parse(q).unwrap_err().to_string();
        assert_eq!(
            e("(permit fees"),
            "at column 1: this parenthesis is not closed"
        );
        assert_eq!(
            e("permit fees)"),
            "at column 12: this closing parenthesis has no opening one"
        );
        assert_eq!(e("permit \"fees"), "at column 8: this quote is not closed");
        assert_eq!(
            e("permit AND"),
            "at column 8: AND needs a term on each side"
        );
        assert_eq!(e("OR permit"), "at column 1: OR needs a term on each side");
        assert_eq!(
            e("permit NOT"),
            "at column 8: NOT needs a term right after it"
        );
        assert_eq!(
            e("permit - fees"),
            "at column 8: - needs a term right after it"
        );
        assert!(e("custodain:smith").starts_with("at column 1: there is no field \"custodain\""));
        assert_eq!(
            e("subject: permit"),
            "at column 1: subject: needs a value right after the colon"
        );
        assert_eq!(
            e("lathrop~3"),
            "at column 8: a fuzzy word allows 0, 1 or 2 differences: lathrop~1"
        );
        assert_eq!(
            e("pe*mit"),
            "at column 3: a wildcard works only as * at the end of a word: permit*"
        );
        assert_eq!(
            e("date:2025-13"),
            "at column 6: \"2025-13\" is not a date: write 2025-03-14, 2025-03 or 2025"
        );
        assert_eq!(
            e("date:[2025-03-01 TO 2025-01-01]"),
            "at column 6: this range ends before it starts (2025-03-01 is after 2025-01-01)"
        );
        assert_eq!(
            e("disposition:maybe"),
            "at column 13: disposition: is one of undecided, release, redact, withhold, not-responsive, duplicate, not \"maybe\""
        );
        assert_eq!(e("()"), "at column 1: these parentheses are empty");
        assert_eq!(
            e("   "),
            "at column 1: the query is empty: give words to search for"
        );
        assert_eq!(
            e("date:permit"),
            "at column 6: \"permit\" is not a date: write 2025-03-14, 2025-03 or 2025"
        );
    }
}
