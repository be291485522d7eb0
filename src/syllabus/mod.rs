//! Syllabi: the model, the TOML format (parse + validate, with located problems), and the catalog
//! of shipped and user syllabi.

pub mod catalog;
pub mod deck;
pub mod diagnostic;
mod fingerprint;
pub mod lint;
pub mod model;
pub mod outline;
mod parse;
mod raw;
pub mod synthetic;
mod validate;

pub use catalog::{Catalog, Entry, Origin};
pub use diagnostic::{Diagnostics, Located, More, Problem, SHOWN_PER_KIND, Severity};
pub use model::*;
pub use outline::Outline;
pub use parse::MAX_FILE_BYTES;

/// The outcome of reading one file: the syllabus when it has no error, and the report of every
/// problem found (errors and warnings), located in the file.
#[derive(Debug)]
pub struct Checked {
    pub syllabus: Option<Syllabus>,
    pub report: Diagnostics,
}

impl Checked {
    /// Errors found, shown or only counted.
    pub fn errors(&self) -> usize {
        self.report.errors()
    }

    /// The problems shown, one block each, then how many more of each kind there are.
    pub fn render(&self) -> String {
        self.report.render()
    }
}

/// Parse and validate a syllabus. `file` is only used to name the file in messages.
pub fn check(file: &str, src: &str) -> Checked {
    let src = parse::normalise_line_ends(src);
    let mut problems = Vec::new();
    let syllabus = parse::parse(&src, &mut problems).and_then(|raw| validate::validate(raw, &mut problems));
    Checked { syllabus, report: Diagnostics::new(file, &src, problems) }
}
