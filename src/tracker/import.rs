//! Installing a syllabus file into the study database: validated, versioned, never a silent
//! downgrade, and with topics the new version drops reported as orphaned (their progress stays).

use std::path::Path;
use std::sync::Arc;

use super::Tracker;
use crate::syllabus::{Entry, Origin, catalog, check};

impl Tracker {
    /// Validate the syllabus file at `path` and install it. `Ok` is a one-line report; `Err` the
    /// problems, rendered.
    pub fn import_file(&mut self, path: &Path, force: bool, now: i64) -> Result<String, String> {
        let text = catalog::read_text(path)?;
        import_text(self, path, text, force, now)
    }

    /// `import_file` for text the caller has read (with its own limits on where from).
    pub fn import_text(&mut self, path: &Path, text: String, force: bool, now: i64) -> Result<String, String> {
        import_text(self, path, text, force, now)
    }
}

fn import_text(t: &mut Tracker, path: &Path, text: String, force: bool, now: i64) -> Result<String, String> {
    let name = path.display().to_string();
    let mut checked = check(&name, &text);
    let Some(new) = checked.syllabus.take() else { return Err(checked.render()) };
    let id = new.exam.id.clone();
    let mut report = format!(
        "installed {id} version {} ({} topics, {} questions, {} flashcards)",
        new.exam.version,
        new.topics.len(),
        new.questions.len(),
        new.flashcards.len()
    );
    if let Some(old) = t.catalog.get(&id).map(|e| &e.syllabus) {
        if new.exam.version < old.exam.version && !force {
            return Err(format!(
                "{name}: {id} version {} is older than the installed version {}; pass --force to downgrade\n",
                new.exam.version, old.exam.version
            ));
        }
        let orphaned: Vec<&str> =
            old.topics.iter().filter(|o| !new.topics.iter().any(|n| n.id == o.id)).map(|o| o.id.as_str()).collect();
        report = format!("{report}, replacing version {}", old.exam.version);
        if !orphaned.is_empty() {
            report +=
                &format!("; topics no longer in it (progress kept, reported as orphaned): {}", orphaned.join(", "));
        }
    }
    let saved = t.store.save_syllabus(&id, new.exam.version, &text, now).map_err(|e| format!("{e}\n"))?;
    if !saved {
        report = format!("{id} version {} is already installed, unchanged", new.exam.version);
    }
    t.catalog.insert(Entry { syllabus: Arc::new(new), origin: Origin::File(path.to_path_buf()) });
    Ok(report)
}
