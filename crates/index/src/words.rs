//! Splitting text into words for the index, in one pass: what tantivy's `SimpleTokenizer`,
//! `RemoveLongFilter`, `LowerCaser` and `AsciiFoldingFilter` do in a chain, with a fast path
//! for ASCII words (nearly all of a city's records). Words with other letters go through the
//! same lower-casing and folding as before, so the words are exactly the chain's.

use crate::MAX_WORD;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

#[derive(Clone)]
pub(crate) struct WordsTokenizer {
    token: Token,
    fold: TextAnalyzer,
}

impl Default for WordsTokenizer {
    fn default() -> Self {
        WordsTokenizer {
            token: Token::default(),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

pub(crate) struct WordsStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
    fold: &'a mut TextAnalyzer,
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = WordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsStream<'a> {
        self.token.reset();
        WordsStream {
            text,
            at: 0,
            token: &mut self.token,
            fold: &mut self.fold,
        }
    }
}

impl WordsStream<'_> {
    /// The character at byte `i` if it belongs to a word, and its length.
    fn word_char(&self, i: usize) -> Option<(usize, bool)> {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return b.is_ascii_alphanumeric().then_some((1, true));
        }
        let c = self.text[i..].chars().next()?;
        c.is_alphanumeric().then_some((c.len_utf8(), false))
    }
}

impl TokenStream for WordsStream<'_> {
    fn advance(&mut self) -> bool {
        let len = self.text.len();
        loop {
            // Past what is not a word.
            while self.at < len {
                if self.word_char(self.at).is_some() {
                    break;
                }
                let step = self.text[self.at..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
                self.at += step;
            }
            if self.at >= len {
                return false;
            }
            let start = self.at;
            let mut ascii = true;
            while self.at < len {
                match self.word_char(self.at) {
                    Some((n, a)) => {
                        ascii &= a;
                        self.at += n;
                    }
                    None => break,
                }
            }
            // Positions count every word, as the chain did before dropping long ones.
            self.token.position = self.token.position.wrapping_add(1);
            if self.at - start >= MAX_WORD {
                continue;
            }
            let word = &self.text[start..self.at];
            self.token.offset_from = start;
            self.token.offset_to = self.at;
            self.token.text.clear();
            if ascii {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
            } else {
                let mut folded = self.fold.token_stream(word);
                if folded.advance() {
                    self.token.text.push_str(&folded.token().text);
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    fn all(a: &mut TextAnalyzer, s: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = vec![];
        let mut ts = a.token_stream(s);
        while ts.advance() {
            let t = ts.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn the_same_words_as_tantivys_chain() {
        let mut chain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut ours = TextAnalyzer::from(WordsTokenizer::default());
        let long = "x".repeat(MAX_WORD + 3);
        for text in [
            "Permit fees, 12 Main St. — jdoe@city.gov (916) 555-0142",
            "Café RÉSUMÉ Straße Æsir naïve Ωmega ΣΊΣΥΦΟΣ 東京都 ½ ①",
            &format!("before {long} after"),
            "",
            "   ...   ",
            "a\u{a0}b\u{3000}c\t\r\nd",
            "İstanbul ǅemal ﬁnal",
        ] {
            assert_eq!(all(&mut ours, text), all(&mut chain, text), "{text}");
        }
    }
}
