//! Carrying progress from a retired exam to its successor, from the app: what would carry is
//! shown first, `y` writes it (one transaction), `n` or Esc leaves it unwritten.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::app::keys::{Binding, Char, ESC};
use crate::app::widgets::{Scroll, scrolled, wrap};
use crate::app::{Action, Ctx, Screen};

pub struct MigrateView {
    from: String,
    to: String,
    lines: Vec<String>,
    done: bool,
    scroll: Scroll,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Carry,
    Cancel,
    Scroll(isize),
}

impl MigrateView {
    pub fn new(ctx: &mut Ctx, from: &str, to: &str) -> Result<MigrateView, String> {
        let t = &ctx.tracker;
        let preview = t.preview_migration(from, to).map_err(|e| format!("{e:#}"))?;
        let (old, new) = (t.code_of(&preview.plan.from_exam), t.code_of(&preview.plan.to_exam));
        let mut lines = preview.plan.lines(&old, &new);
        let done = preview.done.is_some();
        lines.push(String::new());
        lines.push(if done {
            format!(
                "{old} was carried to {new} already: nothing to do (undo with `certtrack exam undo-migrate {new}`)."
            )
        } else {
            format!("y: carry it ({new} is followed; your {old} history stays as it is) · n: not now")
        });
        Ok(MigrateView { from: from.to_owned(), to: to.to_owned(), lines, done, scroll: Scroll::default() })
    }
}

impl Screen for MigrateView {
    type Msg = Msg;

    fn title(&self) -> String {
        "Carry progress".into()
    }

    fn bindings(&self) -> Vec<Binding<Msg>> {
        let mut b = Vec::new();
        if !self.done {
            b.push(Binding::new(&[Char('y')], Msg::Carry, "carry it"));
        }
        b.push(Binding::new(&[Char('n'), ESC], Msg::Cancel, "not now").shown("n", "not now"));
        b.push(Binding::new(&[crate::app::keys::DOWN], Msg::Scroll(1), "scroll").help_only());
        b.push(Binding::new(&[crate::app::keys::UP], Msg::Scroll(-1), "scroll").help_only());
        b
    }

    fn update(&mut self, msg: Msg, ctx: &mut Ctx) -> Action {
        match msg {
            Msg::Scroll(by) => self.scroll.by(by),
            Msg::Cancel => return Action::Pop,
            Msg::Carry => {
                return match ctx.tracker.migrate(&self.from, &self.to, true, ctx.now()) {
                    Ok(p) => {
                        let to = ctx.tracker.code_of(&p.to_exam);
                        self.done = true;
                        self.lines.push(format!(
                            "Carried: {} topic(s) and {} answer(s) now count for {to}.",
                            p.topics.len(),
                            p.attempts.len()
                        ));
                        Action::Flash(format!("Your progress now counts for {to}."))
                    }
                    Err(e) => Action::Flash(format!("Not carried: {e:#}")),
                };
            }
        }
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, _ctx: &Ctx) {
        let block = Block::default().borders(Borders::ALL).title(" Carry your progress to the new exam ");
        let lines =
            wrap(self.lines.iter().map(|l| Line::raw(crate::text::one_line(l))).collect(), block.inner(area).width);
        scrolled(f, area, lines, &self.scroll, block);
    }
}
