//! `certtrack syllabus list | show | validate` (and `lint`, in `lint.rs`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::table::Table;
use crate::cli::SyllabusCommand;
use crate::syllabus::{Catalog, Entry, PassMark, Syllabus, catalog, check};
use crate::text;

pub fn run(cmd: SyllabusCommand, catalog: &Catalog, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    match cmd {
        SyllabusCommand::List { json } => list(catalog, json, out),
        SyllabusCommand::Show { id, json } => show(catalog, &id, json, out),
        SyllabusCommand::Validate { files } => validate(&files, out),
        SyllabusCommand::Lint { target, json } => super::lint::run(catalog, &target, json, out),
        SyllabusCommand::Import { .. } => unreachable!("import needs the database; commands::run handles it"),
    }
}

pub fn import(
    t: &mut crate::tracker::Tracker,
    files: &[std::path::PathBuf],
    force: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for f in files {
        match t.import_file(f, force, crate::clock::now()) {
            Ok(msg) => writeln!(out, "{}: {}", f.display(), text::one_line(&msg))?,
            Err(problems) => {
                failed = true;
                write!(out, "{}", text::sanitize(&problems))?;
            }
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn list(catalog: &Catalog, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if json {
        let exams: Vec<Value> = catalog.entries().into_iter().map(list_json).collect();
        writeln!(out, "{}", crate::text::json(&exams))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t =
        Table::new(&["ID", "PROVIDER", "CODE", "NAME", "DOMAINS#", "TOPICS#", "QUESTIONS#", "CARDS#", "STATUS"]);
    for e in catalog.entries() {
        let s = &e.syllabus;
        t.row(vec![
            s.exam.id.clone(),
            s.exam.provider.as_str().into(),
            s.exam.code.clone(),
            text::clip(&s.exam.name, 48),
            s.domains.len().to_string(),
            s.topics.len().to_string(),
            s.questions.len().to_string(),
            s.flashcards.len().to_string(),
            crate::tracker::Lifecycle::of(&s.exam, today())
                .label(|id| catalog.get(id).map_or(id.to_owned(), |e| e.syllabus.exam.code.clone()))
                .unwrap_or_else(|| "current".into()),
        ]);
    }
    write!(out, "{}", t.render())?;
    Ok(ExitCode::SUCCESS)
}

fn list_json(e: &Entry) -> Value {
    let s = &e.syllabus;
    let multi = s.questions.iter().filter(|q| q.is_multi()).count();
    json!({
        "id": s.exam.id,
        "provider": s.exam.provider,
        "code": s.exam.code,
        "name": s.exam.name,
        "version": s.exam.version,
        "origin": e.origin.label(),
        "domains": s.domains.len(),
        "topics": s.topics.len(),
        "questions": s.questions.len(),
        "multi_response": multi,
        "flashcards": s.flashcards.len(),
        "questions_per_domain": s.counts_per_domain().iter().map(|c| c.questions).collect::<Vec<_>>(),
        "level": s.exam.level.map(|l| l.as_str()),
        "retired": s.exam.retires.filter(|_| s.exam.retired_on(today())).map(|d| d.to_string()),
        "retires": s.exam.retires.filter(|_| !s.exam.retired_on(today())).map(|d| d.to_string()),
        "successor": s.exam.successor,
        "predecessor": s.exam.predecessor,
    })
}

fn today() -> chrono::NaiveDate {
    crate::clock::today(crate::clock::now())
}

fn find<'c>(catalog: &'c Catalog, key: &str) -> anyhow::Result<&'c Entry> {
    match catalog.get(key) {
        Some(e) => Ok(e),
        None => bail!("no exam `{}`; known exams: {}", text::one_line(key), catalog.ids().join(", ")),
    }
}

pub fn show(catalog: &Catalog, key: &str, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let entry = find(catalog, key)?;
    if json {
        writeln!(out, "{}", crate::text::json(&show_json(entry)))?;
    } else {
        write!(out, "{}", show_text(entry))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn pass_mark_json(p: PassMark) -> (Value, Value) {
    match p {
        PassMark::Scaled { pass, scale_min, scale_max } => (json!(pass), json!([scale_min, scale_max])),
        PassMark::NotPublished => (Value::Null, Value::Null),
    }
}

fn show_json(entry: &Entry) -> Value {
    let s = &entry.syllabus;
    let (pass_mark, scale) = pass_mark_json(s.exam.pass_mark);
    let counts = s.counts_per_domain();
    let weights = s.normalised_weights();
    let domains: Vec<Value> = s
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let topics: Vec<Value> = s
                .topics
                .iter()
                .filter(|t| t.domain == i)
                .map(|t| json!({"id": t.id, "number": t.number, "title": t.title}))
                .collect();
            json!({
                "id": d.id,
                "name": d.name,
                "weight_min": d.weight.min,
                "weight_max": d.weight.max,
                "weight_normalised": (weights[i] * 1000.0).round() / 10.0,
                "topics": topics,
                "questions": counts[i].questions,
                "flashcards": counts[i].flashcards,
            })
        })
        .collect();
    let e = &s.exam;
    json!({
        "id": e.id,
        "provider": e.provider,
        "code": e.code,
        "name": e.name,
        "version": e.version,
        "guide": e.guide,
        "guide_date": e.guide_date,
        "duration_minutes": e.duration_minutes,
        "question_count": {"min": e.question_count.0, "max": e.question_count.1},
        "pass_mark": pass_mark,
        "pass_mark_published": pass_mark != Value::Null,
        "scale": scale,
        "question_types": e.question_types,
        "source": e.source,
        "confidence": e.confidence,
        "note": e.note,
        "retires": e.retires,
        "origin": entry.origin.label(),
        "domains": domains,
        "questions": s.questions.len(),
        "flashcards": s.flashcards.len(),
    })
}

fn show_text(entry: &Entry) -> String {
    let s: &Syllabus = &entry.syllabus;
    let e = &s.exam;
    let mut o = format!("{} — {}\n", e.code, e.name);
    let count = match e.question_count {
        (a, b) if a == b => a.to_string(),
        (a, b) => format!("{a}–{b}"),
    };
    let pass = match e.pass_mark {
        PassMark::Scaled { pass, scale_min, scale_max } => format!("{pass} on {scale_min}–{scale_max}"),
        PassMark::NotPublished => "not published".into(),
    };
    o += &format!("id {}  ·  {} questions in {} min  ·  pass mark {}\n", e.id, count, e.duration_minutes, pass);
    o +=
        &format!("guide {}{}  ·  {}\n", e.guide, e.guide_date.map(|d| format!(" ({d})")).unwrap_or_default(), e.source);
    if let Some(note) = &e.note {
        o += &format!("note: {}\n", note);
    }
    let counts = s.counts_per_domain();
    for (i, d) in s.domains.iter().enumerate() {
        let w = d.weight.percent();
        o += &format!(
            "\n{} {} ({w}) — {} questions, {} flashcards\n",
            d.id, d.name, counts[i].questions, counts[i].flashcards
        );
        for t in s.topics.iter().filter(|t| t.domain == i) {
            o += &topic_line(t.number.as_deref().unwrap_or(""), &t.title, &t.id);
        }
    }
    // Everything above comes from a syllabus file: make it safe to print as a whole.
    o.lines().map(|l| format!("{}\n", text::sanitize(l))).collect()
}

/// One topic of the outline: its number padded by display width, so titles line up when a
/// syllabus numbers its topics in wide characters.
fn topic_line(number: &str, title: &str, id: &str) -> String {
    format!("  {} {title}  [{id}]\n", text::pad(&text::one_line(number), 5, false))
}

pub fn validate(files: &[std::path::PathBuf], out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut failed = 0;
    for path in files {
        let name = path.display().to_string();
        let src = match catalog::read_text(path) {
            Ok(src) => src,
            Err(msg) => {
                write!(out, "{}", text::sanitize(&msg))?;
                failed += 1;
                continue;
            }
        };
        let checked = check(&name, &src);
        write!(out, "{}", checked.render())?;
        match &checked.syllabus {
            Some(s) => writeln!(
                out,
                "{}: ok — {} ({} domains, {} topics, {} questions, {} flashcards)",
                text::sanitize(&name),
                s.exam.id,
                s.domains.len(),
                s.topics.len(),
                s.questions.len(),
                s.flashcards.len()
            )?,
            None => {
                failed += 1;
                writeln!(out, "{}: {} error(s)", text::sanitize(&name), checked.errors())?;
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    #[test]
    fn topic_titles_line_up_whatever_the_width_of_their_numbers() {
        let a = super::topic_line("1.1", "Least privilege", "lp");
        let b = super::topic_line("第一", "最小権限", "lp2");
        let col = |l: &str| crate::text::width(&l[..l.find(['L', '最']).unwrap()]);
        assert_eq!(col(&a), col(&b), "{a}{b}");
    }
}
