//! The readiness band means what docs/readiness.md says: over a seeded population of simulated
//! learners (tests/support/sim.rs) studying through the app's own paths, the 80% band holds
//! the exam-day sitting for about 80% of those with moderate evidence, the prediction is not
//! biased at any ability level, and a failing learner is rarely shown green.

#[path = "support/sim.rs"]
mod sim;

use std::sync::OnceLock;

fn population() -> &'static [sim::Outcome] {
    static P: OnceLock<Vec<sim::Outcome>> = OnceLock::new();
    P.get_or_init(|| sim::population(16, 400))
}

#[test]
fn the_band_holds_the_sitting_for_its_stated_share() {
    let moderate = sim::at_level(population(), 2..=3);
    assert!(moderate.len() >= 80, "enough learners with evidence: {}", moderate.len());
    let c = sim::coverage(&moderate);
    assert!((0.72..=0.88).contains(&c), "stated 80%, measured {c:.2}\n{}", sim::tables(population()));
}

#[test]
fn the_prediction_is_unbiased_at_every_ability_level() {
    let moderate = sim::at_level(population(), 2..=3);
    for band in sim::ABILITY {
        let v = sim::by_ability(&moderate, band);
        if v.len() >= 20 {
            let b = sim::bias(&v);
            assert!(b.abs() < 30.0, "bias {b:+.0} at {band:?}\n{}", sim::tables(population()));
        }
    }
    assert!(sim::spearman(&moderate) > 0.7, "ranks learners: {}", sim::spearman(&moderate));
}

#[test]
fn with_little_evidence_the_band_is_wide_and_still_honest() {
    let none = sim::at_level(population(), 0..=0);
    assert!(none.len() >= 30);
    let width = none.iter().map(|o| f64::from(o.predicted.2 - o.predicted.1)).sum::<f64>() / none.len() as f64;
    assert!(width > 250.0, "a guess says so: {width:.0} points wide");
    assert!(sim::coverage(&none) >= 0.72, "{}", sim::tables(population()));
}

#[test]
fn failing_learners_are_rarely_green_and_never_without_answers() {
    let ((green, failing), _) = sim::light_errors(&sim::at_level(population(), 0..=3));
    assert!(failing >= 30 && (green as f64) < 0.1 * failing as f64, "{green} of {failing} failing shown green");
    let ((green, _), _) = sim::light_errors(&sim::at_level(population(), 0..=1));
    assert_eq!(green, 0, "little quiz evidence is never green");
}
