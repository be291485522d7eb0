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

/// Check `value` against the subset of JSON Schema our schemas use (type, const, enum, required,
/// properties, additionalProperties: false, items, minimum, maximum). Returns every mismatch.
pub fn schema_errors(schema: &serde_json::Value, value: &serde_json::Value, at: &str) -> Vec<String> {
    use serde_json::Value;
    let mut errors = Vec::new();
    let type_ok = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    };
    match &schema["type"] {
        Value::String(t) if !type_ok(t) => errors.push(format!("{at}: not {t}: {value}")),
        Value::Array(ts) if !ts.iter().any(|t| type_ok(t.as_str().unwrap_or(""))) => {
            errors.push(format!("{at}: none of {ts:?}: {value}"))
        }
        _ => {}
    }
    if let Some(c) = schema.get("const").filter(|c| *c != value) {
        errors.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(e) = schema["enum"].as_array().filter(|e| !e.contains(value)) {
        errors.push(format!("{at}: {value} not in {e:?}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64())
        && n < min
    {
        errors.push(format!("{at}: {n} < {min}"));
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), value.as_f64())
        && n > max
    {
        errors.push(format!("{at}: {n} > {max}"));
    }
    if let Some(obj) = value.as_object() {
        for r in schema["required"].as_array().into_iter().flatten().filter_map(|r| r.as_str()) {
            if !obj.contains_key(r) {
                errors.push(format!("{at}: missing {r}"));
            }
        }
        let props = schema["properties"].as_object();
        for (k, v) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => errors.extend(schema_errors(s, v, &format!("{at}.{k}"))),
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    errors.push(format!("{at}: unexpected {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            errors.extend(schema_errors(items, v, &format!("{at}[{i}]")));
        }
    }
    errors
}

/// A user syllabus whose flashcards hold what broke the old export: a front starting with `#`
/// (a comment line to Anki), one starting with a quote, a tab, markup, newlines, Unicode; as the
/// sample exam (ACB-01).
pub fn hostile_cards_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    let dir = sb.data_dir().join("syllabi");
    std::fs::create_dir_all(&dir).unwrap();
    let cards = r##"
[[flashcard]]
id = "fc-hash"
topic = "least-privilege"
front = "# not a comment"
back = "kept"

[[flashcard]]
id = "fc-quote"
topic = "least-privilege"
front = '"quoted" front'
back = "a lone \" quote	and a tab; a <tag> & an &amp;"

[[flashcard]]
id = "fc-lines"
topic = "private-networks"
front = "Three steps?"
back = """
1. one
2. two
3. three — ünïcödé 日本語"""
"##;
    let text = std::fs::read_to_string(sample_syllabus()).unwrap().replacen(
        "[[question]]",
        &format!("{cards}\n[[question]]"),
        1,
    );
    std::fs::write(dir.join("acme.toml"), text).unwrap();
    sb
}
