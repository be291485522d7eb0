//! The review queue: due items (lowest recall first) then new ones, across followed exams.
//! Front, reveal, rate 1–4 with each button's next interval; undo; leech marks.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::sync::Arc;

use crate::app::widgets::{clip, hanging, prose, styled};
use crate::app::{Action, Ctx, View};
use std::collections::HashMap;

use crate::quiz::letter;
use crate::readiness::Item;
use crate::srs::{self, CardState, QueueItem, Rating, format_interval};
use crate::store::{ItemKind, ReviewWrite};
use crate::syllabus::Syllabus;
use crate::tracker::Indices;

struct Entry {
    exam: usize,
    kind: ItemKind,
    index: usize,
    card: Option<CardState>,
}

pub struct ReviewView {
    exams: Vec<Arc<Syllabus>>,
    queue: Vec<Entry>,
    pos: usize,
    revealed: bool,
    /// (review id, queue position) of the last rating, for undo.
    last: Option<(i64, usize)>,
    done: usize,
    error: Option<String>,
}

/// Learning steps shorter than this come back in the same session.
const REQUEUE_WITHIN: i64 = 20 * 60;

impl ReviewView {
    pub fn new(ctx: &mut Ctx) -> Result<ReviewView, String> {
        Self::build(ctx).map_err(|e| format!("{e:#}"))
    }

    fn build(ctx: &mut Ctx) -> anyhow::Result<ReviewView> {
        let now = ctx.now();
        let t = &ctx.tracker;
        let exams: Vec<Arc<Syllabus>> = t.followed()?.into_iter().map(|(s, _)| Arc::clone(s)).collect();
        let mut entries = Vec::new();
        let mut items = Vec::new();
        for (e, s) in exams.iter().enumerate() {
            let ix = Indices::new(s);
            let cards: HashMap<Item, CardState> =
                t.store.cards(Some(&s.exam.id))?.iter().filter_map(|c| Some((ix.item(c)?, c.state))).collect();
            // Syllabus order: a topic's flashcards, then its questions.
            let all = (0..s.flashcards.len())
                .map(|i| (ItemKind::Flashcard, i, s.flashcards[i].topic))
                .chain((0..s.questions.len()).map(|i| (ItemKind::Question, i, s.questions[i].topic)));
            let mut ordered: Vec<(ItemKind, usize, usize)> = all.collect();
            ordered.sort_by_key(|&(kind, i, topic)| (topic, kind == ItemKind::Question, i));
            for (order, (kind, i, _)) in ordered.into_iter().enumerate() {
                let key = match kind {
                    ItemKind::Flashcard => Item::Flashcard(i),
                    ItemKind::Question => Item::Question(i),
                };
                let card = cards.get(&key).copied();
                items.push(QueueItem { exam: e as u16, order: order as u32, card });
                entries.push(Entry { exam: e, kind, index: i, card });
            }
        }
        let (start, end) = crate::clock::day_bounds(now);
        let (new_done, reviews_done) = t.store.reviews_between(start, end)?;
        let order = srs::build_queue(&t.scheduler(), &items, now, end, t.prefs.limits, new_done, reviews_done);
        let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
        let queue = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok(ReviewView { exams, queue, pos: 0, revealed: false, last: None, done: 0, error: None })
    }

    fn rate(&mut self, r: Rating, ctx: &mut Ctx) {
        let Some(e) = self.queue.get(self.pos) else { return };
        let now = ctx.now();
        let s = &self.exams[e.exam];
        let before = e.card;
        let (after, record) = ctx.tracker.scheduler().review(&before.unwrap_or(CardState::new(now)), r, now);
        let id = match e.kind {
            ItemKind::Flashcard => &s.flashcards[e.index].id,
            ItemKind::Question => &s.questions[e.index].id,
        };
        let w = ReviewWrite {
            exam_id: &s.exam.id,
            item_id: id,
            kind: e.kind,
            before: before.as_ref(),
            after: &after,
            record: &record,
        };
        match ctx.tracker.store.record_review(&w, None) {
            Ok(review_id) => {
                self.last = Some((review_id, self.pos));
                if after.due - now <= REQUEUE_WITHIN {
                    let again = Entry { exam: e.exam, kind: e.kind, index: e.index, card: Some(after) };
                    self.queue.push(again);
                }
                self.pos += 1;
                self.done += 1;
                self.revealed = false;
                self.error = None;
            }
            Err(e) => self.error = Some(format!("Not saved ({e}); rate again to retry.")),
        }
    }

    fn undo(&mut self, ctx: &mut Ctx) {
        let Some((id, pos)) = self.last.take() else { return };
        match ctx.tracker.store.undo_review(id) {
            Ok(true) => {
                // Drop a requeued copy of the undone item, if one was added.
                if self.queue.len() > pos + 1 && self.queue.last().is_some_and(|l| same(l, &self.queue[pos])) {
                    self.queue.pop();
                }
                self.pos = pos;
                self.done = self.done.saturating_sub(1);
                self.revealed = true;
            }
            Ok(false) => self.error = Some("That rating can no longer be undone.".into()),
            Err(e) => self.error = Some(format!("Undo failed: {e}")),
        }
    }
}

fn same(a: &Entry, b: &Entry) -> bool {
    a.exam == b.exam && a.kind == b.kind && a.index == b.index
}

impl View for ReviewView {
    fn title(&self) -> String {
        "Review".into()
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match (self.pos < self.queue.len(), self.revealed) {
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
        let total = self.queue.len();
        lines.push(Line::styled(format!("{} of {} reviewed this session", self.done, total), theme.dim()));
        lines.push(Line::raw(""));
        let Some(e) = self.queue.get(self.pos) else {
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
        let s = &self.exams[e.exam];
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
            let now = ctx.now();
            let iv = ctx.tracker.scheduler().preview(&e.card.unwrap_or(CardState::new(now)), now);
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
