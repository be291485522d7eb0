//! `exam result`, `certs`, `stats`: real sittings beside the prediction made before them, and
//! the certifications they earn, as text and JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::table::Table;
use crate::cli::CertsCommand;
use crate::clock;
use crate::outcome::{ExamResult, verdict_is_good};
use crate::text;
use crate::tracker::{InvalidResult, ResultEntry, Tracker};

/// `exam result`: record it, then show it against the prediction. A result that does not fit
/// the exam (future date, score off the scale, unknown domain) is a usage error.
pub fn record(t: &mut Tracker, entry: &ResultEntry, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let rec = match t.record_result(entry, clock::now()) {
        Ok(r) => r,
        Err(e) if e.downcast_ref::<InvalidResult>().is_some() => {
            eprintln!("error: {}", text::one_line(&e.to_string()));
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e),
    };
    if as_json {
        let v = json!({ "result": rec.result, "certification": rec.certification, "renewed": rec.renewed });
        writeln!(out, "{}", text::json(&v))?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(out, "Recorded: {}", attempt_text(t, &rec.result))?;
    if let Some(c) = &rec.certification {
        let until = c.expires_on.map_or("never expires".into(), |d| format!("valid until {d}"));
        writeln!(out, "Certification {} held since {}, {until}", t.code_of(&c.exam_id), c.earned_on)?;
    }
    for r in &rec.renewed {
        let until = r.expires_on.map_or("never expires".into(), |d| format!("now valid until {d}"));
        writeln!(out, "Also renewed {} ({}): {until}", t.code_of(&r.exam_id), text::one_line(&r.how))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One attempt with the prediction beside it: the score against the band, and each domain's
/// predicted readiness against the vendor's verdict.
fn attempt_text(t: &Tracker, r: &ExamResult) -> String {
    let outcome = match r.passed {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "?",
    };
    let score = r.score.map_or(String::new(), |s| format!(" {s}"));
    let mut o = format!("{} sat {}:{score} {outcome}\n", t.code_of(&r.exam_id), r.sat_on);
    match &r.predicted {
        None => o += "  no prediction was kept before this sitting (one is kept each day readiness is shown)\n",
        Some(p) => {
            let band = match (p.score, r.inside_band()) {
                (Some((s, lo, hi)), Some(inside)) => format!(
                    "predicted {s} ({lo}–{hi}): the score was {}",
                    if inside { "inside the band" } else { "outside the band" }
                ),
                (Some((s, lo, hi)), None) => format!("predicted {s} ({lo}–{hi})"),
                (None, _) => {
                    format!("readiness {:.0}% ({:.0}–{:.0}%)", p.readiness * 100.0, p.low * 100.0, p.high * 100.0)
                }
            };
            o += &format!("  prediction of {}: {band}\n", p.day);
        }
    }
    if !r.domains.is_empty() {
        let mut tb = Table::new(&["", "DOMAIN", "PREDICTED#", "VENDOR", "AGREE"]);
        for v in &r.domains {
            let predicted = r.predicted.as_ref().and_then(|p| p.domains.iter().find(|(d, _)| *d == v.domain));
            let bar = crate::readiness::bar(crate::syllabus::PassMark::NotPublished).0;
            let agree = match (predicted.map(|(_, x)| *x >= bar), verdict_is_good(&v.verdict)) {
                (Some(a), Some(b)) if a == b => "yes",
                (Some(_), Some(_)) => "no",
                _ => "-",
            };
            tb.row(vec![
                "  ".into(),
                text::one_line(&v.domain),
                predicted.map_or("-".into(), |(_, x)| format!("{:.0}%", x * 100.0)),
                text::one_line(&v.verdict),
                agree.into(),
            ]);
        }
        o += &tb.render();
    }
    o
}

/// `stats`: every attempt, then the calibration over them.
pub fn stats(t: &Tracker, exam: Option<&str>, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let results = t.results(exam)?;
    let cal = t.calibration(&results);
    if as_json {
        writeln!(out, "{}", text::json(&json!({ "attempts": results, "calibration": cal })))?;
        return Ok(ExitCode::SUCCESS);
    }
    if results.is_empty() {
        writeln!(out, "No exam results yet. After a sitting: certtrack exam result EXAM --date D --score N")?;
        writeln!(out, "(study statistics: certtrack srs stats)")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Exam attempts")?;
    for r in &results {
        write!(out, "{}", attempt_text(t, r))?;
    }
    let passed = results.iter().filter(|r| r.passed == Some(true)).count();
    writeln!(out, "\n{passed} of {} attempt(s) passed", results.len())?;
    for line in calibration_lines(&cal) {
        writeln!(out, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The calibration as sentences (shared with the cohort report).
pub fn calibration_lines(c: &crate::outcome::Calibration) -> Vec<String> {
    let mut o = Vec::new();
    if c.scored + c.pass_calls + c.domain_calls == 0 {
        o.push("Prediction vs result: no attempt has a prediction from before it yet".into());
        return o;
    }
    if c.scored > 0 {
        o.push(format!("Scores inside the predicted band: {} of {}", c.inside_band, c.scored));
    }
    if let Some(e) = c.mean_error {
        o.push(format!("Mean predicted minus actual score: {e:+.0}"));
    }
    if c.pass_calls > 0 {
        o.push(format!("Pass/fail called right: {} of {}", c.pass_calls_right, c.pass_calls));
    }
    if c.domain_calls > 0 {
        o.push(format!("Domain verdicts called right: {} of {}", c.domain_calls_right, c.domain_calls));
    }
    o
}

pub fn certs(t: &mut Tracker, cmd: Option<CertsCommand>, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let now = clock::now();
    match cmd {
        None => list(t, as_json, out),
        Some(CertsCommand::SetExpiry { exam, date, earned }) => {
            let c = t.set_expiry(&exam, date.0, earned, now)?;
            let until = c.expires_on.map_or("never expires".into(), |d| format!("expires {d}"));
            writeln!(out, "{}: {until} (set by you; earned {})", t.code_of(&c.exam_id), c.earned_on)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CertsCommand::Renew { exam, date }) => {
            let r = t.renew(&exam, date, now)?;
            let until = r.expires_on.map_or("never expires".into(), |d| format!("valid until {d}"));
            writeln!(out, "{} renewed on {}: {until}", t.code_of(&r.exam_id), r.renewed_on)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CertsCommand::Plan { exam, date }) => {
            t.plan_renewal(&exam, date, now)?;
            writeln!(out, "Renewal of {} planned for {date}: it is followed, with that date", t.code_of(&exam))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(t: &Tracker, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let held = t.certifications(clock::today(clock::now()))?;
    if as_json {
        writeln!(out, "{}", text::json(&json!({ "certifications": held })))?;
        return Ok(ExitCode::SUCCESS);
    }
    if held.is_empty() {
        writeln!(out, "No certifications yet. A pass recorded with `certtrack exam result` earns one;")?;
        writeln!(out, "one earned before certtrack: certtrack certs set-expiry EXAM DATE --earned DATE")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut tb = Table::new(&["EXAM", "EARNED", "EXPIRES", "STANDING", ""]);
    for c in &held {
        tb.row(vec![
            text::one_line(&c.code),
            c.cert.earned_on.to_string(),
            c.cert.expires_on.map_or("never".into(), |d| d.to_string()),
            c.standing_text(),
            if c.cert.expiry_set_by_learner { "expiry set by you".into() } else { String::new() },
        ]);
    }
    write!(out, "{}", tb.render())?;
    Ok(ExitCode::SUCCESS)
}
