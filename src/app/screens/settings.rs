//! Study settings: desired retention, daily limits, leech handling. ←/→ change a value, saved at once.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::keys::{self, Binding, Char, LEFT, Move, RIGHT};
use crate::app::widgets::step;
use crate::app::{Action, Ctx, Screen};
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

/// What the settings screen's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Move(Move),
    Change(i32),
}

impl Screen for SettingsView {
    type Msg = Msg;

    fn title(&self) -> String {
        "Settings".into()
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        let mut b = keys::moves(Msg::Move);
        b.push(Binding::new(&[RIGHT, Char('l'), Char('+')], Msg::Change(1), "raise").shown("←/→", "change"));
        b.push(Binding::new(&[LEFT, Char('h'), Char('-')], Msg::Change(-1), "lower").help_only());
        b
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        match msg {
            Msg::Move(m) => self.sel = step(self.sel, m.delta(), Setting::ALL.len()),
            Msg::Change(dir) => return self.adjust(ctx, dir),
        }
        Action::None
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
