//! Colours. Every style the screens use comes from here. Themes are small TOML files (the four
//! built-in ones are `assets/themes/*.toml`); a config's `[colors]` table overrides any role, and
//! NO_COLOR beats everything.

use std::path::PathBuf;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Config, ThemeSpec};
use crate::study::Light;

/// Built-in themes by name.
pub const BUILTIN: [(&str, &str); 4] = [
    ("dark", include_str!("../../assets/themes/dark.toml")),
    ("light", include_str!("../../assets/themes/light.toml")),
    ("high-contrast", include_str!("../../assets/themes/high-contrast.toml")),
    ("monochrome", include_str!("../../assets/themes/monochrome.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Palette {
    title: Color,
    key: Color,
    selected_fg: Color,
    selected_bg: Color,
    dim: Color,
    good: Color,
    warn: Color,
    bad: Color,
    bar: Color,
}

/// A theme: a palette, or none for monochrome (reverse video and words instead of colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    palette: Option<Palette>,
}

const DARK: Palette = Palette {
    title: Color::Cyan,
    key: Color::Cyan,
    selected_fg: Color::White,
    selected_bg: Color::Blue,
    dim: Color::DarkGray,
    good: Color::Green,
    warn: Color::Yellow,
    bad: Color::Red,
    bar: Color::Cyan,
};

impl Default for Theme {
    fn default() -> Theme {
        Theme::colored()
    }
}

impl Theme {
    /// The theme in force: NO_COLOR, then the config's theme and colour overrides.
    pub fn from_config(c: &Config) -> Result<Theme, String> {
        if no_color() {
            return Ok(Theme::monochrome());
        }
        let base = match &c.theme {
            None => Theme::colored(),
            Some(name) => match Theme::builtin(name) {
                Some(t) => t,
                None => {
                    let file = crate::config::path()
                        .and_then(|p| p.parent().map(|d| d.join(name)))
                        .unwrap_or_else(|| PathBuf::from(name));
                    let src = crate::syllabus::catalog::read_text(&file)?;
                    let spec: ThemeSpec =
                        toml::from_str(&src).map_err(|e| format!("{}: {}", file.display(), e.message()))?;
                    Theme::colored().apply(&spec)?
                }
            },
        };
        if base.is_monochrome() { Ok(base) } else { base.apply(&c.colors) }
    }

    pub fn monochrome() -> Theme {
        Theme { palette: None }
    }

    pub fn colored() -> Theme {
        Theme { palette: Some(DARK) }
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, src) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        let spec: ThemeSpec = toml::from_str(src).ok()?;
        Theme::colored().apply(&spec).ok()
    }

    /// This theme with the roles `spec` sets replaced. Errors name the role and the value.
    pub fn apply(self, spec: &ThemeSpec) -> Result<Theme, String> {
        if spec.monochrome == Some(true) {
            return Ok(Theme::monochrome());
        }
        let mut p = self.palette.unwrap_or(DARK);
        let roles: [(&str, &Option<String>, &mut Color); 9] = [
            ("title", &spec.title, &mut p.title),
            ("key", &spec.key, &mut p.key),
            ("selected_fg", &spec.selected_fg, &mut p.selected_fg),
            ("selected_bg", &spec.selected_bg, &mut p.selected_bg),
            ("dim", &spec.dim, &mut p.dim),
            ("good", &spec.good, &mut p.good),
            ("warn", &spec.warn, &mut p.warn),
            ("bad", &spec.bad, &mut p.bad),
            ("bar", &spec.bar, &mut p.bar),
        ];
        for (role, value, slot) in roles {
            if let Some(v) = value {
                *slot = v.parse().map_err(|_| {
                    format!("{role} = {v:?} is not a colour; use a name like \"cyan\", \"#rrggbb\" or a number 0–255")
                })?;
            }
        }
        Ok(Theme { palette: Some(p) })
    }

    pub fn is_monochrome(&self) -> bool {
        self.palette.is_none()
    }

    fn fg(&self, pick: impl Fn(&Palette) -> Color) -> Style {
        self.palette.as_ref().map_or(Style::new(), |p| Style::new().fg(pick(p)))
    }

    /// Lights are also spelled out in text, so monochrome loses nothing.
    pub fn light(&self, l: Light) -> Style {
        let style = match l {
            Light::Red => self.fg(|p| p.bad),
            Light::Amber => self.fg(|p| p.warn),
            Light::Green => self.fg(|p| p.good),
        };
        style.add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        self.fg(|p| p.title).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        match &self.palette {
            Some(p) => Style::new().bg(p.selected_bg).fg(p.selected_fg),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn dim(&self) -> Style {
        self.fg(|p| p.dim)
    }

    pub fn key(&self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }

    pub fn good(&self) -> Style {
        self.light(Light::Green)
    }

    pub fn bad(&self) -> Style {
        self.light(Light::Red)
    }

    pub fn warn(&self) -> Style {
        self.light(Light::Amber)
    }

    pub fn bar(&self) -> Style {
        self.fg(|p| p.bar)
    }
}

/// NO_COLOR (https://no-color.org) set to anything non-empty.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_loads() {
        for (name, _) in BUILTIN {
            assert!(Theme::builtin(name).is_some(), "{name}");
        }
        assert!(Theme::builtin("monochrome").unwrap().is_monochrome());
        assert_ne!(Theme::builtin("light"), Theme::builtin("dark"));
    }

    #[test]
    fn the_config_names_every_builtin_theme() {
        assert_eq!(BUILTIN.map(|(n, _)| n), crate::config::THEMES);
    }

    #[test]
    fn a_config_theme_resolves_with_overrides_and_bad_colours_are_named() {
        let c = crate::config::parse("c.toml", "theme = \"light\"\n[colors]\nbad = \"#ff0000\"\n").unwrap();
        if !no_color() {
            assert_eq!(Theme::from_config(&c).unwrap().bad().fg, Some(Color::Rgb(255, 0, 0)));
        }
        let mono = crate::config::parse("c.toml", "theme = \"monochrome\"\n").unwrap();
        assert!(Theme::from_config(&mono).unwrap().is_monochrome());
        let bad = crate::config::parse("c.toml", "[colors]\nbad = \"blurple\"\n").unwrap();
        assert!(no_color() || Theme::from_config(&bad).unwrap_err().contains("not a colour"));
    }

    #[test]
    fn overrides_replace_roles_and_bad_colours_are_named() {
        let spec = ThemeSpec { bad: Some("#ff00ff".into()), ..Default::default() };
        let t = Theme::colored().apply(&spec).unwrap();
        assert_eq!(t.bad().fg, Some(Color::Rgb(255, 0, 255)));
        let wrong = ThemeSpec { title: Some("blurple".into()), ..Default::default() };
        assert!(Theme::colored().apply(&wrong).unwrap_err().contains("title = \"blurple\" is not a colour"));
    }
}
