//! Seeds a believable study history, for screenshots and demos: a learner who sits SAA-C03 in five
//! weeks and AZ-104 in ten, has practised most days for six weeks through the same library calls
//! the app makes, is strong in some domains and weak in others, and has tracked some topics.
//!
//! Run: `CERTTRACK_NOW=1790000000 cargo run --release --example demo_data -- DB` (a new file).
//! `assets/screenshots/capture.sh` uses it to redraw the README's screenshots.

use anyhow::{Context, Result, bail};
use certtrack::srs::{CardState, DAY, Rating};
use certtrack::store::{ItemKey, ItemKind, ProgressUpdate, SessionRef};
use certtrack::study::{Attempt, Light, Status};
use certtrack::tracker::Tracker;

const DAYS: i64 = 42;

/// (exam, days before now it starts, questions a day, per-domain chance of a right answer at start)
const PLAN: [(&str, i64, usize, &[f64]); 2] =
    [("aws-saa-c03", DAYS, 10, &[0.72, 0.55, 0.45, 0.62]), ("az-104", 20, 6, &[0.6, 0.7, 0.5, 0.4, 0.55])];

/// A small deterministic generator, so every run draws the same history.
struct Lcg(u64);

impl Lcg {
    fn chance(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() -> Result<()> {
    let Some(db) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        bail!("usage: demo_data DB (a new database file)");
    };
    if db.exists() {
        bail!("{} exists; demo data goes into a new file only", db.display());
    }
    let now = certtrack::clock::now();
    let mut t = Tracker::open(&db, certtrack::config::Config::default())?;
    let today = certtrack::clock::today(now);
    for (exam, weeks) in [("aws-saa-c03", 5), ("az-104", 10)] {
        t.set_exam_date(exam, Some(today + chrono::Duration::weeks(weeks)), now)?;
    }
    let mut rng = Lcg(7);
    for (exam, start, per_day, skill) in PLAN {
        practise(&mut t, &mut rng, exam, start, per_day, skill, now)?;
        track_topics(&mut t, exam, now)?;
    }
    println!("seeded {}", db.display());
    Ok(())
}

/// Daily practice questions (skill grows with time) and flashcard reviews, most days.
fn practise(
    t: &mut Tracker,
    rng: &mut Lcg,
    exam: &str,
    start: i64,
    per_day: usize,
    skill: &[f64],
    now: i64,
) -> Result<()> {
    let s = t.syllabus(exam)?.clone();
    let mut next = 0;
    for day in (0..start).rev() {
        if day > 9 && day % 6 == 4 {
            continue; // a missed day now and then, but the last ten days in a row
        }
        let at = now - day * DAY - 3 * 3600;
        let growth = 0.25 * (start - day) as f64 / start as f64;
        let mut session = None;
        for k in 0..per_day {
            let q = next % s.questions.len();
            next += 1;
            let domain = s.topics[s.questions[q].topic].domain;
            let correct = rng.chance() < skill[domain] + growth;
            let attempt = Attempt {
                session_id: session,
                exam_id: exam.into(),
                question_id: s.questions[q].id.clone(),
                chosen: "A".into(),
                correct,
                seconds: 40.0 + 50.0 * rng.chance(),
                answered_at: at + k as i64 * 60,
            };
            let r = match session {
                Some(id) => SessionRef::Saved(id),
                None => SessionRef::New { mode: "practice", settings: "{}", started_at: at },
            };
            session = Some(t.record_answer(&s, q, &attempt, r)?);
        }
        review_cards(t, rng, &s, at + 3600)?;
    }
    Ok(())
}

/// Rates every flashcard due at `at`, plus up to eight new ones, mostly Good.
fn review_cards(t: &mut Tracker, rng: &mut Lcg, s: &certtrack::syllabus::Syllabus, at: i64) -> Result<()> {
    let mut new = 0;
    let cards: std::collections::HashMap<String, CardState> =
        t.cards(Some(&s.exam.id))?.into_iter().map(|c| (c.item_id, c.state)).collect();
    for f in &s.flashcards {
        match cards.get(&f.id) {
            Some(c) if c.due <= at => {}
            Some(_) => continue,
            None if new < 8 => new += 1,
            None => continue,
        }
        let rating = if rng.chance() < 0.15 { Rating::Again } else { Rating::Good };
        let key = ItemKey { exam_id: &s.exam.id, item_id: &f.id, kind: ItemKind::Flashcard };
        t.rate(key, rating, at).context("saving a review")?;
    }
    Ok(())
}

/// Marks the first topics done or in progress with a confidence light, as a learner would.
fn track_topics(t: &mut Tracker, exam: &str, now: i64) -> Result<()> {
    let topics: Vec<String> = t.syllabus(exam)?.topics.iter().map(|x| x.id.clone()).collect();
    let marks = [(Status::Done, Light::Green), (Status::Done, Light::Amber), (Status::Studying, Light::Red)];
    for (i, topic) in topics.iter().take(7).enumerate() {
        let (status, light) = marks[i % marks.len()];
        let update =
            ProgressUpdate { status: Some(status), confidence: Some(Some(light)), notes: None, add_minutes: 45 };
        t.set_progress(exam, topic, &update, now)?;
    }
    Ok(())
}
