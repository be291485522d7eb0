use std::collections::HashMap;

use super::*;
use crate::study::Status;

const NOW: i64 = 1_790_000_000;

fn snap(member: &str, readiness: [f64; 2], last_active: Option<i64>) -> Snapshot {
    let light = |r: f64| {
        if r >= 70.0 {
            Light::Green
        } else if r < 50.0 {
            Light::Red
        } else {
            Light::Amber
        }
    };
    Snapshot {
        format: SNAPSHOT_FORMAT,
        kind: SNAPSHOT_KIND.into(),
        cohort: "Platform".into(),
        member: member.into(),
        exam_id: "acme".into(),
        syllabus_version: 1,
        taken_at: NOW,
        exam_date: None,
        readiness: (readiness[0] + readiness[1]) / 2.0,
        predicted_score: Some(600),
        light: light(readiness[0].min(readiness[1])),
        on_track: readiness.iter().all(|&r| r >= 70.0),
        behind_pace: false,
        days_left: Some(30),
        last_active,
        reviews_done: 10,
        quiz_attempts: 20,
        quiz_accuracy: Some(0.7),
        domains: ["d1", "d2"]
            .iter()
            .zip(readiness)
            .map(|(id, r)| DomainSnap {
                id: (*id).into(),
                readiness: r,
                light: light(r),
                quiz_attempts: 5,
                quiz_accuracy: None,
                coverage: 100.0,
            })
            .collect(),
        topics: vec![TopicSnap { id: "t1".into(), status: Status::Done, confidence: None, notes: None }],
    }
}

#[test]
fn cohort_file_errors_name_line_and_column() {
    let err = parse_cohort("team.toml", "format = 1\nname = \"x\"\nsylabus = \"aws-saa-c03\"\n").unwrap_err();
    assert!(err.starts_with("team.toml:3:1: error: unknown field `sylabus`"), "{err}");
    let dup = parse_cohort("t.toml", "format = 1\nname = \"x\"\nsyllabus = \"a\"\nmembers = [\"Ana\", \"ana\"]\n")
        .unwrap_err();
    assert!(dup.starts_with("t.toml:4:19: error: member `ana` is listed twice\n"), "{dup}");
    assert!(dup.contains(" 4 | members = [\"Ana\", \"ana\"]\n   |                   ^^^^^\n"), "{dup}");
    assert!(dup.contains("  note: the first is at t.toml:4:12\n"), "{dup}");
    let esc = parse_cohort("t.toml", "format = 1\nname = \"x\\u001b[2J\"\nsyllabus = \"a\"\n").unwrap_err();
    assert!(esc.starts_with("t.toml:2:8: error: text contains the control character U+001B (ESC)"), "{esc}");
    let format = parse_cohort("t.toml", "format = 2\nname = \"x\"\nsyllabus = \"a\"\n").unwrap_err();
    assert!(format.starts_with("t.toml:1:10: error: format 2 is not supported"), "{format}");
}

#[test]
fn the_syllabus_is_an_exam_id_or_a_file_name_never_a_path() {
    let cohort =
        |syllabus: &str| parse_cohort("t.toml", &format!("format = 1\nname = \"x\"\nsyllabus = {syllabus:?}\n"));
    for path in ["sub/x.toml", "../../etc/x.toml", "/etc/x.toml", "sub\\x.toml", "C:x.toml", "./x.toml"] {
        let err = cohort(path).unwrap_err();
        assert!(err.starts_with("t.toml:3:12: error: `syllabus` names a file in another folder"), "{path}: {err}");
        assert!(err.contains("no paths"), "{err}");
    }
    for fine in ["team-saa.toml", "aws-saa-c03", "..toml"] {
        assert_eq!(cohort(fine).expect(fine).syllabus, fine);
    }
}

#[test]
fn every_problem_in_a_cohort_file_is_reported_at_once() {
    let src =
        "format = 1\r\nname = \"  \"\r\nsyllabus = \"sub/x.toml\"\r\nmembers = [\"ana\", \"b\\u0007\", \"ANA\"]\r\n";
    let err = parse_cohort("t.toml", src).unwrap_err();
    let heads: Vec<&str> = err.lines().filter(|l| l.starts_with("t.toml:")).collect();
    assert_eq!(
        heads,
        [
            "t.toml:2:8: error: `name` is empty",
            "t.toml:3:12: error: `syllabus` names a file in another folder",
            "t.toml:4:19: error: text contains the control character U+0007 (BEL)",
            "t.toml:4:30: error: member `ANA` is listed twice",
        ],
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{fffd}'), "CRLF line ends are not shown: {err:?}");
    let fine = parse_cohort("t.toml", "format = 1\r\nname = \"x\"\r\nsyllabus = \"a\"\r\nmembers = [\"ana\"]\r\n");
    assert_eq!(fine.expect("CRLF is fine").members, ["ana"]);
}

#[test]
fn the_template_parses_back() {
    let t = template("Platform SAA", "aws-saa-c03", chrono::NaiveDate::from_ymd_opt(2027, 3, 15));
    let c = parse_cohort("t.toml", &t).unwrap();
    assert_eq!((c.name.as_str(), c.syllabus.as_str()), ("Platform SAA", "aws-saa-c03"));
    assert_eq!(c.exam_date(), chrono::NaiveDate::from_ymd_opt(2027, 3, 15));
}

#[test]
fn bad_snapshots_get_clear_messages() {
    let err = parse_snapshot("a.json", "{\n  \"kind\": oops\n}").unwrap_err();
    assert!(err.starts_with("a.json:2:"), "{err}");
    let mut s = serde_json::to_value(snap("ana", [80.0, 80.0], Some(NOW))).unwrap();
    s["format"] = 9.into();
    assert!(parse_snapshot("b.json", &s.to_string()).unwrap_err().contains("snapshot format 9"));
    assert!(
        parse_snapshot("c.json", "{\"kind\": \"something else\"}")
            .unwrap_err()
            .contains("not a certtrack cohort snapshot")
    );
    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_SNAPSHOT_BYTES as usize));
    assert!(parse_snapshot("d.json", &huge).unwrap_err().contains("too large"));
    let mut s = snap("ana", [80.0, 80.0], Some(NOW));
    s.readiness = 400.0;
    assert!(parse_snapshot("e.json", &serde_json::to_string(&s).unwrap()).unwrap_err().contains("outside 0–100"));
}

#[test]
fn control_characters_in_snapshots_are_neutralised() {
    let mut s = snap("ana\u{1b}[31m", [80.0, 80.0], Some(NOW));
    s.topics[0].notes = Some("\u{9b}2J".into());
    let parsed = parse_snapshot("a.json", &serde_json::to_string(&s).unwrap()).unwrap();
    assert!(!parsed.member.chars().any(crate::text::is_forbidden));
    assert!(!parsed.topics[0].notes.as_ref().unwrap().chars().any(crate::text::is_forbidden));
}

#[test]
fn report_keeps_the_newest_duplicate_and_flags_stale_and_foreign_snapshots() {
    let mut old = snap("ana", [40.0, 40.0], Some(NOW - 30 * 86_400));
    old.taken_at = NOW - 30 * 86_400;
    let mut other = snap("cy", [60.0, 60.0], Some(NOW));
    other.cohort = "Another team".into();
    let mut other_exam = snap("dee", [60.0, 60.0], Some(NOW));
    other_exam.exam_id = "else".into();
    let snaps = vec![
        ("ana-old.json".into(), old.clone()),
        ("ana.json".into(), snap("ana", [90.0, 85.0], Some(NOW))),
        ("ben.json".into(), {
            let mut b = old;
            b.member = "ben".into();
            b
        }),
        ("cy.json".into(), other),
        ("dee.json".into(), other_exam),
    ];
    let r = build_report(snaps, None, &HashMap::new(), vec![], NOW);
    assert_eq!(r.members.iter().map(|m| m.member.as_str()).collect::<Vec<_>>(), vec!["ana", "ben", "cy"]);
    assert_eq!(r.members[0].readiness, 87.5, "the newer snapshot of ana wins");
    assert!(r.members[1].flags.iter().any(|f| f.starts_with("stale")));
    assert!(r.members[2].flags.iter().any(|f| f.contains("other cohort")));
    assert!(r.notes.iter().any(|n| n.contains("dee.json") && n.contains("left out")));
    assert!(r.notes.iter().any(|n| n.contains("ana-old.json")));
    assert_eq!(r.behind_pace, vec![("ben".to_owned(), "inactive for 30 days".to_owned())]);
    let md = render(&r, ReportFormat::Markdown);
    assert!(md.starts_with("# Platform") && md.contains("| ana | 88% |"), "{md}");
    let csv = render(&r, ReportFormat::Csv);
    assert!(csv.starts_with("member,readiness,score,light,d1,d2,last active,behind pace,flags\n"), "{csv}");
}
