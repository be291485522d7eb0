//! Study settings: desired retention, daily limits, leech handling. ←/→ change a value, saved at once.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::widgets::{movement, step};
use crate::app::{Action, Ctx, View};

/// (key, label, step) of each adjustable setting.
const ROWS: [(&str, &str, f64); 4] = [
    ("desired_retention", "Desired retention", 0.01),
    ("new_per_day", "New items per day", 5.0),
    ("reviews_per_day", "Reviews per day", 10.0),
    ("suspend_leeches", "Suspend leeches", 1.0),
];

pub struct SettingsView {
    sel: usize,
}

impl SettingsView {
    pub fn new(_ctx: &mut Ctx) -> SettingsView {
        SettingsView { sel: 0 }
    }

    fn value(ctx: &Ctx, key: &str) -> String {
        let p = &ctx.tracker.prefs;
        match key {
            "desired_retention" => format!("{:.2}", p.desired_retention),
            "new_per_day" => p.limits.new_per_day.to_string(),
            "reviews_per_day" => p.limits.reviews_per_day.to_string(),
            _ => p.suspend_leeches.to_string(),
        }
    }

    fn adjust(&self, ctx: &mut Ctx, dir: f64) -> Action {
        let (key, _, by) = ROWS[self.sel];
        let current = Self::value(ctx, key);
        let next = match key {
            "suspend_leeches" => (current != "true").to_string(),
            "desired_retention" => {
                format!("{:.2}", (current.parse::<f64>().unwrap_or(0.9) + dir * by).clamp(0.70, 0.99))
            }
            _ => format!("{}", (current.parse::<f64>().unwrap_or(0.0) + dir * by).clamp(0.0, 9999.0)),
        };
        if let Err(e) = ctx.tracker.store.set_preference(key, &next) {
            return Action::Flash(e.to_string());
        }
        if let Err(e) = ctx.tracker.reload_prefs() {
            return Action::Flash(e.to_string());
        }
        Action::None
    }
}

impl View for SettingsView {
    fn title(&self) -> String {
        "Settings".into()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![("↑↓", "select"), ("←/→", "change"), ("Esc", "back")]
    }

    fn key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        if let Some(d) = movement(&k) {
            self.sel = step(self.sel, d, ROWS.len());
            return Action::None;
        }
        match k.code {
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('+') => self.adjust(ctx, 1.0),
            KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('-') => self.adjust(ctx, -1.0),
            _ => Action::None,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines: Vec<Line> = ROWS
            .iter()
            .enumerate()
            .map(|(i, (key, label, _))| {
                let style = if i == self.sel { theme.selected() } else { ratatui::style::Style::new() };
                Line::from(vec![Span::styled(format!("{label:<22} ‹ {} ›", Self::value(ctx, key)), style)])
            })
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::styled("Exam dates and followed exams: Exams screen (f on the dashboard).", theme.dim()));
        lines.push(Line::styled(
            "Theme, colours and keys: the config file (`certtrack config edit`); NO_COLOR wins.",
            theme.dim(),
        ));
        f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Settings ")), area);
    }
}
