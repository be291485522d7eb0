//! Today's review queue across the followed exams: due items first (lowest recall first), then
//! new ones in syllabus order, within the daily limits.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Result;

use super::{Indices, Tracker};
use crate::readiness::Item;
use crate::srs::{self, CardState, QueueItem};
use crate::store::{ItemKey, ItemKind};
use crate::syllabus::Syllabus;

/// One item to review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueEntry {
    /// Index into `ReviewQueue::exams`.
    pub exam: usize,
    pub kind: ItemKind,
    /// Index into the syllabus's flashcards or questions.
    pub index: usize,
    /// `None` for an item never seen.
    pub card: Option<CardState>,
}

impl QueueEntry {
    pub fn same_item(&self, other: &QueueEntry) -> bool {
        (self.exam, self.kind, self.index) == (other.exam, other.kind, other.index)
    }
}

pub struct ReviewQueue {
    pub exams: Vec<Arc<Syllabus>>,
    pub entries: Vec<QueueEntry>,
}

impl ReviewQueue {
    /// The store's key of an entry's item.
    pub fn key(&self, e: &QueueEntry) -> ItemKey<'_> {
        let s = &self.exams[e.exam];
        let item_id = match e.kind {
            ItemKind::Flashcard => &s.flashcards[e.index].id,
            ItemKind::Question => &s.questions[e.index].id,
        };
        ItemKey { exam_id: &s.exam.id, item_id, kind: e.kind }
    }
}

impl Tracker {
    /// What to review now, in order.
    pub fn review_queue(&self, now: i64) -> Result<ReviewQueue> {
        let exams: Vec<Arc<Syllabus>> = self.followed()?.into_iter().map(|(s, _)| Arc::clone(s)).collect();
        let mut entries = Vec::new();
        let mut items = Vec::new();
        let (start, end) = crate::clock::day_bounds(now);
        let (new_done, reviews_done) = self.snapshot(|| {
            for (e, s) in exams.iter().enumerate() {
                let ix = Indices::new(s);
                let cards: HashMap<Item, CardState> =
                    self.store.cards(Some(&s.exam.id))?.iter().filter_map(|c| Some((ix.item(c)?, c.state))).collect();
                for (order, (kind, index)) in syllabus_order(s).into_iter().enumerate() {
                    let key = match kind {
                        ItemKind::Flashcard => Item::Flashcard(index),
                        ItemKind::Question => Item::Question(index),
                    };
                    let card = cards.get(&key).copied();
                    items.push(QueueItem { exam: e as u16, order: order as u32, card });
                    entries.push(QueueEntry { exam: e, kind, index, card });
                }
            }
            Ok(self.store.reviews_between(start, end)?)
        })?;
        let order = srs::build_queue(&self.scheduler(), &items, now, end, self.prefs.limits, new_done, reviews_done);
        let mut slots: Vec<Option<QueueEntry>> = entries.into_iter().map(Some).collect();
        let entries = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok(ReviewQueue { exams, entries })
    }
}

/// A topic's flashcards, then its questions, topic by topic: the order new items come in.
fn syllabus_order(s: &Syllabus) -> Vec<(ItemKind, usize)> {
    let all = (0..s.flashcards.len())
        .map(|i| (ItemKind::Flashcard, i, s.flashcards[i].topic))
        .chain((0..s.questions.len()).map(|i| (ItemKind::Question, i, s.questions[i].topic)));
    let mut ordered: Vec<(ItemKind, usize, usize)> = all.collect();
    ordered.sort_by_key(|&(kind, i, topic)| (topic, kind == ItemKind::Question, i));
    ordered.into_iter().map(|(kind, i, _)| (kind, i)).collect()
}
