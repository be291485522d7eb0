//! Every known syllabus, shipped and imported: follow or unfollow (space), set the exam date (d),
//! import a TOML file by path (i) with its validation problems shown in place.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::widgets::{Input, InputEvent, clip, movement, step, styled};
use crate::app::{Action, Ctx, View};
use crate::syllabus::{Entry, Origin};

enum Editing {
    None,
    Date(Input),
    Import(Input),
}

pub struct SyllabiView {
    sel: usize,
    followed: Vec<(String, Option<NaiveDate>)>,
    editing: Editing,
    /// Problems of the last import, as rendered by the validator.
    problems: Option<String>,
}

impl SyllabiView {
    pub fn new(ctx: &mut Ctx) -> SyllabiView {
        let mut v = SyllabiView { sel: 0, followed: Vec::new(), editing: Editing::None, problems: None };
        v.reload(ctx);
        v
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.followed = ctx.tracker.followed_dates().unwrap_or_default();
    }

    fn selected_id(&self, ctx: &Ctx) -> Option<String> {
        ctx.tracker.catalog.entries().get(self.sel).map(|e| e.syllabus.exam.id.clone())
    }

    fn import(&mut self, ctx: &mut Ctx, path: &str) -> Action {
        let now = ctx.now();
        match ctx.tracker.import_file(std::path::Path::new(path.trim()), false, now) {
            Ok(msg) => {
                self.problems = None;
                Action::Flash(msg)
            }
            Err(e) => {
                self.problems = Some(e);
                Action::Flash("Import failed: see the problems below.".into())
            }
        }
    }
}

impl View for SyllabiView {
    fn title(&self) -> String {
        "Exams".into()
    }

    fn typing(&self) -> bool {
        !matches!(self.editing, Editing::None)
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self.editing {
            Editing::Date(_) => vec![("YYYY-MM-DD", "exam date"), ("Enter", "save"), ("Esc", "cancel")],
            Editing::Import(_) => vec![("path", "TOML file"), ("Enter", "import"), ("Esc", "cancel")],
            Editing::None => vec![
                ("↑↓", "select"),
                ("Space", "follow/unfollow"),
                ("d", "exam date"),
                ("i", "import file"),
                ("Esc", "back"),
            ],
        }
    }

    fn key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        let now = ctx.now();
        match std::mem::replace(&mut self.editing, Editing::None) {
            Editing::Date(mut input) => {
                match input.handle(&k) {
                    InputEvent::Submit => {
                        let Some(id) = self.selected_id(ctx) else { return Action::None };
                        let date = match input.value.trim() {
                            "" | "none" => None,
                            v => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                                Ok(d) => Some(d),
                                Err(_) => {
                                    self.editing = Editing::Date(input);
                                    return Action::Flash("Write the date as YYYY-MM-DD, e.g. 2027-03-01.".into());
                                }
                            },
                        };
                        let r = ctx.tracker.set_exam_date(&id, date, now);
                        self.reload(ctx);
                        return r.map_or_else(|e| Action::Flash(format!("Not saved: {e}")), |_| Action::None);
                    }
                    InputEvent::Cancel => {}
                    InputEvent::Edited => self.editing = Editing::Date(input),
                }
                return Action::None;
            }
            Editing::Import(mut input) => {
                match input.handle(&k) {
                    InputEvent::Submit => return self.import(ctx, &input.value),
                    InputEvent::Cancel => {}
                    InputEvent::Edited => self.editing = Editing::Import(input),
                }
                return Action::None;
            }
            Editing::None => {}
        }
        let n = ctx.tracker.catalog.entries().len();
        if let Some(d) = movement(&k) {
            self.sel = step(self.sel, d, n);
            return Action::None;
        }
        match k.code {
            KeyCode::Char(' ') | KeyCode::Enter => {
                let Some(id) = self.selected_id(ctx) else { return Action::None };
                let on = !self.followed.iter().any(|(f, _)| *f == id);
                let r = ctx.tracker.follow(&id, on, now);
                self.reload(ctx);
                if let Err(e) = r {
                    return Action::Flash(format!("Not saved: {e}"));
                }
            }
            KeyCode::Char('d') => {
                let current =
                    self.selected_id(ctx).and_then(|id| self.followed.iter().find(|f| f.0 == id).and_then(|f| f.1));
                self.editing = Editing::Date(Input::new(&current.map(|d| d.to_string()).unwrap_or_default()));
            }
            KeyCode::Char('i') => self.editing = Editing::Import(Input::new("")),
            _ => {}
        }
        Action::None
    }

    fn resume(&mut self, ctx: &mut Ctx) {
        self.reload(ctx);
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let extra = if self.problems.is_some() { 10 } else { 0 } + if self.typing() { 1 } else { 0 };
        let [list, below] = Layout::vertical([Constraint::Min(5), Constraint::Length(extra)]).areas(area);
        let width = usize::from(list.width.saturating_sub(40));
        let lines: Vec<Line> = ctx
            .tracker
            .catalog
            .entries()
            .iter()
            .enumerate()
            .map(|(i, &e): (usize, &&Entry)| {
                let s = &e.syllabus;
                let followed = self.followed.iter().find(|f| f.0 == s.exam.id);
                let mark = if followed.is_some() { "[✓]" } else { "[ ]" };
                let date = followed
                    .and_then(|f| f.1)
                    .map_or(String::new(), |d| format!(" exam {}", ctx.tracker.config.format_date(d)));
                let origin = if matches!(e.origin, Origin::Shipped(_)) { "" } else { " (imported)" };
                let style = if i == self.sel { theme.selected() } else { ratatui::style::Style::new() };
                Line::from(vec![
                    Span::styled(format!("{mark} {:<8} {}", s.exam.code, clip(&s.exam.name, width)), style),
                    Span::styled(format!("  {}q {}c{origin}", s.questions.len(), s.flashcards.len()), theme.dim()),
                    styled(date, theme.key()),
                ])
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Exams: Space follows ")),
            list,
        );
        let mut more: Vec<Line> = Vec::new();
        match &self.editing {
            Editing::Date(i) => more.push(i.line("exam date", theme)),
            Editing::Import(i) => more.push(i.line("import TOML file", theme)),
            Editing::None => {}
        }
        if let Some(p) = &self.problems {
            more.extend(p.lines().map(|l| Line::styled(clip(l, 200), theme.bad())));
        }
        f.render_widget(Paragraph::new(more).wrap(Wrap { trim: false }), below);
    }
}
