//! What the answer key's shape gives away: the key's length among its choices, its letter, the
//! share of multiple-response questions, and where questions fall against the domain weights.

use super::{Band, Check, Finding, Kind, Thresholds};
use crate::syllabus::{Format, Question, Syllabus};

const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];

pub fn check(s: &Syllabus, limits: &Thresholds, checks: &mut Vec<Check>, findings: &mut Vec<Finding>) {
    let single: Vec<&Question> = s
        .questions
        .iter()
        .filter(|q| q.format == Format::Choice && q.answer.len() == 1 && q.choices.len() > 1)
        .collect();
    length(&single, Extreme::Longest, limits, checks, findings);
    length(&single, Extreme::Shortest, limits, checks, findings);
    letters(&single, limits, checks);
    let multi = s.questions.iter().filter(|q| q.is_multi()).count();
    checks.push(
        Check::share("multiple-response", multi, s.questions.len(), limits.multi_response, limits.min_sample)
            .advise(|c| more_or_fewer(c, "multiple-response questions (\"(Choose two.)\")")),
    );
    domains(s, limits, checks);
}

#[derive(Clone, Copy, PartialEq)]
enum Extreme {
    Longest,
    Shortest,
}

/// Choice length in characters, as the learner sees it.
fn len(choice: &str) -> usize {
    choice.trim().chars().count()
}

/// The key's length and the nearest distractor's, when the key is uniquely the `which` choice.
fn key_is(q: &Question, which: Extreme) -> Option<(usize, usize)> {
    let key = len(&q.choices[q.answer[0]]);
    let others = q.choices.iter().enumerate().filter(|&(i, _)| i != q.answer[0]).map(|(_, c)| len(c));
    match which {
        Extreme::Longest => others.max().filter(|&o| key > o).map(|o| (key, o)),
        Extreme::Shortest => others.min().filter(|&o| key < o).map(|o| (key, o)),
    }
}

fn length(
    single: &[&Question],
    which: Extreme,
    limits: &Thresholds,
    checks: &mut Vec<Check>,
    findings: &mut Vec<Finding>,
) {
    let (name, band, kind) = match which {
        Extreme::Longest => ("key-longest", limits.key_longest, Kind::KeyLongest),
        Extreme::Shortest => ("key-shortest", limits.key_shortest, Kind::KeyShortest),
    };
    let hits: Vec<(&Question, (usize, usize))> =
        single.iter().filter_map(|q| key_is(q, which).map(|l| (*q, l))).collect();
    let check = Check::share(name, hits.len(), single.len(), band, limits.min_sample).advise(|c| {
        let word = if which == Extreme::Longest { "longest" } else { "shortest" };
        if c.value > band.max {
            format!(
                "the key is the {word} choice too often: rewrite the choices (not the keys) of {} of the \
                 questions listed so a distractor is as long and as specific as the key",
                questions(excess(c.value, band.max, c.of))
            )
        } else {
            let how = if which == Extreme::Longest {
                "give the key the detail a real answer needs, or trim distractors"
            } else {
                "say the key briefly, or give distractors more detail"
            };
            format!(
                "the key is too rarely the {word} choice, so \"never pick the {word}\" pays: in {} let \
                 the key be the {word} ({how})",
                questions(excess(band.min, c.value, c.of))
            )
        }
    });
    if check.value > band.max && check.judged {
        findings.extend(hits.iter().map(|(q, (key, other))| Finding {
            kind,
            item: q.id.clone(),
            message: match which {
                Extreme::Longest => format!(
                    "the key ({}) is the longest choice, {key} characters against at most {other}: lengthen a \
                     distractor with a plausible detail, or say the key more briefly",
                    letter(q.answer[0])
                ),
                Extreme::Shortest => format!(
                    "the key ({}) is the shortest choice, {key} characters against at least {other}: shorten a \
                     distractor, or give the key the detail it needs",
                    letter(q.answer[0])
                ),
            },
        }));
    }
    checks.push(check);
}

/// "about 3 questions", "1 question".
fn questions(n: usize) -> String {
    if n == 1 { "1 question".into() } else { format!("about {n} questions") }
}

/// Questions to change to bring a share from `from` to `to` on `of` questions, at least one.
fn excess(from: f64, to: f64, of: usize) -> usize {
    (((from - to) * of as f64).ceil() as usize).max(1)
}

fn letter(i: usize) -> char {
    char::from(b'A' + i.min(25) as u8)
}

/// Keys per letter over single-answer questions with exactly four choices (the usual shape; a
/// band for four letters means nothing for three or five).
fn letters(single: &[&Question], limits: &Thresholds, checks: &mut Vec<Check>) {
    let four: Vec<usize> = single.iter().filter(|q| q.choices.len() == 4).map(|q| q.answer[0]).collect();
    let counts: Vec<usize> = (0..4).map(|l| four.iter().filter(|&&a| a == l).count()).collect();
    let fewest = (0..4).min_by_key(|&l| counts[l]).unwrap_or(0);
    let most = (0..4).max_by_key(|&l| counts[l]).unwrap_or(0);
    for (l, &n) in counts.iter().enumerate() {
        let check = Check::share(format!("letter-{}", LETTERS[l]), n, four.len(), limits.letter, limits.min_sample)
            .advise(|c| {
                if c.value > limits.letter.max {
                    format!("too many keys at {}: move keys to {} by reordering choices", LETTERS[l], LETTERS[fewest])
                } else {
                    format!("too few keys at {}: move keys from {} by reordering choices", LETTERS[l], LETTERS[most])
                }
            });
        checks.push(check);
    }
}

/// Each domain's share of the questions against its normalised weight, within `limits.domain`.
fn domains(s: &Syllabus, limits: &Thresholds, checks: &mut Vec<Check>) {
    let weights = s.normalised_weights();
    let counts = s.counts_per_domain();
    for (d, domain) in s.domains.iter().enumerate() {
        let band = Band { min: (weights[d] - limits.domain).max(0.0), max: weights[d] + limits.domain };
        let check = Check::share(
            format!("domain-{}", domain.id),
            counts[d].questions,
            s.questions.len(),
            band,
            limits.min_sample,
        )
        .advise(|c| {
            let want = (weights[d] * c.of as f64).round() as usize;
            format!(
                "{} has {} questions, {:.0}% against a weight of {:.0}%: aim for about {want}",
                domain.id,
                counts[d].questions,
                c.value * 100.0,
                weights[d] * 100.0
            )
        });
        checks.push(check);
    }
}

fn more_or_fewer(c: &Check, what: &str) -> String {
    if c.value > c.band.max {
        format!(
            "{:.0}% are {what}: turn {} into single-answer ones",
            c.value * 100.0,
            questions(excess(c.value, c.band.max, c.of))
        )
    } else {
        format!(
            "only {:.0}% are {what}: add or convert {}",
            c.value * 100.0,
            questions(excess(c.band.min, c.value, c.of))
        )
    }
}
