//! Embeds every `syllabi/**/*.toml` in the binary, so certtrack works with nothing but itself.

use std::{env, fs, path::Path};

#[path = "src/syllabus/fingerprint.rs"]
mod fingerprint;

fn main() {
    println!("cargo:rerun-if-changed=syllabi");
    let mut files = Vec::new();
    collect(Path::new("syllabi"), &mut files);
    files.sort();
    // (path, exam id, exam code, fingerprint, text): the id and code let the app find an exam
    // without parsing every syllabus at startup (a test checks them against the parsed files); the
    // fingerprint keys the parse cache without hashing the text at every start.
    let mut out = String::from("pub static SHIPPED: &[(&str, &str, &str, u64, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = fs::canonicalize(f).expect("syllabus path");
        let text = fs::read_to_string(f).expect("read syllabus");
        let (id, code) = exam_keys(&text)
            .unwrap_or_else(|| panic!("{}: the [exam] table needs `id = \"…\"` and `code = \"…\"` lines", f.display()));
        out += &format!(
            "    ({:?}, {id:?}, {code:?}, {:#x}, include_str!({:?})),\n",
            f.display().to_string(),
            fingerprint::fingerprint(text.as_bytes()),
            abs.display().to_string()
        );
    }
    out += "];\n";
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("shipped.rs");
    fs::write(dest, out).expect("write shipped.rs");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

/// The `id` and `code` of the `[exam]` table, read line by line (shipped files are ours and tested).
fn exam_keys(text: &str) -> Option<(String, String)> {
    let (mut in_exam, mut id, mut code) = (false, None, None);
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_exam = line == "[exam]";
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| in_exam) else { continue };
        let value = value.trim().strip_prefix('"').and_then(|v| v.split('"').next()).map(str::to_owned);
        match key.trim() {
            "id" => id = value,
            "code" => code = value,
            _ => {}
        }
    }
    Some((id?, code?))
}
