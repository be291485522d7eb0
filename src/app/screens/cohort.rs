//! The cohort report as a screen: members × domains with coloured lights, then the weakest
//! domains and topics, who is behind pace, and notes on bad files. Scrolls with ↑↓.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::keys::{self, Binding, Move};
use crate::app::widgets::{clip, step, styled};
use crate::app::{Action, Ctx, Screen};
use crate::cohort::{Report, ReportFormat, render};

pub struct CohortView {
    report: Report,
    scroll: usize,
}

impl CohortView {
    pub fn new(report: Report) -> CohortView {
        CohortView { report, scroll: 0 }
    }

    fn matrix(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let r = &self.report;
        let mut head = vec![styled(format!("{:<14}{:>6}  ", "member", "ready"), theme.key())];
        head.extend(r.domains.iter().map(|(id, _)| styled(format!("{:<12}", clip(id, 11)), theme.key())));
        head.push(styled("behind", theme.key()));
        let mut lines = vec![Line::from(head)];
        for m in &r.members {
            let mut spans = vec![
                Span::raw(format!("{:<14}", clip(&m.member, 13))),
                Span::styled(format!("{:>5.0}%  ", m.readiness), theme.light(m.light)),
            ];
            for d in &m.domains {
                spans.push(match d {
                    Some((v, l)) => Span::styled(format!("{:<12}", format!("{v:.0}% {}", l.as_str())), theme.light(*l)),
                    None => Span::raw(format!("{:<12}", "-")),
                });
            }
            spans.push(if m.behind_pace { styled("yes", theme.warn()) } else { Span::raw("no") });
            if !m.flags.is_empty() {
                spans.push(Span::styled(format!("  ({})", clip(&m.flags.join("; "), 60)), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        lines
    }
}

impl Screen for CohortView {
    type Msg = Move;

    fn title(&self) -> String {
        format!("Cohort · {}", clip(&self.report.cohort, 40))
    }

    fn bindings(&self) -> Vec<Binding<Move>> {
        let mut b = keys::moves(|m| m);
        b[0] = b[0].clone().shown("↑↓", "scroll");
        b
    }

    fn update(&mut self, m: Move, _ctx: &mut Ctx) -> Action {
        self.scroll = step(self.scroll, m.delta(), 500);
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let mut lines = self.matrix(ctx);
        // The sections below the matrix are the same text the CLI prints.
        let text = render(&self.report, ReportFormat::Table);
        let sections = text.split_once("\nWeakest").map(|(_, rest)| format!("Weakest{rest}")).unwrap_or_default();
        lines.push(Line::raw(""));
        lines.extend(sections.lines().map(|l| Line::raw(l.to_owned())));
        let title = format!(" {} · {} ", clip(&self.report.cohort, 40), self.report.exam_id);
        let p = Paragraph::new(lines)
            .scroll((self.scroll as u16, 0))
            .block(Block::default().borders(Borders::ALL).title(title));
        f.render_widget(p, area);
    }
}
