//! The floor for the startup benchmark: a bare ratatui program that draws one frame (alternate
//! screen, like certtrack) and exits on any key.

use crossterm::event::{self, Event};
use ratatui::widgets::Paragraph;

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    terminal.draw(|f| f.render_widget(Paragraph::new("bare ratatui frame"), f.area()))?;
    loop {
        if let Event::Key(_) = event::read()? {
            break;
        }
    }
    ratatui::restore();
    Ok(())
}
