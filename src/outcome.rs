//! Real exam results and what certtrack predicted the day before: the record of a sitting (only
//! what the vendor gives: a scaled score, pass or fail, a verdict per domain), and how well the
//! predictions matched the results over many sittings (the readiness model's real-world check).
//! Pure: plain data in and out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The readiness certtrack showed for an exam on one day (kept once a day per exam).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub day: NaiveDate,
    /// 0–1, with its band.
    pub readiness: f64,
    pub low: f64,
    pub high: f64,
    /// On the exam's scale, when it has one: (predicted, low, high).
    pub score: Option<(u32, u32, u32)>,
    /// (domain id, readiness 0–1).
    pub domains: Vec<(String, f64)>,
}

/// A vendor's verdict on one domain or section, as printed on the score report (AWS: "meets
/// competencies" / "needs improvement"; Microsoft: a bar, written as the learner reads it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainVerdict {
    pub domain: String,
    pub verdict: String,
}

/// One real sitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamResult {
    pub id: i64,
    pub exam_id: String,
    pub sat_on: NaiveDate,
    /// The scaled score, where the vendor gives one (Google gives pass or fail only).
    pub score: Option<u32>,
    /// Pass or fail; with a score and a pass mark it can be worked out, but the report decides.
    pub passed: Option<bool>,
    pub domains: Vec<DomainVerdict>,
    /// The prediction of the day before the sitting (or the latest before it), if any.
    pub predicted: Option<Prediction>,
    pub recorded_at: i64,
}

impl ExamResult {
    /// Did the score fall inside the predicted band?
    pub fn inside_band(&self) -> Option<bool> {
        let (_, lo, hi) = self.predicted.as_ref()?.score?;
        let s = self.score?;
        Some((lo..=hi).contains(&s))
    }

    /// Predicted minus actual score (positive: the prediction was too kind).
    pub fn error(&self) -> Option<i64> {
        let (p, _, _) = self.predicted.as_ref()?.score?;
        Some(i64::from(p) - i64::from(self.score?))
    }
}

/// A verdict read as "the vendor says this domain was fine".
pub fn verdict_is_good(verdict: &str) -> Option<bool> {
    let v = verdict.to_ascii_lowercase();
    if v.contains("needs") || v.contains("weak") || v.contains("below") || v.contains("improve") {
        Some(false)
    } else if v.contains("meets") || v.contains("strong") || v.contains("above") || v.contains("pass") {
        Some(true)
    } else {
        None
    }
}

/// How predictions compared with results over many sittings (a learner's or a cohort's).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Calibration {
    /// Results with a recorded prediction and a score.
    pub scored: usize,
    /// Of those, scores inside the predicted band.
    pub inside_band: usize,
    /// Mean of predicted minus actual score.
    pub mean_error: Option<f64>,
    /// Results with a prediction and a pass/fail: (predicted to pass, did pass) counts.
    pub pass_calls: usize,
    pub pass_calls_right: usize,
    /// Domain verdicts with a prediction: (predicted ready, vendor said fine) agreements.
    pub domain_calls: usize,
    pub domain_calls_right: usize,
}

/// Compare every result with its prediction. `pass_mark` gives each exam's pass mark on its
/// scale (for "predicted to pass"), or the readiness bar where none is published.
pub fn calibration<'a>(
    results: impl IntoIterator<Item = &'a ExamResult>,
    pass_mark: impl Fn(&str) -> Option<u32>,
    domain_bar: f64,
) -> Calibration {
    let mut c = Calibration::default();
    let mut errors = Vec::new();
    for r in results {
        let Some(p) = &r.predicted else { continue };
        if let Some(inside) = r.inside_band() {
            c.scored += 1;
            c.inside_band += usize::from(inside);
        }
        errors.extend(r.error());
        let predicted_pass = match (p.score, pass_mark(&r.exam_id)) {
            (Some((s, _, _)), Some(pass)) => Some(s >= pass),
            _ => None,
        };
        if let (Some(pp), Some(passed)) = (predicted_pass, r.passed) {
            c.pass_calls += 1;
            c.pass_calls_right += usize::from(pp == passed);
        }
        for v in &r.domains {
            let ready = p.domains.iter().find(|(d, _)| *d == v.domain).map(|(_, x)| *x >= domain_bar);
            if let (Some(ready), Some(good)) = (ready, verdict_is_good(&v.verdict)) {
                c.domain_calls += 1;
                c.domain_calls_right += usize::from(ready == good);
            }
        }
    }
    c.mean_error = (!errors.is_empty()).then(|| errors.iter().sum::<i64>() as f64 / errors.len() as f64);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(score: Option<u32>, passed: Option<bool>, predicted: Option<(u32, u32, u32)>) -> ExamResult {
        ExamResult {
            id: 1,
            exam_id: "aws-saa-c03".into(),
            sat_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            score,
            passed,
            domains: vec![
                DomainVerdict { domain: "d1".into(), verdict: "Meets competencies".into() },
                DomainVerdict { domain: "d2".into(), verdict: "Needs improvement".into() },
            ],
            predicted: predicted.map(|s| Prediction {
                day: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
                readiness: 0.75,
                low: 0.7,
                high: 0.8,
                score: Some(s),
                domains: vec![("d1".into(), 0.8), ("d2".into(), 0.8)],
            }),
            recorded_at: 0,
        }
    }

    #[test]
    fn results_are_compared_with_the_prediction_made_before_them() {
        let inside = result(Some(760), Some(true), Some((776, 732, 820)));
        let outside = result(Some(690), Some(false), Some((776, 732, 820)));
        let unpredicted = result(Some(800), Some(true), None);
        assert_eq!((inside.inside_band(), inside.error()), (Some(true), Some(16)));
        assert_eq!(outside.inside_band(), Some(false));
        let c = calibration([&inside, &outside, &unpredicted], |_| Some(720), 0.7);
        assert_eq!((c.scored, c.inside_band), (2, 1));
        assert_eq!(c.mean_error, Some((16.0 + 86.0) / 2.0));
        assert_eq!((c.pass_calls, c.pass_calls_right), (2, 1), "the failed sitting was predicted to pass");
        assert_eq!((c.domain_calls, c.domain_calls_right), (4, 2), "d2 'needs improvement' was called ready");
    }

    #[test]
    fn verdicts_read_as_the_vendors_write_them() {
        assert_eq!(verdict_is_good("Meets Competencies"), Some(true));
        assert_eq!(verdict_is_good("needs improvement"), Some(false));
        assert_eq!(verdict_is_good("45%"), None);
    }
}
