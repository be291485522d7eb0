//! Problems found in a syllabus file, located by byte span and rendered as
//! `file:line:column: error: message`, the offending line, a caret, and what to change.

use std::fmt::Write as _;
use std::ops::Range;

use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Error, span, message: message.into(), help: None }
    }

    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Warning, span, message: message.into(), help: None }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(src, offset.min(src.len()));
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A problem located in a file, ready to print. Line and column are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
    source_line: String,
    caret_len: usize,
}

impl Located {
    pub fn new(file: &str, src: &str, problem: Problem) -> Self {
        let (line, column) = line_col(src, problem.span.start);
        let source_line = src.lines().nth(line - 1).unwrap_or("").to_owned();
        let span_chars = src
            .get(problem.span.start.min(src.len())..problem.span.end.min(src.len()))
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
        Located { file: file.to_owned(), line, column, problem, source_line, caret_len: span_chars.max(1) }
    }

    /// `file:line:col: error: message`, the source line with a caret under the span, and help.
    pub fn render(&self) -> String {
        let kind = match self.problem.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{}:{}:{}: {kind}: {}\n",
            text::sanitize(&self.file),
            self.line,
            self.column,
            text::sanitize(&self.problem.message)
        );
        if !self.source_line.is_empty() {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let shown = text::one_line(&self.source_line);
            let caret_len = self.caret_len.min(shown.chars().count().saturating_sub(self.column - 1).max(1));
            let _ = writeln!(out, " {gutter} | {shown}");
            let _ = writeln!(out, " {pad} | {}{}", " ".repeat(self.column - 1), "^".repeat(caret_len));
        }
        if let Some(help) = &self.problem.help {
            let _ = writeln!(out, "  help: {}", text::sanitize(help));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a = 1\nnamé = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        let off = src.find("= \"x").unwrap();
        assert_eq!(line_col(src, off), (2, 6));
    }

    #[test]
    fn render_names_file_line_column_and_points_at_the_span() {
        let src = "format = 1\nbogus = true\n";
        let start = src.find("bogus").unwrap();
        let p = Problem::error(start..start + 5, "unknown key `bogus`").help("remove it");
        let out = Located::new("x.toml", src, p).render();
        assert!(out.starts_with("x.toml:2:1: error: unknown key `bogus`\n"), "{out}");
        assert!(out.contains(" 2 | bogus = true\n"), "{out}");
        assert!(out.contains("   | ^^^^^\n"), "{out}");
        assert!(out.contains("help: remove it"), "{out}");
    }
}
