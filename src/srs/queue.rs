//! What to review now: due items first (learning steps, then the lowest recall), then new items
//! in syllabus order, interleaved across the followed exams, within the daily caps.

use std::cmp::Ordering;

use super::{CardState, DAY, Phase, Scheduler};

#[derive(Debug, Clone, Copy)]
pub struct QueueItem {
    /// Which followed exam the item belongs to (for interleaving new items).
    pub exam: u16,
    /// Position in its syllabus (new items are introduced in this order).
    pub order: u32,
    /// `None` for an item never seen.
    pub card: Option<CardState>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { new_per_day: 20, reviews_per_day: 200 }
    }
}

/// Is this card in the review queue now? A learning step once its time has come, a review due
/// by the end of today; never a new or suspended card. The queue and the dashboard's "due"
/// count both ask this, so they agree.
pub fn is_due(c: &CardState, now: i64, day_end: i64) -> bool {
    !c.suspended
        && match c.phase {
            Phase::Learning | Phase::Relearning => c.due <= now,
            Phase::Review => c.due < day_end,
            Phase::New => false,
        }
}

/// Indices into `items`, in the order to study them. `new_done` / `reviews_done` are what the
/// learner already did today; `day_end` is when today ends (reviews due today count as due).
pub fn build_queue(
    sched: &Scheduler,
    items: &[QueueItem],
    now: i64,
    day_end: i64,
    limits: Limits,
    new_done: u32,
    reviews_done: u32,
) -> Vec<usize> {
    let mut learning = Vec::new();
    let mut reviews = Vec::new();
    let mut new_by_exam: Vec<Vec<(u32, usize)>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.card {
            Some(c) if c.suspended => {}
            Some(c) if is_due(&c, now, day_end) && c.phase == Phase::Review => {
                reviews.push((sched.retrievability(&c, now).unwrap_or(0.0), i));
            }
            Some(c) if is_due(&c, now, day_end) => learning.push((c.due, i)),
            Some(c) if c.phase != Phase::New => {}
            _ => {
                let e = usize::from(item.exam);
                if new_by_exam.len() <= e {
                    new_by_exam.resize_with(e + 1, Vec::new);
                }
                new_by_exam[e].push((item.order, i));
            }
        }
    }
    learning.sort_unstable();
    let review_cap = limits.reviews_per_day.saturating_sub(reviews_done) as usize;
    lowest_first(&mut reviews, review_cap);
    let new_cap = limits.new_per_day.saturating_sub(new_done) as usize;
    let mut queue: Vec<usize> = learning.into_iter().map(|(_, i)| i).collect();
    queue.extend(reviews.into_iter().map(|(_, i)| i));
    queue.extend(interleave(new_by_exam, new_cap));
    queue
}

/// Keep the `cap` lowest-recall items, sorted lowest first. Selection before sorting keeps a
/// large backlog cheap.
fn lowest_first(items: &mut Vec<(f32, usize)>, cap: usize) {
    let by_recall =
        |a: &(f32, usize), b: &(f32, usize)| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal).then(a.1.cmp(&b.1));
    if items.len() > cap && cap > 0 {
        items.select_nth_unstable_by(cap - 1, by_recall);
    }
    items.truncate(cap);
    items.sort_unstable_by(by_recall);
}

/// Round-robin across exams, each exam's items in syllabus order.
fn interleave(mut per_exam: Vec<Vec<(u32, usize)>>, cap: usize) -> Vec<usize> {
    for v in &mut per_exam {
        v.sort_unstable();
    }
    let mut out = Vec::with_capacity(cap);
    let mut round = 0;
    while out.len() < cap {
        let before = out.len();
        for v in &per_exam {
            if let Some(&(_, i)) = v.get(round)
                && out.len() < cap
            {
                out.push(i);
            }
        }
        if out.len() == before {
            break;
        }
        round += 1;
    }
    out
}

/// Due reviews per day for the next `days` days, day 0 being today (overdue items count today).
pub fn forecast(cards: impl IntoIterator<Item = CardState>, today_start: i64, days: usize) -> Vec<u32> {
    let mut counts = vec![0u32; days];
    for c in cards {
        if c.suspended || c.phase == Phase::New {
            continue;
        }
        let day = ((c.due - today_start).max(0) / DAY) as usize;
        if let Some(slot) = counts.get_mut(day) {
            *slot += 1;
        }
    }
    counts
}

/// Cram mode: every reviewed, unsuspended item ranked weakest first by recall at `at` (e.g. the
/// exam date). Reads the schedule, never changes it.
pub fn cram(sched: &Scheduler, items: &[QueueItem], at: i64) -> Vec<usize> {
    let mut ranked: Vec<(f32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let c = it.card.filter(|c| !c.suspended)?;
            Some((sched.retrievability(&c, at)?, i))
        })
        .collect();
    let n = ranked.len();
    lowest_first(&mut ranked, n);
    ranked.into_iter().map(|(_, i)| i).collect()
}
