//! The home screen: every followed exam with its readiness, predicted score against the pass
//! mark, light, days to the exam and reviews due; the study streak.

use chrono::NaiveDate;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::migrate::MigrateView;
use super::quiz::{Plan, QuizView};
use super::{exam::ExamView, review::ReviewView, settings::SettingsView, stats::StatsView, syllabi::SyllabiView};
use crate::app::keys::{self, Binding, Char, ENTER, Move};
use crate::app::widgets::{Scroll, bar, clip, light, scrolled, step, styled, wrap};
use crate::app::{Action, Ctx, Screen};
use crate::quiz::Mode;
use crate::readiness::Readiness;

struct Row {
    exam_id: String,
    code: String,
    name: String,
    date: Option<NaiveDate>,
    readiness: Readiness,
    /// What would make readiness a measurement, while there is too little quiz evidence.
    advice: Option<String>,
    due: usize,
    new_today: usize,
    pass: Option<u32>,
    /// "retired 2026-07-31 → AI-200", with the successor's id, when the exam is retired.
    retired: Option<(String, Option<String>)>,
}

pub struct Dashboard {
    rows: Vec<Row>,
    sel: usize,
    streak: u32,
    error: Option<String>,
    scroll: Scroll,
    /// "Renew AZ-104: renew now: window open, 120 days left", for each window open.
    renewals: Vec<String>,
}

/// Lines each exam takes on screen (for mouse hit-testing).
const ROW_LINES: u16 = 4;

impl Dashboard {
    pub fn new(ctx: &mut Ctx) -> Dashboard {
        let mut d = Dashboard {
            rows: Vec::new(),
            sel: 0,
            streak: 0,
            error: None,
            scroll: Scroll::default(),
            renewals: Vec::new(),
        };
        d.load(ctx);
        d
    }

    fn load(&mut self, ctx: &mut Ctx) {
        let mut predictions = Vec::new();
        match ctx.tracker.overview(None, ctx.now()) {
            Ok(o) => {
                predictions = o.predictions(crate::clock::today(ctx.now()));
                self.rows = o
                    .exams
                    .into_iter()
                    .map(|e| Row {
                        pass: e.pass_mark(),
                        exam_id: e.outline.exam.id.clone(),
                        code: e.outline.exam.code.clone(),
                        name: e.outline.exam.name.clone(),
                        date: e.date,
                        advice: e.readiness.advice(e.outline),
                        readiness: e.readiness,
                        due: e.due,
                        new_today: e.new_today,
                        retired: retired_of(ctx, e.outline),
                    })
                    .collect();
                self.streak = o.streak;
                self.error = None;
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
        // Kept for comparing with a real result later, once the frame is drawn.
        ctx.tracker.keep_predictions_when_idle(predictions);
        self.renewals = ctx.tracker.renewals_due(crate::clock::today(ctx.now())).map_or_else(
            |e| vec![format!("certifications: {e:#}")],
            |due| due.iter().map(|c| format!("Renew {}: {}", c.code, c.standing_text())).collect(),
        );
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
    }

    /// The selected exam's successor, when it is retired and has one.
    fn successor(&self) -> Option<(&str, &str)> {
        let r = self.rows.get(self.sel)?;
        Some((r.exam_id.as_str(), r.retired.as_ref()?.1.as_deref()?))
    }

    fn selected(&self) -> Option<&str> {
        self.rows.get(self.sel).map(|r| r.exam_id.as_str())
    }

    fn quiz(&self, ctx: &mut Ctx, mode: Mode) -> Action {
        let Some(exam) = self.selected() else { return Action::Flash("Follow an exam first (f).".into()) };
        match QuizView::start(ctx, &Plan { exam: exam.to_owned(), mode, n: mode.default_size(), domain: None }) {
            Ok(v) => Action::Push(Box::new(v)),
            Err(e) => Action::Flash(e),
        }
    }
}

/// What the dashboard's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Move(Move),
    Open,
    Review,
    Quiz(Mode),
    Stats,
    Exams,
    Settings,
    Migrate,
}

impl Screen for Dashboard {
    type Msg = Msg;

    fn title(&self) -> String {
        "Dashboard".into()
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        let exams = Binding::new(&[Char('f')], Msg::Exams, "choose exams");
        let settings = Binding::new(&[Char(',')], Msg::Settings, "settings");
        if self.rows.is_empty() {
            return vec![exams, settings];
        }
        let mut b = keys::moves(Msg::Move);
        b.extend([
            Binding::new(&[ENTER], Msg::Open, "open"),
            Binding::new(&[Char('r')], Msg::Review, "review"),
            Binding::new(&[Char('p')], Msg::Quiz(Mode::Practice), "practice"),
            Binding::new(&[Char('z')], Msg::Quiz(Mode::Quick), "quick quiz (5 questions)").shown("z", "quick"),
            Binding::new(&[Char('x')], Msg::Quiz(Mode::Exam), "exam simulation").shown("x", "exam sim"),
            Binding::new(&[Char('m')], Msg::Quiz(Mode::Missed), "missed questions").shown("m", "missed"),
            Binding::new(&[Char('s')], Msg::Stats, "stats"),
            exams.shown("f", "exams"),
            settings,
        ]);
        if self.successor().is_some() {
            b.push(Binding::new(&[Char('M')], Msg::Migrate, "carry progress to the successor").shown("M", "carry"));
        }
        b
    }

    fn home(&self) -> bool {
        true
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        match msg {
            Msg::Move(m) => self.sel = step(self.sel, m.delta(), self.rows.len()),
            Msg::Open => {
                return match self.selected() {
                    Some(id) => match ExamView::new(ctx, id) {
                        Ok(v) => Action::Push(Box::new(v)),
                        Err(e) => Action::Flash(e),
                    },
                    None => Action::Push(Box::new(SyllabiView::new(ctx))),
                };
            }
            Msg::Review => {
                return match ReviewView::new(ctx) {
                    Ok(v) => Action::Push(Box::new(v)),
                    Err(e) => Action::Flash(e),
                };
            }
            Msg::Quiz(mode) => return self.quiz(ctx, mode),
            Msg::Stats => return Action::Push(Box::new(StatsView::new(ctx))),
            Msg::Exams => return Action::Push(Box::new(SyllabiView::new(ctx))),
            Msg::Settings => return Action::Push(Box::new(SettingsView::new(ctx))),
            Msg::Migrate => {
                let Some((from, to)) = self.successor().map(|(f, t)| (f.to_owned(), t.to_owned())) else {
                    return Action::None;
                };
                return match MigrateView::new(ctx, &from, &to) {
                    Ok(v) => Action::Push(Box::new(v)),
                    Err(e) => Action::Flash(e),
                };
            }
        }
        Action::None
    }

    fn mouse(&mut self, m: MouseEvent, area: Rect, _ctx: &mut Ctx) -> Action {
        match m.kind {
            MouseEventKind::ScrollDown => self.sel = step(self.sel, 1, self.rows.len()),
            MouseEventKind::ScrollUp => self.sel = step(self.sel, -1, self.rows.len()),
            MouseEventKind::Down(MouseButton::Left) if m.row > area.y => {
                let i = (usize::from(m.row - area.y - 1) + self.scroll.offset()) / usize::from(ROW_LINES);
                if i < self.rows.len() {
                    self.sel = i;
                }
            }
            _ => {}
        }
        Action::None
    }

    fn resume(&mut self, ctx: &mut Ctx) {
        self.load(ctx);
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines: Vec<Line> = Vec::new();
        let mut selected = (0, 0);
        if let Some(e) = &self.error {
            lines.push(Line::styled(clip(e, 200), theme.bad()));
        }
        if self.rows.is_empty() && self.error.is_none() {
            lines.push(Line::styled("Welcome to certtrack.", theme.title()));
            lines.push(Line::raw(""));
            lines.push(Line::raw("You follow no exams yet. Press f to choose the exams you are preparing for,"));
            lines.push(Line::raw("then set your exam date there (d) so certtrack can pace you."));
        }
        let width = usize::from(area.width.saturating_sub(4));
        for (i, r) in self.rows.iter().enumerate() {
            let rd = &r.readiness;
            let marker = if i == self.sel { styled("▶ ", theme.key()) } else { Span::raw("  ") };
            let head = Line::from(vec![
                marker,
                styled(format!("{:<8}", r.code), theme.title()),
                Span::raw(clip(&r.name, width.saturating_sub(22))),
                Span::raw("  "),
                light(rd.light, theme),
            ]);
            let score = match (rd.predicted, r.pass) {
                (Some((p, lo, hi)), Some(pass)) => format!("predicted {p} ({lo}–{hi}) / pass {pass}"),
                _ => format!("pass mark not published (bar {:.0}%)", rd.bar * 100.0),
            };
            let readiness = match &r.advice {
                // Too little evidence for a number: say what would make one.
                Some(advice) => Line::styled(
                    format!(
                        "    readiness a guess ({:.0}–{:.0}%): to measure it, {advice}",
                        rd.low * 100.0,
                        rd.high * 100.0
                    ),
                    theme.warn(),
                ),
                None => Line::from(vec![
                    Span::raw("    readiness "),
                    styled(bar(rd.readiness, 12), theme.bar()),
                    Span::raw(format!(
                        " {:.0}% ({:.0}–{:.0}%)  {score}",
                        rd.readiness * 100.0,
                        rd.low * 100.0,
                        rd.high * 100.0
                    )),
                ]),
            };
            let date = |d| ctx.tracker.config.format_date(d);
            let when = match (r.date, rd.pace.days_left) {
                (Some(d), Some(n)) if n >= 0 => format!("exam {} · {n} days", date(d)),
                (Some(d), _) => format!("exam date {} is past: set the next (f, then d)", date(d)),
                _ => "no exam date (f, then d)".into(),
            };
            let pace = if rd.pace.behind {
                styled(" · behind pace", theme.warn())
            } else if rd.on_track {
                styled(" · on track", theme.good())
            } else {
                Span::raw("")
            };
            let info =
                Line::from(vec![Span::raw(format!("    {when} · {} due · {} new today", r.due, r.new_today)), pace]);
            let width = area.width.saturating_sub(2);
            let mut row = vec![head, readiness, info];

            if let Some((label, next)) = &r.retired {
                let hint = if next.is_some() { " · M carries your progress to it" } else { "" };
                row.push(Line::styled(format!("    {label}: it can no longer be sat{hint}"), theme.warn()));
            }
            row.push(Line::raw(""));
            let block = wrap(row, width);
            if i == self.sel {
                selected = (lines.len(), lines.len() + block.len());
            }
            lines.extend(block);
        }
        if !self.rows.is_empty() {
            lines.push(Line::styled(format!("  Study streak: {} day(s)", self.streak), theme.dim()));
        }
        for r in &self.renewals {
            lines.push(Line::styled(format!("  {}", crate::text::one_line(r)), theme.warn()));
        }
        let block = Block::default().borders(Borders::ALL).title(" Exams ");
        let lines = wrap(lines, block.inner(area).width);
        // The selected exam stays in sight when the list is taller than the terminal.
        self.scroll.reveal(selected.0, selected.1, usize::from(block.inner(area).height));
        scrolled(f, area, lines, &self.scroll, block);
    }
}

/// The retired exam's label and its successor's id, for a dashboard row.
fn retired_of(ctx: &Ctx, o: &crate::syllabus::Outline) -> Option<(String, Option<String>)> {
    let today = crate::clock::today(ctx.now());
    match crate::tracker::Lifecycle::of(&o.exam, today) {
        l @ crate::tracker::Lifecycle::Retired { .. } => {
            let label = l.label(|id| ctx.tracker.code_of(id))?;
            Some((label, o.exam.successor.clone()))
        }
        _ => None,
    }
}
