//! Quiz sessions on screen: practice, quick, drill and missed give feedback after each answer;
//! an exam simulation has a timer, flags, a question map and a result at the end. Every answer is
//! committed to the store before its feedback is drawn.

use std::sync::Arc;
use std::time::Instant;

mod draw;

use crossterm::event::{MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::keys::{Binding, Char, DOWN, ENTER, ESC, LEFT, PAGE_DOWN, PAGE_UP, RIGHT, SPACE, TAB, UP};
use crate::app::widgets::Scroll;
use crate::app::{Action, Ctx, Screen};
use crate::quiz::{self, Answer, Mode, QuizResult, Session, letter};
use crate::study::Attempt;
use crate::syllabus::{Format, Question, Syllabus};
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
    /// The question the map's cursor is on.
    map_cursor: usize,
    /// Exam mode: which kept answers are already saved (a retried submit saves the rest).
    saved: Vec<bool>,
    /// The five-minute warning was shown.
    warned: bool,
    /// The question (or feedback, or result) pane's scroll, back to the top on every change.
    scroll: Scroll,
    /// The case study is shown in place of the question (the choices stay).
    show_case: bool,
    /// Esc was pressed in a practice-style session: waiting for `y` to end it.
    confirm_stop: bool,
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
            Mode::Quick => quiz::draw_quick(&history, &sched, now, plan.n, rng),
            Mode::Practice => quiz::draw_practice(&history, &sched, now, plan.n, rng),
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
        let mut v = QuizView::with_session(ctx, s, session);
        v.settings = serde_json::json!({"n": v.session.len(), "domain": plan.domain}).to_string();
        Ok(v)
    }

    /// A view over a session already drawn (the questions and their order chosen).
    pub fn with_session(_ctx: &mut Ctx, syllabus: Arc<Syllabus>, session: Session) -> QuizView {
        let n = session.len();
        let settings = serde_json::json!({ "n": n }).to_string();
        QuizView {
            syllabus,
            session,
            session_id: None,
            settings,
            state: State::Asking,
            picked: Vec::new(),
            shown: Instant::now(),
            show_map: false,
            map_cursor: 0,
            saved: vec![false; n],
            warned: false,
            scroll: Scroll::default(),
            show_case: false,
            confirm_stop: false,
            error: None,
        }
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
                self.error = Some(if crate::tracker::retry_may_help(&e) {
                    format!("Your answer was not saved ({e:#}). Press it again to retry.")
                } else {
                    format!("Your answer was not saved: {e:#}")
                });
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

    /// After feedback: the next question, or the result after the last.
    fn next(&mut self, ctx: &mut Ctx) {
        self.picked.clear();
        self.shown = Instant::now();
        if self.session.current + 1 < self.session.len() {
            self.session.goto(self.session.current + 1);
            self.show_case = false;
            self.restore_picks();
            self.state = State::Asking;
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

    /// Exam mode keeps the picks as the current answer without feedback. Returns (picked,
    /// needed) when a multiple-response answer was kept with too few or too many picks.
    fn keep_exam_answer(&mut self) -> Option<(usize, usize)> {
        if self.picked.is_empty() || !self.exam_mode() {
            return None;
        }
        let secs = self.shown.elapsed().as_secs_f64();
        self.session.answer(&self.syllabus, &self.picked, secs);
        // Only a choose-N question says how many it needs (a yes/no series' count would tell).
        let q = self.question(self.session.current);
        let need = q.answer.len();
        (q.is_multi() && self.picked.len() != need).then_some((self.picked.len(), need))
    }

    /// Save every kept exam answer not saved yet (exam answers are confirmed only at the end).
    fn save_exam_answers(&mut self, ctx: &mut Ctx, now: i64) -> anyhow::Result<()> {
        for k in 0..self.session.len() {
            if self.saved[k] {
                continue;
            }
            let Some(a) = self.session.answers[k].clone() else { continue };
            let attempt = self.attempt(k, &a, now);
            self.save(ctx, k, &attempt)?;
            self.saved[k] = true;
        }
        Ok(())
    }

    fn finish(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        if self.exam_mode()
            && let Err(e) = self.save_exam_answers(ctx, now)
        {
            self.error = Some(format!("Saving your answers failed ({e:#}); press y to try again."));
            self.state = State::ConfirmSubmit;
            return;
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

    /// Pick the choice shown at position `p`.
    fn pick(&mut self, p: usize, ctx: &mut Ctx) {
        let q = self.question(self.session.current);
        if q.is_multi() || q.format != Format::Choice {
            // Choose-N and yes/no toggle; an ordering adds the step next (or takes it back).
            toggle(&mut self.picked, p);
        } else {
            self.picked = vec![p];
            if !self.exam_mode() {
                self.answer_now(ctx);
            }
        }
    }

    /// Submit a multiple-response answer (only with as many picks as it asks for), a yes/no
    /// series (the statements marked yes), or an ordering (once every step is placed).
    fn submit(&mut self, ctx: &mut Ctx) -> Action {
        let q = self.question(self.session.current);
        let need = q.answer.len();
        match q.format {
            Format::Choice if self.picked.len() != need => {
                return Action::Flash(format!("Choose {need} ({} picked).", self.picked.len()));
            }
            Format::Ordering if self.picked.len() != need => {
                return Action::Flash(format!("Place every step: {} of {need} so far.", self.picked.len()));
            }
            _ => {}
        }
        self.answer_now(ctx);
        Action::None
    }

    /// Exam mode: keep the picks and go to question `k`.
    fn go_to(&mut self, k: usize) -> Action {
        let partial = self.keep_exam_answer();
        self.session.goto(k);
        self.show_case = false;
        self.restore_picks();
        self.shown = Instant::now();
        self.state = State::Asking;
        match partial {
            Some((picked, need)) => Action::Flash(format!("Kept {picked} of the {need} choices that question needs.")),
            None => Action::None,
        }
    }

    /// Is question `k` answered, counting the picks on the current question of an exam
    /// simulation (kept when the learner moves on, submits or leaves)?
    fn is_answered(&self, k: usize) -> bool {
        self.session.answers[k].is_some() || (self.exam_mode() && k == self.session.current && !self.picked.is_empty())
    }

    /// Answers given so far, the current picks included.
    fn answered_now(&self) -> usize {
        (0..self.session.len()).filter(|&k| self.is_answered(k)).count()
    }

    /// The next question after the current one that is open (or flagged), wrapping.
    fn next_where(&self, open: bool) -> Option<usize> {
        let n = self.session.len();
        (1..n)
            .map(|d| (self.session.current + d) % n)
            .find(|&k| if open { self.session.answers[k].is_none() } else { self.session.flagged[k] })
    }

    fn asking_bindings(&self) -> Vec<Binding<Msg>> {
        let n = self.session.asked[self.session.current].order.len();
        let q = self.question(self.session.current);
        // Keys that pick, and Enter to submit, for every format but a single choice.
        let multi = q.is_multi() || q.format != Format::Choice;
        let what = match (q.format, q.is_multi(), self.exam_mode()) {
            (Format::YesNo, ..) => "yes/no",
            (Format::Ordering, ..) => "next step",
            (_, true, _) => "toggle",
            (_, false, true) => "pick",
            (_, false, false) => "answer",
        };
        let mut b: Vec<Binding<Msg>> = (0..n)
            .map(|p| {
                let keys = [Char(letter(p).to_ascii_lowercase()), Char(letter(p)), Char((b'1' + p as u8) as char)];
                Binding::new(&keys, Msg::Pick(p), "pick that choice").help_only()
            })
            .collect();
        b[0].footer = Some((CHOICE_LABELS[n.min(6) - 1], what));
        if q.case.is_some() {
            let what = if self.show_case { "the question" } else { "case study" };
            b.push(Binding::new(&[TAB], Msg::Case, "show the case study (or the question again)").shown("Tab", what));
        }
        if !self.exam_mode() {
            if multi {
                b.push(Binding::new(&[ENTER], Msg::Submit, "submit"));
            }
            b.push(Binding::new(&[ESC], Msg::Stop, "stop and see the result").shown("Esc", "stop"));
            return b;
        }
        if self.show_map {
            return self.map_bindings();
        }
        b.extend([
            // Submit before flag and map: a narrow status line keeps the way to finish.
            Binding::new(&[RIGHT, ENTER, Char('n')], Msg::Next, "next question").shown("←/→", "prev/next"),
            Binding::new(&[LEFT, Char('p')], Msg::Prev, "previous question").help_only(),
            Binding::new(&[Char('s')], Msg::AskSubmit, "submit the exam").shown("s", "submit"),
            Binding::new(&[Char('x')], Msg::Flag, "flag for review").shown("x", "flag"),
            Binding::new(&[Char('m')], Msg::Map, "question map").shown("m", "map"),
            Binding::new(&[Char('u')], Msg::NextOpen, "next unanswered").help_only(),
            Binding::new(&[Char('f')], Msg::NextFlagged, "next flagged").help_only(),
        ]);
        b
    }

    fn map_bindings(&self) -> Vec<Binding<Msg>> {
        vec![
            Binding::new(&[UP, Char('k')], Msg::MapMove(-MAP_COLUMNS), "a row up").shown("↑↓←→", "move"),
            Binding::new(&[DOWN, Char('j')], Msg::MapMove(MAP_COLUMNS), "a row down").help_only(),
            Binding::new(&[LEFT, Char('h')], Msg::MapMove(-1), "previous").help_only(),
            Binding::new(&[RIGHT, Char('l')], Msg::MapMove(1), "next").help_only(),
            Binding::new(&[ENTER], Msg::MapGo, "go to that question"),
            Binding::new(&[Char('u')], Msg::NextOpen, "next unanswered"),
            Binding::new(&[Char('f')], Msg::NextFlagged, "next flagged"),
            Binding::new(&[Char('m'), ESC], Msg::Map, "close the map").shown("m", "close"),
        ]
    }
}

/// The status line's label for the choice keys, by number of choices.
const CHOICE_LABELS: [&str; 6] = ["a", "a–b", "a–c", "a–d", "a–e", "a–f"];
/// Questions per row of the exam's question map.
const MAP_COLUMNS: isize = 10;

/// What the quiz screen's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Pick(usize),
    Submit,
    Stop,
    /// `y` to "end this session?": the result.
    ConfirmStop,
    /// `n` (or Esc) to it: back where the learner was.
    StayOn,
    Next,
    Prev,
    Flag,
    Map,
    MapMove(isize),
    MapGo,
    NextOpen,
    NextFlagged,
    AskSubmit,
    ConfirmSubmit,
    KeepGoing,
    Continue,
    ReviewAnswers,
    Done,
    BackToResult,
    Scroll(isize),
    Case,
}

fn toggle(v: &mut Vec<usize>, p: usize) {
    match v.iter().position(|&x| x == p) {
        Some(i) => {
            v.remove(i);
        }
        None => v.push(p),
    }
}

impl QuizView {
    /// The keys of the current state (scrolling is added by `bindings`).
    fn state_bindings(&self) -> Vec<Binding<Msg>> {
        let last = self.session.current + 1 == self.session.len();
        match &self.state {
            State::Asking => self.asking_bindings(),
            State::Feedback(_) => vec![
                Binding::new(&[ENTER, SPACE], Msg::Continue, if last { "see the result" } else { "next question" })
                    .shown("Enter", if last { "result" } else { "next" }),
                Binding::new(&[ESC], Msg::Stop, "stop and see the result").shown("Esc", "stop"),
            ],
            State::ConfirmSubmit => vec![
                Binding::new(&[Char('y'), Char('Y')], Msg::ConfirmSubmit, "submit"),
                Binding::new(&[Char('n'), Char('N'), ESC], Msg::KeepGoing, "keep going"),
            ],
            State::Result(_) => vec![
                Binding::new(&[Char('r')], Msg::ReviewAnswers, "review answers"),
                Binding::new(&[ENTER, ESC], Msg::Done, "done").shown("Enter", "done"),
            ],
            State::Reviewing(_) => vec![
                Binding::new(&[RIGHT, Char('n'), ENTER], Msg::Next, "next answer").shown("←/→", "prev/next"),
                Binding::new(&[LEFT, Char('p')], Msg::Prev, "previous answer").help_only(),
                Binding::new(&[ESC], Msg::BackToResult, "back to the result").shown("Esc", "result"),
            ],
        }
    }

    fn apply(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        let cur = self.session.current;
        match (msg, &self.state) {
            (Msg::Pick(p), _) => self.pick(p, ctx),
            (Msg::Submit, _) => return self.submit(ctx),
            // Nothing answered yet: nothing to show a result for, so stopping leaves.
            (Msg::Stop, _) if self.session.answered() == 0 => return Action::Pop,
            // A stray Esc must not end a session: ask (answers are saved either way).
            (Msg::Stop, _) => self.confirm_stop = true,
            (Msg::ConfirmStop, _) => {
                self.confirm_stop = false;
                self.finish(ctx);
            }
            (Msg::StayOn, _) => self.confirm_stop = false,
            (Msg::Next, State::Reviewing(i)) => self.state = State::Reviewing((i + 1).min(self.session.len() - 1)),
            (Msg::Prev, State::Reviewing(i)) => self.state = State::Reviewing(i.saturating_sub(1)),
            (Msg::Next, _) if cur + 1 < self.session.len() => return self.go_to(cur + 1),
            (Msg::Next, _) => {
                self.keep_exam_answer();
                self.state = State::ConfirmSubmit;
            }
            (Msg::Prev, _) => return self.go_to(cur.saturating_sub(1)),
            (Msg::Flag, _) => self.session.toggle_flag(),
            (Msg::Map, _) => {
                self.show_map = !self.show_map;
                self.map_cursor = cur;
            }
            (Msg::MapMove(by), _) => {
                let last = self.session.len() as isize - 1;
                self.map_cursor = (self.map_cursor as isize + by).clamp(0, last) as usize;
            }
            (Msg::MapGo, _) => {
                self.show_map = false;
                return self.go_to(self.map_cursor);
            }
            (Msg::NextOpen | Msg::NextFlagged, _) => {
                return match self.next_where(msg == Msg::NextOpen) {
                    Some(k) => {
                        self.show_map = false;
                        self.go_to(k)
                    }
                    None if msg == Msg::NextOpen => Action::Flash("Every question is answered.".into()),
                    None => Action::Flash("No other question is flagged.".into()),
                };
            }
            (Msg::AskSubmit, _) => {
                self.keep_exam_answer();
                self.state = State::ConfirmSubmit;
            }
            (Msg::ConfirmSubmit, _) => self.finish(ctx),
            (Msg::KeepGoing, _) => self.state = State::Asking,
            (Msg::Continue, _) => self.next(ctx),
            (Msg::ReviewAnswers, _) => self.state = State::Reviewing(0),
            (Msg::Done, _) => return Action::Pop,
            (Msg::BackToResult, _) => self.state = State::Result(self.session.result(&self.syllabus)),
            (Msg::Scroll(_), _) => {}
            (Msg::Case, _) => self.show_case = !self.show_case,
        }
        Action::None
    }
}

impl Screen for QuizView {
    type Msg = Msg;

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

    fn bindings(&self) -> Vec<Binding<Msg>> {
        if self.confirm_stop {
            return vec![
                Binding::new(&[Char('y'), Char('Y')], Msg::ConfirmStop, "end the session and see the result"),
                Binding::new(&[Char('n'), Char('N'), ESC], Msg::StayOn, "keep going"),
            ];
        }
        let mut b = self.state_bindings();
        if self.scroll.overflows() && !self.show_map {
            b.extend([
                Binding::new(&[UP, PAGE_UP], Msg::Scroll(-3), "scroll up").shown("↑↓", "scroll"),
                Binding::new(&[DOWN, PAGE_DOWN], Msg::Scroll(3), "scroll down").help_only(),
            ]);
        }
        b
    }

    fn mouse(&mut self, m: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> Action {
        match m.kind {
            MouseEventKind::ScrollDown => self.scroll.by(3),
            MouseEventKind::ScrollUp => self.scroll.by(-3),
            _ => {}
        }
        Action::None
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        if let Msg::Scroll(by) = msg {
            self.scroll.by(by);
            return Action::None;
        }
        // Anything else changes what the pane shows: start it from the top.
        self.scroll.to_top();
        self.apply(msg, ctx)
    }

    fn leaving(&self) -> Option<String> {
        if matches!(self.state, State::Result(_) | State::Reviewing(_)) {
            return None;
        }
        let answered = self.answered_now();
        match self.session.mode {
            Mode::Exam => Some(format!(
                "Leave the exam simulation? Your {answered} answer(s) are saved and the sitting is recorded as abandoned."
            )),
            Mode::Practice | Mode::Drill | Mode::Missed if answered > 0 => {
                Some(format!("End this session? Your {answered} answer(s) are saved."))
            }
            _ => None,
        }
    }

    /// Leaving before the end keeps every answer: an exam simulation's are saved now and the
    /// sitting is closed as abandoned; other sessions already saved theirs and are closed.
    fn leave(&mut self, ctx: &mut Ctx) {
        if matches!(self.state, State::Result(_) | State::Reviewing(_)) {
            return;
        }
        let now = ctx.now();
        if self.exam_mode() {
            self.keep_exam_answer();
            if self.save_exam_answers(ctx, now).is_err() {
                return;
            }
        }
        let result = self.session.result(&self.syllabus);
        if let Some(id) = self.session_id.take() {
            let json = serde_json::json!({ "result": result, "abandoned": true }).to_string();
            let _ = ctx.tracker.finish_quiz(id, &json, now);
        }
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        if !self.exam_mode() || !matches!(self.state, State::Asking | State::ConfirmSubmit) {
            return false;
        }
        match self.session.time_left(ctx.now()) {
            Some(0) => {
                self.keep_exam_answer();
                self.finish(ctx);
            }
            Some(left) if left <= 300 && !self.warned => {
                self.warned = true;
                self.error = Some("Five minutes left.".into());
            }
            _ => {}
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
        self.draw_screen(f, area, ctx);
    }
}
