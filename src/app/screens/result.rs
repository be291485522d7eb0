//! Recording a real sitting from the app: the day, the score, pass or fail and each domain's
//! verdict as the score report prints them; saved through the tracker (the same checks as
//! `certtrack exam result`), then shown beside the prediction made before it.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::keys::{self, Binding, Char, ENTER, ESC, Move, SPACE};
use crate::app::widgets::{Input, InputEvent, Scroll, scrolled, step, styled, wrap};
use crate::app::{Action, Ctx, Screen};
use crate::tracker::{Recorded, ResultEntry};

/// Verdicts a domain can be given here (AWS's wording; Microsoft's bars read the same way).
const VERDICTS: [&str; 3] = ["", "meets competencies", "needs improvement"];
const OUTCOMES: [&str; 3] = ["from the score", "passed", "failed"];

pub struct ResultView {
    exam_id: String,
    code: String,
    /// (domain id, name).
    domains: Vec<(String, String)>,
    date: String,
    score: String,
    outcome: usize,
    /// An index into `VERDICTS` per domain.
    verdicts: Vec<usize>,
    /// The field selected: 0 date, 1 score, 2 outcome, 3.. domains.
    sel: usize,
    editing: Option<Input>,
    error: Option<String>,
    saved: Option<Vec<String>>,
    scroll: Scroll,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Move(Move),
    /// Edit a text field, or step a choice.
    Change,
    Save,
    Back,
}

impl ResultView {
    pub fn new(ctx: &Ctx, exam: &str, sat_on: NaiveDate) -> Result<ResultView, String> {
        let s = ctx.tracker.syllabus(exam).map_err(|e| e.to_string())?;
        let domains: Vec<(String, String)> = s.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
        Ok(ResultView {
            exam_id: s.exam.id.clone(),
            code: s.exam.code.clone(),
            verdicts: vec![0; domains.len()],
            domains,
            date: sat_on.to_string(),
            score: String::new(),
            outcome: 0,
            sel: 0,
            editing: None,
            error: None,
            saved: None,
            scroll: Scroll::default(),
        })
    }

    fn entry(&self) -> Result<ResultEntry, String> {
        let sat_on = crate::clock::parse_date(&self.date)?;
        let score = match self.score.trim() {
            "" => None,
            s => Some(s.parse::<u32>().map_err(|_| format!("`{}` is not a score", crate::text::clip(s, 12)))?),
        };
        let passed = [None, Some(true), Some(false)][self.outcome];
        let domains = self
            .domains
            .iter()
            .zip(&self.verdicts)
            .filter(|(_, v)| **v > 0)
            .map(|((id, _), v)| (id.clone(), VERDICTS[*v].to_owned()))
            .collect();
        Ok(ResultEntry { exam: self.exam_id.clone(), sat_on, score, passed, domains })
    }

    fn save(&mut self, ctx: &mut Ctx) -> Action {
        let recorded =
            self.entry().and_then(|e| ctx.tracker.record_result(&e, ctx.now()).map_err(|e| format!("{e:#}")));
        match recorded {
            Ok(r) => {
                self.saved = Some(outcome_lines(ctx, &r));
                self.error = None;
                Action::Flash(format!("{} result recorded.", self.code))
            }
            Err(e) => {
                self.error = Some(e);
                Action::None
            }
        }
    }
}

/// What was recorded, against the prediction, and what it earned.
fn outcome_lines(ctx: &Ctx, r: &Recorded) -> Vec<String> {
    let t = &ctx.tracker;
    let res = &r.result;
    let verdict = match res.passed {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "?",
    };
    let score = res.score.map_or(String::new(), |s| format!(" {s}"));
    let mut o = vec![format!("Recorded: {} sat {}:{score} {verdict}", t.code_of(&res.exam_id), res.sat_on)];
    o.push(match (&res.predicted, res.inside_band()) {
        (None, _) => "No prediction was kept before this sitting.".into(),
        (Some(p), Some(inside)) => {
            let (s, lo, hi) = p.score.unwrap_or_default();
            let where_ = if inside { "inside" } else { "outside" };
            format!("Predicted on {}: {s} ({lo}–{hi}); the score was {where_} the band.", p.day)
        }
        (Some(p), None) => format!("Predicted on {}: readiness {:.0}%.", p.day, p.readiness * 100.0),
    });
    for v in &res.domains {
        let predicted = res.predicted.as_ref().and_then(|p| p.domains.iter().find(|(d, _)| *d == v.domain));
        let pred = predicted.map_or("no prediction".into(), |(_, x)| format!("predicted {:.0}%", x * 100.0));
        o.push(format!("  {}: {} ({pred})", v.domain, v.verdict));
    }
    if let Some(c) = &r.certification {
        let until = c.expires_on.map_or("never expires".into(), |d| format!("valid until {d}"));
        o.push(format!("Certification {} held, {until}.", t.code_of(&c.exam_id)));
    }
    for n in &r.renewed {
        o.push(format!(
            "Also renewed {} until {}.",
            t.code_of(&n.exam_id),
            n.expires_on.map_or("-".into(), |d| d.to_string())
        ));
    }
    o.push(String::new());
    o.push("Esc: back. Every attempt is on the stats screen.".into());
    o
}

impl Screen for ResultView {
    type Msg = Msg;

    fn title(&self) -> String {
        format!("{} · record a result", self.code)
    }

    fn typing(&self) -> bool {
        self.editing.is_some()
    }

    fn input(&mut self) -> Option<&mut Input> {
        self.editing.as_mut()
    }

    fn edited(&mut self, event: InputEvent, _ctx: &mut Ctx) -> Action {
        let Some(input) = self.editing.take() else { return Action::None };
        self.error = None;
        match event {
            InputEvent::Submit if self.sel == 0 => self.date = input.value,
            InputEvent::Submit => self.score = input.value,
            InputEvent::Edited => self.editing = Some(input),
            InputEvent::Cancel => {}
        }
        Action::None
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        if self.editing.is_some() {
            return vec![Binding::new(&[ENTER], Msg::Change, "keep"), Binding::new(&[ESC], Msg::Back, "cancel")];
        }
        let back = Binding::new(&[ESC], Msg::Back, "back");
        if self.saved.is_some() {
            return vec![back];
        }
        let mut b = keys::moves(Msg::Move);
        b.extend([
            Binding::new(&[ENTER, SPACE], Msg::Change, "edit or change the field").shown("Enter", "change"),
            Binding::new(&[Char('s')], Msg::Save, "save the result"),
            back,
        ]);
        b
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        match msg {
            Msg::Move(m) => self.sel = step(self.sel, m.delta(), 3 + self.domains.len()),
            Msg::Change => match self.sel {
                0 => self.editing = Some(Input::new(&self.date)),
                1 => self.editing = Some(Input::new(&self.score)),
                2 => self.outcome = (self.outcome + 1) % OUTCOMES.len(),
                d => {
                    let v = &mut self.verdicts[d - 3];
                    *v = (*v + 1) % VERDICTS.len();
                }
            },
            Msg::Save => return self.save(ctx),
            Msg::Back => return Action::Pop,
        }
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let block = Block::default().borders(Borders::ALL).title(format!(" {}: the score report ", self.code));
        let mut lines: Vec<Line> = Vec::new();
        if let Some(saved) = &self.saved {
            lines.extend(saved.iter().map(|l| Line::raw(crate::text::one_line(l))));
        } else {
            let field = |i: usize, label: String, value: String| {
                let mark = if i == self.sel { styled("▶ ", theme.key()) } else { Span::raw("  ") };
                Line::from(vec![mark, styled(format!("{label:<34}"), theme.dim()), Span::raw(value)])
            };
            let typed = |i: usize, v: &str| match (&self.editing, i == self.sel) {
                (Some(input), true) => format!("{}▏", input.value),
                _ => v.to_owned(),
            };
            lines.push(field(0, "Day sat (YYYY-MM-DD)".into(), typed(0, &self.date)));
            lines.push(field(1, "Scaled score (blank if none)".into(), typed(1, &self.score)));
            lines.push(field(2, "Pass or fail".into(), OUTCOMES[self.outcome].into()));
            lines.push(Line::raw(""));
            lines.push(Line::styled("  Each domain, as the report says (blank: not given)", theme.dim()));
            for (i, ((id, name), v)) in self.domains.iter().zip(&self.verdicts).enumerate() {
                let label = format!("{id} {}", crate::text::clip(name, 28));
                let value = if *v == 0 { "–".to_owned() } else { VERDICTS[*v].to_owned() };
                lines.push(field(i + 3, label, value));
            }
            lines.push(Line::raw(""));
            if let Some(e) = &self.error {
                lines.push(Line::styled(format!("Not saved: {}", crate::text::one_line(e)), theme.bad()));
            }
            lines.push(Line::styled("Enter: edit or change · s: save · Esc: back", theme.dim()));
        }
        let lines = wrap(lines, block.inner(area).width);
        scrolled(f, area, lines, &self.scroll, block);
    }
}
