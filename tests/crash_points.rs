//! Kill-at-every-step tests: `db restore` and `db backup` are killed at each of their kill
//! points in turn (`CERTTRACK_KILL_AT=N`, see src/failpoint.rs), and after every kill the
//! database's path holds the old database or the new one, and a backup's name a whole backup or
//! nothing.

mod common;

use std::path::Path;

use certtrack::store::{Store, validate_file};
use common::{Sandbox, stderr};

const TOPICS: [&str; 3] = ["secure-access", "secure-workloads", "data-security"];

/// How many SAA-C03 topics are done in the database at `path`.
fn done_topics(path: &Path) -> usize {
    let s = Store::open(path).expect("a whole database");
    s.progress(None).unwrap().iter().filter(|p| p.status == certtrack::study::Status::Done).count()
}

fn path_arg(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

fn mark_done(sb: &Sandbox, n: usize) {
    for t in &TOPICS[..n] {
        sb.ok(&["progress", "set", "SAA-C03", t, "--status", "done"]);
    }
}

/// Run the command with a kill at each point in turn until it finishes; `check` sees the state
/// after every kill. Returns the number of kill points passed.
fn kill_at_every_step(
    setup: impl Fn() -> Sandbox,
    args: impl Fn(&Sandbox) -> Vec<String>,
    check: impl Fn(&Sandbox, usize),
) -> usize {
    for n in 1.. {
        let sb = setup();
        let out = sb.cmd().args(args(&sb)).env("CERTTRACK_KILL_AT", n.to_string()).output().unwrap();
        if out.status.success() {
            check(&sb, n);
            return n - 1;
        }
        assert!(stderr(&out).contains("killed at"), "failed without being killed at step {n}: {}", stderr(&out));
        check(&sb, n);
        assert!(n < 50, "no end to the kill points");
    }
    unreachable!()
}

#[test]
fn restore_killed_at_any_step_leaves_the_old_or_the_new_database() {
    let setup = || {
        let sb = Sandbox::new();
        mark_done(&sb, 3);
        let backup = sb.path().join("backup.db");
        Store::open(&sb.db()).unwrap().backup_to(&backup, false).unwrap();
        // The live database moves on after the backup: one topic fewer done.
        sb.ok(&["progress", "set", "SAA-C03", TOPICS[0], "--status", "todo"]);
        sb
    };
    let args = |sb: &Sandbox| vec!["db".into(), "restore".into(), path_arg(&sb.path().join("backup.db"))];
    let steps = kill_at_every_step(setup, args, |sb, n| {
        let done = done_topics(&sb.db());
        assert!(done == 2 || done == 3, "after a kill at step {n} the database holds {done} done topics");
    });
    assert!(steps >= 5, "restore passed only {steps} kill points");
}

#[test]
fn restore_completes_with_the_old_database_kept_and_no_temporary_files() {
    let sb = Sandbox::new();
    mark_done(&sb, 1);
    let backup = sb.path().join("backup.db");
    sb.ok(&["db", "backup", backup.to_str().unwrap()]);
    mark_done(&sb, 3);
    let out = sb.ok(&["db", "restore", backup.to_str().unwrap()]);
    assert_eq!(done_topics(&sb.db()), 1);
    let aside = out.lines().find_map(|l| l.strip_prefix("the previous database was kept as ")).expect(&out);
    assert_eq!(done_topics(Path::new(aside)), 3, "the replaced database is kept whole");
    let names: Vec<String> =
        std::fs::read_dir(sb.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "no temporary file left: {names:?}");
}

#[test]
fn backup_killed_at_any_step_leaves_a_whole_backup_or_none() {
    let setup = || {
        let sb = Sandbox::new();
        mark_done(&sb, 2);
        sb
    };
    let args = |sb: &Sandbox| vec!["db".into(), "backup".into(), path_arg(&sb.path().join("b.db"))];
    let steps = kill_at_every_step(setup, args, |sb, n| {
        let dest = sb.path().join("b.db");
        if dest.exists() {
            validate_file(&dest).unwrap_or_else(|e| panic!("after a kill at step {n}: {e}"));
            assert_eq!(done_topics(&dest), 2);
        }
        assert_eq!(done_topics(&sb.db()), 2, "the database itself is untouched");
    });
    assert!(steps >= 3, "backup passed only {steps} kill points");
}

#[cfg(target_os = "linux")]
#[test]
fn a_backup_on_a_full_disk_says_so_once_and_leaves_no_file() {
    use std::os::unix::process::CommandExt;
    let sb = Sandbox::new();
    mark_done(&sb, 3);
    // Grow the database past the limit below so the copy cannot be written whole.
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO attempt (exam_id, question_id, chosen, correct, seconds, answered_at)
         SELECT 'aws-saa-c03', 'q-' || i, 'A', i % 2, 10.0, 1790000000 + i FROM n",
    )
    .unwrap();
    drop(conn);
    let dest = sb.path().join("b.db");
    let mut cmd = sb.cmd();
    cmd.args(["db", "backup", dest.to_str().unwrap()]);
    // A file-size limit stands in for a full disk: writes past it fail as on a full device.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit { rlim_cur: 100_000, rlim_max: 100_000 };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("disk is full"), "{err}");
    assert_eq!(err.matches("full").count(), 1, "said once: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!dest.exists(), "no partial backup under its name");
    let names: Vec<String> =
        std::fs::read_dir(sb.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "no temporary file left: {names:?}");
}
