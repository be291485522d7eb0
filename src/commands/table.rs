//! Plain-text tables for CLI output: columns padded to their widest cell by display width (a CJK
//! character takes two columns), untrusted text made safe and kept to one line.

use crate::text;

pub struct Table {
    rows: Vec<Vec<String>>,
    right_aligned: Vec<bool>,
    max_width: Option<usize>,
}

impl Table {
    /// Headers ending in `#` are right-aligned (numbers); the `#` is not printed.
    pub fn new(headers: &[&str]) -> Self {
        let right_aligned = headers.iter().map(|h| h.ends_with('#')).collect();
        let header = headers.iter().map(|h| h.trim_end_matches('#').to_owned()).collect();
        Table { rows: vec![header], right_aligned, max_width: None }
    }

    /// Cut cells wider than `columns` (other people's names can be long).
    pub fn max_width(mut self, columns: usize) -> Self {
        self.max_width = Some(columns);
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        let fit = |c: String| match self.max_width {
            Some(w) => text::clip_width(&c, w).into_owned(),
            None => c,
        };
        self.rows.push(cells.into_iter().map(|c| fit(text::one_line(&c))).collect());
    }

    pub fn render(&self) -> String {
        let cols = self.right_aligned.len();
        let widths: Vec<usize> = (0..cols)
            .map(|i| self.rows.iter().map(|r| r.get(i).map_or(0, |c| text::width(c))).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let cells: Vec<String> = (0..cols)
                .map(|i| text::pad(row.get(i).map_or("", String::as_str), widths[i], self.right_aligned[i]))
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

    #[test]
    fn wide_characters_are_aligned_by_the_columns_they_take() {
        let mut t = Table::new(&["NAME", "N#"]);
        t.row(vec!["東京".into(), "1".into()]);
        t.row(vec!["ana".into(), "22".into()]);
        assert_eq!(t.render(), "NAME   N\n東京   1\nana   22\n");
    }

    #[test]
    fn long_cells_are_cut_by_width_and_kept_on_one_line() {
        let mut t = Table::new(&["X", "Y"]).max_width(5);
        t.row(vec!["東京大学院".into(), "a\nb".into()]);
        assert_eq!(t.render(), "X      Y\n東京…  a b\n");
    }
}
