//! Study settings: desired retention, daily limits, leech handling. ←/→ change a value, saved at once.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::widgets::{movement, step};
use crate::app::{Action, Ctx, View};
use crate::srs::Setting;

pub struct SettingsView {
    sel: usize,
}

impl SettingsView {
    pub fn new(_ctx: &mut Ctx) -> SettingsView {
        SettingsView { sel: 0 }
    }

    fn adjust(&self, ctx: &mut Ctx, dir: i32) -> Action {
        let setting = Setting::ALL[self.sel];
        let next = setting.stepped(&ctx.tracker.setting_value(setting), dir);
        match ctx.tracker.set_setting(setting.key(), &next) {
            Ok(_) => Action::None,
            Err(e) => Action::Flash(format!("{e:#}")),
        }
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
            self.sel = step(self.sel, d, Setting::ALL.len());
            return Action::None;
        }
        match k.code {
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('+') => self.adjust(ctx, 1),
            KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('-') => self.adjust(ctx, -1),
            _ => Action::None,
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines: Vec<Line> = Setting::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let style = if i == self.sel { theme.selected() } else { ratatui::style::Style::new() };
                let value = ctx.tracker.setting_value(*s);
                Line::from(vec![Span::styled(format!("{:<22} ‹ {value} ›", s.label()), style)])
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
