//! One exam: domains with weight, readiness bar and light; the topics of the selected domain with
//! status and confidence, changed with one key; notes; drills; topic search.

use std::collections::HashMap;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::quiz::{Plan, QuizView};
use crate::app::widgets::{Input, InputEvent, bar, clip, light, movement, prose, step, styled};
use crate::app::{Action, Ctx, View};
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
        };
        v.reload(ctx);
        Ok(v)
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        if let Ok(rows) = ctx.tracker.progress(&self.s.exam.id) {
            self.progress = rows.into_iter().map(|p| (p.topic_id.clone(), p)).collect();
        }
        if let Ok(r) = assess(ctx, &self.s.exam.id) {
            self.readiness = r;
        }
    }

    /// Topic indices shown: the selected domain's, or every match of the search.
    fn topics(&self) -> Vec<usize> {
        (0..self.s.topics.len())
            .filter(|&t| {
                let topic = &self.s.topics[t];
                if self.filter.is_empty() {
                    topic.domain == self.dsel
                } else {
                    topic.title.to_lowercase().contains(&self.filter)
                        || topic.summary.to_lowercase().contains(&self.filter)
                }
            })
            .collect()
    }

    fn current_topic(&self) -> Option<usize> {
        self.topics().get(self.tsel).copied()
    }

    fn update(&mut self, ctx: &mut Ctx, u: ProgressUpdate) -> Action {
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

    fn edit_key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        let editing = std::mem::replace(&mut self.editing, Editing::None);
        match editing {
            Editing::Note(mut input) => match input.handle(&k) {
                InputEvent::Submit => {
                    return self.update(ctx, ProgressUpdate { notes: Some(input.value), ..Default::default() });
                }
                InputEvent::Cancel => {}
                InputEvent::Edited => self.editing = Editing::Note(input),
            },
            Editing::Search(mut input) => match input.handle(&k) {
                InputEvent::Submit => {
                    self.pane = Pane::Topics;
                    self.tsel = 0;
                }
                InputEvent::Cancel => self.filter.clear(),
                InputEvent::Edited => {
                    self.filter = input.value.to_lowercase();
                    self.tsel = 0;
                    self.editing = Editing::Search(input);
                }
            },
            Editing::None => {}
        }
        Action::None
    }
}

impl View for ExamView {
    fn title(&self) -> String {
        self.s.exam.code.clone()
    }

    fn typing(&self) -> bool {
        !matches!(self.editing, Editing::None)
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match (&self.editing, self.pane) {
            (Editing::Note(_), _) => vec![("Enter", "save note"), ("Esc", "cancel")],
            (Editing::Search(_), _) => vec![("type", "search topics"), ("Enter", "go to results"), ("Esc", "clear")],
            (Editing::None, Pane::Domains) => {
                vec![("↑↓", "domain"), ("Tab/Enter", "topics"), ("d", "drill"), ("p", "practice"), ("/", "search")]
            }
            (Editing::None, Pane::Topics) => {
                vec![
                    ("↑↓", "topic"),
                    ("s", "status"),
                    ("r/a/g", "confidence"),
                    ("c", "clear conf."),
                    ("n", "note"),
                    ("Tab", "domains"),
                    ("/", "search"),
                ]
            }
        }
    }

    fn key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        if self.typing() {
            return self.edit_key(k, ctx);
        }
        if let Some(d) = movement(&k) {
            match self.pane {
                Pane::Domains => {
                    self.dsel = step(self.dsel, d, self.s.domains.len());
                    self.tsel = 0;
                }
                Pane::Topics => self.tsel = step(self.tsel, d, self.topics().len()),
            }
            return Action::None;
        }
        let conf = |l| ProgressUpdate { confidence: Some(l), ..Default::default() };
        match (k.code, self.pane) {
            (KeyCode::Tab | KeyCode::BackTab, _) => {
                self.pane = if self.pane == Pane::Domains { Pane::Topics } else { Pane::Domains }
            }
            (KeyCode::Enter | KeyCode::Right | KeyCode::Char('l'), Pane::Domains) => self.pane = Pane::Topics,
            (KeyCode::Left | KeyCode::Char('h'), Pane::Topics) => self.pane = Pane::Domains,
            (KeyCode::Esc, _) if !self.filter.is_empty() => self.filter.clear(),
            (KeyCode::Esc, Pane::Topics) => self.pane = Pane::Domains,
            (KeyCode::Char('/'), _) => self.editing = Editing::Search(Input::new(&self.filter)),
            (KeyCode::Char('d'), _) | (KeyCode::Char('p'), _) => {
                let (mode, domain) =
                    if k.code == KeyCode::Char('d') { (Mode::Drill, Some(self.dsel)) } else { (Mode::Practice, None) };
                let plan = Plan { exam: self.s.exam.id.clone(), mode, n: 10, domain };
                return match QuizView::start(ctx, &plan) {
                    Ok(v) => Action::Push(Box::new(v)),
                    Err(e) => Action::Flash(e),
                };
            }
            (KeyCode::Char('s'), Pane::Topics) => {
                if let Some(t) = self.current_topic() {
                    let next = match self.status_of(t) {
                        Status::Todo => Status::Studying,
                        Status::Studying => Status::Done,
                        Status::Done => Status::Todo,
                    };
                    return self.update(ctx, ProgressUpdate { status: Some(next), ..Default::default() });
                }
            }
            (KeyCode::Char('r'), Pane::Topics) => return self.update(ctx, conf(Some(Light::Red))),
            (KeyCode::Char('a'), Pane::Topics) => return self.update(ctx, conf(Some(Light::Amber))),
            (KeyCode::Char('g'), Pane::Topics) if k.modifiers == KeyModifiers::NONE => {
                return self.update(ctx, conf(Some(Light::Green)));
            }
            (KeyCode::Char('c'), Pane::Topics) => return self.update(ctx, conf(None)),
            (KeyCode::Char('n'), Pane::Topics) => {
                if let Some(t) = self.current_topic() {
                    let notes = self.progress.get(&self.s.topics[t].id).map_or("", |p| p.notes.as_str());
                    self.editing = Editing::Note(Input::new(notes));
                }
            }
            _ => {}
        }
        Action::None
    }

    fn mouse(&mut self, m: MouseEvent, area: Rect, _ctx: &mut Ctx) -> Action {
        let [left, _] = panes(area);
        let in_left = m.column < left.x + left.width;
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let d = if m.kind == MouseEventKind::ScrollDown { 1 } else { -1 };
                if in_left {
                    self.dsel = step(self.dsel, d, self.s.domains.len());
                } else {
                    self.tsel = step(self.tsel, d, self.topics().len());
                }
            }
            MouseEventKind::Down(MouseButton::Left) if m.row > area.y => {
                let row = usize::from(m.row - area.y - 1);
                if in_left && row / 2 < self.s.domains.len() {
                    (self.pane, self.dsel, self.tsel) = (Pane::Domains, row / 2, 0);
                } else if !in_left && row < self.topics().len() {
                    (self.pane, self.tsel) = (Pane::Topics, row);
                }
            }
            _ => {}
        }
        Action::None
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
            let style = if sel && self.pane == Pane::Domains { theme.selected() } else { ratatui::style::Style::new() };
            let w = d.weight.percent();
            let width = usize::from(left.width.saturating_sub(4));
            dl.push(Line::styled(clip(&format!("{} {} ({w})", d.id, d.name), width), style));
            dl.push(Line::from(vec![
                Span::raw("   "),
                styled(bar(r.readiness, 10), theme.bar()),
                Span::raw(format!(" {:>3.0}% ", r.readiness * 100.0)),
                light(r.light, theme),
                Span::styled(format!(" w{:.0}%", weights[i] * 100.0), theme.dim()),
            ]));
        }
        let overall = format!(" {} · readiness {:.0}% ", self.s.exam.code, self.readiness.readiness * 100.0);
        f.render_widget(Paragraph::new(dl).block(Block::default().borders(Borders::ALL).title(overall)), left);

        let [list, detail] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
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
        f.render_widget(Paragraph::new(tl).block(Block::default().borders(Borders::ALL).title(title)), list);

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
                dt.push(Line::styled(format!("Notes: {}", clip(&p.notes, 500)), theme.dim()));
            }
        }
        f.render_widget(
            Paragraph::new(dt).wrap(Wrap { trim: true }).block(Block::default().borders(Borders::ALL)),
            detail,
        );
    }
}

fn panes(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(area)
}
