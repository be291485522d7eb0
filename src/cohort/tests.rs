use super::*;
use crate::study::{Light, Status};

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
        quiz_accuracy: Some(70.0),
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
        outcomes: None,
    }
}

/// The report over (file, snapshot) pairs, added in order.
fn report(snaps: Vec<(String, Snapshot)>, exam: &ExamInfo) -> Report {
    let mut b = ReportBuilder::new();
    for (file, s) in snaps {
        b.add(file, s);
    }
    b.finish(exam, vec![], NOW)
}

fn json(s: &Snapshot) -> serde_json::Value {
    serde_json::to_value(s).unwrap()
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
    let err = parse_snapshot("a.json", "{\n  \"kind\": oops\n}", NOW).unwrap_err();
    assert!(err.starts_with("a.json:2:"), "{err}");
    let mut s = json(&snap("ana", [80.0, 80.0], Some(NOW)));
    s["format"] = 9.into();
    assert!(parse_snapshot("b.json", &s.to_string(), NOW).unwrap_err().contains("snapshot format 9"));
    // A newer format that also changed a field's type still says which format it is.
    s["domains"] = "changed".into();
    assert!(parse_snapshot("b.json", &s.to_string(), NOW).unwrap_err().contains("snapshot format 9"));
    assert!(
        parse_snapshot("c.json", "{\"kind\": \"something else\"}", NOW)
            .unwrap_err()
            .contains("not a certtrack cohort snapshot")
    );
    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_SNAPSHOT_BYTES as usize));
    assert!(parse_snapshot("d.json", &huge, NOW).unwrap_err().contains("too large"));
    let mut s = snap("ana", [80.0, 80.0], Some(NOW));
    s.readiness = 400.0;
    assert!(parse_snapshot("e.json", &serde_json::to_string(&s).unwrap(), NOW).unwrap_err().contains("outside 0–100"));
}

#[test]
fn control_characters_in_snapshots_are_neutralised() {
    let mut s = snap("ana\u{1b}[31m", [80.0, 80.0], Some(NOW));
    s.topics[0].notes = Some("\u{9b}2J".into());
    let parsed = parse_snapshot("a.json", &serde_json::to_string(&s).unwrap(), NOW).unwrap();
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
    let r = report(snaps, &ExamInfo::default());
    assert_eq!(r.members.iter().map(|m| m.member.as_str()).collect::<Vec<_>>(), vec!["ana", "ben", "cy"]);
    assert_eq!(r.members[0].readiness, 87.5, "the newer snapshot of ana wins");
    assert!(r.members[1].flags.iter().any(|f| f.starts_with("stale")));
    assert!(r.members[2].flags.iter().any(|f| f.contains("other cohort")));
    assert!(r.notes.iter().any(|n| n.contains("dee.json") && n.contains("left out")));
    assert!(r.notes.iter().any(|n| n.contains("ana-old.json")));
    assert_eq!(r.behind_pace, vec![Behind { member: "ben".into(), reason: "inactive for 30 days".into() }]);
}

#[test]
fn a_cohort_file_may_list_five_thousand_members() {
    let members: Vec<String> = (0..5_000).map(|i| format!("\"member-{i}\"")).collect();
    let src = format!("format = 1\nname = \"x\"\nsyllabus = \"a\"\nmembers = [{}]\n", members.join(", "));
    assert_eq!(parse_cohort("big.toml", &src).unwrap().members.len(), 5_000);
}

#[test]
fn format_1_snapshots_are_read_with_accuracy_converted_to_percent() {
    let mut v1 = json(&snap("ana", [80.0, 80.0], Some(NOW)));
    v1["format"] = 1.into();
    v1["quiz_accuracy"] = 0.923.into();
    v1["domains"][0]["quiz_accuracy"] = 0.5.into();
    let s = parse_snapshot("old.json", &v1.to_string(), NOW).unwrap();
    assert_eq!((s.format, s.quiz_accuracy, s.domains[0].quiz_accuracy), (SNAPSHOT_FORMAT, Some(92.3), Some(50.0)));
    let v2 = json(&snap("ana", [80.0, 80.0], Some(NOW)));
    assert_eq!(v2["format"], 2);
    assert_eq!(parse_snapshot("new.json", &v2.to_string(), NOW).unwrap().quiz_accuracy, Some(70.0));
    v1["quiz_accuracy"] = 3.into(); // 300% once converted
    assert!(parse_snapshot("old.json", &v1.to_string(), NOW).unwrap_err().contains("`quiz_accuracy` 300"));
}

#[test]
fn numbers_out_of_range_skip_the_file_and_name_the_field() {
    let cases: [(&str, serde_json::Value, &str); 11] = [
        ("/taken_at", (1i64 << 62).into(), "`taken_at` 4611686018427387904"),
        ("/taken_at", i64::MIN.into(), "`taken_at` -9223372036854775808"),
        ("/taken_at", 1_000_000_000.into(), "`taken_at`"),
        ("/last_active", (NOW + 3 * 86_400).into(), "`last_active`"),
        ("/quiz_accuracy", 1e308.into(), "`quiz_accuracy` 1e308 is outside 0–100"),
        ("/readiness", (-1.0).into(), "`readiness` -1 is outside 0–100"),
        ("/domains/1/coverage", 100.5.into(), "`domains[1].coverage`"),
        ("/domains/0/quiz_accuracy", 101.0.into(), "`domains[0].quiz_accuracy`"),
        ("/days_left", i64::MIN.into(), "`days_left`"),
        ("/exam_date", "9999-01-01".into(), "`exam_date` 9999-01-01"),
        ("/exam_date", "2019-12-31".into(), "`exam_date` 2019-12-31"),
    ];
    for (field, value, message) in cases {
        let mut v = json(&snap("ana", [80.0, 80.0], Some(NOW)));
        *v.pointer_mut(field).unwrap() = value;
        let err = parse_snapshot("x.json", &v.to_string(), NOW).unwrap_err();
        assert!(err.starts_with("x.json: ") && err.contains(message) && err.ends_with("skipped"), "{field}: {err}");
    }
    let mut v = json(&snap("ana", [80.0, 80.0], Some(NOW)));
    v["domains"] = serde_json::Value::Array(vec![v["domains"][0].clone(); 101]);
    assert!(parse_snapshot("x.json", &v.to_string(), NOW).unwrap_err().contains("101 domains"));
    // A day of clock skew between machines is fine.
    let mut ahead = snap("ana", [80.0, 80.0], Some(NOW));
    ahead.taken_at = NOW + 3_600;
    assert!(parse_snapshot("x.json", &serde_json::to_string(&ahead).unwrap(), NOW).is_ok());
}

#[test]
fn a_newer_snapshot_from_the_far_future_cannot_win_over_the_real_one() {
    let mut forged = json(&snap("ana", [10.0, 10.0], Some(NOW)));
    forged["taken_at"] = (1i64 << 62).into();
    let real = snap("ana", [90.0, 90.0], Some(NOW));
    let mut b = ReportBuilder::new();
    let mut notes = vec![];
    for (file, text) in [("forged.json", forged.to_string()), ("real.json", serde_json::to_string(&real).unwrap())] {
        match parse_snapshot(file, &text, NOW) {
            Ok(s) => b.add(file.into(), s),
            Err(e) => notes.push(e),
        }
    }
    let r = b.finish(&ExamInfo::default(), notes, NOW);
    assert_eq!(r.members[0].readiness, 90.0);
    assert!(r.notes[0].starts_with("forged.json: `taken_at`"), "{:?}", r.notes);
}

#[test]
fn a_predicted_score_off_the_exams_scale_skips_the_snapshot() {
    let mut wild = snap("ben", [80.0, 80.0], Some(NOW));
    wild.predicted_score = Some(5_000);
    let exam = ExamInfo { scale: Some((100, 1000)), ..ExamInfo::default() };
    let r = report(vec![("ana.json".into(), snap("ana", [80.0, 80.0], Some(NOW))), ("ben.json".into(), wild)], &exam);
    assert_eq!(r.members.len(), 1);
    assert_eq!(r.notes, vec!["ben.json: `predicted_score` 5000 is outside the exam's scale 100–1000; skipped"]);
}

#[test]
fn weakest_topics_count_members_not_done_and_red_with_red_weighing_double() {
    let with_topics = |member: &str, topics: &[(&str, Status, Option<Light>)]| {
        let mut s = snap(member, [80.0, 80.0], Some(NOW));
        s.topics = topics
            .iter()
            .map(|(id, status, confidence)| TopicSnap {
                id: (*id).into(),
                status: *status,
                confidence: *confidence,
                notes: None,
            })
            .collect();
        s
    };
    let (todo, done, red) = (Status::Todo, Status::Done, Some(Light::Red));
    let mut older = with_topics("ana", &[("t9", todo, red)]);
    older.taken_at = NOW - 86_400;
    let snaps = vec![
        ("ana-old.json".into(), older), // replaced by the newer one: counts for nothing
        ("ana.json".into(), with_topics("ana", &[("t1", todo, None), ("t2", done, red), ("t3", done, None)])),
        ("ben.json".into(), with_topics("ben", &[("t1", todo, None), ("t2", done, None), ("t4", todo, None)])),
    ];
    let r = report(snaps, &ExamInfo::default());
    let got: Vec<(&str, usize, usize)> = r.weakest_topics.iter().map(|t| (t.id.as_str(), t.not_done, t.red)).collect();
    assert_eq!(got, vec![("t1", 2, 0), ("t2", 0, 1), ("t4", 1, 0)]);
    assert_eq!(r.weakest_topics[0].to_string(), "t1: 2 member(s) not done, 0 rating it red");
}

#[test]
fn distinct_topic_ids_are_bounded_over_all_files() {
    let many = |member: &str, from: usize| {
        let mut s = snap(member, [80.0, 80.0], Some(NOW));
        s.topics = (from..from + 60_000)
            .map(|i| TopicSnap { id: format!("t{i}"), status: Status::Todo, confidence: None, notes: None })
            .collect();
        s
    };
    let r =
        report(vec![("a.json".into(), many("ana", 0)), ("b.json".into(), many("ben", 60_000))], &ExamInfo::default());
    assert!(r.notes.iter().any(|n| n.contains("more than 100000 distinct topic ids")), "{:?}", r.notes);
    assert_eq!(r.weakest_topics.len(), 5);
}

#[test]
fn the_cohort_file_names_missing_members_and_outsiders() {
    let c =
        parse_cohort("c.toml", "format = 1\nname = \"T\"\nsyllabus = \"a\"\nmembers = [\"Ana\", \"cy\"]\n").unwrap();
    let exam = ExamInfo { cohort: Some(&c), ..ExamInfo::default() };
    let snaps = vec![
        ("ana.json".into(), snap("ana", [80.0, 80.0], Some(NOW))),
        ("eve.json".into(), snap("eve", [80.0, 80.0], Some(NOW))),
    ];
    let r = report(snaps, &exam);
    assert_eq!(r.cohort, "T");
    assert_eq!(r.notes, vec!["no snapshot from cy", "eve.json: eve is not a member of T"]);
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A sitting with the prediction made the day before.
fn sitting(exam: &str, score: u32, passed: bool, predicted: u32) -> crate::outcome::ExamResult {
    crate::outcome::ExamResult {
        id: 1,
        exam_id: exam.into(),
        sat_on: day(2026, 9, 1),
        score: Some(score),
        passed: Some(passed),
        domains: vec![],
        predicted: Some(crate::outcome::Prediction {
            day: day(2026, 8, 31),
            readiness: 0.7,
            low: 0.6,
            high: 0.8,
            score: Some((predicted, predicted - 50, predicted + 50)),
            domains: vec![],
        }),
        recorded_at: NOW,
    }
}

/// `NOW` is 2026-09-21: expiries within 90 and 180 days of it, a lapsed one not counted.
fn sharing(member: &str, certs: &[(&str, Option<NaiveDate>)], results: Vec<crate::outcome::ExamResult>) -> Snapshot {
    let certifications = certs
        .iter()
        .map(|(e, x)| CertSnap { exam_id: (*e).into(), earned_on: day(2024, 1, 1), expires_on: *x })
        .collect();
    Snapshot { outcomes: Some(Outcomes { certifications, results }), ..snap(member, [80.0, 80.0], Some(NOW)) }
}

#[test]
fn the_report_counts_certified_members_expiries_pass_rate_and_predicted_vs_actual() {
    let ana = sharing(
        "ana",
        &[("aws-saa-c03", Some(day(2026, 11, 1))), ("az-900", None)],
        vec![sitting("aws-saa-c03", 650, false, 760), sitting("aws-saa-c03", 780, true, 770)],
    );
    let ben = sharing("ben", &[("aws-saa-c03", Some(day(2027, 2, 1))), ("aws-clf-c02", Some(day(2026, 1, 1)))], vec![]);
    let cy = snap("cy", [50.0, 50.0], Some(NOW));
    let exam = ExamInfo { pass_marks: [("aws-saa-c03".to_string(), 720)].into(), ..ExamInfo::default() };
    let r = report(vec![("a.json".into(), ana), ("b.json".into(), ben), ("c.json".into(), cy)], &exam);
    let o = r.outcomes.expect("two members share");
    assert_eq!(o.members_sharing, 2, "cy did not consent: not counted");
    let held: Vec<(&str, usize)> = o.certified.iter().map(|c| (c.exam_id.as_str(), c.members)).collect();
    assert_eq!(held, [("aws-saa-c03", 2), ("az-900", 1)], "a lapsed certification is not held");
    assert_eq!((o.expiring_90, o.expiring_180), (1, 2));
    assert_eq!((o.expiring[0].member.as_str(), o.expiring[0].days_left), ("ana", 41));
    assert_eq!((o.attempts, o.passed, o.pass_rate), (2, 1, Some(50.0)));
    let c = &o.calibration;
    assert_eq!((c.scored, c.inside_band, c.pass_calls, c.pass_calls_right), (2, 1, 2, 1));
    assert!(o.lines().iter().any(|l| l.contains("1 within 90 days, 2 within 180 days")), "{:?}", o.lines());
}

#[test]
fn a_report_without_shared_results_has_no_outcomes_and_old_snapshots_still_load() {
    let old = json(&snap("ana", [80.0, 60.0], Some(NOW)));
    assert!(old.get("outcomes").is_none(), "nothing is written without consent");
    let parsed = parse_snapshot("old.json", &old.to_string(), NOW).unwrap();
    assert_eq!(parsed.outcomes, None);
    let r = report(vec![("old.json".into(), parsed)], &ExamInfo::default());
    assert_eq!(r.outcomes, None);
    let mut edited = json(&sharing("ben", &[], vec![sitting("aws-saa-c03", 700, true, 700)]));
    edited["outcomes"]["results"][0]["predicted"]["readiness"] = 7.0.into();
    let err = parse_snapshot("e.json", &edited.to_string(), NOW).unwrap_err();
    assert!(err.contains("outcomes.results[0].predicted") && err.ends_with("skipped"), "{err}");
    let mut hostile = json(&sharing("cy", &[("x\u{1b}[2J", None)], vec![]));
    hostile["format"] = 2.into();
    let clean = parse_snapshot("h.json", &hostile.to_string(), NOW).unwrap();
    assert!(!clean.outcomes.unwrap().certifications[0].exam_id.contains('\u{1b}'));
}
