//! Plain-text tables for CLI output: columns padded to their widest cell, untrusted text made safe.

use crate::text;

pub struct Table {
    rows: Vec<Vec<String>>,
    right_aligned: Vec<bool>,
}

impl Table {
    /// Headers ending in `#` are right-aligned (numbers); the `#` is not printed.
    pub fn new(headers: &[&str]) -> Self {
        let right_aligned = headers.iter().map(|h| h.ends_with('#')).collect();
        let header = headers.iter().map(|h| h.trim_end_matches('#').to_owned()).collect();
        Table { rows: vec![header], right_aligned }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.into_iter().map(|c| text::one_line(&c)).collect());
    }

    pub fn render(&self) -> String {
        let cols = self.right_aligned.len();
        let widths: Vec<usize> = (0..cols)
            .map(|i| self.rows.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let cells: Vec<String> = (0..cols)
                .map(|i| {
                    let cell = row.get(i).map_or("", String::as_str);
                    let pad = " ".repeat(widths[i] - cell.chars().count());
                    if self.right_aligned[i] { format!("{pad}{cell}") } else { format!("{cell}{pad}") }
                })
                .collect();
            out += cells.join("  ").trim_end();
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_and_aligns_numbers_right() {
        let mut t = Table::new(&["ID", "N#"]);
        t.row(vec!["a".into(), "5".into()]);
        t.row(vec!["long-id".into(), "120".into()]);
        assert_eq!(t.render(), "ID         N\na          5\nlong-id  120\n");
    }

    #[test]
    fn cells_cannot_carry_escape_sequences() {
        let mut t = Table::new(&["X"]);
        t.row(vec!["evil\u{1b}[31m".into()]);
        assert!(!t.render().contains('\u{1b}'));
    }
}
