//! How a quiz session draws: the question with its choices, feedback, the result, the answers
//! afterwards, and the exam simulation's question map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{QuizView, State};
use crate::app::Ctx;
use crate::app::widgets::{clip, hanging, pinned_pane, prose, styled};
use crate::quiz::{Answer, QuizResult, letter};
use crate::syllabus::{CaseStudy, Format};

/// A case study as the learner reads it: company, environment, requirements.
fn case_lines(lines: &mut Vec<Line<'static>>, c: &CaseStudy, ctx: &Ctx) {
    let theme = ctx.theme;
    lines.push(Line::styled(format!("Case study: {} (Tab: back to the question)", clip(&c.title, 60)), theme.title()));
    for (heading, text) in [("Overview", &c.overview), ("Current environment", &c.current)] {
        lines.push(Line::raw(""));
        lines.push(Line::styled(heading, theme.key()));
        lines.extend(prose(text));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Requirements", theme.key()));
    // Written one per line ("- …"): their lines are kept.
    lines.extend(c.requirements.lines().map(|l| Line::raw(crate::text::one_line(l))));
}

impl QuizView {
    pub(super) fn draw_screen(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let block = if ctx.inline { Block::default() } else { Block::default().borders(Borders::ALL) };
        let width = block.inner(area).width;
        let mut top: Vec<Line> = Vec::new();
        let mut pinned: Vec<Line> = Vec::new();
        match &self.state {
            State::Asking | State::ConfirmSubmit => {
                let k = self.session.current;
                match self.question(k).case.filter(|_| self.show_case) {
                    Some(c) => case_lines(&mut top, &self.syllabus.case_studies[c], ctx),
                    None => self.question_head(&mut top, k, ctx),
                }
                self.choice_lines(&mut pinned, k, None, ctx, width);
            }
            State::Feedback(a) => {
                let k = self.session.current;
                let right: Vec<String> = self
                    .session
                    .correct_positions(&self.syllabus, k)
                    .into_iter()
                    .map(|p| letter(p).to_string())
                    .collect();
                self.question_head(&mut top, k, ctx);
                self.choice_lines(&mut top, k, Some(a), ctx, width);
                top.push(Line::raw(""));
                top.push(if a.correct {
                    Line::from(styled("Correct ✓", theme.good()))
                } else {
                    Line::from(vec![
                        styled("Incorrect ✗", theme.bad()),
                        Span::raw(format!("  the answer is {}", right.join(", "))),
                    ])
                });
                top.extend(prose(&self.question(k).explanation));
                let next = if k + 1 == self.session.len() { "Enter: see your result" } else { "Enter: next question" };
                top.push(Line::styled(next, theme.dim()));
            }
            State::Result(r) => self.result_lines(&mut top, r, ctx),
            State::Reviewing(k) => {
                let a =
                    self.session.answers[*k].clone().unwrap_or(Answer { chosen: vec![], correct: false, seconds: 0.0 });
                self.question_head(&mut top, *k, ctx);
                self.choice_lines(&mut top, *k, Some(&a), ctx, width);
                top.push(Line::raw(""));
                top.extend(prose(&self.question(*k).explanation));
            }
        }
        if matches!(self.state, State::ConfirmSubmit) {
            let unanswered = self.session.len() - self.session.answered();
            pinned.push(Line::styled(
                format!("Submit the exam? {unanswered} unanswered (count as wrong). y: submit · n: keep going"),
                theme.warn(),
            ));
        }
        if self.confirm_stop {
            pinned.push(Line::styled(
                format!(
                    "End this session and see your result? Your {} answer(s) are saved. y: end · n: keep going",
                    self.session.answered()
                ),
                theme.warn(),
            ));
        }
        if let Some(e) = &self.error {
            pinned.push(Line::styled(clip(e, 300), theme.bad()));
        }
        // The choices stay in sight: the stem above them scrolls when both do not fit.
        pinned_pane(f, area, block, top, pinned, &self.scroll);
        if self.show_map && matches!(self.state, State::Asking) {
            self.draw_map(f, area, ctx);
        }
    }

    /// The question's header line, stem and "(Choose N.)".
    fn question_head(&self, lines: &mut Vec<Line<'static>>, k: usize, ctx: &Ctx) {
        let theme = ctx.theme;
        let q = self.question(k);
        let mut head = vec![styled(format!("Question {}/{}", k + 1, self.session.len()), theme.title())];
        // The real exam names no domain on a question; practice does, to show where you are.
        if !self.exam_mode() || !matches!(self.state, super::State::Asking | super::State::ConfirmSubmit) {
            let domain = &self.syllabus.domains[self.syllabus.topic_domain(q.topic)].name;
            head.push(Span::styled(format!("  {}", clip(domain, 40)), theme.dim()));
        }
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
        if let Some(c) = q.case {
            let title = clip(&self.syllabus.case_studies[c].title, 60);
            let hint = if matches!(self.state, State::Asking) { " — Tab to read it" } else { "" };
            lines.push(Line::styled(format!("Case study: {title}{hint}"), theme.key()));
        }
        lines.extend(prose(&q.stem));
        let how = match q.format {
            Format::Choice if q.is_multi() && !q.stem.contains("(Choose") => {
                Some(format!("(Choose {}.)", q.answer.len()))
            }
            Format::Choice => None,
            Format::YesNo => Some("Mark each statement Yes with its letter (unmarked is No), then Enter.".into()),
            Format::Ordering => {
                Some("Press the letters in the right order (again to take one back), then Enter.".into())
            }
        };
        if let Some(how) = how {
            lines.push(Line::styled(how, theme.dim()));
        }
    }

    /// The choices, marked with the picks (or, with `shown`, the answer and its verdict).
    fn choice_lines(&self, lines: &mut Vec<Line<'static>>, k: usize, shown: Option<&Answer>, ctx: &Ctx, width: u16) {
        let theme = ctx.theme;
        let q = self.question(k);
        let right = self.session.correct_positions(&self.syllabus, k);
        let order = &self.session.asked[k].order;
        // Shown with the verdict, the choices are in the part that scrolls: leave the scrollbar
        // its column (asking, they are pinned below it and take the whole width).
        let width = if shown.is_some() { width.saturating_sub(1) } else { width };
        for (p, &c) in order.iter().enumerate() {
            let picked_at = match shown {
                Some(a) => a.chosen.iter().position(|&x| x == c),
                None => self.picked.iter().position(|&x| x == p),
            };
            let mark = match (q.format, shown, picked_at) {
                (Format::Ordering, None, Some(i)) => format!("{}.", i + 1),
                (Format::Ordering, None, None) => " ".into(),
                (Format::Ordering, Some(_), given) => {
                    // Where it was put, and where it belongs.
                    let put = given.map_or("–".into(), |i| (i + 1).to_string());
                    if given == Some(c) { format!("{put}✓") } else { format!("{put}✗{}", c + 1) }
                }
                (Format::YesNo, None, at) => {
                    if at.is_some() {
                        "Yes".into()
                    } else {
                        " No".into()
                    }
                }
                (Format::YesNo, Some(_), at) => {
                    let (said, truth) = (at.is_some(), right.contains(&p));
                    format!("{}{}", if truth { "Yes" } else { " No" }, if said == truth { "✓" } else { "✗" })
                }
                (Format::Choice, Some(_), at) => match (right.contains(&p), at.is_some()) {
                    (true, _) => "✓".into(),
                    (false, true) => "✗".into(),
                    _ => " ".into(),
                },
                (Format::Choice, None, at) => {
                    if at.is_some() {
                        "●".into()
                    } else {
                        " ".into()
                    }
                }
            };
            let style =
                if picked_at.is_some() && shown.is_none() { theme.selected() } else { ratatui::style::Style::new() };
            let w = if q.format == Format::Choice { 1 } else { 4 };
            lines.extend(hanging(format!(" {mark:>w$} {}) ", letter(p)), &q.choices[c], style, width));
        }
    }

    fn result_lines(&self, lines: &mut Vec<Line<'static>>, r: &QuizResult, ctx: &Ctx) {
        let theme = ctx.theme;
        let (answered, asked) = (self.session.answered(), self.session.len());
        if !self.exam_mode() && answered < asked {
            // Stopped early: the questions never asked are neither wrong nor a failed exam.
            let r = self.session.answered_result(&self.syllabus);
            lines.push(Line::styled(
                format!(
                    "Stopped after {answered} of {asked} questions: {}/{} correct ({:.0}%)",
                    r.correct,
                    r.total,
                    r.fraction * 100.0
                ),
                theme.title(),
            ));
            return self.domain_lines(lines, &r);
        }
        if !self.exam_mode() {
            // A practice set of ten is far too few questions for a scaled score or a verdict:
            // that number would look like a prediction. Readiness weighs all the answers.
            lines.push(Line::styled(
                format!("Result: {}/{} correct ({:.0}%)", r.correct, r.total, r.fraction * 100.0),
                theme.title(),
            ));
            lines.push(Line::styled(
                "A short set says little on its own; readiness on the dashboard weighs all your answers.",
                theme.dim(),
            ));
            return self.domain_lines(lines, r);
        }
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
        let pass = self.syllabus.exam.pass_mark.published().map_or("not published".into(), |p| p.to_string());
        let used = (ctx.now() - self.session.started_at).max(0);
        let limit = self.session.time_limit_secs.unwrap_or(0);
        lines.push(Line::raw(format!(
            "Pass mark {pass} · time used {}:{:02} of {}:{:02} · {} unanswered",
            used.min(limit) / 60,
            used.min(limit) % 60,
            limit / 60,
            limit % 60,
            self.session.len() - self.session.answered()
        )));
        self.domain_lines(lines, r);
    }

    fn domain_lines(&self, lines: &mut Vec<Line<'static>>, r: &QuizResult) {
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
        // Rows of `MAP_COLUMNS` questions, so ↑/↓ move by a row as they look.
        let cols = super::MAP_COLUMNS as usize;
        let lines: Vec<Line> = (0..self.session.len())
            .collect::<Vec<_>>()
            .chunks(cols)
            .map(|row| {
                let spans: Vec<Span> = row
                    .iter()
                    .map(|&k| {
                        let answered = if self.is_answered(k) { "●" } else { "○" };
                        let flag = if self.session.flagged[k] { "⚑" } else { " " };
                        let style = match (k == self.map_cursor, self.session.flagged[k]) {
                            (true, _) => ctx.theme.selected(),
                            (false, true) => ctx.theme.warn(),
                            (false, false) if self.is_answered(k) => ratatui::style::Style::new(),
                            (false, false) => ctx.theme.dim(),
                        };
                        Span::styled(format!("{:>3}{answered}{flag}", k + 1), style)
                    })
                    .collect();
                Line::from(spans)
            })
            .collect();
        let h = (lines.len() as u16 + 2).min(area.height);
        let inner = crate::app::widgets::centered(area, (cols * 5 + 2) as u16, h);
        f.render_widget(Clear, inner);
        let block = Block::default().borders(Borders::ALL).title(" Map: ● answered ○ open ⚑ flagged ");
        f.render_widget(Paragraph::new(lines).block(block), inner);
    }
}
