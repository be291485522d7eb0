//! Where certtrack keeps its files: the platform data dir from `directories`, unless overridden.

use std::path::PathBuf;

use directories::ProjectDirs;

fn project() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "certtrack")
}

/// The data directory (`~/.local/share/certtrack` on Linux). `CERTTRACK_DATA_DIR` overrides it,
/// which keeps tests and experiments away from the real one.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("CERTTRACK_DATA_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => project().map(|p| p.data_dir().to_path_buf()),
    }
}

/// User and cohort syllabi, which override shipped ones with the same id.
pub fn syllabi_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("syllabi"))
}

/// Flashcard decks (imported from Anki) that add cards to an exam's topics.
pub fn decks_dir() -> Option<PathBuf> {
    syllabi_dir().map(|d| d.join("decks"))
}

/// Parsed syllabi, kept so the next start need not parse them again.
pub fn cache_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("cache"))
}

/// The catalog as the app sees it: shipped syllabi, the user's folder, the parse cache.
pub fn load_catalog() -> (crate::syllabus::Catalog, Vec<String>) {
    crate::syllabus::Catalog::load(syllabi_dir().as_deref(), cache_dir().as_deref())
}

/// `~` or `~/…` as the user's home (what a shell would do for a typed path).
pub fn expand_home(path: &str) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    match path.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from(path)),
        Some(rest) if rest.starts_with('/') => {
            home().map_or_else(|| PathBuf::from(path), |h| h.join(rest.trim_start_matches('/')))
        }
        _ => PathBuf::from(path),
    }
}
