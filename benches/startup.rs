//! Whole-process benchmark (issue 9). Builds the release binary and a bare ratatui program, seeds
//! a database with 100,000 review-log rows and 20,000 attempts, and times in a pseudo-terminal:
//! the dashboard's first frame, the quick quiz's first question, answer-to-feedback latency
//! (p50/p99), the bare program's first frame as the floor, and peak RSS.
//!
//! Run: `cargo bench --bench startup`. Figures and method: docs/performance.md.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use rusqlite::{Connection, params};

const RUNS: usize = 25;

const NOW: i64 = 1_790_000_000;
/// Real exams when the shipped syllabi have them (a realistic size), else synthetic ones.
const SHIPPED: [&str; 3] = ["aws-saa-c03", "az-104", "gcp-ace"];
const SYNTHETIC: [&str; 3] = ["bench-a", "bench-b", "bench-c"];

/// (exam ids, per exam: question ids and flashcard ids) the benchmark follows.
fn exams(data: &Path) -> Vec<(String, Vec<String>, Vec<String>)> {
    let (catalog, _) = certtrack::syllabus::Catalog::shipped();
    let shipped: Vec<_> =
        SHIPPED.iter().filter_map(|id| catalog.get(id)).filter(|e| e.syllabus.questions.len() >= 20).collect();
    let ids = |s: &certtrack::syllabus::Syllabus| {
        (
            s.exam.id.clone(),
            s.questions.iter().map(|q| q.id.clone()).collect(),
            s.flashcards.iter().map(|f| f.id.clone()).collect(),
        )
    };
    if shipped.len() == SHIPPED.len() {
        return shipped.into_iter().map(|e| ids(&e.syllabus)).collect();
    }
    std::fs::create_dir_all(data.join("syllabi")).unwrap();
    SYNTHETIC
        .iter()
        .map(|id| {
            let text = certtrack::syllabus::synthetic::syllabus(id, 5, 60, 300);
            std::fs::write(data.join(format!("syllabi/{id}.toml")), &text).unwrap();
            ids(&certtrack::syllabus::check("s.toml", &text).syllabus.unwrap())
        })
        .collect()
}

/// The parsed screen, and a signal raised each time the reader thread has parsed more output.
type Shared = Arc<(Mutex<vt100::Parser>, Condvar)>;

struct Screen {
    parser: Shared,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Screen {
    fn spawn(bin: &Path, args: &[&str], env: &[(&str, String)]) -> Screen {
        let pair =
            native_pty_system().openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 }).unwrap();
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let parser: Shared = Arc::new((
            Mutex::new(vt100::Parser::new(40.try_into().unwrap(), 120.try_into().unwrap(), 0)),
            Condvar::new(),
        ));
        let (p, w) = (Arc::clone(&parser), Arc::clone(&writer));
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut parser = p.0.lock().unwrap();
                parser.process(&buf[..n]);
                if buf[..n].windows(4).any(|x| x == b"\x1b[6n") {
                    let (r, c) = parser.screen().cursor_position();
                    let _ = write!(w.lock().unwrap(), "\x1b[{};{}R", r + 1, c + 1);
                }
                p.1.notify_all();
            }
        });
        let writer: Box<dyn Write + Send> = Box::new(SharedWriter(writer));
        Screen { parser, writer, child }
    }

    /// Waits until one of `texts` is on screen and says which. It sleeps until the reader thread
    /// has parsed more output: polling in a loop would take CPU from the process being timed, on a
    /// two-core machine enough to slow a busy start-up more than a light one.
    fn wait_any(&self, texts: &[&str]) -> usize {
        let start = Instant::now();
        let (lock, parsed) = &*self.parser;
        let mut parser = lock.lock().unwrap();
        loop {
            let screen = parser.screen().contents();
            if let Some(i) = texts.iter().position(|t| screen.contains(t)) {
                return i;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {texts:?}:\n{screen}");
            parser = parsed.wait_timeout(parser, Duration::from_millis(100)).unwrap().0;
        }
    }

    /// Waits until `text` is on screen; returns how long that took.
    fn wait_for(&self, text: &str) -> Duration {
        let start = Instant::now();
        self.wait_any(&[text]);
        start.elapsed()
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.process_id()?)).ok()?;
        status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
    }

    fn quit(mut self, key: &str) {
        self.send(key);
        let _ = self.child.wait();
    }
}

/// A run that fails (a timed-out wait panics) must not leave its certtrack behind: one left
/// holding the benchmark database open skewed every later figure (docs/performance.md).
impl Drop for Screen {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

struct SharedWriter(Arc<Mutex<Box<dyn Write + Send>>>);

impl Write for SharedWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(b)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

fn build() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ok = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "certtrack", "--example", "bare_frame"])
        .current_dir(root)
        .status()
        .unwrap()
        .success();
    assert!(ok, "release build failed");
    let target = std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| root.join("target"));
    (target.join("release/certtrack"), target.join("release/examples/bare_frame"))
}

/// Three followed exams with the history the issue asks for: 20,000 answers and 100,000
/// flashcard reviews over the past year, and a review state for every flashcard.
fn seed(data: &Path, db: &Path, bin: &Path) -> Vec<String> {
    let exams = exams(data);
    let env = [("CERTTRACK_DATA_DIR", data), ("CERTTRACK_DB", db)];
    for (id, _, _) in &exams {
        let st = Command::new(bin).args(["exam-date", id, "2026-12-01"]).envs(env).output().unwrap();
        assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    }
    let mut conn = Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    for i in 0..20_000usize {
        let (exam, questions, _) = &exams[i % 3];
        tx.execute(
            "INSERT INTO attempt (exam_id, question_id, chosen, correct, seconds, answered_at) VALUES (?1, ?2, 'A', ?3, 30, ?4)",
            params![exam, questions[i % questions.len()], i % 3 != 0, NOW - (i as i64 % 180) * 86_400],
        )
        .unwrap();
    }
    for i in 0..100_000usize {
        let (exam, _, cards) = &exams[i % 3];
        tx.execute(
            "INSERT INTO review_log (exam_id, item_id, kind, rating, reviewed_at, elapsed_days, scheduled_secs, phase_before)
             VALUES (?1, ?2, 'flashcard', ?3, ?4, 3, 259200, 'review')",
            params![exam, cards[i % cards.len()], (1 + i % 4) as i64, NOW - (i as i64 % 365) * 86_400],
        )
        .unwrap();
    }
    for (exam, _, cards) in &exams {
        for (c, id) in cards.iter().enumerate() {
            let c = c as i64;
            tx.execute(
                "INSERT INTO srs_card VALUES (?1, ?2, 'flashcard', 'review', 0, 12.0, 5.0, ?3, ?4, 9, 1, 0, 0)",
                params![exam, id, NOW + (c % 9 - 3) * 86_400, NOW - 5 * 86_400],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    drop(conn);
    // The rows went in behind the store's back: compute its summaries as the app keeps them.
    certtrack::store::Store::open(db).unwrap().rebuild_summaries().unwrap();
    exams.into_iter().map(|e| e.0).collect()
}

/// Seed unless a kept benchmark directory already holds the data (the exam list is kept beside it).
fn seed_once(data: &Path, db: &Path, bin: &Path) -> Vec<String> {
    let list = db.with_extension("exams");
    if let (true, Ok(text)) = (db.exists(), std::fs::read_to_string(&list)) {
        return text.lines().map(str::to_owned).collect();
    }
    let exams = seed(data, db, bin);
    std::fs::write(&list, exams.join("\n")).unwrap();
    exams
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// The median over runs of `times[i] / floor[i]`.
fn paired_ratio(times: &[Duration], floor: &[Duration]) -> f64 {
    let mut r: Vec<f64> = times.iter().zip(floor).map(|(t, f)| t.as_secs_f64() / f.as_secs_f64()).collect();
    r.sort_by(f64::total_cmp);
    r[r.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` / `cargo bench -- --list`: nothing to do here
    }
    let (certtrack, bare) = build();
    // CERTTRACK_BENCH_DIR keeps the seeded data for profiling (callgrind, perf) after the run.
    let temp = tempfile::tempdir().unwrap();
    let root = std::env::var_os("CERTTRACK_BENCH_DIR").map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    let (data, db) = (root.join("data"), root.join("bench.db"));
    let exams = seed_once(&data, &db, &certtrack);
    let env = vec![
        ("CERTTRACK_DATA_DIR", data.display().to_string()),
        ("CERTTRACK_DB", db.display().to_string()),
        ("CERTTRACK_NOW", NOW.to_string()),
    ];
    // CERTTRACK_BENCH_BASELINE=PATH also times another certtrack build in every round, for an A/B
    // comparison that the machine's drift cannot skew: the two run seconds apart, in turn first.
    let baseline = std::env::var_os("CERTTRACK_BENCH_BASELINE").map(PathBuf::from);
    let quiz_args = ["quiz", "--quick", "--exam", &exams[0], "-n", "20"];
    let mut floor = Vec::new();
    let (mut new, mut base) = (Timings::default(), Timings::default());
    for round in 0..RUNS {
        let s = Screen::spawn(&bare, &[], &[]);
        floor.push(s.wait_for("bare ratatui frame"));
        s.quit("q");
        let mut runs: Vec<(&Path, &mut Timings)> = vec![(&certtrack, &mut new)];
        if let Some(bin) = &baseline {
            runs.insert(round % 2, (bin, &mut base));
        }
        for (bin, t) in runs {
            t.round(bin, &env, &quiz_args);
        }
    }
    // Each run times the floor, the dashboard and the quiz back to back, so the ratio within a run
    // cancels most of the shared machine's drift in load; its median is the figure to compare.
    let (dash_ratio, quick_ratio) = (paired_ratio(&new.dash, &floor), paired_ratio(&new.quick, &floor));
    let f = percentile(&mut floor, 0.5);
    let d = percentile(&mut new.dash, 0.5);
    let q = percentile(&mut new.quick, 0.5);
    println!(
        "whole-process benchmark, {RUNS} runs, exams {}, database: 100,000 review-log rows, 20,000 attempts",
        exams.join(", ")
    );
    println!("  bare ratatui first frame (floor)   p50 {}", ms(f));
    println!("  dashboard first frame              p50 {}  ({dash_ratio:.2}× floor, median of runs)", ms(d));
    println!("  quick quiz first question          p50 {}  ({quick_ratio:.2}× floor, median of runs)", ms(q));
    println!("  answer key → feedback frame        {}", new.answer_percentiles());
    println!("  peak RSS                           {:.1} MiB", new.rss_kib as f64 / 1024.0);
    let size = std::fs::metadata(&certtrack).map(|m| m.len()).unwrap_or(0);
    println!("  release binary                     {:.1} MiB", size as f64 / (1 << 20) as f64);
    if let Some(bin) = &baseline {
        println!("against {} (median of per-round ratios; below 1 is faster):", bin.display());
        println!("  dashboard  {:.3}×", paired_ratio(&new.dash, &base.dash));
        println!("  quick quiz {:.3}×", paired_ratio(&new.quick, &base.quick));
        println!("  its answers: {}", base.answer_percentiles());
    }
}

/// One build's times over the rounds.
#[derive(Default)]
struct Timings {
    dash: Vec<Duration>,
    quick: Vec<Duration>,
    answers: Vec<Duration>,
    rss_kib: u64,
}

impl Timings {
    /// The dashboard's first frame, then a 20-question quick quiz: its first question and
    /// each answer until its feedback frame.
    fn round(&mut self, bin: &Path, env: &[(&str, String)], quiz_args: &[&str]) {
        let s = Screen::spawn(bin, &[], env);
        self.dash.push(s.wait_for("Study streak"));
        self.rss_kib = self.rss_kib.max(s.peak_rss_kib().unwrap_or(0));
        s.quit("q");

        let mut s = Screen::spawn(bin, quiz_args, env);
        self.quick.push(s.wait_for("Question 1/20"));
        for k in 1..=20 {
            // The status line is drawn last, so it tells a whole frame has arrived. A multi-response
            // question takes two picks, then Enter submits; time the submitting key.
            let multi = s.wait_any(&["a–f/1–6 answer", "a–f toggle"]) == 1;
            if multi {
                s.send("ab");
            }
            let t = Instant::now();
            s.send(if multi { "\r" } else { "a" });
            s.wait_any(&["Enter next"]);
            self.answers.push(t.elapsed());
            s.send("\r");
            if k < 20 {
                s.wait_for(&format!("Question {}/20", k + 1));
            }
        }
        self.rss_kib = self.rss_kib.max(s.peak_rss_kib().unwrap_or(0));
        s.quit("\x03");
    }

    fn answer_percentiles(&mut self) -> String {
        let [p50, p90, p99] = [0.5, 0.9, 0.99].map(|p| percentile(&mut self.answers, p));
        format!("p50 {}  p90 {}  p99 {}  ({} answers)", ms(p50), ms(p90), ms(p99), self.answers.len())
    }
}
