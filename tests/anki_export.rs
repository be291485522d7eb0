//! The Anki export, checked two ways: by Anki's documented text-import rules (file headers, tab
//! separator, CSV quoting), always; and with Anki's own importer (PyPI `anki`) when it is
//! installed — CI installs it and sets CERTTRACK_REQUIRE_ANKI=1, so there it cannot be skipped.

mod common;

use std::process::Command;

use common::{Sandbox, stderr};

fn hostile_sandbox() -> Sandbox {
    common::hostile_cards_sandbox()
}

/// Anki's rules: `#key:value` header lines first, then records separated by tabs, fields
/// quoted with `"` (a quote inside doubled) when they hold a tab, newline or quote.
fn parse(file: &str) -> (Vec<(String, String)>, Vec<Vec<String>>) {
    let mut headers = Vec::new();
    let mut body = String::new();
    let mut in_head = true;
    for line in file.split_inclusive('\n') {
        match line.strip_prefix('#').and_then(|l| l.trim_end().split_once(':')) {
            Some((k, v)) if in_head => headers.push((k.to_owned(), v.to_owned())),
            _ => {
                in_head = false;
                body.push_str(line);
            }
        }
    }
    let mut r = csv::ReaderBuilder::new().delimiter(b'\t').has_headers(false).from_reader(body.as_bytes());
    let rows = r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect();
    (headers, rows)
}

#[test]
fn the_export_follows_ankis_text_import_rules() {
    let sb = hostile_sandbox();
    let file = sb.ok(&["export", "--format", "anki", "--exam", "ACB-01"]);
    let (headers, rows) = parse(&file);
    let h = |k: &str| headers.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    assert_eq!(
        (h("separator"), h("html"), h("guid column"), h("tags column")),
        (Some("tab"), Some("false"), Some("1"), Some("4"))
    );
    assert_eq!((h("deck"), h("notetype")), (Some("certtrack::ACB-01"), Some("Basic")));
    assert_eq!(rows.len(), 4, "every flashcard is a note: {rows:?}");
    let find = |id: &str| rows.iter().find(|r| r[0] == format!("certtrack:acme-cloud-basics/{id}")).unwrap();
    assert_eq!(find("fc-hash")[1], "# not a comment");
    assert_eq!(find("fc-quote")[1], "\"quoted\" front");
    assert_eq!(find("fc-quote")[2], "a lone \" quote\tand a tab; a <tag> & an &amp;");
    assert_eq!(find("fc-lines")[2], "1. one\n2. two\n3. three — ünïcödé 日本語");
    assert!(find("fc-lines")[3].split(' ').any(|t| t == "certtrack::acme-cloud-basics::private-networks"));
    assert!(rows.iter().all(|r| r.len() == 4 && !r[3].is_empty()));
    let with_questions = sb.ok(&["export", "--format", "anki", "--exam", "ACB-01", "--questions"]);
    let (_, rows) = parse(&with_questions);
    let q = rows.iter().find(|r| r[0].ends_with("/q-private-networks-1")).expect("questions exported");
    assert!(q[1].contains("\nA) ") && q[2].starts_with("Answer: A, B"), "{q:?}");
    let no_exam = sb.run(&["export", "--format", "anki"]);
    assert_eq!(no_exam.status.code(), Some(1));
    assert!(stderr(&no_exam).contains("--exam"));
}

/// Import files into one Anki collection with Anki's own importer; returns what it printed.
fn anki_import(files: &[&std::path::Path]) -> Option<String> {
    let have = Command::new("python3").args(["-c", "import anki"]).output().is_ok_and(|o| o.status.success());
    if !have {
        assert!(std::env::var_os("CERTTRACK_REQUIRE_ANKI").is_none(), "CI installs the anki wheel: it must be there");
        eprintln!("note: PyPI `anki` not installed; only Anki's documented rules were checked");
        return None;
    }
    let script = r#"
import os, sys, tempfile
from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest
col = Collection(os.path.join(tempfile.mkdtemp(), "c.anki2"))
for path in sys.argv[1:]:
    meta = col.get_csv_metadata(path=path, delimiter=None)
    log = col.import_csv(ImportCsvRequest(path=path, metadata=meta)).log
    print("import", len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting))
for nid in sorted(col.find_notes("")):
    n = col.get_note(nid)
    deck = col.decks.name(col.get_card(n.card_ids()[0]).did)
    print("note", repr(n.guid), repr(n.fields[0]), repr(n.fields[1]), deck)
"#;
    let out = Command::new("python3").arg("-c").arg(script).args(files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn ankis_own_importer_keeps_every_card_of_two_exams_and_reimports_without_duplicates() {
    let sb = hostile_sandbox();
    let (saa, soa, acme) = (sb.path().join("saa.txt"), sb.path().join("soa.txt"), sb.path().join("acme.txt"));
    sb.ok(&["export", "--format", "anki", "--exam", "SAA-C03", "--out", saa.to_str().unwrap()]);
    sb.ok(&["export", "--format", "anki", "--exam", "SOA-C03", "--out", soa.to_str().unwrap()]);
    sb.ok(&["export", "--format", "anki", "--exam", "ACB-01", "--out", acme.to_str().unwrap()]);
    let count = |p: &std::path::Path| parse(&std::fs::read_to_string(p).unwrap()).1.len();
    let Some(out) = anki_import(&[&saa, &soa, &saa, &acme]) else { return };
    let imports: Vec<Vec<usize>> = out
        .lines()
        .filter_map(|l| l.strip_prefix("import "))
        .map(|l| l.split(' ').map(|n| n.parse().unwrap()).collect())
        .collect();
    assert_eq!(imports[0][0], count(&saa), "every SAA-C03 card is new");
    assert_eq!(imports[1][0], count(&soa), "SOA-C03 overwrote nothing of SAA-C03: {out}");
    assert_eq!((imports[2][0], imports[2][1]), (0, 0), "re-importing SAA-C03 adds and changes nothing: {out}");
    let notes: Vec<&str> = out.lines().filter(|l| l.starts_with("note ")).collect();
    assert_eq!(notes.len(), count(&saa) + count(&soa) + count(&acme));
    assert!(notes.iter().any(|n| n.contains("'# not a comment'") && n.ends_with("certtrack::ACB-01")), "{out}");
    assert!(notes.iter().any(|n| n.contains("1. one<br>2. two<br>3. three — ünïcödé 日本語")), "{out}");
    assert!(notes.iter().any(|n| n.contains("&quot;quoted&quot; front")), "{out}");
}
