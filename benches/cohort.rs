//! Whole-process benchmark of `certtrack cohort report` (issues 15 and 22): generated member
//! snapshots of a generated syllabus, timed end to end with the peak RSS of the child.
//!
//! The files are generated once under `target/cohort-bench/` (kept between runs; delete the folder
//! to regenerate). Each case runs the report five times with and without `--cohort` (with it, the
//! 2,000-topic team syllabus is read and validated and membership is checked) and prints the
//! median wall time and the largest peak RSS. Run: `cargo bench --bench cohort`. Figures and
//! method: docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certtrack::cohort::{DomainSnap, SNAPSHOT_FORMAT, SNAPSHOT_KIND, Snapshot, TopicSnap};
use certtrack::study::{Light, Status};

const NOW: i64 = 1_790_000_000;
const ROUNDS: usize = 5;
/// (members, topics): the target first, then the shapes that used to be slow.
const CASES: [(usize, usize); 4] = [(1_000, 2_000), (500, 2_000), (40, 10_000), (5_000, 200)];
const DOMAINS: usize = 6;

/// A member's snapshot whose values vary with the member and the topic, as real ones do.
fn snapshot(m: usize, topics: usize) -> Snapshot {
    let light = |x: usize| [Light::Red, Light::Amber, Light::Green][x % 3];
    Snapshot {
        format: SNAPSHOT_FORMAT,
        kind: SNAPSHOT_KIND.into(),
        cohort: "Bench".into(),
        member: format!("member-{m:05}"),
        exam_id: "bench".into(),
        syllabus_version: 1,
        taken_at: NOW - (m as i64 % 20) * 86_400,
        exam_date: chrono::NaiveDate::from_ymd_opt(2026, 10, 20),
        readiness: (m % 100) as f64,
        predicted_score: Some(300 + (m % 700) as u32),
        light: light(m),
        on_track: m.is_multiple_of(4),
        behind_pace: m.is_multiple_of(9),
        days_left: Some(30),
        last_active: (!m.is_multiple_of(11)).then_some(NOW - (m as i64 % 10) * 86_400),
        reviews_done: m as u32 * 3,
        quiz_attempts: 40,
        quiz_accuracy: Some(70.0),
        domains: (0..DOMAINS)
            .map(|d| DomainSnap {
                id: format!("d{d}"),
                readiness: ((m + d * 17) % 100) as f64,
                light: light(m + d),
                quiz_attempts: 7,
                quiz_accuracy: Some(55.5),
                coverage: 80.0,
            })
            .collect(),
        topics: (0..topics)
            .map(|t| TopicSnap {
                id: format!("t{t}"),
                status: [Status::Todo, Status::Studying, Status::Done, Status::Done][(m + t) % 4],
                confidence: [None, Some(Light::Red), Some(Light::Green)][(m * 7 + t) % 3],
                notes: None,
            })
            .collect(),
        outcomes: None,
    }
}

/// The case's folder: the team syllabus, the cohort file and `snaps/`, generated if missing.
fn generate(root: &Path, members: usize, topics: usize) -> PathBuf {
    let dir = root.join(format!("{members}x{topics}-f{SNAPSHOT_FORMAT}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let snaps = dir.join("snaps");
    std::fs::create_dir_all(&snaps).unwrap();
    let syllabus = certtrack::syllabus::synthetic::syllabus("bench", DOMAINS, topics, 20);
    std::fs::write(dir.join("bench.toml"), syllabus).unwrap();
    let names: Vec<String> = (0..members).map(|m| format!("    \"member-{m:05}\",\n")).collect();
    let cohort = format!("format = 1\nname = \"Bench\"\nsyllabus = \"bench.toml\"\nmembers = [\n{}]\n", names.concat());
    std::fs::write(dir.join("cohort.toml"), cohort).unwrap();
    for m in 0..members {
        let text = certtrack::text::json(&snapshot(m, topics)) + "\n";
        std::fs::write(snaps.join(format!("member-{m:05}.json")), text).unwrap();
    }
    std::fs::write(done, "").unwrap();
    dir
}

/// Run the report once: (wall time, peak RSS in KiB), or the last line of its error.
// The child is reaped by wait4, which also gives its peak RSS; clippy cannot see that.
#[allow(clippy::zombie_processes)]
fn run(dir: &Path, with_cohort: bool, data: &Path) -> Result<(Duration, u64), String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certtrack"));
    cmd.args(["cohort", "report"]).arg(dir.join("snaps"));
    if with_cohort {
        cmd.arg("--cohort").arg(dir.join("cohort.toml"));
    }
    cmd.env("CERTTRACK_DATA_DIR", data).env("CERTTRACK_NOW", NOW.to_string()).env("NO_COLOR", "1");
    // A file, not a pipe: a failing report may write more than a pipe holds before we read it.
    let errors = data.join("stderr.txt");
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(std::fs::File::create(&errors).unwrap()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain old data, and `pid` is our own child, reaped exactly once here.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = start.elapsed();
    assert_eq!(reaped, pid, "wait4");
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let err = std::fs::read_to_string(&errors).unwrap_or_default();
        return Err(err.lines().last().unwrap_or("failed").to_owned());
    }
    Ok((took, usage.ru_maxrss as u64))
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` / `cargo bench -- --list`: nothing to do here
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let root = target.join("cohort-bench");
    let data = root.join("data");
    std::fs::create_dir_all(&data).unwrap();
    println!("| members × topics | snapshot size | --cohort | median of {ROUNDS} | peak RSS |");
    println!("|---|---|---|---|---|");
    for (members, topics) in CASES {
        let dir = generate(&root, members, topics);
        let size = std::fs::metadata(dir.join("snaps/member-00000.json")).unwrap().len();
        for with_cohort in [false, true] {
            let runs: Result<Vec<_>, String> = (0..ROUNDS).map(|_| run(&dir, with_cohort, &data)).collect();
            let cell = match runs {
                Ok(mut r) => {
                    r.sort();
                    let rss = r.iter().map(|x| x.1).max().unwrap_or(0);
                    format!("{:.3} s | {:.1} MiB", r[ROUNDS / 2].0.as_secs_f64(), rss as f64 / 1024.0)
                }
                Err(e) => format!("failed: {e} | -"),
            };
            let flag = if with_cohort { "yes" } else { "no" };
            println!("| {members} × {topics} | {:.0} KB | {flag} | {cell} |", size as f64 / 1000.0);
        }
    }
}
