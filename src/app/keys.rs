//! Keys as data. Each screen lists its bindings — the keys, the message they send, what they do —
//! and that one list drives the handling, the status line, the help screen and remapping, so the
//! keys shown are always the keys in force (gitui's key list, ratatui's component template).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyMap;

/// A key as bindings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

pub use Key::{Char, Code, Ctrl};

pub const UP: Key = Code(KeyCode::Up);
pub const DOWN: Key = Code(KeyCode::Down);
pub const LEFT: Key = Code(KeyCode::Left);
pub const RIGHT: Key = Code(KeyCode::Right);
pub const ENTER: Key = Code(KeyCode::Enter);
pub const ESC: Key = Code(KeyCode::Esc);
pub const TAB: Key = Code(KeyCode::Tab);
pub const BACKTAB: Key = Code(KeyCode::BackTab);
pub const SPACE: Key = Char(' ');
pub const PAGE_UP: Key = Code(KeyCode::PageUp);
pub const PAGE_DOWN: Key = Code(KeyCode::PageDown);
pub const HOME: Key = Code(KeyCode::Home);
pub const END: Key = Code(KeyCode::End);

impl Key {
    /// The key of a terminal event (Shift+letter arrives as the capital letter).
    pub fn of(k: &KeyEvent) -> Key {
        match k.code {
            KeyCode::Char(c) if k.modifiers.contains(KeyModifiers::CONTROL) => Ctrl(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Char(c),
            code => Code(code),
        }
    }

    /// This key as the user presses it, after the config's remapping.
    fn remapped(self, keys: &KeyMap) -> Key {
        match self {
            Char(c) => Char(keys.user_key(c)),
            other => other,
        }
    }

    /// How the key is written on screen.
    pub fn label(self, keys: &KeyMap) -> String {
        match self.remapped(keys) {
            Char(' ') => "Space".into(),
            Char(c) => c.to_string(),
            Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Code(KeyCode::Up) => "↑".into(),
            Code(KeyCode::Down) => "↓".into(),
            Code(KeyCode::Left) => "←".into(),
            Code(KeyCode::Right) => "→".into(),
            Code(KeyCode::PageUp) => "PgUp".into(),
            Code(KeyCode::PageDown) => "PgDn".into(),
            Code(KeyCode::BackTab) => "Shift-Tab".into(),
            Code(code) => code.to_string(),
        }
    }
}

/// What one or more keys do on a screen.
#[derive(Debug, Clone)]
pub struct Binding<M> {
    pub keys: Vec<Key>,
    pub msg: M,
    /// What it does, for the help screen.
    pub help: &'static str,
    /// The status line's entry: (keys as written there, what), or `None` to show it in help only.
    pub footer: Option<(&'static str, &'static str)>,
}

impl<M> Binding<M> {
    /// A binding shown in the status line as its first key and `help`.
    pub fn new(keys: &[Key], msg: M, help: &'static str) -> Binding<M> {
        Binding { keys: keys.to_vec(), msg, help, footer: Some(("", help)) }
    }

    pub fn map<N>(self, f: impl FnOnce(M) -> N) -> Binding<N> {
        Binding { keys: self.keys, msg: f(self.msg), help: self.help, footer: self.footer }
    }

    /// In help only (a second key of a pair, say).
    pub fn help_only(mut self) -> Binding<M> {
        self.footer = None;
        self
    }

    /// Shown in the status line as `keys what` (e.g. "↑↓ select" for a pair of bindings).
    pub fn shown(mut self, keys: &'static str, what: &'static str) -> Binding<M> {
        self.footer = Some((keys, what));
        self
    }
}

/// The message of the binding `k` triggers, with the config's remapping applied: a remapped key
/// answers only on its new key.
pub fn dispatch<M: Clone>(bindings: &[Binding<M>], k: &KeyEvent, keys: &KeyMap) -> Option<M> {
    let pressed = Key::of(k);
    bindings.iter().find(|b| b.keys.iter().any(|key| key.remapped(keys) == pressed)).map(|b| b.msg.clone())
}

/// The status line's entries, keys as the user presses them.
pub fn footer<M>(bindings: &[Binding<M>], keys: &KeyMap) -> Vec<(String, &'static str)> {
    bindings
        .iter()
        .filter_map(|b| {
            let (written, what) = b.footer?;
            let shown = if written.is_empty() || b.keys.iter().any(|k| k.remapped(keys) != *k) {
                b.keys.first()?.label(keys)
            } else {
                written.to_owned()
            };
            Some((shown, what))
        })
        .collect()
}

/// Every binding once for the help screen: its keys, and what it does. Bindings that do the
/// same (the list movements) share one row.
pub fn help<M>(bindings: &[Binding<M>], keys: &KeyMap) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    for b in bindings {
        let written = match b.help {
            MOVE => "↑↓ PgUp PgDn Home End".to_owned(),
            _ => b.keys.iter().map(|k| k.label(keys)).collect::<Vec<_>>().join("/"),
        };
        match rows.iter_mut().find(|r| r.1 == b.help) {
            Some(row) if b.help != MOVE => row.0 = format!("{} {written}", row.0),
            Some(_) => {}
            None => rows.push((written, b.help)),
        }
    }
    rows
}

/// Keys bound twice in `bindings` (after remapping): each is a bug, as only the first would act.
pub fn conflicts<M>(bindings: &[Binding<M>], keys: &KeyMap) -> Vec<String> {
    let mut seen: Vec<(Key, &str)> = Vec::new();
    let mut out = Vec::new();
    for b in bindings {
        for k in &b.keys {
            let k = k.remapped(keys);
            match seen.iter().find(|(s, _)| *s == k) {
                Some((_, first)) => out.push(format!("{} is bound to both `{first}` and `{}`", k.label(keys), b.help)),
                None => seen.push((k, b.help)),
            }
        }
    }
    out
}

/// Up and down a list, by one, by a page, to either end (arrows, PgUp/PgDn, Home/End, and vim's
/// j/k and G; `g` is left to the screens, where it means green).
pub fn list_moves<M: Clone>(up: M, down: M, page_up: M, page_down: M, first: M, last: M) -> Vec<Binding<M>> {
    vec![
        Binding::new(&[UP, Char('k')], up, MOVE).shown("↑↓", "select"),
        Binding::new(&[DOWN, Char('j')], down, MOVE).help_only(),
        Binding::new(&[PAGE_UP], page_up, MOVE).help_only(),
        Binding::new(&[PAGE_DOWN], page_down, MOVE).help_only(),
        Binding::new(&[HOME], first, MOVE).help_only(),
        Binding::new(&[END, Char('G')], last, MOVE).help_only(),
    ]
}

/// The help text of the list movements, which help shows as one row.
const MOVE: &str = "move (a page, to the ends)";

/// A list movement as a step for `widgets::step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
}

impl Move {
    pub fn delta(self) -> isize {
        match self {
            Move::Up => -1,
            Move::Down => 1,
            Move::PageUp => -10,
            Move::PageDown => 10,
            Move::First => isize::MIN / 2,
            Move::Last => isize::MAX / 2,
        }
    }
}

/// `list_moves` for screens whose message wraps a `Move`.
pub fn moves<M: Clone>(wrap: impl Fn(Move) -> M) -> Vec<Binding<M>> {
    list_moves(
        wrap(Move::Up),
        wrap(Move::Down),
        wrap(Move::PageUp),
        wrap(Move::PageDown),
        wrap(Move::First),
        wrap(Move::Last),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn a_remapped_key_answers_on_its_new_letter_only_and_is_shown_so() {
        let b = vec![Binding::new(&[Char('r')], 1, "review"), Binding::new(&[Char('p')], 2, "practice")];
        let keys = KeyMap::new(&[("r".to_owned(), "v".to_owned())].into()).unwrap();
        assert_eq!(dispatch(&b, &ev('v'), &keys), Some(1));
        assert_eq!(dispatch(&b, &ev('r'), &keys), None, "the old letter no longer acts");
        assert_eq!(footer(&b, &keys)[0], ("v".to_owned(), "review"));
        assert_eq!(dispatch(&b, &ev('p'), &keys), Some(2));
    }

    #[test]
    fn conflicts_are_found_also_after_remapping() {
        let b = vec![Binding::new(&[Char('g')], 1, "green"), Binding::new(&[HOME, Char('g')], 2, "first")];
        assert_eq!(conflicts(&b, &KeyMap::default()).len(), 1);
        let ok = vec![Binding::new(&[Char('r')], 1, "red"), Binding::new(&[Char('v')], 2, "view")];
        assert!(conflicts(&ok, &KeyMap::default()).is_empty());
        let keys = KeyMap::new(&[("r".to_owned(), "v".to_owned())].into()).unwrap();
        assert_eq!(conflicts(&ok, &keys).len(), 1, "r remapped onto v clashes with v");
    }

    #[test]
    fn control_keys_are_not_their_letters() {
        let b = vec![Binding::new(&[Char('u')], 1, "undo")];
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(dispatch(&b, &ctrl_u, &KeyMap::default()), None);
    }
}
