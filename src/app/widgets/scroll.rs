//! Panes whose content can be taller than the pane: they scroll (keys and the mouse wheel), show
//! a scrollbar when they do, and say how far they can go so a screen binds its scroll keys only
//! when there is something to scroll.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

/// A pane's scroll position. `max` is learnt when the pane is drawn (only drawing knows the
/// pane's height), so moves made between frames clamp to what the last frame showed.
#[derive(Debug, Default, Clone)]
pub struct Scroll {
    offset: Cell<usize>,
    max: Cell<usize>,
}

impl Scroll {
    pub fn by(&self, delta: isize) {
        self.offset.set(self.offset.get().saturating_add_signed(delta).min(self.max.get()));
    }

    pub fn to_top(&self) {
        self.offset.set(0);
    }

    /// To the end of the content the next frame draws (drawing clamps it).
    pub fn to_bottom(&self) {
        self.offset.set(usize::MAX);
    }

    /// True when the last frame could not show everything.
    pub fn overflows(&self) -> bool {
        self.max.get() > 0
    }

    /// Scroll so rows `from..to` are in sight (a selection in a long list).
    pub fn reveal(&self, from: usize, to: usize, height: usize) {
        let off = self.offset.get();
        if from < off {
            self.offset.set(from);
        } else if to > off + height {
            self.offset.set(to.saturating_sub(height));
        }
    }

    pub fn offset(&self) -> usize {
        self.offset.get()
    }
}

/// Draw `lines` (wrapped to the block's inner width already) in `area` from the scroll position,
/// with a scrollbar on the right edge when they do not all fit.
pub fn scrolled(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: &Scroll, block: Block) {
    let inner = block.inner(area);
    let height = usize::from(inner.height);
    let max = lines.len().saturating_sub(height);
    scroll.max.set(max);
    scroll.offset.set(scroll.offset.get().min(max));
    let offset = scroll.offset.get();
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    f.render_widget(Paragraph::new(shown).block(block), area);
    if max > 0 {
        let mut state = ScrollbarState::new(max + 1).position(offset).viewport_content_length(height);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None);
        f.render_stateful_widget(bar, Rect { y: inner.y, height: inner.height, ..area }, &mut state);
    }
}

/// A pane of `top` lines that scroll above `pinned` lines that stay in sight (a question's
/// choices, a card's rating buttons). Both are wrapped to the pane's width here; when everything
/// fits, it is drawn as one.
pub fn pinned_pane(
    f: &mut Frame,
    area: Rect,
    block: Block,
    top: Vec<Line<'static>>,
    pinned: Vec<Line<'static>>,
    scroll: &Scroll,
) {
    let inner = block.inner(area);
    let unwrapped = pinned.clone();
    let pinned = super::wrap(pinned, inner.width);
    f.render_widget(block, area);
    let room = usize::from(inner.height);
    let whole = super::wrap(top.clone(), inner.width);
    if whole.len() + pinned.len() <= room {
        return scrolled(f, inner, whole.into_iter().chain(pinned).collect(), scroll, Block::default());
    }
    // The part above keeps a third of the pane (at least four lines, or all it has): pinning
    // long choices under a two-line stem hid the question, and a case study's scenario, at 60×20.
    // When the choices do not fit beside that, everything scrolls as one: all of it reachable.
    let top_min = whole.len().min((room / 3).max(4));
    let narrow = inner.width.saturating_sub(1);
    if pinned.len() + top_min > room {
        let all = super::wrap(top.into_iter().chain(unwrapped).collect(), narrow);
        return scrolled(f, inner, all, scroll, Block::default());
    }
    let pin = pinned.len() as u16;
    let split = inner.height - pin;
    // The part that scrolls leaves its last column to the scrollbar, so no letter hides under it.
    let top = super::wrap(top, narrow);
    scrolled(f, Rect { height: split, ..inner }, top, scroll, Block::default());
    f.render_widget(Paragraph::new(pinned), Rect { y: inner.y + split, height: pin, ..inner });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Borders;

    fn draw(lines: usize, scroll: &Scroll) -> String {
        let mut t = Terminal::new(TestBackend::new(20, 6)).unwrap();
        let content: Vec<Line> = (0..lines).map(|i| Line::raw(format!("line {i}"))).collect();
        t.draw(|f| scrolled(f, f.area(), content, scroll, Block::default().borders(Borders::ALL))).unwrap();
        format!("{}", t.backend())
    }

    #[test]
    fn content_taller_than_the_pane_scrolls_and_clamps() {
        let s = Scroll::default();
        assert!(draw(3, &s).contains("line 2") && !s.overflows(), "fits: no scrolling");
        let first = draw(10, &s);
        assert!(s.overflows() && first.contains("line 0") && !first.contains("line 4"));
        s.by(100);
        let last = draw(10, &s);
        assert!(last.contains("line 9") && !last.contains("line 5"), "clamped to the end:\n{last}");
        assert_eq!(s.offset(), 6);
        s.reveal(1, 2, 4);
        assert_eq!(s.offset(), 1);
    }

    #[test]
    fn pinned_lines_stay_in_sight_while_the_rest_scrolls() {
        let s = Scroll::default();
        let mut t = Terminal::new(TestBackend::new(30, 6)).unwrap();
        let top: Vec<Line> = (0..10).map(|i| Line::raw(format!("stem {i}"))).collect();
        let pinned = vec![Line::raw("A) first"), Line::raw("B) second")];
        t.draw(|f| pinned_pane(f, f.area(), Block::default(), top.clone(), pinned.clone(), &s)).unwrap();
        let screen = format!("{}", t.backend());
        assert!(screen.contains("A) first") && screen.contains("B) second") && screen.contains("stem 0"), "{screen}");
        assert!(s.overflows());
        s.by(100);
        t.draw(|f| pinned_pane(f, f.area(), Block::default(), top, pinned, &s)).unwrap();
        let screen = format!("{}", t.backend());
        assert!(screen.contains("stem 9") && screen.contains("B) second"), "{screen}");
    }

    #[test]
    fn no_letter_of_a_scrolling_pane_hides_under_its_scrollbar() {
        let s = Scroll::default();
        let mut t = Terminal::new(TestBackend::new(9, 4)).unwrap();
        // As wide as the pane: drawn at full width, its last letter would sit under the bar.
        let top: Vec<Line> = (0..4).map(|i| Line::raw(format!("word{i} xyz"))).collect();
        t.draw(|f| pinned_pane(f, f.area(), Block::default(), top, vec![Line::raw("pinned")], &s)).unwrap();
        let screen = format!("{}", t.backend());
        assert!(s.overflows() && screen.contains("word0") && screen.contains("xyz"), "{screen}");
    }
}
