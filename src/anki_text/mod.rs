//! Reading flashcards from Anki's "Notes in Plain Text" export, and from plain TSV/CSV files with
//! a header row. Anki's rules (its manual, "Importing text files"): `#key:value` header lines
//! at the top (`#separator:`, `#html:`, `#guid column:`, `#tags column:`, `#columns:`, …,
//! columns counted from 1); then one note per record, fields split by the separator, a field
//! quoted with `"` when it holds the separator, a newline or a quote (a quote inside doubled);
//! in such a file a line starting with `#` is a comment. Pure: text in, notes out.

pub mod html;

use crate::text;

/// One note as read: its fields turned into plain, safe text.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The line the record starts on, for the report.
    pub line: usize,
    pub guid: Option<String>,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
}

/// A record that could not be a note, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub line: usize,
    pub why: String,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub notes: Vec<Note>,
    pub skipped: Vec<Skipped>,
}

/// Which column holds what.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    front: usize,
    back: usize,
    guid: Option<usize>,
    tags: Option<usize>,
}

struct Layout {
    separator: u8,
    html: Option<bool>,
    columns: Columns,
    /// Anki's own file: `#` lines are comments. A plain CSV has no comments.
    comments: bool,
    /// Lines before the records (headers, the header row).
    skip_lines: usize,
    has_header_row: bool,
}

/// Read the notes of `src`. `Err` when the file is not one we can read at all (no columns for
/// front and back, an unknown separator); bad records are `skipped`, each with its reason.
pub fn parse(src: &str) -> Result<Parsed, String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let layout = layout(src)?;
    let body: String = src.split_inclusive('\n').skip(layout.skip_lines).collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(layout.separator)
        .has_headers(layout.has_header_row)
        .flexible(true)
        .comment(layout.comments.then_some(b'#'))
        .from_reader(body.as_bytes());
    let mut parsed = Parsed::default();
    let first_line = layout.skip_lines + usize::from(layout.has_header_row);
    for record in reader.records() {
        let record = record.map_err(|e| format!("cannot read it as {}: {e}", separator_name(layout.separator)))?;
        // By byte offset, stepping over comment lines: a record's position is where the
        // comments before it start.
        let mut at = record.position().map_or(0, |p| p.byte() as usize).min(body.len());
        while layout.comments && body[at..].starts_with('#') {
            at = body[at..].find('\n').map_or(body.len(), |e| at + e + 1);
        }
        let line =
            (layout.skip_lines + 1 + body.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count()).max(first_line + 1);
        match note(&record, &layout, line) {
            Ok(n) => parsed.notes.push(n),
            Err(why) => parsed.skipped.push(Skipped { line, why }),
        }
    }
    Ok(parsed)
}

fn note(record: &csv::StringRecord, layout: &Layout, line: usize) -> Result<Note, String> {
    let c = layout.columns;
    let field = |i: usize| record.get(i).unwrap_or("");
    if record.len() <= c.front.max(c.back) {
        return Err(format!(
            "it has {} field(s); front and back are columns {} and {}",
            record.len(),
            c.front + 1,
            c.back + 1
        ));
    }
    let plain = |s: &str| {
        let html = layout.html.unwrap_or_else(|| looks_like_html(s));
        let s = s.replace("\r\n", "\n");
        let s = if html { html::to_text(&s) } else { s.trim().to_owned() };
        text::sanitize(&s).replace('\r', "\n")
    };
    let guid = c.guid.map(field).map(str::trim).filter(|g| !g.is_empty()).map(text::one_line);
    let tags = c.tags.map_or(Vec::new(), |i| field(i).split_whitespace().map(text::one_line).collect());
    Ok(Note { line, guid, front: plain(field(c.front)), back: plain(field(c.back)), tags })
}

/// Without `#html:`, a field is HTML when it holds a tag Anki writes or an entity.
fn looks_like_html(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    ["<br", "<div", "<p>", "<b>", "<i>", "<u>", "<span", "<img", "<ul", "<ol", "<li", "&nbsp;", "&amp;", "&lt;"]
        .iter()
        .any(|t| lower.contains(t))
}

fn layout(src: &str) -> Result<Layout, String> {
    let headers: Vec<(String, String)> = src
        .lines()
        .map_while(|l| l.strip_prefix('#').and_then(|l| l.split_once(':')))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim_end_matches('\r').to_owned()))
        .collect();
    if headers.is_empty() {
        return plain_layout(src);
    }
    let get = |k: &str| headers.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let separator = match get("separator") {
        Some(s) => separator(s)?,
        None => guess_separator(src.lines().nth(headers.len()).unwrap_or("")),
    };
    let column = |k: &str| -> Result<Option<usize>, String> {
        get(k)
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n >= 1)
                    .map(|n| n - 1)
                    .ok_or(format!("`#{k}:{v}` is not a column number"))
            })
            .transpose()
    };
    let guid = column("guid column")?;
    let tags = column("tags column")?;
    let special: Vec<usize> =
        [guid, tags, column("notetype column")?, column("deck column")?].into_iter().flatten().collect();
    let columns = match get("columns") {
        Some(names) => named_columns(&names.split(separator as char).map(str::to_owned).collect::<Vec<_>>())
            .map(|c| Columns { guid: c.guid.or(guid), tags: c.tags.or(tags), ..c })?,
        None => {
            let mut fields = (0..).filter(|i| !special.contains(i));
            Columns { front: fields.next().unwrap_or(0), back: fields.next().unwrap_or(1), guid, tags }
        }
    };
    let html = match get("html").map(str::trim) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    Ok(Layout { separator, html, columns, comments: true, skip_lines: headers.len(), has_header_row: false })
}

/// A TSV/CSV without Anki's headers: its first line must name the columns.
fn plain_layout(src: &str) -> Result<Layout, String> {
    let first = src.lines().next().unwrap_or("");
    let separator = guess_separator(first);
    let names: Vec<String> = first.split(separator as char).map(|n| n.trim().trim_matches('"').to_owned()).collect();
    let columns = named_columns(&names)?;
    Ok(Layout { separator, html: None, columns, comments: false, skip_lines: 0, has_header_row: true })
}

fn named_columns(names: &[String]) -> Result<Columns, String> {
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.iter().any(|w| n.trim().eq_ignore_ascii_case(w)));
    match (find(&["front", "question", "text"]), find(&["back", "answer", "extra"])) {
        (Some(front), Some(back)) => {
            Ok(Columns { front, back, guid: find(&["guid", "anki guid", "id"]), tags: find(&["tags"]) })
        }
        _ => Err(format!(
            "no columns for front and back: the first line names `{}`. Use Anki's \"Notes in Plain Text\" \
             export, or start the file with a header row such as `front,back,tags`",
            text::clip(&names.join(", "), 80)
        )),
    }
}

/// Anki's names for separators, or the character itself.
fn separator(value: &str) -> Result<u8, String> {
    match value.to_ascii_lowercase().as_str() {
        "tab" | "\t" => Ok(b'\t'),
        "comma" | "," => Ok(b','),
        "semicolon" | ";" => Ok(b';'),
        "space" | " " => Ok(b' '),
        "pipe" | "|" => Ok(b'|'),
        "colon" | ":" => Ok(b':'),
        other => Err(format!(
            "`#separator:{}` is not a separator Anki writes (tab, comma, semicolon, space, pipe, colon)",
            text::one_line(other)
        )),
    }
}

/// The separator of a line: a tab if it has one, else the more common of `;` and `,`.
fn guess_separator(line: &str) -> u8 {
    let count = |c| line.matches(c).count();
    if line.contains('\t') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

fn separator_name(b: u8) -> &'static str {
    match b {
        b'\t' => "tab-separated text",
        b';' => "semicolon-separated text",
        _ => "comma-separated text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anki_headers_name_the_columns_and_quotes_follow_csv_rules() {
        let src = "#separator:tab\n#html:true\n#guid column:1\n#tags column:4\n\
                   g1\t<b>Front</b>\t\"a \"\"quoted\"\"\ttab\nand a line\"\tt1 t2\n\
                   # a comment line\n\
                   g2\t\"# not a comment\"\tback\t\n";
        let p = parse(src).unwrap();
        assert_eq!(p.skipped, vec![]);
        assert_eq!(p.notes.len(), 2);
        let n = &p.notes[0];
        assert_eq!(
            (n.guid.as_deref(), n.front.as_str(), n.back.as_str()),
            (Some("g1"), "Front", "a \"quoted\"\ttab\nand a line")
        );
        assert_eq!((n.tags.clone(), n.line), (vec!["t1".to_owned(), "t2".to_owned()], 5));
        assert_eq!((p.notes[1].front.as_str(), p.notes[1].line), ("# not a comment", 8));
    }

    #[test]
    fn a_plain_csv_needs_a_header_row_and_may_use_semicolons() {
        let p = parse("Question;Answer;Tags\n\"x; y\";z;a::b\n").unwrap();
        assert_eq!((p.notes[0].front.as_str(), p.notes[0].back.as_str()), ("x; y", "z"));
        assert_eq!(p.notes[0].tags, vec!["a::b"]);
        let err = parse("one,two\nx,y\n").unwrap_err();
        assert!(err.contains("no columns for front and back"), "{err}");
    }

    #[test]
    fn short_records_are_skipped_with_their_line() {
        let p = parse("#separator:comma\nonly-one\nf,b\n").unwrap();
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].line, 2);
        assert!(p.skipped[0].why.contains("1 field"), "{:?}", p.skipped);
        assert_eq!(p.notes[0].line, 3);
    }

    proptest::proptest! {
        /// Whatever the bytes, reading them ends with notes or an error, never a panic, and no
        /// note carries a control character.
        #[test]
        fn any_text_reads_without_panicking_or_control_characters(
            head in proptest::sample::select(vec!["", "#separator:tab\n#html:true\n", "#separator:;\n#guid column:1\n", "front,back\n"]),
            body in "[\\PC\t\n\r\u{1b}\u{9b}\"#<>&;,]{0,200}",
        ) {
            if let Ok(p) = parse(&format!("{head}{body}")) {
                for n in p.notes {
                    proptest::prop_assert!(text::find_forbidden(&n.front).is_none() && text::find_forbidden(&n.back).is_none());
                }
            }
        }

        #[test]
        fn any_html_becomes_text_without_panicking(s in "[\\PC<>&#;/a-z!\\-]{0,200}") {
            let _ = html::to_text(&s);
        }
    }
}
