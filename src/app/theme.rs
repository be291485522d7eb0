//! Colours. Every style the screens use comes from here, so a monochrome theme (and NO_COLOR)
//! is a matter of returning plain styles.

use ratatui::style::{Color, Modifier, Style};

use crate::study::Light;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set (https://no-color.org) or monochrome is asked for.
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    pub fn monochrome() -> Theme {
        Theme { color: false }
    }

    pub fn colored() -> Theme {
        Theme { color: true }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    /// Lights are also spelled out in text, so monochrome loses nothing.
    pub fn light(&self, l: Light) -> Style {
        let c = match l {
            Light::Red => Color::Red,
            Light::Amber => Color::Yellow,
            Light::Green => Color::Green,
        };
        self.fg(c).add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
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
        self.fg(Color::Cyan)
    }
}
