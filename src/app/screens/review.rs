//! The review queue: due items (lowest recall first) then new ones, across followed exams.
//! Front, reveal, rate 1–4 with each button's next interval; undo; leech marks.

use crossterm::event::{MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::app::keys::{Binding, Char, DOWN, ENTER, PAGE_DOWN, PAGE_UP, SPACE, UP};
use crate::app::widgets::{Scroll, clip, hanging, pinned_pane, prose, scrolled, styled};
use crate::app::{Action, Ctx, Screen};
use crate::quiz::letter;
use crate::srs::{self, Rating, format_interval};
use crate::tracker::{ItemKind, QueueEntry, ReviewQueue};

pub struct ReviewView {
    queue: ReviewQueue,
    pos: usize,
    revealed: bool,
    /// The next interval of each rating for the item shown, computed when it is shown.
    intervals: [i64; 4],
    /// (review id, queue position, rating) of the last rating, for undo.
    last: Option<(i64, usize, Rating)>,
    /// The card's scroll, back to the top for each new card or reveal.
    scroll: Scroll,
    /// Ratings given this session, by rating (Again, Hard, Good, Easy).
    tally: [usize; 4],
    error: Option<String>,
}

/// Learning steps shorter than this come back in the same session.
const REQUEUE_WITHIN: i64 = 20 * 60;

impl ReviewView {
    pub fn new(ctx: &mut Ctx) -> Result<ReviewView, String> {
        let queue = ctx.tracker.review_queue(ctx.now()).map_err(|e| format!("{e:#}"))?;
        let mut v = ReviewView {
            queue,
            pos: 0,
            revealed: false,
            intervals: [0; 4],
            last: None,
            tally: [0; 4],
            scroll: Scroll::default(),
            error: None,
        };
        v.show(ctx, 0);
        Ok(v)
    }

    /// Show the entry at `pos` (its rating intervals are worked out now, not at every frame).
    fn show(&mut self, ctx: &Ctx, pos: usize) {
        self.pos = pos;
        if let Some(e) = self.queue.entries.get(pos) {
            self.intervals = ctx.tracker.preview(self.queue.key(e), e.card, ctx.now());
        }
    }

    fn rate(&mut self, r: Rating, ctx: &mut Ctx) {
        let Some(e) = self.queue.entries.get(self.pos).copied() else { return };
        let now = ctx.now();
        match ctx.tracker.rate(self.queue.key(&e), r, now) {
            Ok(saved) => {
                self.last = Some((saved.review_id, self.pos, r));
                self.tally[r as usize - 1] += 1;
                if saved.after.due - now <= REQUEUE_WITHIN {
                    self.queue.entries.push(QueueEntry { card: Some(saved.after), ..e });
                }
                self.revealed = false;
                self.error = None;
                self.show(ctx, self.pos + 1);
            }
            Err(e) if crate::tracker::retry_may_help(&e) => {
                self.error = Some(format!("Not saved ({e:#}); rate again to retry."))
            }
            Err(e) => self.error = Some(format!("Not saved: {e:#}")),
        }
    }

    /// The keys of the card shown (scrolling is added by `bindings`).
    fn card_bindings(&self) -> Vec<Binding<Msg>> {
        let undo = Binding::new(&[Char('u')], Msg::Undo, "undo the last rating");
        if self.pos >= self.queue.entries.len() {
            return vec![undo.shown("u", "undo")];
        }
        let suspend = Binding::new(&[Char('@')], Msg::Suspend, "suspend this item (out of the queue)");
        if !self.revealed {
            return vec![
                Binding::new(&[SPACE, ENTER], Msg::Reveal, "show the answer").shown("Space", "reveal"),
                undo.shown("u", "undo"),
                suspend.shown("@", "suspend"),
            ];
        }
        vec![
            Binding::new(&[Char('1')], Msg::Rate(Rating::Again), "again: I did not know it").shown("1", "again"),
            Binding::new(&[Char('2')], Msg::Rate(Rating::Hard), "hard").shown("2", "hard"),
            Binding::new(&[Char('3'), SPACE, ENTER], Msg::Rate(Rating::Good), "good").shown("3", "good"),
            Binding::new(&[Char('4')], Msg::Rate(Rating::Easy), "easy").shown("4", "easy"),
            undo.shown("u", "undo"),
            suspend.shown("@", "suspend"),
        ]
    }

    /// Suspend the item shown: it leaves today's queue and every later one until unsuspended.
    fn suspend(&mut self, ctx: &mut Ctx) -> Action {
        let Some(e) = self.queue.entries.get(self.pos).copied() else { return Action::None };
        if let Err(err) = ctx.tracker.suspend(self.queue.key(&e), true, ctx.now()) {
            return Action::Flash(format!("Not suspended: {err:#}"));
        }
        // Its requeued copies go too.
        let pos = self.pos;
        let mut i = 0;
        self.queue.entries.retain(|x| {
            i += 1;
            i - 1 <= pos || !x.same_item(&e)
        });
        self.queue.entries.remove(pos);
        self.last = None;
        self.revealed = false;
        self.show(ctx, pos);
        Action::Flash("Suspended: it stays out of your reviews (srs stats counts it).".into())
    }

    fn undo(&mut self, ctx: &mut Ctx) {
        let Some((id, pos, rating)) = self.last.take() else { return };
        match ctx.tracker.undo_review(id) {
            Ok(true) => {
                // Drop a requeued copy of the undone item, if one was added.
                let entries = &mut self.queue.entries;
                if entries.len() > pos + 1 && entries.last().is_some_and(|l| l.same_item(&entries[pos])) {
                    entries.pop();
                }
                self.revealed = true;
                self.tally[rating as usize - 1] -= 1;
                self.show(ctx, pos);
            }
            Ok(false) => self.error = Some("That rating can no longer be undone.".into()),
            Err(e) => self.error = Some(format!("Undo failed: {e:#}")),
        }
    }
}

/// What the review screen's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Reveal,
    Rate(Rating),
    Undo,
    Suspend,
    Scroll(isize),
}

impl Screen for ReviewView {
    type Msg = Msg;

    fn title(&self) -> String {
        "Review".into()
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        let mut b = self.card_bindings();
        if self.scroll.overflows() {
            b.push(Binding::new(&[UP, PAGE_UP], Msg::Scroll(-3), "scroll up").shown("↑↓", "scroll"));
            b.push(Binding::new(&[DOWN, PAGE_DOWN], Msg::Scroll(3), "scroll down").help_only());
        }
        b
    }

    fn mouse(&mut self, m: MouseEvent, _area: Rect, _ctx: &mut Ctx) -> Action {
        match m.kind {
            MouseEventKind::ScrollDown => self.scroll.by(3),
            MouseEventKind::ScrollUp => self.scroll.by(-3),
            _ => {}
        }
        Action::None
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        if let Msg::Scroll(by) = msg {
            self.scroll.by(by);
            return Action::None;
        }
        self.scroll.to_top();
        match msg {
            Msg::Scroll(_) => {}
            Msg::Reveal => {
                self.revealed = true;
                // The answer is at the end: on a small terminal it would be below the pane.
                self.scroll.to_bottom();
            }
            Msg::Rate(r) => self.rate(r, ctx),
            Msg::Undo => self.undo(ctx),
            Msg::Suspend => return self.suspend(ctx),
        }
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines: Vec<Line> = Vec::new();
        let total = self.queue.entries.len();
        let done: usize = self.tally.iter().sum();
        let left = total.saturating_sub(self.pos);
        lines.push(Line::styled(format!("{done} reviewed this session · {left} left"), theme.dim()));
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
            if done > 0 {
                let [again, hard, good, easy] = self.tally;
                lines.push(Line::raw(format!(
                    "This session: {done} rated — {again} again, {hard} hard, {good} good, {easy} easy."
                )));
            }
            if let Some(err) = &self.error {
                lines.push(Line::styled(err.clone(), theme.bad()));
            }
            return scrolled(f, area, lines, &self.scroll, Block::default().borders(Borders::ALL));
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
                let mut front = Vec::new();
                if let Some(c) = q.case {
                    let case = &s.case_studies[c];
                    front.push(Line::styled(format!("Case study: {}", clip(&case.title, 60)), theme.key()));
                    front.extend(prose(&case.overview));
                    front.extend(case.requirements.lines().map(|l| Line::raw(crate::text::one_line(l))));
                    front.push(Line::raw(""));
                }
                front.extend(prose(&q.stem));
                // Inside the border, less the scrollbar's column (the card scrolls when it is long).
                let width = area.width.saturating_sub(3);
                let shown = crate::quiz::review_order(q);
                for (p, &c) in shown.iter().enumerate() {
                    front.extend(hanging(format!("  {}) ", letter(p)), &clip(&q.choices[c], 500), Style::new(), width));
                }
                let mut back = vec![Line::styled(crate::quiz::answer_text(q, &shown), theme.good())];
                back.extend(prose(&q.explanation));
                (front, back)
            }
        };
        lines.extend(front);
        lines.push(Line::raw(""));
        // The rating row (or the reveal hint) stays in sight; the card above it scrolls.
        let mut pinned = Vec::new();
        if self.revealed {
            lines.push(Line::styled("─".repeat(usize::from(area.width.saturating_sub(4)).min(60)), theme.dim()));
            lines.extend(back);
            let iv = self.intervals;
            let names = ["Again", "Hard", "Good", "Easy"];
            let mut buttons = Vec::new();
            for (i, name) in names.iter().enumerate() {
                buttons.push(styled(format!("[{}] ", i + 1), theme.key()));
                buttons.push(Span::raw(format!("{name} {}   ", format_interval(iv[i]))));
            }
            pinned.push(Line::from(buttons));
        } else {
            pinned.push(Line::styled("Space: show the answer", theme.dim()));
        }
        if let Some(err) = &self.error {
            pinned.push(Line::styled(err.clone(), theme.bad()));
        }
        pinned_pane(f, area, Block::default().borders(Borders::ALL), lines, pinned, &self.scroll);
    }
}
