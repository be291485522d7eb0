//! The user's config file (TOML, in the platform's config dir; `CERTTRACK_CONFIG` overrides the
//! path): theme and colours, key remapping, study defaults, default exam, week start, date format.
//! Unknown keys and bad values are errors naming the line and column.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A built-in theme (dark, light, high-contrast, monochrome) or a theme file's path.
    pub theme: Option<String>,
    /// The exam `certtrack quiz` uses when none is given and none is followed yet.
    pub default_exam: Option<String>,
    pub week_start: Option<WeekStart>,
    /// chrono strftime format for dates on screen, e.g. "%d %b %Y".
    pub date_format: Option<String>,
    #[serde(default)]
    pub study: StudyDefaults,
    /// Overrides for single colour roles of the theme.
    #[serde(default)]
    pub colors: ThemeSpec,
    /// "key certtrack uses" = "key you want", e.g. `r = "v"`.
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
}

/// The built-in themes (`assets/themes/<name>.toml`; the app's theme module holds them).
pub const THEMES: [&str; 4] = ["dark", "light", "high-contrast", "monochrome"];

/// A theme file, or a config's `[colors]` table: every colour role optional, as written. The
/// app's theme module turns it into styles and says which value is not a colour.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeSpec {
    pub monochrome: Option<bool>,
    pub title: Option<String>,
    pub key: Option<String>,
    pub selected_fg: Option<String>,
    pub selected_bg: Option<String>,
    pub dim: Option<String>,
    pub good: Option<String>,
    pub warn: Option<String>,
    pub bad: Option<String>,
    pub bar: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    #[default]
    Monday,
    Sunday,
}

/// Used where the database has no value of its own (set with `certtrack settings` or the
/// Settings screen, which win: they travel with your data).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyDefaults {
    pub desired_retention: Option<f32>,
    pub new_per_day: Option<u32>,
    pub reviews_per_day: Option<u32>,
}

/// Where the config file lives.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("CERTTRACK_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => directories::ProjectDirs::from("", "", "certtrack").map(|d| d.config_dir().join("config.toml")),
    }
}

/// The config, or the defaults when there is no file. Errors are ready to print.
pub fn load() -> Result<Config, String> {
    let Some(path) = path().filter(|p| p.exists()) else { return Ok(Config::default()) };
    let src = crate::syllabus::catalog::read_text(&path)?;
    parse(&path.display().to_string(), &src)
}

pub fn parse(file: &str, src: &str) -> Result<Config, String> {
    let at = |span: Option<std::ops::Range<usize>>| {
        span.map_or((1, 1), |s| crate::syllabus::diagnostic::line_col(src, s.start))
    };
    let c: Config = toml::from_str(src).map_err(|e| {
        let (line, col) = at(e.span());
        format!(
            "{file}:{line}:{col}: error: {}\n  help: see docs/config.md, or `certtrack config show` for the template\n",
            crate::text::one_line(e.message())
        )
    })?;
    c.check().map_err(|m| format!("{file}: error: {m}\n"))?;
    Ok(c)
}

impl Config {
    fn check(&self) -> Result<(), String> {
        if let Some(t) = &self.theme
            && !THEMES.contains(&t.as_str())
            && !t.ends_with(".toml")
        {
            return Err(format!("theme = {t:?}: use dark, light, high-contrast, monochrome, or a .toml theme file"));
        }
        if let Some(f) = &self.date_format
            && (f.is_empty() || StrftimeItems::new(f).any(|i| matches!(i, Item::Error)))
        {
            return Err(format!(
                "date_format = {f:?} is not a valid strftime format; try \"%Y-%m-%d\" or \"%d %b %Y\""
            ));
        }
        let s = &self.study;
        let limit = crate::srs::MAX_PER_DAY;
        if let Some(r) = s.desired_retention.filter(|r| !crate::srs::RETENTION.contains(r)) {
            let range = crate::srs::RETENTION;
            return Err(format!(
                "study.desired_retention = {r} is out of range; use {:.2} to {:.2}",
                range.start(),
                range.end()
            ));
        }
        if s.new_per_day.is_some_and(|n| n > limit) || s.reviews_per_day.is_some_and(|n| n > limit) {
            return Err(format!("study daily limits must be at most {limit}"));
        }
        KeyMap::new(&self.keys).map(|_| ())
    }

    pub fn keymap(&self) -> KeyMap {
        KeyMap::new(&self.keys).unwrap_or_default()
    }

    pub fn format_date(&self, d: NaiveDate) -> String {
        d.format(self.date_format.as_deref().unwrap_or("%Y-%m-%d")).to_string()
    }

    pub fn week_starts_sunday(&self) -> bool {
        self.week_start == Some(WeekStart::Sunday)
    }
}

/// Remapped keys: certtrack's key → the key the user presses instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyMap {
    shown: BTreeMap<char, char>,
}

impl KeyMap {
    pub fn new(keys: &BTreeMap<String, String>) -> Result<KeyMap, String> {
        let mut m = KeyMap::default();
        for (from, to) in keys {
            let one = |s: &str| -> Option<char> {
                let mut cs = s.chars();
                cs.next().filter(|c| cs.next().is_none() && c.is_ascii_graphic())
            };
            let (Some(f), Some(t)) = (one(from), one(to)) else {
                return Err(format!(
                    "keys: {from:?} = {to:?}: both sides must be one printable character, e.g. r = \"v\""
                ));
            };
            if f == '?' || m.shown.values().any(|&used| used == t) {
                return Err(format!("keys: {to:?} is used twice (or `?` is remapped: help stays on `?`)"));
            }
            m.shown.insert(f, t);
        }
        Ok(m)
    }

    /// The key the user presses for one of certtrack's keys (`r` → `v` when remapped).
    pub fn user_key(&self, c: char) -> char {
        self.shown.get(&c).copied().unwrap_or(c)
    }
}

/// Written by `certtrack config edit` when there is no file yet.
pub const TEMPLATE: &str = r##"# certtrack configuration. Every setting is optional; delete a line to get the default.
# Documentation: docs/config.md. Check this file with `certtrack config show`.

# dark (default), light, high-contrast, monochrome, or a theme file next to this one
# (see assets/themes/ in the repository for the format). NO_COLOR always wins.
# theme = "dark"

# The exam `certtrack quiz` uses when you give none and follow none yet.
# default_exam = "aws-saa-c03"

# First day of the week in the review heatmap: monday or sunday.
# week_start = "monday"

# How dates are shown (strftime), e.g. "%d %b %Y" for 15 Mar 2027.
# date_format = "%Y-%m-%d"

[study]
# Defaults for a database that has not set its own (`certtrack settings` sets those).
# desired_retention = 0.90
# new_per_day = 20
# reviews_per_day = 200

[colors]
# Override single colours of the theme: title, key, selected_fg, selected_bg, dim, good,
# warn, bad, bar. Values: names (cyan, lightblue, darkgray…), "#rrggbb" or 0–255.
# bad = "#ff5f5f"

[keys]
# Remap keys: "the key certtrack uses" = "the key you want". Help and the status line
# show the keys in force.
# r = "v"
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_config() {
        let c = parse("t.toml", TEMPLATE).unwrap();
        assert!(c.theme.is_none() && c.keys.is_empty());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located_errors() {
        let e = parse("c.toml", "theme = \"dark\"\ncolour = \"red\"\n").unwrap_err();
        assert!(e.starts_with("c.toml:2:1: error: unknown field `colour`"), "{e}");
        assert!(parse("c.toml", "week_start = \"friday\"\n").unwrap_err().starts_with("c.toml:1:14:"));
        assert!(parse("c.toml", "theme = \"neon\"\n").unwrap_err().contains("use dark, light"));
        assert!(parse("c.toml", "date_format = \"%Q\"\n").unwrap_err().contains("not a valid strftime"));
        assert!(parse("c.toml", "[study]\nnew_per_day = 100000\n").unwrap_err().contains("at most 9999"));
        assert!(parse("c.toml", "[keys]\nr = \"vv\"\n").unwrap_err().contains("one printable character"));
        assert!(parse("c.toml", "[keys]\nr = \"v\"\np = \"v\"\n").unwrap_err().contains("used twice"));
    }

    #[test]
    fn keys_remap_both_ways_and_dates_follow_the_format() {
        let c = parse("c.toml", "date_format = \"%d %b %Y\"\n[keys]\nr = \"v\"\n").unwrap();
        let k = c.keymap();
        assert_eq!((k.user_key('r'), k.user_key('x')), ('v', 'x'));
        assert_eq!(c.format_date(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()), "15 Mar 2027");
    }
}
