//! Terminal setup and restore in one place: raw mode, alternate screen (or an inline viewport),
//! mouse capture. Restored on drop, on panic, and on SIGTERM/SIGHUP (through the event loop, or
//! a watchdog when the loop is stuck waiting on the database). Ctrl-Z and an outside SIGTSTP
//! suspend properly: restore, stop, set up again on resume. An inline viewport is cleared on
//! exit, so the quick quiz leaves only its one-line summary in the scrollback.

use std::io::{self, BufWriter, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
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
    pub terminal: std::mem::ManuallyDrop<Term>,
    mode: Mode,
    /// The terminal went away: nothing can be written to it any more.
    pub hung_up: bool,
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
        Ok(Guard { terminal: std::mem::ManuallyDrop::new(terminal), mode, hung_up: false })
    }

    /// Ctrl-Z or SIGTSTP: give the terminal back, stop the process as the default action would,
    /// and take the terminal again (raw mode, screen, mouse) when resumed.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        #[cfg(unix)]
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        enter(self.mode)?;
        self.terminal.clear()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if self.hung_up {
            // Writing to a closed terminal fails, and ratatui's own drop then reports the failure
            // on the same closed terminal, which panics. There is nothing left to restore.
            MODE.store(0, Ordering::SeqCst);
            return;
        }
        if self.mode != Mode::FullScreen {
            // Wipe the viewport and leave the cursor at its top: the summary goes there.
            let top = self.terminal.get_frame().area().as_position();
            let _ = self.terminal.set_cursor_position(top);
            let backend = self.terminal.backend_mut();
            let _ = backend.clear_region(ClearType::AfterCursor);
            let _ = Backend::flush(backend);
        }
        // SAFETY: dropped once, here; the field is never used after.
        unsafe { std::mem::ManuallyDrop::drop(&mut self.terminal) };
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

/// `restore` for a thread that must not wait: the main thread may hold stdout's lock for ever
/// (main.rs locks it for the whole run), so the sequences go straight to the descriptor.
#[cfg(unix)]
fn restore_from_any_thread() {
    if MODE.swap(0, Ordering::SeqCst) == 0 {
        return;
    }
    // Mouse reporting off, the main screen back, the cursor shown.
    let seq = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";
    // SAFETY: a plain write of a static buffer to the terminal's descriptor.
    unsafe { libc::write(libc::STDOUT_FILENO, seq.as_ptr().cast(), seq.len()) };
    let _ = disable_raw_mode();
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

/// Signals the event loop acts on between polls.
pub struct Signals {
    /// SIGTERM, SIGHUP or SIGINT: leave.
    pub stop: Arc<AtomicBool>,
    /// SIGTSTP from outside (Ctrl-Z itself is a key in raw mode): suspend.
    pub suspend: Arc<AtomicBool>,
}

/// How long the loop may take to leave after SIGTERM before the watchdog restores the terminal
/// and exits: it can be stuck waiting up to 10 s for another process's database lock. Exiting
/// there loses nothing committed (SQLite survives a kill at any point).
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

pub fn signals() -> Signals {
    let (stop, suspend) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
        }
        let _ = signal_hook::flag::register(SIGTSTP, Arc::clone(&suspend));
        if let Ok(mut waiting) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                if let Some(sig) = waiting.forever().next() {
                    std::thread::sleep(STOP_GRACE);
                    restore_from_any_thread();
                    // SAFETY: ends the process at once; nothing of Rust's runs after it.
                    unsafe { libc::_exit(128 + sig) };
                }
            });
        }
    }
    Signals { stop, suspend }
}
