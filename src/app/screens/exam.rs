//! One exam: domains with weight, readiness bar and light; the topics of the selected domain with
//! status and confidence, changed with one key; notes; drills; topic search.

use std::collections::HashMap;
use std::sync::Arc;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::quiz::{Plan, QuizView};
use crate::app::keys::{self, BACKTAB, Binding, Char, ENTER, ESC, LEFT, Move, PAGE_DOWN, PAGE_UP, RIGHT, TAB};
use crate::app::widgets::{Input, InputEvent, Scroll, bar, clip, light, prose, scrolled, step, styled, wrap};
use crate::app::{Action, Ctx, Screen};
use crate::quiz::Mode;
use crate::readiness::Readiness;
use crate::study::{Light, Status, TopicProgress};
use crate::syllabus::Syllabus;
use crate::tracker::ProgressUpdate;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pane {
    Domains,
    Topics,
}

enum Editing {
    None,
    Note(Input),
    Search(Input),
}

pub struct ExamView {
    s: Arc<Syllabus>,
    readiness: Readiness,
    progress: HashMap<String, TopicProgress>,
    pane: Pane,
    dsel: usize,
    tsel: usize,
    editing: Editing,
    /// Active topic filter (from `/`), lower-cased.
    filter: String,
    scroll: Panes,
    /// The day a result would be recorded for: the exam date once it has come, else today (a
    /// learner who sat early, or moved the sitting, records it too).
    result_day: Option<chrono::NaiveDate>,
}

/// The scroll of each pane: the two lists follow their selection; the topic's text scrolls
/// with PgUp/PgDn and the mouse wheel.
#[derive(Default)]
struct Panes {
    domains: Scroll,
    topics: Scroll,
    detail: Scroll,
}

/// The exam's readiness, from the catalog's outline of the syllabus this view shows.
fn assess(ctx: &Ctx, exam: &str) -> anyhow::Result<Readiness> {
    let t = &ctx.tracker;
    t.readiness(t.outline(exam)?, ctx.now())
}

impl ExamView {
    pub fn new(ctx: &mut Ctx, exam: &str) -> Result<ExamView, String> {
        let s = Arc::clone(ctx.tracker.shared(exam).map_err(|e| e.to_string())?);
        let readiness = assess(ctx, &s.exam.id).map_err(|e| format!("{e:#}"))?;
        let mut v = ExamView {
            s,
            readiness,
            progress: HashMap::new(),
            pane: Pane::Domains,
            dsel: 0,
            tsel: 0,
            editing: Editing::None,
            filter: String::new(),
            scroll: Panes::default(),
            result_day: None,
        };
        v.reload(ctx);
        if let Some(&(d, t)) = ctx.cursors.get(&v.cursor_key()) {
            v.dsel = d.min(v.s.domains.len().saturating_sub(1));
            v.tsel = t.min(v.topics().len().saturating_sub(1));
        }
        Ok(v)
    }

    /// Where this exam's cursors are kept while the screen is closed.
    fn cursor_key(&self) -> String {
        format!("exam:{}", self.s.exam.id)
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        if let Ok(rows) = ctx.tracker.progress(&self.s.exam.id) {
            self.progress = rows.into_iter().map(|p| (p.topic_id.clone(), p)).collect();
        }
        if let Ok(r) = assess(ctx, &self.s.exam.id) {
            self.readiness = r;
        }
        let today = crate::clock::today(ctx.now());
        let date = ctx.tracker.exam_date(&self.s.exam.id).ok().flatten();
        self.result_day = Some(date.filter(|&d| d <= today).unwrap_or(today));
    }

    /// Topic indices shown: the selected domain's, or every match of the search.
    fn topics(&self) -> Vec<usize> {
        (0..self.s.topics.len())
            .filter(|&t| {
                let topic = &self.s.topics[t];
                if self.filter.is_empty() {
                    topic.domain == self.dsel
                } else {
                    let notes = self.progress.get(&topic.id).map_or(String::new(), |p| p.notes.to_lowercase());
                    topic.title.to_lowercase().contains(&self.filter)
                        || topic.summary.to_lowercase().contains(&self.filter)
                        || notes.contains(&self.filter)
                }
            })
            .collect()
    }

    fn current_topic(&self) -> Option<usize> {
        self.topics().get(self.tsel).copied()
    }

    fn save_progress(&mut self, ctx: &mut Ctx, u: ProgressUpdate) -> Action {
        let Some(t) = self.current_topic() else { return Action::None };
        let id = self.s.topics[t].id.clone();
        match ctx.tracker.set_progress(&self.s.exam.id, &id, &u, ctx.now()) {
            Ok(p) => {
                self.progress.insert(id, p);
                if let Ok(r) = assess(ctx, &self.s.exam.id) {
                    self.readiness = r;
                }
                Action::None
            }
            Err(e) => Action::Flash(format!("Not saved: {e}")),
        }
    }

    fn status_of(&self, t: usize) -> Status {
        self.progress.get(&self.s.topics[t].id).map_or(Status::Todo, |p| p.status)
    }

    fn start_quiz(&self, ctx: &mut Ctx, mode: Mode) -> Action {
        let domain = (mode == Mode::Drill).then_some(self.dsel);
        let plan = Plan { exam: self.s.exam.id.clone(), mode, n: mode.default_size(), domain };
        match QuizView::start(ctx, &plan) {
            Ok(v) => Action::Push(Box::new(v)),
            Err(e) => Action::Flash(e),
        }
    }

    fn next_status(&mut self, ctx: &mut Ctx) -> Action {
        let Some(t) = self.current_topic() else { return Action::None };
        let next = match self.status_of(t) {
            Status::Todo => Status::Studying,
            Status::Studying => Status::Done,
            Status::Done => Status::Todo,
        };
        self.save_progress(ctx, ProgressUpdate { status: Some(next), ..Default::default() })
    }
}

/// What the exam screen's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Move(Move),
    Topics,
    Domains,
    SwitchPane,
    ClearSearch,
    Search,
    Quiz(Mode),
    Status,
    Confidence(Option<Light>),
    Note,
    Detail(isize),
    Result,
}

impl Screen for ExamView {
    type Msg = Msg;

    fn title(&self) -> String {
        self.s.exam.code.clone()
    }

    fn typing(&self) -> bool {
        !matches!(self.editing, Editing::None)
    }

    fn input(&mut self) -> Option<&mut Input> {
        match &mut self.editing {
            Editing::Note(i) | Editing::Search(i) => Some(i),
            Editing::None => None,
        }
    }

    fn edited(&mut self, event: InputEvent, ctx: &mut Ctx) -> Action {
        let editing = std::mem::replace(&mut self.editing, Editing::None);
        match (editing, event) {
            (Editing::Note(input), InputEvent::Submit) => {
                return self.save_progress(ctx, ProgressUpdate { notes: Some(input.value), ..Default::default() });
            }
            (Editing::Search(_), InputEvent::Submit) => (self.pane, self.tsel) = (Pane::Topics, 0),
            (Editing::Search(_), InputEvent::Cancel) => self.filter.clear(),
            (Editing::Search(input), InputEvent::Edited) => {
                self.filter = input.value.to_lowercase();
                self.tsel = 0;
                self.editing = Editing::Search(input);
            }
            (editing @ Editing::Note(_), InputEvent::Edited) => self.editing = editing,
            _ => {}
        }
        Action::None
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        match (&self.editing, self.pane) {
            (Editing::Note(_), _) => {
                return vec![Binding::new(&[ENTER], Msg::Note, "save note"), Binding::new(&[ESC], Msg::Note, "cancel")];
            }
            (Editing::Search(_), _) => {
                return vec![
                    Binding::new(&[ENTER], Msg::Search, "go to results"),
                    Binding::new(&[ESC], Msg::Search, "clear"),
                ];
            }
            (Editing::None, _) => {}
        }
        let mut b = keys::moves(Msg::Move);
        if self.pane == Pane::Domains {
            b[0] = b[0].clone().shown("↑↓", "domain");
            b.push(Binding::new(&[ENTER, RIGHT, Char('l')], Msg::Topics, "topics").shown("Enter", "topics"));
            b.push(Binding::new(&[TAB, BACKTAB], Msg::SwitchPane, "topics pane").help_only());
        } else {
            b[0] = b[0].clone().shown("↑↓", "topic");
            // A page key scrolls the topic's text; topic lists are short.
            b.retain(|x| x.keys != [PAGE_UP] && x.keys != [PAGE_DOWN]);
            b.push(Binding::new(&[PAGE_UP], Msg::Detail(-5), "scroll the topic's text").help_only());
            b.push(Binding::new(&[PAGE_DOWN], Msg::Detail(5), "scroll the topic's text").help_only());
            b.extend([
                Binding::new(&[Char('s')], Msg::Status, "status"),
                Binding::new(&[Char('r')], Msg::Confidence(Some(Light::Red)), "confidence red")
                    .shown("r/a/g", "confidence"),
                Binding::new(&[Char('a')], Msg::Confidence(Some(Light::Amber)), "confidence amber").help_only(),
                Binding::new(&[Char('g')], Msg::Confidence(Some(Light::Green)), "confidence green").help_only(),
                Binding::new(&[Char('c')], Msg::Confidence(None), "clear confidence").shown("c", "clear conf."),
                Binding::new(&[Char('n')], Msg::Note, "note"),
                Binding::new(&[TAB, BACKTAB, LEFT, Char('h')], Msg::Domains, "domains").help_only(),
            ]);
        }
        b.extend([
            Binding::new(&[Char('d')], Msg::Quiz(Mode::Drill), "drill this domain").shown("d", "drill"),
            Binding::new(&[Char('p')], Msg::Quiz(Mode::Practice), "practice"),
            Binding::new(&[Char('/')], Msg::Search, "search topics and notes").shown("/", "search"),
        ]);
        if self.result_day.is_some() {
            b.push(Binding::new(&[Char('R')], Msg::Result, "record an exam result").shown("R", "result"));
        }
        if !self.filter.is_empty() {
            b.push(Binding::new(&[ESC], Msg::ClearSearch, "clear the search").shown("Esc", "clear search"));
        } else if self.pane == Pane::Topics {
            // Shown as the way out (the status line always keeps it); Tab does the same.
            b.push(Binding::new(&[ESC], Msg::Domains, "back to domains").shown("Esc", "domains"));
        }
        b
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        let conf = |l| ProgressUpdate { confidence: Some(l), ..Default::default() };
        match msg {
            Msg::Detail(by) => self.scroll.detail.by(by),
            Msg::Move(m) => match self.pane {
                Pane::Domains => {
                    self.dsel = step(self.dsel, m.delta(), self.s.domains.len());
                    self.tsel = 0;
                }
                Pane::Topics => {
                    self.tsel = step(self.tsel, m.delta(), self.topics().len());
                    self.scroll.detail.to_top();
                }
            },
            Msg::Topics => self.pane = Pane::Topics,
            Msg::Domains => self.pane = Pane::Domains,
            Msg::SwitchPane => {
                self.pane = if self.pane == Pane::Domains { Pane::Topics } else { Pane::Domains };
            }
            Msg::ClearSearch => self.filter.clear(),
            Msg::Search => self.editing = Editing::Search(Input::new(&self.filter)),
            Msg::Quiz(mode) => return self.start_quiz(ctx, mode),
            Msg::Result => {
                let Some(day) = self.result_day else { return Action::None };
                return match super::result::ResultView::new(ctx, &self.s.exam.id, day) {
                    Ok(v) => Action::Push(Box::new(v)),
                    Err(e) => Action::Flash(e),
                };
            }
            Msg::Status => return self.next_status(ctx),
            Msg::Confidence(l) => return self.save_progress(ctx, conf(l)),
            Msg::Note => {
                if let Some(t) = self.current_topic() {
                    let notes = self.progress.get(&self.s.topics[t].id).map_or("", |p| p.notes.as_str());
                    self.editing = Editing::Note(Input::new(notes));
                }
            }
        }
        Action::None
    }

    fn mouse(&mut self, m: MouseEvent, area: Rect, _ctx: &mut Ctx) -> Action {
        let [left, right] = panes(area);
        let [_, detail] = topic_panes(right);
        let in_left = m.column < left.x + left.width;
        let in_detail = !in_left && m.row >= detail.y;
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let d = if m.kind == MouseEventKind::ScrollDown { 1 } else { -1 };
                if in_detail {
                    self.scroll.detail.by(3 * d);
                } else if in_left {
                    self.dsel = step(self.dsel, d, self.s.domains.len());
                } else {
                    self.tsel = step(self.tsel, d, self.topics().len());
                    self.scroll.detail.to_top();
                }
            }
            MouseEventKind::Down(MouseButton::Left) if m.row > area.y && !in_detail => {
                let row = usize::from(m.row - area.y - 1);
                if in_left && (row + self.scroll.domains.offset()) / 2 < self.s.domains.len() {
                    (self.pane, self.dsel, self.tsel) = (Pane::Domains, (row + self.scroll.domains.offset()) / 2, 0);
                } else if !in_left && row + self.scroll.topics.offset() < self.topics().len() {
                    (self.pane, self.tsel) = (Pane::Topics, row + self.scroll.topics.offset());
                    self.scroll.detail.to_top();
                }
            }
            _ => {}
        }
        Action::None
    }

    fn leave(&mut self, ctx: &mut Ctx) {
        ctx.cursors.insert(self.cursor_key(), (self.dsel, self.tsel));
    }

    fn resume(&mut self, ctx: &mut Ctx) {
        self.reload(ctx);
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let [left, right] = panes(area);
        let weights = self.s.normalised_weights();
        let mut dl: Vec<Line> = Vec::new();
        for (i, d) in self.s.domains.iter().enumerate() {
            let r = &self.readiness.domains[i];
            let sel = i == self.dsel && self.filter.is_empty();
            // The chosen domain stays marked while its topics have the focus.
            let (style, mark) = match (sel, self.pane) {
                (true, Pane::Domains) => (theme.selected(), "▶ "),
                (true, Pane::Topics) => (theme.key(), "▶ "),
                _ => (ratatui::style::Style::new(), "  "),
            };
            let w = d.weight.percent();
            let width = usize::from(left.width.saturating_sub(6));
            dl.push(Line::styled(format!("{mark}{}", clip(&format!("{} {} ({w})", d.id, d.name), width)), style));
            dl.push(Line::from(vec![
                Span::raw("   "),
                styled(bar(r.readiness, 10), theme.bar()),
                Span::raw(format!(" {:>3.0}% ", r.readiness * 100.0)),
                light(r.light, theme),
                Span::styled(format!(" w{:.0}%", weights[i] * 100.0), theme.dim()),
            ]));
        }
        let overall = format!(" {} · readiness {:.0}% ", self.s.exam.code, self.readiness.readiness * 100.0);
        // The selection stays in sight in every list, however small the terminal.
        let inner = |r: Rect| usize::from(r.height.saturating_sub(2));
        self.scroll.domains.reveal(2 * self.dsel, 2 * self.dsel + 2, inner(left));
        scrolled(f, left, dl, &self.scroll.domains, Block::default().borders(Borders::ALL).title(overall));

        let [list, detail] = topic_panes(right);
        let mut tl: Vec<Line> = Vec::new();
        let width = usize::from(list.width.saturating_sub(22));
        for (row, &t) in self.topics().iter().enumerate() {
            let topic = &self.s.topics[t];
            let p = self.progress.get(&topic.id);
            let status = match p.map_or(Status::Todo, |p| p.status) {
                Status::Todo => "[ ]",
                Status::Studying => "[~]",
                Status::Done => "[✓]",
            };
            let style = if row == self.tsel && self.pane == Pane::Topics {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            let mut spans = vec![Span::styled(
                format!("{status} {:<5} {}", topic.number.as_deref().unwrap_or(""), clip(&topic.title, width)),
                style,
            )];
            if let Some(c) = p.and_then(|p| p.confidence) {
                spans.push(Span::raw(" "));
                spans.push(light(c, theme));
            }
            tl.push(Line::from(spans));
        }
        let title = if self.filter.is_empty() {
            " Topics ".to_owned()
        } else {
            format!(" Topics matching “{}” ", clip(&self.filter, 30))
        };
        self.scroll.topics.reveal(self.tsel, self.tsel + 1, inner(list));
        scrolled(f, list, tl, &self.scroll.topics, Block::default().borders(Borders::ALL).title(title));

        let mut dt: Vec<Line> = Vec::new();
        match &self.editing {
            Editing::Note(i) => dt.push(i.line("note", theme)),
            Editing::Search(i) => dt.push(i.line("search", theme)),
            Editing::None => {}
        }
        if let Some(t) = self.current_topic() {
            let topic = &self.s.topics[t];
            dt.push(Line::styled(clip(&topic.title, 80), theme.title()));
            dt.extend(prose(&topic.summary));
            if let Some(p) = self.progress.get(&topic.id).filter(|p| !p.notes.is_empty()) {
                dt.push(Line::raw(""));
                dt.push(Line::styled("Notes:", theme.dim()));
                dt.extend(prose(&p.notes).into_iter().map(|l| l.style(theme.dim())));
            }
        }
        let inside = Block::default().borders(Borders::ALL).inner(detail);
        let dt = wrap(dt, inside.width);
        let title = if dt.len() > usize::from(inside.height) { " PgUp/PgDn scroll " } else { "" };
        scrolled(f, detail, dt, &self.scroll.detail, Block::default().borders(Borders::ALL).title(title));
    }
}

/// The topic list over the selected topic's text.
fn topic_panes(right: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right)
}

fn panes(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(area)
}
