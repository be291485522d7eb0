//! docs/data.md describes the database this binary has: its schema version and every table.

use std::collections::BTreeSet;

#[test]
fn data_md_names_the_binarys_schema_version_and_every_table() {
    let doc = include_str!("../docs/data.md");
    let schema = include_str!("../src/store/schema.rs");
    let version = certtrack::tracker::latest_schema();
    assert!(doc.contains(&format!("## Schema (version {version})")), "docs/data.md must describe schema {version}");
    let tables: BTreeSet<&str> =
        schema.split("CREATE TABLE ").skip(1).filter_map(|rest| rest.split_whitespace().next()).collect();
    assert!(tables.len() >= 16, "{tables:?}");
    let section = &doc[doc.find("## Schema").unwrap()..];
    for t in tables {
        assert!(section.contains(&format!("| `{t}` |")), "docs/data.md's schema table lacks `{t}`");
    }
}
