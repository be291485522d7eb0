//! Untrusted text (syllabi, imported files, notes, snapshots) must never reach the terminal as a
//! control sequence. Loaders reject such characters; everything rendered goes through `sanitize`
//! as a second line of defence, since text can also come from a database edited by hand.

use std::borrow::Cow;

/// True for characters that can change terminal state or reorder what the reader sees:
/// C0 controls except newline and tab, DEL, C1 controls, and bidirectional overrides/isolates.
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first forbidden character and its byte offset, if any.
pub fn find_forbidden(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_forbidden(c))
}

/// A readable name for a forbidden character, for error messages (`U+001B (ESC)`).
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{1b}' => " (ESC)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (backspace)",
        '\r' => " (carriage return)",
        '\u{9b}' => " (CSI)",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => " (bidirectional override)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Replace forbidden characters with U+FFFD so the text is safe to draw. Allocates only when
/// something had to be replaced.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if find_forbidden(s).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if is_forbidden(c) { '\u{fffd}' } else { c }).collect())
}

/// Like `sanitize`, but also folds newlines and tabs to spaces, for one-line cells.
pub fn one_line(s: &str) -> String {
    sanitize(s).chars().map(|c| if c == '\n' || c == '\t' { ' ' } else { c }).collect()
}

/// Pretty JSON that is safe to print: serde_json escapes C0 controls itself; the other
/// forbidden characters (DEL, C1, bidi overrides) become `\uXXXX` escapes too. They can only
/// occur inside strings, so the JSON means exactly the same.
pub fn json(value: &impl serde::Serialize) -> String {
    let raw = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    escape_forbidden(raw)
}

/// `██████░░░░`: a fraction as a text gauge `width` cells wide (the app and the CLI both draw it).
pub fn gauge(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Untrusted text made safe for one line of a cell, cut to `max` display columns with `…`.
pub fn clip(s: &str, max: usize) -> String {
    clip_width(&one_line(s), max).into_owned()
}

/// A fraction as a percentage with one decimal, for reports (0.8567 → 85.7).
pub fn percent(fraction: f64) -> f64 {
    (fraction * 1000.0).round() / 10.0
}

/// One value as compact JSON on one line, made safe to print as `json` makes it.
pub fn json_line(value: &impl serde::Serialize) -> String {
    let raw = serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    escape_forbidden(raw)
}

fn escape_forbidden(raw: String) -> String {
    if find_forbidden(&raw).is_none() {
        return raw;
    }
    raw.chars().map(|c| if is_forbidden(c) { format!("\\u{:04x}", c as u32) } else { c.to_string() }).collect()
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some also
/// after a leading tab or carriage return); a leading apostrophe makes it text. For CSV cells
/// that hold other people's text.
pub fn defuse_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Columns the text takes on a terminal (a CJK character takes two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// At most `max` columns of `s`: a longer text is cut, and ends in `…`.
pub fn clip_width(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut used = 1; // the ellipsis
    let kept: String = s
        .chars()
        .take_while(|&c| {
            used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            used <= max
        })
        .collect();
    Cow::Owned(if max == 0 { kept } else { kept + "…" })
}

/// `s` padded with spaces to `columns` (on the right, or on the left when `right`), by width.
pub fn pad(s: &str, columns: usize, right: bool) -> String {
    let fill = " ".repeat(columns.saturating_sub(width(s)));
    if right { fill + s } else { format!("{s}{fill}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(sanitize("Amazon S3 – 11 nines ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_and_bidi_are_replaced() {
        let hostile = "a\u{1b}[2Jb\u{9b}c\u{7}d\u{202e}e\u{8}f\r";
        let clean = sanitize(hostile);
        assert!(clean.chars().all(|c| !is_forbidden(c)));
        assert_eq!(clean, "a\u{fffd}[2Jb\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}");
    }

    #[test]
    fn newline_and_tab_are_allowed_but_folded_for_one_line() {
        assert_eq!(find_forbidden("x\ny\tz"), None);
        assert_eq!(one_line("x\ny\tz"), "x y z");
    }

    #[test]
    fn json_escapes_c1_and_bidi_without_changing_the_value() {
        let v = serde_json::json!({"note": "a\u{9b}b\u{202e}c\u{1b}d"});
        let text = json(&v);
        assert!(find_forbidden(&text).is_none(), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }

    #[test]
    fn clips_count_display_columns() {
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("日本語テキスト", 5), "日本…", "wide characters take two columns");
        assert_eq!(gauge(0.5, 4), "██░░");
    }

    #[test]
    fn describe_names_common_controls() {
        assert_eq!(describe('\u{1b}'), "U+001B (ESC)");
        assert_eq!(describe('\u{202e}'), "U+202E (bidirectional override)");
    }

    #[test]
    fn formulas_are_defused_and_other_cells_left_alone() {
        for hostile in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"] {
            assert_eq!(defuse_formula(hostile), format!("'{hostile}"));
        }
        assert!(matches!(defuse_formula("ana"), Cow::Borrowed("ana")));
    }

    #[test]
    fn widths_count_terminal_columns_not_characters() {
        assert_eq!((width("東京"), width("abc"), width("é")), (4, 3, 1));
        assert_eq!(clip_width("東京大学", 5), "東京…");
        assert_eq!(clip_width("abcdef", 4), "abc…");
        assert_eq!(clip_width("abc", 3), "abc");
        assert_eq!(pad("東京", 6, false), "東京  ");
        assert_eq!(pad("7", 3, true), "  7");
    }
}
