//! Core benchmarks (issue 9): syllabus loading and validation, the review queue, readiness and
//! FSRS scheduling, on sizes well past a heavy user's. Figures go in docs/performance.md.

use std::hint::black_box;

use certtrack::readiness::{self, Inputs, Item};
use certtrack::srs::{CardState, DAY, Fuzz, Limits, Phase, QueueItem, Rating, Scheduler, build_queue};
use certtrack::study::{Light, Status};
use certtrack::syllabus::{Catalog, Outline, check, synthetic};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const NOW: i64 = 1_790_000_000;

/// A reviewed card whose state depends on `i`, so the queue sees a realistic spread.
fn card(i: usize) -> CardState {
    let phase = match i % 10 {
        0 => Phase::Learning,
        1 => Phase::Relearning,
        _ => Phase::Review,
    };
    let stability = 0.5 + (i % 97) as f32 * 1.7;
    let last = NOW - ((i % 60) as i64 + 1) * DAY;
    CardState {
        phase,
        step: 0,
        stability: Some(stability),
        difficulty: Some(1.0 + (i % 9) as f32),
        due: last + (stability as i64).max(1) * DAY,
        last_review: Some(last),
        reps: 3 + (i % 7) as u32,
        lapses: (i % 5) as u32,
        suspended: i.is_multiple_of(50),
        leech: false,
    }
}

fn load(c: &mut Criterion) {
    // Parse and validate every embedded file (the catalog itself is lazy; `problems` forces all).
    c.bench_function("load and validate all shipped syllabi", |b| {
        b.iter(|| black_box(Catalog::shipped().0.problems()))
    });
    let big = synthetic::syllabus("big", 6, 500, 5_000);
    let mut g = c.benchmark_group("validate");
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(20);
    g.bench_function("generated 5,000-question syllabus", |b| b.iter(|| black_box(check("big.toml", &big))));
    g.finish();
    // Every entry broken, and thousands of unknown tables: the cost of checking and of the
    // report must grow with the file, not with the file times its problems.
    let mut g = c.benchmark_group("validate hostile");
    g.sample_size(10);
    for (name, questions, tables) in [
        ("10,000 unknown tables", 0, 10_000),
        ("40,000 unknown tables", 0, 40_000),
        ("8,000 questions broken four ways", 8_000, 0),
        ("both: 8,000 broken questions and 10,000 unknown tables (2.2 MB)", 8_000, 10_000),
    ] {
        let src = synthetic::hostile(questions, tables);
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_function(format!("{name}, checked and rendered"), |b| {
            b.iter(|| black_box(check("hostile.toml", &src).render()))
        });
    }
    g.finish();
}

fn queue(c: &mut Criterion) {
    let sched = Scheduler::default_params();
    let items: Vec<QueueItem> = (0..50_000)
        .map(|i| QueueItem { exam: (i % 4) as u16, order: i as u32, card: (i % 5 != 0).then(|| card(i)) })
        .collect();
    c.bench_function("review queue over 50,000 items", |b| {
        b.iter(|| black_box(build_queue(&sched, &items, NOW, NOW + DAY / 2, Limits::default(), 3, 40)))
    });
}

/// (answer summaries, cards, progress) as readiness takes them.
type ExamInputs = (Vec<readiness::AnswerStats>, Vec<(Item, CardState)>, Vec<(usize, Status, Option<Light>)>);

fn exam_inputs(s: &Outline, attempts: usize, seed: usize) -> ExamInputs {
    let nq = s.questions.len();
    let raw: Vec<(usize, bool, i64)> = (0..attempts)
        .map(|i| ((i * 7 + seed) % nq, !(i + seed).is_multiple_of(3), NOW - (i % 90) as i64 * DAY))
        .collect();
    // The store keeps these summaries as answers arrive; readiness reads one per question.
    let a = readiness::answer_stats(&raw);
    let cards = (0..nq).map(|q| (Item::Question(q), card(q + seed))).collect();
    let progress = (0..s.topics.len()).map(|t| (t, Status::Studying, Some(Light::Amber))).collect();
    (a, cards, progress)
}

fn readiness_bench(c: &mut Criterion) {
    let syllabi: Vec<Outline> = (0..12)
        .map(|e| check("s.toml", &synthetic::syllabus(&format!("ex{e}"), 5, 40, 120)).syllabus.expect("valid"))
        .map(|s| Outline::of(&s))
        .collect();
    let inputs: Vec<_> = syllabi.iter().enumerate().map(|(e, s)| exam_inputs(s, 100_000 / 12, e)).collect();
    c.bench_function("readiness for 12 exams over 100,000 attempts", |b| {
        b.iter(|| {
            for (s, (answers, cards, progress)) in syllabi.iter().zip(&inputs) {
                black_box(readiness::assess(&Inputs {
                    outline: s,
                    answers,
                    cards,
                    progress,
                    now: NOW,
                    exam_at: Some(NOW + 30 * DAY),
                    new_per_day: 20,
                }));
            }
        })
    });
}

fn scheduling(c: &mut Criterion) {
    let sched = Scheduler::default_params();
    let cards: Vec<CardState> = (0..1_000).map(card).collect();
    let mut g = c.benchmark_group("fsrs");
    g.throughput(Throughput::Elements(cards.len() as u64));
    g.bench_function("schedule 1,000 reviews", |b| {
        b.iter(|| {
            for (i, c) in cards.iter().enumerate() {
                black_box(sched.review(c, Rating::ALL[i % 4], NOW, Fuzz::Off));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, load, queue, readiness_bench, scheduling);
criterion_main!(benches);
