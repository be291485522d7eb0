//! The time, as certtrack sees it. `CERTTRACK_NOW` (unix seconds) pins it, so tests and
//! demonstrations can step through days; otherwise it is the system clock. Days start at local
//! midnight.

use chrono::{Local, NaiveDate, Offset, TimeZone};

pub fn now() -> i64 {
    std::env::var("CERTTRACK_NOW").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| chrono::Utc::now().timestamp())
}

/// Seconds east of UTC of the local time zone at `ts`.
pub fn utc_offset(ts: i64) -> i64 {
    Local.timestamp_opt(ts, 0).single().map_or(0, |t| i64::from(t.offset().fix().local_minus_utc()))
}

pub fn today(ts: i64) -> NaiveDate {
    day_of(ts, utc_offset(ts))
}

/// Local calendar day of a unix time, given the UTC offset in seconds (pure: for the core).
pub fn day_of(ts: i64, utc_offset: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(ts + utc_offset, 0).map_or(NaiveDate::MIN, |d| d.date_naive())
}

/// Unix time of local midnight starting `day`.
pub fn day_start(day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Local.from_local_datetime(&midnight).earliest().map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
}

/// (start, end) of the local day containing `ts`.
pub fn day_bounds(ts: i64) -> (i64, i64) {
    let d = today(ts);
    (day_start(d), day_start(d.succ_opt().unwrap_or(d)))
}

/// A date as learners type it, `YYYY-MM-DD`, within years a certtrack date can mean.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bad = || {
        format!(
            "`{}` is not a date; write it as YYYY-MM-DD, e.g. 2027-03-01",
            crate::text::one_line(text.trim()).chars().take(40).collect::<String>()
        )
    };
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    use chrono::Datelike;
    if !(2000..=2200).contains(&d.year()) {
        return Err(bad());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_one_way_and_nonsense_years_refused() {
        assert_eq!(parse_date(" 2027-03-01 "), Ok(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()));
        for bad in ["0000-01-01", "2027-02-30", "27-03-01", "", "tomorrow", "99999-01-01"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
