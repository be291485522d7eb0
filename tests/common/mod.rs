//! Shared helpers for tests that run the real binary.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A throwaway home for one test: its own data dir and database, never the user's.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("tempdir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.path().join("study.db")
    }

    pub fn config(&self) -> PathBuf {
        self.path().join("config.toml")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.path().join("data")
    }

    /// The binary with this sandbox's data dir and database, and no colour.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_certtrack"));
        c.env("CERTTRACK_DATA_DIR", self.data_dir())
            .env("CERTTRACK_DB", self.db())
            .env("CERTTRACK_CONFIG", self.config())
            .env("NO_COLOR", "1");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run certtrack")
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "certtrack {args:?} failed: {}\n{}", stderr(&out), stdout(&out));
        stdout(&out)
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn sample_syllabus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-syllabus.toml")
}
