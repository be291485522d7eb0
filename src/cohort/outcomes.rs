//! What a member may add to a snapshot, by their own consent (`cohort snapshot --with-results`):
//! the certifications they hold with expiry, and their recorded exam results with the prediction
//! made before each. The report turns them into the team's view: certified per exam, expiries
//! coming, the pass rate of attempts, and how the readiness predictions matched the results.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::outcome::{self, Calibration, ExamResult};
use crate::text;

/// More than any learner holds or sits; more is an edited file.
const MAX_ITEMS: usize = 200;
/// Longer than any vendor scale goes (Microsoft and AWS: 1000).
const MAX_SCORE: u32 = 10_000;
/// Expiries the report looks ahead to.
pub const HORIZONS: [i64; 2] = [90, 180];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertSnap {
    pub exam_id: String,
    pub earned_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
}

/// The shared part: absent from a snapshot unless the member chose to share it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    #[serde(default)]
    pub certifications: Vec<CertSnap>,
    #[serde(default)]
    pub results: Vec<ExamResult>,
}

/// Every number within what a real record holds; the problem names the field.
pub fn check(o: &Outcomes) -> Result<(), String> {
    if o.certifications.len() > MAX_ITEMS || o.results.len() > MAX_ITEMS {
        return Err(format!("more than {MAX_ITEMS} certifications or results"));
    }
    for (i, r) in o.results.iter().enumerate() {
        if r.score.is_some_and(|s| s > MAX_SCORE) {
            return Err(format!("`outcomes.results[{i}].score` is above {MAX_SCORE}"));
        }
        if r.domains.len() > MAX_ITEMS {
            return Err(format!("`outcomes.results[{i}].domains` has more than {MAX_ITEMS} entries"));
        }
        if let Some(p) = &r.predicted {
            let share = |x: f64| (0.0..=1.0).contains(&x);
            let score_ok = p.score.is_none_or(|(s, lo, hi)| s.max(lo).max(hi) <= MAX_SCORE);
            if !share(p.readiness) || !share(p.low) || !share(p.high) || !score_ok || p.domains.len() > MAX_ITEMS {
                return Err(format!("`outcomes.results[{i}].predicted` holds values no prediction has"));
            }
            if p.domains.iter().any(|(_, x)| !share(*x)) {
                return Err(format!("`outcomes.results[{i}].predicted.domains` is outside 0–1"));
            }
        }
    }
    Ok(())
}

/// Other people's text on one line and bounded.
pub fn sanitise(o: &mut Outcomes) {
    let line = |t: &mut String, max: usize| *t = text::one_line(t).chars().take(max).collect();
    for c in &mut o.certifications {
        line(&mut c.exam_id, 64);
    }
    for r in &mut o.results {
        line(&mut r.exam_id, 64);
        for d in &mut r.domains {
            line(&mut d.domain, 64);
            line(&mut d.verdict, 40);
        }
        if let Some(p) = &mut r.predicted {
            p.domains.iter_mut().for_each(|(d, _)| line(d, 64));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertifiedCount {
    pub exam_id: String,
    /// Members holding it, active on the report's day.
    pub members: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expiring {
    pub member: String,
    pub exam_id: String,
    pub expires_on: NaiveDate,
    pub days_left: i64,
}

/// The team's certifications and results, over the members who share them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSummary {
    pub members_sharing: usize,
    /// Most held first.
    pub certified: Vec<CertifiedCount>,
    /// Active certifications expiring within the longest horizon, soonest first.
    pub expiring: Vec<Expiring>,
    /// Of `expiring`, those within 90 and within 180 days.
    pub expiring_90: usize,
    pub expiring_180: usize,
    pub attempts: usize,
    pub passed: usize,
    /// 0–100.
    pub pass_rate: Option<f64>,
    pub calibration: Calibration,
}

/// Summarise the shared outcomes of each member on `today`. `pass_mark` gives an exam's
/// published pass mark (for "predicted to pass").
pub fn summarise<'a>(
    members: impl IntoIterator<Item = (&'a str, &'a Outcomes)>,
    today: NaiveDate,
    pass_mark: impl Fn(&str) -> Option<u32>,
) -> Option<OutcomeSummary> {
    let members: Vec<(&str, &Outcomes)> = members.into_iter().collect();
    if members.is_empty() {
        return None;
    }
    let mut certified: Vec<CertifiedCount> = Vec::new();
    let mut expiring = Vec::new();
    for (member, o) in &members {
        for c in o.certifications.iter().filter(|c| c.expires_on.is_none_or(|e| e >= today)) {
            match certified.iter_mut().find(|x| x.exam_id == c.exam_id) {
                Some(x) => x.members += 1,
                None => certified.push(CertifiedCount { exam_id: c.exam_id.clone(), members: 1 }),
            }
            if let Some(e) = c.expires_on.filter(|e| (*e - today).num_days() <= HORIZONS[1]) {
                let days_left = (e - today).num_days();
                expiring.push(Expiring {
                    member: (*member).into(),
                    exam_id: c.exam_id.clone(),
                    expires_on: e,
                    days_left,
                });
            }
        }
    }
    certified.sort_by(|a, b| b.members.cmp(&a.members).then_with(|| a.exam_id.cmp(&b.exam_id)));
    expiring.sort_by(|a, b| a.expires_on.cmp(&b.expires_on).then_with(|| a.member.cmp(&b.member)));
    let results: Vec<&ExamResult> = members.iter().flat_map(|(_, o)| &o.results).collect();
    let passed = results.iter().filter(|r| r.passed == Some(true)).count();
    let decided = results.iter().filter(|r| r.passed.is_some()).count();
    Some(OutcomeSummary {
        members_sharing: members.len(),
        certified,
        expiring_90: expiring.iter().filter(|e| e.days_left <= HORIZONS[0]).count(),
        expiring_180: expiring.len(),
        expiring,
        attempts: results.len(),
        passed,
        pass_rate: (decided > 0).then(|| text::percent(passed as f64 / decided as f64)),
        calibration: outcome::calibration(
            results.iter().copied(),
            pass_mark,
            crate::readiness::bar(crate::syllabus::PassMark::NotPublished).0,
        ),
    })
}

impl OutcomeSummary {
    /// The summary as lines of text, shared by every face that shows it.
    pub fn lines(&self) -> Vec<String> {
        let mut o = vec![format!("{} member(s) share their certifications and results", self.members_sharing)];
        let held: Vec<String> = self.certified.iter().map(|c| format!("{} {}", c.exam_id, c.members)).collect();
        o.push(format!("Certified (active): {}", if held.is_empty() { "none".into() } else { held.join(", ") }));
        o.push(format!(
            "Expiring: {} within {} days, {} within {} days",
            self.expiring_90, HORIZONS[0], self.expiring_180, HORIZONS[1]
        ));
        for e in &self.expiring {
            o.push(format!("  {} {}: expires {} ({} days)", e.member, e.exam_id, e.expires_on, e.days_left));
        }
        let rate = self.pass_rate.map_or("-".into(), |r| format!("{r:.0}%"));
        o.push(format!("Attempts: {}, passed {} (pass rate {rate})", self.attempts, self.passed));
        let c = &self.calibration;
        o.push(format!(
            "Predicted vs actual: score in the predicted band {} of {}; pass/fail called right {} of {}; domains {} of {}{}",
            c.inside_band,
            c.scored,
            c.pass_calls_right,
            c.pass_calls,
            c.domain_calls_right,
            c.domain_calls,
            c.mean_error.map_or(String::new(), |e| format!("; mean predicted minus actual {e:+.0}"))
        ));
        o
    }
}
