//! Every screen rendered into ratatui's TestBackend at 80×24 and 120×40, from a store holding a
//! scripted study history, and compared with reviewed snapshots (tests/snapshots/).
//! Keys go through the real `App`, so these also test navigation and the status line.

use certtrack::app::screens::{dashboard::Dashboard, exam::ExamView, quiz, review::ReviewView};
use certtrack::app::screens::{settings::SettingsView, stats::StatsView, syllabi::SyllabiView};
use certtrack::app::{App, Ctx, View, theme::Theme};
use certtrack::srs::{CardState, DAY, Fuzz, Rating, Scheduler, format_interval};
use certtrack::store::{ItemKey, ItemKind, ProgressUpdate, SessionRef, Store};
use certtrack::study::{Attempt, Light, Status};
use certtrack::syllabus::{Catalog, Entry, Origin, check};
use certtrack::tracker::Tracker;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

/// 2026-09-21 22:13 UTC.
const NOW: i64 = 1_790_000_000;
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn tracker(history: bool) -> Tracker {
    tracker_on(Store::in_memory().unwrap(), history)
}

fn tracker_on(mut store: Store, history: bool) -> Tracker {
    let sample = check("sample.toml", include_str!("../assets/sample-syllabus.toml")).syllabus.unwrap();
    let mut catalog = Catalog::default();
    catalog.insert(Entry { syllabus: sample.into(), origin: Origin::Shipped("syllabi/sample.toml") });
    if history {
        seed(&mut store);
    }
    Tracker::from_parts(catalog, store, Default::default()).unwrap()
}

/// Three weeks of study: answers (strong on identity, weak on networking), flashcard reviews,
/// topic progress, an exam date.
fn seed(store: &mut Store) {
    let exam = "acme-cloud-basics";
    store.set_exam_date(exam, chrono::NaiveDate::from_ymd_opt(2026, 11, 2), NOW - 20 * DAY).unwrap();
    for day in 0..21 {
        let at = NOW - day * DAY;
        for (q, correct) in [("q-least-privilege-1", day % 5 != 0), ("q-private-networks-1", day % 3 == 0)] {
            let a = Attempt {
                session_id: None,
                exam_id: exam.into(),
                question_id: q.into(),
                chosen: "A".into(),
                correct,
                seconds: 30.0,
                answered_at: at,
            };
            store.record_attempt(&a).unwrap();
        }
    }
    let sched = Scheduler::default_params();
    let mut card = CardState::new(NOW - 15 * DAY);
    let mut at = NOW - 15 * DAY;
    for r in [Rating::Good, Rating::Good, Rating::Hard, Rating::Good] {
        let key = ItemKey { exam_id: exam, item_id: "fc-least-privilege-1", kind: ItemKind::Flashcard };
        let next = store.review_item(key, None, |_| sched.review(&card, r, at, Fuzz::Off)).unwrap().after;
        card = next;
        at = next.due;
    }
    let up = ProgressUpdate {
        status: Some(Status::Done),
        confidence: Some(Some(Light::Green)),
        notes: Some("Scope every grant to one resource.".into()),
        add_minutes: 95,
    };
    store.update_progress(exam, "least-privilege", &up, NOW - 2 * DAY).unwrap();
    let up = ProgressUpdate {
        status: Some(Status::Studying),
        confidence: Some(Some(Light::Amber)),
        notes: None,
        add_minutes: 40,
    };
    store.update_progress(exam, "private-networks", &up, NOW - DAY).unwrap();
}

fn app(history: bool, first: impl FnOnce(&mut Ctx) -> Box<dyn View>) -> App {
    app_on(tracker(history), first)
}

fn app_on(t: Tracker, first: impl FnOnce(&mut Ctx) -> Box<dyn View>) -> App {
    let mut ctx = Ctx::pinned(t, Theme::monochrome(), NOW);
    let view = first(&mut ctx);
    App::new(ctx, view)
}

/// The seeded history plus `notes` on the given topics, written straight into the store: a
/// database from elsewhere may hold text that certtrack itself would refuse.
fn tracker_with_notes(notes: &str, topics: &[&str]) -> Tracker {
    let mut store = Store::in_memory().unwrap();
    let up = ProgressUpdate { notes: Some(notes.into()), ..Default::default() };
    for t in topics {
        store.update_progress("acme-cloud-basics", t, &up, NOW).unwrap();
    }
    tracker_on(store, true)
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn chars(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_owned()).collect();
        out += line.trim_end();
        out.push('\n');
    }
    out
}

/// Snapshot `app` at both sizes under `name`.
fn snap(name: &str, mut make: impl FnMut() -> App) {
    for (w, h) in SIZES {
        let mut a = make();
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&mut a, w, h));
    }
}

fn dashboard(history: bool) -> App {
    app(history, |ctx| Box::new(Dashboard::new(ctx)))
}

#[test]
fn dashboard_first_run_offers_to_pick_exams() {
    snap("dashboard_first_run", || dashboard(false));
    let mut a = dashboard(false);
    key(&mut a, KeyCode::Char('f'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("[ ] ACB-01"), "{screen}");
    key(&mut a, KeyCode::Char(' '));
    assert!(render(&mut a, 80, 24).contains("[✓] ACB-01"));
    key(&mut a, KeyCode::Esc);
    assert!(render(&mut a, 80, 24).contains("readiness"), "following shows the exam on the dashboard");
}

#[test]
fn dashboard_says_what_would_measure_a_guess() {
    let fresh = || {
        let mut t = tracker(false);
        t.follow("acme-cloud-basics", true, NOW).unwrap();
        app_on(t, |ctx| Box::new(Dashboard::new(ctx)))
    };
    snap("dashboard_guess", fresh);
    let screen = render(&mut fresh(), 120, 40);
    assert!(screen.contains("a guess (") && !screen.contains("predicted"), "{screen}");
    assert!(screen.contains("to measure it, answer about 2 more questions across d1 and d2"), "{screen}");
}

#[test]
fn dashboard_with_history() {
    snap("dashboard", || dashboard(true));
    let screen = render(&mut dashboard(true), 80, 24);
    assert!(screen.contains("exam 2026-11-02"), "{screen}");
    assert!(screen.contains("Study streak: 21 day(s)"), "{screen}");
}

#[test]
fn exam_screen_changes_status_and_confidence_with_one_key() {
    snap("exam", || app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap())));
    let mut a = app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap()));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Char('r'));
    let p = a.ctx.tracker.progress("acme-cloud-basics").unwrap();
    let net = p.iter().find(|p| p.topic_id == "private-networks").unwrap();
    assert_eq!((net.status, net.confidence), (Status::Done, Some(Light::Red)), "committed at once");
    key(&mut a, KeyCode::Char('n'));
    chars(&mut a, "use PrivateLink");
    key(&mut a, KeyCode::Enter);
    let p = a.ctx.tracker.progress("acme-cloud-basics").unwrap();
    assert_eq!(p.iter().find(|p| p.topic_id == "private-networks").unwrap().notes, "use PrivateLink");
    key(&mut a, KeyCode::Char('/'));
    chars(&mut a, "least");
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("Topics matching “least”") && screen.contains("Least privilege"), "{screen}");
}

fn practice(a: &mut Ctx) -> Box<dyn View> {
    let plan =
        quiz::Plan { exam: "acme-cloud-basics".into(), mode: certtrack::quiz::Mode::Practice, n: 2, domain: Some(0) };
    Box::new(quiz::QuizView::start(a, &plan).unwrap())
}

#[test]
fn quiz_follows_the_contract_and_commits_before_feedback() {
    snap("quiz_question", || app(true, practice));
    let mut a = app(true, practice);
    let before = a.ctx.tracker.attempt_count().unwrap();
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Question 1/2"), "{screen}");
    assert!(screen.contains("A) ") && screen.contains("D) "), "{screen}");
    // The seeded order puts the single-answer question first; answer it wrongly on purpose.
    let wrong = [
        "A) Write access to every",
        "B) Write access to every",
        "C) Write access to every",
        "D) Write access to every",
    ]
    .iter()
    .position(|p| screen.contains(p));
    let letter = (b'a' + wrong.expect("the every-bucket choice is shown") as u8) as char;
    key(&mut a, KeyCode::Char(letter));
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), before + 1, "committed before the feedback is drawn");
    let feedback = render(&mut a, 80, 24);
    assert!(feedback.contains("Incorrect") && feedback.contains("the answer is"), "{feedback}");
    insta::assert_snapshot!("quiz_feedback_80x24", feedback);
    key(&mut a, KeyCode::Enter);
    let second = render(&mut a, 80, 24);
    assert!(second.contains("Question 2/2") && second.contains("(Choose"), "{second}");
    key(&mut a, KeyCode::Char('a'));
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), before + 1, "a letter only toggles on a multi-answer question");
    key(&mut a, KeyCode::Char('b'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), before + 2);
    key(&mut a, KeyCode::Enter);
    let result = render(&mut a, 120, 40);
    assert!(result.contains("Result:") && result.contains("/2 correct"), "{result}");
    insta::assert_snapshot!("quiz_result_120x40", result);
}

#[test]
fn exam_simulation_shows_timer_map_and_submits_at_the_end() {
    let sim = |ctx: &mut Ctx| -> Box<dyn View> {
        let plan =
            quiz::Plan { exam: "acme-cloud-basics".into(), mode: certtrack::quiz::Mode::Exam, n: 0, domain: None };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    };
    snap("exam_simulation", || app(false, sim));
    let mut a = app(false, sim);
    assert!(render(&mut a, 80, 24).contains("60:00 left"));
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Char('x'));
    assert!(render(&mut a, 80, 24).contains("flagged"));
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), 0, "no feedback, nothing confirmed yet");
    key(&mut a, KeyCode::Char('m'));
    assert!(render(&mut a, 80, 24).contains("Map: ● answered"));
    key(&mut a, KeyCode::Esc);
    assert!(!render(&mut a, 80, 24).contains("Map: ● answered"), "Esc closes the map, and only the map");
    assert!(!a.quit);
    key(&mut a, KeyCode::Char('s'));
    assert!(render(&mut a, 80, 24).contains("Submit the exam? 1 unanswered"));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), 1, "answers are saved at submit");
    let result = render(&mut a, 80, 24);
    assert!(result.contains("FAIL") || result.contains("PASS"), "{result}");
}

#[test]
fn review_reveals_rates_and_undoes() {
    let review = |ctx: &mut Ctx| -> Box<dyn View> {
        ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
        Box::new(ReviewView::new(ctx).unwrap())
    };
    snap("review_front", || app(false, review));
    let mut a = app(false, review);
    key(&mut a, KeyCode::Char(' '));
    let back = render(&mut a, 80, 24);
    assert!(back.contains("[1] Again") && back.contains("[4] Easy"), "{back}");
    insta::assert_snapshot!("review_back_80x24", back);
    key(&mut a, KeyCode::Char('3'));
    assert_eq!(a.ctx.tracker.review_log(None).unwrap().len(), 1);
    key(&mut a, KeyCode::Char('u'));
    assert_eq!(a.ctx.tracker.review_log(None).unwrap().len(), 0, "undo removes the rating");
}

/// Each button's interval (fuzz included) is what that rating then schedules.
#[test]
fn review_buttons_show_what_the_rating_schedules() {
    for (n, name) in ["Again", "Hard", "Good", "Easy"].into_iter().enumerate() {
        let mut a = app(false, |ctx| {
            ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
            Box::new(ReviewView::new(ctx).unwrap())
        });
        key(&mut a, KeyCode::Char(' '));
        let back = render(&mut a, 80, 24);
        let label = format!("[{}] {name} ", n + 1);
        let shown = back.split(&label).nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap();
        key(&mut a, KeyCode::Char(char::from(b'1' + n as u8)));
        let log = a.ctx.tracker.review_log(None).unwrap();
        assert_eq!(format_interval(log[0].record.scheduled_secs), shown, "{name}");
    }
}

#[test]
fn stats_settings_and_exams_screens() {
    snap("stats", || app(true, |ctx| Box::new(StatsView::new(ctx))));
    snap("settings", || app(true, |ctx| Box::new(SettingsView::new(ctx))));
    snap("exams", || app(true, |ctx| Box::new(SyllabiView::new(ctx))));
    let mut a = app(true, |ctx| Box::new(SettingsView::new(ctx)));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Right);
    assert_eq!(a.ctx.tracker.prefs.limits.new_per_day, 25);
}

#[test]
fn stats_switch_between_all_exams_and_each_one() {
    let mut a = app(true, |ctx| {
        // A second followed exam, with one answer this week, next to the seeded one.
        let text = include_str!("../assets/sample-syllabus.toml")
            .replace("acme-cloud-basics", "acme-cloud-pro")
            .replace("ACB-01", "ACP-02");
        let pro = check("pro.toml", &text).syllabus.unwrap();
        ctx.tracker.catalog.insert(Entry { syllabus: pro.into(), origin: Origin::Shipped("syllabi/pro.toml") });
        ctx.tracker.set_exam_date("acme-cloud-pro", chrono::NaiveDate::from_ymd_opt(2026, 12, 1), NOW).unwrap();
        let a = Attempt {
            session_id: None,
            exam_id: "acme-cloud-pro".into(),
            question_id: "q-least-privilege-1".into(),
            chosen: "A".into(),
            correct: true,
            seconds: 20.0,
            answered_at: NOW - 3600,
        };
        let pro = ctx.tracker.shared("acme-cloud-pro").unwrap().clone();
        let q = pro.questions.iter().position(|q| q.id == a.question_id).unwrap();
        let session = SessionRef::New { mode: "practice", settings: "{}", started_at: a.answered_at };
        ctx.tracker.record_answer(&pro, q, &a, session).unwrap();
        Box::new(StatsView::new(ctx))
    });
    let this_week = |a: &mut App| {
        let screen = render(a, 120, 40);
        let line = screen.lines().find(|l| l.contains("week of 14 Sep")).unwrap().to_owned();
        (screen, line)
    };
    let (all, week) = this_week(&mut a);
    assert!(all.contains("Stats · all followed exams") && week.contains("(15 answers)"), "{all}");
    let mut seen = Vec::new();
    for _ in 0..2 {
        key(&mut a, KeyCode::Right);
        let (screen, week) = this_week(&mut a);
        let code = ["ACB-01", "ACP-02"].into_iter().find(|c| screen.contains(&format!("Stats · {c}"))).unwrap();
        seen.push((code, week.contains("(14 answers)"), week.contains("(1 answer)")));
    }
    seen.sort();
    assert_eq!(seen, vec![("ACB-01", true, false), ("ACP-02", false, true)]);
    key(&mut a, KeyCode::Right);
    assert!(render(&mut a, 120, 40).contains("Stats · all followed exams"), "→ wraps round to all exams");
    key(&mut a, KeyCode::Left);
    assert!(!render(&mut a, 120, 40).contains("Stats · all followed exams"), "← goes back to the last exam");
}

#[test]
fn help_lists_the_keys_in_force() {
    let mut a = dashboard(true);
    key(&mut a, KeyCode::Char('?'));
    let help = render(&mut a, 80, 24);
    assert!(help.contains("Keys: Dashboard") && help.contains("review") && help.contains("quit"), "{help}");
    insta::assert_snapshot!("help_80x24", help);
    key(&mut a, KeyCode::Char('x'));
    assert!(!render(&mut a, 80, 24).contains("Keys: Dashboard"), "any key closes help");
}

#[test]
fn a_tiny_terminal_gets_a_notice_not_garbage() {
    let screen = render(&mut dashboard(true), 20, 5);
    assert!(screen.contains("too small"), "{screen}");
}

#[test]
fn hostile_text_never_reaches_the_screen_as_control_characters() {
    let notes = "\u{1b}]0;pwned\u{7}\u{9b}2J";
    let mut e = app_on(tracker_with_notes(notes, &["least-privilege"]), |ctx| {
        Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap())
    });
    key(&mut e, KeyCode::Enter);
    let screen = render(&mut e, 120, 40);
    assert!(!screen.chars().any(certtrack::text::is_forbidden), "{screen:?}");
}

#[test]
fn cohort_screen_shows_the_matrix_and_the_findings() {
    use certtrack::cohort::{DomainSnap, ExamInfo, ReportBuilder, SNAPSHOT_FORMAT, SNAPSHOT_KIND, Snapshot};
    let member = |name: &str, d: [f64; 2], light: Light, active: Option<i64>| Snapshot {
        format: SNAPSHOT_FORMAT,
        kind: SNAPSHOT_KIND.into(),
        cohort: "Platform".into(),
        member: name.into(),
        exam_id: "acme-cloud-basics".into(),
        syllabus_version: 1,
        taken_at: NOW,
        exam_date: None,
        readiness: (d[0] + d[1]) / 2.0,
        predicted_score: Some(650),
        light,
        on_track: light == Light::Green,
        behind_pace: false,
        days_left: Some(40),
        last_active: active,
        reviews_done: 3,
        quiz_attempts: 10,
        quiz_accuracy: Some(60.0),
        domains: vec![
            DomainSnap {
                id: "d1".into(),
                readiness: d[0],
                light,
                quiz_attempts: 5,
                quiz_accuracy: None,
                coverage: 100.0,
            },
            DomainSnap {
                id: "d2".into(),
                readiness: d[1],
                light: Light::Red,
                quiz_attempts: 5,
                quiz_accuracy: None,
                coverage: 50.0,
            },
        ],
        topics: vec![],
        outcomes: None,
    };
    let snaps = vec![
        ("ana.json".to_owned(), member("ana", [90.0, 80.0], Light::Green, Some(NOW))),
        ("ben.json".to_owned(), member("ben", [85.0, 30.0], Light::Amber, Some(NOW))),
        ("cy.json".to_owned(), member("cy", [25.0, 25.0], Light::Red, None)),
    ];
    let domain_names = [("d1".to_owned(), "Identity".to_owned()), ("d2".to_owned(), "Networking".to_owned())].into();
    let mut b = ReportBuilder::new();
    snaps.into_iter().for_each(|(file, s)| b.add(file, s));
    let exam = ExamInfo { domain_names, ..ExamInfo::default() };
    let report = b.finish(&exam, vec!["garbage.json: not valid JSON; skipped".into()], NOW);
    snap("cohort", || {
        let r = report.clone();
        app(false, move |_| Box::new(certtrack::app::screens::cohort::CohortView::new(r)))
    });

    // Wide names keep the columns straight: each character takes two cells (the rendered
    // screen has one symbol per cell, so counting symbols counts columns).
    let mut wide = ReportBuilder::new();
    wide.add("a.json".into(), member("東京 太郎", [90.0, 80.0], Light::Green, Some(NOW)));
    wide.add("b.json".into(), member("ben", [85.0, 30.0], Light::Amber, Some(NOW)));
    wide.add("c.json".into(), member("山田花子山田花子山田花子", [25.0, 25.0], Light::Red, None));
    let r = wide.finish(&ExamInfo::default(), vec![], NOW);
    let mut a = app(false, move |_| Box::new(certtrack::app::screens::cohort::CohortView::new(r)));
    let screen = render(&mut a, 120, 40);
    let rows: Vec<&str> =
        screen.lines().filter(|l| l.contains("% green") || l.contains("% amber") || l.contains("% red")).collect();
    assert_eq!(rows.len(), 3, "{screen}");
    let column = |l: &str| l[..l.find('%').unwrap()].chars().count();
    assert!(rows.iter().all(|l| column(l) == column(rows[0])), "{screen}");
    assert!(screen.contains("山 田 花 子 山 田 … "), "a long name is cut to its column: {screen}");

    // A member who shares certifications adds the team's outcome section; nobody sharing, none.
    let mut shared = ReportBuilder::new();
    let mut ana = member("ana", [90.0, 80.0], Light::Green, Some(NOW));
    let cert = certtrack::cohort::CertSnap {
        exam_id: "acme-cloud-basics".into(),
        earned_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        expires_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
    };
    ana.outcomes = Some(certtrack::cohort::Outcomes { certifications: vec![cert], results: vec![] });
    shared.add("a.json".into(), ana);
    let r = shared.finish(&ExamInfo::default(), vec![], NOW);
    let mut a = app(false, move |_| Box::new(certtrack::app::screens::cohort::CohortView::new(r)));
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("Certified (active): acme-cloud-basics 1"), "{screen}");
    assert!(screen.contains("Expiring: 1 within 90 days, 1 within 180 days"), "{screen}");
    let mut none = app(false, move |_| Box::new(certtrack::app::screens::cohort::CohortView::new(report.clone())));
    assert!(!render(&mut none, 120, 40).contains("Certified"));
}

#[test]
fn an_answer_that_cannot_be_saved_is_never_confirmed_and_can_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("study.db");
    let t = tracker_on(Store::open(&db).unwrap(), false);
    let mut ctx = Ctx::pinned(t, Theme::monochrome(), NOW);
    let view = practice(&mut ctx);
    let mut a = App::new(ctx, view);
    // Another process makes every answer fail, as a full disk or a lost lock would.
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER fail BEFORE INSERT ON attempt BEGIN SELECT RAISE(FAIL, 'simulated failure'); END;",
        )
        .unwrap();
    let multi = render(&mut a, 80, 24).contains("(Choose");
    let answer = |a: &mut App| {
        if multi {
            key(a, KeyCode::Enter); // submit the picks (toggled once below)
        } else {
            key(a, KeyCode::Char('a'));
        }
    };
    if multi {
        key(&mut a, KeyCode::Char('a'));
        key(&mut a, KeyCode::Char('b'));
    }
    answer(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("not saved"), "{screen}");
    assert!(
        !screen.contains("Correct") && !screen.contains("Incorrect"),
        "no feedback for an unsaved answer:\n{screen}"
    );
    other.execute_batch("DROP TRIGGER fail;").unwrap();
    answer(&mut a);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("orrect"), "the retry is saved and confirmed:\n{screen}");
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), 1);
}

/// Opens a screen on a context.
type Opener = fn(&mut Ctx) -> Box<dyn View>;

/// Hostile text everywhere the database holds free text, then every screen drawn: no control
/// character may reach a cell.
#[test]
fn hostile_database_text_is_harmless_on_every_screen() {
    let hostile = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil\u{8}\u{8}";
    let make = |first: Opener| app_on(tracker_with_notes(hostile, &["least-privilege", "private-networks"]), first);
    let screens: [Opener; 6] = [
        |c| Box::new(Dashboard::new(c)),
        |c| Box::new(ExamView::new(c, "acme-cloud-basics").unwrap()),
        |c| Box::new(StatsView::new(c)),
        |c| Box::new(SyllabiView::new(c)),
        |c| Box::new(SettingsView::new(c)),
        practice,
    ];
    for first in screens {
        let mut a = make(first);
        for keys in [vec![], vec![KeyCode::Enter], vec![KeyCode::Tab, KeyCode::Char('n')], vec![KeyCode::Char('?')]] {
            for k in keys {
                key(&mut a, k);
            }
            let screen = render(&mut a, 120, 40);
            assert!(!screen.chars().any(certtrack::text::is_forbidden), "{screen:?}");
        }
    }
}

#[test]
fn remapped_keys_work_and_are_shown_in_force() {
    let mut t = tracker(true);
    t.config = certtrack::config::parse("c.toml", "[keys]\nr = \"v\"\n").unwrap();
    t.follow("acme-cloud-basics", true, NOW).unwrap();
    let mut ctx = Ctx::pinned(t, Theme::monochrome(), NOW);
    let view = Box::new(Dashboard::new(&mut ctx));
    let mut a = App::new(ctx, view);
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("v review") && !screen.contains("r review"), "{screen}");
    key(&mut a, KeyCode::Char('r'));
    assert!(!render(&mut a, 120, 40).contains("reviewed this session"), "the old letter no longer opens review");
    key(&mut a, KeyCode::Char('v'));
    assert!(render(&mut a, 120, 40).contains("reviewed this session"), "v opens the review");
}

#[test]
fn leaving_an_exam_simulation_asks_first_and_keeps_its_answers() {
    let sim = |ctx: &mut Ctx| -> Box<dyn View> {
        let plan =
            quiz::Plan { exam: "acme-cloud-basics".into(), mode: certtrack::quiz::Mode::Exam, n: 0, domain: None };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    };
    // Esc leaves the sitting; q quits certtrack, and its question says so.
    for (leave, asks) in [
        (KeyCode::Esc, "Leave the exam simulation?"),
        (KeyCode::Char('q'), "Quit certtrack: leave the exam simulation?"),
    ] {
        let mut a = app(false, sim);
        key(&mut a, KeyCode::Char('a'));
        key(&mut a, KeyCode::Right);
        key(&mut a, leave);
        let screen = render(&mut a, 80, 24);
        assert!(screen.contains(asks) && !a.quit, "{leave:?} asks first:\n{screen}");
        key(&mut a, KeyCode::Char('n'));
        assert!(!a.quit && render(&mut a, 80, 24).contains("Question 2/2"), "n keeps the sitting going");
        key(&mut a, leave);
        key(&mut a, KeyCode::Char('y'));
        assert!(a.quit);
        assert_eq!(a.ctx.tracker.attempt_count().unwrap(), 1, "the answer given is kept");
    }
}

#[test]
fn the_question_map_moves_by_rows_and_jumps_to_open_and_flagged_questions() {
    let a = &mut app(false, |ctx| {
        let plan =
            quiz::Plan { exam: "acme-cloud-basics".into(), mode: certtrack::quiz::Mode::Exam, n: 0, domain: None };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    });
    key(a, KeyCode::Char('a'));
    key(a, KeyCode::Char('x'));
    key(a, KeyCode::Char('u'));
    assert!(render(a, 80, 24).contains("Question 2/2"), "u goes to the next unanswered question");
    key(a, KeyCode::Char('f'));
    assert!(render(a, 80, 24).contains("Question 1/2"), "f goes to the next flagged one");
    key(a, KeyCode::Char('m'));
    key(a, KeyCode::Down);
    key(a, KeyCode::Enter);
    assert!(render(a, 80, 24).contains("Question 2/2"), "↓ moves a row (clamped to the last question), Enter goes");
}

#[test]
fn g_sets_green_confidence_on_the_exam_screen() {
    // The second domain's topic is rated amber in the seeded history.
    let mut e = app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap()));
    key(&mut e, KeyCode::Down);
    key(&mut e, KeyCode::Enter);
    key(&mut e, KeyCode::Char('g'));
    let p = e.ctx.tracker.progress("acme-cloud-basics").unwrap();
    let rated = p.iter().find(|t| t.topic_id == "private-networks").and_then(|t| t.confidence);
    assert_eq!(rated, Some(Light::Green), "g is green, not Home");
}

#[test]
fn esc_on_the_dashboard_does_not_quit_and_says_how_to() {
    let mut a = dashboard(true);
    key(&mut a, KeyCode::Esc);
    assert!(!a.quit);
    assert!(render(&mut a, 80, 24).contains("press q to quit"));
}

#[test]
fn esc_in_answer_review_goes_back_to_the_result() {
    let mut a = app(true, practice);
    for _ in 0..2 {
        let screen = render(&mut a, 80, 24);
        if screen.contains("(Choose") {
            key(&mut a, KeyCode::Char('a'));
            key(&mut a, KeyCode::Char('b'));
            key(&mut a, KeyCode::Enter);
        } else {
            key(&mut a, KeyCode::Char('a'));
        }
        key(&mut a, KeyCode::Enter);
    }
    assert!(render(&mut a, 80, 24).contains("Result:"));
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Esc);
    assert!(render(&mut a, 80, 24).contains("Result:") && !a.quit, "Esc result: back to the result");
}

#[test]
fn a_choose_two_question_refuses_one_pick_and_offers_only_its_letters() {
    let mut a = app(false, |ctx| {
        let plan = quiz::Plan {
            exam: "acme-cloud-basics".into(),
            mode: certtrack::quiz::Mode::Practice,
            n: 2,
            domain: Some(1),
        };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    });
    // The domain's two questions come in random order: skip ahead to the "Choose two" one.
    if !render(&mut a, 80, 24).contains("(Choose") {
        key(&mut a, KeyCode::Char('a'));
        key(&mut a, KeyCode::Enter);
    }
    let before = a.ctx.tracker.attempt_count().unwrap();
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("(Choose"), "{screen}");
    assert!(screen.contains("a–d toggle"), "four choices, four letters: {screen}");
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Enter);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Choose 2 (1 picked)") && !screen.contains("orrect"), "{screen}");
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), before, "nothing saved");
}

#[test]
fn no_screen_binds_one_key_twice_in_any_state() {
    use certtrack::app::screens::{settings::SettingsView, stats::StatsView, syllabi::SyllabiView};
    let mut states: Vec<(String, App)> = Vec::new();
    let mut add = |name: &str, a: App| states.push((name.to_owned(), a));
    add("dashboard", dashboard(true));
    add("dashboard, first run", dashboard(false));
    let mut e = app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap()));
    add("exam, domains", app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap())));
    key(&mut e, KeyCode::Enter);
    add("exam, topics", e);
    add("practice", app(true, practice));
    let sim = |ctx: &mut Ctx| -> Box<dyn View> {
        let plan =
            quiz::Plan { exam: "acme-cloud-basics".into(), mode: certtrack::quiz::Mode::Exam, n: 0, domain: None };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    };
    add("exam simulation", app(false, sim));
    let mut m = app(false, sim);
    key(&mut m, KeyCode::Char('m'));
    add("exam simulation, map", m);
    let review = |ctx: &mut Ctx| -> Box<dyn View> {
        ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
        Box::new(ReviewView::new(ctx).unwrap())
    };
    let mut r = app(false, review);
    add("review, front", app(false, review));
    key(&mut r, KeyCode::Char(' '));
    add("review, back", r);
    add("stats", app(true, |ctx| Box::new(StatsView::new(ctx))));
    add("settings", app(true, |ctx| Box::new(SettingsView::new(ctx))));
    add("exams", app(true, |ctx| Box::new(SyllabiView::new(ctx))));
    let form = |ctx: &mut Ctx| -> Box<dyn View> {
        let day = certtrack::clock::today(NOW);
        Box::new(certtrack::app::screens::result::ResultView::new(ctx, "acme-cloud-basics", day).unwrap())
    };
    add("result form", app(false, form));
    add("exam, after its date", app(false, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap())));
    for (name, a) in &states {
        let conflicts = a.conflicts();
        assert!(conflicts.is_empty(), "{name}: {conflicts:?}");
    }
}

/// The sample syllabus with its "Choose two" question made long: a stem of many lines and a
/// fifth choice, as the real banks have.
fn long_question_tracker() -> Tracker {
    let long = "A platform team runs many services across several accounts and must keep every internal database off the public internet while still letting partner networks reach a few of them through approved paths, audited monthly. ".repeat(3);
    let text = include_str!("../assets/sample-syllabus.toml")
        .replace(
            "Which two measures keep an internal database off the public internet? (Choose two.)",
            &format!("{long} Which two measures do that? (Choose two.)"),
        )
        .replace(
            "  \"Publish its address in public DNS\",\n]",
            "  \"Publish its address in public DNS\",\n  \"Give every partner a copy of the database credentials\",\n]",
        );
    let s = check("long.toml", &text).syllabus.unwrap();
    assert_eq!(s.questions[1].choices.len(), 5, "the fifth choice is there");
    let mut catalog = Catalog::default();
    catalog.insert(Entry { syllabus: s.into(), origin: Origin::Shipped("syllabi/long.toml") });
    let mut t = Tracker::from_parts(catalog, Store::in_memory().unwrap(), Default::default()).unwrap();
    t.follow("acme-cloud-basics", true, NOW).unwrap();
    t
}

#[test]
fn on_a_small_terminal_every_choice_and_the_rating_row_stay_in_sight() {
    let mut a = app_on(long_question_tracker(), |ctx| {
        let plan = quiz::Plan {
            exam: "acme-cloud-basics".into(),
            mode: certtrack::quiz::Mode::Practice,
            n: 1,
            domain: Some(1),
        };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    });
    let screen = render(&mut a, 60, 20);
    for letter in ["A)", "B)", "C)", "D)", "E)"] {
        assert!(screen.contains(letter), "{letter} is on screen at 60×20:\n{screen}");
    }
    assert!(screen.contains("↑↓ scroll"), "the stem says it scrolls:\n{screen}");
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    let scrolled = render(&mut a, 60, 20);
    assert!(scrolled.contains("E)") && scrolled != screen, "the stem scrolled, the choices stayed:\n{scrolled}");

    // The review of the same question: revealed, the rating row with its intervals is in sight.
    let mut r = app_on(long_question_tracker(), |ctx| Box::new(ReviewView::new(ctx).unwrap()));
    // Its queue: the flashcard, the first question, then the long one.
    key(&mut r, KeyCode::Char('@'));
    key(&mut r, KeyCode::Char('@'));
    assert!(render(&mut r, 60, 20).contains("A platform team"), "the long question");
    key(&mut r, KeyCode::Char(' '));
    let back = render(&mut r, 60, 20);
    assert!(back.contains("[1] Again") && back.contains("[3] Good"), "rating row in sight at 60×20:\n{back}");
}

#[test]
fn a_database_restored_under_a_running_app_says_restart_not_retry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("study.db");
    let backup = dir.path().join("backup.db");
    let t = tracker_on(Store::open(&db).unwrap(), false);
    t.backup_to(&backup).unwrap();
    let mut a = app_on(t, |ctx| {
        ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
        Box::new(ReviewView::new(ctx).unwrap())
    });
    certtrack::tracker::restore(&backup, &db).unwrap();
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Char('3'));
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("Restart certtrack"), "{screen}");
    assert!(!screen.contains("rate again"), "retrying can never work here:\n{screen}");
}

#[test]
fn the_dashboard_counts_what_review_then_offers() {
    let mut a = app(false, |ctx| {
        ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
        Box::new(Dashboard::new(ctx))
    });
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("0 due · 3 new today"), "{screen}");
    key(&mut a, KeyCode::Char('r'));
    assert!(render(&mut a, 120, 40).contains("3 left"), "review offers the same three");
}

/// The sample with a case study, a yes/no series and an ordering item (format 2).
fn item_types_tracker() -> Tracker {
    let extra = r#"
[[case_study]]
id = "cs-acme"
title = "Acme Retail"
overview = "A retailer with two data centres and a web shop."
current = "The shop's database is reachable from the internet."
requirements = "- Keep the database private.\n- Partners reach it over approved links."

[[question]]
id = "q-cs-1"
topic = "private-networks"
case = "cs-acme"
stem = "Which change meets Acme's first requirement?"
choices = ["Give the database only a private address", "Open port 5432 to partners' ranges", "Publish it in public DNS", "Add a second public IP"]
answer = "A"
explanation = "Only a private address keeps it off the internet."

[[question]]
id = "q-yn-1"
topic = "least-privilege"
format = "yes-no"
stem = "For each statement, select Yes if it is true."
statements = ["Least privilege limits a grant's scope.", "Administrator for every job is least privilege.", "Grants should be reviewed."]
answer = ["yes", "no", "yes"]
explanation = "The first and last are true; administrator access is the opposite of least privilege."

[[question]]
id = "q-ord-1"
topic = "least-privilege"
format = "ordering"
stem = "Put the steps of writing a narrow policy in order."
steps = ["List what the job does", "Write the narrowest policy", "Test the job with it", "Review it later"]
explanation = "Each step needs the one before."
"#;
    let text = include_str!("../assets/sample-syllabus.toml").replace("format = 1", "format = 2") + extra;
    let s = check("items.toml", &text).syllabus.unwrap();
    let mut catalog = Catalog::default();
    catalog.insert(Entry { syllabus: s.into(), origin: Origin::Shipped("syllabi/items.toml") });
    Tracker::from_parts(catalog, Store::in_memory().unwrap(), Default::default()).unwrap()
}

/// A practice quiz over one question of the item-types sample.
fn one_question(id: &'static str) -> App {
    app_on(item_types_tracker(), move |ctx| {
        let s = ctx.tracker.shared("acme-cloud-basics").unwrap().clone();
        let q = s.questions.iter().position(|q| q.id == id).unwrap();
        let session = certtrack::quiz::Session::new(certtrack::quiz::Mode::Practice, &s, vec![q], NOW, &mut ctx.rng);
        Box::new(quiz::QuizView::with_session(ctx, s, session))
    })
}

#[test]
fn a_yes_no_series_is_answered_statement_by_statement_and_graded_whole() {
    let mut a = one_question("q-yn-1");
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("a–c yes/no") && screen.contains("No A)"), "unmarked reads No: {screen}");
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Char('c'));
    assert!(render(&mut a, 100, 30).contains("Yes A)"), "marked statements read Yes");
    key(&mut a, KeyCode::Enter);
    let feedback = render(&mut a, 100, 30);
    assert!(feedback.contains("Correct"), "A and C are the true ones:\n{feedback}");
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), 1);
}

#[test]
fn an_ordering_item_takes_the_steps_in_order_and_refuses_a_partial_one() {
    let mut a = one_question("q-ord-1");
    // The steps are shuffled on screen: press them in the order the syllabus wrote them.
    let screen = render(&mut a, 100, 30);
    let letter_of = |step: &str| {
        let line = screen.lines().find(|l| l.contains(step)).unwrap();
        line.chars().find(char::is_ascii_uppercase).unwrap().to_ascii_lowercase()
    };
    let order: Vec<char> =
        ["List what the job does", "Write the narrowest policy", "Test the job with it", "Review it later"]
            .iter()
            .map(|s| letter_of(s))
            .collect();
    key(&mut a, KeyCode::Char(order[0]));
    key(&mut a, KeyCode::Enter);
    assert!(render(&mut a, 100, 30).contains("Place every step: 1 of 4"));
    for c in &order[1..] {
        key(&mut a, KeyCode::Char(*c));
    }
    assert!(render(&mut a, 100, 30).contains("4. "), "positions are shown as they are placed");
    key(&mut a, KeyCode::Enter);
    let feedback = render(&mut a, 100, 30);
    assert!(feedback.contains("Correct"), "{feedback}");
}

#[test]
fn a_case_study_question_keeps_its_scenario_a_key_away() {
    let mut a = one_question("q-cs-1");
    let screen = render(&mut a, 100, 30);
    assert!(
        screen.contains("Case study: Acme Retail — Tab to read it") && screen.contains("Tab case study"),
        "{screen}"
    );
    key(&mut a, KeyCode::Tab);
    let case = render(&mut a, 100, 30);
    assert!(
        case.contains("Keep the database private") && case.contains("A) "),
        "scenario and choices together:\n{case}"
    );
    key(&mut a, KeyCode::Tab);
    assert!(render(&mut a, 100, 30).contains("Which change meets"));
}

/// The sample, retired on 2026-09-01 and replaced by "acme-next", whose mapping carries it.
fn retired_pair() -> Tracker {
    let sample = include_str!("../assets/sample-syllabus.toml").replace("format = 1", "format = 2");
    let old = sample.replace("[exam]\n", "[exam]\nretired = 2026-09-01\nsuccessor = \"acme-next\"\n");
    let new = sample
        .replace("id = \"acme-cloud-basics\"", "id = \"acme-next\"")
        .replace("code = \"ACB-01\"", "code = \"ACN-02\"")
        .replace("[exam]\n", "[exam]\npredecessor = \"acme-cloud-basics\"\n")
        + "\n[[carry]]\nfrom = \"least-privilege\"\nto = [\"least-privilege\"]\n";
    let mut catalog = Catalog::default();
    for (name, text) in [("old.toml", old), ("new.toml", new)] {
        let s = check(name, &text).syllabus.unwrap();
        catalog.insert(Entry { syllabus: s.into(), origin: Origin::Shipped("syllabi/x.toml") });
    }
    let mut store = Store::in_memory().unwrap();
    seed(&mut store);
    Tracker::from_parts(catalog, store, Default::default()).unwrap()
}

#[test]
fn a_retired_exam_on_the_dashboard_offers_to_carry_progress_and_carries_it() {
    let mut a = app_on(retired_pair(), |ctx| Box::new(Dashboard::new(ctx)));
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("retired 2026-09-01 → ACN-02: it can no longer be sat · M carries"), "{screen}");
    key(&mut a, KeyCode::Char('M'));
    let preview = render(&mut a, 120, 40);
    assert!(
        preview.contains("From ACB-01 to ACN-02") && preview.contains("least-privilege ← least-privilege"),
        "{preview}"
    );
    assert!(a.ctx.tracker.progress("acme-next").unwrap().is_empty(), "nothing before y");
    key(&mut a, KeyCode::Char('y'));
    let p = a.ctx.tracker.progress("acme-next").unwrap();
    assert_eq!(p.len(), 1, "the mapped topic carried");
    assert_eq!(p[0].status, Status::Done);
}

/// The exam screen records a result after the exam (R, a small form, s saves): the result is
/// committed with the prediction kept the day before, shown beside it, and listed on the stats
/// screen.
#[test]
fn a_result_recorded_from_the_exam_screen_is_shown_with_its_prediction_and_on_the_stats_screen() {
    use certtrack::outcome::Prediction;
    let exam = "acme-cloud-basics";
    let mut t = tracker(false);
    t.follow(exam, true, NOW).unwrap();
    let day_before = certtrack::clock::today(NOW).pred_opt().unwrap();
    let p = Prediction {
        day: day_before,
        readiness: 0.7,
        low: 0.6,
        high: 0.8,
        score: Some((730, 640, 820)),
        domains: vec![("d1".into(), 0.8), ("d2".into(), 0.5)],
    };
    t.keep_predictions(&[(exam.into(), p)]).unwrap();
    let mut a = app_on(t, |ctx| Box::new(ExamView::new(ctx, exam).unwrap()));
    key(&mut a, KeyCode::Char('R'));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    chars(&mut a, "1200");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('s'));
    let refused = render(&mut a, 80, 24);
    assert!(refused.contains("Not saved: ACB-01 is scored 100–1000; 1200 is outside it"), "{refused}");
    assert!(a.ctx.tracker.results(None).unwrap().is_empty(), "nothing written");
    key(&mut a, KeyCode::Enter);
    for _ in 0..4 {
        key(&mut a, KeyCode::Backspace);
    }
    chars(&mut a, "760");
    key(&mut a, KeyCode::Enter);
    for _ in 0..2 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Char(' '));
    insta::assert_snapshot!("result_form_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Char('s'));
    let saved = a.ctx.tracker.results(None).unwrap();
    assert_eq!(saved.len(), 1, "committed before it is confirmed");
    assert_eq!((saved[0].score, saved[0].passed), (Some(760), Some(true)));
    assert_eq!(saved[0].predicted.as_ref().map(|p| p.day), Some(day_before));
    insta::assert_snapshot!("result_saved_80x24", render(&mut a, 80, 24));
    snap("stats_with_attempts", || {
        let mut t = tracker(false);
        t.follow(exam, true, NOW).unwrap();
        let e = certtrack::tracker::ResultEntry {
            exam: exam.into(),
            sat_on: day_before,
            score: Some(640),
            passed: None,
            domains: vec![("d1".into(), "meets".into()), ("d2".into(), "needs improvement".into())],
        };
        t.record_result(&e, NOW).unwrap();
        t.record_result(
            &certtrack::tracker::ResultEntry { score: Some(760), sat_on: day_before.succ_opt().unwrap(), ..e },
            NOW,
        )
        .unwrap();
        app_on(t, |ctx| Box::new(StatsView::new(ctx)))
    });
}

/// Before the exam date a learner who sat early (or moved the sitting) can still record it: the
/// form opens on today, not on the future exam date.
#[test]
fn the_exam_screen_offers_a_result_before_the_exam_date_for_today() {
    let a = app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap()));
    let before = a.ctx.tracker.exam_date("acme-cloud-basics").unwrap();
    let today = certtrack::clock::today(NOW);
    assert!(before.is_some_and(|d| d > today));
    let mut a = a;
    assert!(render(&mut a, 120, 40).contains("R result"), "the key is offered");
    key(&mut a, KeyCode::Char('R'));
    let form = render(&mut a, 120, 40);
    assert!(form.contains(&today.to_string()), "the form is for today:\n{form}");
}

/// A certification whose renewal is due puts a line on the dashboard.
#[test]
fn the_dashboard_says_when_a_renewal_window_is_open() {
    let mut t = tracker(true);
    t.follow("acme-cloud-basics", true, NOW).unwrap();
    let expires = certtrack::clock::today(NOW) + chrono::Days::new(100);
    t.set_expiry("acme-cloud-basics", Some(expires), certtrack::clock::today(NOW).pred_opt(), NOW).unwrap();
    let mut a = app_on(t, |ctx| Box::new(Dashboard::new(ctx)));
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("Renew ACB-01: renew now: 100 days left"), "{screen}");
    let mut plain = dashboard(true);
    assert!(!render(&mut plain, 120, 40).contains("Renew "), "no line without a certification due");
}

#[test]
fn the_heatmap_starts_its_week_on_the_configured_day() {
    let heat_rows = |config: &str| {
        let mut t = tracker(true);
        t.config = certtrack::config::parse("c.toml", config).unwrap();
        let mut ctx = Ctx::pinned(t, Theme::monochrome(), NOW);
        let view = Box::new(StatsView::new(&mut ctx));
        let screen = render(&mut App::new(ctx, view), 120, 40);
        let labels: Vec<String> = screen
            .lines()
            .filter_map(|l| l.split('│').nth(1).map(|c| c.trim_start().chars().take(3).collect::<String>()))
            .filter(|w| ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(&w.as_str()))
            .collect();
        labels
    };
    assert_eq!(heat_rows(""), ["Mon", "Wed", "Fri", "Sun"]);
    assert_eq!(heat_rows("week_start = \"sunday\"\n"), ["Sun", "Tue", "Thu", "Sat"]);
}

/// The last line of a rendered screen: its status line.
fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

#[test]
fn a_narrow_status_line_keeps_the_way_out_and_help_and_a_text_field_offers_no_help_key() {
    let mut d = dashboard(true);
    let line = status_line(&render(&mut d, 60, 20)).to_owned();
    assert!(line.contains("q quit") && line.contains("? help"), "{line}");
    let mut e = app(true, |ctx| Box::new(ExamView::new(ctx, "acme-cloud-basics").unwrap()));
    key(&mut e, KeyCode::Enter);
    let line = status_line(&render(&mut e, 80, 24)).to_owned();
    assert!(line.contains("Esc domains") && line.contains("? help"), "topics pane at 80 columns: {line}");
    // In a text field `?` types itself: the status line must not offer it as help.
    let mut s = app(true, |ctx| Box::new(SyllabiView::new(ctx)));
    key(&mut s, KeyCode::Char('d'));
    key(&mut s, KeyCode::Char('?'));
    let screen = render(&mut s, 80, 24);
    assert!(screen.contains("exam date: 2026-11-02?"), "{screen}");
    assert!(!status_line(&screen).contains("help") && status_line(&screen).contains("Esc cancel"), "{screen}");
}

#[test]
fn a_leave_question_on_a_narrow_terminal_still_shows_how_to_answer_it() {
    let mut a = app(false, |ctx| {
        let plan =
            quiz::Plan { exam: "acme-cloud-basics".into(), mode: certtrack::quiz::Mode::Exam, n: 0, domain: None };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    });
    let line = status_line(&render(&mut a, 60, 20)).to_owned();
    assert!(line.contains("s submit") && line.contains("Esc quit"), "the way to finish and to leave: {line}");
    key(&mut a, KeyCode::Esc);
    let line = status_line(&render(&mut a, 60, 20)).to_owned();
    assert!(line.contains("Leave the exam") && line.contains("y yes  n no"), "{line}");
}

fn quiz_app(mode: certtrack::quiz::Mode, n: usize) -> App {
    app(false, move |ctx| {
        let plan = quiz::Plan { exam: "acme-cloud-basics".into(), mode, n, domain: None };
        Box::new(quiz::QuizView::start(ctx, &plan).unwrap())
    })
}

#[test]
fn a_practice_stopped_early_scores_only_what_was_asked_and_one_stopped_at_once_just_leaves() {
    let mut a = quiz_app(certtrack::quiz::Mode::Practice, 2);
    let screen = render(&mut a, 80, 24);
    if screen.contains("(Choose") {
        chars(&mut a, "ab");
        key(&mut a, KeyCode::Enter);
    } else {
        key(&mut a, KeyCode::Char('a'));
    }
    key(&mut a, KeyCode::Esc);
    let asked = render(&mut a, 80, 24);
    assert!(asked.contains("End this session and see your result?"), "a stray Esc asks first:\n{asked}");
    key(&mut a, KeyCode::Char('n'));
    assert!(!render(&mut a, 80, 24).contains("End this session"), "n keeps going");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Stopped after 1 of 2 questions: "), "{screen}");
    assert!(!screen.contains("FAIL") && !screen.contains("PASS") && !screen.contains("/2 correct"), "{screen}");
    // Stopped before any answer: no result to show, back to where it started.
    let mut q = app(false, |ctx| {
        ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
        Box::new(Dashboard::new(ctx))
    });
    key(&mut q, KeyCode::Char('z'));
    assert!(render(&mut q, 80, 24).contains("Question 1/"));
    key(&mut q, KeyCode::Esc);
    let screen = render(&mut q, 80, 24);
    assert!(!screen.contains("Result") && screen.contains("Study streak") && !q.quit, "{screen}");
}

#[test]
fn the_exam_map_and_the_leave_question_count_the_current_picks() {
    let mut a = quiz_app(certtrack::quiz::Mode::Exam, 0);
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Char('m'));
    assert!(render(&mut a, 80, 24).contains("1●"), "the picked question shows answered");
    key(&mut a, KeyCode::Char('m'));
    key(&mut a, KeyCode::Esc);
    assert!(render(&mut a, 120, 40).contains("Your 1 answer(s) are saved"));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.ctx.tracker.attempt_count().unwrap(), 1, "and that one is what was saved");
}

#[test]
fn a_learning_step_not_yet_due_is_not_counted_due_while_review_cannot_offer_it() {
    let mut a = app(false, |ctx| {
        ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
        Box::new(Dashboard::new(ctx))
    });
    key(&mut a, KeyCode::Char('p'));
    if render(&mut a, 80, 24).contains("(Choose") {
        chars(&mut a, "ab");
        key(&mut a, KeyCode::Enter);
    } else {
        key(&mut a, KeyCode::Char('a'));
    }
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y')); // the result of the one answer
    key(&mut a, KeyCode::Enter);
    // The answered question is in its learning steps, due minutes from now (the clock is pinned).
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("0 due · 2 new today"), "{screen}");
    key(&mut a, KeyCode::Char('r'));
    assert!(render(&mut a, 120, 40).contains("2 left"), "review offers the two new items, nothing else");
}

/// Twenty copies of the sample syllabus under their own ids and codes (ACB-00 … ACB-19).
fn many_exams_tracker() -> Tracker {
    let mut catalog = Catalog::default();
    for i in 0..20 {
        let text = include_str!("../assets/sample-syllabus.toml")
            .replace("id = \"acme-cloud-basics\"", &format!("id = \"acme-{i:02}\""))
            .replace("code = \"ACB-01\"", &format!("code = \"ACB-{i:02}\""));
        let s = check("many.toml", &text).syllabus.unwrap();
        catalog.insert(Entry { syllabus: s.into(), origin: Origin::Shipped("syllabi/many.toml") });
    }
    Tracker::from_parts(catalog, Store::in_memory().unwrap(), Default::default()).unwrap()
}

#[test]
fn the_exams_list_keeps_its_selection_in_sight_and_import_problems_are_shown_whole() {
    let mut a = app_on(many_exams_tracker(), |ctx| Box::new(SyllabiView::new(ctx)));
    key(&mut a, KeyCode::End);
    let screen = render(&mut a, 60, 20);
    assert!(screen.contains("ACB-19") && !screen.contains("ACB-00"), "the last exam, selected, is in sight:\n{screen}");
    key(&mut a, KeyCode::Char(' '));
    assert!(
        a.ctx.tracker.followed_dates().unwrap().iter().any(|(id, _)| id == "acme-19"),
        "and it is the one followed"
    );

    // An import with more problems than the old ten rows: every one can be reached.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let broken: String = (0..8).fold(include_str!("../assets/sample-syllabus.toml").to_owned(), |s, i| {
        s + &format!("\n[[topic]]\nid = \"t{i}\"\ndomain = \"nowhere\"\ntitle = \"T{i}\"\nsummary = \"S\"\n")
    });
    std::fs::write(&bad, broken).unwrap();
    key(&mut a, KeyCode::Char('i'));
    chars(&mut a, &bad.display().to_string());
    key(&mut a, KeyCode::Enter);
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("Not imported: 8 problem(s), listed under the exams"), "{screen}");
    assert!(status_line(&screen).starts_with(" Not imported"), "{screen}");
    key(&mut a, KeyCode::Char('j')); // any key clears the flash; the list keeps its place
    assert!(status_line(&render(&mut a, 80, 24)).contains("PgUp/PgDn problems"));
    for _ in 0..20 {
        key(&mut a, KeyCode::PageDown);
    }
    let end = render(&mut a, 80, 24);
    assert!(end.contains("t7"), "the last problem can be scrolled to:\n{end}");
}

/// The text inside a bordered pane, its rows joined by spaces, the scrollbar's column left out.
fn pane_text(screen: &str) -> String {
    let rows = screen.lines().skip(2).map(|l| {
        let cells: Vec<char> = l.chars().collect();
        let end = cells.len().saturating_sub(2);
        cells.get(1..end).map(|c| c.iter().collect::<String>()).unwrap_or_default()
    });
    rows.collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_revealed_card_on_a_small_terminal_shows_its_answer_above_the_ratings_and_every_word_whole() {
    let mut r = app_on(long_question_tracker(), |ctx| Box::new(ReviewView::new(ctx).unwrap()));
    key(&mut r, KeyCode::Char('@'));
    key(&mut r, KeyCode::Char('@'));
    let front = render(&mut r, 60, 20);
    let stem = "A platform team runs many services across several accounts and must keep every internal database off the public internet while still letting partner networks reach a few of them through approved paths, audited monthly.";
    assert!(pane_text(&front).contains(stem), "every word whole:\n{front}");
    key(&mut r, KeyCode::Char(' '));
    let back = render(&mut r, 60, 20);
    assert!(back.contains("Answer: ") && back.contains("[3] Good"), "the answer and the ratings in sight:\n{back}");
}

#[test]
fn lists_keep_their_cursor_when_reopened() {
    let mut a = app_on(many_exams_tracker(), |ctx| Box::new(Dashboard::new(ctx)));
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Char(' '));
    let followed = a.ctx.tracker.followed_dates().unwrap();
    assert_eq!(followed.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["acme-19"], "the cursor stayed on the last");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Down);
    assert!(render(&mut a, 120, 40).contains("▶ d2"), "the second domain");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Enter);
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("▶ d2"), "reopened on the second domain:\n{screen}");
}

#[test]
fn help_says_what_esc_does_as_the_status_line_does() {
    // A first screen that is not the dashboard (`certtrack quiz --mode exam`, `cohort view`): Esc quits.
    let mut a = app(true, |ctx| Box::new(StatsView::new(ctx)));
    assert!(status_line(&render(&mut a, 80, 24)).contains("Esc quit"));
    key(&mut a, KeyCode::Char('?'));
    let help = render(&mut a, 80, 24);
    assert!(help.contains("Esc q Ctrl-C quit") && !help.contains("Esc back"), "{help}");
}

#[test]
fn the_exam_simulation_warns_at_five_minutes_left() {
    let mut a = quiz_app(certtrack::quiz::Mode::Exam, 0);
    // The sample exam lasts 60 minutes.
    a.ctx.pinned_now = Some(NOW + 54 * 60);
    a.tick();
    assert!(!render(&mut a, 80, 24).contains("Five minutes left"), "six minutes left: no warning yet");
    a.ctx.pinned_now = Some(NOW + 55 * 60 + 1);
    a.tick();
    assert!(render(&mut a, 80, 24).contains("Five minutes left."));
}

#[test]
fn space_and_enter_on_the_revealed_side_rate_good() {
    for k in [KeyCode::Char(' '), KeyCode::Enter] {
        let mut r = app(false, |ctx| {
            ctx.tracker.follow("acme-cloud-basics", true, NOW).unwrap();
            Box::new(ReviewView::new(ctx).unwrap())
        });
        key(&mut r, KeyCode::Char(' '));
        key(&mut r, k);
        let screen = render(&mut r, 120, 40);
        assert!(screen.contains("1 reviewed this session"), "{k:?}:\n{screen}");
    }
}

#[test]
fn a_small_terminal_still_shows_the_question_and_its_case_study_above_long_choices() {
    let mut a = one_question("q-cs-1");
    // At 40×11 the wrapped choices alone fill the pane: pinning them left two lines
    // above, the header and the case line, and neither the stem nor the scenario could be read.
    let screen = render(&mut a, 40, 11);
    assert!(screen.contains("Which change"), "the stem is in sight:\n{screen}");
    key(&mut a, KeyCode::Tab);
    render(&mut a, 40, 11);
    key(&mut a, KeyCode::Down);
    let case = render(&mut a, 40, 11);
    assert!(case.contains("A retailer"), "the scenario scrolls into sight:\n{case}");
}
