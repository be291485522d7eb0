//! After the exam: a real result recorded with the prediction made the day before, the
//! certification a pass earns or renews (with AWS's "a higher exam renews the ones below"), an
//! expiry set by hand from the transcript, and a renewal planned as a goal like an exam.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::Tracker;
use crate::certs::{self, Rule, Standing};
use crate::outcome::{self, Calibration, DomainVerdict, ExamResult, Prediction};
use crate::store::{Certification, Renewal, ResultWrite};
use crate::syllabus::{Exam, Level, PassMark, Provider};

/// A result that cannot be recorded as given: the face's usage error (the CLI exits 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidResult(pub String);

/// Longest verdict kept per domain (a vendor's phrase, typed by the learner).
const VERDICT_CHARS: usize = 40;

/// A sitting as the learner reports it.
#[derive(Debug, Clone)]
pub struct ResultEntry {
    pub exam: String,
    pub sat_on: NaiveDate,
    pub score: Option<u32>,
    pub passed: Option<bool>,
    /// (domain id, the vendor's verdict).
    pub domains: Vec<(String, String)>,
}

/// What recording a result did.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub result: ExamResult,
    /// The certification the pass earned or renewed.
    pub certification: Option<Certification>,
    /// Other certifications the pass renewed (AWS's cascade).
    pub renewed: Vec<Renewal>,
}

/// A certification with where it stands today.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HeldCert {
    #[serde(flatten)]
    pub cert: Certification,
    pub code: String,
    pub standing: Standing,
    /// The day the vendor's renewal window opens, where it has one.
    pub window_opens: Option<NaiveDate>,
}

impl HeldCert {
    /// "held (412 days left)", "renew now: window open, 100 days left", "lapsed 3 days ago".
    pub fn standing_text(&self) -> String {
        match self.standing {
            Standing::NeverExpires => "held (never expires)".into(),
            Standing::Active { days_left } => match self.window_opens {
                Some(w) => format!("held ({days_left} days left; renewal opens {w})"),
                None => format!("held ({days_left} days left)"),
            },
            Standing::RenewNow { days_left } if self.window_opens.is_some() => {
                format!("renew now: window open, {days_left} days left")
            }
            Standing::RenewNow { days_left } => format!("renew now: {days_left} days left"),
            Standing::Lapsed { days_ago } => format!("lapsed {days_ago} days ago"),
        }
    }
}

/// The vendor's rule for an exam's certification; an exam without a level has no computed
/// expiry (the learner sets one from the transcript).
fn rule_of(exam: &Exam) -> Rule {
    match exam.level {
        Some(level) => certs::rule(exam.provider, level),
        None => certs::rule(Provider::Other, Level::Associate),
    }
}

fn invalid(msg: String) -> anyhow::Error {
    InvalidResult(msg).into()
}

/// Check an entry against the exam's scale, pass mark and domains, and settle pass or fail.
fn checked(exam: &crate::syllabus::Syllabus, e: &ResultEntry, today: NaiveDate) -> Result<(NaiveDate, Option<bool>)> {
    let code = &exam.exam.code;
    let sat_on = e.sat_on;
    if sat_on > today {
        return Err(invalid(format!("{sat_on} is in the future (today is {today}); record a result after the exam")));
    }
    let pass_mark = match (exam.exam.pass_mark, e.score) {
        (PassMark::Scaled { pass, scale_min, scale_max }, Some(s)) => {
            if !(scale_min..=scale_max).contains(&s) {
                return Err(invalid(format!("{code} is scored {scale_min}–{scale_max}; {s} is outside it")));
            }
            Some(pass)
        }
        (PassMark::NotPublished, Some(_)) => {
            return Err(invalid(format!("{code} reports pass or fail only, with no score; leave out --score")));
        }
        (PassMark::Scaled { pass, .. }, None) => Some(pass),
        (PassMark::NotPublished, None) => None,
    };
    let by_score = e.score.zip(pass_mark).map(|(s, p)| s >= p);
    let passed = match (e.passed, by_score) {
        (Some(flag), Some(score)) if flag != score => {
            let (s, p) = (e.score.unwrap_or(0), pass_mark.unwrap_or(0));
            let said = if flag { "--passed" } else { "--failed" };
            return Err(invalid(format!(
                "{s} is {} {code}'s pass mark of {p}, but {said} was given; check the score report",
                if score { "at or above" } else { "below" }
            )));
        }
        (Some(flag), _) => Some(flag),
        (None, score) => score,
    };
    if passed.is_none() {
        return Err(invalid(format!("{code} gives no score to decide it: say --passed or --failed")));
    }
    let mut seen = Vec::new();
    for (d, verdict) in &e.domains {
        if !exam.domains.iter().any(|x| x.id == *d) {
            let ids: Vec<&str> = exam.domains.iter().map(|x| x.id.as_str()).collect();
            return Err(invalid(format!(
                "{code} has no domain `{}`; its domains are {}",
                crate::text::one_line(d),
                ids.join(", ")
            )));
        }
        if seen.contains(&d) {
            return Err(invalid(format!("domain {d} is given twice")));
        }
        if verdict.trim().is_empty() {
            return Err(invalid(format!("give domain {d} a verdict, e.g. {d}=meets")));
        }
        seen.push(d);
    }
    Ok((sat_on, passed))
}

impl Tracker {
    /// Record a real sitting with the prediction made before it; a pass earns (or renews) its
    /// certification and renews the active ones below it. One transaction.
    pub fn record_result(&mut self, e: &ResultEntry, now: i64) -> Result<Recorded> {
        let s = self.syllabus(&e.exam)?;
        let (sat_on, passed) = checked(s, e, crate::clock::today(now))?;
        let exam = s.exam.clone();
        // Every vendor makes a candidate wait at least a day before a retake, so a second result
        // on the same day is the same sitting entered twice (it would count twice in pass rates).
        if self.store.results(Some(&exam.id))?.iter().any(|r| r.sat_on == sat_on) {
            return Err(invalid(format!(
                "a {} result sat on {sat_on} is already recorded; `certtrack stats` shows it",
                exam.code
            )));
        }
        let result = ExamResult {
            id: 0,
            exam_id: exam.id.clone(),
            sat_on,
            score: e.score,
            passed,
            domains: e
                .domains
                .iter()
                .map(|(d, v)| DomainVerdict {
                    domain: d.clone(),
                    verdict: crate::text::clip(&crate::text::one_line(v.trim()), VERDICT_CHARS),
                })
                .collect(),
            predicted: self.store.prediction_before(&exam.id, sat_on)?,
            recorded_at: now,
        };
        let (certification, renewed) = match passed {
            Some(true) => self.earned(&exam, sat_on)?,
            _ => (None, Vec::new()),
        };
        let write = ResultWrite { result: &result, certification: certification.as_ref(), renewals: &renewed };
        let id = self.store.record_result(&write, now)?;
        Ok(Recorded { result: ExamResult { id, ..result }, certification, renewed })
    }

    /// What a pass on `sat_on` earns: its own certification (new, or renewed if still active),
    /// and renewals of the active certifications it also renews.
    fn earned(&self, exam: &Exam, sat_on: NaiveDate) -> Result<(Option<Certification>, Vec<Renewal>)> {
        let rule = rule_of(exam);
        let held = self.store.certifications()?;
        let fresh = certs::expiry(rule, sat_on);
        let own = match held.iter().find(|c| c.exam_id == exam.id) {
            Some(c) if c.expires_on.is_none_or(|x| x >= sat_on) => Certification {
                expires_on: later(c.expires_on, fresh),
                expiry_set_by_learner: c.expiry_set_by_learner && later(c.expires_on, fresh) == c.expires_on,
                ..c.clone()
            },
            _ => Certification {
                exam_id: exam.id.clone(),
                earned_on: sat_on,
                expires_on: fresh,
                expiry_set_by_learner: false,
            },
        };
        let mut renewals = Vec::new();
        if own.earned_on < sat_on && held.iter().any(|c| c.exam_id == exam.id && c.expires_on < own.expires_on) {
            renewals.push(Renewal {
                exam_id: exam.id.clone(),
                renewed_on: sat_on,
                how: "passed the exam again".into(),
                expires_on: own.expires_on,
            });
        }
        let Some(level) = exam.level else { return Ok((Some(own), renewals)) };
        for family in certs::also_renews(exam.provider, level, &exam.code) {
            for c in held.iter().filter(|c| c.exam_id != exam.id && self.family(&c.exam_id) == family) {
                // Only a certification still active is extended; a lapsed one does not come back.
                let Some(current) = c.expires_on.filter(|&x| x >= sat_on) else { continue };
                let Ok(lower) = self.syllabus(&c.exam_id) else { continue };
                let new = certs::renewed_expiry(rule_of(&lower.exam), Some(current), sat_on);
                if new > Some(current) {
                    renewals.push(Renewal {
                        exam_id: c.exam_id.clone(),
                        renewed_on: sat_on,
                        how: format!("renewed by passing {}", exam.code),
                        expires_on: new,
                    });
                }
            }
        }
        Ok((Some(own), renewals))
    }

    /// An exam's family, the code before the version: "SAA" for aws-saa-c03.
    fn family(&self, exam_id: &str) -> String {
        self.code_of(exam_id).split('-').next().unwrap_or("").to_ascii_uppercase()
    }

    /// Every result, or one exam's, in the order sat.
    pub fn results(&self, exam: Option<&str>) -> Result<Vec<ExamResult>> {
        let id = exam.map(|e| self.syllabus(e).map(|s| s.exam.id.clone())).transpose()?;
        Ok(self.store.results(id.as_deref())?)
    }

    /// How the predictions compared with the results (the readiness model's real-world check).
    pub fn calibration(&self, results: &[ExamResult]) -> Calibration {
        let pass_mark = |id: &str| self.syllabus(id).ok().and_then(|s| s.exam.pass_mark.published());
        // Domains are called ready at the bar readiness assumes where no pass mark is published.
        outcome::calibration(results, pass_mark, crate::readiness::bar(PassMark::NotPublished).0)
    }

    /// Keep today's readiness of the exams just shown, once per exam and day (what a result is
    /// later compared with). Faces call it after showing readiness.
    pub fn keep_predictions(&mut self, predictions: &[(String, Prediction)]) -> Result<()> {
        Ok(self.store.keep_predictions(predictions)?)
    }

    /// `keep_predictions` once the screen is drawn (`idle`): the day's first write waits for
    /// the page check, which on a large database takes longer than a frame may.
    pub fn keep_predictions_when_idle(&mut self, predictions: Vec<(String, Prediction)>) {
        self.pending_predictions = predictions;
    }

    /// Certifications held or held once, soonest expiry first, with their standing on `today`.
    pub fn certifications(&self, today: NaiveDate) -> Result<Vec<HeldCert>> {
        Ok(self
            .store
            .certifications()?
            .into_iter()
            .map(|cert| {
                let exam = self.syllabus(&cert.exam_id).ok().map(|s| &s.exam);
                let rule = exam.map_or(certs::rule(Provider::Other, Level::Associate), rule_of);
                let window_opens = rule
                    .window_days
                    .zip(cert.expires_on)
                    .and_then(|(w, e)| e.checked_sub_days(chrono::Days::new(u64::from(w))));
                HeldCert {
                    code: self.code_of(&cert.exam_id),
                    standing: certs::standing(rule, cert.expires_on, today),
                    window_opens,
                    cert,
                }
            })
            .collect())
    }

    /// Certifications whose renewal window is open on `today` (the dashboard's line).
    pub fn renewals_due(&self, today: NaiveDate) -> Result<Vec<HeldCert>> {
        Ok(self
            .certifications(today)?
            .into_iter()
            .filter(|c| matches!(c.standing, Standing::RenewNow { .. }))
            .collect())
    }

    /// Set a certification's expiry by hand (the transcript is the truth), creating the
    /// certification if certtrack did not know it (earned before certtrack, `earned` then).
    pub fn set_expiry(
        &mut self,
        exam: &str,
        expires: Option<NaiveDate>,
        earned: Option<NaiveDate>,
        now: i64,
    ) -> Result<Certification> {
        let id = self.syllabus(exam)?.exam.id.clone();
        let held = self.store.certifications()?.into_iter().find(|c| c.exam_id == id);
        let earned_on = match (earned, &held) {
            (Some(d), _) => d,
            (None, Some(c)) => c.earned_on,
            (None, None) => bail!("certtrack has no {id} certification yet: give the day it was earned with --earned"),
        };
        if expires.is_some_and(|x| x < earned_on) {
            bail!("an expiry before the day it was earned ({earned_on}) cannot be right");
        }
        let c = Certification { exam_id: id, earned_on, expires_on: expires, expiry_set_by_learner: true };
        self.store.set_certification(&c, now)?;
        Ok(c)
    }

    /// Record a renewal taken on `on` (Microsoft's renewal assessment, Google's renewal exam),
    /// inside the vendor's window.
    pub fn renew(&mut self, exam: &str, on: NaiveDate, now: i64) -> Result<Renewal> {
        let s = self.syllabus(exam)?;
        let (id, rule) = (s.exam.id.clone(), rule_of(&s.exam));
        if on > crate::clock::today(now) {
            bail!("{on} is in the future; record a renewal once it is done");
        }
        let Some(c) = self.store.certifications()?.into_iter().find(|c| c.exam_id == id) else {
            bail!("certtrack has no {id} certification to renew; record the pass with `certtrack exam result`")
        };
        certs::can_renew(rule, c.expires_on, on).map_err(|why| anyhow::anyhow!("cannot renew {id} on {on}: {why}"))?;
        let r = Renewal {
            exam_id: id,
            renewed_on: on,
            how: "renewal assessment".into(),
            expires_on: certs::renewed_expiry(rule, c.expires_on, on),
        };
        self.store.add_renewal(&r, now)?;
        Ok(r)
    }

    /// Plan a renewal as a goal: follow the exam and set its date (on or before the expiry).
    pub fn plan_renewal(&mut self, exam: &str, date: NaiveDate, now: i64) -> Result<()> {
        let id = self.syllabus(exam)?.exam.id.clone();
        let held = self.certifications(crate::clock::today(now))?.into_iter().find(|c| c.cert.exam_id == id);
        match held.and_then(|c| c.cert.expires_on) {
            Some(e) if date > e => bail!("{date} is after the expiry ({e}): a lapsed certification cannot be renewed"),
            Some(_) => {}
            None => bail!("certtrack knows no expiring {id} certification to renew"),
        }
        self.set_exam_date(&id, Some(date), now)?;
        self.follow(&id, true, now)
    }
}

/// The later of two expiries (`None` never expires, so it wins).
fn later(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        _ => None,
    }
}

impl super::Overview<'_> {
    /// Today's readiness of each exam shown, as predictions to keep.
    pub fn predictions(&self, today: NaiveDate) -> Vec<(String, Prediction)> {
        self.exams
            .iter()
            .map(|e| {
                let r = &e.readiness;
                let domains =
                    e.outline.domains.iter().zip(&r.domains).map(|(d, x)| (d.id.clone(), x.readiness)).collect();
                let p = Prediction {
                    day: today,
                    readiness: r.readiness,
                    low: r.low,
                    high: r.high,
                    score: r.predicted,
                    domains,
                };
                (e.outline.exam.id.clone(), p)
            })
            .collect()
    }
}
