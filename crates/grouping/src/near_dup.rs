//! Near-duplicates: records whose text is nearly the same whatever their format — the same
//! memo edited lightly, the same letter as `.docx`, `.pdf` and a scan read by OCR, a form
//! letter sent to many people.
//!
//! Each text becomes its set of word shingles (three words in a row, letters and digits
//! only, lower case: line breaks, punctuation and a format's layout do not count). MinHash
//! signatures (128 values) and locality-sensitive hashing (32 bands of 4) find the pairs worth
//! comparing without comparing every pair; each candidate pair is then measured exactly
//! (Jaccard similarity of the shingle sets). Groups form around **pivots**: the longest text
//! not yet grouped is a pivot, and every ungrouped record at least `threshold` similar to it
//! joins its group with that similarity. Grouping by pivot rather than by chains of pairs keeps
//! a group from drifting (A like B like C, but A unlike C).
//!
//! Records that merely share a letterhead or a heading share a few shingles of hundreds, so
//! they stay apart; texts under [`MIN_WORDS`] words are too short to judge and are left out.

use std::collections::HashMap;

use crate::text::{normal, unquote_printable};

/// The threshold the office uses unless set otherwise (measured: BENCHMARKS.md).
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Texts with fewer words are not grouped (a two-line note is like many others).
pub const MIN_WORDS: usize = 25;

const SHINGLE: usize = 3;
const HASHES: usize = 128;
const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;

/// One record's text.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: u64,
    pub text: String,
}

/// A member of a near-duplicate group.
#[derive(Debug, Clone, PartialEq)]
pub struct NearDup {
    pub id: u64,
    /// The group: its pivot's id.
    pub group: u64,
    /// Similarity to the pivot, 0–1 (the pivot itself: 1).
    pub similarity: f64,
}

/// Groups `docs` into near-duplicate groups of two or more; records in no group are not
/// returned.
pub fn near_duplicates(docs: &[Doc], threshold: f64) -> Vec<NearDup> {
    let shingles: Vec<Vec<u64>> = docs.iter().map(|d| shingles_of(&d.text)).collect();
    let signatures: Vec<Option<[u64; HASHES]>> = shingles
        .iter()
        .map(|s| (s.len() + SHINGLE > MIN_WORDS).then(|| signature(s)))
        .collect();
    // Candidates: records sharing a band.
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, sig) in signatures.iter().enumerate() {
        let Some(sig) = sig else { continue };
        for b in 0..BANDS {
            let band = &sig[b * ROWS..(b + 1) * ROWS];
            let key = band
                .iter()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, v| mix(h ^ v));
            buckets.entry((b, key)).or_default().push(i);
        }
    }
    let mut candidates: Vec<Vec<usize>> = vec![vec![]; docs.len()];
    for list in buckets.values() {
        // A bucket of thousands is boilerplate (an empty template): not evidence of a pair.
        if list.len() < 2 || list.len() > 2000 {
            continue;
        }
        for &a in list {
            candidates[a].extend(list.iter().copied().filter(|&b| b != a));
        }
    }
    for c in &mut candidates {
        c.sort_unstable();
        c.dedup();
    }
    // Pivots: longest texts first (the fullest version of a document), then by id.
    let mut order: Vec<usize> = (0..docs.len())
        .filter(|&i| signatures[i].is_some())
        .collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(shingles[i].len()), docs[i].id));
    let mut grouped = vec![false; docs.len()];
    let mut out = vec![];
    for &p in &order {
        if grouped[p] {
            continue;
        }
        let mut members: Vec<(usize, f64)> = candidates[p]
            .iter()
            .copied()
            .filter(|&m| !grouped[m])
            .map(|m| (m, jaccard(&shingles[p], &shingles[m])))
            .filter(|&(_, s)| s >= threshold)
            .collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by_key(|&(m, _)| docs[m].id);
        grouped[p] = true;
        out.push(NearDup {
            id: docs[p].id,
            group: docs[p].id,
            similarity: 1.0,
        });
        for (m, s) in members {
            grouped[m] = true;
            out.push(NearDup {
                id: docs[m].id,
                group: docs[p].id,
                similarity: (s * 1000.0).round() / 1000.0,
            });
        }
    }
    out
}

/// A text's shingles: hashes of every run of [`SHINGLE`] words, sorted, without repeats.
fn shingles_of(text: &str) -> Vec<u64> {
    let t = normal(&unquote_printable(text));
    let words: Vec<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            w.iter().fold(0x8422_2325_cbf2_9ce4u64, |h, word| {
                word.bytes()
                    .fold(mix(h), |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The MinHash signature: for each of [`HASHES`] seeded hash functions, the least value over
/// the shingles.
fn signature(shingles: &[u64]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &s in shingles {
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = mix(s ^ SEEDS[i]);
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

/// Jaccard similarity of two sorted sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// SplitMix64's finaliser: a good 64-bit mix.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Fixed seeds for the hash functions (the same groups on every machine).
const SEEDS: [u64; HASHES] = {
    let mut s = [0u64; HASHES];
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut i = 0;
    while i < HASHES {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        s[i] = z ^ (z >> 31);
        i += 1;
    }
    s
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn layout_and_punctuation_do_not_count() {
        assert_eq!(
            shingles_of("The permit, for 12 Oak St.\nwas approved."),
            shingles_of("the permit for 12 oak st was approved")
        );
    }
}
