//! Small drawing helpers shared by the screens, and a one-line text input.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

/// The byte offset of character `c` in `s`.
fn byte(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map_or(s.len(), |(i, _)| i)
}

impl Input {
    pub fn new(value: &str) -> Input {
        Input { value: value.to_owned(), cursor: value.chars().count() }
    }

    /// A key typed into the field: text, and the usual line-editing keys (Ctrl-A/E home and
    /// end, Ctrl-U/K delete to the start/end, Ctrl-W and Alt-Backspace the word before, Ctrl-←/→
    /// by word). Other control keys are ignored, never typed as letters.
    pub fn handle(&mut self, k: &KeyEvent) -> InputEvent {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        let len = self.value.chars().count();
        match (k.code, ctrl, alt) {
            (KeyCode::Enter, ..) => return InputEvent::Submit,
            (KeyCode::Esc, ..) => return InputEvent::Cancel,
            (KeyCode::Char('a'), true, _) | (KeyCode::Home, ..) => self.cursor = 0,
            (KeyCode::Char('e'), true, _) | (KeyCode::End, ..) => self.cursor = len,
            (KeyCode::Char('u'), true, _) => self.delete(0, self.cursor),
            (KeyCode::Char('k'), true, _) => self.delete(self.cursor, len),
            (KeyCode::Char('w'), true, _) | (KeyCode::Backspace, true, _) | (KeyCode::Backspace, _, true) => {
                self.delete(self.word_start(), self.cursor)
            }
            (KeyCode::Left, true, _) | (KeyCode::Char('b'), _, true) => self.cursor = self.word_start(),
            (KeyCode::Right, true, _) | (KeyCode::Char('f'), _, true) => self.cursor = self.word_end(),
            (KeyCode::Char(_), true, _) | (KeyCode::Char(_), _, true) => {}
            (KeyCode::Char(c), ..) if !text::is_forbidden(c) && self.value.len() < 2_000 => {
                let at = byte(&self.value, self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            (KeyCode::Backspace, ..) if self.cursor > 0 => self.delete(self.cursor - 1, self.cursor),
            (KeyCode::Delete, ..) if self.cursor < len => self.delete(self.cursor, self.cursor + 1),
            (KeyCode::Left, ..) => self.cursor = self.cursor.saturating_sub(1),
            (KeyCode::Right, ..) => self.cursor = (self.cursor + 1).min(len),
            _ => {}
        }
        InputEvent::Edited
    }

    /// Remove the characters `from..to` and leave the cursor at `from`.
    fn delete(&mut self, from: usize, to: usize) {
        let (a, b) = (byte(&self.value, from), byte(&self.value, to));
        self.value.replace_range(a..b, "");
        self.cursor = from;
    }

    /// Where the word before the cursor starts (spaces before it included).
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.value.chars().collect();
        let mut i = self.cursor;
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    fn word_end(&self) -> usize {
        let chars: Vec<char> = self.value.chars().collect();
        let mut i = self.cursor;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        i
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
    fn line_editing_keys_edit_and_other_control_keys_type_nothing() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let mut i = Input::new("2027-03-01 extra words");
        i.handle(&ctrl('w'));
        assert_eq!(i.value, "2027-03-01 extra ");
        i.handle(&ctrl('u'));
        assert_eq!(i.value, "");
        for c in "2027-03-01".chars() {
            i.handle(&k(KeyCode::Char(c)));
        }
        i.handle(&ctrl('a'));
        i.handle(&ctrl('k'));
        assert_eq!(i.value, "", "Ctrl-A then Ctrl-K clears from the start");
        i.handle(&k(KeyCode::Char('x')));
        i.handle(&ctrl('t'));
        i.handle(&KeyEvent::new(KeyCode::Char('z'), KeyModifiers::ALT));
        assert_eq!(i.value, "x", "no control key is typed as its letter");
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
