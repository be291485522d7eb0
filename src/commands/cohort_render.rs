//! The cohort report as text: a table for the terminal, markdown for a wiki, CSV for a
//! spreadsheet, JSON for scripts. Names, ids and notes are other people's text, so each format
//! escapes them its own way: no cell can become a formula, a new row or markup.

use std::borrow::Cow;

use super::table::Table;
use crate::cli::ReportFormat;
use crate::cohort::{DomainCell, MemberRow, Report};
use crate::text;

/// Table cells wider than this are cut (a member name may be 100 characters).
const MAX_CELL: usize = 48;

pub fn render(r: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Json => text::json(r) + "\n",
        ReportFormat::Csv => csv(r),
        ReportFormat::Table => text_report(r, false),
        ReportFormat::Markdown => text_report(r, true),
    }
}

/// YYYY-MM-DD of a unix time.
fn date(ts: Option<i64>) -> Option<String> {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|d| d.date_naive().to_string())
}

/// One value per column: numbers as numbers (percent 0–100), dates as YYYY-MM-DD, empty where
/// there is no value, and text defused so a spreadsheet never runs it.
fn csv(r: &Report) -> String {
    let num = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
    let mut header = vec!["member", "readiness", "predicted_score", "light", "on_track", "behind_pace"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    for d in &r.domains {
        header.extend([format!("{}_readiness", d.id), format!("{}_light", d.id)]);
    }
    header.extend(["quiz_accuracy", "reviews_done", "last_active", "taken_at", "flags"].map(String::from));
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header.iter().map(|h| text::defuse_formula(h).into_owned()));
    for m in &r.members {
        let mut cells: Vec<Cow<str>> = vec![
            text::defuse_formula(&m.member),
            num(Some(m.readiness)).into(),
            m.predicted_score.map_or(String::new(), |s| s.to_string()).into(),
            m.light.as_str().into(),
            m.on_track.to_string().into(),
            m.behind_pace.to_string().into(),
        ];
        for d in &m.domains {
            cells.extend([num(d.readiness).into(), d.light.map_or("", |l| l.as_str()).into()]);
        }
        cells.extend([
            num(m.quiz_accuracy).into(),
            m.reviews_done.to_string().into(),
            date(m.last_active).unwrap_or_default().into(),
            date(Some(m.taken_at)).unwrap_or_default().into(),
            text::defuse_formula(&m.flags.join("; ")).into_owned().into(),
        ]);
        let _ = w.write_record(cells.iter().map(|c| c.as_bytes()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn header(r: &Report) -> Vec<String> {
    let mut h = vec!["member".to_owned(), "readiness".into(), "score".into(), "light".into()];
    h.extend(r.domains.iter().map(|d| d.id.clone()));
    h.extend(["last active".into(), "behind pace".into(), "flags".into()]);
    h
}

fn cell(d: &DomainCell) -> String {
    match (d.readiness, d.light) {
        (Some(r), Some(l)) => format!("{r:.0}% {}", l.as_str()),
        _ => "-".into(),
    }
}

/// A member's row for people: readiness and light together, as the app shows them.
fn cells(m: &MemberRow) -> Vec<String> {
    let mut c = vec![
        m.member.clone(),
        format!("{:.0}%", m.readiness),
        m.predicted_score.map_or("-".into(), |s| s.to_string()),
        m.light.as_str().to_owned(),
    ];
    c.extend(m.domains.iter().map(cell));
    c.extend([
        date(m.last_active).unwrap_or_else(|| "never".into()),
        if m.behind_pace { "yes".into() } else { "no".into() },
        m.flags.join("; "),
    ]);
    c
}

/// Markdown text on one line that renders as itself: no row breaks, no column breaks, no HTML.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in text::one_line(s).chars() {
        match c {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' => out.extend(['\\', c]),
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '&' => out += "&amp;",
            c => out.push(c),
        }
    }
    out
}

fn matrix_markdown(r: &Report) -> String {
    let head = header(r);
    let mut o =
        format!("| {} |\n|{}\n", head.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | "), "---|".repeat(head.len()));
    for m in &r.members {
        let escaped: Vec<String> = cells(m).iter().map(|c| md(c)).collect();
        o += &format!("| {} |\n", escaped.join(" | "));
    }
    o
}

fn matrix_table(r: &Report) -> String {
    let mut t = Table::new(&header(r).iter().map(String::as_str).collect::<Vec<_>>()).max_width(MAX_CELL);
    for m in &r.members {
        t.row(cells(m));
    }
    t.render()
}

fn text_report(r: &Report, markdown: bool) -> String {
    let esc = |s: &str| if markdown { md(s) } else { text::one_line(s) };
    let version = r.syllabus_version.map_or(String::new(), |v| format!(" v{v}"));
    let date = r.exam_date.map_or("no exam date".into(), |d| format!("exam {d}"));
    let mut o = if markdown { format!("# {}\n\n", md(&r.cohort)) } else { format!("Cohort: {}\n", esc(&r.cohort)) };
    o += &format!("{}{version} · {date} · {} member(s)\n\n", esc(&r.exam_id), r.members.len());
    o += &if markdown { matrix_markdown(r) } else { matrix_table(r) };
    let bullet = if markdown { "- " } else { "  " };
    let section = |title: &str| if markdown { format!("\n## {title}\n\n") } else { format!("\n{title}:\n") };
    let list = |lines: Vec<String>| lines.iter().map(|l| format!("{bullet}{}\n", esc(l))).collect::<String>();
    o += &section("Weakest domains (where a group session helps most)");
    o += &list(r.weakest_domains.iter().take(3).map(ToString::to_string).collect());
    o += &section("Weakest topics");
    o += &list(r.weakest_topics.iter().map(ToString::to_string).collect());
    o += &section("Behind pace");
    o += &if r.behind_pace.is_empty() {
        format!("{bullet}nobody\n")
    } else {
        list(r.behind_pace.iter().map(ToString::to_string).collect())
    };
    o += &section("Certifications and results (members who share them)");
    o += &match &r.outcomes {
        Some(s) => list(s.lines()),
        None => format!("{bullet}nobody shares them (cohort snapshot --with-results)\n"),
    };
    if !r.notes.is_empty() {
        o += &section("Notes");
        o += &list(r.notes.clone());
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{Behind, DomainMean, DomainName, TopicNeed};
    use crate::study::Light;

    const NOW: i64 = 1_790_000_000;

    fn member(name: &str) -> MemberRow {
        MemberRow {
            member: name.into(),
            readiness: 87.5,
            predicted_score: Some(700),
            light: Light::Amber,
            on_track: false,
            behind_pace: true,
            domains: vec![
                DomainCell { id: "d1".into(), readiness: Some(70.0), light: Some(Light::Amber) },
                DomainCell { id: "d2".into(), readiness: None, light: None },
            ],
            quiz_accuracy: Some(92.3),
            reviews_done: 12,
            last_active: Some(NOW),
            taken_at: NOW,
            flags: vec!["stale: taken 20 days ago".into()],
        }
    }

    fn report(names: &[&str]) -> Report {
        Report {
            cohort: "Platform".into(),
            exam_id: "acme".into(),
            syllabus_version: Some(1),
            exam_date: None,
            domains: vec![
                DomainName { id: "d1".into(), name: "Identity".into() },
                DomainName { id: "d2".into(), name: "Networks".into() },
            ],
            members: names.iter().map(|n| member(n)).collect(),
            weakest_domains: vec![DomainMean { id: "d1".into(), name: "Identity".into(), mean_readiness: 70.0 }],
            weakest_topics: vec![TopicNeed { id: "t1".into(), not_done: 2, red: 1 }],
            behind_pace: names
                .iter()
                .map(|n| Behind { member: (*n).into(), reason: "has not started".into() })
                .collect(),
            notes: vec![],
            outcomes: None,
        }
    }

    const HOSTILE: [&str; 7] = [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1",
        "ana\n| mallory | 100% |",
        "<img src=x onerror=alert(1)>",
    ];

    #[test]
    fn csv_has_one_value_per_column_and_no_cell_a_spreadsheet_would_run() {
        let mut r = report(&HOSTILE);
        r.domains[0].id = "=d1".into();
        let out = render(&r, ReportFormat::Csv);
        let mut rd = ::csv::Reader::from_reader(out.as_bytes());
        let head: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            head.join(","),
            "member,readiness,predicted_score,light,on_track,behind_pace,'=d1_readiness,'=d1_light,\
             d2_readiness,d2_light,quiz_accuracy,reviews_done,last_active,taken_at,flags"
        );
        let rows: Vec<::csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), HOSTILE.len(), "a newline in a name is a quoted value, not a row");
        for (row, name) in rows.iter().zip(HOSTILE) {
            assert_eq!(row.len(), head.len());
            let formula = name.starts_with(['=', '+', '-', '@', '\t']);
            assert_eq!(&row[0], if formula { format!("'{name}") } else { name.to_owned() });
        }
        assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://evil.example\",\"click\")");
        let first: Vec<&str> = rows[0].iter().skip(1).collect();
        assert_eq!(
            first,
            [
                "87.5",
                "700",
                "amber",
                "false",
                "true",
                "70",
                "amber",
                "",
                "",
                "92.3",
                "12",
                "2026-09-21",
                "2026-09-21",
                "stale: taken 20 days ago"
            ]
        );
    }

    #[test]
    fn markdown_keeps_every_member_on_its_own_row_with_no_markup() {
        let out = render(&report(&HOSTILE), ReportFormat::Markdown);
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 2 + HOSTILE.len(), "{out}");
        // Nine columns: ten column breaks on every row, whatever the names hold.
        for row in &rows {
            let breaks = row.char_indices().filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\')).count();
            assert_eq!(breaks, 10, "{row}");
        }
        assert!(!out.contains('<') && !out.contains('>'), "{out}");
        assert!(out.contains("| ana \\| mallory \\| 100% \\| | 88% |"), "{out}");
        assert!(out.contains("- &lt;img src=x onerror=alert(1)&gt;: has not started"), "{out}");
    }

    #[test]
    fn the_table_keeps_each_member_on_one_line_aligned_by_display_width() {
        let long = "x".repeat(100);
        let out = render(&report(&["東京 太郎", "ana\nmallory", &long]), ReportFormat::Table);
        let matrix: Vec<&str> = out.lines().skip(3).take(4).collect();
        assert!(matrix[0].starts_with("member ") && matrix[2].starts_with("ana mallory "), "{out}");
        // The readiness column starts at the same terminal column on every row.
        let col = |l: &str| text::width(&l[..l.find("88%").or_else(|| l.find("readiness")).unwrap()]);
        assert!(matrix.iter().all(|l| col(l) == col(matrix[0])), "{out}");
        assert!(matrix[3].starts_with(&format!("{}… ", "x".repeat(MAX_CELL - 1))), "{out}");
    }

    #[test]
    fn json_uses_named_fields() {
        let v: serde_json::Value = serde_json::from_str(&render(&report(&["ana"]), ReportFormat::Json)).unwrap();
        let m = &v["members"][0];
        assert_eq!((m["domains"][0]["id"].as_str(), m["domains"][0]["light"].as_str()), (Some("d1"), Some("amber")));
        assert!(m["domains"][1]["readiness"].is_null());
        assert_eq!(m["quiz_accuracy"], 92.3);
        assert_eq!(v["weakest_domains"][0]["mean_readiness"], 70.0);
        assert_eq!(v["weakest_topics"][0]["not_done"], 2);
        assert_eq!(v["behind_pace"][0]["member"], "ana");
    }
}
