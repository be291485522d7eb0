//! Drive the real binary in a pseudo-terminal and read its screen through a vt100 model.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

pub struct Pty {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Writer,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Option<Box<dyn MasterPty + Send>>,
}

impl Pty {
    pub fn spawn(args: &[&str], env: &[(&str, String)], rows: u16, cols: u16) -> Pty {
        Pty::spawn_program(env!("CARGO_BIN_EXE_certtrack"), args, env, rows, cols)
    }

    pub fn spawn_program(program: &str, args: &[&str], env: &[(&str, String)], rows: u16, cols: u16) -> Pty {
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().expect("rows"),
            cols.try_into().expect("cols"),
            200,
        )));
        let (p, w) = (Arc::clone(&parser), Arc::clone(&writer));
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut parser = p.lock().unwrap();
                parser.process(&buf[..n]);
                // A real terminal answers "where is the cursor?" (DSR); the inline viewport asks.
                if buf[..n].windows(4).any(|x| x == b"\x1b[6n") {
                    let (row, col) = parser.screen().cursor_position();
                    let _ = write!(w.lock().unwrap(), "\x1b[{};{}R", row + 1, col + 1);
                }
            }
        });
        Pty { parser, writer, child, master: Some(pair.master) }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait until the screen contains `text`; panics with the screen after `secs`.
    pub fn wait_for(&self, text: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    /// Send keys as bytes, pausing so each is read as its own event (a lone ESC needs that).
    pub fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
        drop(w);
        thread::sleep(Duration::from_millis(60));
    }

    pub fn key(&mut self, k: &str, then_wait_for: &str) {
        self.send(k);
        self.wait_for(then_wait_for, 10);
    }

    /// Wait for the process to end; the exit code, or None after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> Option<u32> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                thread::sleep(Duration::from_millis(100)); // let the reader drain the last bytes
                return Some(status.exit_code());
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Left the alternate screen, cursor shown, mouse capture off: the terminal is restored.
    pub fn restored(&self) -> bool {
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        !s.alternate_screen() && !s.hide_cursor() && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    }
}

pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
