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
    use unicode_width::UnicodeWidthChar;
    let s = one_line(s);
    if unicode_width::UnicodeWidthStr::width(s.as_str()) <= max || max == 0 {
        return s;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
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

/// A spreadsheet cell that cannot run: spreadsheets treat a cell starting with = + - @ (or a
/// tab or carriage return before one) as a formula; a leading apostrophe makes it text.
pub fn defuse_cell(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
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
    fn spreadsheet_formulas_are_defused() {
        for f in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\t=1"] {
            assert!(defuse_cell(f).starts_with('\''), "{f}");
        }
        assert_eq!(defuse_cell("plain"), "plain");
    }

    #[test]
    fn describe_names_common_controls() {
        assert_eq!(describe('\u{1b}'), "U+001B (ESC)");
        assert_eq!(describe('\u{202e}'), "U+202E (bidirectional override)");
    }
}
