//! The full-screen ratatui app and the inline quick quiz.
//!
//! Each screen is a `View`: it owns its state, turns keys into changes (through the store,
//! committed before anything is shown as done), and draws itself from its state only. The app
//! keeps a stack of views, the chrome (title, status line with the keys in force, help), and the
//! event loop, which draws only when something changed or a timer ticks.

pub mod keys;
pub mod reference;
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
use keys::Binding;
use theme::Theme;
use widgets::{Input, InputEvent};

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
    /// Back to the screen below (the app asks first if the view would end something).
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
    /// Where each list's cursor was when its screen closed, so reopening it keeps its place.
    pub cursors: std::collections::HashMap<String, (usize, usize)>,
}

impl Ctx {
    pub fn new(tracker: Tracker, theme: Theme, inline: bool) -> Ctx {
        let keys = tracker.config.keymap();
        let rng = SmallRng::seed_from_u64(crate::clock::now() as u64);
        Ctx { tracker, theme, rng, inline, pinned_now: None, keys, cursors: Default::default() }
    }

    /// A context frozen at `now`, with a seeded random order: the same screens every run.
    pub fn pinned(tracker: Tracker, theme: Theme, now: i64) -> Ctx {
        let keys = tracker.config.keymap();
        let rng = SmallRng::seed_from_u64(now as u64);
        Ctx { tracker, theme, rng, inline: false, pinned_now: Some(now), keys, cursors: Default::default() }
    }

    pub fn now(&self) -> i64 {
        self.pinned_now.unwrap_or_else(crate::clock::now)
    }
}

/// A screen as the app drives it. Screens implement `Screen`; this is its object-safe face.
pub trait View {
    fn title(&self) -> String;
    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx);
    fn key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Action;
    /// Does the view act on this key itself (so the app's own meaning of it yields)?
    fn handles(&self, key: &KeyEvent, ctx: &Ctx) -> bool;
    /// The status line's entries, then the help screen's, keys as the user presses them.
    fn footer(&self, ctx: &Ctx) -> Vec<(String, &'static str)>;
    fn help(&self, ctx: &Ctx) -> Vec<(String, &'static str)>;
    /// Keys bound twice in the view's current state (a bug: tests check every screen).
    fn conflicts(&self, ctx: &Ctx) -> Vec<String>;
    fn mouse(&mut self, m: MouseEvent, area: Rect, ctx: &mut Ctx) -> Action;
    fn tick(&mut self, ctx: &mut Ctx) -> bool;
    fn resume(&mut self, ctx: &mut Ctx);
    fn typing(&self) -> bool;
    fn summary(&self) -> Option<String>;
    fn leaving(&self) -> Option<String>;
    fn leave(&mut self, ctx: &mut Ctx);
    fn home(&self) -> bool;
}

/// One screen: its state, its keys as data (`bindings`), what each message does (`update`),
/// and how it draws. Drawing computes nothing: state changes in `update`.
pub trait Screen {
    type Msg: Clone;
    fn title(&self) -> String;
    /// The keys in force in the current state.
    fn bindings(&self) -> Vec<Binding<Self::Msg>>;
    fn update(&mut self, msg: Self::Msg, ctx: &mut Ctx) -> Action;
    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx);
    /// The text field being typed in, if any: it takes the keys first.
    fn input(&mut self) -> Option<&mut Input> {
        None
    }
    /// True while a text field is open (then `q`, `?` and Esc are the field's).
    fn typing(&self) -> bool {
        false
    }
    /// The text field was submitted, cancelled or edited.
    fn edited(&mut self, _event: InputEvent, _ctx: &mut Ctx) -> Action {
        Action::None
    }
    fn mouse(&mut self, _m: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> Action {
        Action::None
    }
    /// Called every tick; true when the view needs a redraw (a running timer).
    fn tick(&mut self, _ctx: &mut Ctx) -> bool {
        false
    }
    /// Called when the view is shown again after the one above it closed.
    fn resume(&mut self, _ctx: &mut Ctx) {}
    /// A line to leave in the shell's scrollback when an inline view ends.
    fn summary(&self) -> Option<String> {
        None
    }
    /// A question to ask before the user leaves, when leaving would end or lose something.
    fn leaving(&self) -> Option<String> {
        None
    }
    /// The user leaves (after saying yes, or by Ctrl-C): keep what can be kept.
    fn leave(&mut self, _ctx: &mut Ctx) {}
    /// The home screen (the dashboard): Esc there does not quit the app.
    fn home(&self) -> bool {
        false
    }
}

impl<S: Screen> View for S {
    fn title(&self) -> String {
        Screen::title(self)
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        Screen::draw(self, f, area, ctx)
    }

    fn key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Action {
        if let Some(input) = self.input() {
            let event = input.handle(&key);
            return self.edited(event, ctx);
        }
        match keys::dispatch(&self.bindings(), &key, &ctx.keys) {
            Some(msg) => self.update(msg, ctx),
            None => Action::None,
        }
    }

    fn handles(&self, key: &KeyEvent, ctx: &Ctx) -> bool {
        keys::dispatch(&self.bindings(), key, &ctx.keys).is_some()
    }

    fn footer(&self, ctx: &Ctx) -> Vec<(String, &'static str)> {
        keys::footer(&self.bindings(), &ctx.keys)
    }

    fn help(&self, ctx: &Ctx) -> Vec<(String, &'static str)> {
        keys::help(&self.bindings(), &ctx.keys)
    }

    fn conflicts(&self, ctx: &Ctx) -> Vec<String> {
        let mut all = self.bindings().into_iter().map(|b| b.map(|_| ())).collect::<Vec<_>>();
        // A screen may give Esc its own meaning (close the map, clear a search); the other
        // global keys are never a screen's.
        all.extend(global_bindings().into_iter().filter(|b| b.keys != [keys::ESC]));
        keys::conflicts(&all, &ctx.keys)
    }

    fn mouse(&mut self, m: MouseEvent, area: Rect, ctx: &mut Ctx) -> Action {
        Screen::mouse(self, m, area, ctx)
    }

    fn tick(&mut self, ctx: &mut Ctx) -> bool {
        Screen::tick(self, ctx)
    }

    fn resume(&mut self, ctx: &mut Ctx) {
        Screen::resume(self, ctx)
    }

    fn typing(&self) -> bool {
        Screen::typing(self)
    }

    fn summary(&self) -> Option<String> {
        Screen::summary(self)
    }

    fn leaving(&self) -> Option<String> {
        Screen::leaving(self)
    }

    fn leave(&mut self, ctx: &mut Ctx) {
        Screen::leave(self, ctx)
    }

    fn home(&self) -> bool {
        Screen::home(self)
    }
}

/// The app's own keys, on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Global {
    Help,
    Back,
    Quit,
}

fn global_bindings() -> Vec<Binding<()>> {
    [(keys::Char('?'), "this help"), (keys::ESC, "back"), (keys::Char('q'), "quit"), (keys::Ctrl('c'), "quit")]
        .into_iter()
        .map(|(k, help)| Binding::new(&[k], (), help))
        .collect()
}

fn global(k: &KeyEvent, keymap: &crate::config::KeyMap) -> Option<Global> {
    let b = [
        Binding::new(&[keys::Char('?')], Global::Help, ""),
        Binding::new(&[keys::ESC], Global::Back, ""),
        Binding::new(&[keys::Char('q')], Global::Quit, ""),
    ];
    keys::dispatch(&b, k, keymap)
}

/// What a confirmed leave does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leave {
    Pop,
    Quit,
}

pub struct App {
    pub ctx: Ctx,
    stack: Vec<Box<dyn View>>,
    help: bool,
    flash: Option<String>,
    /// A question the top view asked before leaving, and what yes does.
    confirm: Option<(String, Leave)>,
    pub quit: bool,
    /// Ctrl-C ended the app (exit status 130, the shell's convention).
    pub interrupted: bool,
    summary: Option<String>,
}

impl App {
    pub fn new(ctx: Ctx, first: Box<dyn View>) -> App {
        App {
            ctx,
            stack: vec![first],
            help: false,
            flash: None,
            confirm: None,
            quit: false,
            interrupted: false,
            summary: None,
        }
    }

    /// Keys the top view binds twice, or binds over the app's own (tests call this).
    pub fn conflicts(&self) -> Vec<String> {
        self.stack.last().map_or_else(Vec::new, |v| v.conflicts(&self.ctx))
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

    pub fn key(&mut self, k: KeyEvent) {
        self.flash = None;
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            return self.interrupt();
        }
        if self.help {
            self.help = false;
            return;
        }
        if let Some((_, then)) = self.confirm {
            return self.answer_confirm(&k, then);
        }
        let view = self.stack.last().expect("a view");
        if view.typing() || view.handles(&k, &self.ctx) {
            let action = {
                let ctx = &mut self.ctx;
                self.stack.last_mut().expect("a view").key(k, ctx)
            };
            return self.apply(action);
        }
        match global(&k, &self.ctx.keys) {
            Some(Global::Help) => self.help = true,
            Some(Global::Quit) => self.apply(Action::Quit),
            Some(Global::Back) if self.stack.len() == 1 && view.home() => {
                let q = keys::Char('q').label(&self.ctx.keys);
                self.flash = Some(format!("This is the first screen: press {q} to quit."));
            }
            Some(Global::Back) => self.apply(Action::Pop),
            None => {}
        }
    }

    /// Ctrl-C: leave at once, keeping what the views can keep, without asking.
    fn interrupt(&mut self) {
        self.leave_all();
        self.interrupted = true;
    }

    /// Leave every view, top first, keeping what each can keep (Ctrl-C, a signal, a hang-up).
    pub fn leave_all(&mut self) {
        while let Some(mut v) = self.stack.pop() {
            v.leave(&mut self.ctx);
            if let Some(s) = v.summary() {
                self.summary.get_or_insert(s);
            }
        }
        self.quit = true;
    }

    fn answer_confirm(&mut self, k: &KeyEvent, then: Leave) {
        match k.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                self.confirm = None;
                let ctx = &mut self.ctx;
                self.stack.last_mut().expect("a view").leave(ctx);
                self.go(then);
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => self.confirm = None,
            _ => {}
        }
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
            Action::Pop => self.request(Leave::Pop),
            Action::Quit => self.request(Leave::Quit),
            Action::Flash(m) => self.flash = Some(m),
        }
    }

    /// Leave the top view (or every view): ask first if one would end or lose something.
    fn request(&mut self, then: Leave) {
        let asking = match then {
            Leave::Pop => self.stack.last().and_then(|v| v.leaving()),
            // Say that the whole app ends, not only the session the question names.
            Leave::Quit => self.stack.iter().rev().find_map(|v| v.leaving()).map(|q| {
                let mut q = q.chars();
                let first = q.next().map(|c| c.to_lowercase().to_string()).unwrap_or_default();
                format!("Quit certtrack: {first}{}", q.as_str())
            }),
        };
        match asking {
            Some(question) => self.confirm = Some((question, then)),
            None => {
                let ctx = &mut self.ctx;
                self.stack.last_mut().expect("a view").leave(ctx);
                self.go(then);
            }
        }
    }

    fn go(&mut self, then: Leave) {
        if then == Leave::Pop && self.stack.len() > 1 {
            self.stack.pop();
            let ctx = &mut self.ctx;
            if let Some(v) = self.stack.last_mut() {
                v.resume(ctx);
            }
            return;
        }
        self.remember_summary();
        for v in self.stack.iter_mut().rev().skip(1) {
            v.leave(&mut self.ctx);
        }
        self.quit = true;
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
        let line = match (&self.confirm, &self.flash) {
            // A narrow terminal cuts the question, never the keys that answer it.
            (Some((q, _)), _) => {
                let room = usize::from(status.width).saturating_sub(14);
                Line::styled(format!(" {}  y yes  n no", widgets::clip(q, room)), theme.warn())
            }
            (None, Some(m)) => Line::styled(format!(" {}", crate::text::one_line(m)), theme.warn()),
            (None, None) => {
                let (keys, tail) = self.footer(view.as_ref());
                widgets::key_line(&keys, &tail, status.width, theme)
            }
        };
        f.render_widget(Paragraph::new(line), status);
        if self.help {
            self.draw_help(f, main);
        }
    }

    /// The view's keys, and the tail the status line always shows: the way out (Esc back below
    /// the first screen, q quit on it; the view's own Esc if it has one) and `? help`, which a
    /// text field (where `?` types) and the inline quiz go without.
    fn footer(&self, view: &dyn View) -> (Vec<KeyHint>, Vec<KeyHint>) {
        let (mut tail, keys): (Vec<_>, Vec<_>) = view.footer(&self.ctx).into_iter().partition(|(k, _)| k == "Esc");
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        if !view.typing() && !view.handles(&esc, &self.ctx) {
            tail.push(match (self.stack.len(), view.home()) {
                (1, true) => (keys::Char('q').label(&self.ctx.keys), "quit"),
                (1, false) => ("Esc".into(), "quit"),
                // Leaving asks first (an exam simulation): say that it leaves, not just "back".
                _ if view.leaving().is_some() => ("Esc".into(), "leave"),
                _ => ("Esc".into(), "back"),
            });
        }
        if !view.typing() && !self.ctx.inline {
            tail.push((keys::Char('?').label(&self.ctx.keys), "help"));
        }
        (keys, tail)
    }

    fn draw_help(&self, f: &mut Frame, area: Rect) {
        let theme = self.ctx.theme;
        let view = self.stack.last().expect("a view");
        let mut globals = global_bindings();
        // As the status line says: on the first screen Esc quits (or, on the dashboard, not at all).
        if self.stack.len() == 1 && view.home() {
            globals.retain(|b| b.keys != [keys::ESC]);
        } else if self.stack.len() == 1 {
            globals.iter_mut().filter(|b| b.keys == [keys::ESC]).for_each(|b| b.help = "quit");
        }
        let global = keys::help(&globals, &self.ctx.keys);
        let suspend = [("Ctrl-Z".to_owned(), "suspend to the shell (fg resumes)")];
        let rows: Vec<(String, &str)> = view.help(&self.ctx).into_iter().chain(global).chain(suspend).collect();
        // Two columns when one would not fit: every key stays in sight on a small terminal.
        let two = rows.len() + 6 > usize::from(area.height);
        let per_column = if two { rows.len().div_ceil(2) } else { rows.len() };
        let (kw, ww) = if two { (12, 22) } else { (21, 36) };
        let cell = |r: Option<&(String, &str)>| match r {
            Some((k, what)) => vec![
                Span::styled(format!("{:>kw$} ", widgets::clip(k, kw)), theme.key()),
                Span::raw(format!("{:<ww$}", widgets::clip(what, ww))),
            ],
            None => vec![],
        };
        let mut lines = vec![Line::styled(format!("Keys: {}", view.title()), theme.title()), Line::raw("")];
        for i in 0..per_column {
            let mut spans = cell(rows.get(i));
            if per_column < rows.len() {
                spans.extend(cell(rows.get(i + per_column)));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("any key closes this help", theme.dim()));
        let h = (lines.len() as u16 + 2).min(area.height);
        let w = if two { 74 } else { 62 }.min(area.width);
        let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Help ")), r);
    }
}

/// A status-line entry: the key as written, and what it does.
type KeyHint = (String, &'static str);

/// The area views draw in, inside the title and status lines.
fn body(area: Rect) -> Rect {
    Rect { y: area.y + 1, height: area.height.saturating_sub(2), ..area }
}

/// Run `app` until it quits. Draws only after an event or a timer tick that changed something;
/// exits on SIGTERM/SIGHUP/SIGINT, and when the terminal goes away (a read error), instead of
/// spinning on a dead tty (crossterm issue #793).
pub fn run(app: &mut App, mode: terminal::Mode) -> anyhow::Result<()> {
    let signals = terminal::signals();
    let mut guard = terminal::Guard::new(mode)?;
    let mut dirty = true;
    while !app.quit {
        if signals.stop.load(Ordering::SeqCst) {
            break;
        }
        if signals.suspend.swap(false, Ordering::SeqCst) {
            guard.suspend()?;
            dirty = true;
        }
        if dirty {
            guard.terminal.draw(|f| app.draw(f))?;
            // Now that the frame is out, nothing waits on the store.
            app.ctx.tracker.idle();
            dirty = false;
        }
        // Never ask crossterm once the terminal is gone: it would spin (see `wait_input`).
        if terminal::wait_input(Duration::ZERO) == terminal::Wait::HungUp {
            guard.hung_up = true;
            break;
        }
        // Events crossterm already holds (the rest of a burst of keys, a resize) come first.
        if !event::poll(Duration::ZERO)? {
            match terminal::wait_input(WAIT) {
                // Nothing to draw on or read from: leave, never spin.
                terminal::Wait::HungUp => {
                    guard.hung_up = true;
                    break;
                }
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
    // However the loop ended (signal, hang-up), the views keep what they can.
    if !app.quit {
        app.leave_all();
    }
    drop(guard);
    Ok(())
}
