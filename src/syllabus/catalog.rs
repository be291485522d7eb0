//! All syllabi the app knows: the shipped ones embedded in the binary, overridden by user or
//! cohort syllabi with the same exam id.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{MAX_FILE_BYTES, Syllabus, check};

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// The embedded files as (path, text), for tools and tests that want the raw sources.
pub fn shipped_sources() -> Vec<(&'static str, &'static str)> {
    shipped::SHIPPED.iter().map(|&(path, _, _, src)| (path, src)).collect()
}

/// The exam id and code recorded for each embedded file at build time.
pub fn shipped_keys() -> Vec<(&'static str, &'static str, &'static str)> {
    shipped::SHIPPED.iter().map(|&(path, id, code, _)| (path, id, code)).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Shipped(&'static str),
    File(PathBuf),
}

impl Origin {
    pub fn label(&self) -> String {
        match self {
            Origin::Shipped(_) => "shipped".to_owned(),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub syllabus: Syllabus,
    pub origin: Origin,
}

/// One exam in the catalog: known by id and code at once, parsed when first needed.
#[derive(Debug, Clone)]
struct Slot {
    id: String,
    code: String,
    /// (path, text) of an embedded syllabus not parsed yet.
    source: Option<(&'static str, &'static str)>,
    cell: OnceLock<Result<Entry, String>>,
}

impl Slot {
    fn entry(&self) -> Result<&Entry, &str> {
        let parsed = self.cell.get_or_init(|| {
            let (path, src) = self.source.ok_or_else(|| "no source".to_owned())?;
            let mut checked = check(path, src);
            checked
                .syllabus
                .take()
                .map(|syllabus| Entry { syllabus, origin: Origin::Shipped(path) })
                .ok_or_else(|| checked.render())
        });
        parsed.as_ref().map_err(String::as_str)
    }

    fn matches(&self, key: &str) -> bool {
        self.id.eq_ignore_ascii_case(key) || self.code.eq_ignore_ascii_case(key)
    }
}

/// The exams the app knows. Embedded syllabi are parsed only when first used, so starting the
/// app costs the exams it shows, not all twelve.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    slots: Vec<Slot>,
}

impl Catalog {
    /// The syllabi embedded in the binary, not yet parsed. `problems` parses them all.
    pub fn shipped() -> (Catalog, Vec<String>) {
        let slots = shipped::SHIPPED
            .iter()
            .map(|&(path, id, code, src)| Slot {
                id: id.into(),
                code: code.into(),
                source: Some((path, src)),
                cell: OnceLock::new(),
            })
            .collect();
        (Catalog { slots }, Vec::new())
    }

    /// Parse every entry and return the problems of those that do not validate.
    pub fn problems(&self) -> Vec<String> {
        self.slots.iter().filter_map(|s| s.entry().err().map(str::to_owned)).collect()
    }

    /// Shipped syllabi plus every `*.toml` in `user_dir` (if it exists), user files winning.
    pub fn load(user_dir: Option<&Path>) -> (Catalog, Vec<String>) {
        let (mut catalog, mut errors) = Catalog::shipped();
        if let Some(dir) = user_dir {
            for path in toml_files(dir) {
                match read_file(&path) {
                    Ok(syllabus) => catalog.insert(Entry { syllabus, origin: Origin::File(path) }),
                    Err(e) => errors.push(e),
                }
            }
        }
        (catalog, errors)
    }

    /// Add a syllabus, replacing any with the same exam id.
    pub fn insert(&mut self, entry: Entry) {
        let exam = &entry.syllabus.exam;
        let slot = Slot { id: exam.id.clone(), code: exam.code.clone(), source: None, cell: OnceLock::from(Ok(entry)) };
        match self.slots.iter_mut().find(|s| s.id == slot.id) {
            Some(old) => *old = slot,
            None => self.slots.push(slot),
        }
    }

    /// Every valid entry, parsing those not parsed yet.
    pub fn entries(&self) -> Vec<&Entry> {
        self.slots.iter().filter_map(|s| s.entry().ok()).collect()
    }

    /// Look an exam up by id or code, in any case; parses only that exam.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.slots.iter().find(|s| s.matches(key)).and_then(|s| s.entry().ok())
    }

    pub fn ids(&self) -> Vec<&str> {
        self.slots.iter().map(|s| s.id.as_str()).collect()
    }
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Read and check one syllabus file; the error is the rendered problem list.
pub fn read_file(path: &Path) -> Result<Syllabus, String> {
    let name = path.display().to_string();
    let src = read_text(path)?;
    let checked = check(&name, &src);
    match checked.syllabus {
        Some(s) => Ok(s),
        None => Err(checked.render()),
    }
}

/// A bounded read of a UTF-8 text file, with messages that name the file.
pub fn read_text(path: &Path) -> Result<String, String> {
    let name = path.display();
    let meta = fs::metadata(path).map_err(|e| format!("{name}: cannot read: {e}\n"))?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(format!(
            "{name}: error: file is {} bytes, more than the {MAX_FILE_BYTES} a syllabus may have\n",
            meta.len()
        ));
    }
    let bytes = fs::read(path).map_err(|e| format!("{name}: cannot read: {e}\n"))?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) =
            super::diagnostic::line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        format!("{name}:{line}:{col}: error: the file is not valid UTF-8 here\n  help: save the file as UTF-8\n")
    })
}
