//! Study statistics, over all followed exams or one of them (←/→ switches): a review heatmap,
//! weekly accuracy, the 30-day due forecast, true retention, card counts and time studied.

use chrono::{Datelike, Duration, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use crate::app::keys::{BACKTAB, Binding, Char, LEFT, RIGHT, TAB};
use crate::app::{Action, Ctx, Screen};
use crate::tracker::StatsSummary;

const WEEKS: usize = 16;

#[derive(Default)]
pub struct StatsView {
    /// (id, code) of every followed exam; `scope` 0 means all of them, k means exam k - 1.
    exams: Vec<(String, String)>,
    scope: usize,
    stats: StatsSummary,
    /// Reviews per day, oldest first, for the last `WEEKS` weeks ending today.
    days: Vec<(NaiveDate, u32)>,
    /// Real exam attempts, one line each, then the calibration of the predictions over them.
    attempts: Vec<String>,
    /// The heatmap's first row is Sunday (`week_start` in the config), else Monday.
    sunday_first: bool,
    error: Option<String>,
}

impl StatsView {
    pub fn new(ctx: &mut Ctx) -> StatsView {
        let mut v = StatsView::default();
        v.reload(ctx);
        v
    }

    /// Recompute everything for the current scope (the list of exams too).
    fn reload(&mut self, ctx: &mut Ctx) {
        *self = StatsView { scope: self.scope, ..StatsView::default() };
        if let Err(e) = self.load(ctx) {
            self.error = Some(format!("{e:#}"));
        }
    }

    fn load(&mut self, ctx: &mut Ctx) -> anyhow::Result<()> {
        let now = ctx.now();
        let t = &ctx.tracker;
        self.sunday_first = t.config.week_starts_sunday();
        let followed = t.followed()?;
        self.exams = followed.iter().map(|(s, _)| (s.exam.id.clone(), s.exam.code.clone())).collect();
        self.scope = self.scope.min(self.exams.len());
        let exam = self.scope.checked_sub(1).map(|i| &**followed[i].0);
        self.stats = t.stats(exam, now)?;
        self.attempts = attempt_lines(t, exam.map(|s| s.exam.id.as_str()))?;
        let today = crate::clock::today(now);
        let first = today - Duration::days((WEEKS * 7 - 1) as i64);
        self.days = (0..WEEKS * 7)
            .map(|i| {
                let d = first + Duration::days(i as i64);
                (d, self.stats.history.iter().find(|h| h.day == d).map_or(0, |h| h.reviews))
            })
            .collect();
        Ok(())
    }
}

impl Screen for StatsView {
    /// The scope moves by this many exams (one step right or left, wrapping).
    type Msg = isize;

    fn title(&self) -> String {
        match self.scope.checked_sub(1).and_then(|i| self.exams.get(i)) {
            Some((_, code)) => format!("Stats · {code}"),
            None => "Stats · all followed exams".into(),
        }
    }

    fn bindings(&self) -> Vec<Binding<isize>> {
        vec![
            Binding::new(&[RIGHT, Char('l'), TAB], 1, "next exam").shown("←/→", "exam"),
            Binding::new(&[LEFT, Char('h'), BACKTAB], -1, "previous exam").help_only(),
        ]
    }

    fn update(&mut self, by: isize, ctx: &mut Ctx) -> Action {
        let n = self.exams.len() as isize + 1;
        self.scope = (self.scope as isize + by).rem_euclid(n) as usize;
        self.reload(ctx);
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let shown = self.attempts.len().min(8) as u16;
        let [top, past, bottom] =
            Layout::vertical([Constraint::Length(11), Constraint::Length(shown + 2), Constraint::Min(6)]).areas(area);
        let past_lines = self.attempts.iter().map(|l| Line::raw(crate::text::one_line(l))).collect::<Vec<_>>();
        f.render_widget(
            Paragraph::new(past_lines).block(Block::default().borders(Borders::ALL).title(" Exam attempts ")),
            past,
        );
        let [heat, summary] =
            Layout::horizontal([Constraint::Length(WEEKS as u16 * 2 + 8), Constraint::Min(20)]).areas(top);
        // Heatmap: rows are weekdays, columns weeks; darker glyphs for more reviews.
        let mut rows: Vec<Line> = Vec::new();
        let (labels, first_wd) = match (self.sunday_first, self.days.first()) {
            (true, d) => (
                ["Sun ", "    ", "Tue ", "    ", "Thu ", "    ", "Sat "],
                d.map(|d| d.0.weekday().num_days_from_sunday()),
            ),
            (false, d) => (
                ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "],
                d.map(|d| d.0.weekday().num_days_from_monday()),
            ),
        };
        let first_wd = first_wd.unwrap_or(0) as usize;
        for (wd, label) in labels.into_iter().enumerate() {
            let mut spans = vec![Span::styled(label, theme.dim())];
            for w in 0..=WEEKS {
                let i = (w * 7 + wd).checked_sub(first_wd);
                let glyph = match i.and_then(|i| self.days.get(i)).map(|d| d.1) {
                    None => "  ",
                    Some(0) => "· ",
                    Some(1..=9) => "░ ",
                    Some(10..=29) => "▒ ",
                    Some(30..=59) => "▓ ",
                    Some(_) => "█ ",
                };
                spans.push(Span::styled(glyph, theme.bar()));
            }
            rows.push(Line::from(spans));
        }
        f.render_widget(
            Paragraph::new(rows).block(Block::default().borders(Borders::ALL).title(" Reviews, last 16 weeks ")),
            heat,
        );

        let st = &self.stats;
        let (p, n) = st.retention;
        let retention = match (n, st.reviews_30d) {
            (0, 0) => "no reviews in 30 days".to_owned(),
            (0, r) => format!("– ({r} review(s) in 30 days, none yet of a card past its learning steps)"),
            _ => format!("{:.0}% ({p} of {n})", p as f64 / n as f64 * 100.0),
        };
        let c = &st.counts;
        let mut s = vec![
            Line::from(vec![Span::styled("True retention (30 days): ", theme.key()), Span::raw(retention)]),
            Line::raw(format!(
                "Cards: {} new · {} learning · {} young · {} mature · {} suspended",
                c.new, c.learning, c.young, c.mature, c.suspended
            )),
            Line::raw(format!("Time studied (logged on topics): {} h {} min", st.minutes / 60, st.minutes % 60)),
            Line::raw(""),
            Line::styled("Quiz accuracy by week, newest first:", theme.key()),
        ];
        // Newest first, so a short pane cuts off the oldest weeks rather than this one.
        for (week, right, total) in st.accuracy.iter().rev() {
            let label = week.format("%d %b");
            let pct = if *total == 0 {
                "  –".to_owned()
            } else {
                format!("{:>3.0}%", f64::from(*right) / f64::from(*total) * 100.0)
            };
            let plural = if *total == 1 { "" } else { "s" };
            s.push(Line::raw(format!("  week of {label}: {pct} ({total} answer{plural})")));
        }
        if let Some(e) = &self.error {
            s.push(Line::styled(e.clone(), theme.bad()));
        }
        let summary_block = Block::default().borders(Borders::ALL).title(" Summary ");
        f.render_widget(Paragraph::new(s).wrap(ratatui::widgets::Wrap { trim: true }).block(summary_block), summary);

        // Bars as wide as fit (two columns show two-digit day labels), at least one column.
        let bar_width = ((bottom.width.saturating_sub(2)) / st.forecast.len().max(1) as u16).saturating_sub(1).max(1);
        let bars: Vec<Bar> = st
            .forecast
            .iter()
            .enumerate()
            .map(|(d, &n)| {
                let label = Line::raw(if d % 5 == 0 { d.to_string() } else { String::new() });
                let bar = Bar::default().value(u64::from(n)).label(label);
                // Counts only where they fit inside the bar; narrow bars would run them together.
                if bar_width < 3 { bar.text_value(String::new()) } else { bar }
            })
            .collect();
        let chart = BarChart::default()
            .block(Block::default().borders(Borders::ALL).title(" Due reviews, next 30 days (day 0 = today) "))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(theme.bar())
            .value_style(Style::new());
        f.render_widget(chart, bottom);
    }
}

/// Each attempt (newest first, so a short pane keeps the latest): date, score, pass or fail, the
/// prediction and the domain verdicts; then how the predictions did over them.
fn attempt_lines(t: &crate::tracker::Tracker, exam: Option<&str>) -> anyhow::Result<Vec<String>> {
    let results = t.results(exam)?;
    if results.is_empty() {
        return Ok(vec!["No results recorded yet: after the exam, R on the exam's screen records one.".into()]);
    }
    let c = t.calibration(&results);
    let passed = results.iter().filter(|r| r.passed == Some(true)).count();
    let mut o = vec![format!(
        "{passed} of {} passed · score in predicted band {}/{} · pass/fail called right {}/{}",
        results.len(),
        c.inside_band,
        c.scored,
        c.pass_calls_right,
        c.pass_calls
    )];
    for r in results.iter().rev() {
        let verdict = match r.passed {
            Some(true) => "PASS",
            Some(false) => "FAIL",
            None => "?",
        };
        let score = r.score.map_or("–".into(), |s| s.to_string());
        let predicted = match r.predicted.as_ref().map(|p| (p.day, p.score)) {
            Some((day, Some((s, lo, hi)))) => format!("predicted {s} ({lo}–{hi}) on {day}"),
            Some((day, None)) => format!("predicted on {day}"),
            None => "no prediction".into(),
        };
        let domains: Vec<String> = r.domains.iter().map(|d| format!("{} {}", d.domain, d.verdict)).collect();
        o.push(format!(
            "{}  {:<8} {score:>5} {verdict}  {predicted}  {}",
            r.sat_on,
            t.code_of(&r.exam_id),
            domains.join(", ")
        ));
    }
    Ok(o)
}
