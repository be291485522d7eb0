//! Problems found in a syllabus or cohort file, located by byte span and rendered as
//! `file:line:column: error: message`, the offending line, a caret, and what to change.
//!
//! A file can have tens of thousands of problems (a generated file, a bad merge), so the work is
//! bounded: a report shows the first few problems of each kind and counts the rest, and every
//! problem shown is located in one walk through the file, not one walk each.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use crate::text;

/// How many problems of one kind a report shows; the rest are counted.
pub const SHOWN_PER_KIND: usize = 20;
/// Characters of the problem's line shown before and from its column: a problem on a long line
/// prints a slice of it, not the whole line and a caret line as long.
const BEFORE_CHARS: usize = 60;
const FROM_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// What sort of problem, as a short tag (`unknown-key`, `duplicate-id`): a report shows a
    /// few of each kind and counts the rest.
    pub kind: &'static str,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// For a repeat (a duplicate id, stem, choice or member): where the first one is written.
    pub first: Option<Range<usize>>,
}

impl Problem {
    pub fn error(kind: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Error, kind, span, message: message.into(), help: None, first: None }
    }

    pub fn warning(kind: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Warning, ..Problem::error(kind, span, message) }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn first_at(mut self, first: Range<usize>) -> Self {
        self.first = Some(first);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let at = Locator::new(src, [offset]).get(src, offset);
    (at.line, at.column)
}

#[derive(Debug, Clone, Copy)]
struct Position {
    line: usize,
    column: usize,
    line_start: usize,
}

const START: Position = Position { line: 1, column: 1, line_start: 0 };

/// The positions of a set of byte offsets, found in one walk through the text: sorted first,
/// each offset costs only the text since the one before. Locating each problem from the start of
/// the file made a file with 10,000 problems take seconds (docs/performance.md).
struct Locator {
    at: Vec<(usize, Position)>,
}

impl Locator {
    fn new(src: &str, offsets: impl IntoIterator<Item = usize>) -> Locator {
        let mut offsets: Vec<usize> = offsets.into_iter().map(|o| char_floor(src, o)).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut at = Vec::with_capacity(offsets.len());
        let (mut pos, mut here) = (0, START);
        for offset in offsets {
            for (i, c) in src[pos..offset].char_indices() {
                if c == '\n' {
                    here = Position { line: here.line + 1, column: 1, line_start: pos + i + 1 };
                } else {
                    here.column += 1;
                }
            }
            pos = offset;
            at.push((offset, here));
        }
        Locator { at }
    }

    /// The position of an offset given to `new`.
    fn get(&self, src: &str, offset: usize) -> Position {
        let floored = char_floor(src, offset);
        self.at.binary_search_by_key(&floored, |&(o, _)| o).map_or(START, |i| self.at[i].1)
    }
}

/// The offset clamped to the text and rounded down to a character boundary.
fn char_floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A slice of the problem's line around its column, ready to show with a caret under the span.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Excerpt {
    text: String,
    /// Characters of `text` before the caret.
    caret: usize,
    caret_len: usize,
}

impl Excerpt {
    fn new(src: &str, at: Position, span: &Range<usize>) -> Excerpt {
        let start = char_floor(src, span.start).max(at.line_start);
        let before = &src[at.line_start..start];
        let (mut text, kept) = match before.char_indices().rev().nth(BEFORE_CHARS) {
            Some((i, c)) => ("…".to_owned(), &before[i + c.len_utf8()..]),
            None => (String::new(), before),
        };
        text.push_str(kept);
        let caret = text.chars().count();
        let rest = &src[start..];
        let mut end = rest.len();
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if c == '\n' || n == FROM_CHARS {
                end = i;
                break;
            }
        }
        let shown = rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]);
        text.push_str(shown);
        if end < rest.len() && !rest[end..].starts_with('\n') {
            text.push('…');
        }
        let span_len =
            src.get(start..char_floor(src, span.end).max(start)).map_or(0, |s| s.chars().take(FROM_CHARS).count());
        let caret_len = span_len.min(shown.chars().count()).max(1);
        Excerpt { text: text::one_line(&text), caret, caret_len }
    }
}

/// A problem located in a file, ready to print. Line and column are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
    /// For a repeat: the line and column of the first one.
    pub first: Option<(usize, usize)>,
    excerpt: Excerpt,
}

impl Located {
    /// Locate one problem (a walk through the text up to it; `Diagnostics` locates many in one walk).
    pub fn new(file: &str, src: &str, problem: Problem) -> Self {
        let offsets = [Some(problem.span.start), problem.first.as_ref().map(|f| f.start)];
        Located::with(file, src, &Locator::new(src, offsets.into_iter().flatten()), problem)
    }

    fn with(file: &str, src: &str, locator: &Locator, problem: Problem) -> Self {
        let at = locator.get(src, problem.span.start);
        let first = problem.first.as_ref().map(|f| locator.get(src, f.start));
        Located {
            file: file.to_owned(),
            line: at.line,
            column: at.column,
            first: first.map(|p| (p.line, p.column)),
            excerpt: Excerpt::new(src, at, &problem.span),
            problem,
        }
    }

    /// `file:line:col: error: message`, the source line with a caret under the span, where the
    /// first one is (for a repeat), and help.
    pub fn render(&self) -> String {
        let file = text::sanitize(&self.file);
        let mut out = format!(
            "{file}:{}:{}: {}: {}\n",
            self.line,
            self.column,
            self.problem.severity.word(),
            text::sanitize(&self.problem.message)
        );
        let e = &self.excerpt;
        if !e.text.is_empty() {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, " {gutter} | {}", e.text);
            let _ = writeln!(out, " {pad} | {}{}", " ".repeat(e.caret), "^".repeat(e.caret_len));
        }
        if let Some((line, column)) = self.first {
            let _ = writeln!(out, "  note: the first is at {file}:{line}:{column}");
        }
        if let Some(help) = &self.problem.help {
            let _ = writeln!(out, "  help: {}", text::sanitize(help));
        }
        out
    }
}

/// Problems of one kind beyond those a report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct More {
    pub severity: Severity,
    pub kind: &'static str,
    pub count: usize,
}

/// The problems of one file as they are shown: the first `SHOWN_PER_KIND` of each kind, in file
/// order and located, and a count of the rest of each kind.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    file: String,
    pub shown: Vec<Located>,
    pub more: Vec<More>,
}

impl Diagnostics {
    pub fn new(file: &str, src: &str, mut problems: Vec<Problem>) -> Diagnostics {
        problems.sort_by_key(|p| p.span.start);
        let mut seen: HashMap<(Severity, &'static str), usize> = HashMap::new();
        let mut kinds = Vec::new();
        let mut shown = Vec::new();
        for p in problems {
            let n = seen.entry((p.severity, p.kind)).or_insert_with(|| {
                kinds.push((p.severity, p.kind));
                0
            });
            *n += 1;
            if *n <= SHOWN_PER_KIND {
                shown.push(p);
            }
        }
        let offsets = shown.iter().flat_map(|p| [Some(p.span.start), p.first.as_ref().map(|f| f.start)]);
        let locator = Locator::new(src, offsets.flatten());
        let more = kinds
            .into_iter()
            .map(|(severity, kind)| More {
                severity,
                kind,
                count: seen[&(severity, kind)].saturating_sub(SHOWN_PER_KIND),
            })
            .filter(|m| m.count > 0)
            .collect();
        let shown = shown.into_iter().map(|p| Located::with(file, src, &locator, p)).collect();
        Diagnostics { file: file.to_owned(), shown, more }
    }

    /// Errors in the file, shown or counted.
    pub fn errors(&self) -> usize {
        let shown = self.shown.iter().filter(|p| p.problem.is_error()).count();
        shown + self.more.iter().filter(|m| m.severity == Severity::Error).map(|m| m.count).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Every problem shown, one block each, then a line for each kind with more.
    pub fn render(&self) -> String {
        let mut out: String = self.shown.iter().map(Located::render).collect();
        let file = text::sanitize(&self.file);
        for m in &self.more {
            let plural = if m.count == 1 { "" } else { "s" };
            let _ = writeln!(out, "{file}: … and {} more {} {}{plural}", thousands(m.count), m.kind, m.severity.word());
        }
        out
    }
}

/// `9980` as `9,980`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
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
        assert_eq!(line_col(src, src.find('é').unwrap() + 1), (2, 4), "inside a character: its start");
        assert_eq!(line_col(src, 1_000), (3, 1), "past the end: the end");
    }

    #[test]
    fn render_names_file_line_column_and_points_at_the_span() {
        let src = "format = 1\nbogus = true\n";
        let start = src.find("bogus").unwrap();
        let p = Problem::error("unknown-key", start..start + 5, "unknown key `bogus`").help("remove it");
        let out = Located::new("x.toml", src, p).render();
        assert!(out.starts_with("x.toml:2:1: error: unknown key `bogus`\n"), "{out}");
        assert!(out.contains(" 2 | bogus = true\n"), "{out}");
        assert!(out.contains("   | ^^^^^\n"), "{out}");
        assert!(out.contains("help: remove it"), "{out}");
    }

    #[test]
    fn a_repeat_says_where_the_first_one_is() {
        let src = "id = \"a\"\nid = \"a\"\n";
        let p = Problem::error("duplicate-id", 14..17, "duplicate id `a`").first_at(5..8);
        let out = Located::new("x.toml", src, p).render();
        assert!(out.starts_with("x.toml:2:6: error: duplicate id `a`\n"), "{out}");
        assert!(out.contains("  note: the first is at x.toml:1:6\n"), "{out}");
    }

    #[test]
    fn a_problem_on_a_long_line_shows_a_slice_of_it() {
        let src = format!("x = [{}\"\u{1b}\", {}]\n", "1, ".repeat(10_000), "2, ".repeat(10_000));
        let start = src.find('"').unwrap();
        let out = Located::new("x.toml", &src, Problem::error("control-character", start..start + 3, "ESC")).render();
        assert!(out.starts_with(&format!("x.toml:1:{}: error: ESC\n", start + 1)), "{}", &out[..80]);
        let excerpt = out.lines().nth(1).unwrap();
        assert!(excerpt.starts_with(" 1 | …") && excerpt.ends_with('…'), "{excerpt}");
        assert_eq!(excerpt.chars().count(), " 1 | ".len() + 1 + BEFORE_CHARS + FROM_CHARS + 1);
        let caret = out.lines().nth(2).unwrap();
        assert_eq!(caret, format!("   | {}^^^", " ".repeat(1 + BEFORE_CHARS)));
    }

    #[test]
    fn a_report_shows_the_first_of_each_kind_and_counts_the_rest() {
        let src = "k = 1\n".repeat(100);
        let mut problems: Vec<Problem> =
            (0..100).map(|i| Problem::error("unknown-key", i * 6..i * 6 + 1, format!("key {i}"))).collect();
        problems.push(Problem::warning("empty-domain", 0..1, "no topics"));
        problems.reverse();
        let r = Diagnostics::new("x.toml", &src, problems);
        assert_eq!(r.shown.len(), SHOWN_PER_KIND + 1);
        assert_eq!(r.errors(), 100);
        let lines: Vec<usize> = r.shown.iter().filter(|p| p.problem.is_error()).map(|p| p.line).collect();
        assert_eq!(lines, (1..=SHOWN_PER_KIND).collect::<Vec<_>>(), "the first ones, in file order");
        assert_eq!(r.more, vec![More { severity: Severity::Error, kind: "unknown-key", count: 80 }]);
        assert!(r.render().ends_with("x.toml: … and 80 more unknown-key errors\n"), "{}", r.render());
        assert_eq!(thousands(9_980), "9,980");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
