//! Small drawing helpers shared by the screens, and a one-line text input.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::study::Light;
use crate::text;

/// The status line: the keys that matter now, as many as fit in `width`, always ending with
/// `? help` (where help exists) so the rest can be found.
pub fn key_line(keys: &[(String, &'static str)], with_help: bool, width: u16, theme: Theme) -> Line<'static> {
    let cost = |k: &str, what: &str| k.chars().count() + what.chars().count() + 3;
    let mut room = usize::from(width).saturating_sub(1 + if with_help { cost("?", "help") } else { 0 });
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for (k, what) in keys {
        if cost(k, what) > room {
            break;
        }
        room -= cost(k, what);
        shown.push((k, what));
    }
    if with_help {
        shown.push(("?", "help"));
    }
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in shown {
        spans.push(Span::styled(k.to_owned(), theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

/// Untrusted prose (stems, explanations, summaries) as lines: made safe, and reflowed, since
/// TOML authors break lines by hand; blank lines stay paragraph breaks.
pub fn prose(s: &str) -> Vec<Line<'static>> {
    let safe = text::sanitize(s);
    let mut lines = Vec::new();
    for (i, p) in safe.split("\n\n").enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::raw(p.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    lines
}

/// A choice as lines of at most `width` columns, wrapped under its text rather than under its
/// `prefix` (" ● B) "), so the letters stay a clean column. The text is untrusted.
pub fn hanging(prefix: String, text_: &str, style: Style, width: u16) -> Vec<Line<'static>> {
    let indent = Span::raw(prefix.as_str()).width();
    let room = usize::from(width).saturating_sub(indent).max(10);
    let mut rows: Vec<String> = vec![String::new()];
    let mut used = 0; // columns taken on the last row
    for word in text::one_line(text_).split_whitespace() {
        let w = Span::raw(word).width();
        let row = rows.last_mut().expect("one row at least");
        if row.is_empty() {
            row.push_str(word);
            used = w;
        } else if used + 1 + w <= room {
            row.push(' ');
            row.push_str(word);
            used += 1 + w;
        } else {
            rows.push(word.to_owned());
            used = w;
        }
    }
    let pad = " ".repeat(indent);
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let lead = if i == 0 { prefix.clone() } else { pad.clone() };
            Line::from(vec![Span::raw(lead), Span::styled(row, style)])
        })
        .collect()
}

/// `██████░░░░` for a fraction.
pub fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// A light as a coloured word (readable without colour too).
pub fn light(l: Light, theme: Theme) -> Span<'static> {
    let word = match l {
        Light::Red => "● red",
        Light::Amber => "● amber",
        Light::Green => "● green",
    };
    Span::styled(word, theme.light(l))
}

/// Untrusted text made safe for one line of a cell, cut to `max` characters.
pub fn clip(s: &str, max: usize) -> String {
    let s = text::one_line(s);
    if s.chars().count() <= max || max == 0 {
        return s;
    }
    s.chars().take(max.saturating_sub(1)).chain(['…']).collect()
}

pub fn styled(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

/// A rectangle of at most `w`×`h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Move a selection by `delta` within `len` items, clamped.
pub fn step(sel: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    sel.saturating_add_signed(delta).min(len - 1)
}

/// Up/down movement keys (arrows and vim), as a delta.
pub fn movement(k: &KeyEvent) -> Option<isize> {
    match k.code {
        KeyCode::Up | KeyCode::Char('k') => Some(-1),
        KeyCode::Down | KeyCode::Char('j') => Some(1),
        KeyCode::PageUp => Some(-10),
        KeyCode::PageDown => Some(10),
        KeyCode::Home | KeyCode::Char('g') => Some(isize::MIN / 2),
        KeyCode::End | KeyCode::Char('G') => Some(isize::MAX / 2),
        _ => None,
    }
}

/// A one-line text field: typing, backspace, arrows, home/end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub value: String,
    cursor: usize,
}

pub enum InputEvent {
    Edited,
    Submit,
    Cancel,
}

impl Input {
    pub fn new(value: &str) -> Input {
        Input { value: value.to_owned(), cursor: value.chars().count() }
    }

    pub fn handle(&mut self, k: &KeyEvent) -> InputEvent {
        let byte = |s: &str, c: usize| s.char_indices().nth(c).map_or(s.len(), |(i, _)| i);
        match k.code {
            KeyCode::Enter => return InputEvent::Submit,
            KeyCode::Esc => return InputEvent::Cancel,
            KeyCode::Char(c) if !text::is_forbidden(c) && self.value.len() < 2_000 => {
                let at = byte(&self.value, self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = byte(&self.value, self.cursor);
                self.value.remove(at);
            }
            KeyCode::Delete if self.cursor < self.value.chars().count() => {
                let at = byte(&self.value, self.cursor);
                self.value.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.chars().count(),
            _ => {}
        }
        InputEvent::Edited
    }

    /// The field as a line with a visible cursor.
    pub fn line(&self, label: &str, theme: Theme) -> Line<'static> {
        let (before, after): (String, String) = {
            let chars: Vec<char> = self.value.chars().collect();
            (chars[..self.cursor].iter().collect(), chars[self.cursor..].iter().collect())
        };
        Line::from(vec![
            Span::styled(format!("{label}: "), theme.key()),
            Span::raw(before),
            Span::styled("▏", theme.key()),
            Span::raw(after),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn input_edits_at_the_cursor_and_refuses_control_characters() {
        let mut i = Input::new("ac");
        i.handle(&k(KeyCode::Left));
        i.handle(&k(KeyCode::Char('b')));
        i.handle(&k(KeyCode::Char('\u{1b}')));
        assert_eq!(i.value, "abc");
        i.handle(&k(KeyCode::End));
        i.handle(&k(KeyCode::Backspace));
        assert_eq!(i.value, "ab");
        assert!(matches!(i.handle(&k(KeyCode::Enter)), InputEvent::Submit));
    }

    #[test]
    fn steps_clamp_to_the_list() {
        assert_eq!(step(0, -1, 5), 0);
        assert_eq!(step(3, 10, 5), 4);
        assert_eq!(step(2, isize::MIN / 2, 5), 0);
        assert_eq!(step(0, 1, 0), 0);
    }

    #[test]
    fn bars_and_clips() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("a\u{1b}[2Jb", 10), "a\u{fffd}[2Jb");
    }

    #[test]
    fn long_choices_wrap_under_their_text_within_the_width() {
        let text = "Peer Spoke1 directly with Spoke2 and allow access in both directions \u{1b}[31m";
        let lines = hanging("  A) ".into(), text, Style::new(), 30);
        let rows: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert!(rows.len() > 2, "{rows:?}");
        assert!(rows[0].starts_with("  A) Peer"), "{rows:?}");
        for row in &rows[1..] {
            assert!(row.starts_with("     ") && !row[5..].starts_with(' '), "hangs under the text: {rows:?}");
        }
        assert!(rows.iter().all(|r| r.chars().count() <= 30), "{rows:?}");
        assert!(!rows.concat().contains('\u{1b}'), "{rows:?}");
    }
}
