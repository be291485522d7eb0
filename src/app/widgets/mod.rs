//! Drawing helpers shared by the screens: the status line, lights, layout arithmetic; text
//! laid out in lines (`text`), a one-line text field (`input`), scrolling panes (`scroll`).

mod input;
mod scroll;
mod text;

pub use crate::text::{clip, gauge as bar};
pub use input::{Input, InputEvent};
pub use scroll::{Scroll, pinned_pane, scrolled};
pub use text::{hanging, prose, wrap};

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::study::Light;

/// The status line: the keys that matter now, as many as fit in `width`, then `tail` (the way
/// out and `? help`), which always shows: a narrow terminal drops a screen's own keys, never how
/// to leave or where the rest are.
pub fn key_line(
    keys: &[(String, &'static str)],
    tail: &[(String, &'static str)],
    width: u16,
    theme: Theme,
) -> Line<'static> {
    let cost = |k: &str, what: &str| k.chars().count() + what.chars().count() + 3;
    let reserved: usize = tail.iter().map(|(k, what)| cost(k, what)).sum();
    let mut room = usize::from(width).saturating_sub(1 + reserved);
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for (k, what) in keys {
        if cost(k, what) > room {
            break;
        }
        room -= cost(k, what);
        shown.push((k, what));
    }
    shown.extend(tail.iter().map(|(k, what)| (k.as_str(), *what)));
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in shown {
        spans.push(Span::styled(k.to_owned(), theme.key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_narrow_status_line_drops_a_screens_keys_never_the_way_out() {
        let keys: Vec<(String, &str)> =
            ["r review", "p practice", "s stats"].iter().map(|e| (e[..1].to_owned(), &e[2..])).collect();
        let tail = [("q".to_owned(), "quit"), ("?".to_owned(), "help")];
        let text = |w| key_line(&keys, &tail, w, Theme::monochrome()).to_string();
        assert_eq!(text(80).trim(), "r review  p practice  s stats  q quit  ? help");
        assert_eq!(text(32).trim(), "r review  q quit  ? help");
    }
}
