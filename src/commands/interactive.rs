//! Starting the terminal app: the dashboard (no arguments), `review`, and `quiz` (the quick quiz
//! draws inline under the prompt and leaves a one-line summary in the scrollback).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::app::screens::cohort::CohortView;
use crate::app::screens::dashboard::Dashboard;
use crate::app::screens::quiz::{Plan, QuizView};
use crate::app::screens::review::ReviewView;
use crate::app::terminal::Mode as TermMode;
use crate::app::{self, App, Ctx, View};
use crate::cli::QuizMode;
use crate::quiz::Mode;
use crate::tracker::Tracker;

/// Lines the inline quick quiz takes under the prompt.
const INLINE_HEIGHT: u16 = 18;

fn need_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the interactive app needs a terminal; for scripts use `certtrack status`, `certtrack progress`, `certtrack export`"
        );
    }
    Ok(())
}

/// Run a view full screen (or inline), then take the daily automatic backup.
fn launch(
    mut tracker: Tracker,
    first: impl FnOnce(&mut Ctx) -> Result<Box<dyn View>, String>,
    mode: TermMode,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    need_terminal()?;
    let theme = crate::app::theme::Theme::from_config(&tracker.config).map_err(anyhow::Error::msg)?;
    tracker.start_session()?;
    let mut ctx = Ctx::new(tracker, theme, mode != TermMode::FullScreen);
    let view = match first(&mut ctx) {
        Ok(v) => v,
        Err(e) => bail!("{e}"),
    };
    let mut app = App::new(ctx, view);
    app::run(&mut app, mode)?;
    // The backup first: after a hang-up, writing the summary fails.
    // A failed automatic backup must not turn a good session into an error.
    if let Err(e) = app.ctx.tracker.auto_backup(crate::clock::now()) {
        eprintln!("note: automatic backup skipped: {e:#}");
    }
    if let Some(s) = app.summary() {
        writeln!(out, "{}", crate::text::one_line(s))?;
    }
    // Ctrl-C ends with 130, as the shell's convention for an interrupted command.
    Ok(if app.interrupted { ExitCode::from(130) } else { ExitCode::SUCCESS })
}

pub fn dashboard(tracker: Tracker, out: &mut dyn Write) -> Result<ExitCode> {
    launch(tracker, |ctx| Ok(Box::new(Dashboard::new(ctx))), TermMode::FullScreen, out)
}

pub fn cohort(tracker: Tracker, report: crate::cohort::Report, out: &mut dyn Write) -> Result<ExitCode> {
    launch(tracker, |_| Ok(Box::new(CohortView::new(report))), TermMode::FullScreen, out)
}

pub fn review(tracker: Tracker, out: &mut dyn Write) -> Result<ExitCode> {
    launch(tracker, |ctx| ReviewView::new(ctx).map(|v| Box::new(v) as Box<dyn View>), TermMode::FullScreen, out)
}

pub struct QuizArgs {
    pub quick: bool,
    pub mode: Option<QuizMode>,
    pub n: Option<usize>,
    pub exam: Option<String>,
    pub domain: Option<String>,
}

pub fn quiz(tracker: Tracker, a: QuizArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let mode = match (a.quick, a.mode) {
        (true, _) | (false, Some(QuizMode::Quick)) => Mode::Quick,
        (false, Some(QuizMode::Exam)) => Mode::Exam,
        (false, Some(QuizMode::Drill)) => Mode::Drill,
        (false, Some(QuizMode::Missed)) => Mode::Missed,
        (false, Some(QuizMode::Practice) | None) => Mode::Practice,
    };
    let exam = match a.exam {
        Some(e) => tracker.syllabus(&e)?.exam.id.clone(),
        None => match (tracker.followed_outlines()?.first(), &tracker.config.default_exam) {
            (Some((s, _)), _) => s.exam.id.clone(),
            (None, Some(default)) => tracker.syllabus(default)?.exam.id.clone(),
            (None, None) => bail!(
                "you follow no exams yet; pass --exam ID (e.g. --exam SAA-C03), run `certtrack follow ID`, or set default_exam in the config"
            ),
        },
    };
    let s = tracker.syllabus(&exam)?;
    let domain = match (&a.domain, mode) {
        (Some(d), _) => match s.domains.iter().position(|x| x.id.eq_ignore_ascii_case(d)) {
            Some(i) => Some(i),
            None => bail!(
                "{} has no domain `{}`; its domains: {}",
                s.exam.id,
                crate::text::one_line(d),
                s.domains.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        },
        (None, Mode::Drill) => bail!(
            "a drill needs --domain (one of {})",
            s.domains.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ")
        ),
        (None, _) => None,
    };
    let n = a.n.unwrap_or(mode.default_size());
    let bank = match domain {
        Some(d) => s.questions.iter().filter(|q| s.topic_domain(q.topic) == d).count(),
        None => s.questions.len(),
    };
    if a.n.is_some_and(|n| n > bank) && mode != Mode::Exam {
        eprintln!("note: {} has {bank} question(s) to draw from here; the quiz asks at most that many", s.exam.code);
    }
    let plan = Plan { exam, mode, n, domain };
    let term = if mode == Mode::Quick { TermMode::Inline(INLINE_HEIGHT) } else { TermMode::FullScreen };
    launch(tracker, |ctx| QuizView::start(ctx, &plan).map(|v| Box::new(v) as Box<dyn View>), term, out)
}
