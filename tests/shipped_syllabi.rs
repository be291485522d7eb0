//! The shipped syllabi: all valid, the exam facts from the official guides, and the content floors
//! (question and flashcard counts, spread over domains) that a full practice exam needs.

use certtrack::syllabus::{Catalog, PassMark, Syllabus};

fn shipped() -> Catalog {
    let (catalog, _) = Catalog::shipped();
    let errors = catalog.problems();
    assert!(errors.is_empty(), "shipped syllabi have errors:\n{}", errors.join("\n"));
    catalog
}

fn exam<'c>(c: &'c Catalog, id: &str) -> &'c Syllabus {
    &c.get(id).unwrap_or_else(|| panic!("{id} is not shipped")).syllabus
}

/// (id, code, minutes, pass mark or None when not published, question floor). The floor is the real
/// exam's length (its minimum where the vendor gives a range), so a full timed simulation draws
/// without repeats; Microsoft publishes no count ("most exams have 40–60"), so 50 there.
type ExamFacts = (&'static str, &'static str, u32, Option<u32>, usize);

const EXAMS: [ExamFacts; 15] = [
    ("aws-clf-c02", "CLF-C02", 90, Some(700), 65),
    ("aws-saa-c03", "SAA-C03", 130, Some(720), 65),
    ("aws-dva-c02", "DVA-C02", 130, Some(720), 65),
    ("aws-dva-c03", "DVA-C03", 130, Some(720), 65),
    ("aws-soa-c03", "SOA-C03", 130, Some(720), 65),
    ("aws-sap-c02", "SAP-C02", 180, Some(750), 75),
    // The pass mark is assumed from SAP-C02 (the file's note says so).
    ("aws-sap-c03", "SAP-C03", 180, Some(750), 75),
    ("gcp-cdl", "CDL", 90, None, 50),
    ("gcp-ace", "ACE", 120, None, 50),
    ("gcp-pca", "PCA", 120, None, 50),
    ("az-900", "AZ-900", 45, Some(700), 50),
    ("az-104", "AZ-104", 100, Some(700), 50),
    ("az-305", "AZ-305", 100, Some(700), 50),
    ("az-204", "AZ-204", 100, Some(700), 50),
    ("ai-200", "AI-200", 120, Some(700), 50),
];

/// (retired exam, its last day, its successor).
const RETIRED: [(&str, &str, &str); 3] = [
    ("aws-dva-c02", "2026-11-30", "aws-dva-c03"),
    ("aws-sap-c02", "2026-11-16", "aws-sap-c03"),
    ("az-204", "2026-07-31", "ai-200"),
];

#[test]
fn the_three_retired_exams_name_their_successors_which_carry_their_progress() {
    let c = shipped();
    for (old, last, new) in RETIRED {
        let o = &exam(&c, old).exam;
        assert_eq!(
            (o.retires.map(|d| d.to_string()), o.successor.as_deref()),
            (Some(last.to_owned()), Some(new)),
            "{old}"
        );
        let n = exam(&c, new);
        assert_eq!(n.exam.predecessor.as_deref(), Some(old), "{new}");
        // Every mapping names a topic or item the predecessor really has.
        let p = exam(&c, old);
        for t in &n.carry.topics {
            assert!(p.topics.iter().any(|x| x.id == t.from), "{new}: carry from unknown topic {}", t.from);
        }
        for i in &n.carry.items {
            let known = p.questions.iter().any(|q| q.id == i.from) || p.flashcards.iter().any(|f| f.id == i.from);
            assert!(known, "{new}: carry from unknown item {}", i.from);
        }
        assert!(n.carry.topics.len() >= p.topics.len() / 2, "{new} carries most of {old}'s topics");
    }
    for (id, ..) in EXAMS {
        assert!(exam(&c, id).exam.level.is_some(), "{id} says its level");
    }
}

#[test]
fn exactly_the_fifteen_exams_are_shipped_with_their_facts() {
    let c = shipped();
    let mut ids = c.ids();
    ids.sort_unstable();
    let mut expected: Vec<&str> = EXAMS.iter().map(|e| e.0).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    for (id, code, minutes, pass, _) in EXAMS {
        let e = &exam(&c, id).exam;
        assert_eq!(e.code, code, "{id}");
        assert_eq!(e.duration_minutes, minutes, "{id}");
        match (e.pass_mark, pass) {
            (PassMark::Scaled { pass: p, scale_max: 1000, .. }, Some(want)) => assert_eq!(p, want, "{id}"),
            (PassMark::NotPublished, None) => {}
            (got, want) => panic!("{id}: pass mark {got:?}, expected {want:?}"),
        }
    }
}

#[test]
fn shipped_syllabi_have_no_warnings_either() {
    for (path, src) in certtrack::syllabus::catalog::shipped_sources() {
        let checked = certtrack::syllabus::check(path, src);
        assert!(checked.report.shown.is_empty(), "{}", checked.render());
    }
}

#[test]
fn the_build_time_index_matches_the_parsed_files() {
    let c = shipped();
    for (path, id, code) in certtrack::syllabus::catalog::shipped_keys() {
        let s = exam(&c, id);
        assert_eq!((s.exam.id.as_str(), s.exam.code.as_str()), (id, code), "{path}");
    }
}

#[test]
fn saa_c03_weights_are_30_26_24_20() {
    let c = shipped();
    let weights: Vec<(f64, f64)> = exam(&c, "SAA-C03").domains.iter().map(|d| (d.weight.min, d.weight.max)).collect();
    assert_eq!(weights, vec![(30.0, 30.0), (26.0, 26.0), (24.0, 24.0), (20.0, 20.0)]);
}

#[test]
fn microsoft_weights_are_ranges_and_normalise_to_one() {
    let c = shipped();
    let az104 = exam(&c, "az-104");
    assert_eq!((az104.domains[0].weight.min, az104.domains[0].weight.max), (20.0, 25.0));
    let w = az104.normalised_weights();
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert!((w[0] - 22.5 / 92.5).abs() < 1e-9);
}

#[test]
fn every_topic_has_at_least_two_flashcards() {
    let c = shipped();
    for e in c.entries() {
        let s = &e.syllabus;
        for (i, t) in s.topics.iter().enumerate() {
            let n = s.flashcards.iter().filter(|f| f.topic == i).count();
            assert!(n >= 2, "{} topic {} has {n} flashcards", s.exam.id, t.id);
        }
    }
}

#[test]
fn question_floors_and_domain_spread_hold() {
    let c = shipped();
    for (id, _, _, _, floor) in EXAMS {
        let s = exam(&c, id);
        let total = s.questions.len();
        assert!(total >= floor, "{id}: only {total} questions, floor {floor}");
        for (i, t) in s.topics.iter().enumerate() {
            let n = s.questions.iter().filter(|q| q.topic == i).count();
            assert!(n >= 2, "{id} topic {}: {n} questions, floor 2", t.id);
        }
        let weights = s.normalised_weights();
        for (d, counts) in s.counts_per_domain().iter().enumerate() {
            let share = counts.questions as f64 / total as f64 * 100.0;
            let want = weights[d] * 100.0;
            assert!(
                (share - want).abs() <= 5.0,
                "{id} {}: {share:.1}% of questions, weight {want:.1}%",
                s.domains[d].id
            );
        }
    }
}

#[test]
fn about_one_question_in_six_is_multiple_response_and_says_so() {
    let c = shipped();
    for e in c.entries() {
        let s = &e.syllabus;
        let multi: Vec<_> = s.questions.iter().filter(|q| q.is_multi()).collect();
        let share = multi.len() as f64 / s.questions.len() as f64;
        assert!((0.10..=0.30).contains(&share), "{}: {:.0}% multiple-response", s.exam.id, share * 100.0);
        for q in multi {
            assert!(q.stem.contains("(Choose"), "{} {}: a multi-answer stem says how many to choose", s.exam.id, q.id);
        }
        for q in &s.questions {
            assert!(q.difficulty.is_some(), "{} {}: difficulty is tagged", s.exam.id, q.id);
        }
    }
}

#[test]
fn every_topic_has_a_summary_and_the_exam_a_source() {
    let c = shipped();
    for e in c.entries() {
        let s = &e.syllabus;
        assert!(s.exam.source.starts_with("https://"), "{}", s.exam.id);
        for t in &s.topics {
            assert!(t.summary.split_whitespace().count() >= 20, "{} {}: summary is a paragraph", s.exam.id, t.id);
        }
    }
}

#[test]
fn az_204_notes_its_retirement() {
    let c = shipped();
    let e = &exam(&c, "az-204").exam;
    assert!(e.retires.is_some());
    assert!(e.note.as_deref().unwrap_or("").contains("AI-200"));
}

/// The per-exam, per-domain counts that docs/content.md lists, rendered from the shipped catalog.
fn content_tables(c: &Catalog) -> String {
    use certtrack::syllabus::Format;
    let mut out = String::new();
    for (id, ..) in EXAMS {
        let s = exam(c, id);
        let retired = match (&s.exam.successor, s.exam.retires) {
            (Some(next), Some(day)) => format!(" — retired {day}, succeeded by `{next}`"),
            _ => String::new(),
        };
        out += &format!("\n### {} — {} (`{}`){retired}\n\n", s.exam.code, s.exam.name, s.exam.id);
        out += "| Domain | Weight | Topics | Questions | Multi-response | Case study | Yes/no, ordering | Flashcards |\n|---|---|---|---|---|---|---|---|\n";
        let in_domain = |d: usize, f: &dyn Fn(&certtrack::syllabus::Question) -> bool| {
            s.questions.iter().filter(|q| s.topic_domain(q.topic) == d && f(q)).count()
        };
        let (mut cases, mut others) = (0, 0);
        for (d, (dom, n)) in s.domains.iter().zip(s.counts_per_domain()).enumerate() {
            let case = in_domain(d, &|q| q.case.is_some());
            let other = in_domain(d, &|q| q.format != Format::Choice);
            (cases, others) = (cases + case, others + other);
            out += &format!(
                "| {} | {} | {} | {} | {} | {case} | {other} | {} |\n",
                dom.name,
                dom.weight.percent(),
                n.topics,
                n.questions,
                n.multi_response,
                n.flashcards
            );
        }
        let multi = s.questions.iter().filter(|q| q.is_multi()).count();
        out += &format!(
            "| **Total** | | {} | {} | {multi} | {cases} | {others} | {} |\n",
            s.topics.len(),
            s.questions.len(),
            s.flashcards.len()
        );
    }
    out
}

#[test]
fn docs_content_lists_the_current_counts() {
    let c = shipped();
    let want = content_tables(&c);
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/content.md")).unwrap();
    let (start, end) = ("<!-- counts:start -->\n", "<!-- counts:end -->");
    let got = doc.split_once(start).and_then(|(_, rest)| rest.split_once(end)).map(|(block, _)| block);
    // CERTTRACK_BLESS=1 cargo test rewrites the tables after a content change.
    if std::env::var_os("CERTTRACK_BLESS").is_some()
        && let (Some((head, _)), Some((_, tail))) = (doc.split_once(start), doc.split_once(end))
    {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/content.md");
        std::fs::write(path, format!("{head}{start}{want}{end}{tail}")).unwrap();
        return;
    }
    assert_eq!(got, Some(want.as_str()), "docs/content.md is stale; put this between the counts markers:\n{want}");
}

/// Every shipped exam still offered is within the lint thresholds (docs/content.md), compared
/// with the other offered exams as `certtrack syllabus lint ID` does. The message lists every
/// exam's failing checks with their figures, so one run says what to fix everywhere.
#[test]
fn every_offered_exam_is_within_the_lint_thresholds() {
    use certtrack::syllabus::lint::{Thresholds, Unit, lint, peers};
    let c = shipped();
    let today = certtrack::clock::today(certtrack::clock::now());
    let all: Vec<&Syllabus> = c.entries().into_iter().map(|e| &*e.syllabus).collect();
    let mut failures = Vec::new();
    let mut linted = 0;
    for s in all.iter().filter(|s| !s.exam.retired_on(today)) {
        linted += 1;
        let report = lint(s, &peers(s, &all, today), today, &Thresholds::default());
        for check in report.failed() {
            let (b, v) = (check.band, check.value);
            let figure = match check.unit {
                Unit::Share => {
                    format!("{:.1}% of {}, allowed {}–{}%", v * 100.0, check.of, b.min * 100.0, b.max * 100.0)
                }
                Unit::Count => format!("{v} of {}, allowed {}", check.of, b.max),
            };
            failures.push(format!("{} {}: {figure}", s.exam.id, check.name));
        }
    }
    assert!(linted >= 12, "only {linted} offered exams linted");
    assert!(failures.is_empty(), "over the lint thresholds:\n{}", failures.join("\n"));
}
