//! Embeds every `syllabi/**/*.toml` in the binary, so certtrack works with nothing but itself.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=syllabi");
    let mut files = Vec::new();
    collect(Path::new("syllabi"), &mut files);
    files.sort();
    let mut out = String::from("pub static SHIPPED: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = fs::canonicalize(f).expect("syllabus path");
        out += &format!("    ({:?}, include_str!({:?})),\n", f.display().to_string(), abs.display().to_string());
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
