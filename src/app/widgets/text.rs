//! Text laid out for the screen: untrusted prose reflowed, choices with a hanging indent, and
//! lines wrapped to a width once (so a pane knows its height and can scroll).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text;

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

/// Lines word-wrapped to `width` columns, styles kept: a pane that knows its height can scroll.
/// Lines that fit are kept as they are (so hanging indents survive).
pub fn wrap(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width {
            out.push(line);
            continue;
        }
        let mut row: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in &line.spans {
            for word in span.content.split_whitespace() {
                let w = Span::raw(word).width();
                if used > 0 && used + 1 + w > width {
                    out.push(Line::from(std::mem::take(&mut row)).style(line.style));
                    used = 0;
                }
                if used > 0 {
                    row.push(Span::styled(" ", span.style));
                    used += 1;
                }
                row.push(Span::styled(word.to_owned(), span.style));
                used += w;
            }
        }
        out.push(Line::from(row).style(line.style));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn wrapping_keeps_styles_and_fits_the_width() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![Span::styled("Correct ✓", bold), Span::raw(" the answer is B and C, because")]);
        let rows = wrap(vec![line, Line::raw("short")], 12);
        assert!(rows.len() > 3, "{rows:?}");
        assert!(rows.iter().all(|r| r.width() <= 12), "{rows:?}");
        assert_eq!(rows[0].spans[0].style, bold);
        assert_eq!(rows.last().unwrap().to_string(), "short");
    }
}
