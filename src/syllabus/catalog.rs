//! All syllabi the app knows: the shipped ones embedded in the binary, overridden by user or
//! cohort syllabi with the same exam id.

use std::fs;
use std::path::{Path, PathBuf};

use super::{MAX_FILE_BYTES, Syllabus, check};

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// The embedded files as (path, text), for tools and tests that want the raw sources.
pub fn shipped_sources() -> &'static [(&'static str, &'static str)] {
    shipped::SHIPPED
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

#[derive(Debug, Default, Clone)]
pub struct Catalog {
    entries: Vec<Entry>,
}

impl Catalog {
    /// The syllabi embedded in the binary. A broken one is reported (as rendered problems) and
    /// left out; a test keeps that from ever shipping.
    pub fn shipped() -> (Catalog, Vec<String>) {
        let mut catalog = Catalog::default();
        let mut errors = Vec::new();
        for &(path, src) in shipped::SHIPPED {
            let mut checked = check(path, src);
            match checked.syllabus.take() {
                Some(syllabus) => catalog.insert(Entry { syllabus, origin: Origin::Shipped(path) }),
                None => errors.push(checked.render()),
            }
        }
        (catalog, errors)
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
        match self.entries.iter_mut().find(|e| e.syllabus.exam.id == entry.syllabus.exam.id) {
            Some(slot) => *slot = entry,
            None => self.entries.push(entry),
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Look an exam up by id or code, in any case.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.syllabus.matches(key))
    }

    pub fn ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.syllabus.exam.id.as_str()).collect()
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
