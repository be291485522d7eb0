//! Study settings: checked against their one range (`srs::Setting`), saved, and in force at once.

use anyhow::{Result, anyhow};

use super::Tracker;
use crate::srs::Setting;

impl Tracker {
    /// Check and save a setting by its name; returns the value as saved.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<String> {
        let names = || Setting::ALL.map(Setting::key).join(", ");
        let setting = Setting::from_key(key)
            .ok_or_else(|| anyhow!("unknown setting `{}`; the settings are {}", crate::text::one_line(key), names()))?;
        let value = setting.check(value).map_err(|why| anyhow!("{key} = {}: {why}", crate::text::one_line(value)))?;
        self.store.set_setting(key, &value)?;
        self.reload_prefs()?;
        Ok(value)
    }

    /// A setting's value in force, as text.
    pub fn setting_value(&self, s: Setting) -> String {
        let p = &self.prefs;
        match s {
            Setting::DesiredRetention => format!("{:.2}", p.desired_retention),
            Setting::NewPerDay => p.limits.new_per_day.to_string(),
            Setting::ReviewsPerDay => p.limits.reviews_per_day.to_string(),
            Setting::SuspendLeeches => p.suspend_leeches.to_string(),
        }
    }

    /// Keep parameters fitted by `srs optimize`.
    pub fn set_fsrs_params(&mut self, params: &[f32]) -> Result<()> {
        self.store.set_setting("fsrs_params", &serde_json::to_string(params)?)?;
        self.reload_prefs()
    }
}
