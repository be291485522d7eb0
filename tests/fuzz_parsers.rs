//! Hostile input for every parser of other people's files: the syllabus loader, cohort files and
//! snapshots. Random bytes, mutations of real files and hostile sizes must end in a result or a
//! clear error: no panic, no hang, bounded work.

use std::time::{Duration, Instant};

use certtrack::cohort::{parse_cohort, parse_snapshot};
use certtrack::syllabus::{MAX_FILE_BYTES, SHOWN_PER_KIND, check, synthetic};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("../assets/sample-syllabus.toml");
const COHORT: &str = "format = 1\nname = \"Platform\"\nsyllabus = \"aws-saa-c03\"\nexam_date = 2027-03-15\nmembers = [\"ana\", \"ben\"]\n";
const SNAPSHOT: &str = r#"{"format":1,"kind":"certtrack-cohort-snapshot","cohort":"Platform","member":"ana","exam_id":"x","syllabus_version":1,"taken_at":1790000000,"exam_date":null,"readiness":55.0,"predicted_score":600,"light":"amber","on_track":false,"behind_pace":false,"days_left":30,"last_active":null,"reviews_done":0,"quiz_attempts":0,"quiz_accuracy":null,"domains":[{"id":"d1","readiness":55.0,"light":"amber","quiz_attempts":0,"quiz_accuracy":null,"coverage":50.0}],"topics":[{"id":"t","status":"todo","confidence":null}]}"#;

/// A real file with some bytes replaced, inserted or deleted.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let len = base.len();
    proptest::collection::vec((0..len, any::<u8>(), 0..3u8), 1..12).prop_map(move |edits| {
        let mut bytes = base.as_bytes().to_vec();
        for (pos, byte, op) in edits {
            let pos = pos.min(bytes.len().saturating_sub(1));
            match op {
                0 => bytes[pos] = byte,
                1 => bytes.insert(pos, byte),
                _ => {
                    bytes.remove(pos);
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn syllabus_loader_never_panics_on_mutations(src in mutated(SAMPLE)) {
        let checked = check("fuzz.toml", &src);
        // Either a syllabus, or at least one located error; never both, never neither.
        prop_assert_eq!(checked.syllabus.is_some(), checked.errors() == 0);
        for p in &checked.report.shown {
            prop_assert!(p.line >= 1 && p.column >= 1);
            prop_assert!(!p.render().chars().any(certtrack::text::is_forbidden));
        }
    }

    #[test]
    fn syllabus_loader_never_panics_on_noise(src in "\\PC{0,400}") {
        let _ = check("noise.toml", &src);
    }

    #[test]
    fn cohort_parser_never_panics(src in mutated(COHORT)) {
        let _ = parse_cohort("c.toml", &src);
    }

    #[test]
    fn snapshot_parser_never_panics(src in mutated(SNAPSHOT)) {
        if let Ok(s) = parse_snapshot("s.json", &src, 1_790_000_000) {
            prop_assert!(!s.member.chars().any(certtrack::text::is_forbidden));
            prop_assert!((0.0..=100.0).contains(&s.readiness));
        }
    }
}

fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    // Generous: this guards against hangs and blow-ups, not speed (benches measure that).
    assert!(start.elapsed() < Duration::from_secs(20), "{what} took {:?}", start.elapsed());
    out
}

#[test]
fn a_50_mb_file_is_refused_before_parsing() {
    let huge = "#".repeat(50 << 20);
    let checked = quick("50 MB", || check("huge.toml", &huge));
    assert!(checked.render().contains(&format!("more than the {MAX_FILE_BYTES}")), "{}", checked.render());
}

#[test]
fn a_hundred_thousand_topics_are_refused_with_a_clear_message() {
    let src = synthetic::syllabus("many", 4, 100_000, 0);
    let checked = quick("100k topics", || check("many.toml", &src));
    let text = checked.render();
    assert!(checked.syllabus.is_none());
    assert!(text.contains("more than the") || text.contains("entries, more than"), "{}", &text[..text.len().min(500)]);
}

#[test]
fn a_one_megabyte_string_is_refused() {
    let src = SAMPLE.replacen("title = \"Least privilege\"", &format!("title = \"{}\"", "x".repeat(1 << 20)), 1);
    let checked = quick("1 MB string", || check("long.toml", &src));
    assert!(checked.render().contains("characters long, more than the 200 allowed"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [50, 5_000] {
        let src = format!("{SAMPLE}\nextra = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
        let checked = quick("deep nesting", || check("deep.toml", &src));
        assert!(checked.syllabus.is_none(), "depth {depth}");
        assert!(checked.errors() > 0);
    }
}

#[test]
fn a_huge_cohort_file_and_snapshot_are_refused() {
    let big = format!("{COHORT}# {}\n", "x".repeat(1 << 20));
    assert!(parse_cohort("big.toml", &big).unwrap_err().contains("far too large"));
    let members: Vec<String> = (0..5_001).map(|i| format!("\"m{i}\"")).collect();
    let many = COHORT.replace("[\"ana\", \"ben\"]", &format!("[{}]", members.join(", ")));
    assert!(parse_cohort("many.toml", &many).unwrap_err().contains("at most 5000"));
    let nested = format!("{{\"kind\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_snapshot("nested.json", &nested, 1_790_000_000).is_err());
}

#[test]
fn thousands_of_problems_are_reported_a_few_of_each_kind_and_counted() {
    // 2,000 questions broken four ways each, and 10,000 unknown tables: the report used to be
    // every one of the 18,000 problems (72,000 lines for the benchmark's larger file).
    let src = synthetic::hostile(2_000, 10_000);
    let checked = check("hostile.toml", &src);
    assert!(checked.syllabus.is_none());
    assert_eq!(checked.errors(), 4 * 2_000 + 10_000, "every problem is counted");
    let kinds = ["invalid-id", "unknown-topic", "answer", "unknown-key"];
    assert_eq!(checked.report.shown.len(), kinds.len() * SHOWN_PER_KIND);
    let text = checked.render();
    for (kind, more) in kinds.iter().zip(["1,980", "1,980", "1,980", "11,980"]) {
        let line = format!("hostile.toml: … and {more} more {kind} errors\n");
        assert!(text.contains(&line), "no {line:?} in:\n{}", &text[text.len().saturating_sub(600)..]);
    }
    assert!(text.lines().count() < 500, "{} lines", text.lines().count());
}
