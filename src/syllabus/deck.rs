//! Flashcard decks: cards a learner adds to an exam's topics (from Anki today), kept in a small
//! TOML file of their own in the user's `syllabi/decks/` folder. The exam's syllabus, shipped or
//! imported, stays what it is and keeps its updates; the deck's cards join it when the catalog
//! loads (docs/syllabus-format.md, "Flashcard decks").

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Flashcard, Syllabus};
use crate::text;

/// The version of the deck format this certtrack reads and writes.
pub const DECK_FORMAT: u32 = 1;
/// The longest flashcard side, in characters, as in a syllabus.
pub const MAX_SIDE: usize = 2_000;
/// Flashcards an exam may have in all, as in a syllabus.
const MAX_CARDS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    pub deck: u32,
    /// The id of the exam whose topics the cards belong to.
    pub exam: String,
    #[serde(default, rename = "flashcard")]
    pub cards: Vec<DeckCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeckCard {
    pub id: String,
    pub topic: String,
    pub front: String,
    pub back: String,
    /// The note's GUID in Anki, so importing the same notes again updates these cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anki_guid: Option<String>,
}

impl Deck {
    pub fn new(exam: &str) -> Deck {
        Deck { deck: DECK_FORMAT, exam: exam.to_owned(), cards: Vec::new() }
    }

    pub fn parse(src: &str) -> Result<Deck, String> {
        let deck: Deck = toml::from_str(src).map_err(|e| e.to_string().trim_end().to_owned())?;
        if deck.deck != DECK_FORMAT {
            return Err(format!("`deck = {}` is not a deck format this certtrack reads ({DECK_FORMAT})", deck.deck));
        }
        Ok(deck)
    }

    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Flashcards added to {}'s topics (docs/syllabus-format.md, \"Flashcard decks\").\n\
             # Edit fronts, backs and topics freely; keep `id` and `anki_guid` so history and\n\
             # re-imports stay attached to the card.\n\n{body}",
            self.exam
        )
    }
}

/// `base` with the deck's cards added. A card that cannot join (unknown topic, an id already
/// taken, empty or unsafe text) is left out and described, so one bad edit loses one card.
pub fn apply(base: &Syllabus, deck: &Deck) -> (Syllabus, Vec<String>) {
    let mut s = base.clone();
    let mut ids: HashSet<String> =
        s.flashcards.iter().map(|f| f.id.clone()).chain(s.questions.iter().map(|q| q.id.clone())).collect();
    let mut problems = Vec::new();
    for c in &deck.cards {
        match card(&s, &ids, c) {
            Ok(f) => {
                ids.insert(f.id.clone());
                s.flashcards.push(f);
            }
            Err(why) => problems.push(format!("card `{}` left out: {why}", text::one_line(&c.id))),
        }
    }
    (s, problems)
}

fn card(s: &Syllabus, ids: &HashSet<String>, c: &DeckCard) -> Result<Flashcard, String> {
    if !super::validate::valid_id(&c.id) {
        return Err("an id is 1–64 characters from a-z, 0-9, '.', '_' and '-'".into());
    }
    if ids.contains(&c.id) {
        return Err(format!("{} already has an item with this id", s.exam.code));
    }
    if s.flashcards.len() >= MAX_CARDS {
        return Err(format!("{} already has {MAX_CARDS} flashcards", s.exam.code));
    }
    let topic = s
        .topics
        .iter()
        .position(|t| t.id == c.topic)
        .ok_or_else(|| format!("{} has no topic `{}`", s.exam.code, text::one_line(&c.topic)))?;
    for (side, value) in [("front", &c.front), ("back", &c.back)] {
        side_problem(value).map_or(Ok(()), |p| Err(format!("its {side} {p}")))?;
    }
    Ok(Flashcard { id: c.id.clone(), topic, front: c.front.trim().to_owned(), back: c.back.trim().to_owned() })
}

/// What is wrong with one side of a card, if anything: empty, too long, or unsafe to show.
pub fn side_problem(value: &str) -> Option<String> {
    let chars = value.chars().count();
    if value.trim().is_empty() {
        Some("is empty".into())
    } else if chars > MAX_SIDE {
        Some(format!("has {chars} characters, more than the {MAX_SIDE} a side may have"))
    } else {
        text::find_forbidden(value).map(|(_, c)| format!("holds the control character {}", text::describe(c)))
    }
}
