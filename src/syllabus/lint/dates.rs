//! Past dates in future-tense text: "URL ping tests will retire on 30 September 2026" read on
//! 2 December 2026. A date before `today` is flagged when one of the `WINDOW` words before it
//! looks ahead (`will`, `retires`, `until`, …) and none looks back (`was`, `since`, `closed`, …):
//! "was Kinesis Data Firehose until February 2024" and "restricted since 31 July 2026" are not
//! flagged. A month without a day counts as its last day, so "will retire in September 2026" is
//! flagged only from October. Years alone are not read.

use chrono::{Datelike, NaiveDate};

/// Words that put a date in the future.
const AHEAD: &[&str] =
    &["will", "shall", "scheduled", "planned", "upcoming", "until", "retires", "retiring", "expires", "ends", "ending"];

/// Words that put a date in the past, whatever else the sentence says.
const BACK: &[&str] =
    &["was", "were", "had", "has", "have", "did", "since", "ago", "ended", "closed", "opened", "launched", "became"];

/// How many words before a date are read for its tense.
const WINDOW: usize = 6;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The sentences of `text` that name a date before `today` as if it were still to come, each with
/// that date.
pub fn past_in_future_tense(text: &str, today: NaiveDate) -> Vec<(String, NaiveDate)> {
    sentences(text).filter_map(|s| past_ahead(s, today).map(|d| (s.to_owned(), d))).collect()
}

/// The earliest past date of `sentence` that its words speak of as still to come.
fn past_ahead(sentence: &str, today: NaiveDate) -> Option<NaiveDate> {
    let words: Vec<String> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    dates(&words)
        .into_iter()
        .filter(|&(at, d)| {
            let before = &words[at.saturating_sub(WINDOW)..at];
            let has = |list: &[&str]| before.iter().any(|w| list.contains(&w.as_str()));
            d < today && has(AHEAD) && !has(BACK)
        })
        .map(|(_, d)| d)
        .min()
}

/// Sentences, split after `.`, `?`, `!` or `;` followed by white space (so "30.09" and
/// "v6.1" stay whole).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(2) {
        let ((i, c), (_, next)) = (w[0], w[1]);
        if matches!(c, '.' | '?' | '!' | ';') && next.is_whitespace() {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty())
}

/// Every date written out in `words` (lower case), with the index of its first word:
/// `30 september 2026`, `september 30, 2026`, `september 2026` (its last day), `sept 2026`,
/// `2026-09-30`.
fn dates(words: &[String]) -> Vec<(usize, NaiveDate)> {
    let at = |k: usize| words.get(k).map(String::as_str);
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            found.push((i, d));
            continue;
        }
        let Some(month) = month(w) else { continue };
        let day_before = i.checked_sub(1).and_then(|k| day(at(k)?));
        let (next, after) = (at(i + 1), at(i + 2));
        let date = match (day_before, next.and_then(year), next.and_then(day), after.and_then(year)) {
            (Some(d), Some(y), _, _) => NaiveDate::from_ymd_opt(y, month, d).map(|x| (i - 1, x)),
            (None, _, Some(d), Some(y)) => NaiveDate::from_ymd_opt(y, month, d).map(|x| (i, x)),
            (None, Some(y), _, _) => last_day(y, month).map(|x| (i, x)),
            _ => None,
        };
        found.extend(date);
    }
    found
}

fn month(w: &str) -> Option<u32> {
    // The full name or a three- or four-letter abbreviation ("Sep", "Sept"). "May" the verb is
    // harmless: `dates` takes a month only next to a year.
    MONTHS.iter().position(|m| *m == w || (w.len() >= 3 && w.len() <= 4 && m.starts_with(w))).map(|i| i as u32 + 1)
}

fn day(w: &str) -> Option<u32> {
    let d = w.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok()?;
    (w.len() <= 4 && (1..=31).contains(&d)).then_some(d)
}

fn year(w: &str) -> Option<i32> {
    let y = w.parse().ok()?;
    (w.len() == 4 && (1990..=2100).contains(&y)).then_some(y)
}

fn last_day(y: i32, m: u32) -> Option<NaiveDate> {
    let first_next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    first_next?.pred_opt().filter(|d| d.month() == m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day0() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn flagged(text: &str) -> Vec<String> {
        past_in_future_tense(text, day0()).into_iter().map(|(_, d)| d.to_string()).collect()
    }

    #[test]
    fn a_retirement_announced_for_a_past_day_is_flagged() {
        assert_eq!(flagged("URL ping tests will retire on 30 September 2026."), ["2026-09-30"]);
        assert_eq!(flagged("Support ends on September 30, 2026 for v1."), ["2026-09-30"]);
        assert_eq!(flagged("It is scheduled for 2026-11-01; plan ahead."), ["2026-11-01"]);
        assert_eq!(flagged("The API will be retired in Sept 2026."), ["2026-09-30"]);
    }

    #[test]
    fn past_tense_future_dates_and_the_current_month_are_not() {
        assert!(flagged("URL ping tests were retired on 30 September 2026.").is_empty());
        assert!(flagged("RDS Custom for Oracle support ends on 31 March 2027.").is_empty());
        assert!(flagged("The exam will retire in December 2026.").is_empty());
        assert!(flagged("You may use it until the retirement. 2025 was the year.").is_empty());
    }

    #[test]
    fn only_the_words_just_before_the_date_count() {
        let text = "The feature was retired on 1 March 2026. A new one will arrive.";
        assert!(flagged(text).is_empty());
        assert!(flagged("It was Kinesis Data Firehose until February 2024.").is_empty());
        assert!(
            flagged("Blueprints retires on 31 January 2027, with restrictions in force since 31 July 2026.").is_empty()
        );
        assert!(
            flagged("The wave plans, once drafted, go to the board; Migration Hub closed on 7 November 2025.")
                .is_empty()
        );
        assert_eq!(flagged("Blueprints has restrictions; it will retire on 31 July 2026."), ["2026-07-31"]);
    }
}
