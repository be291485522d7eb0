//! Certifications held: when one expires, when its renewal window opens, and what a pass renews,
//! by each vendor's published rule (docs/certifications.md names the sources and the date they
//! were checked). Pure: dates in, dates out. Vendors change these rules, so a learner can always
//! set an expiry by hand (their transcript is the truth); the store remembers which it was.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::syllabus::{Level, Provider};

/// How a vendor's certification of this level lasts and renews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Months from the pass to the expiry; `None` never expires (Microsoft Fundamentals).
    pub valid_months: Option<u32>,
    /// Days before expiry from which a renewal can be taken; `None` where the vendor sets no
    /// window (AWS: renew any time while the certification is active).
    pub window_days: Option<u32>,
    /// A renewal adds to the current expiry (Microsoft) rather than counting from the pass.
    pub renewal_extends_expiry: bool,
    /// Months a renewal adds.
    pub renewal_months: Option<u32>,
}

/// The rule for a certification (late 2026; docs/certifications.md).
pub fn rule(provider: Provider, level: Level) -> Rule {
    let plain = |months, window| Rule {
        valid_months: months,
        window_days: window,
        renewal_extends_expiry: false,
        renewal_months: months,
    };
    match (provider, level) {
        (Provider::Aws, _) => plain(Some(36), None),
        (Provider::Gcp, Level::Professional) => plain(Some(24), Some(60)),
        (Provider::Gcp, _) => plain(Some(36), Some(60)),
        (Provider::Azure, Level::Foundational) => plain(None, None),
        (Provider::Azure, _) => Rule {
            valid_months: Some(12),
            window_days: Some(180),
            renewal_extends_expiry: true,
            renewal_months: Some(12),
        },
        (Provider::Other, _) => plain(None, None),
    }
}

/// When a certification earned on `passed` expires under `rule`.
pub fn expiry(rule: Rule, passed: NaiveDate) -> Option<NaiveDate> {
    rule.valid_months.and_then(|m| passed.checked_add_months(Months::new(m)))
}

/// The expiry after a renewal on `on` of a certification that expired (or expires) on `current`.
pub fn renewed_expiry(rule: Rule, current: Option<NaiveDate>, on: NaiveDate) -> Option<NaiveDate> {
    let months = Months::new(rule.renewal_months?);
    match (rule.renewal_extends_expiry, current) {
        (true, Some(c)) => c.checked_add_months(months),
        _ => on.checked_add_months(months),
    }
}

/// Where a certification stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    NeverExpires,
    Active {
        days_left: i64,
    },
    /// The vendor's renewal window is open (or, where there is none, expiry is within the
    /// planning horizon).
    RenewNow {
        days_left: i64,
    },
    Lapsed {
        days_ago: i64,
    },
}

/// Days before expiry from which a certification without a vendor window reads "renew now".
pub const PLANNING_DAYS: i64 = 180;

pub fn standing(rule: Rule, expires: Option<NaiveDate>, today: NaiveDate) -> Standing {
    let Some(e) = expires else { return Standing::NeverExpires };
    let days_left = (e - today).num_days();
    let window = rule.window_days.map_or(PLANNING_DAYS, i64::from);
    match days_left {
        d if d < 0 => Standing::Lapsed { days_ago: -d },
        d if d <= window => Standing::RenewNow { days_left: d },
        d => Standing::Active { days_left: d },
    }
}

/// Is a renewal allowed on `on`? Before expiry, and inside the vendor's window if it has one.
pub fn can_renew(rule: Rule, expires: Option<NaiveDate>, on: NaiveDate) -> Result<(), String> {
    let Some(e) = expires else { return Err("this certification does not expire".into()) };
    if on > e {
        return Err(format!("it lapsed on {e}: a lapsed certification is earned again by passing the exam"));
    }
    if let Some(w) = rule.window_days
        && (e - on).num_days() > i64::from(w)
    {
        let opens = e - chrono::Days::new(u64::from(w));
        return Err(format!("the renewal window opens on {opens} ({w} days before expiry on {e})"));
    }
    Ok(())
}

/// Exam codes whose certification a pass of `code` also renews, when the learner holds it and it
/// is still active (AWS's recertification rules): a Professional renews the Associate below it,
/// DevOps Professional renews Developer and CloudOps, and any Associate or Professional renews
/// Cloud Practitioner.
pub fn also_renews(provider: Provider, level: Level, code: &str) -> Vec<&'static str> {
    if provider != Provider::Aws {
        return Vec::new();
    }
    let family = code.split('-').next().unwrap_or("").to_ascii_uppercase();
    let mut renews: Vec<&'static str> = match family.as_str() {
        "SAP" => vec!["SAA"],
        "DOP" => vec!["DVA", "SOA"],
        _ => Vec::new(),
    };
    if matches!(level, Level::Associate | Level::Professional) {
        renews.push("CLF");
    }
    renews
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_vendor_has_its_validity() {
        let pass = d(2026, 3, 31);
        assert_eq!(expiry(rule(Provider::Aws, Level::Associate), pass), Some(d(2029, 3, 31)));
        assert_eq!(expiry(rule(Provider::Gcp, Level::Professional), pass), Some(d(2028, 3, 31)));
        assert_eq!(expiry(rule(Provider::Gcp, Level::Associate), pass), Some(d(2029, 3, 31)));
        assert_eq!(expiry(rule(Provider::Gcp, Level::Foundational), pass), Some(d(2029, 3, 31)));
        assert_eq!(expiry(rule(Provider::Azure, Level::Associate), pass), Some(d(2027, 3, 31)));
        assert_eq!(expiry(rule(Provider::Azure, Level::Foundational), pass), None, "Fundamentals never expire");
        assert_eq!(expiry(rule(Provider::Aws, Level::Associate), d(2028, 2, 29)), Some(d(2031, 2, 28)), "leap day");
    }

    #[test]
    fn microsoft_renewal_adds_a_year_to_the_expiry_inside_its_window() {
        let r = rule(Provider::Azure, Level::Associate);
        let expires = Some(d(2027, 6, 30));
        assert!(can_renew(r, expires, d(2026, 12, 1)).unwrap_err().contains("opens on 2027-01-01"));
        assert!(can_renew(r, expires, d(2027, 2, 1)).is_ok());
        assert!(can_renew(r, expires, d(2027, 7, 1)).unwrap_err().contains("lapsed"));
        assert_eq!(renewed_expiry(r, expires, d(2027, 2, 1)), Some(d(2028, 6, 30)), "from the expiry, not the day");
        assert_eq!(standing(r, expires, d(2027, 2, 1)), Standing::RenewNow { days_left: 149 });
        assert_eq!(standing(r, expires, d(2026, 12, 1)), Standing::Active { days_left: 211 });
        assert_eq!(standing(r, expires, d(2027, 7, 2)), Standing::Lapsed { days_ago: 2 });
    }

    #[test]
    fn google_opens_renewal_sixty_days_before_and_counts_from_the_pass() {
        let r = rule(Provider::Gcp, Level::Professional);
        let expires = Some(d(2027, 6, 30));
        assert!(can_renew(r, expires, d(2027, 4, 30)).is_err());
        assert!(can_renew(r, expires, d(2027, 5, 1)).is_ok());
        assert_eq!(renewed_expiry(r, expires, d(2027, 5, 10)), Some(d(2029, 5, 10)));
    }

    #[test]
    fn aws_has_no_window_and_a_higher_exam_renews_the_ones_below() {
        let r = rule(Provider::Aws, Level::Professional);
        assert!(can_renew(r, Some(d(2029, 1, 1)), d(2026, 12, 1)).is_ok(), "any time while active");
        assert_eq!(standing(r, Some(d(2027, 5, 1)), d(2026, 12, 1)), Standing::RenewNow { days_left: 151 });
        assert_eq!(also_renews(Provider::Aws, Level::Professional, "SAP-C03"), ["SAA", "CLF"]);
        assert_eq!(also_renews(Provider::Aws, Level::Associate, "SAA-C03"), ["CLF"]);
        assert!(also_renews(Provider::Aws, Level::Foundational, "CLF-C02").is_empty());
        assert!(also_renews(Provider::Azure, Level::Expert, "AZ-305").is_empty());
    }
}
