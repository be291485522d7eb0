//! `certtrack syllabus lint FILE|ID [--json]`: the bank quality report of `syllabus::lint`,
//! printed. Exit 0 when every check is within its threshold, 1 when one is not (or the file does
//! not validate), so CI can hold a bank to the thresholds.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use serde_json::json;

use crate::syllabus::lint::{Check, Report, Thresholds, Unit, lint, peers};
use crate::syllabus::{Catalog, Origin, Syllabus, catalog, check};
use crate::text;

pub fn run(catalog: &Catalog, target: &str, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let today = crate::clock::today(crate::clock::now());
    let (syllabus, source) = match load(catalog, target, out)? {
        Some(found) => found,
        None => return Ok(ExitCode::from(1)),
    };
    let others = shipped_others(catalog, &syllabus, today);
    let limits = Thresholds::default();
    let report = lint(&syllabus, &others, today, &limits);
    if json {
        let value = json!({
            "source": source,
            "passed": report.passed(),
            "thresholds": limits,
            "report": report,
        });
        writeln!(out, "{}", text::json(&value))?;
    } else {
        write!(out, "{}", render(&report, &source))?;
    }
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The syllabus `target` names: anything that exists by that name (a FIFO or a directory gets the
/// reader's "not a regular file", not "no exam"), else an exam in the catalog. A file that does not
/// validate prints its problems and gives `None`.
fn load(catalog: &Catalog, target: &str, out: &mut dyn Write) -> anyhow::Result<Option<(Syllabus, String)>> {
    let path = Path::new(target);
    let exists = path.symlink_metadata().is_ok() && catalog.get(target).is_none();
    if path.is_file() || exists || catalog.get(target).is_none() && (target.ends_with(".toml") || target.contains('/'))
    {
        let src = match catalog::read_text(path) {
            Ok(src) => src,
            Err(msg) => {
                write!(out, "{}", text::sanitize(&msg))?;
                return Ok(None);
            }
        };
        let checked = check(target, &src);
        let Some(s) = checked.syllabus else {
            write!(out, "{}", checked.render())?;
            writeln!(out, "{}: {} error(s); fix them first", text::sanitize(target), checked.errors())?;
            return Ok(None);
        };
        return Ok(Some((s, path.display().to_string())));
    }
    match catalog.get(target) {
        Some(e) => Ok(Some(((*e.syllabus).clone(), e.origin.label()))),
        None => bail!("no exam or file `{}`; known exams: {}", text::one_line(target), catalog.ids().join(", ")),
    }
}

/// The shipped exams a shipped bank (or a working copy of one, by exam id) must not repeat
/// (`lint::peers`). A bank that is not shipped is compared with nothing.
fn shipped_others<'c>(catalog: &'c Catalog, s: &Syllabus, today: chrono::NaiveDate) -> Vec<&'c Syllabus> {
    if !catalog::shipped_keys().iter().any(|&(_, id, _)| id == s.exam.id) {
        return Vec::new();
    }
    let shipped: Vec<&Syllabus> = catalog
        .entries()
        .into_iter()
        .filter(|e| matches!(e.origin, Origin::Shipped(_)))
        .map(|e| &*e.syllabus)
        .collect();
    peers(s, &shipped, today)
}

fn render(r: &Report, source: &str) -> String {
    let failed = r.failed().count();
    let mut o =
        format!("{} ({}) from {}: {} questions, {} flashcards\n\n", r.code, r.exam, source, r.questions, r.flashcards);
    for c in &r.checks {
        o += &format!("  {:<26} {:>14}  {:>9}  {}\n", c.name, figure(c), band(c), verdict(c));
    }
    if !r.findings.is_empty() {
        o += &format!("\nfindings ({}):\n", r.findings.len());
        for f in &r.findings {
            o += &format!("  {} {}: {}\n", f.kind.as_str(), f.item, f.message);
        }
    }
    o += &if failed == 0 {
        "\nwithin thresholds\n".to_owned()
    } else {
        let names: Vec<&str> = r.failed().map(|c| c.name.as_str()).collect();
        format!("\n{failed} check(s) over threshold: {}\n", names.join(", "))
    };
    // Ids and quoted sentences come from the syllabus file: make every line safe to print.
    o.lines().map(|l| format!("{}\n", text::sanitize(l))).collect()
}

fn is_share(c: &Check) -> bool {
    c.unit == Unit::Share
}

fn figure(c: &Check) -> String {
    if is_share(c) { format!("{:.1}% of {}", c.value * 100.0, c.of) } else { format!("{} of {}", c.value, c.of) }
}

fn band(c: &Check) -> String {
    if is_share(c) {
        format!("{:.0}–{:.0}%", c.band.min * 100.0, c.band.max * 100.0)
    } else {
        format!("≤ {}", c.band.max)
    }
}

fn verdict(c: &Check) -> String {
    match (&c.advice, c.judged) {
        (_, false) => "not judged (too few items)".into(),
        (Some(advice), _) => format!("OVER: {advice}"),
        (None, true) => "ok".into(),
    }
}
