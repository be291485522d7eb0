//! Syllabi: the model, the TOML format (parse + validate, with located problems), and the catalog
//! of shipped and user syllabi.

pub mod catalog;
pub mod diagnostic;
mod fingerprint;
pub mod model;
pub mod outline;
mod parse;
mod raw;
pub mod synthetic;
mod validate;

pub use catalog::{Catalog, Entry, Origin};
pub use diagnostic::{Located, Problem, Severity};
pub use model::*;
pub use outline::Outline;
pub use parse::MAX_FILE_BYTES;

/// The outcome of reading one file: the syllabus when it has no error, and every problem found
/// (errors and warnings), located in the file.
#[derive(Debug)]
pub struct Checked {
    pub syllabus: Option<Syllabus>,
    pub problems: Vec<Located>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.problem.is_error()).count()
    }

    /// Every problem rendered, one block each.
    pub fn render(&self) -> String {
        self.problems.iter().map(Located::render).collect()
    }
}

/// Parse and validate a syllabus. `file` is only used to name the file in messages.
pub fn check(file: &str, src: &str) -> Checked {
    let mut problems = Vec::new();
    let syllabus = parse::parse(src, &mut problems).and_then(|raw| validate::validate(raw, &mut problems));
    problems.sort_by_key(|p| p.span.start);
    let problems = problems.into_iter().map(|p| Located::new(file, src, p)).collect();
    Checked { syllabus, problems }
}
