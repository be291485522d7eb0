//! The cohort report as a screen: members × domains with coloured lights, then the weakest
//! domains and topics, who is behind pace, and notes on bad files. Scrolls with ↑↓.
//! The text is laid out once, from the report's fields; drawing only styles it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::keys::{self, Binding, Move};
use crate::app::widgets::{clip, step, styled};
use crate::app::{Action, Ctx, Screen};
use crate::cohort::{MemberRow, Report};
use crate::study::Light;
use crate::text;

const MEMBER: usize = 14;
const DOMAIN: usize = 12;

/// A member's row, as text cells with the light that colours each.
struct Row {
    member: String,
    readiness: String,
    light: Light,
    domains: Vec<(String, Option<Light>)>,
    behind: bool,
    flags: String,
}

impl Row {
    fn of(m: &MemberRow) -> Row {
        let fit = |s: &str, w: usize| text::pad(&text::clip_width(&text::one_line(s), w - 1), w, false);
        let domains = m
            .domains
            .iter()
            .map(|d| match (d.readiness, d.light) {
                (Some(r), Some(l)) => (fit(&format!("{r:.0}% {}", l.as_str()), DOMAIN), Some(l)),
                _ => (fit("-", DOMAIN), None),
            })
            .collect();
        let flags = if m.flags.is_empty() { String::new() } else { format!("  ({})", clip(&m.flags.join("; "), 60)) };
        Row {
            member: fit(&m.member, MEMBER),
            readiness: format!("{:>5.0}%  ", m.readiness),
            light: m.light,
            domains,
            behind: m.behind_pace,
            flags,
        }
    }
}

pub struct CohortView {
    cohort: String,
    exam_id: String,
    header: String,
    rows: Vec<Row>,
    /// The findings below the matrix, one line each.
    findings: Vec<String>,
    scroll: usize,
}

impl CohortView {
    pub fn new(r: Report) -> CohortView {
        let mut header = format!("{:<MEMBER$}{:>6}  ", "member", "ready");
        for d in &r.domains {
            header += &text::pad(&text::clip_width(&text::one_line(&d.id), DOMAIN - 1), DOMAIN, false);
        }
        CohortView {
            cohort: clip(&r.cohort, 40),
            exam_id: clip(&r.exam_id, 40),
            header,
            rows: r.members.iter().map(Row::of).collect(),
            findings: findings(&r),
            scroll: 0,
        }
    }

    fn lines(&self, ctx: &Ctx) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let mut lines = vec![Line::from(vec![styled(self.header.clone(), theme.key()), styled("behind", theme.key())])];
        for r in &self.rows {
            let mut spans = vec![Span::raw(r.member.clone()), Span::styled(r.readiness.clone(), theme.light(r.light))];
            spans.extend(r.domains.iter().map(|(cell, light)| match light {
                Some(l) => Span::styled(cell.clone(), theme.light(*l)),
                None => Span::raw(cell.clone()),
            }));
            spans.push(if r.behind { styled("yes", theme.warn()) } else { Span::raw("no") });
            spans.push(Span::styled(r.flags.clone(), theme.dim()));
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        lines.extend(self.findings.iter().map(|l| Line::raw(l.clone())));
        lines
    }
}

/// The sections under the matrix: titles, then indented lines.
fn findings(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = |title: &str, items: Vec<String>| {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push(format!("{title}:"));
        out.extend(items.iter().map(|i| format!("  {}", text::one_line(i))));
    };
    section(
        "Weakest domains (where a group session helps most)",
        r.weakest_domains.iter().take(3).map(ToString::to_string).collect(),
    );
    section("Weakest topics", r.weakest_topics.iter().map(ToString::to_string).collect());
    let behind: Vec<String> = r.behind_pace.iter().map(ToString::to_string).collect();
    section("Behind pace", if behind.is_empty() { vec!["nobody".into()] } else { behind });
    if let Some(o) = &r.outcomes {
        section("Certifications and results (members who share them)", o.lines());
    }
    if !r.notes.is_empty() {
        section("Notes", r.notes.clone());
    }
    out
}

impl Screen for CohortView {
    type Msg = Move;

    fn title(&self) -> String {
        format!("Cohort · {}", self.cohort)
    }

    fn bindings(&self) -> Vec<Binding<Move>> {
        let mut b = keys::moves(|m| m);
        b[0] = b[0].clone().shown("↑↓", "scroll");
        b
    }

    fn update(&mut self, m: Move, _ctx: &mut Ctx) -> Action {
        self.scroll = step(self.scroll, m.delta(), 2 + self.rows.len() + self.findings.len());
        Action::None
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let p = Paragraph::new(self.lines(ctx))
            .scroll((self.scroll.min(u16::MAX as usize) as u16, 0))
            .block(Block::default().borders(Borders::ALL).title(format!(" {} · {} ", self.cohort, self.exam_id)));
        f.render_widget(p, area);
    }
}
