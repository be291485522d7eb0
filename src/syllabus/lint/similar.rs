//! Duplicate and near-duplicate texts (question stems, flashcard fronts). Two texts are the same
//! when their content words (`words::word_set`) are equal, and near-duplicates when their word
//! sets overlap by `NEAR` or more (Jaccard) and each has at least `MIN_WORDS` words, so two short
//! fronts that differ by one word ("What is S3?", "What is EC2?") are not flagged.

use super::words::{jaccard, word_set};

pub const NEAR: f64 = 0.8;
const MIN_WORDS: usize = 4;

/// A text to compare, with its item id.
pub struct Text {
    pub id: String,
    words: Vec<String>,
}

impl Text {
    pub fn new(id: &str, text: &str) -> Text {
        Text { id: id.to_owned(), words: word_set(text) }
    }
}

/// How alike two texts are, when alike enough to report: 1.0 for the same words.
pub fn likeness(a: &Text, b: &Text) -> Option<f64> {
    if a.words == b.words {
        return Some(1.0);
    }
    let (short, long) = (a.words.len().min(b.words.len()), a.words.len().max(b.words.len()));
    // Jaccard is at most short/long, so most pairs are ruled out without comparing words.
    if short < MIN_WORDS || (short as f64) < NEAR * long as f64 {
        return None;
    }
    Some(jaccard(&a.words, &b.words)).filter(|&j| j >= NEAR)
}

/// Pairs (i, j, likeness) with i < j of texts within one list that are alike.
pub fn within(texts: &[Text]) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    for (i, a) in texts.iter().enumerate() {
        for (j, b) in texts.iter().enumerate().skip(i + 1) {
            if let Some(l) = likeness(a, b) {
                out.push((i, j, l));
            }
        }
    }
    out
}

/// For each text of `mine`, the most alike text of `theirs`, if any is alike.
pub fn across<'t>(mine: &[Text], theirs: &'t [Text]) -> Vec<(usize, &'t Text, f64)> {
    mine.iter()
        .enumerate()
        .filter_map(|(i, a)| {
            theirs
                .iter()
                .filter_map(|b| likeness(a, b).map(|l| (b, l)))
                .max_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(b, l)| (i, b, l))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_words_are_a_duplicate_and_short_texts_are_only_compared_whole() {
        let a = Text::new("a", "RTO vs RPO");
        let b = Text::new("b", "rto vs. rpo?");
        assert_eq!(likeness(&a, &b), Some(1.0));
        assert_eq!(likeness(&Text::new("c", "What is S3?"), &Text::new("d", "What is EC2?")), None);
    }

    #[test]
    fn a_stem_with_one_word_changed_is_a_near_duplicate() {
        let a = Text::new("a", "A company stores logs in a bucket and needs to keep them for seven years cheaply");
        let b = Text::new("b", "A company stores logs in a bucket and must keep them for seven years cheaply");
        let c = Text::new("c", "A company runs containers and needs to scale them on demand");
        let l = likeness(&a, &b).unwrap();
        assert!((NEAR..1.0).contains(&l), "{l}");
        assert_eq!(likeness(&a, &c), None);
        assert_eq!(within(&[a, c, b]).iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(), [(0, 2)]);
    }
}
