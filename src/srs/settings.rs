//! The study settings a learner can change, each with its one range: the CLI, the settings
//! screen, the config file and the scheduler all check values here.

use std::ops::RangeInclusive;

/// Desired retention: below 0.70 reviews come too late to help, above 0.99 they pile up.
pub const RETENTION: RangeInclusive<f32> = 0.70..=0.99;
/// Daily limits (new items, reviews).
pub const MAX_PER_DAY: u32 = 9_999;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    DesiredRetention,
    NewPerDay,
    ReviewsPerDay,
    SuspendLeeches,
}

impl Setting {
    pub const ALL: [Setting; 4] =
        [Setting::DesiredRetention, Setting::NewPerDay, Setting::ReviewsPerDay, Setting::SuspendLeeches];

    /// The name the database, the CLI and the config use.
    pub fn key(self) -> &'static str {
        match self {
            Setting::DesiredRetention => "desired_retention",
            Setting::NewPerDay => "new_per_day",
            Setting::ReviewsPerDay => "reviews_per_day",
            Setting::SuspendLeeches => "suspend_leeches",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Setting::DesiredRetention => "Desired retention",
            Setting::NewPerDay => "New items per day",
            Setting::ReviewsPerDay => "Reviews per day",
            Setting::SuspendLeeches => "Suspend leeches",
        }
    }

    pub fn from_key(key: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.key() == key)
    }

    /// `value` checked and written the way it is stored, or what to write instead.
    pub fn check(self, value: &str) -> Result<String, String> {
        let value = value.trim();
        match self {
            Setting::DesiredRetention => match value.parse::<f32>() {
                Ok(v) if RETENTION.contains(&v) => Ok(format!("{v:.2}")),
                _ => Err(format!("use a number from {:.2} to {:.2}", RETENTION.start(), RETENTION.end())),
            },
            Setting::NewPerDay | Setting::ReviewsPerDay => match value.parse::<u32>() {
                Ok(v) if v <= MAX_PER_DAY => Ok(v.to_string()),
                _ => Err(format!("use a whole number from 0 to {MAX_PER_DAY}")),
            },
            Setting::SuspendLeeches => match value {
                "true" | "false" => Ok(value.to_owned()),
                _ => Err("use true or false".into()),
            },
        }
    }

    /// The value one step up (`dir` > 0) or down from `current`, kept in range: what ←/→ do.
    pub fn stepped(self, current: &str, dir: i32) -> String {
        let by = f64::from(dir.signum());
        match self {
            Setting::SuspendLeeches => (current != "true").to_string(),
            Setting::DesiredRetention => {
                let v = current.parse::<f64>().unwrap_or(0.9) + by * 0.01;
                format!("{:.2}", v.clamp(f64::from(*RETENTION.start()), f64::from(*RETENTION.end())))
            }
            Setting::NewPerDay | Setting::ReviewsPerDay => {
                let step = if self == Setting::NewPerDay { 5.0 } else { 10.0 };
                let v = current.parse::<f64>().unwrap_or(0.0) + by * step;
                format!("{}", v.clamp(0.0, f64::from(MAX_PER_DAY)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_one_range_and_steps_stay_inside_it() {
        assert_eq!(Setting::DesiredRetention.check("0.85"), Ok("0.85".into()));
        assert!(Setting::DesiredRetention.check("1.5").is_err());
        assert!(Setting::NewPerDay.check("-1").is_err());
        assert!(Setting::SuspendLeeches.check("yes").is_err());
        assert_eq!(Setting::DesiredRetention.stepped("0.99", 1), "0.99");
        assert_eq!(Setting::NewPerDay.stepped("0", -1), "0");
        assert_eq!(Setting::ReviewsPerDay.stepped("200", 1), "210");
        for s in Setting::ALL {
            assert_eq!(Setting::from_key(s.key()), Some(s));
            for dir in [-1, 1] {
                let v = s.stepped(&s.stepped("5", dir), dir);
                assert!(s.check(&v).is_ok(), "{s:?} stepped to {v}");
            }
        }
    }
}
