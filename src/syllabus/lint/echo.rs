//! Choices that repeat the stem's wording. A choice's distinctive words are its meaning words
//! (`words::meaning_words`) that no other choice of the question uses; a choice echoes the stem
//! when two or more of them appear in the stem while no other choice has any such word. A
//! test-wise learner picks the one choice that sounds like the question: when it is the key, the
//! item gives its answer away; when it is a distractor, it reads as a trap. Both are reported.

use super::words::meaning_words;

/// Distinctive words a choice must share with the stem to echo it.
const MIN_ECHO: usize = 2;

/// The choice that alone echoes the stem, with the echoed words, if one does.
pub fn echoing_choice(stem: &str, choices: &[String]) -> Option<(usize, Vec<String>)> {
    if choices.len() < 3 {
        return None;
    }
    let stem = meaning_words(stem);
    let words: Vec<Vec<String>> = choices.iter().map(|c| meaning_words(c)).collect();
    let echoes: Vec<Vec<String>> = words
        .iter()
        .enumerate()
        .map(|(i, own)| {
            own.iter()
                .filter(|w| words.iter().enumerate().all(|(j, other)| j == i || !other.contains(w)))
                .filter(|w| stem.binary_search(w).is_ok())
                .cloned()
                .collect()
        })
        .collect();
    let mut loud = echoes.iter().enumerate().filter(|(_, e)| !e.is_empty());
    match (loud.next(), loud.next()) {
        (Some((i, e)), None) if e.len() >= MIN_ECHO => Some((i, e.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_one_choice_that_repeats_the_stem_is_found() {
        let stem = "Managers want to explore current sales data on their own with one agreed metric definition.";
        let c = choices(&[
            "Looker, so managers explore data with each metric definition modelled once",
            "Looker Studio reports built by each analyst",
            "Spreadsheets emailed weekly",
            "Spark jobs that export a CSV",
        ]);
        let (i, words) = echoing_choice(stem, &c).unwrap();
        assert_eq!(i, 0);
        assert!(words.contains(&"definition".to_owned()) && words.contains(&"metric".to_owned()), "{words:?}");
    }

    #[test]
    fn no_echo_when_several_choices_use_the_stem_words_or_only_one_word_matches() {
        let stem = "Which storage class keeps archive data cheapest?";
        let c = choices(&["Archive tier storage", "Cool tier storage", "Hot tier", "Premium"]);
        assert_eq!(echoing_choice(stem, &c), None);
        let c = choices(&["Archive tier", "Cool tier", "Hot tier", "Premium"]);
        assert_eq!(echoing_choice(stem, &c), None);
    }
}
