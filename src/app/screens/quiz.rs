//! Quiz sessions on screen: practice, quick, drill and missed give feedback after each answer;
//! an exam simulation has a timer, flags, a question map and a result at the end. Every answer is
//! committed to the store before its feedback is drawn.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::widgets::{clip, hanging, prose, styled};
use crate::app::{Action, Ctx, View};
use crate::quiz::{self, Answer, Mode, QuizResult, Session, letter};
use crate::study::Attempt;
use crate::syllabus::{Question, Syllabus};
use crate::tracker::SessionRef;

enum State {
    Asking,
    Feedback(Answer),
    /// Exam simulation: waiting for `y` to submit.
    ConfirmSubmit,
    Result(QuizResult),
    /// Going through the answers after the end, at question k.
    Reviewing(usize),
}

pub struct QuizView {
    syllabus: Arc<Syllabus>,
    session: Session,
    /// Saved with the first answer; `None` until then.
    session_id: Option<i64>,
    settings: String,
    state: State,
    /// Display positions picked on the current question (multi-answer and exam mode).
    picked: Vec<usize>,
    shown: Instant,
    show_map: bool,
    error: Option<String>,
}

/// What to quiz on.
pub struct Plan {
    pub exam: String,
    pub mode: Mode,
    pub n: usize,
    pub domain: Option<usize>,
}

impl QuizView {
    /// Draw the questions for `plan` and open a session in the store.
    pub fn start(ctx: &mut Ctx, plan: &Plan) -> Result<QuizView, String> {
        let s = Arc::clone(ctx.tracker.shared(&plan.exam).map_err(|e| e.to_string())?);
        let now = ctx.now();
        let history = ctx.tracker.question_history(&s).map_err(|e| e.to_string())?;
        let sched = ctx.tracker.scheduler();
        let rng = &mut ctx.rng;
        let picks = match plan.mode {
            Mode::Exam => quiz::draw_exam(&s, quiz::exam_length(&s), rng),
            Mode::Quick | Mode::Practice => quiz::draw_quick(&history, &sched, now, plan.n, rng),
            Mode::Drill => quiz::draw_domain(&s, plan.domain.unwrap_or(0), plan.n, rng),
            Mode::Missed => quiz::draw_missed(&history, plan.n, rng),
        };
        if picks.is_empty() {
            return Err(match plan.mode {
                Mode::Missed => "No missed questions: every question you answered, you last got right.".into(),
                _ => format!("{} has no practice questions yet.", s.exam.code),
            });
        }
        let session = Session::new(plan.mode, &s, picks, now, rng);
        let settings = serde_json::json!({"n": session.len(), "domain": plan.domain}).to_string();
        Ok(QuizView {
            syllabus: s,
            session,
            session_id: None,
            settings,
            state: State::Asking,
            picked: Vec::new(),
            shown: Instant::now(),
            show_map: false,
            error: None,
        })
    }

    fn question(&self, k: usize) -> &Question {
        &self.syllabus.questions[self.session.asked[k].question]
    }

    fn exam_mode(&self) -> bool {
        self.session.mode == Mode::Exam
    }

    fn attempt(&self, k: usize, a: &Answer, now: i64) -> Attempt {
        Attempt {
            session_id: self.session_id,
            exam_id: self.syllabus.exam.id.clone(),
            question_id: self.question(k).id.clone(),
            chosen: a.chosen.iter().map(|&c| letter(c)).collect(),
            correct: a.correct,
            seconds: a.seconds,
            answered_at: now,
        }
    }

    /// Practice answer: record, commit, and only then show the feedback.
    fn answer_now(&mut self, ctx: &mut Ctx) {
        let secs = self.shown.elapsed().as_secs_f64();
        let Some(a) = self.session.answer(&self.syllabus, &self.picked, secs) else { return };
        let k = self.session.current;
        let attempt = self.attempt(k, &a, ctx.now());
        match self.save(ctx, k, &attempt) {
            Ok(()) => {
                self.error = None;
                self.state = State::Feedback(a);
            }
            Err(e) => {
                self.session.answers[k] = None;
                self.error = Some(format!("Your answer was not saved ({e:#}). Press it again to retry."));
            }
        }
    }

    /// Commit one answer (creating the session row with the first).
    fn save(&mut self, ctx: &mut Ctx, k: usize, attempt: &Attempt) -> anyhow::Result<()> {
        let session = match self.session_id {
            Some(id) => SessionRef::Saved(id),
            None => SessionRef::New {
                mode: self.session.mode.as_str(),
                settings: &self.settings,
                started_at: self.session.started_at,
            },
        };
        let id = ctx.tracker.record_answer(&self.syllabus, self.session.asked[k].question, attempt, session)?;
        self.session_id = Some(id);
        Ok(())
    }

    fn next(&mut self, ctx: &mut Ctx) {
        self.picked.clear();
        self.shown = Instant::now();
        if self.session.current + 1 < self.session.len() {
            self.session.goto(self.session.current + 1);
            self.restore_picks();
            self.state = State::Asking;
        } else if self.exam_mode() {
            self.state = State::ConfirmSubmit;
        } else {
            self.finish(ctx);
        }
    }

    fn restore_picks(&mut self) {
        let k = self.session.current;
        self.picked = match &self.session.answers[k] {
            Some(a) => (0..self.session.asked[k].order.len())
                .filter(|p| a.chosen.contains(&self.session.asked[k].order[*p]))
                .collect(),
            None => Vec::new(),
        };
    }

    /// Exam mode keeps the picks as the current answer without feedback.
    fn keep_exam_answer(&mut self) {
        if !self.picked.is_empty() {
            let secs = self.shown.elapsed().as_secs_f64();
            self.session.answer(&self.syllabus, &self.picked, secs);
        }
    }

    fn finish(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        if self.exam_mode() {
            // Exam answers are confirmed only now, all of them, before the result is shown.
            for k in 0..self.session.len() {
                let Some(a) = self.session.answers[k].clone() else { continue };
                let attempt = self.attempt(k, &a, now);
                if let Err(e) = self.save(ctx, k, &attempt) {
                    self.error = Some(format!("Saving your answers failed ({e:#}); press y to try again."));
                    self.state = State::ConfirmSubmit;
                    return;
                }
            }
        }
        let result = self.session.result(&self.syllabus);
        if let Some(id) = self.session_id.take() {
            let json = serde_json::to_string(&result).unwrap_or_default();
            if let Err(e) = ctx.tracker.finish_quiz(id, &json, now) {
                self.error = Some(format!("could not close the session: {e}"));
            }
        }
        self.state = State::Result(result);
    }

    fn choice_key(k: &KeyEvent) -> Option<usize> {
        match k.code {
            KeyCode::Char(c @ 'a'..='f') => Some(c as usize - 'a' as usize),
            KeyCode::Char(c @ 'A'..='F') => Some(c as usize - 'A' as usize),
            KeyCode::Char(c @ '1'..='6') => Some(c as usize - '1' as usize),
            _ => None,
        }
    }

    fn asking_key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        let cur = self.session.current;
        let n_choices = self.session.asked[cur].order.len();
        let multi = self.question(cur).is_multi();
        if let Some(p) = Self::choice_key(&k).filter(|&p| p < n_choices) {
            if multi {
                toggle(&mut self.picked, p);
            } else {
                self.picked = vec![p];
                if !self.exam_mode() {
                    self.answer_now(ctx);
                }
            }
            return Action::None;
        }
        match (k.code, self.exam_mode()) {
            (KeyCode::Enter, false) if multi && !self.picked.is_empty() => self.answer_now(ctx),
            (KeyCode::Enter | KeyCode::Right | KeyCode::Char('n'), true) => {
                self.keep_exam_answer();
                self.next(ctx);
            }
            (KeyCode::Left | KeyCode::Char('p'), true) if cur > 0 => {
                self.keep_exam_answer();
                self.session.goto(cur - 1);
                self.restore_picks();
            }
            (KeyCode::Char('m'), true) => self.show_map = !self.show_map,
            (KeyCode::Char('s'), true) => {
                self.keep_exam_answer();
                self.state = State::ConfirmSubmit;
            }
            (KeyCode::Char('x'), true) => self.session.toggle_flag(),
            _ => return Action::None,
        }
        Action::None
    }
}

fn toggle(v: &mut Vec<usize>, p: usize) {
    match v.iter().position(|&x| x == p) {
        Some(i) => {
            v.remove(i);
        }
        None => v.push(p),
    }
}

impl View for QuizView {
    fn title(&self) -> String {
        let mode = match self.session.mode {
            Mode::Practice => "Practice",
            Mode::Exam => "Exam simulation",
            Mode::Quick => "Quick quiz",
            Mode::Drill => "Drill",
            Mode::Missed => "Missed questions",
        };
        format!("{mode} · {}", self.syllabus.exam.code)
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match (&self.state, self.exam_mode()) {
            (State::Asking, false) if self.question(self.session.current).is_multi() => {
                vec![("a–f", "toggle"), ("Enter", "submit"), ("Esc", "stop")]
            }
            (State::Asking, false) => vec![("a–f/1–6", "answer"), ("Esc", "stop")],
            (State::Asking, true) => {
                vec![
                    ("a–f", "pick"),
                    ("←/→", "prev/next"),
                    ("x", "flag"),
                    ("m", "map"),
                    ("s", "submit"),
                    ("Esc", "leave"),
                ]
            }
            (State::Feedback(_), _) => vec![("Enter", "next"), ("Esc", "stop")],
            (State::ConfirmSubmit, _) => vec![("y", "submit"), ("n", "keep going")],
            (State::Result(_), _) => vec![("r", "review answers"), ("Enter", "done")],
            (State::Reviewing(_), _) => vec![("←/→", "prev/next"), ("Esc", "result")],
        }
    }

    fn key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        match &self.state {
            State::Asking => self.asking_key(k, ctx),
            State::Feedback(_) => match k.code {
                KeyCode::Enter | KeyCode::Char(' ') => {
                    self.next(ctx);
                    Action::None
                }
                KeyCode::Esc => {
                    self.finish(ctx);
                    Action::None
                }
                _ => Action::None,
            },
            State::ConfirmSubmit => match k.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.finish(ctx);
                    Action::None
                }
                KeyCode::Char('n') | KeyCode::Esc => {
                    self.state = State::Asking;
                    Action::None
                }
                _ => Action::None,
            },
            State::Result(r) => match k.code {
                KeyCode::Char('r') => {
                    self.state = State::Reviewing(0);
                    Action::None
                }
                KeyCode::Enter | KeyCode::Esc => {
                    let _ = r;
                    Action::Pop
                }
                _ => Action::None,
            },
            State::Reviewing(i) => {
                let i = *i;
                let last = self.session.len() - 1;
                self.state = match k.code {
                    KeyCode::Right | KeyCode::Char('n') | KeyCode::Enter => State::Reviewing((i + 1).min(last)),
                    KeyCode::Left | KeyCode::Char('p') => State::Reviewing(i.saturating_sub(1)),
                    KeyCode::Esc => State::Result(self.session.result(&self.syllabus)),
                    _ => State::Reviewing(i),
                };
                Action::None
            }
        }
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        if !self.exam_mode() || !matches!(self.state, State::Asking | State::ConfirmSubmit) {
            return false;
        }
        if self.session.time_left(ctx.now()) == Some(0) {
            self.keep_exam_answer();
            self.finish(ctx);
        }
        true
    }

    fn summary(&self) -> Option<String> {
        let r = self.session.result(&self.syllabus);
        let answered = self.session.answered();
        Some(format!(
            "certtrack {} · {}: {}/{} correct{}",
            self.session.mode.as_str(),
            self.syllabus.exam.code,
            r.correct,
            answered,
            if answered < self.session.len() {
                format!(" ({} of {} answered)", answered, self.session.len())
            } else {
                String::new()
            }
        ))
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let width = area.width.saturating_sub(2); // inside the border
        let mut lines: Vec<Line> = Vec::new();
        match &self.state {
            State::Asking | State::ConfirmSubmit => {
                self.question_lines(&mut lines, self.session.current, None, ctx, width)
            }
            State::Feedback(a) => {
                let k = self.session.current;
                let right: Vec<String> = self
                    .session
                    .correct_positions(&self.syllabus, k)
                    .into_iter()
                    .map(|p| letter(p).to_string())
                    .collect();
                self.question_lines(&mut lines, k, Some(a), ctx, width);
                lines.push(Line::raw(""));
                lines.push(if a.correct {
                    Line::from(styled("Correct ✓", theme.good()))
                } else {
                    Line::from(vec![
                        styled("Incorrect ✗", theme.bad()),
                        Span::raw(format!("  the answer is {}", right.join(", "))),
                    ])
                });
                lines.extend(prose(&self.question(k).explanation));
                lines.push(Line::styled("Enter: next question", theme.dim()));
            }
            State::Result(r) => self.result_lines(&mut lines, r, ctx),
            State::Reviewing(k) => {
                let a = self.session.answers[*k].clone();
                self.question_lines(
                    &mut lines,
                    *k,
                    Some(&a.unwrap_or(Answer { chosen: vec![], correct: false, seconds: 0.0 })),
                    ctx,
                    width,
                );
                lines.push(Line::raw(""));
                lines.extend(prose(&self.question(*k).explanation));
            }
        }
        if matches!(self.state, State::ConfirmSubmit) {
            let unanswered = self.session.len() - self.session.answered();
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Submit the exam? {unanswered} unanswered (count as wrong). y: submit · n: keep going"),
                theme.warn(),
            ));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(clip(e, 300), theme.bad()));
        }
        let block = if ctx.inline { Block::default() } else { Block::default().borders(Borders::ALL) };
        f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
        if self.show_map && matches!(self.state, State::Asking) {
            self.draw_map(f, area, ctx);
        }
    }
}

impl QuizView {
    fn question_lines(&self, lines: &mut Vec<Line<'static>>, k: usize, shown: Option<&Answer>, ctx: &Ctx, width: u16) {
        let theme = ctx.theme;
        let q = self.question(k);
        let domain = &self.syllabus.domains[self.syllabus.topic_domain(q.topic)].name;
        let mut head = vec![styled(format!("Question {}/{}", k + 1, self.session.len()), theme.title())];
        head.push(Span::styled(format!("  {}", clip(domain, 40)), theme.dim()));
        if self.session.flagged[k] {
            head.push(styled("  ⚑ flagged", theme.warn()));
        }
        if let Some(left) = self.session.time_left(ctx.now()) {
            head.push(styled(
                format!("  ⏱ {}:{:02} left", left / 60, left % 60),
                if left < 300 { theme.bad() } else { theme.dim() },
            ));
        }
        lines.push(Line::from(head));
        lines.extend(prose(&q.stem));
        if q.is_multi() && !q.stem.contains("(Choose") {
            lines.push(Line::styled(format!("(Choose {}.)", q.answer.len()), theme.dim()));
        }
        let right = self.session.correct_positions(&self.syllabus, k);
        let order = &self.session.asked[k].order;
        for (p, &c) in order.iter().enumerate() {
            let picked = match shown {
                Some(a) => a.chosen.contains(&c),
                None => self.picked.contains(&p),
            };
            let mark = match (shown, right.contains(&p), picked) {
                (Some(_), true, _) => "✓",
                (Some(_), false, true) => "✗",
                (None, _, true) => "●",
                _ => " ",
            };
            let style = if picked && shown.is_none() { theme.selected() } else { ratatui::style::Style::new() };
            lines.extend(hanging(format!(" {mark} {}) ", letter(p)), &q.choices[c], style, width));
        }
    }

    fn result_lines(&self, lines: &mut Vec<Line<'static>>, r: &QuizResult, ctx: &Ctx) {
        let theme = ctx.theme;
        let verdict = match r.passed {
            Some(true) => styled("PASS", theme.good()),
            Some(false) => styled("FAIL", theme.bad()),
            None => styled("no published pass mark", theme.dim()),
        };
        let score = r.scaled.map_or(String::new(), |s| format!("  score {s}"));
        lines.push(Line::from(vec![
            styled(
                format!("Result: {}/{} correct ({:.0}%){score}  ", r.correct, r.total, r.fraction * 100.0),
                theme.title(),
            ),
            verdict,
        ]));
        lines.push(Line::raw(""));
        for (d, (right, asked)) in self.syllabus.domains.iter().zip(&r.per_domain) {
            if *asked == 0 {
                continue;
            }
            let frac = f64::from(*right) / f64::from(*asked);
            lines.push(Line::raw(format!(
                "  {:<44} {:>3}/{:<3} {}",
                clip(&d.name, 44),
                right,
                asked,
                crate::app::widgets::bar(frac, 10)
            )));
        }
    }

    fn draw_map(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let mut spans = Vec::new();
        for k in 0..self.session.len() {
            let mark = match (self.session.answers[k].is_some(), self.session.flagged[k]) {
                (_, true) => "⚑",
                (true, false) => "●",
                (false, false) => "○",
            };
            let style = if k == self.session.current { ctx.theme.selected() } else { ratatui::style::Style::new() };
            spans.push(Span::styled(format!("{:>2}{mark} ", k + 1), style));
        }
        let inner = crate::app::widgets::centered(area, 60, 12);
        f.render_widget(Clear, inner);
        let block = Block::default().borders(Borders::ALL).title(" Question map: ● answered ○ open ⚑ flagged ");
        f.render_widget(Paragraph::new(Line::from(spans)).wrap(Wrap { trim: false }).block(block), inner);
    }
}
