//! All syllabi the app knows: the shipped ones embedded in the binary, overridden by user or
//! cohort syllabi with the same exam id.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::deck::{self, Deck};
use super::fingerprint::fingerprint;
use super::{MAX_FILE_BYTES, Outline, Syllabus, check};
use crate::text;

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

/// The embedded files as (path, text), for tools and tests that want the raw sources.
pub fn shipped_sources() -> Vec<(&'static str, &'static str)> {
    shipped::SHIPPED.iter().map(|&(path, _, _, _, src)| (path, src)).collect()
}

/// The exam id and code recorded for each embedded file at build time.
pub fn shipped_keys() -> Vec<(&'static str, &'static str, &'static str)> {
    shipped::SHIPPED.iter().map(|&(path, id, code, _, _)| (path, id, code)).collect()
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
    /// Shared, so a screen can keep the syllabus it shows without copying it.
    pub syllabus: Arc<Syllabus>,
    pub origin: Origin,
}

/// A syllabus embedded in the binary, with its fingerprint taken at build time.
#[derive(Debug, Clone, Copy)]
struct Shipped {
    path: &'static str,
    fingerprint: u64,
    text: &'static str,
}

/// One exam in the catalog: known by id and code at once, parsed when first needed.
#[derive(Debug, Clone)]
struct Slot {
    id: String,
    code: String,
    /// An embedded syllabus not parsed yet.
    source: Option<Shipped>,
    cell: OnceLock<Result<Entry, String>>,
    outline: OnceLock<Result<Outline, String>>,
}

impl Slot {
    fn entry(&self, cache: Option<&ParseCache>) -> Result<&Entry, &str> {
        let parsed = self.cell.get_or_init(|| {
            let s = self.source.ok_or_else(|| "no source".to_owned())?;
            let syllabus = check_cached(s.path, s.text, s.fingerprint, cache).map_err(|f| f.into_report(s.path))?;
            Ok(Entry { syllabus: Arc::new(syllabus), origin: Origin::Shipped(s.path) })
        });
        parsed.as_ref().map_err(String::as_str)
    }

    /// The outline alone: from the parsed entry if there is one, else from the small cache file,
    /// else by parsing the syllabus.
    fn outline(&self, cache: Option<&ParseCache>) -> Result<&Outline, &str> {
        let outline = self.outline.get_or_init(|| {
            if let Some(Ok(e)) = self.cell.get() {
                return Ok(Outline::of(&e.syllabus));
            }
            if let Some(o) = self.source.zip(cache).and_then(|(s, c)| c.get_outline(s.fingerprint)) {
                return Ok(o);
            }
            self.entry(cache).map(|e| Outline::of(&e.syllabus)).map_err(str::to_owned)
        });
        outline.as_ref().map_err(String::as_str)
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
    cache: Option<ParseCache>,
}

impl Catalog {
    /// The syllabi embedded in the binary, not yet parsed. `problems` parses them all.
    pub fn shipped() -> (Catalog, Vec<String>) {
        let slots = shipped::SHIPPED
            .iter()
            .map(|&(path, id, code, fingerprint, text)| Slot {
                id: id.into(),
                code: code.into(),
                source: Some(Shipped { path, fingerprint, text }),
                cell: OnceLock::new(),
                outline: OnceLock::new(),
            })
            .collect();
        (Catalog { slots, cache: None }, Vec::new())
    }

    /// Parse every entry and return the problems of those that do not validate.
    pub fn problems(&self) -> Vec<String> {
        self.slots.iter().filter_map(|s| s.entry(self.cache.as_ref()).err().map(str::to_owned)).collect()
    }

    /// Shipped syllabi plus every `*.toml` in `user_dir` (if it exists), user files winning.
    /// With a cache directory, syllabi that validated before are not parsed again, and neither
    /// are those that failed: a broken file is said to be skipped when it is first seen (its
    /// problems are for `syllabus validate`), then skipped quietly until it changes, so a
    /// broken file does not slow down or clutter every start.
    pub fn load(user_dir: Option<&Path>, cache_dir: Option<&Path>) -> (Catalog, Vec<String>) {
        let (mut catalog, mut errors) = Catalog::shipped();
        catalog.cache = cache_dir.map(|d| ParseCache { dir: d.to_path_buf() });
        if let Some(dir) = user_dir {
            for path in toml_files(dir) {
                let src = match read_text(&path) {
                    Ok(src) => src,
                    Err(e) => {
                        errors.push(text::sanitize(&e).into_owned());
                        continue;
                    }
                };
                let name = path.display().to_string();
                match check_cached(&name, &src, fingerprint(src.as_bytes()), catalog.cache.as_ref()) {
                    Ok(syllabus) => catalog.insert(Entry { syllabus: Arc::new(syllabus), origin: Origin::File(path) }),
                    Err(f) if f.report.is_some() => errors.push(format!(
                        "{}: skipped, {}; run `certtrack syllabus validate {}` to see them\n",
                        text::sanitize(&name),
                        f.count(),
                        text::sanitize(&shell_word(&name)),
                    )),
                    Err(_) => {}
                }
            }
        }
        (catalog, errors)
    }

    /// Add the cards of every deck file (`*.toml`) in `dir` to their exams. Call it after every
    /// syllabus is in, so a deck joins the version of its exam that is in force. A deck that
    /// cannot be read, or names no known exam, is skipped; its cards that cannot join are left
    /// out. Either is said in one line per file.
    pub fn add_decks(&mut self, dir: &Path) -> Vec<String> {
        let mut said = Vec::new();
        for path in toml_files(dir) {
            let name = text::sanitize(&path.display().to_string()).into_owned();
            let deck = read_text(&path).and_then(|src| Deck::parse(&src).map_err(|e| e.replace('\n', " ")));
            let deck = match deck {
                Ok(d) => d,
                Err(e) => {
                    said.push(format!("{name}: deck skipped: {}\n", text::one_line(e.trim_end())));
                    continue;
                }
            };
            let Some(base) = self.get(&deck.exam).cloned() else {
                said.push(format!("{name}: deck skipped: no exam `{}`\n", text::one_line(&deck.exam)));
                continue;
            };
            let (syllabus, problems) = deck::apply(&base.syllabus, &deck);
            if let Some(first) = problems.first() {
                said.push(format!(
                    "{name}: {} of {} cards left out; the first: {first}\n",
                    problems.len(),
                    deck.cards.len()
                ));
            }
            self.insert(Entry { syllabus: Arc::new(syllabus), origin: base.origin });
        }
        said
    }

    /// Check a syllabus's text (through the parse cache) and add it; the error says how many
    /// errors it has.
    pub fn insert_text(&mut self, name: &str, text: &str, origin: Origin) -> Result<(), String> {
        let syllabus = check_cached(name, text, fingerprint(text.as_bytes()), self.cache.as_ref())
            .map_err(|f| format!("{name}: {}", f.count()))?;
        self.insert(Entry { syllabus: Arc::new(syllabus), origin });
        Ok(())
    }

    /// Add a syllabus, replacing any with the same exam id.
    pub fn insert(&mut self, entry: Entry) {
        let exam = &entry.syllabus.exam;
        let slot = Slot {
            id: exam.id.clone(),
            code: exam.code.clone(),
            source: None,
            cell: OnceLock::from(Ok(entry)),
            outline: OnceLock::new(),
        };
        match self.slots.iter_mut().find(|s| s.id == slot.id) {
            Some(old) => *old = slot,
            None => self.slots.push(slot),
        }
    }

    /// Every valid entry, parsing those not parsed yet.
    pub fn entries(&self) -> Vec<&Entry> {
        self.slots.iter().filter_map(|s| s.entry(self.cache.as_ref()).ok()).collect()
    }

    /// Look an exam up by id or code, in any case; parses only that exam.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.slots.iter().find(|s| s.matches(key)).and_then(|s| s.entry(self.cache.as_ref()).ok())
    }

    /// An exam's outline, by id or code: all that readiness needs, without reading the text of
    /// its questions.
    pub fn outline(&self, key: &str) -> Option<&Outline> {
        self.slots.iter().find(|s| s.matches(key)).and_then(|s| s.outline(self.cache.as_ref()).ok())
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

/// Validated syllabi kept in a compact binary form (postcard), keyed by a fingerprint of their
/// source text: a syllabus that validated once loads over ten times faster than parsing and
/// validating its TOML again, and faster than the JSON this cache used before (figures in
/// docs/performance.md). Any problem with the cache (missing, unreadable, damaged, from another
/// version) just means parsing again.
#[derive(Debug, Clone)]
pub struct ParseCache {
    dir: PathBuf,
}

/// Bump when the model changes shape, so old cache files are not read.
const CACHE_FORMAT: u32 = 4;

impl ParseCache {
    /// What the names of this version's files carry after the fingerprint.
    fn suffix() -> String {
        format!("-v{}-f{CACHE_FORMAT}.", env!("CARGO_PKG_VERSION"))
    }

    /// The whole syllabus (`bin`) or its outline (`outline`).
    fn path(&self, fingerprint: u64, kind: &str) -> PathBuf {
        self.dir.join(format!("{fingerprint:016x}{}{kind}", Self::suffix()))
    }

    /// Remove the files an older certtrack (another version or format) left here, so upgrades
    /// do not pile up copies nobody will read. Only names this cache writes are touched.
    fn prune(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        let suffix = Self::suffix();
        for path in entries.flatten().map(|e| e.path()) {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            let (key, rest) = name.as_bytes().split_at(name.len().min(16));
            let ours = key.len() == 16 && key.iter().all(u8::is_ascii_hexdigit) && rest.starts_with(b"-v");
            if ours && !name[16..].starts_with(&suffix) {
                let _ = fs::remove_file(&path);
            }
        }
    }

    fn get(&self, fingerprint: u64) -> Option<Syllabus> {
        let s: Syllabus = postcard::from_bytes(&fs::read(self.path(fingerprint, "bin")).ok()?).ok()?;
        s.indices_in_range().then_some(s)
    }

    fn get_outline(&self, fingerprint: u64) -> Option<Outline> {
        let o: Outline = postcard::from_bytes(&fs::read(self.path(fingerprint, "outline")).ok()?).ok()?;
        o.indices_in_range().then_some(o)
    }

    /// How many errors the text with this fingerprint was found to have, if it failed before.
    fn failure(&self, fingerprint: u64) -> Option<usize> {
        fs::read_to_string(self.path(fingerprint, "failed")).ok()?.trim().parse().ok()
    }

    fn put(&self, fingerprint: u64, s: &Syllabus) {
        if fs::create_dir_all(&self.dir).is_ok() {
            // The outline first: a reader that finds the whole syllabus may take its outline.
            write_atomically(&self.path(fingerprint, "outline"), postcard::to_stdvec(&Outline::of(s)));
            write_atomically(&self.path(fingerprint, "bin"), postcard::to_stdvec(s));
        }
        self.prune();
    }

    /// Remember that this text fails, with its error count, so it is not checked again.
    fn put_failure(&self, fingerprint: u64, errors: usize) {
        if fs::create_dir_all(&self.dir).is_ok() {
            write_atomically(&self.path(fingerprint, "failed"), Ok(errors.to_string().into_bytes()));
        }
        self.prune();
    }
}

/// Write through a temporary file (named for this file and process) renamed into place, so a
/// concurrent reader never sees half a file. A failure leaves no file: the cache is a shortcut.
fn write_atomically(path: &Path, bytes: postcard::Result<Vec<u8>>) {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = bytes.ok().is_some_and(|b| fs::write(&tmp, b).is_ok());
    if !written || fs::rename(&tmp, path).is_err() {
        let _ = fs::remove_file(&tmp);
    }
}

/// Why a syllabus is not in the catalog.
#[derive(Debug)]
struct Failed {
    errors: usize,
    /// The rendered problems when the text was checked just now; `None` when the cache already
    /// knew that it fails.
    report: Option<String>,
}

impl Failed {
    fn count(&self) -> String {
        format!("it has {} error{}", self.errors, if self.errors == 1 { "" } else { "s" })
    }

    /// The problems, or the count when the cache only knew that.
    fn into_report(self, name: &str) -> String {
        let count = self.count();
        self.report.unwrap_or_else(|| format!("{name}: {count}\n"))
    }
}

/// Check `src`, or reuse the result of an earlier check of the same text, passed or failed.
fn check_cached(name: &str, src: &str, fingerprint: u64, cache: Option<&ParseCache>) -> Result<Syllabus, Failed> {
    if let Some(c) = cache {
        if let Some(s) = c.get(fingerprint) {
            return Ok(s);
        }
        if let Some(errors) = c.failure(fingerprint) {
            return Err(Failed { errors, report: None });
        }
    }
    let mut checked = check(name, src);
    match checked.syllabus.take() {
        Some(s) => {
            if let Some(c) = cache {
                c.put(fingerprint, &s);
            }
            Ok(s)
        }
        None => {
            let errors = checked.errors();
            if let Some(c) = cache {
                c.put_failure(fingerprint, errors);
            }
            Err(Failed { errors, report: Some(checked.render()) })
        }
    }
}

/// A path as one word for a POSIX shell, so the command a message suggests can be pasted as it
/// is (the macOS data folder is under "Application Support").
fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c);
    if !s.is_empty() && s.chars().all(plain) { s.to_owned() } else { format!("'{}'", s.replace('\'', "'\\''")) }
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

/// A bounded read of a UTF-8 text file, with messages that name the file. Bounded by what is read
/// (not by what the metadata says), and a FIFO or device is refused rather than read forever.
pub fn read_text(path: &Path) -> Result<String, String> {
    let name = path.display();

    let bytes = crate::files::read_bounded(path, MAX_FILE_BYTES as u64).map_err(|e| {
        let help = match e.kind() {
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => format!(
                "  help: a syllabus is a regular UTF-8 TOML file of at most {}\n",
                crate::files::human_size(MAX_FILE_BYTES as u64)
            ),
            _ => String::new(),
        };
        format!("{name}: error: cannot read: {e}\n{help}")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) =
            super::diagnostic::line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        format!("{name}:{line}:{col}: error: the file is not valid UTF-8 here\n  help: save the file as UTF-8\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../assets/sample-syllabus.toml");

    fn load(dir: &Path) -> Catalog {
        let (c, errors) = Catalog::load(Some(&dir.join("syllabi")), Some(&dir.join("cache")));
        assert!(errors.is_empty(), "{errors:?}");
        c
    }

    fn name(c: &Catalog) -> String {
        c.get("acme-cloud-basics").expect("loaded").syllabus.exam.name.clone()
    }

    #[test]
    fn a_validated_syllabus_is_cached_by_content_and_a_bad_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("syllabi")).unwrap();
        fs::write(dir.path().join("syllabi/acme.toml"), SAMPLE).unwrap();
        assert_eq!(name(&load(dir.path())), "Acme Cloud Basics (team edition)");
        let mut cached: Vec<PathBuf> =
            fs::read_dir(dir.path().join("cache")).unwrap().flatten().map(|e| e.path()).collect();
        cached.sort();
        assert_eq!(cached.len(), 2, "one syllabus, cached whole and as an outline: {cached:?}");
        assert!(cached[0].extension().is_some_and(|x| x == "bin"));

        // Prove the second start reads the cache: mark the cached copy.
        let mark = |f: &dyn Fn(&mut Syllabus)| {
            let mut s: Syllabus = postcard::from_bytes(&fs::read(&cached[0]).unwrap()).unwrap();
            f(&mut s);
            fs::write(&cached[0], postcard::to_stdvec(&s).unwrap()).unwrap();
        };
        mark(&|s| s.exam.name = "Acme Cloud Basics (from cache)".into());
        assert_eq!(name(&load(dir.path())), "Acme Cloud Basics (from cache)");

        // A cached copy whose indices point nowhere is not trusted: the TOML is parsed again.
        mark(&|s| {
            s.exam.name = "tampered".into();
            s.questions[0].topic = s.topics.len();
        });
        assert_eq!(name(&load(dir.path())), "Acme Cloud Basics (team edition)");

        // New text, new key: the edit is parsed, not served stale.
        fs::write(dir.path().join("syllabi/acme.toml"), SAMPLE.replace("(team edition)", "(v2)")).unwrap();
        assert_eq!(name(&load(dir.path())), "Acme Cloud Basics (v2)");

        // Files an older version left behind are removed when the cache is next written.
        let old = dir.path().join("cache/0123456789abcdef-v0.0.9-f1.json");
        let foreign = dir.path().join("cache/notes.txt");
        fs::write(&old, "{}").unwrap();
        fs::write(&foreign, "mine").unwrap();
        fs::write(dir.path().join("syllabi/acme.toml"), SAMPLE.replace("(team edition)", "(v3)")).unwrap();
        assert_eq!(name(&load(dir.path())), "Acme Cloud Basics (v3)");
        assert!(!old.exists() && foreign.exists());
        fs::write(dir.path().join("syllabi/acme.toml"), SAMPLE.replace("(team edition)", "(v2)")).unwrap();

        // A damaged cache file means parsing again.
        for f in fs::read_dir(dir.path().join("cache")).unwrap().flatten() {
            fs::write(f.path(), "{ damaged").unwrap();
        }
        assert_eq!(name(&load(dir.path())), "Acme Cloud Basics (v2)");
    }

    #[test]
    fn a_shipped_exam_outline_comes_from_its_small_cache_file() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let (first, _) = Catalog::load(None, Some(&cache));
        let whole = Outline::of(&first.get("SAA-C03").expect("shipped").syllabus);
        let derived = first.outline("SAA-C03").expect("outline");
        assert_eq!(postcard::to_stdvec(derived).unwrap(), postcard::to_stdvec(&whole).unwrap());
        let file = fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "outline"))
            .expect("an outline file");
        let tamper = |f: &dyn Fn(&mut Outline)| {
            let mut o = whole.clone();
            f(&mut o);
            fs::write(&file, postcard::to_stdvec(&o).unwrap()).unwrap();
        };

        // A later start takes the outline from its file (marked here), without the syllabus.
        tamper(&|o| o.exam.name = "from the outline file".into());
        let (later, _) = Catalog::load(None, Some(&cache));
        assert_eq!(later.outline("aws-saa-c03").unwrap().exam.name, "from the outline file");

        // An outline whose indices point nowhere is not trusted.
        tamper(&|o| {
            o.exam.name = "tampered".into();
            o.questions[0].topic = o.topics.len();
        });
        let (later, _) = Catalog::load(None, Some(&cache));
        assert_eq!(later.outline("aws-saa-c03").unwrap().exam.name, whole.exam.name);
    }

    #[test]
    fn a_broken_file_is_said_to_be_skipped_once_and_not_checked_again_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let syllabi = dir.path().join("my syllabi");
        fs::create_dir_all(&syllabi).unwrap();
        let bad = SAMPLE.replace("answer = \"A\"", "answer = \"F\"").replace("version = 1", "version = 0");
        fs::write(syllabi.join("bad.toml"), &bad).unwrap();
        let load = || Catalog::load(Some(&syllabi), Some(&dir.path().join("cache"))).1;
        let path = syllabi.join("bad.toml").display().to_string();
        let said =
            format!("{path}: skipped, it has 2 errors; run `certtrack syllabus validate '{path}'` to see them\n");
        assert_eq!(load(), vec![said.clone()], "one line, not the problems");
        assert_eq!(load(), Vec::<String>::new(), "said once");
        let cached: Vec<PathBuf> =
            fs::read_dir(dir.path().join("cache")).unwrap().flatten().map(|e| e.path()).collect();
        assert_eq!(cached.len(), 1, "the failure, never a syllabus: {cached:?}");
        assert!(cached[0].extension().is_some_and(|x| x == "failed"));

        // Prove the failure is taken from the cache rather than checked again: a valid text
        // recorded as failed is skipped too (quietly, since it was said before).
        fs::write(syllabi.join("bad.toml"), SAMPLE).unwrap();
        fs::rename(
            &cached[0],
            dir.path().join("cache").join(format!(
                "{:016x}{}failed",
                fingerprint(SAMPLE.as_bytes()),
                ParseCache::suffix()
            )),
        )
        .unwrap();
        assert_eq!(load(), Vec::<String>::new());
        let (c, _) = Catalog::load(Some(&syllabi), Some(&dir.path().join("cache")));
        assert!(c.get("acme-cloud-basics").is_none(), "skipped by its recorded failure");

        // A changed text is checked again: said again while broken, loaded once fixed.
        fs::write(syllabi.join("bad.toml"), bad.replace("version = 0", "version = 2")).unwrap();
        assert_eq!(load(), vec![said.replace("2 errors", "1 error")]);
        fs::write(syllabi.join("bad.toml"), SAMPLE.replace("version = 1", "version = 3")).unwrap();
        assert_eq!(load(), Vec::<String>::new());
        let (c, _) = Catalog::load(Some(&syllabi), Some(&dir.path().join("cache")));
        assert_eq!(c.get("acme-cloud-basics").expect("loaded").syllabus.exam.version, 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_syllabus_that_is_a_fifo_or_a_device_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("team.toml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        for path in [fifo.as_path(), Path::new("/dev/zero")] {
            let err = read_text(path).unwrap_err();
            assert!(err.contains("not a regular file"), "{err}");
        }
    }

    #[test]
    fn a_suggested_command_can_be_pasted_into_a_shell() {
        assert_eq!(shell_word("/home/ana/syllabi/x.toml"), "/home/ana/syllabi/x.toml");
        assert_eq!(
            shell_word("/Users/ana/Library/Application Support/x.toml"),
            "'/Users/ana/Library/Application Support/x.toml'"
        );
        assert_eq!(shell_word("/tmp/it's.toml"), "'/tmp/it'\\''s.toml'");
    }
}
