//! Study statistics, over all followed exams or one of them (←/→ switches): a review heatmap,
//! weekly accuracy, the 30-day due forecast, true retention, card counts and time studied.

use chrono::{Datelike, Duration, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use crate::app::{Action, Ctx, View};
use crate::srs::{self, CardCounts, DAY};

const WEEKS: usize = 16;

#[derive(Default)]
pub struct StatsView {
    /// (id, code) of every followed exam; `scope` 0 means all of them, k means exam k - 1.
    exams: Vec<(String, String)>,
    scope: usize,
    /// Reviews per day, oldest first, for the last `WEEKS` weeks ending today.
    days: Vec<(NaiveDate, u32)>,
    /// (week label, correct, answered) for the last 8 weeks.
    accuracy: Vec<(String, u32, u32)>,
    forecast: Vec<u32>,
    retention: (usize, usize),
    counts: CardCounts,
    minutes: u32,
    error: Option<String>,
}

impl StatsView {
    pub fn new(ctx: &mut Ctx) -> StatsView {
        let mut v = StatsView::default();
        v.reload(ctx);
        v
    }

    /// Recompute everything for the current scope (`load` refreshes the list of exams too).
    fn reload(&mut self, ctx: &mut Ctx) {
        *self = StatsView { scope: self.scope, ..StatsView::default() };
        if let Err(e) = self.load(ctx) {
            self.error = Some(format!("{e:#}"));
        }
    }

    fn load(&mut self, ctx: &mut Ctx) -> anyhow::Result<()> {
        let now = ctx.now();
        let t = &ctx.tracker;
        let offset = crate::clock::utc_offset(now);
        let today = crate::clock::today(now);
        let (start, _) = crate::clock::day_bounds(now);
        self.forecast = vec![0; 30];
        let mut log = Vec::new();
        let mut attempts = Vec::new();
        let followed = t.followed()?;
        self.exams = followed.iter().map(|(s, _)| (s.exam.id.clone(), s.exam.code.clone())).collect();
        self.scope = self.scope.min(self.exams.len());
        for (i, (s, _)) in followed.iter().enumerate() {
            if self.scope != 0 && self.scope != i + 1 {
                continue;
            }
            let cards = t.store.cards(Some(&s.exam.id))?;
            let unseen = (s.questions.len() + s.flashcards.len()).saturating_sub(cards.len());
            let c = srs::card_counts(cards.iter().map(|c| &c.state), unseen);
            self.counts = CardCounts {
                new: self.counts.new + c.new,
                learning: self.counts.learning + c.learning,
                young: self.counts.young + c.young,
                mature: self.counts.mature + c.mature,
                suspended: self.counts.suspended + c.suspended,
            };
            for (day, n) in srs::forecast(cards.iter().map(|c| c.state), start, 30).into_iter().enumerate() {
                self.forecast[day] += n;
            }
            log.extend(t.store.review_log(Some(&s.exam.id))?);
            attempts.extend(t.store.attempts(Some(&s.exam.id))?);
            self.minutes += t.store.progress(Some(&s.exam.id))?.iter().map(|p| p.minutes).sum::<u32>();
        }
        let recent: Vec<(String, srs::ReviewRecord)> = log
            .iter()
            .filter(|r| r.record.reviewed_at >= now - 30 * DAY)
            .map(|r| (format!("{}/{}", r.exam_id, r.item_id), r.record))
            .collect();
        self.retention = srs::true_retention(&recent, offset);
        let history = srs::daily_history(log.iter().map(|r| &r.record), offset);
        let first = today - Duration::days((WEEKS * 7 - 1) as i64);
        self.days = (0..WEEKS * 7)
            .map(|i| {
                let d = first + Duration::days(i as i64);
                (d, history.iter().find(|h| h.day == d).map_or(0, |h| h.reviews))
            })
            .collect();
        self.accuracy = (0..8)
            .rev()
            .map(|w| {
                let from = now - (w + 1) * 7 * DAY;
                let to = now - w * 7 * DAY;
                let week: Vec<_> = attempts.iter().filter(|a| a.answered_at >= from && a.answered_at < to).collect();
                let label = crate::srs::stats_day(from, offset).format("%d %b").to_string();
                (label, week.iter().filter(|a| a.correct).count() as u32, week.len() as u32)
            })
            .collect();
        Ok(())
    }
}

impl View for StatsView {
    fn title(&self) -> String {
        match self.scope.checked_sub(1).and_then(|i| self.exams.get(i)) {
            Some((_, code)) => format!("Stats · {code}"),
            None => "Stats · all followed exams".into(),
        }
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![("←/→", "exam"), ("Esc", "back")]
    }

    fn key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        let n = self.exams.len() + 1;
        self.scope = match k.code {
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab => (self.scope + 1) % n,
            KeyCode::Left | KeyCode::Char('h') | KeyCode::BackTab => (self.scope + n - 1) % n,
            _ => return Action::None,
        };
        self.reload(ctx);
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let [top, bottom] = Layout::vertical([Constraint::Length(11), Constraint::Min(6)]).areas(area);
        let [heat, summary] =
            Layout::horizontal([Constraint::Length(WEEKS as u16 * 2 + 8), Constraint::Min(20)]).areas(top);
        // Heatmap: rows are weekdays, columns weeks; darker glyphs for more reviews.
        let mut rows: Vec<Line> = Vec::new();
        let first_wd = self.days.first().map_or(0, |(d, _)| d.weekday().num_days_from_monday() as usize);
        for wd in 0..7 {
            let mut spans =
                vec![Span::styled(["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "][wd], theme.dim())];
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

        let (p, n) = self.retention;
        let retention = if n == 0 {
            "no reviews in 30 days".to_owned()
        } else {
            format!("{:.0}% ({p} of {n})", p as f64 / n as f64 * 100.0)
        };
        let c = &self.counts;
        let mut s = vec![
            Line::from(vec![Span::styled("True retention (30 days): ", theme.key()), Span::raw(retention)]),
            Line::raw(format!(
                "Cards: {} new · {} learning · {} young · {} mature · {} suspended",
                c.new, c.learning, c.young, c.mature, c.suspended
            )),
            Line::raw(format!("Time studied (logged on topics): {} h {} min", self.minutes / 60, self.minutes % 60)),
            Line::raw(""),
            Line::styled("Quiz accuracy by week, newest first:", theme.key()),
        ];
        // Newest first, so a short pane cuts off the oldest weeks rather than this one.
        for (label, right, total) in self.accuracy.iter().rev() {
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
        let bar_width = ((bottom.width.saturating_sub(2)) / self.forecast.len().max(1) as u16).saturating_sub(1).max(1);
        let bars: Vec<Bar> = self
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
