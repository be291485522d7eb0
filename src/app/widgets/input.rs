//! A one-line text field with the usual line-editing keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};

use super::super::theme::Theme;
use crate::text;

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
}
