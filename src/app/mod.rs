//! The full-screen ratatui app and the inline quick quiz.
//!
//! Each screen is a `View`: it owns its state, turns keys into changes (through the store,
//! committed before anything is shown as done), and draws itself from its state only. The app
//! keeps a stack of views, the chrome (title, status line with the keys in force, help), and the
//! event loop, which draws only when something changed or a timer ticks.

pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::sync::atomic::Ordering;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tracker::Tracker;
use theme::Theme;

/// Smallest area the app draws into; below it a notice asks for a larger terminal.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// How long the loop waits for input before it checks timers, signals and resizes again.
const WAIT: Duration = Duration::from_millis(50);

/// What a view asks the app to do after handling an event.
pub enum Action {
    None,
    Push(Box<dyn View>),
    Replace(Box<dyn View>),
    Pop,
    Quit,
    /// A one-line message in the status line until the next key.
    Flash(String),
}

/// Shared state every view may use.
pub struct Ctx {
    pub tracker: Tracker,
    pub theme: Theme,
    pub rng: SmallRng,
    /// Inline (quick quiz) views draw compactly and quit instead of going back.
    pub inline: bool,
    /// A fixed time, for tests and screenshots; `None` reads the clock.
    pub pinned_now: Option<i64>,
    /// Keys remapped in the config.
    pub keys: crate::config::KeyMap,
}

impl Ctx {
    pub fn new(tracker: Tracker, theme: Theme, inline: bool) -> Ctx {
        let keys = tracker.config.keymap();
        Ctx { tracker, theme, rng: SmallRng::seed_from_u64(crate::clock::now() as u64), inline, pinned_now: None, keys }
    }

    /// A context frozen at `now`, with a seeded random order: the same screens every run.
    pub fn pinned(tracker: Tracker, theme: Theme, now: i64) -> Ctx {
        let keys = tracker.config.keymap();
        Ctx { tracker, theme, rng: SmallRng::seed_from_u64(now as u64), inline: false, pinned_now: Some(now), keys }
    }

    pub fn now(&self) -> i64 {
        self.pinned_now.unwrap_or_else(crate::clock::now)
    }
}

pub trait View {
    fn title(&self) -> String;
    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx);
    fn key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Action;
    /// (key, what it does): drives both the status line and the help screen.
    fn keys(&self) -> Vec<(&'static str, &'static str)>;
    fn mouse(&mut self, _m: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> Action {
        Action::None
    }
    /// Called every tick; true when the view needs a redraw (a running timer).
    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        false
    }
    /// Called when the view is shown again after the one above it closed.
    fn resume(&mut self, _ctx: &mut Ctx) {}
    /// While true, printable keys are text for the view (no global `q` or `?`).
    fn typing(&self) -> bool {
        false
    }
    /// A line to leave in the shell's scrollback when an inline view ends.
    fn summary(&self) -> Option<String> {
        None
    }
}

pub struct App {
    pub ctx: Ctx,
    stack: Vec<Box<dyn View>>,
    help: bool,
    flash: Option<String>,
    pub quit: bool,
    summary: Option<String>,
}

impl App {
    pub fn new(ctx: Ctx, first: Box<dyn View>) -> App {
        App { ctx, stack: vec![first], help: false, flash: None, quit: false, summary: None }
    }

    /// The summary the last inline view left, if any.
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    pub fn handle(&mut self, ev: &Event, area: Rect) {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.key(*k),
            Event::Mouse(m) => {
                let action = {
                    let view = self.stack.last_mut().expect("a view");
                    view.mouse(*m, body(area), &mut self.ctx)
                };
                self.apply(action);
            }
            _ => {}
        }
    }

    pub fn key(&mut self, mut k: KeyEvent) {
        self.flash = None;
        let typing = self.stack.last().is_some_and(|v| v.typing());
        if let (KeyCode::Char(c), false) = (k.code, typing || k.modifiers.contains(KeyModifiers::CONTROL)) {
            k.code = KeyCode::Char(self.ctx.keys.pressed(c));
        }
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            return self.apply(Action::Quit);
        }
        if self.help {
            self.help = false;
            return;
        }
        if !typing {
            match k.code {
                KeyCode::Char('?') => {
                    self.help = true;
                    return;
                }
                KeyCode::Char('q') if k.modifiers.is_empty() => return self.apply(Action::Quit),
                _ => {}
            }
        }
        let action = {
            let ctx = &mut self.ctx;
            let view = self.stack.last_mut().expect("a view");
            view.key(k, ctx)
        };
        let fallback = matches!(action, Action::None) && !typing && k.code == KeyCode::Esc;
        self.apply(if fallback { Action::Pop } else { action });
    }

    pub fn tick(&mut self) -> bool {
        let ctx = &mut self.ctx;
        self.stack.last_mut().is_some_and(|v| v.tick(ctx))
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::None => {}
            Action::Push(v) => self.stack.push(v),
            Action::Replace(v) => {
                self.remember_summary();
                self.stack.pop();
                self.stack.push(v);
            }
            Action::Pop if self.stack.len() > 1 => {
                self.stack.pop();
                let ctx = &mut self.ctx;
                if let Some(v) = self.stack.last_mut() {
                    v.resume(ctx);
                }
            }
            Action::Pop | Action::Quit => {
                self.remember_summary();
                self.quit = true;
            }
            Action::Flash(m) => self.flash = Some(m),
        }
    }

    fn remember_summary(&mut self) {
        if let Some(s) = self.stack.last().and_then(|v| v.summary()) {
            self.summary = Some(s);
        }
    }

    pub fn draw(&mut self, f: &mut Frame) {
        let area = f.area();
        let theme = self.ctx.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = format!(
                "Terminal too small: {}×{}. certtrack needs {MIN_WIDTH}×{MIN_HEIGHT}.",
                area.width, area.height
            );
            f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
            return;
        }
        let view = self.stack.last().expect("a view");
        // Fixed rows, so plain arithmetic: ratatui's constraint solver cost a fifth of the first
        // frame's drawing (the area is at least MIN_HEIGHT rows here).
        let head = Rect { height: 1, ..area };
        let main = body(area);
        let status = Rect { y: area.bottom() - 1, height: 1, ..area };
        let crumbs: Vec<String> = self.stack.iter().map(|v| v.title()).collect();
        let title = Line::from(vec![Span::styled(" certtrack ", theme.title()), Span::raw(crumbs.join(" › "))]);
        f.render_widget(Paragraph::new(title), head);
        view.draw(f, main, &self.ctx);
        let line = match &self.flash {
            Some(m) => Line::styled(format!(" {}", crate::text::one_line(m)), theme.warn()),
            None => widgets::key_line(&self.shown_keys(view.keys()), !self.ctx.inline, status.width, theme),
        };
        f.render_widget(Paragraph::new(line), status);
        if self.help {
            self.draw_help(f, main);
        }
    }

    /// A view's keys as the user presses them (remapped keys shown as remapped).
    fn shown_keys(&self, keys: Vec<(&'static str, &'static str)>) -> Vec<(String, &'static str)> {
        keys.into_iter().map(|(k, what)| (self.ctx.keys.show(k), what)).collect()
    }

    fn draw_help(&self, f: &mut Frame, area: Rect) {
        let theme = self.ctx.theme;
        let view = self.stack.last().expect("a view");
        let mut lines = vec![Line::styled(format!("Keys: {}", view.title()), theme.title()), Line::raw("")];
        let global = [("?", "this help"), ("Esc", "back"), ("q", "quit"), ("Ctrl-C", "quit"), ("Ctrl-Z", "suspend")];
        for (k, what) in self.shown_keys(view.keys().into_iter().chain(global).collect()) {
            lines.push(Line::from(vec![Span::styled(format!("{k:>12}  "), theme.key()), Span::raw(what)]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("any key closes this help", theme.dim()));
        let h = (lines.len() as u16 + 2).min(area.height);
        let w = 60.min(area.width);
        let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Help ")), r);
    }
}

/// The area views draw in, inside the title and status lines.
fn body(area: Rect) -> Rect {
    Rect { y: area.y + 1, height: area.height.saturating_sub(2), ..area }
}

/// Run `app` until it quits. Draws only after an event or a timer tick that changed something;
/// exits on SIGTERM/SIGHUP/SIGINT, and when the terminal goes away (a read error), instead of
/// spinning on a dead tty (crossterm issue #793).
pub fn run(app: &mut App, mode: terminal::Mode) -> anyhow::Result<()> {
    let stop = terminal::stop_flag();
    let mut guard = terminal::Guard::new(mode)?;
    let mut dirty = true;
    while !app.quit {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if dirty {
            guard.terminal.draw(|f| app.draw(f))?;
            // Now that the frame is out, nothing waits on the store.
            app.ctx.tracker.idle();
            dirty = false;
        }
        // Never ask crossterm once the terminal is gone: it would spin (see `wait_input`).
        if terminal::wait_input(Duration::ZERO) == terminal::Wait::HungUp {
            break;
        }
        // Events crossterm already holds (the rest of a burst of keys, a resize) come first.
        if !event::poll(Duration::ZERO)? {
            match terminal::wait_input(WAIT) {
                terminal::Wait::HungUp => break, // nothing to draw on or read from: leave, never spin
                terminal::Wait::Input => {}
                terminal::Wait::Timeout => dirty = app.tick(),
            }
            continue;
        }
        let ev = event::read()?;
        if let Event::Key(k) = ev
            && k.code == KeyCode::Char('z')
            && k.modifiers.contains(KeyModifiers::CONTROL)
        {
            guard.suspend()?;
        } else {
            let size = guard.terminal.size()?;
            app.handle(&ev, Rect::new(0, 0, size.width, size.height));
        }
        dirty = true;
    }
    drop(guard);
    Ok(())
}
