//! `srs forecast | stats | cram | optimize`.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use fsrs::{CombinedProgressState, ComputeParametersInput, FSRS, FSRSError, ModelEvaluation, compute_parameters};
use serde_json::json;

use super::progress::Progress;
use super::table::Table;
use crate::cli::SrsCommand;
use crate::clock;
use crate::readiness::Item;
use crate::srs::{self, DAY, QueueItem};
use crate::text;
use crate::tracker::{Indices, Tracker};

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

fn optimize(t: &mut Tracker, dry_run: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let set = t.training_set()?;
    let usable = set.usable();
    if usable < MIN_TRAINING_ITEMS as u64 {
        writeln!(
            out,
            "Not enough history to fit parameters: {usable} usable review(s) (a review on a later day than the item's previous one); at least {MIN_TRAINING_ITEMS} are needed, so {} more. Keep reviewing and try again.",
            MIN_TRAINING_ITEMS as u64 - usable
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // Ctrl-C asks the optimiser to stop; nothing is saved until the fit is done and better.
    let interrupted = Arc::new(AtomicBool::new(false));
    let hook = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted))?;
    let fit = fit(t, set, &interrupted);
    signal_hook::low_level::unregister(hook);
    let Some(Fit { before, fitted, after, sampled }) = fit? else {
        writeln!(out, "Interrupted: your parameters were not changed.")?;
        return Ok(ExitCode::from(130));
    };
    let kept = if sampled < usable { format!(", a sample of {sampled}") } else { String::new() };
    writeln!(out, "Fitted on {usable} usable review(s){kept}.")?;
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

/// A finished fit: the evaluation before, the fitted parameters, the evaluation after, and how
/// many sequences it trained on.
struct Fit {
    before: ModelEvaluation,
    fitted: Vec<f32>,
    after: ModelEvaluation,
    sampled: u64,
}

/// The fit, or `None` when interrupted. `set` serves the first evaluation; the set is read again
/// for each later step rather than cloned: it is bounded, and only one copy is ever held.
fn fit(t: &Tracker, set: srs::TrainingSet, interrupted: &Arc<AtomicBool>) -> Result<Option<Fit>> {
    let current = t.prefs.fsrs_params.clone().unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
    let go_on = |_| !interrupted.load(Ordering::Relaxed);
    let progress = CombinedProgressState::new_shared();
    let watcher = Watcher::start(Arc::clone(&progress), Arc::clone(interrupted));
    let outcome = (|| {
        let before = FSRS::new(&current)?.evaluate(set.into_items(), go_on)?;
        let items = t.training_set()?.into_items();
        let sampled = items.len() as u64;
        let input = ComputeParametersInput { train_set: items, progress: Some(progress), ..Default::default() };
        let fitted = compute_parameters(input)?;
        let after = FSRS::new(&fitted)?.evaluate(t.training_set()?.into_items(), go_on)?;
        anyhow::Ok(Fit { before, fitted, after, sampled })
    })();
    watcher.stop();
    match outcome {
        Err(e) if interrupted.load(Ordering::Relaxed) || matches!(e.downcast_ref(), Some(FSRSError::Interrupted)) => {
            Ok(None)
        }
        other => other.map(Some),
    }
}

/// Watches the optimiser from a thread: its progress on a terminal (`progress::Progress`), and
/// the bridge from Ctrl-C to the optimiser's own abort flag.
struct Watcher {
    done: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Watcher {
    fn start(state: Arc<Mutex<CombinedProgressState>>, interrupted: Arc<AtomicBool>) -> Watcher {
        let done = Arc::new(AtomicBool::new(false));
        let finished = Arc::clone(&done);
        let thread = std::thread::spawn(move || {
            // The total is known once training starts (and is set again for each split).
            let mut shown: Option<(usize, Progress<std::io::Stderr>)> = None;
            while !finished.load(Ordering::Relaxed) {
                let (current, total) = {
                    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
                    s.want_abort |= interrupted.load(Ordering::Relaxed);
                    (s.current(), s.total())
                };
                if total > 0 && shown.as_ref().is_none_or(|(t, _)| *t != total) {
                    let label = "fitting parameters (Ctrl-C stops, nothing is saved)";
                    shown = Some((total, Progress::stderr(label, Some(total))));
                }
                if let Some((_, p)) = shown.as_mut() {
                    p.step(current);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            if let Some((_, p)) = shown {
                p.finish();
            }
        });
        Watcher { done, thread }
    }

    fn stop(self) {
        self.done.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
    }
}
