//! `status`, `follow`, `unfollow`, `exam-date`, `progress`, `settings`: the study dashboard and
//! its settings as text and JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use super::table::Table;
use crate::cli::{LightArg, ProgressCommand, StatusArg};
use crate::clock;
use crate::study::{Light, Status};
use crate::text;
use crate::tracker::{ExamOverview, Lifecycle, ProgressUpdate, Tracker};

pub fn status(t: &mut Tracker, exam: Option<&str>, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let o = t.overview(exam, clock::now())?;
    let predictions = o.predictions(clock::today(clock::now()));
    if as_json {
        let exams: Vec<Value> = o.exams.iter().map(exam_json).collect();
        writeln!(out, "{}", crate::text::json(&json!({ "exams": exams, "streak_days": o.streak })))?;
    } else if o.exams.is_empty() {
        writeln!(
            out,
            "You follow no exams yet. Start with, for example:\n  certtrack follow SAA-C03\n  certtrack exam-date SAA-C03 2027-03-01\nSee `certtrack syllabus list` for every exam."
        )?;
    } else {
        for e in &o.exams {
            write!(out, "{}", exam_text(e, e.date.map(|d| t.config.format_date(d))))?;
        }
        writeln!(out, "Study streak: {} day(s)", o.streak)?;
    }
    let today = clock::today(clock::now());
    if !as_json {
        for c in t.renewals_due(today)? {
            writeln!(out, "Renew {}: {}", text::one_line(&c.code), c.standing_text())?;
        }
    }
    // What a result is later compared with, written after the output is out (the day's first
    // write waits for the page check). Showing readiness must not fail for it (a read-only
    // database still shows status), so a failed write is left for the next showing.
    out.flush()?;
    let _ = t.keep_predictions(&predictions);
    Ok(ExitCode::SUCCESS)
}

fn exam_json(e: &ExamOverview) -> Value {
    let (s, date, r, due) = (e.outline, e.date, &e.readiness, e.due);
    let domains: Vec<Value> = s
        .domains
        .iter()
        .zip(&r.domains)
        .map(|(d, dr)| {
            json!({
                "id": d.id, "name": d.name, "readiness": text::percent(dr.readiness), "light": dr.light,
                "mastery": text::percent(dr.mastery), "coverage": text::percent(dr.coverage), "evidence": (dr.evidence * 10.0).round() / 10.0,
                "quiz_attempts": dr.quiz_attempts, "distinct_questions": dr.distinct_questions, "quiz_accuracy": dr.quiz_accuracy.map(text::percent),
            })
        })
        .collect();
    json!({
        "id": s.exam.id,
        "code": s.exam.code,
        "name": s.exam.name,
        "readiness": text::percent(r.readiness),
        "readiness_low": text::percent(r.low),
        "readiness_high": text::percent(r.high),
        "predicted_score": r.predicted.map(|p| p.0),
        "predicted_low": r.predicted.map(|p| p.1),
        "predicted_high": r.predicted.map(|p| p.2),
        "band_coverage": r.band_coverage,
        "evidence": { "answers": r.evidence.answers, "distinct_questions": r.evidence.distinct_questions },
        "evidence_needed": r.needed.as_ref().map(|(n, ds)| json!({
            "questions": n,
            "domains": ds.iter().filter_map(|&d| s.domains.get(d)).map(|d| d.id.as_str()).collect::<Vec<_>>(),
            "advice": r.advice(s),
        })),
        "pass_mark": e.pass_mark(),
        "retired": s.exam.retires.filter(|_| s.exam.retired_on(clock::today(clock::now()))).map(|d| d.to_string()),
        "successor": s.exam.successor,
        "bar": text::percent(r.bar),
        "bar_published": r.bar_published,
        "light": r.light,
        "on_track": r.on_track,
        "due_today": due,
        "new_today": e.new_today,
        "exam_date": date,
        "days_left": r.pace.days_left,
        "pace": r.pace,
        "domains": domains,
    })
}

fn exam_text(e: &ExamOverview, date: Option<String>) -> String {
    let (s, r, due) = (e.outline, &e.readiness, e.due);
    let mut o = format!("{} — {}\n", s.exam.code, s.exam.name);
    if let (Some(last), true) = (s.exam.retires, s.exam.retired_on(clock::today(clock::now()))) {
        let next =
            s.exam.successor.as_deref().map_or(String::new(), |n| format!("; successor {n} (certtrack exam migrate)"));
        o += &format!("  retired on {last}: it can no longer be sat{next}\n");
    }
    let score = match (r.predicted, &r.needed) {
        (Some((_, lo, hi)), Some(_)) => {
            format!("too little quiz evidence: {lo}–{hi} vs pass {}", pass_text(e.pass_mark()))
        }
        (Some((p, lo, hi)), None) => format!("predicted {p} ({lo}–{hi}) vs pass {}", pass_text(e.pass_mark())),
        (None, _) => format!("pass mark not published; bar assumed at {:.0}%", r.bar * 100.0),
    };
    let when = match (date, r.pace.days_left) {
        (Some(d), Some(n)) if n >= 0 => format!("exam {d} ({n} days)"),
        (Some(d), _) => format!("exam date {d} is past (set the next with `certtrack exam-date`)"),
        _ => "no exam date".into(),
    };
    o += &format!(
        "  readiness {:.0}% ({:.0}–{:.0}%)  {}  {}  {}  due today {}, new {}\n",
        r.readiness * 100.0,
        r.low * 100.0,
        r.high * 100.0,
        score,
        r.light.as_str().to_uppercase(),
        when,
        due,
        e.new_today
    );
    if let Some(advice) = r.advice(s) {
        o += &format!("  to measure readiness, {advice}\n");
    }
    if r.on_track {
        o += "  on track: every domain clears the bar with enough evidence\n";
    }
    if r.pace.behind {
        o += &format!(
            "  behind pace: {} new items left, {:.0} a day needed\n",
            r.pace.new_items_left,
            r.pace.new_per_day_needed.unwrap_or(0.0)
        );
    }
    let mut t = Table::new(&["", "DOMAIN", "WEIGHT#", "", "READY#", "LIGHT", "ANSWERS#"]);
    let w = s.normalised_weights();
    for (i, (d, dr)) in s.domains.iter().zip(&r.domains).enumerate() {
        t.row(vec![
            "  ".into(),
            text::clip(&d.name, 40),
            format!("{:.0}%", w[i] * 100.0),
            text::gauge(dr.readiness, 10),
            format!("{:.0}%", dr.readiness * 100.0),
            dr.light.as_str().into(),
            dr.quiz_attempts.to_string(),
        ]);
    }
    o + &t.render() + "\n"
}

fn pass_text(pass: Option<u32>) -> String {
    pass.map_or("not published".into(), |p| p.to_string())
}

pub fn follow(t: &mut Tracker, exam: &str, on: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let s = t.syllabus(exam)?;
    let (id, code) = (s.exam.id.clone(), s.exam.code.clone());
    t.follow(&id, on, clock::now())?;
    writeln!(out, "{} {code} ({id})", if on { "Following" } else { "No longer following" })?;
    if let (true, Lifecycle::Retired { last_day, successor }) = (on, t.lifecycle(&id, clock::today(clock::now()))?) {
        let next = successor.map_or(String::new(), |s| {
            format!(
                " Its successor is {}: `certtrack exam migrate {code} {}` carries your progress there.",
                t.code_of(&s),
                t.code_of(&s)
            )
        });
        writeln!(out, "note: {code} retired on {last_day} and can no longer be sat.{next}")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn exam_date(t: &mut Tracker, exam: &str, date: &str, out: &mut dyn Write) -> Result<ExitCode> {
    let id = t.syllabus(exam)?.exam.id.clone();
    let parsed = match date.trim() {
        "none" => None,
        "" => bail!("give the date as YYYY-MM-DD (e.g. 2027-03-01), or `none` to clear it"),
        d => Some(clock::parse_date(d).map_err(anyhow::Error::msg)?),
    };
    t.set_exam_date(&id, parsed, clock::now())?;
    match parsed {
        Some(d) => writeln!(out, "{id}: exam date {d} (followed)")?,
        None => writeln!(out, "{id}: exam date cleared")?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn progress(t: &mut Tracker, cmd: ProgressCommand, out: &mut dyn Write) -> Result<ExitCode> {
    match cmd {
        ProgressCommand::Set { exam, topic, status, confidence, note, minutes } => {
            let s = t.syllabus(&exam)?;
            let Some(topic) = s.topics.iter().find(|x| x.id == topic) else {
                let ids: Vec<&str> = s.topics.iter().map(|x| x.id.as_str()).collect();
                bail!("{} has no topic `{}`; its topics are: {}", s.exam.id, text::one_line(&topic), ids.join(", "));
            };
            let update = ProgressUpdate {
                status: status.map(|s| match s {
                    StatusArg::Todo => Status::Todo,
                    StatusArg::Studying => Status::Studying,
                    StatusArg::Done => Status::Done,
                }),
                confidence: confidence.map(|c| match c {
                    LightArg::Red => Some(Light::Red),
                    LightArg::Amber => Some(Light::Amber),
                    LightArg::Green => Some(Light::Green),
                    LightArg::None => None,
                }),
                notes: note,
                add_minutes: minutes.unwrap_or(0),
            };
            let (exam_id, topic_id) = (s.exam.id.clone(), topic.id.clone());
            let p = t.set_progress(&exam_id, &topic_id, &update, clock::now())?;
            let conf = p.confidence.map_or("-", Light::as_str);
            writeln!(out, "{exam_id} {topic_id}: {} · confidence {conf} · {} min", p.status.as_str(), p.minutes)?;
            Ok(ExitCode::SUCCESS)
        }
        ProgressCommand::Show { exam, json } => progress_show(t, &exam, json, out),
    }
}

fn progress_show(t: &Tracker, exam: &str, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let s = t.syllabus(exam)?;
    let rows = t.progress(&s.exam.id)?;
    let find = |id: &str| rows.iter().find(|p| p.topic_id == id);
    if as_json {
        let topics: Vec<Value> = s
            .topics
            .iter()
            .map(|topic| {
                let p = find(&topic.id);
                json!({
                    "id": topic.id, "title": topic.title, "domain": s.domains[topic.domain].id,
                    "status": p.map_or("todo", |p| p.status.as_str()),
                    "confidence": p.and_then(|p| p.confidence),
                    "notes": p.map_or("", |p| p.notes.as_str()),
                    "minutes": p.map_or(0, |p| p.minutes),
                })
            })
            .collect();
        let orphans: Vec<&str> =
            rows.iter().filter(|p| !s.topics.iter().any(|x| x.id == p.topic_id)).map(|p| p.topic_id.as_str()).collect();
        writeln!(out, "{}", crate::text::json(&json!({"exam": s.exam.id, "topics": topics, "orphaned": orphans})))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut tb = Table::new(&["TOPIC", "TITLE", "STATUS", "CONF", "MIN#", "NOTES"]);
    for topic in &s.topics {
        let p = find(&topic.id);
        tb.row(vec![
            format!("{} {}", topic.number.as_deref().unwrap_or(""), topic.id),
            text::clip(&topic.title, 36),
            p.map_or("todo", |p| p.status.as_str()).into(),
            p.and_then(|p| p.confidence).map_or("-", Light::as_str).into(),
            p.map_or(0, |p| p.minutes).to_string(),
            text::clip(p.map_or("", |p| p.notes.as_str()), 30),
        ]);
    }
    write!(out, "{}", tb.render())?;
    for p in rows.iter().filter(|p| !s.topics.iter().any(|x| x.id == p.topic_id)) {
        writeln!(out, "orphaned: progress kept for `{}`, no longer in this syllabus", text::one_line(&p.topic_id))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn settings(t: &mut Tracker, key: Option<String>, value: Option<String>, out: &mut dyn Write) -> Result<ExitCode> {
    match (key, value) {
        (Some(k), Some(v)) => {
            let saved = t.set_setting(&k, &v)?;
            writeln!(out, "{k} = {saved}")?;
        }
        (Some(k), None) => bail!("give a value: certtrack settings {} VALUE", text::one_line(&k)),
        _ => {
            let p = &t.prefs;
            writeln!(out, "desired_retention = {}", p.desired_retention)?;
            writeln!(out, "new_per_day = {}", p.limits.new_per_day)?;
            writeln!(out, "reviews_per_day = {}", p.limits.reviews_per_day)?;
            writeln!(out, "suspend_leeches = {}", p.suspend_leeches)?;
            writeln!(
                out,
                "fsrs_params = {}",
                if p.fsrs_params.is_some() { "fitted (srs optimize)" } else { "defaults" }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
