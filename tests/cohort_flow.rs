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
        if member == "ben" {
            same_units_as_status(&sb, &serde_json::from_str(&snap).unwrap());
        }
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
    let light = |m: usize, d: usize| report["members"][m]["domains"][d]["light"].as_str().unwrap().to_owned();
    // The sample has one question a domain: answering it 30 times is mostly memory, so even a
    // strong learner is amber (shown, not measured), never green (docs/readiness.md).
    assert_eq!((light(0, 0), light(0, 1)), ("amber".into(), "amber".into()), "ana is strong everywhere");
    assert_eq!(report["members"][0]["on_track"], false);
    let ready = |m: usize, d: usize| report["members"][m]["domains"][d]["readiness"].as_f64().unwrap();
    assert!(ready(1, 1) < ready(1, 0) && ready(1, 1) < ready(0, 1), "ben is weak in networking: {report}");
    assert_eq!(report["members"][2]["light"], "red", "cy has done nothing");
    assert_eq!(report["weakest_domains"][0]["id"], "d2");
    assert_eq!(report["behind_pace"], serde_json::json!([{"member": "cy", "reason": "has not started"}]));
    assert_eq!(report["members"][0]["quiz_accuracy"], 95.0, "57 of 60 right, in percent");
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

/// A snapshot says what `status --json` says, in the same units (percent 0–100).
fn same_units_as_status(sb: &Sandbox, snap: &Value) {
    let status: Value = serde_json::from_str(&run(sb, &["status", "--json"])).unwrap();
    let exam = &status["exams"][0];
    assert_eq!(snap["format"], 2);
    assert_eq!(snap["readiness"], exam["readiness"]);
    for (d, sd) in exam["domains"].as_array().unwrap().iter().zip(snap["domains"].as_array().unwrap()) {
        assert_eq!((&sd["quiz_accuracy"], &sd["coverage"]), (&d["quiz_accuracy"], &d["coverage"]), "{sd} vs {d}");
    }
    assert_eq!(snap["domains"][1]["quiz_accuracy"], 20.0, "6 of 30 right in networking");
    assert_eq!(snap["quiz_accuracy"], 58.3, "35 of 60 right");
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
    let head = format!("{}:3:12: error: `syllabus` names a file in another folder\n", cohort.display());
    assert!(err.starts_with(&head), "{err}");
    assert!(err.ends_with("(no paths)\n"), "one message, no blank line after it: {err:?}");
    assert!(!run(&sb, &["syllabus", "list"]).contains("acme-cloud-basics"), "nothing was installed");
}

/// Run with guards against hangs (generous: it catches a blocked read, not slowness) and, on
/// Unix, against reading without end (2 GiB of address space), so a regression fails the test
/// instead of exhausting the machine.
fn run_guarded(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    let mut cmd = sb.cmd();
    cmd.env("CERTTRACK_NOW", NOW.to_string())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    #[cfg(unix)]
    unsafe {
        use std::os::unix::process::CommandExt;
        // SAFETY: only setrlimit, which is async-signal-safe, runs between fork and exec.
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 2 << 30, rlim_max: 2 << 30 };
            match libc::setrlimit(libc::RLIMIT_AS, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let mut child = cmd.spawn().unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("certtrack {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// ana's snapshot of the team in `team_file`, as JSON text.
fn ana_snapshot(sb: &Sandbox, cohort: &std::path::Path) -> String {
    run(sb, &["cohort", "snapshot", "--cohort", cohort.to_str().unwrap(), "--member", "ana"])
}

#[cfg(unix)]
#[test]
fn snapshots_that_are_devices_pipes_or_links_out_of_the_folder_are_skipped_without_blocking() {
    let sb = Sandbox::new();
    let cohort = team_file(&sb);
    let snaps = sb.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    std::fs::write(snaps.join("ana.json"), ana_snapshot(&sb, &cohort)).unwrap();
    std::os::unix::fs::symlink("/dev/zero", snaps.join("zero.json")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", snaps.join("passwd.json")).unwrap();
    let fifo = std::ffi::CString::new(snaps.join("fifo.json").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let out = run_guarded(&sb, &["cohort", "report", snaps.to_str().unwrap(), "/dev/zero", "--format", "json"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["members"].as_array().map(Vec::len), Some(1));
    let notes: Vec<&str> = report["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    let note =
        |file: &str| notes.iter().find(|n| n.starts_with(file)).copied().unwrap_or_else(|| panic!("{file}: {notes:?}"));
    assert!(note("/dev/zero").contains("not a regular file"), "{notes:?}");
    assert!(note(snaps.join("fifo.json").to_str().unwrap()).contains("not a regular file"), "{notes:?}");
    for link in ["zero.json", "passwd.json"] {
        assert!(note(snaps.join(link).to_str().unwrap()).contains("leads outside"), "{notes:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_team_syllabus_linked_out_of_the_cohort_folder_is_never_read() {
    let sb = Sandbox::new();
    let dir = sb.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("acme.toml")).unwrap();
    std::fs::write(dir.join("c.toml"), "format = 1\nname = \"T\"\nsyllabus = \"acme.toml\"\nmembers = [\"ana\"]\n")
        .unwrap();
    let cohort = dir.join("c.toml");
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let first = passwd.lines().next().unwrap_or("root:x:0:0");
    for args in [
        vec!["cohort", "join", cohort.to_str().unwrap()],
        vec!["cohort", "snapshot", "--cohort", cohort.to_str().unwrap(), "--member", "ana"],
    ] {
        let out = run_guarded(&sb, &args);
        let said = common::stderr(&out) + &stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains("leads outside"), "{args:?}: {said}");
        assert!(!said.contains(first), "{args:?} printed /etc/passwd: {said}");
    }
}

#[test]
fn a_snapshot_killed_while_written_leaves_the_previous_one_whole() {
    let sb = Sandbox::new();
    let cohort = team_file(&sb);
    let out = sb.path().join("ana.json");
    let previous = ana_snapshot(&sb, &cohort).replace("\"reviews_done\": 0", "\"reviews_done\": 7");
    let args =
        ["cohort", "snapshot", "--cohort", cohort.to_str().unwrap(), "--member", "ana", "--out", out.to_str().unwrap()];
    let mut killed_in_write = 0;
    for n in 1.. {
        std::fs::write(&out, &previous).unwrap();
        let run = sb
            .cmd()
            .env("CERTTRACK_NOW", NOW.to_string())
            .env("CERTTRACK_KILL_AT", n.to_string())
            .args(args)
            .output()
            .unwrap();
        let now = std::fs::read_to_string(&out).unwrap();
        let parsed: Value = serde_json::from_str(&now).expect("a whole snapshot after every kill");
        if run.status.success() {
            assert_eq!(parsed["reviews_done"], 0, "the new snapshot is in place");
            break;
        }
        assert!(common::stderr(&run).contains("killed at"), "{}", common::stderr(&run));
        killed_in_write += usize::from(common::stderr(&run).contains("killed at write."));
        assert!(now == previous || parsed["reviews_done"] == 0, "after a kill at step {n}: neither old nor new");
        assert!(n < 20, "no end to the kill points");
    }
    assert!(killed_in_write >= 2, "the snapshot is written through the atomic writer's steps");
}

#[test]
fn reading_many_snapshots_prints_no_progress_when_stderr_is_not_a_terminal() {
    let sb = Sandbox::new();
    let cohort = team_file(&sb);
    let snaps = sb.path().join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let snap = ana_snapshot(&sb, &cohort);
    for i in 0..150 {
        let text = snap.replace("\"member\": \"ana\"", &format!("\"member\": \"m{i}\""));
        std::fs::write(snaps.join(format!("m{i}.json")), text).unwrap();
    }
    let out = run_guarded(&sb, &["cohort", "report", snaps.to_str().unwrap(), "--format", "csv"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 151);
    assert_eq!(common::stderr(&out), "", "quiet when piped");
}
