//! The real binary in a pseudo-terminal: the main flow, the inline quick quiz, and the terminal
//! restored after quit, SIGTERM and a closed terminal.

mod common;

use common::pty::{ENTER, ESC, Pty};
use common::{Sandbox, sample_syllabus};

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(sample_syllabus(), dir.join("acme.toml")).unwrap();
    sb
}

fn env(sb: &Sandbox) -> Vec<(&'static str, String)> {
    vec![
        ("CERTTRACK_DATA_DIR", sb.data_dir().display().to_string()),
        ("CERTTRACK_DB", sb.db().display().to_string()),
        ("CERTTRACK_CONFIG", sb.config().display().to_string()),
    ]
}

/// Answer whatever question is on screen: a single-answer one by its first letter, a
/// multi-answer one by toggling A and B and pressing Enter.
fn answer(p: &mut Pty) {
    if p.screen().contains("(Choose") {
        p.send("a");
        p.send("b");
        p.send(ENTER);
    } else {
        p.send("a");
    }
    p.wait_for("orrect", 10);
}

#[test]
fn first_run_follow_quiz_review_stats_quit() {
    let sb = sandbox();
    let mut p = Pty::spawn(&[], &env(&sb), 30, 100);
    p.wait_for("You follow no exams yet", 10);
    p.key("f", "[ ] ACB-01");
    // User syllabi are listed after the shipped ones: go to the end of the list.
    p.send("G");
    p.key(" ", "[✓] ACB-01");
    p.key("d", "exam date:");
    p.send("2027-02-01");
    p.key(ENTER, "exam 2027-02-01");
    p.key(ESC, "readiness");
    p.key("p", "Question 1/2");
    assert!(p.screen().contains("A) "), "{}", p.screen());
    answer(&mut p);
    p.key(ENTER, "Question 2/2");
    answer(&mut p);
    p.key(ENTER, "Result:");
    p.key(ENTER, "Study streak: 1 day(s)");
    p.key("r", "reviewed this session");
    p.key(" ", "[3] Good");
    p.key("3", "1 reviewed this session");
    p.key(ESC, "Study streak");
    p.key("s", "Reviews, last 16 weeks");
    p.key(ESC, "Study streak");
    p.send("q");
    assert_eq!(p.wait_exit(10), Some(0));
    assert!(p.restored(), "terminal not restored:\n{}", p.screen());
    let out = sb.ok(&["export"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["attempts"].as_array().unwrap().len(), 2, "both answers were saved");
    assert!(doc["reviews"].as_array().unwrap().len() >= 3, "2 answers + 1 flashcard rating in the review log");
}

#[test]
fn quick_quiz_draws_inline_and_leaves_a_summary() {
    let sb = sandbox();
    let mut p = Pty::spawn(&["quiz", "--quick", "--exam", "acb-01", "-n", "2"], &env(&sb), 30, 100);
    p.wait_for("Question 1/2", 10);
    assert!(!p.parser.lock().unwrap().screen().alternate_screen(), "inline: no alternate screen");
    answer(&mut p);
    p.key(ENTER, "Question 2/2");
    answer(&mut p);
    p.key(ENTER, "Result:");
    p.send(ENTER);
    assert_eq!(p.wait_exit(10), Some(0));
    p.wait_for("certtrack quick · ACB-01:", 5);
    let screen = p.screen();
    assert!(screen.contains("/2 correct"), "{screen}");
    // Only the summary line stays behind: the viewport is wiped, the line starts at column 0.
    assert!(!screen.contains("Question") && !screen.contains("Enter done"), "{screen}");
    assert!(screen.lines().any(|l| l.starts_with("certtrack quick · ACB-01:")), "{screen}");
    assert!(p.restored());
}

/// Start a two-question quick quiz, answer the first if `answer_first`, send `keys` (each
/// followed by the text to wait for, if any), and check the exit status and that exactly the
/// summary line is left where the quiz was.
fn quick_quiz_leaves_one_line(answer_first: bool, keys: &[(&str, &str)], status: u32, summary: &str) {
    let sb = sandbox();
    let mut p = Pty::spawn(&["quiz", "--quick", "--exam", "acb-01", "-n", "2"], &env(&sb), 30, 100);
    p.wait_for("Question 1/2", 10);
    if answer_first {
        answer(&mut p);
    }
    for (k, then) in keys {
        p.send(k);
        if !then.is_empty() {
            p.wait_for(then, 10);
        }
    }
    assert_eq!(p.wait_exit(10), Some(status), "{keys:?}:\n{}", p.screen());
    p.wait_for("certtrack quick · ACB-01:", 5);
    let screen = p.screen();
    let left: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(left.len(), 1, "{keys:?}: only the summary stays behind:\n{screen}");
    assert!(left[0].starts_with("certtrack quick · ACB-01: ") && left[0].contains(summary), "{screen}");
    assert!(p.restored());
}

#[test]
fn a_quick_quiz_left_by_esc_or_ctrl_c_leaves_only_its_summary_line() {
    // Esc at the first question: nothing answered, so no result screen; straight out.
    quick_quiz_leaves_one_line(false, &[(ESC, "")], 0, "0/0 correct (0 of 2 answered)");
    // Esc after an answer asks first; y shows what was answered; Enter closes it.
    quick_quiz_leaves_one_line(
        true,
        &[(ESC, "End this session"), ("y", "Stopped after 1 of 2"), (ENTER, "")],
        0,
        "/1 correct (1 of 2 answered)",
    );
    // Ctrl-C: at once, the shell's status for an interrupted command.
    quick_quiz_leaves_one_line(true, &[("\x03", "")], 130, "/1 correct (1 of 2 answered)");
}

#[test]
fn sigterm_restores_the_terminal_and_exits_promptly() {
    let sb = sandbox();
    let mut p = Pty::spawn(&[], &env(&sb), 24, 80);
    p.wait_for("You follow no exams yet", 10);
    let pid = p.child.process_id().expect("pid") as i32;
    send_signal(pid, "TERM");
    assert!(p.wait_exit(5).is_some(), "did not exit after SIGTERM");
    assert!(p.restored(), "terminal not restored after SIGTERM");
}

#[test]
fn sigterm_while_waiting_on_another_programs_lock_still_ends_promptly() {
    let sb = sandbox();
    let mut p = Pty::spawn(&[], &env(&sb), 24, 80);
    p.wait_for("You follow no exams yet", 10);
    p.key("f", "[ ] ACB-01");
    // Another program holds the write lock: following an exam now waits up to 10 s for it.
    let other = rusqlite::Connection::open(sb.db()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    p.send(" ");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let start = std::time::Instant::now();
    send_signal(p.child.process_id().expect("pid") as i32, "TERM");
    assert!(p.wait_exit(5).is_some(), "did not exit after SIGTERM");
    assert!(start.elapsed() < std::time::Duration::from_secs(4), "took {:?}", start.elapsed());
    assert!(p.restored(), "terminal not restored");
    other.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn sighup_from_a_closed_terminal_ends_the_app_promptly() {
    let sb = sandbox();
    let mut p = Pty::spawn(&[], &env(&sb), 24, 80);
    p.wait_for("You follow no exams yet", 10);
    // What the kernel sends when the terminal window closes.
    send_signal(p.child.process_id().expect("pid") as i32, "HUP");
    assert!(p.wait_exit(5).is_some(), "still running after SIGHUP");
    assert!(p.restored());
}

/// The terminal really goes away (its master side closes, as when a window or an ssh link dies):
/// stdin then reads end-of-file forever. The app must leave, not spin (crossterm issue #793).
#[cfg(unix)]
#[test]
fn a_terminal_that_goes_away_ends_the_app_without_spinning() {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};

    let sb = sandbox();
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: openpty writes two new descriptors, which are owned from here on.
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
    assert_eq!(rc, 0, "openpty");
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // The child must not inherit the master, or closing ours would not close the terminal.
    assert_eq!(unsafe { libc::fcntl(master.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) }, 0);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certtrack"));
    cmd.envs(env(&sb)).env("TERM", "xterm-256color").env("NO_COLOR", "1");
    cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec: a new session owning the terminal.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            libc::ioctl(0, libc::TIOCSCTTY as _, 0);
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn");
    // Wait until the app has drawn, then close the only handle on the master side.
    let mut fd = libc::pollfd { fd: master.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    assert_eq!(unsafe { libc::poll(&mut fd, 1, 10_000) }, 1, "the app drew nothing");
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(master);
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(5) {
        if let Some(status) = child.try_wait().unwrap() {
            // A panic while restoring a closed terminal was exit 101, and skipped the backup.
            assert_ne!(status.code(), Some(101), "panicked on the closed terminal");
            let backups = std::fs::read_dir(sb.db().with_file_name("backups")).map(|d| d.count()).unwrap_or(0);
            assert_eq!(backups, 1, "the exit backup still runs");
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("still running 5 s after its terminal went away");
}

#[test]
fn ctrl_c_quits_and_restores() {
    let sb = sandbox();
    let mut p = Pty::spawn(&[], &env(&sb), 24, 80);
    p.wait_for("You follow no exams yet", 10);
    p.send("\x03");
    assert_eq!(p.wait_exit(5), Some(130), "the shell's convention for an interrupted command");
    assert!(p.restored());
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    let sb = sandbox();
    let mut env = env(&sb);
    env.push(("PS1", "shell$ ".into()));
    env.push(("BIN", env!("CARGO_BIN_EXE_certtrack").into()));
    let mut p = Pty::spawn_program("bash", &["--norc", "--noprofile", "-i"], &env, 24, 80);
    p.wait_for("shell$", 10);
    p.send("\"$BIN\"\r");
    p.wait_for("You follow no exams yet", 10);
    p.send("\x1a");
    p.wait_for("Stopped", 10);
    assert!(p.restored(), "the shell gets a normal terminal back:\n{}", p.screen());
    p.send("fg\r");
    p.wait_for("You follow no exams yet", 10);
    assert!(p.parser.lock().unwrap().screen().alternate_screen(), "back in the app's screen");
    p.send("q");
    p.wait_for("shell$", 10);
    assert!(p.restored());
    p.send("exit\r");
    assert!(p.wait_exit(10).is_some());
}

#[cfg(target_os = "linux")]
#[test]
fn sigtstp_from_outside_suspends_cleanly_and_fg_resumes_in_raw_mode() {
    let sb = sandbox();
    let mut env = env(&sb);
    env.push(("PS1", "shell$ ".into()));
    env.push(("BIN", env!("CARGO_BIN_EXE_certtrack").into()));
    let mut p = Pty::spawn_program("bash", &["--norc", "--noprofile", "-i"], &env, 24, 80);
    p.wait_for("shell$", 10);
    p.send("\"$BIN\"\r");
    p.wait_for("You follow no exams yet", 10);
    // `kill -TSTP` from another terminal, as a job-control script or a tmux binding would.
    let shell = p.child.process_id().expect("pid");
    send_signal(child_of(shell).expect("the app runs under the shell"), "TSTP");
    p.wait_for("Stopped", 10);
    assert!(p.restored(), "the terminal is given back when stopped from outside:\n{}", p.screen());
    p.send("fg\r");
    p.wait_for("You follow no exams yet", 10);
    assert!(p.parser.lock().unwrap().screen().alternate_screen(), "back in the app's screen");
    p.send("q");
    p.wait_for("shell$", 10);
    assert!(p.restored());
    p.send("exit\r");
    assert!(p.wait_exit(10).is_some());
}

/// The newest process whose parent is `parent` (read from /proc, so no tool is needed).
#[cfg(target_os = "linux")]
fn child_of(parent: u32) -> Option<i32> {
    let mut children: Vec<i32> = std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The parent is the second field after the parenthesised command name.
            stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                == Some(parent)
        })
        .collect();
    children.sort();
    children.pop()
}

fn send_signal(pid: i32, sig: &str) {
    let status = std::process::Command::new("kill").arg(format!("-{sig}")).arg(pid.to_string()).status().unwrap();
    assert!(status.success());
}

/// A review log big enough that fitting takes seconds: 5,000 items of 64 daily-ish reviews.
fn long_review_history(sb: &Sandbox) {
    assert!(sb.run(&["status"]).status.success(), "the database is created");
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 5000 * 64 - 1)
         INSERT INTO review_log (exam_id, item_id, kind, rating, reviewed_at, elapsed_days, scheduled_secs, phase_before)
         SELECT 'acme-cloud-basics', 'fc-' || (i / 64), 'flashcard', CASE WHEN i * 7 % 5 = 0 THEN 1 ELSE 3 END,
                1700000000 + i * 86400, CASE WHEN i % 64 = 0 THEN 0 ELSE 1 + i % 7 * 2 END, 86400, 'review'
         FROM n",
    )
    .unwrap();
}

#[test]
fn srs_optimize_shows_progress_and_ctrl_c_stops_it_with_the_parameters_unchanged() {
    let sb = sandbox();
    long_review_history(&sb);
    let mut p = Pty::spawn(&["srs", "optimize"], &env(&sb), 24, 100);
    p.wait_for("fitting parameters", 60);
    p.send("\x03");
    assert_eq!(p.wait_exit(20), Some(130), "{}", p.screen());
    assert!(p.screen().contains("Interrupted: your parameters were not changed"), "{}", p.screen());
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let saved: i64 =
        conn.query_row("SELECT count(*) FROM setting WHERE key = 'fsrs_params'", [], |r| r.get(0)).unwrap();
    assert_eq!(saved, 0);
}

#[test]
fn the_dashboard_keeps_the_days_prediction_once_its_frame_is_drawn() {
    let sb = sandbox();
    let env = env(&sb);
    assert!(sb.run(&["exam-date", "acme-cloud-basics", "2099-06-01"]).status.success());
    for _ in 0..2 {
        let mut p = Pty::spawn(&[], &env, 24, 80);
        p.wait_for("Study streak", 10);
        p.send("q");
        assert_eq!(p.wait_exit(10), Some(0));
    }
    let conn = rusqlite::Connection::open(sb.db()).unwrap();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM prediction WHERE exam_id = 'acme-cloud-basics'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1, "one prediction per exam and day, written after the first frame");
}
