//! Words as the lint compares them: lower case, letters and digits only, common function words
//! left out, so "Which service should the company use?" and "which service should a company use"
//! are the same stem.

/// Words too common to say anything about what a text is about.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this", "to", "vs", "was", "what",
    "when", "which", "who", "why", "with", "you", "your",
];

/// The content words of `text`, in order, lower case.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// The distinct content words of `text`, sorted (for set comparisons).
pub fn word_set(text: &str) -> Vec<String> {
    let mut w = words(text);
    w.sort_unstable();
    w.dedup();
    w
}

/// Words that carry a choice's meaning: content words of four letters or more, with a plural
/// `s` dropped so "buckets" echoes "bucket".
pub fn meaning_words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 4)
        .map(|w| if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") { w[..w.len() - 1].to_owned() } else { w })
        .collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// Size of the intersection of two sorted, distinct word lists.
pub fn common(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity of two sorted, distinct word lists: shared words over all words.
pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    let both = common(a, b);
    let all = a.len() + b.len() - both;
    if all == 0 { 1.0 } else { both as f64 / all as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_punctuation_and_function_words() {
        assert_eq!(words("RTO vs. RPO?"), ["rto", "rpo"]);
        assert_eq!(word_set("Which service, which SERVICE"), ["service"]);
    }

    #[test]
    fn meaning_words_drop_short_words_and_plurals() {
        assert_eq!(meaning_words("Two S3 buckets and access"), ["access", "bucket"]);
    }

    #[test]
    fn jaccard_is_shared_over_all() {
        let a = word_set("alpha beta gamma delta");
        let b = word_set("alpha beta gamma epsilon");
        assert_eq!(common(&a, &b), 3);
        assert!((jaccard(&a, &b) - 0.6).abs() < 1e-9);
        assert_eq!(jaccard(&[], &[]), 1.0);
    }
}
