//! Every known syllabus, shipped and imported: follow or unfollow (space), set the exam date (d),
//! import a TOML file by path (i) with its validation problems shown in place.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::keys::{self, Binding, Char, ENTER, ESC, Move, PAGE_DOWN, PAGE_UP, SPACE};
use crate::app::widgets::{Input, InputEvent, Scroll, clip, scrolled, step, styled, wrap};
use crate::app::{Action, Ctx, Screen};
use crate::syllabus::{Entry, Origin};

/// The key of this screen's cursor in `Ctx::cursors`.
const CURSOR: &str = "exams";

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
    /// The list follows the selection; the problems scroll on their own (PgUp/PgDn).
    list: Scroll,
    problems_scroll: Scroll,
}

impl SyllabiView {
    pub fn new(ctx: &mut Ctx) -> SyllabiView {
        let mut v = SyllabiView {
            sel: 0,
            followed: Vec::new(),
            editing: Editing::None,
            problems: None,
            list: Scroll::default(),
            problems_scroll: Scroll::default(),
        };
        v.reload(ctx);
        let last = ctx.tracker.catalog.entries().len().saturating_sub(1);
        v.sel = ctx.cursors.get(CURSOR).map_or(0, |c| c.0.min(last));
        v
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.followed = ctx.tracker.followed_dates().unwrap_or_default();
    }

    fn selected_id(&self, ctx: &Ctx) -> Option<String> {
        ctx.tracker.catalog.entries().get(self.sel).map(|e| e.syllabus.exam.id.clone())
    }

    /// Save the typed exam date: a date, or `none` to clear it; the tracker refuses dates in the
    /// past or after the exam retires, and the field stays open to fix it.
    fn save_date(&mut self, ctx: &mut Ctx, input: Input) -> Action {
        let Some(id) = self.selected_id(ctx) else { return Action::None };
        let date = match input.value.trim() {
            "none" => None,
            "" => {
                self.editing = Editing::Date(input);
                return Action::Flash("Type a date (YYYY-MM-DD), or none to clear it.".into());
            }
            v => match crate::clock::parse_date(v) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.editing = Editing::Date(input);
                    return Action::Flash(e);
                }
            },
        };
        let r = ctx.tracker.set_exam_date(&id, date, ctx.now());
        self.reload(ctx);
        match r {
            Ok(()) => Action::None,
            Err(e) => {
                self.editing = Editing::Date(input);
                Action::Flash(format!("Not saved: {e:#}"))
            }
        }
    }

    fn import(&mut self, ctx: &mut Ctx, path: &str) -> Action {
        let now = ctx.now();
        let path = crate::paths::expand_home(path.trim());
        match ctx.tracker.import_file(&path, false, now) {
            Ok(msg) => {
                self.problems = None;
                Action::Flash(msg)
            }
            Err(e) => {
                let n = e.lines().filter(|l| l.contains(": error: ")).count().max(1);
                self.problems = Some(e);
                self.problems_scroll.to_top();
                Action::Flash(format!("Not imported: {n} problem(s), listed under the exams (PgUp/PgDn scroll)."))
            }
        }
    }
}

/// What the exams screen's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Move(Move),
    Follow,
    Date,
    Import,
    /// Enter and Esc while typing (for the status line and help only: the field takes them).
    Field,
    /// Scroll the import's problems.
    Problems(isize),
}

impl Screen for SyllabiView {
    type Msg = Msg;

    fn title(&self) -> String {
        "Exams".into()
    }

    fn typing(&self) -> bool {
        !matches!(self.editing, Editing::None)
    }

    fn input(&mut self) -> Option<&mut Input> {
        match &mut self.editing {
            Editing::Date(i) | Editing::Import(i) => Some(i),
            Editing::None => None,
        }
    }

    fn edited(&mut self, event: InputEvent, ctx: &mut Ctx) -> Action {
        let editing = std::mem::replace(&mut self.editing, Editing::None);
        match (editing, event) {
            (Editing::Date(input), InputEvent::Submit) => self.save_date(ctx, input),
            (Editing::Import(input), InputEvent::Submit) => self.import(ctx, &input.value),
            (_, InputEvent::Cancel) => Action::None,
            (editing, _) => {
                self.editing = editing;
                Action::None
            }
        }
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        let field = |what, short| {
            vec![
                Binding::new(&[ENTER], Msg::Field, what).shown("Enter", short),
                Binding::new(&[ESC], Msg::Field, "cancel"),
            ]
        };
        match self.editing {
            Editing::Date(_) => field("save the date (YYYY-MM-DD, or none to clear)", "save"),
            Editing::Import(_) => field("import the TOML file (~ is your home)", "import"),
            Editing::None => {
                let mut b = keys::moves(Msg::Move);
                b.extend([
                    Binding::new(&[SPACE, ENTER], Msg::Follow, "follow/unfollow").shown("Space", "follow/unfollow"),
                    Binding::new(&[Char('d')], Msg::Date, "exam date"),
                    Binding::new(&[Char('i')], Msg::Import, "import file"),
                ]);
                if self.problems_scroll.overflows() {
                    b.retain(|x| x.keys != [PAGE_UP] && x.keys != [PAGE_DOWN]);
                    // First in the status line: the problems are what the learner reads now.
                    b.splice(
                        0..0,
                        [
                            Binding::new(&[PAGE_UP], Msg::Problems(-5), "scroll the problems")
                                .shown("PgUp/PgDn", "problems"),
                            Binding::new(&[PAGE_DOWN], Msg::Problems(5), "scroll the problems").help_only(),
                        ],
                    );
                }
                b
            }
        }
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        let now = ctx.now();
        match msg {
            Msg::Move(m) => self.sel = step(self.sel, m.delta(), ctx.tracker.catalog.entries().len()),
            Msg::Follow => {
                let Some(id) = self.selected_id(ctx) else { return Action::None };
                let on = !self.followed.iter().any(|(f, _)| *f == id);
                let r = ctx.tracker.follow(&id, on, now);
                self.reload(ctx);
                if let Err(e) = r {
                    return Action::Flash(format!("Not saved: {e:#}"));
                }
            }
            Msg::Date => {
                let current =
                    self.selected_id(ctx).and_then(|id| self.followed.iter().find(|f| f.0 == id).and_then(|f| f.1));
                self.editing = Editing::Date(Input::new(&current.map(|d| d.to_string()).unwrap_or_default()));
            }
            Msg::Import => self.editing = Editing::Import(Input::new("")),
            Msg::Field => {}
            Msg::Problems(by) => self.problems_scroll.by(by),
        }
        Action::None
    }

    fn leave(&mut self, ctx: &mut Ctx) {
        ctx.cursors.insert(CURSOR.into(), (self.sel, 0));
    }

    fn resume(&mut self, ctx: &mut Ctx) {
        self.reload(ctx);
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        // The import's problems take what they need, up to half the screen (and scroll beyond).
        let problems = self.problems.as_deref().map(|p| {
            let lines = p.lines().map(|l| Line::styled(crate::text::one_line(l), theme.bad())).collect();
            wrap(lines, area.width.saturating_sub(1))
        });
        let problem_rows = problems.as_ref().map_or(0, |p| p.len().min(usize::from(area.height / 2)) as u16);
        let field = if Screen::typing(self) { 1 } else { 0 };
        let [list, typed, below] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(field), Constraint::Length(problem_rows)])
                .areas(area);
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
                let today = crate::clock::today(ctx.now());
                let status = crate::tracker::Lifecycle::of(&s.exam, today)
                    .label(|id| ctx.tracker.code_of(id))
                    .map_or(String::new(), |l| format!("  {l}"));
                let style = if i == self.sel { theme.selected() } else { ratatui::style::Style::new() };
                Line::from(vec![
                    Span::styled(format!("{mark} {:<8} {}", s.exam.code, clip(&s.exam.name, width)), style),
                    Span::styled(format!("  {}q {}c{origin}", s.questions.len(), s.flashcards.len()), theme.dim()),
                    Span::styled(status, theme.warn()),
                    styled(date, theme.key()),
                ])
            })
            .collect();
        let block = Block::default().borders(Borders::ALL).title(" Exams: Space follows ");
        self.list.reveal(self.sel, self.sel + 1, usize::from(block.inner(list).height));
        scrolled(f, list, lines, &self.list, block);
        let field = match &self.editing {
            Editing::Date(i) => Some(i.line("exam date", theme)),
            Editing::Import(i) => Some(i.line("import TOML file", theme)),
            Editing::None => None,
        };
        if let Some(line) = field {
            f.render_widget(Paragraph::new(line), typed);
        }
        if let Some(p) = problems {
            scrolled(f, below, p, &self.problems_scroll, Block::default());
        }
    }
}
