//! A team lead's whole flow: a cohort file with a team syllabus, three members who join and
//! study differently (one strong, one weak in networking, one idle), their snapshots, and the
//! lead's report: the matrix, the weakest domain and who is behind pace.

mod common;

use certtrack::srs::DAY;
use certtrack::store::Store;
use certtrack::study::Attempt;
use common::{Sandbox, sample_syllabus, stdout};
use serde_json::Value;

const NOW: i64 = 1_790_000_000;

fn run(sb: &Sandbox, args: &[&str]) -> String {
    let out = sb.cmd().env("CERTTRACK_NOW", NOW.to_string()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}{}", common::stderr(&out), stdout(&out));
    stdout(&out)
}

/// Answers on both questions: `right[i]` of 30 correct on domain i, over the last week.
fn study(sb: &Sandbox, right: [usize; 2]) {
    let mut store = Store::open(&sb.db()).unwrap();
    for (q, r) in ["q-least-privilege-1", "q-private-networks-1"].iter().zip(right) {
        for i in 0..30 {
            let a = Attempt {
                session_id: None,
                exam_id: "acme-cloud-basics".into(),
                question_id: (*q).into(),
                chosen: "A".into(),
                correct: i < r,
                seconds: 25.0,
                answered_at: NOW - (i as i64 % 7) * DAY,
            };
            store.record_attempt(&a).unwrap();
        }
    }
}

#[test]
fn lead_sees_who_is_ready_the_weakest_domain_and_who_is_behind() {
    let lead = Sandbox::new();
    let team = lead.path().join("team");
    std::fs::create_dir_all(team.join("snaps")).unwrap();
    std::fs::copy(sample_syllabus(), team.join("acme.toml")).unwrap();
    let cohort = team.join("cohort.toml");
    run(
        &lead,
        &[
            "cohort",
            "init",
            "--out",
            cohort.to_str().unwrap(),
            "--name",
            "Platform",
            "--syllabus",
            "acme.toml",
            "--exam-date",
            "2026-10-20",
        ],
    );
    let text = std::fs::read_to_string(&cohort)
        .unwrap()
        .replace("    # \"ana\",\n    # \"ben\",\n", "    \"ana\",\n    \"ben\",\n    \"cy\",\n");
    std::fs::write(&cohort, text).unwrap();

    for (member, right) in [("ana", Some([29, 28])), ("ben", Some([29, 6])), ("cy", None)] {
        let sb = Sandbox::new();
        let joined = run(&sb, &["cohort", "join", cohort.to_str().unwrap()]);
        assert!(joined.contains("following acme-cloud-basics, exam date 2026-10-20"), "{joined}");
        if let Some(r) = right {
            study(&sb, r);
        }
        let out = team.join("snaps").join(format!("{member}.json"));
        run(
            &sb,
            &[
                "cohort",
                "snapshot",
                "--cohort",
                cohort.to_str().unwrap(),
                "--member",
                member,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let snap = std::fs::read_to_string(&out).unwrap();
        assert!(!snap.contains("stem") && !snap.contains("Which two measures"), "no question text in a snapshot");
    }
    std::fs::write(team.join("snaps/garbage.json"), "{ not json").unwrap();

    let report: Value = serde_json::from_str(&run(
        &lead,
        &[
            "cohort",
            "report",
            team.join("snaps").to_str().unwrap(),
            "--cohort",
            cohort.to_str().unwrap(),
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let members: Vec<&str> =
        report["members"].as_array().unwrap().iter().map(|m| m["member"].as_str().unwrap()).collect();
    assert_eq!(members, vec!["ana", "ben", "cy"]);
    let light = |m: usize, d: usize| report["members"][m]["domains"][d][1].as_str().unwrap().to_owned();
    assert_eq!((light(0, 0), light(0, 1)), ("green".into(), "green".into()), "ana is strong everywhere");
    assert_eq!(report["members"][0]["on_track"], true);
    assert_eq!((light(1, 0), light(1, 1)), ("green".into(), "red".into()), "ben is weak in networking");
    assert_eq!(report["members"][2]["light"], "red", "cy has done nothing");
    assert_eq!(report["weakest_domains"][0][0], "d2");
    assert_eq!(report["behind_pace"], serde_json::json!([["cy", "has not started"]]));
    assert!(
        report["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("garbage.json")),
        "bad files are named"
    );

    let table =
        run(&lead, &["cohort", "report", team.join("snaps").to_str().unwrap(), "--cohort", cohort.to_str().unwrap()]);
    assert!(table.starts_with("Cohort: Platform"), "{table}");
    assert!(table.contains("d2 Networking: mean readiness"), "{table}");
    assert!(table.contains("cy: has not started"), "{table}");
}

/// A cohort file for team "T" (member ana) beside a copy of the sample syllabus; its path.
fn team_file(sb: &Sandbox) -> std::path::PathBuf {
    let dir = sb.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample_syllabus(), dir.join("acme.toml")).unwrap();
    std::fs::write(dir.join("c.toml"), "format = 1\nname = \"T\"\nsyllabus = \"acme.toml\"\nmembers = [\"ana\"]\n")
        .unwrap();
    dir.join("c.toml")
}

#[test]
fn a_member_not_in_the_cohort_cannot_snapshot() {
    let sb = Sandbox::new();
    let cohort = team_file(&sb);
    let out = sb
        .cmd()
        .args(["cohort", "snapshot", "--cohort", cohort.to_str().unwrap(), "--member", "mallory"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stderr(&out).contains("`mallory` is not a member of T"));
}

#[test]
fn a_member_can_snapshot_a_team_syllabus_before_joining() {
    // The cohort's syllabus is a file next to it that this member never imported: readiness is
    // computed from that file, not looked up among the exams the app knows.
    let sb = Sandbox::new();
    let cohort = team_file(&sb);
    let snap: Value = serde_json::from_str(&run(
        &sb,
        &["cohort", "snapshot", "--cohort", cohort.to_str().unwrap(), "--member", "ana"],
    ))
    .unwrap();
    assert_eq!(snap["exam_id"], "acme-cloud-basics");
    assert_eq!(snap["domains"].as_array().map(Vec::len), Some(2), "{snap}");
}

#[test]
fn a_cohort_naming_a_syllabus_in_another_folder_is_refused_with_its_place() {
    // The format says "a file next to the cohort file (no paths)"; `sub/x.toml` was installed.
    let sb = Sandbox::new();
    let cohort = team_file(&sb);
    let dir = cohort.parent().unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(sample_syllabus(), dir.join("sub/x.toml")).unwrap();
    std::fs::write(&cohort, "format = 1\nname = \"T\"\nsyllabus = \"sub/x.toml\"\n").unwrap();
    let out = sb.cmd().args(["cohort", "join", cohort.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    let head = format!("error: {}:3:12: error: `syllabus` names a file in another folder\n", cohort.display());
    assert!(err.starts_with(&head), "{err}");
    assert!(err.ends_with("(no paths)\n"), "one message, no blank line after it: {err:?}");
    assert!(!run(&sb, &["syllabus", "list"]).contains("acme-cloud-basics"), "nothing was installed");
}
