//! The keys of every screen, for the man page: taken from the screens' own binding tables in a
//! scratch session (an empty in-memory database following the sample exam), so the page lists
//! the keys the app answers to. Keys that only some states have (the quiz's question map, a
//! card's back) are listed by `?` on that screen.

use super::screens::{dashboard::Dashboard, exam::ExamView, quiz, review::ReviewView};
use super::screens::{settings::SettingsView, stats::StatsView, syllabi::SyllabiView};
use super::{Ctx, View, global_bindings, keys, theme::Theme};
use crate::syllabus::{Catalog, Entry, Origin, check};
use crate::tracker::Tracker;

const SAMPLE: &str = include_str!("../../assets/sample-syllabus.toml");
const EXAM: &str = "acme-cloud-basics";

/// One screen's keys: its name, then (keys, what they do) as its help shows them.
pub type ScreenKeys = (String, Vec<(String, &'static str)>);

/// Every screen's keys, the keys all screens share first.
pub fn keys_by_screen() -> anyhow::Result<Vec<ScreenKeys>> {
    let sample = check("sample-syllabus.toml", SAMPLE).syllabus.ok_or_else(|| anyhow::anyhow!("sample syllabus"))?;
    let mut catalog = Catalog::default();
    catalog.insert(Entry { syllabus: sample.into(), origin: Origin::Shipped("assets/sample-syllabus.toml") });
    let mut tracker = Tracker::scratch(catalog)?;
    tracker.follow(EXAM, true, crate::clock::now())?;
    let mut ctx = Ctx::new(tracker, Theme::monochrome(), false);
    let fail = |e: String| anyhow::anyhow!(e);
    let practice = quiz::Plan { exam: EXAM.into(), mode: crate::quiz::Mode::Practice, n: 1, domain: None };
    let views: Vec<(&str, Box<dyn View>)> = vec![
        ("Dashboard", Box::new(Dashboard::new(&mut ctx))),
        ("An exam's domains and topics", Box::new(ExamView::new(&mut ctx, EXAM).map_err(fail)?)),
        ("Quiz", Box::new(quiz::QuizView::start(&mut ctx, &practice).map_err(fail)?)),
        ("Review", Box::new(ReviewView::new(&mut ctx).map_err(fail)?)),
        ("Stats", Box::new(StatsView::new(&mut ctx))),
        ("Exams", Box::new(SyllabiView::new(&mut ctx))),
        ("Settings", Box::new(SettingsView::new(&mut ctx))),
    ];
    let mut out = vec![("Every screen".to_owned(), keys::help(&global_bindings(), &ctx.keys))];
    out.extend(views.iter().map(|(name, v)| (name.to_string(), v.help(&ctx))));
    Ok(out)
}
