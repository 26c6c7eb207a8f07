//! The English stemmer behind a cache. Stemming each word was a sixth of an ingest's CPU
//! time (the indexing thread's hottest part); words repeat (Zipf), so most are looked up.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Forget the cache past this many words (a bound on memory: a few MB).
const CACHE_WORDS: usize = 100_000;

/// The stemming filter. With `only_changed`, words the stemmer leaves as they are produce no
/// token: the index's `stem` field holds only what `text` does not already hold (a bare word
/// searches both), which halves the stemmed field's cost.
#[derive(Clone, Default)]
pub(crate) struct CachedStemmer {
    pub only_changed: bool,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            only_changed: self.only_changed,
            cache: HashMap::default(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
    only_changed: bool,
    /// Word → its stem, or `None` when the stem is the word.
    cache: HashMap<String, Option<String>>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > CACHE_WORDS {
            self.cache.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            only_changed: self.only_changed,
            cache: &mut self.cache,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

pub(crate) struct CachedStemmerStream<'a, T> {
    tail: T,
    only_changed: bool,
    cache: &'a mut HashMap<String, Option<String>>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if !self.cache.contains_key(&token.text) {
                let stem = match self.stemmer.stem(&token.text) {
                    Cow::Owned(s) => Some(s),
                    Cow::Borrowed(s) if s != token.text => Some(s.to_string()),
                    Cow::Borrowed(_) => None,
                };
                let stem = stem.filter(|s| *s != token.text);
                self.cache.insert(token.text.clone(), stem);
            }
            match &self.cache[&token.text] {
                Some(stem) => {
                    token.text.clear();
                    token.text.push_str(stem);
                    return true;
                }
                None if self.only_changed => continue,
                None => return true,
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
    };

    fn all(a: &mut TextAnalyzer, s: &str) -> Vec<String> {
        let mut out = vec![];
        let mut ts = a.token_stream(s);
        while ts.advance() {
            out.push(ts.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_as_tantivys_stemmer_does_twice_over() {
        let text =
            "Permits permitted permitting; the council's fees, flies and dying skies. Permits";
        let mut ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(super::CachedStemmer::default())
            .build();
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let want = all(&mut theirs, text);
        assert_eq!(all(&mut ours, text), want);
        // The second time from the cache.
        assert_eq!(all(&mut ours, text), want);
        assert_eq!(want[0], "permit");
        // Only what stemming changed.
        let mut changed = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(super::CachedStemmer { only_changed: true })
            .build();
        let got = all(&mut changed, "permits permit the fees council");
        assert_eq!(got, vec!["permit", "fee"]);
    }
}
