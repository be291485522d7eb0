//! `srs forecast | stats | cram | optimize`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters};
use serde_json::json;

use super::table::Table;
use crate::cli::SrsCommand;
use crate::clock;
use crate::readiness::Item;
use crate::srs::{self, DAY, QueueItem};
use crate::text;
use crate::tracker::{Indices, LoggedReview, Tracker};

/// The `fsrs` crate returns its defaults when it has fewer than this many training items.
pub const MIN_TRAINING_ITEMS: usize = 8;

pub fn run(t: &mut Tracker, cmd: SrsCommand, out: &mut dyn Write) -> Result<ExitCode> {
    match cmd {
        SrsCommand::Forecast { days, json } => forecast(t, days, json, out),
        SrsCommand::Stats { json } => stats(t, json, out),
        SrsCommand::Cram { exam, n } => cram(t, &exam, n, out),
        SrsCommand::Optimize { dry_run } => optimize(t, dry_run, out),
    }
}

fn forecast(t: &Tracker, days: usize, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let now = clock::now();
    let (start, _) = clock::day_bounds(now);
    let cap = t.prefs.limits.reviews_per_day;
    let mut report = Vec::new();
    for (s, date) in t.followed()? {
        let counts = t.forecast(s, days.clamp(1, 365), now)?;
        let exam_day = date.map(|d| (clock::day_start(d) - start).div_euclid(DAY));
        let before_exam = exam_day.map_or(counts.len(), |d| (d.max(0) as usize).min(counts.len()));
        let overloaded: Vec<usize> = (0..before_exam).filter(|&d| counts[d] > cap).collect();
        report.push((s.exam.id.clone(), counts, exam_day, overloaded));
    }
    if as_json {
        let v: Vec<_> = report
            .iter()
            .map(|(id, c, e, o)| json!({"exam": id, "due_per_day": c, "exam_day": e, "over_cap_days": o, "cap": cap}))
            .collect();
        writeln!(out, "{}", crate::text::json(&v))?;
        return Ok(ExitCode::SUCCESS);
    }
    if report.is_empty() {
        writeln!(out, "You follow no exams yet (certtrack follow EXAM).")?;
    }
    for (id, counts, exam_day, overloaded) in &report {
        let line: Vec<String> = counts.iter().map(u32::to_string).collect();
        writeln!(out, "{id}: due per day from today: {}", line.join(" "))?;
        if let Some(d) = exam_day {
            writeln!(out, "  exam in {d} day(s)")?;
        }
        if !overloaded.is_empty() {
            writeln!(
                out,
                "  warning: {} day(s) before the exam exceed your limit of {cap} reviews (first: day {}); raise reviews_per_day or start earlier",
                overloaded.len(),
                overloaded[0]
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(t: &Tracker, as_json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let now = clock::now();
    let mut rows = Vec::new();
    for (s, _) in t.followed()? {
        let st = t.stats(Some(s), now)?;
        rows.push((s.exam.id.clone(), st.counts, st.retention, st.history, st.minutes));
    }
    if as_json {
        let v: Vec<_> = rows
            .iter()
            .map(|(id, c, (p, n), h, m)| {
                json!({"exam": id, "cards": c, "true_retention": {"passed": p, "total": n}, "daily_reviews": h, "minutes_studied": m})
            })
            .collect();
        writeln!(out, "{}", crate::text::json(&v))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut tb =
        Table::new(&["EXAM", "NEW#", "LEARNING#", "YOUNG#", "MATURE#", "SUSPENDED#", "RETENTION (30D)#", "MINUTES#"]);
    for (id, c, (p, n), _, m) in &rows {
        let retention = if *n == 0 { "-".into() } else { format!("{:.0}% of {n}", *p as f64 / *n as f64 * 100.0) };
        tb.row(vec![
            id.clone(),
            c.new.to_string(),
            c.learning.to_string(),
            c.young.to_string(),
            c.mature.to_string(),
            c.suspended.to_string(),
            retention,
            m.to_string(),
        ]);
    }
    write!(out, "{}", tb.render())?;
    Ok(ExitCode::SUCCESS)
}

fn cram(t: &Tracker, exam: &str, n: usize, out: &mut dyn Write) -> Result<ExitCode> {
    let s = t.syllabus(exam)?;
    let ix = Indices::new(s);
    let cards = t.cards(Some(&s.exam.id))?;
    let items: Vec<(Item, QueueItem)> = cards
        .iter()
        .filter_map(|c| Some((ix.item(c)?, QueueItem { exam: 0, order: 0, card: Some(c.state) })))
        .collect();
    let now = clock::now();
    let at = t.exam_date(&s.exam.id)?.map(clock::day_start).filter(|&d| d > now).unwrap_or(now);
    let sched = t.scheduler();
    let queue: Vec<QueueItem> = items.iter().map(|(_, q)| *q).collect();
    let ranked = srs::cram(&sched, &queue, at);
    if ranked.is_empty() {
        writeln!(out, "Nothing reviewed yet for {}: cram ranks items you have seen.", s.exam.id)?;
    }
    for &i in ranked.iter().take(n) {
        let (item, q) = &items[i];
        let recall = q.card.and_then(|c| sched.retrievability(&c, at)).unwrap_or(0.0);
        let (kind, text) = match *item {
            Item::Question(k) => ("question", &s.questions[k].stem),
            Item::Flashcard(k) => ("flashcard", &s.flashcards[k].front),
        };
        let snippet: String = text::one_line(text).chars().take(70).collect();
        writeln!(out, "{:>4.0}%  {kind:<9}  {snippet}", recall * 100.0)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Training items in the `fsrs` crate's shape: for each item, every prefix of its review
/// history that ends in a review on a later day.
pub fn training_items(log: &[LoggedReview]) -> Vec<FSRSItem> {
    let mut per_item: BTreeMap<(&str, &str), Vec<FSRSReview>> = BTreeMap::new();
    for r in log {
        let reviews = per_item.entry((&r.exam_id, &r.item_id)).or_default();
        let delta_t = if reviews.is_empty() { 0 } else { r.record.elapsed_days };
        reviews.push(FSRSReview { rating: r.record.rating as u32, delta_t });
    }
    let mut items = Vec::new();
    for reviews in per_item.values() {
        for end in 2..=reviews.len() {
            if reviews[end - 1].delta_t > 0 {
                items.push(FSRSItem { reviews: reviews[..end].to_vec() });
            }
        }
    }
    items
}

fn optimize(t: &mut Tracker, dry_run: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let log = t.review_log(None)?;
    let items = training_items(&log);
    if items.len() < MIN_TRAINING_ITEMS {
        writeln!(
            out,
            "Not enough history to fit parameters: {} usable review(s) (a review on a later day than the item's previous one); at least {MIN_TRAINING_ITEMS} are needed, so {} more. Keep reviewing and try again.",
            items.len(),
            MIN_TRAINING_ITEMS - items.len()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let current = t.prefs.fsrs_params.clone().unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
    let before = FSRS::new(&current)?.evaluate(items.clone(), |_| true)?;
    let fitted = compute_parameters(ComputeParametersInput { train_set: items.clone(), ..Default::default() })?;
    let after = FSRS::new(&fitted)?.evaluate(items.clone(), |_| true)?;
    writeln!(out, "Fitted on {} review(s) of {} item(s).", items.len(), log.len())?;
    writeln!(out, "            log loss    RMSE (bins)")?;
    writeln!(out, "  before    {:>8.4}    {:>8.4}", before.log_loss, before.rmse_bins)?;
    writeln!(out, "  after     {:>8.4}    {:>8.4}", after.log_loss, after.rmse_bins)?;
    let better = after.log_loss < before.log_loss;
    match (better, dry_run) {
        (true, false) => {
            t.set_fsrs_params(&fitted)?;
            writeln!(out, "The fit predicts your reviews better; your parameters were saved.")?;
        }
        (true, true) => writeln!(out, "The fit is better; run without --dry-run to use it.")?,
        (false, _) => writeln!(out, "The fit is no better than the current parameters; they were kept.")?,
    }
    Ok(ExitCode::SUCCESS)
}
