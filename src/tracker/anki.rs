//! `import anki`: notes from Anki (or a TSV/CSV) become flashcards of an exam's topics, kept in
//! the exam's deck file in the user's `syllabi/decks/` (written atomically). Importing again
//! updates cards by GUID (by front, for files without GUIDs) instead of adding them twice.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Tracker;
use crate::anki_text::{self, Note, Skipped};
use crate::files;
use crate::syllabus::deck::{self, Deck, DeckCard};
use crate::syllabus::{Entry, Syllabus};
use crate::text;

/// The most an imported file or a tag map may hold.
const MAX_IMPORT_BYTES: u64 = 16 << 20;
const MAX_TAG_MAP_BYTES: u64 = 1 << 20;

pub struct AnkiRequest<'a> {
    pub file: &'a Path,
    /// Exam id or code; the first followed exam without it.
    pub exam: Option<&'a str>,
    /// The topic of every card no tag places.
    pub topic: Option<&'a str>,
    /// A TOML file of `"anki tag" = "topic-id"` lines.
    pub tag_map: Option<&'a Path>,
    /// Where deck files live (the data dir's `syllabi/decks`).
    pub decks: &'a Path,
}

#[derive(Debug, Serialize)]
pub struct AnkiReport {
    pub exam: String,
    pub deck: PathBuf,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<SkippedNote>,
}

#[derive(Debug, Serialize)]
pub struct SkippedNote {
    pub line: usize,
    pub reason: String,
}

impl Tracker {
    pub fn import_anki(&mut self, req: &AnkiRequest) -> Result<AnkiReport> {
        let exam = self.import_exam(req.exam)?;
        let path = req.decks.join(format!("{exam}.toml"));
        let old = read_deck(&path, &exam)?;
        let base = without_deck(self.syllabus(&exam)?, &old);
        let places = Places::new(&base, req.topic, req.tag_map)?;
        let parsed = anki_text::parse(&read_utf8(req.file, MAX_IMPORT_BYTES)?)
            .map_err(|e| anyhow!("{}: {e}", req.file.display()))?;
        if parsed.notes.is_empty() && parsed.skipped.is_empty() {
            bail!("{}: no notes in it", req.file.display());
        }
        let mut merge = Merge::new(&base, old);
        for n in parsed.notes {
            merge.note(&places, n);
        }
        merge.skipped.extend(parsed.skipped.into_iter().map(|Skipped { line, why }| SkippedNote { line, reason: why }));
        merge.skipped.sort_by_key(|s| s.line);
        let (syllabus, problems) = deck::apply(&base, &merge.deck);
        if let Some(p) = problems.first() {
            bail!("the deck would not load ({p}); nothing written");
        }
        // Only a change is written: a file of skipped notes leaves no empty deck behind.
        if merge.imported + merge.updated > 0 {
            write_deck(&path, &merge.deck)?;
        }
        let origin = self.catalog.get(&exam).map(|e| e.origin.clone()).expect("looked up above");
        self.catalog.insert(Entry { syllabus: Arc::new(syllabus), origin });
        let Merge { imported, updated, unchanged, skipped, .. } = merge;
        Ok(AnkiReport { exam: base.exam.code.clone(), deck: path, imported, updated, unchanged, skipped })
    }

    fn import_exam(&self, key: Option<&str>) -> Result<String> {
        let key = match key {
            Some(k) => k.to_owned(),
            None => self.followed()?.first().map(|(s, _)| s.exam.id.clone()).ok_or_else(|| {
                anyhow!("which exam are the cards for? add --exam ID (e.g. --exam SAA-C03), or follow one")
            })?,
        };
        Ok(self.syllabus(&key)?.exam.id.clone())
    }
}

/// The exam as its syllabus has it, without the cards of its deck.
fn without_deck(s: &Syllabus, deck: &Deck) -> Syllabus {
    let mut s = s.clone();
    s.flashcards.retain(|f| !deck.cards.iter().any(|c| c.id == f.id));
    s
}

fn read_utf8(path: &Path, limit: u64) -> Result<String> {
    let bytes = files::read_bounded(path, limit).with_context(|| format!("{}: cannot read", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{}: not UTF-8 text (at byte {}); export it from Anki again, as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn read_deck(path: &Path, exam: &str) -> Result<Deck> {
    if !path.exists() {
        return Ok(Deck::new(exam));
    }
    let src = read_utf8(path, MAX_IMPORT_BYTES)?;
    let deck =
        Deck::parse(&src).map_err(|e| anyhow!("{}: {e}; fix or move the file, then import again", path.display()))?;
    if deck.exam != exam {
        bail!("{}: its cards are for `{}`, not {exam}; move the file, then import again", path.display(), deck.exam);
    }
    Ok(deck)
}

fn write_deck(path: &Path, deck: &Deck) -> Result<()> {
    let dir = path.parent().expect("a deck file is in a folder");
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let toml = deck.to_toml();
    files::write_atomic(path, true, |f| std::io::Write::write_all(f, toml.as_bytes()))
        .with_context(|| format!("{}: not written", path.display()))
}

/// How a note finds its topic: the tag map, then a tag naming a topic (`…::topic-id`, as our
/// own export writes), then `--topic`.
struct Places {
    topics: Vec<String>,
    map: HashMap<String, String>,
    fallback: Option<String>,
}

impl Places {
    fn new(s: &Syllabus, topic: Option<&str>, tag_map: Option<&Path>) -> Result<Places> {
        let topics: Vec<String> = s.topics.iter().map(|t| t.id.clone()).collect();
        let known = |t: &str, from: &str| -> Result<String> {
            match topics.iter().any(|k| k == t) {
                true => Ok(t.to_owned()),
                false => bail!(
                    "{from}: {} has no topic `{}`; see `certtrack syllabus show {}`",
                    s.exam.code,
                    text::one_line(t),
                    s.exam.code
                ),
            }
        };
        let fallback = topic.map(|t| known(t, "--topic")).transpose()?;
        let mut map = HashMap::new();
        if let Some(p) = tag_map {
            let src = read_utf8(p, MAX_TAG_MAP_BYTES)?;
            let pairs: BTreeMap<String, String> = toml::from_str(&src).map_err(|e| {
                anyhow!(
                    "{}: {}; write one `\"anki tag\" = \"topic-id\"` per line",
                    p.display(),
                    e.to_string().trim_end()
                )
            })?;
            for (tag, topic) in pairs {
                map.insert(tag.to_lowercase(), known(&topic, &p.display().to_string())?);
            }
        }
        if fallback.is_none() && tag_map.is_none() {
            bail!("which topic are the cards for? add --topic ID, or --tag-map FILE to place them by their tags");
        }
        Ok(Places { topics, map, fallback })
    }

    fn topic(&self, tags: &[String]) -> Option<String> {
        let lower: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
        let mapped = lower.iter().find_map(|t| self.map.get(t).cloned());
        let named = || {
            lower.iter().find_map(|t| {
                let last = t.rsplit("::").next().unwrap_or(t);
                self.topics.iter().find(|k| k.as_str() == last).cloned()
            })
        };
        mapped.or_else(named).or_else(|| self.fallback.clone())
    }
}

/// The deck being updated, and what happened to each note.
struct Merge<'s> {
    base: &'s Syllabus,
    deck: Deck,
    /// Key (GUID, or front for notes without one) → the line that first had it.
    seen: HashMap<String, usize>,
    imported: usize,
    updated: usize,
    unchanged: usize,
    skipped: Vec<SkippedNote>,
}

impl<'s> Merge<'s> {
    fn new(base: &'s Syllabus, deck: Deck) -> Self {
        Merge { base, deck, seen: HashMap::new(), imported: 0, updated: 0, unchanged: 0, skipped: Vec::new() }
    }

    fn note(&mut self, places: &Places, n: Note) {
        if let Err(reason) = self.place(places, &n) {
            self.skipped.push(SkippedNote { line: n.line, reason });
        }
    }

    fn place(&mut self, places: &Places, n: &Note) -> Result<(), String> {
        let key = match &n.guid {
            Some(g) => format!("guid:{g}"),
            None => format!("front:{}", normal(&n.front)),
        };
        if let Some(first) = self.seen.insert(key.clone(), n.line) {
            return Err(format!(
                "the same note as line {first} (same {})",
                if n.guid.is_some() { "GUID" } else { "front" }
            ));
        }
        if let Some(item) = n.guid.as_deref().and_then(|g| self.ours(g)) {
            return Err(format!("already in {} as `{item}` (a certtrack card)", self.base.exam.code));
        }
        for (side, value) in [("front", &n.front), ("back", &n.back)] {
            if let Some(p) = deck::side_problem(value) {
                return Err(format!("its {side} {p}"));
            }
        }
        let tags = n.tags.join(" ");
        let topic = places.topic(&n.tags).ok_or_else(|| {
            format!("no topic for tags `{}`: add them to --tag-map, or pass --topic", text::clip(&tags, 60))
        })?;
        let card = DeckCard {
            id: card_id(&key),
            topic,
            front: n.front.clone(),
            back: n.back.clone(),
            anki_guid: n.guid.clone(),
        };
        let existing = self.deck.cards.iter_mut().find(|c| match &n.guid {
            Some(g) => c.anki_guid.as_ref() == Some(g),
            None => c.anki_guid.is_none() && format!("front:{}", normal(&c.front)) == key,
        });
        match existing {
            Some(c) if (&c.topic, &c.front, &c.back) == (&card.topic, &card.front, &card.back) => self.unchanged += 1,
            Some(c) => {
                (c.topic, c.front, c.back) = (card.topic, card.front, card.back);
                self.updated += 1;
            }
            None => {
                self.deck.cards.push(card);
                self.imported += 1;
            }
        }
        Ok(())
    }

    /// The item of this exam a `certtrack:<exam>/<item>` GUID (our own export) names.
    fn ours(&self, guid: &str) -> Option<String> {
        let item = guid.strip_prefix("certtrack:")?.strip_prefix(self.base.exam.id.as_str())?.strip_prefix('/')?;
        let known =
            self.base.flashcards.iter().any(|f| f.id == item) || self.base.questions.iter().any(|q| q.id == item);
        known.then(|| item.to_owned())
    }
}

fn normal(front: &str) -> String {
    front.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A stable id from the note's key: the same note gets the same id, so its history stays.
fn card_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("anki-{hex}")
}
