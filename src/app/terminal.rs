//! Terminal setup and restore in one place: raw mode, alternate screen (or an inline viewport),
//! mouse capture. Restored on drop, on panic, and on SIGTERM/SIGHUP (through the event loop).
//! Ctrl-Z suspends properly: restore, stop, set up again on resume.

use std::io::{self, BufWriter, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::backend::CrosstermBackend;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Frames go out through a buffer as large as a big frame, so each one leaves in a single write
/// (stdout alone would cut it into 1 KiB pieces): fewer system calls, and the terminal never
/// shows half a frame. ratatui flushes it at the end of every draw.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

const FRAME_BUFFER: usize = 64 * 1024;

/// 0: not set up; 1: full screen; 2: inline.
static MODE: AtomicU8 = AtomicU8::new(0);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    FullScreen,
    /// A viewport of this many lines under the shell prompt.
    Inline(u16),
}

/// Owns the terminal while the app runs; dropping it restores the terminal.
pub struct Guard {
    pub terminal: Term,
    mode: Mode,
}

impl Guard {
    pub fn new(mode: Mode) -> io::Result<Guard> {
        install_panic_hook();
        enter(mode)?;
        let viewport = match mode {
            Mode::FullScreen => Viewport::Fullscreen,
            Mode::Inline(h) => Viewport::Inline(h),
        };
        let terminal = Terminal::with_options(
            CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, stdout())),
            TerminalOptions { viewport },
        )?;
        Ok(Guard { terminal, mode })
    }

    /// Ctrl-Z: give the terminal back, stop the process, and take it again when resumed.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        #[cfg(unix)]
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        enter(self.mode)?;
        self.terminal.clear()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if self.mode != Mode::FullScreen {
            // Leave the cursor below the inline viewport so the shell prompt comes back clean.
            let _ = self.terminal.show_cursor();
        }
        restore();
    }
}

fn enter(mode: Mode) -> io::Result<()> {
    enable_raw_mode()?;
    if mode == Mode::FullScreen {
        execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    }
    MODE.store(if mode == Mode::FullScreen { 1 } else { 2 }, Ordering::SeqCst);
    Ok(())
}

/// Put the terminal back as it was. Safe to call more than once and from the panic hook.
pub fn restore() {
    match MODE.swap(0, Ordering::SeqCst) {
        0 => {}
        1 => {
            let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen);
            let _ = disable_raw_mode();
            let _ = execute!(stdout(), crossterm::cursor::Show);
        }
        _ => {
            let _ = disable_raw_mode();
            let _ = execute!(stdout(), crossterm::cursor::Show);
        }
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// What waiting on the terminal found.
#[derive(Debug, PartialEq, Eq)]
pub enum Wait {
    Input,
    Timeout,
    /// The terminal has gone away (its window closed, the ssh link dropped), signal or not.
    HungUp,
}

/// Wait up to `timeout` for input on stdin. The event loop waits here rather than in crossterm:
/// once the terminal is gone, crossterm reads end-of-file in a loop inside `event::poll` and never
/// returns (its issue #793), so the hang-up has to be seen before crossterm is asked.
#[cfg(unix)]
pub fn wait_input(timeout: std::time::Duration) -> Wait {
    let mut fd = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
    let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd for the duration of the call.
    match unsafe { libc::poll(&mut fd, 1, ms) } {
        0 => Wait::Timeout,
        n if n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 => Wait::HungUp,
        n if n > 0 => Wait::Input,
        _ => Wait::Timeout, // interrupted by a signal: the loop checks its flags and waits again
    }
}

#[cfg(not(unix))]
pub fn wait_input(timeout: std::time::Duration) -> Wait {
    if crossterm::event::poll(timeout).unwrap_or(false) { Wait::Input } else { Wait::Timeout }
}

/// Set when SIGTERM, SIGHUP or SIGINT arrives; the event loop checks it between polls.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        let _ = signal_hook::flag::register(sig, Arc::clone(&flag));
    }
    flag
}
