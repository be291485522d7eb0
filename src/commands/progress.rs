//! Progress of long work on stderr when it is a terminal; nothing when stderr is a pipe or a
//! file, or when the work is too small for anyone to look. One line, redrawn in place and
//! cleared at the end so the output (or an error) starts on a clean line.

use std::io::{IsTerminal, Write};

pub struct Progress<W: Write> {
    out: Option<W>,
    label: &'static str,
    /// `Some(total)`: shown as done/total with a percentage; `None`: a running count.
    total: Option<usize>,
    /// The last percentage (or count step) drawn, so a redraw happens only when it moves.
    shown: usize,
}

/// Fewer items than this are done before anyone would look (counted work).
const FROM: usize = 100;
/// A running count is redrawn every this many items.
const COUNT_STEP: usize = 50_000;

impl Progress<std::io::Stderr> {
    /// On stderr when it is a terminal.
    pub fn stderr(label: &'static str, total: Option<usize>) -> Self {
        let err = std::io::stderr();
        Progress::new(err.is_terminal().then_some(err), label, total)
    }
}

impl<W: Write> Progress<W> {
    pub fn new(terminal: Option<W>, label: &'static str, total: Option<usize>) -> Self {
        let out = terminal.filter(|_| total.is_none_or(|t| t >= FROM));
        Progress { out, label, total, shown: usize::MAX }
    }

    /// `done` items so far. Counted work redraws at most 101 times, a running count once per
    /// `COUNT_STEP` items, whatever the size.
    pub fn step(&mut self, done: usize) {
        let Some(out) = self.out.as_mut() else { return };
        let (mark, text) = match self.total {
            Some(total) => {
                let percent = done * 100 / total.max(1);
                (percent, format!("\r{}: {done}/{total} ({percent}%)", self.label))
            }
            None => (done / COUNT_STEP, format!("\r{}: {done} rows", self.label)),
        };
        if mark != self.shown && (self.total.is_some() || done >= COUNT_STEP) {
            self.shown = mark;
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }

    /// Say what is under way, for work that has no steps to count (one long call).
    pub fn under_way(&mut self) {
        if let Some(out) = self.out.as_mut() {
            let _ = write!(out, "\r{}…", self.label);
            let _ = out.flush();
        }
    }

    pub fn finish(self) {
        if let Some(mut out) = self.out {
            let _ = out.write_all(b"\r\x1b[2K");
            let _ = out.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_work_shows_on_a_terminal_once_per_percent_and_small_or_piped_work_never() {
        let mut shown = Progress::new(Some(Vec::new()), "reading snapshots", Some(400));
        (1..=400).for_each(|i| shown.step(i));
        let text = String::from_utf8(shown.out.take().unwrap()).unwrap();
        assert_eq!(text.matches('\r').count(), 101, "one redraw per percent, 0 to 100");
        assert!(text.ends_with("\rreading snapshots: 400/400 (100%)"), "{text:?}");
        let few = Progress::new(Some(Vec::new()), "reading snapshots", Some(10));
        assert!(few.out.is_none(), "ten files are read before anyone would look");
        let mut piped = Progress::<Vec<u8>>::new(None, "reading snapshots", Some(5_000));
        piped.step(5_000);
        assert!(piped.out.is_none());
    }

    #[test]
    fn a_running_count_is_redrawn_every_step_of_rows_and_not_before() {
        let mut rows = Progress::new(Some(Vec::new()), "exporting", None);
        (1..=120_000).for_each(|i| rows.step(i));
        let text = String::from_utf8(rows.out.take().unwrap()).unwrap();
        assert_eq!(text, "\rexporting: 50000 rows\rexporting: 100000 rows");
    }
}
