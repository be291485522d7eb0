//! After the exam, through the real binary: results recorded beside the prediction kept the day
//! before, two attempts (a fail, then a pass), certifications earned with each vendor's expiry,
//! AWS's higher exam renewing the active ones below, Microsoft's renewal window, an expiry set
//! by hand, and the usage errors a result that cannot be right gets.

mod common;

use common::{Sandbox, stderr, stdout};

/// 2026-12-02 10:00 UTC.
const NOW: i64 = 1_796_205_600;
const DAY: i64 = 86_400;

fn at(sb: &Sandbox, now: i64, args: &[&str]) -> std::process::Output {
    sb.cmd().env("CERTTRACK_NOW", now.to_string()).env("TZ", "UTC").args(args).output().unwrap()
}

fn ok_at(sb: &Sandbox, now: i64, args: &[&str]) -> String {
    let out = at(sb, now, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    ok_at(sb, NOW, args)
}

fn certs(sb: &Sandbox) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&ok(sb, &["certs", "--json"])).unwrap();
    v["certifications"].as_array().unwrap().clone()
}

fn expiry_of(sb: &Sandbox, exam: &str) -> serde_json::Value {
    certs(sb).into_iter().find(|c| c["exam_id"] == exam).map_or(serde_json::Value::Null, |c| c["expires_on"].clone())
}

#[test]
fn a_fail_then_a_pass_are_both_kept_each_beside_the_prediction_of_the_day_before() {
    let sb = Sandbox::new();
    ok(&sb, &["follow", "SAA-C03"]);
    // Readiness shown on 2026-11-19 (twice: one prediction a day) and on 2026-11-29.
    let nov19 = NOW - 13 * DAY;
    ok_at(&sb, nov19, &["status"]);
    ok_at(&sb, nov19 + 3600, &["status"]);
    ok_at(&sb, NOW - 3 * DAY, &["status"]);
    let fail = ok(
        &sb,
        &["exam", "result", "SAA-C03", "--date", "2026-11-20", "--score", "650", "--domain", "d1=Needs improvement"],
    );
    assert!(fail.contains("SAA-C03 sat 2026-11-20: 650 FAIL"), "{fail}");
    assert!(fail.contains("prediction of 2026-11-19: predicted"), "the day before the sitting: {fail}");
    assert!(fail.contains("Needs improvement"), "{fail}");
    assert!(!fail.contains("Certification"), "a fail earns nothing: {fail}");
    let pass = ok(&sb, &["exam", "result", "SAA-C03", "--date", "2026-12-01", "--score", "780"]);
    assert!(pass.contains("prediction of 2026-11-29"), "the newest before the sitting: {pass}");
    assert!(pass.contains("valid until 2029-12-01"), "AWS: three years: {pass}");

    let stats: serde_json::Value = serde_json::from_str(&ok(&sb, &["stats", "--json"])).unwrap();
    let attempts = stats["attempts"].as_array().unwrap();
    let seen: Vec<(&str, bool)> =
        attempts.iter().map(|a| (a["sat_on"].as_str().unwrap(), a["passed"].as_bool().unwrap())).collect();
    assert_eq!(seen, [("2026-11-20", false), ("2026-12-01", true)]);
    assert_eq!(attempts[0]["predicted"]["day"], "2026-11-19");
    assert_eq!(stats["calibration"]["pass_calls"], 2);
    let text = ok(&sb, &["stats"]);
    assert!(text.contains("1 of 2 attempt(s) passed") && text.contains("Pass/fail called right"), "{text}");
}

#[test]
fn a_result_without_a_prediction_says_so() {
    let sb = Sandbox::new();
    let out = ok(&sb, &["exam", "result", "AZ-104", "--date", "2026-11-30", "--score", "820"]);
    assert!(out.contains("no prediction was kept"), "{out}");
}

#[test]
fn each_vendor_sets_its_expiry_and_fundamentals_never_expire() {
    let sb = Sandbox::new();
    ok(&sb, &["exam", "result", "AZ-900", "--date", "2026-01-15", "--score", "800"]);
    ok(&sb, &["exam", "result", "AZ-104", "--date", "2026-03-10", "--score", "800"]);
    ok(&sb, &["exam", "result", "GCP-PCA", "--date", "2026-02-01", "--passed"]);
    ok(&sb, &["exam", "result", "GCP-ACE", "--date", "2026-02-01", "--passed"]);
    assert_eq!(expiry_of(&sb, "az-900"), serde_json::Value::Null, "Fundamentals never expire");
    assert_eq!(expiry_of(&sb, "az-104"), "2027-03-10");
    assert_eq!(expiry_of(&sb, "gcp-pca"), "2028-02-01");
    assert_eq!(expiry_of(&sb, "gcp-ace"), "2029-02-01");
    let text = ok(&sb, &["certs"]);
    assert!(text.contains("never") && text.contains("held (never expires)"), "{text}");
}

#[test]
fn a_professional_renews_the_active_associate_below_it_but_not_a_lapsed_one() {
    let sb = Sandbox::new();
    ok(&sb, &["exam", "result", "CLF-C02", "--date", "2021-06-01", "--score", "800"]);
    ok(&sb, &["exam", "result", "SAA-C03", "--date", "2025-01-10", "--score", "800"]);
    ok(&sb, &["exam", "result", "DVA-C03", "--date", "2025-02-10", "--score", "800"]);
    let out = ok(&sb, &["exam", "result", "SAP-C03", "--date", "2026-11-30", "--score", "800"]);
    assert!(out.contains("Also renewed SAA-C03 (renewed by passing SAP-C03): now valid until 2029-11-30"), "{out}");
    assert_eq!(expiry_of(&sb, "aws-saa-c03"), "2029-11-30");
    assert_eq!(expiry_of(&sb, "aws-sap-c03"), "2029-11-30");
    assert_eq!(expiry_of(&sb, "aws-dva-c03"), "2028-02-10", "SAP does not renew Developer");
    assert_eq!(expiry_of(&sb, "aws-clf-c02"), "2024-06-01", "lapsed before the passes: it does not come back");
    assert!(ok(&sb, &["certs"]).contains("lapsed"));
}

#[test]
fn microsoft_renewal_opens_six_months_before_and_adds_a_year_to_the_expiry() {
    let sb = Sandbox::new();
    ok(&sb, &["exam", "result", "AZ-104", "--date", "2026-08-01", "--score", "800"]);
    let early = at(&sb, NOW, &["certs", "renew", "AZ-104", "--date", "2026-12-01"]);
    assert_eq!(early.status.code(), Some(1));
    assert!(stderr(&early).contains("window opens on 2027-02-02"), "{}", stderr(&early));
    // On 2027-02-10 the window is open: the dashboard's and status's renewal line.
    let feb10 = NOW + 70 * DAY;
    assert!(ok_at(&sb, feb10, &["status"]).contains("Renew AZ-104: renew now: window open, 172 days left"));
    ok_at(&sb, feb10, &["certs", "renew", "AZ-104", "--date", "2027-02-10"]);
    assert_eq!(expiry_of(&sb, "az-104"), "2028-08-01", "a year added to the expiry, not to the day");
}

#[test]
fn an_expiry_set_from_the_transcript_wins_and_a_renewal_can_be_planned_as_a_goal() {
    let sb = Sandbox::new();
    let none_yet = at(&sb, NOW, &["certs", "set-expiry", "SAA-C03", "2027-05-01"]);
    assert!(stderr(&none_yet).contains("--earned"), "{}", stderr(&none_yet));
    ok(&sb, &["certs", "set-expiry", "SAA-C03", "2027-05-01", "--earned", "2024-05-01"]);
    let c = certs(&sb).into_iter().find(|c| c["exam_id"] == "aws-saa-c03").unwrap();
    assert_eq!((c["expires_on"].as_str(), c["expiry_set_by_learner"].as_bool()), (Some("2027-05-01"), Some(true)));
    assert!(ok(&sb, &["certs"]).contains("expiry set by you"));
    let late = at(&sb, NOW, &["certs", "plan", "SAA-C03", "2027-06-01"]);
    assert!(stderr(&late).contains("after the expiry"), "{}", stderr(&late));
    ok(&sb, &["certs", "plan", "SAA-C03", "2027-04-01"]);
    let status: serde_json::Value = serde_json::from_str(&ok(&sb, &["status", "--json"])).unwrap();
    assert_eq!(status["exams"][0]["exam_date"], "2027-04-01", "the renewal is a goal like an exam");
}

#[test]
fn results_that_cannot_be_right_are_usage_errors() {
    let sb = Sandbox::new();
    let cases: &[(&[&str], &str)] = &[
        (&["--date", "2026-12-03", "--score", "800"], "in the future"),
        (&["--date", "2026-11-03", "--score", "1001"], "scored 100–1000"),
        (&["--date", "2026-11-03", "--score", "800", "--domain", "d9=meets"], "no domain `d9`"),
        (&["--date", "2026-11-03", "--score", "800", "--failed"], "at or above SAA-C03's pass mark of 720"),
        (&["--date", "2026-11-03", "--score", "600", "--passed"], "below"),
        (&["--date", "2026-11-03", "--score", "800", "--domain", "d1"], "ID=VERDICT"),
        (&["--date", "03/11/2026", "--score", "800"], "YYYY-MM-DD"),
        (&["--date", "2026-11-03", "--passed", "--failed"], "cannot be used with"),
        (&["--date", "2026-11-03", "--score", "800", "--domain", "d1=meets", "--domain", "d1=x"], "twice"),
    ];
    for (args, says) in cases {
        let mut full = vec!["exam", "result", "SAA-C03"];
        full.extend_from_slice(args);
        let out = at(&sb, NOW, &full);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let google = at(&sb, NOW, &["exam", "result", "GCP-ACE", "--date", "2026-11-03", "--score", "80"]);
    assert_eq!(google.status.code(), Some(2));
    assert!(stderr(&google).contains("pass or fail only"));
    let undecided = at(&sb, NOW, &["exam", "result", "GCP-ACE", "--date", "2026-11-03"]);
    assert!(stderr(&undecided).contains("--passed or --failed"), "{}", stderr(&undecided));
    assert!(ok(&sb, &["stats"]).contains("No exam results yet"), "nothing was recorded");
}

#[test]
fn the_same_sitting_entered_twice_is_refused_and_counted_once() {
    let sb = Sandbox::new();
    let args = ["exam", "result", "SAA-C03", "--date", "2026-11-30", "--score", "760"];
    assert_eq!(at(&sb, NOW, &args).status.code(), Some(0));
    let again = at(&sb, NOW, &args);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("sat on 2026-11-30 is already recorded"), "{}", stderr(&again));
    let stats = ok(&sb, &["stats"]);
    assert_eq!(stats.matches("2026-11-30").count(), 1, "one attempt:\n{stats}");
}

#[test]
fn a_cohort_report_carries_certifications_and_results_only_from_members_who_share_them() {
    let lead = Sandbox::new();
    let cohort = lead.path().join("team.toml");
    let c = cohort.to_str().unwrap();
    ok(&lead, &["cohort", "init", "--out", c, "--name", "Platform", "--syllabus", "aws-saa-c03"]);
    let snaps = lead.path().join("snaps");
    std::fs::create_dir(&snaps).unwrap();
    for (member, share) in [("ana", true), ("ben", false)] {
        let sb = Sandbox::new();
        ok(&sb, &["cohort", "join", c]);
        ok(&sb, &["exam", "result", "SAA-C03", "--date", "2026-11-20", "--score", "800"]);
        let out = snaps.join(format!("{member}.json"));
        let mut args = vec!["cohort", "snapshot", "--cohort", c, "--member", member, "--out", out.to_str().unwrap()];
        if share {
            args.push("--with-results");
        }
        ok(&sb, &args);
        let snap: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(snap.get("outcomes").is_some(), share, "{member}: shared only by consent");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&lead, &["cohort", "report", snaps.to_str().unwrap(), "--format", "json"])).unwrap();
    let o = &json["outcomes"];
    assert_eq!((o["members_sharing"].as_u64(), o["attempts"].as_u64()), (Some(1), Some(1)));
    assert_eq!(o["certified"][0]["exam_id"], "aws-saa-c03");
    let text = ok(&lead, &["cohort", "report", snaps.to_str().unwrap()]);
    assert!(text.contains("Certified (active): aws-saa-c03 1"), "{text}");
    assert!(text.contains("pass rate 100%"), "{text}");
}

#[test]
fn a_later_pass_replaces_an_expiry_set_by_hand_when_it_gives_a_later_one() {
    let sb = Sandbox::new();
    ok(&sb, &["certs", "set-expiry", "SAA-C03", "2027-05-01", "--earned", "2024-05-01"]);
    ok(&sb, &["exam", "result", "SAA-C03", "--date", "2026-11-30", "--score", "800"]);
    let c = certs(&sb).into_iter().find(|c| c["exam_id"] == "aws-saa-c03").unwrap();
    assert_eq!(c["expires_on"], "2029-11-30");
    assert_eq!((c["earned_on"].as_str(), c["expiry_set_by_learner"].as_bool()), (Some("2024-05-01"), Some(false)));
    let stats: serde_json::Value = serde_json::from_str(&ok(&sb, &["stats", "--json"])).unwrap();
    assert_eq!(stats["attempts"].as_array().unwrap().len(), 1);
}

#[test]
fn results_certifications_renewals_and_predictions_are_exported_and_match_the_schema() {
    let sb = Sandbox::new();
    ok(&sb, &["follow", "AZ-104"]);
    ok_at(&sb, NOW - 2 * DAY, &["status"]);
    ok(&sb, &["exam", "result", "AZ-104", "--date", "2026-11-30", "--score", "640", "--domain", "d1=weak"]);
    ok(&sb, &["exam", "result", "AZ-104", "--date", "2026-12-01", "--score", "800"]);
    let doc: serde_json::Value = serde_json::from_str(&ok(&sb, &["export"])).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 2);
    assert_eq!(doc["certifications"][0]["expires_on"], "2027-12-01");
    assert_eq!(doc["predictions"][0]["day"], "2026-11-30");
    assert!(doc["results"][0]["predicted"].is_null(), "no prediction before the first day shown");
    assert!(doc["results"][1]["predicted"].as_str().unwrap().contains("2026-11-30"));
    let schema: serde_json::Value = serde_json::from_str(&ok(&sb, &["export", "--schema"])).unwrap();
    let errors = common::schema_errors(&schema, &doc, "$");
    assert!(errors.is_empty(), "{errors:#?}");
    let dir = sb.path().join("csv");
    ok(&sb, &["export", "--format", "csv", "--out", dir.to_str().unwrap()]);
    let results = std::fs::read_to_string(dir.join("results.csv")).unwrap();
    assert!(results.starts_with("id,exam_id,sat_on,score,passed,domains,predicted,recorded_at\n"), "{results}");
    assert_eq!(results.lines().count(), 3);
    assert!(dir.join("renewals.csv").exists() && dir.join("predictions.csv").exists());
}
