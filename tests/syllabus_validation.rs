//! Every kind of syllabus problem is reported with the right line and column and a hint.
//! Each test mutates the documented sample (which must itself be valid) in one way.

use certtrack::syllabus::{Checked, Format, Located, check};

const SAMPLE: &str = include_str!("../assets/sample-syllabus.toml");

fn mutate(from: &str, to: &str) -> String {
    assert!(SAMPLE.contains(from), "sample no longer contains {from:?}");
    SAMPLE.replacen(from, to, 1)
}

/// 1-based (line, column) of the first occurrence of `needle` in `src`.
fn position_of(src: &str, needle: &str) -> (usize, usize) {
    let off = src.find(needle).unwrap_or_else(|| panic!("{needle:?} not in source"));
    let line = src[..off].matches('\n').count() + 1;
    let col = off - src[..off].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

fn errors(checked: &Checked) -> Vec<&Located> {
    checked.report.shown.iter().filter(|p| p.problem.is_error()).collect()
}

/// The file fails, and one error contains `message` at the position of `at`.
fn assert_error_at(src: &str, message: &str, at: &str) -> Located {
    let checked = check("team.toml", src);
    assert!(checked.syllabus.is_none(), "expected failure for {message:?}");
    let (line, column) = position_of(src, at);
    let found = errors(&checked).into_iter().find(|p| p.problem.message.contains(message));
    let found = found.unwrap_or_else(|| panic!("no error containing {message:?} in:\n{}", checked.render()));
    assert_eq!((found.line, found.column), (line, column), "{}", found.render());
    assert!(found.render().starts_with(&format!("team.toml:{line}:{column}: error: ")));
    assert!(found.problem.help.is_some(), "every error says what to change: {}", found.render());
    found.clone()
}

#[test]
fn the_documented_sample_is_valid() {
    let checked = check("sample.toml", SAMPLE);
    assert!(checked.report.shown.is_empty(), "{}", checked.render());
    let s = checked.syllabus.expect("valid");
    assert_eq!(s.exam.id, "acme-cloud-basics");
    assert_eq!((s.domains.len(), s.topics.len(), s.questions.len(), s.flashcards.len()), (2, 2, 2, 1));
    assert_eq!(s.questions[1].answer, vec![0, 1]);
    assert_eq!(s.exam.question_count, (30, 40));
}

#[test]
fn toml_syntax_error_is_located() {
    let src = mutate("name = \"Identity\"", "name = \"Identity");
    assert_error_at(&src, "", "\nweight = [40, 50]");
}

#[test]
fn unknown_key_is_an_error_naming_the_key() {
    let src = mutate("explanation = \"\"\"\nWrite access", "explaination = \"\"\"\nWrite access");
    let e = assert_error_at(&src, "unknown field `explaination`", "explaination");
    assert!(e.problem.message.contains("`explanation`"), "suggests the right key: {}", e.problem.message);
}

#[test]
fn wrong_type_is_an_error() {
    let src = mutate("duration_minutes = 60", "duration_minutes = \"sixty\"");
    assert_error_at(&src, "invalid type", "\"sixty\"");
}

#[test]
fn duplicate_ids_are_errors() {
    let src = mutate("id = \"q-private-networks-1\"", "id = \"q-least-privilege-1\"");
    let second = src.rfind("id = \"q-least-privilege-1\"").unwrap();
    let checked = check("team.toml", &src);
    let e = errors(&checked).into_iter().find(|p| p.problem.message.contains("duplicate")).expect("duplicate reported");
    assert_eq!(e.line, src[..second].matches('\n').count() + 1);
    assert_eq!(e.column, 6);
}

#[test]
fn answer_letter_without_a_choice_is_an_error() {
    let src = mutate("answer = \"A\"", "answer = \"E\"");
    assert_error_at(&src, "answer `E` has no choice", "\"E\"");
}

#[test]
fn topic_naming_a_missing_domain_is_an_error() {
    let src = mutate("domain = \"d2\"", "domain = \"d7\"");
    let e = assert_error_at(&src, "names domain `d7`, which does not exist", "\"d7\"");
    assert!(e.problem.help.as_deref().unwrap().contains("d1, d2"));
}

#[test]
fn single_weights_must_sum_to_100() {
    let src = mutate("weight = [40, 50]", "weight = 40").replacen("weight = [50, 60]", "weight = 50", 1);
    assert_error_at(&src, "add up to 90, not 100", "[[domain]]");
}

#[test]
fn ranges_that_cannot_sum_to_100_are_errors() {
    let src = mutate("weight = [50, 60]", "weight = [30, 45]");
    assert_error_at(&src, "cannot add up to 100", "[[domain]]");
}

#[test]
fn empty_title_is_an_error() {
    let src = mutate("title = \"Least privilege\"", "title = \"   \"");
    assert_error_at(&src, "topic title is empty", "\"   \"");
}

#[test]
fn control_characters_are_rejected() {
    let src = mutate("title = \"Private networks\"", "title = \"Private \\u001b[2Jnetworks\"");
    let e = assert_error_at(&src, "U+001B (ESC)", "\"Private \\u001b");
    assert!(!e.render().contains('\u{1b}'), "the message itself is safe to print");
    let bidi = mutate("title = \"Private networks\"", "title = \"Private \u{202e}networks\"");
    assert_error_at(&bidi, "bidirectional override", "\"Private \u{202e}");
}

#[test]
fn absurd_sizes_are_rejected() {
    let seven = mutate("  \"The bucket made publicly writable\",\n", "  \"x1\",\n  \"x2\",\n  \"x3\",\n  \"x4\",\n");
    assert_error_at(&seven, "7 choices; a question has 2 to 6", "[\n  \"Write access to that one");
    let long_title = mutate("title = \"Least privilege\"", &format!("title = \"{}\"", "x".repeat(201)));
    assert_error_at(&long_title, "201 characters long", "\"xxxx");
    let huge = format!("{SAMPLE}\n# {}\n", "x".repeat(certtrack::syllabus::MAX_FILE_BYTES));
    let checked = check("huge.toml", &huge);
    assert!(checked.syllabus.is_none());
    assert!(checked.render().contains("more than the 16777216"), "{}", checked.render());
}

#[test]
fn numeric_pass_mark_needs_a_scale_and_must_fit_it() {
    let src = mutate("scale = [100, 1000]\n", "");
    assert_error_at(&src, "needs a `scale`", "700");
    let src = mutate("pass_mark = 700", "pass_mark = 1700");
    assert_error_at(&src, "outside the scale", "1700");
}

#[test]
fn duplicate_stems_are_errors() {
    let src = mutate(
        "stem = \"Which two measures keep an internal database off the public internet? (Choose two.)\"",
        "stem = \"\"\"\nA build job needs to upload artifacts to one storage bucket. Which grant follows the\nprinciple of least privilege?\n\"\"\"",
    );
    let checked = check("team.toml", &src);
    assert!(checked.render().contains("has the same stem as `q-least-privilege-1`"), "{}", checked.render());
}

#[test]
fn a_stem_asking_for_two_answers_needs_two() {
    let src = mutate(r#"answer = ["A", "B"]"#, r#"answer = ["A"]"#);
    assert_error_at(&src, "the stem says to choose 2, the answer lists 1", r#"["A"]"#);
    let src = mutate("(Choose two.)", "(Choose three.)");
    assert_error_at(&src, "choose 3, the answer lists 2", r#"["A", "B"]"#);
}

#[test]
fn all_problems_in_a_file_are_reported_not_just_the_first() {
    let src = mutate("answer = \"A\"", "answer = \"Z\"")
        .replacen("domain = \"d2\"", "domain = \"nope\"", 1)
        .replacen("front = ", "frnt = ", 1)
        .replacen("format = 1", "format = 3", 1);
    let checked = check("team.toml", &src);
    let messages: Vec<&str> = errors(&checked).iter().map(|p| p.problem.message.as_str()).collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert!(messages.iter().any(|m| m.contains("unsupported format 3")));
    assert!(messages.iter().any(|m| m.contains("`Z` is not a choice letter")));
    assert!(messages.iter().any(|m| m.contains("`nope`")));
    assert!(messages.iter().any(|m| m.contains("unknown field `frnt`")));
    assert!(messages.iter().any(|m| m.contains("missing field `front`")));
    let lines: Vec<usize> = errors(&checked).iter().map(|p| p.line).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "problems come in file order: {lines:?}");
}

#[test]
fn a_broken_entry_is_not_reported_again_where_it_is_named() {
    let src = mutate("summary = \"Keep internal", "colour = \"red\"\nsummary = \"Keep internal");
    let checked = check("team.toml", &src);
    assert_eq!(errors(&checked).len(), 1, "{}", checked.render());
}

#[test]
fn missing_required_field_is_reported() {
    let src = mutate("code = \"ACB-01\"\n", "");
    let checked = check("team.toml", &src);
    assert!(checked.render().contains("missing field `code`"), "{}", checked.render());
}

#[test]
fn every_problem_of_a_broken_entry_is_reported_in_one_pass() {
    // Each entry below has a typo'd key or a value of the wrong shape, which used to drop the
    // whole entry: its other problems (and duplicates of its id) showed only once that was fixed.
    let src = mutate("duration_minutes = 60", "duration_minutes = \"sixty\"")
        .replacen("version = 1", "version = 0", 1)
        .replacen("domain = \"d2\"", "domain = \"d9\"\ncolour = \"red\"", 1)
        .replacen("answer = \"A\"", "answer = \"E\"\nhint = \"think\"", 1)
        .replacen("id = \"q-private-networks-1\"", "id = \"q-least-privilege-1\"", 1);
    let checked = check("team.toml", &src);
    let second = src.rfind("\"q-least-privilege-1\"").unwrap();
    let expected = [
        ("invalid type: string \"sixty\"", &src[src.find("\"sixty\"").unwrap()..]),
        ("`version` is 0, outside 1–1000000", &src[src.find("version = 0").unwrap() + 10..]),
        ("unknown field `colour`", &src[src.find("colour").unwrap()..]),
        ("names domain `d9`, which does not exist", &src[src.find("\"d9\"").unwrap()..]),
        ("unknown field `hint`", &src[src.find("hint").unwrap()..]),
        ("answer `E` has no choice", &src[src.find("\"E\"").unwrap()..]),
        ("duplicate flashcard/question id `q-least-privilege-1`", &src[second..]),
    ];
    let errors = errors(&checked);
    assert_eq!(errors.len(), expected.len(), "{}", checked.render());
    for (message, at) in expected {
        assert_error_at(&src, message, at);
    }
}

#[test]
fn a_repeat_is_reported_where_it_repeats_and_says_where_the_first_is() {
    // A question written before a flashcard with the same id: the flashcard is the repeat,
    // although flashcards are checked first.
    let card =
        "\n[[flashcard]]\nid = \"q-least-privilege-1\"\ntopic = \"least-privilege\"\nfront = \"F\"\nback = \"B\"\n";
    let src = format!("{SAMPLE}{card}");
    let repeat = src.rfind("\"q-least-privilege-1\"").unwrap();
    let e = assert_error_at(&src, "duplicate flashcard/question id `q-least-privilege-1`", &src[repeat..]);
    let (line, column) = position_of(&src, "\"q-least-privilege-1\"");
    assert_eq!(e.first, Some((line, column)));
    assert!(e.render().contains(&format!("  note: the first is at team.toml:{line}:{column}\n")), "{}", e.render());

    // Topics alike: the error is at the second, the note at the first.
    let src = mutate("id = \"private-networks\"", "id = \"least-privilege\"");
    let repeat = src.rfind("\"least-privilege\"\ndomain").unwrap();
    let e = assert_error_at(&src, "duplicate topic id `least-privilege`", &src[repeat..]);
    assert_eq!(e.first, Some(position_of(&src, "\"least-privilege\"")));

    // And a repeated stem points back at the first question's stem.
    let src = mutate(
        "stem = \"Which two measures keep an internal database off the public internet? (Choose two.)\"",
        "stem = \"A BUILD job needs to upload artifacts to one storage bucket. Which grant follows the principle of least privilege?\"",
    );
    let e = assert_error_at(&src, "has the same stem as `q-least-privilege-1`", "\"A BUILD");
    assert_eq!(e.first, Some(position_of(&src, "\"\"\"\nA build job")));
}

#[test]
fn crlf_line_ends_are_accepted_and_a_lone_carriage_return_is_not() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    let checked = check("windows.toml", &crlf);
    assert!(checked.report.is_empty(), "{}", checked.render());
    let s = checked.syllabus.expect("valid");
    let lf = check("sample.toml", SAMPLE).syllabus.unwrap();
    assert_eq!(s.topics[0].summary, lf.topics[0].summary, "multi-line text reads as with LF line ends");
    assert!(!s.questions[0].explanation.contains('\r'));

    // Problems in a CRLF file are where they are in the LF one, and show no stray CR.
    let bad = mutate("answer = \"A\"", "answer = \"E\"").replace('\n', "\r\n");
    let e = assert_error_at(&bad.replace("\r\n", "\n"), "answer `E` has no choice", "\"E\"");
    let found = check("team.toml", &bad);
    let crlf_e = errors(&found).into_iter().find(|p| p.problem.message.contains("`E`")).expect("reported").clone();
    assert_eq!((crlf_e.line, crlf_e.column), (e.line, e.column));
    assert!(!crlf_e.render().contains('\u{fffd}'), "{}", crlf_e.render());

    // A carriage return that does not end a line is still refused, written or escaped.
    let lone = mutate("Grant each person and workload", "Grant each person\rand workload");
    assert_error_at(&lone, "carriage return must be followed by newline", "and workload");
    let escaped = mutate("title = \"Least privilege\"", "title = \"Least\\rprivilege\"");
    assert_error_at(&escaped, "U+000D (carriage return)", "\"Least\\r");
}

/// Format 2: exam lifecycle, levels, case studies, yes/no series, ordering items, the carry.
const FORMAT_2: &str = r#"
[[case_study]]
id = "cs-acme"
title = "Acme"
overview = "A retailer with two data centres."
current = "Everything runs on premises."
requirements = "- Move the web tier first.\n- Keep the database private."

[[question]]
id = "q-cs-1"
topic = "private-networks"
case = "cs-acme"
stem = "Acme must keep its database private. What should it use?"
choices = ["A private endpoint", "A public IP", "Port 3306 open to all", "Public DNS"]
answer = "A"
explanation = "Only the private endpoint keeps it private."

[[question]]
id = "q-yn-1"
topic = "least-privilege"
format = "yes-no"
stem = "For each statement, select Yes if it is true."
statements = ["Least privilege limits scope.", "Admin for all is least privilege.", "Grants should be reviewed."]
answer = ["yes", "no", "yes"]
explanation = "Statement by statement."

[[question]]
id = "q-ord-1"
topic = "least-privilege"
format = "ordering"
stem = "Put the steps in order."
steps = ["List what the job does", "Write the narrowest policy", "Test it", "Review it later"]
explanation = "Each step needs the one before."

[[carry]]
from = "old-iam"
to = ["least-privilege"]

[[carry_item]]
from = "q-old-1"
to = "q-yn-1"
"#;

fn format_2(extra_exam: &str, body: &str) -> String {
    SAMPLE.replace("format = 1", "format = 2").replace("[exam]\n", &format!("[exam]\n{extra_exam}")) + body
}

#[test]
fn format_2_reads_case_studies_item_formats_the_lifecycle_and_the_carry() {
    let text = format_2(
        "level = \"associate\"\npredecessor = \"acme-old\"\nsuccessor = \"acme-next\"\nretired = 2026-07-31\n",
        FORMAT_2,
    );
    let mut c = check("f2.toml", &text);
    let s = c.syllabus.take().unwrap_or_else(|| panic!("{}", c.render()));
    assert_eq!(s.exam.level, Some(certtrack::syllabus::Level::Associate));
    assert_eq!((s.exam.predecessor.as_deref(), s.exam.successor.as_deref()), (Some("acme-old"), Some("acme-next")));
    assert!(s.exam.retired_on(chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap()));
    assert_eq!(s.case_studies.len(), 1);
    let q = |id: &str| s.questions.iter().find(|q| q.id == id).unwrap();
    assert_eq!(q("q-cs-1").case, Some(0));
    assert_eq!((q("q-yn-1").format, q("q-yn-1").answer.clone()), (Format::YesNo, vec![0, 2]));
    assert_eq!((q("q-ord-1").format, q("q-ord-1").answer.clone()), (Format::Ordering, vec![0, 1, 2, 3]));
    assert!(q("q-ord-1").is_right(&[0, 1, 2, 3]) && !q("q-ord-1").is_right(&[1, 0, 2, 3]));
    assert!(q("q-yn-1").is_right(&[2, 0]) && !q("q-yn-1").is_right(&[0]));
    assert_eq!(s.carry.topics[0].from, "old-iam");
    assert_eq!(s.carry.items[0].to, certtrack::syllabus::ItemAt::Question(3));
}

#[test]
fn format_2_mistakes_are_located_and_explained() {
    let broken = FORMAT_2
        .replace("case = \"cs-acme\"", "case = \"cs-nobody\"")
        .replace("answer = [\"yes\", \"no\", \"yes\"]", "answer = [\"yes\", \"maybe\"]")
        .replace("steps = [", "choices = [")
        .replace("to = \"q-yn-1\"", "to = \"q-missing\"");
    let text = format_2("retires = 2026-07-31\nretired = 2026-07-31\n", &broken);
    let out = check("bad.toml", &text).render();
    for expected in [
        "names case study `cs-nobody`",
        "answer `maybe` is not yes or no",
        "unknown field `choices`",
        "missing field `steps`",
        "a mapping without a predecessor",
        "names `q-missing`, which is no question or flashcard here",
        "both `retires` and `retired` are set",
    ] {
        assert!(out.contains(expected), "{expected}:\n{out}");
    }
}

#[test]
fn a_format_1_file_using_what_format_2_added_is_told_to_say_format_2() {
    // Each on its own: the first format-2 feature in the file is reported where it is written.
    let one = |exam: &str, body: &str| format_2(exam, body).replace("format = 2", "format = 1");
    for (text, at) in [
        (one("level = \"associate\"\n", ""), "\"associate\""),
        (one("", FORMAT_2), "[[case_study]]"),
        (one("successor = \"acme-next\"\n", ""), "\"acme-next\""),
    ] {
        assert_error_at(&text, "needs `format = 2`", at);
    }
    assert!(check("f2.toml", &format_2("level = \"associate\"\n", "")).syllabus.is_some());
}
