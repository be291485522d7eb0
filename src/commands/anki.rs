//! `import anki`: the report of what came in (the work is `Tracker::import_anki`).
//!
//! `export --format anki`: an exam's flashcards (and, with `--questions`, its practice questions)
//! as a file Anki's own importer reads by its documented rules: tab-separated, quoted where a
//! field holds a tab, a newline or a quote; file headers naming the separator, a stable GUID
//! column (so re-importing updates instead of duplicating, and two exams with the same front
//! never overwrite each other), the note type, one deck per exam and a tags column.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::ImportCommand;
use crate::files;
use crate::quiz::letter;
use crate::syllabus::Syllabus;
use crate::tracker::{AnkiRequest, Tracker};

pub fn import(t: &mut Tracker, cmd: ImportCommand, out: &mut dyn Write) -> Result<ExitCode> {
    let ImportCommand::Anki { file, exam, topic, tag_map, json } = cmd;
    let decks = crate::paths::decks_dir().context("cannot find a data directory for this user")?;
    let req = AnkiRequest {
        file: &file,
        exam: exam.as_deref(),
        topic: topic.as_deref(),
        tag_map: tag_map.as_deref(),
        decks: &decks,
    };
    let r = t.import_anki(&req)?;
    if json {
        writeln!(out, "{}", crate::text::json(&r))?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{}: {} imported, {} updated, {} unchanged, {} skipped; the cards are in {}",
        r.exam,
        r.imported,
        r.updated,
        r.unchanged,
        r.skipped.len(),
        crate::text::one_line(&r.deck.display().to_string())
    )?;
    for s in &r.skipped {
        writeln!(out, "  line {}: skipped, {}", s.line, crate::text::one_line(&s.reason))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    t: &Tracker,
    exam: Option<&str>,
    questions: bool,
    out_path: Option<&Path>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let Some(exam) = exam else { bail!("an Anki export is per exam: add --exam ID (e.g. --exam SAA-C03)") };
    let s = t.syllabus(exam)?;
    match out_path {
        Some(p) => {
            let n = write_file(p, s, questions)?;
            writeln!(out, "wrote {n} notes of {} to {} (in Anki: File › Import)", s.exam.code, p.display())?;
        }
        None => {
            write_notes(&mut *out, s, questions)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_file(p: &Path, s: &Syllabus, questions: bool) -> Result<usize> {
    let mut n = 0;
    files::write_atomic(p, false, |f| {
        let mut w = BufWriter::new(f);
        n = write_notes(&mut w, s, questions).map_err(io::Error::other)?;
        w.flush()
    })
    .with_context(|| format!("{}: not written", p.display()))?;
    Ok(n)
}

/// The notes of one exam; returns how many.
pub fn write_notes(w: &mut dyn Write, s: &Syllabus, questions: bool) -> Result<usize> {
    write!(
        w,
        "#separator:tab\n#html:false\n#guid column:1\n#notetype:Basic\n#deck:certtrack::{}\n#tags column:4\n",
        one_token(&s.exam.code)
    )?;
    let mut csv = csv::WriterBuilder::new().delimiter(b'\t').has_headers(false).from_writer(w);
    let mut n = 0;
    for f in &s.flashcards {
        csv.write_record([guid(s, &f.id), clean(&f.front), clean(&f.back), tags(s, f.topic)])?;
        n += 1;
    }
    if questions {
        for q in &s.questions {
            let mut front = match q.case {
                Some(c) => format!("Case study: {}\n\n{}", clean(&s.case_studies[c].title), clean(&q.stem)),
                None => clean(&q.stem),
            };
            let shown = crate::quiz::review_order(q);
            for (p, &c) in shown.iter().enumerate() {
                front += &format!("\n{}) {}", letter(p), clean(&q.choices[c]));
            }
            let back = format!("{}\n\n{}", crate::quiz::answer_text(q, &shown), clean(&q.explanation));
            csv.write_record([guid(s, &q.id), front, back, tags(s, q.topic)])?;
            n += 1;
        }
    }
    csv.flush()?;
    Ok(n)
}

/// Stable across exports and unique across exams: `certtrack:<exam id>/<item id>`.
fn guid(s: &Syllabus, item: &str) -> String {
    format!("certtrack:{}/{item}", s.exam.id)
}

/// Space-separated Anki tags (a tag has no spaces): the exam, its domain and its topic.
fn tags(s: &Syllabus, topic: usize) -> String {
    let (exam, t) = (&s.exam.id, &s.topics[topic]);
    let domain = &s.domains[t.domain].id;
    format!("certtrack certtrack::{exam} certtrack::{exam}::{domain} certtrack::{exam}::{}", t.id)
}

/// Untrusted text for a field: no control characters; newlines kept (Anki shows them as breaks).
fn clean(text: &str) -> String {
    crate::text::sanitize(text.trim()).replace('\r', "")
}

/// A deck name part: no spaces or `::` surprises from an imported syllabus's code.
fn one_token(code: &str) -> String {
    code.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}
