//! The review queue: due items (lowest recall first) then new ones, across followed exams.
//! Front, reveal, rate 1–4 with each button's next interval; undo; leech marks.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::widgets::{clip, hanging, prose, styled};
use crate::app::{Action, Ctx, View};
use crate::quiz::letter;
use crate::srs::{self, Rating, format_interval};
use crate::tracker::{ItemKind, QueueEntry, ReviewQueue};

pub struct ReviewView {
    queue: ReviewQueue,
    pos: usize,
    revealed: bool,
    /// The next interval of each rating for the item shown, computed when it is shown.
    intervals: [i64; 4],
    /// (review id, queue position) of the last rating, for undo.
    last: Option<(i64, usize)>,
    done: usize,
    error: Option<String>,
}

/// Learning steps shorter than this come back in the same session.
const REQUEUE_WITHIN: i64 = 20 * 60;

impl ReviewView {
    pub fn new(ctx: &mut Ctx) -> Result<ReviewView, String> {
        let queue = ctx.tracker.review_queue(ctx.now()).map_err(|e| format!("{e:#}"))?;
        let mut v = ReviewView { queue, pos: 0, revealed: false, intervals: [0; 4], last: None, done: 0, error: None };
        v.show(ctx, 0);
        Ok(v)
    }

    /// Show the entry at `pos` (its rating intervals are worked out now, not at every frame).
    fn show(&mut self, ctx: &Ctx, pos: usize) {
        self.pos = pos;
        if let Some(e) = self.queue.entries.get(pos) {
            self.intervals = ctx.tracker.preview(e.card, ctx.now());
        }
    }

    fn rate(&mut self, r: Rating, ctx: &mut Ctx) {
        let Some(e) = self.queue.entries.get(self.pos).copied() else { return };
        let now = ctx.now();
        match ctx.tracker.rate(self.queue.key(&e), r, now) {
            Ok(saved) => {
                self.last = Some((saved.review_id, self.pos));
                if saved.after.due - now <= REQUEUE_WITHIN {
                    self.queue.entries.push(QueueEntry { card: Some(saved.after), ..e });
                }
                self.done += 1;
                self.revealed = false;
                self.error = None;
                self.show(ctx, self.pos + 1);
            }
            Err(e) => self.error = Some(format!("Not saved ({e:#}); rate again to retry.")),
        }
    }

    fn undo(&mut self, ctx: &mut Ctx) {
        let Some((id, pos)) = self.last.take() else { return };
        match ctx.tracker.undo_review(id) {
            Ok(true) => {
                // Drop a requeued copy of the undone item, if one was added.
                let entries = &mut self.queue.entries;
                if entries.len() > pos + 1 && entries.last().is_some_and(|l| l.same_item(&entries[pos])) {
                    entries.pop();
                }
                self.done = self.done.saturating_sub(1);
                self.revealed = true;
                self.show(ctx, pos);
            }
            Ok(false) => self.error = Some("That rating can no longer be undone.".into()),
            Err(e) => self.error = Some(format!("Undo failed: {e:#}")),
        }
    }
}

impl View for ReviewView {
    fn title(&self) -> String {
        "Review".into()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match (self.pos < self.queue.entries.len(), self.revealed) {
            (false, _) => vec![("Esc", "back"), ("u", "undo")],
            (true, false) => vec![("Space", "reveal"), ("u", "undo"), ("Esc", "back")],
            (true, true) => vec![("1", "again"), ("2", "hard"), ("3", "good"), ("4", "easy"), ("u", "undo")],
        }
    }

    fn key(&mut self, k: KeyEvent, ctx: &mut Ctx) -> Action {
        match k.code {
            KeyCode::Char(' ') | KeyCode::Enter if !self.revealed => self.revealed = true,
            KeyCode::Char(c @ '1'..='4') if self.revealed => {
                if let Some(r) = Rating::from_u8(c as u8 - b'0') {
                    self.rate(r, ctx);
                }
            }
            KeyCode::Char('u') => self.undo(ctx),
            _ => {}
        }
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines: Vec<Line> = Vec::new();
        let total = self.queue.entries.len();
        lines.push(Line::styled(format!("{} of {} reviewed this session", self.done, total), theme.dim()));
        lines.push(Line::raw(""));
        let Some(e) = self.queue.entries.get(self.pos) else {
            lines.push(Line::styled(
                if total == 0 {
                    "Nothing to review: no followed exam has due or new items today."
                } else {
                    "Done for today. Well done."
                },
                theme.good(),
            ));
            if let Some(err) = &self.error {
                lines.push(Line::styled(err.clone(), theme.bad()));
            }
            f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL)), area);
            return;
        };
        let s = &self.queue.exams[e.exam];
        let mut head = vec![styled(format!("{}  ", s.exam.code), theme.title())];
        head.push(Span::raw(match e.card {
            None => "new",
            Some(c) if c.phase == srs::Phase::Review => "review",
            Some(_) => "learning",
        }));
        if e.card.is_some_and(|c| c.leech) {
            head.push(styled("  ⚠ leech: this one keeps slipping — rewrite it in your notes", theme.warn()));
        }
        lines.push(Line::from(head));
        let (front, back): (Vec<Line>, Vec<Line>) = match e.kind {
            ItemKind::Flashcard => (prose(&s.flashcards[e.index].front), prose(&s.flashcards[e.index].back)),
            ItemKind::Question => {
                let q = &s.questions[e.index];
                let mut front = prose(&q.stem);
                let width = area.width.saturating_sub(2); // inside the border
                for (i, c) in q.choices.iter().enumerate() {
                    front.extend(hanging(format!("  {}) ", letter(i)), &clip(c, 500), Style::new(), width));
                }
                let ans = q.answer.iter().map(|&a| letter(a).to_string()).collect::<Vec<_>>().join(", ");
                let mut back = vec![Line::styled(format!("Answer: {ans}"), theme.good())];
                back.extend(prose(&q.explanation));
                (front, back)
            }
        };
        lines.extend(front);
        lines.push(Line::raw(""));
        if self.revealed {
            lines.push(Line::styled("─".repeat(usize::from(area.width.saturating_sub(4)).min(60)), theme.dim()));
            lines.extend(back);
            lines.push(Line::raw(""));
            let iv = self.intervals;
            let names = ["Again", "Hard", "Good", "Easy"];
            let mut buttons = Vec::new();
            for (i, name) in names.iter().enumerate() {
                buttons.push(styled(format!("[{}] ", i + 1), theme.key()));
                buttons.push(Span::raw(format!("{name} {}   ", format_interval(iv[i]))));
            }
            lines.push(Line::from(buttons));
        } else {
            lines.push(Line::styled("Space: show the answer", theme.dim()));
        }
        if let Some(err) = &self.error {
            lines.push(Line::styled(err.clone(), theme.bad()));
        }
        f.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::ALL)).wrap(Wrap { trim: false }),
            area,
        );
    }
}
