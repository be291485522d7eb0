//! Large syllabi made up on the spot, valid or broken, for benchmarks and for tests of hostile sizes.

use std::fmt::Write as _;

/// A valid syllabus with `domains` domains, `topics` topics and `questions` questions (one
/// flashcard per topic), as TOML text.
pub fn syllabus(id: &str, domains: usize, topics: usize, questions: usize) -> String {
    let domains = domains.clamp(1, 20);
    let mut s = format!(
        "format = 1\n[exam]\nid = \"{id}\"\nprovider = \"other\"\ncode = \"{}\"\nname = \"Synthetic {id}\"\nversion = 1\n\
         guide = \"generated\"\nduration_minutes = 120\nquestion_count = 65\npass_mark = 720\nscale = [100, 1000]\n\
         question_types = [\"multiple-choice\"]\nsource = \"https://example.com/{id}\"\n",
        id.to_uppercase()
    );
    let base = 100 / domains;
    for d in 0..domains {
        let w = if d == 0 { 100 - base * (domains - 1) } else { base };
        let _ = write!(s, "[[domain]]\nid = \"d{d}\"\nname = \"Domain {d}\"\nweight = {w}\n");
    }
    for t in 0..topics {
        let _ = write!(
            s,
            "[[topic]]\nid = \"t{t}\"\ndomain = \"d{}\"\ntitle = \"Topic {t}\"\nsummary = \"What topic {t} covers, in a sentence or two of plain words.\"\n\
             [[flashcard]]\nid = \"c{t}\"\ntopic = \"t{t}\"\nfront = \"Front {t}\"\nback = \"Back {t}\"\n",
            t % domains
        );
    }
    for q in 0..questions {
        let _ = write!(
            s,
            "[[question]]\nid = \"q{q}\"\ntopic = \"t{}\"\ndifficulty = \"medium\"\n\
             stem = \"Scenario {q}: a company needs a solution with these constraints. Which option meets them?\"\n\
             choices = [\"Option one for {q}\", \"Option two for {q}\", \"Option three for {q}\", \"Option four for {q}\"]\n\
             answer = \"{}\"\nexplanation = \"Why the answer to {q} is right and the others are wrong.\"\n",
            q % topics.max(1),
            ["A", "B", "C", "D"][q % 4]
        );
    }
    s
}

/// A syllabus within every size limit whose `questions` questions are each broken in four ways
/// (an invalid id, a topic that does not exist, an answer letter without a choice, an unknown
/// key), followed by `tables` unknown top-level tables: the worst case for the validator's
/// reporting, which must stay linear in the size of the file and bounded in what it prints.
pub fn hostile(questions: usize, tables: usize) -> String {
    let mut s = syllabus("hostile", 4, 100, 0);
    for q in 0..questions {
        let _ = write!(
            s,
            "[[question]]\nid = \"Q{q}\"\ntopic = \"nowhere-{q}\"\nstem = \"Which option meets constraint {q}?\"\n\
             choices = [\"First {q}\", \"Second {q}\", \"Third {q}\"]\nanswer = \"E\"\n\
             explanation = \"Why option {q} is right.\"\nhint = \"a key the format does not have\"\n"
        );
    }
    for t in 0..tables {
        let _ = write!(s, "[unknown-{t}]\nkey = {t}\n");
    }
    s
}

/// A valid bank with every problem `syllabus lint` looks for, as TOML text: 24 single-answer
/// questions whose key is always A and always the longest choice, all in domain `d0` of two equal
/// domains, none multiple-response; topic `t2` with no question or flashcard; `q1` asks `q0`'s
/// stem again and `f1` repeats `f0`'s front, each with one word added (validation refuses exact
/// repeats); only `q3`'s key echoes its stem; `q2`'s explanation says a feature "will retire" on
/// a day in 2025.
pub fn flawed() -> String {
    let mut s = syllabus("flawed-bank", 2, 0, 0);
    for t in 0..3 {
        let _ = write!(
            s,
            "[[topic]]\nid = \"t{t}\"\ndomain = \"d{}\"\ntitle = \"Topic {t}\"\nsummary = \"Topic {t} in brief.\"\n",
            t / 2
        );
    }
    for (f, front) in
        ["Which storage tier suits cold archives?", "Which storage tier suits cold archives best?"].iter().enumerate()
    {
        let _ = write!(
            s,
            "[[flashcard]]\nid = \"f{f}\"\ntopic = \"t{f}\"\nfront = \"{front}\"\nback = \"The archive tier.\"\n"
        );
    }
    for q in 0..24 {
        let stem = if q == 1 {
            "Scenario 0 alpha0 beta0 gamma0: which option fits best?".to_owned()
        } else {
            format!("Scenario {q} alpha{q} beta{q} gamma{q}: which option fits?")
        };
        let key = if q == 3 {
            "Keep alpha3 and beta3 together, with the complete setup".to_owned()
        } else {
            format!("The complete answer for case {q}, with every detail it needs")
        };
        let why = if q == 2 { "The old feature will retire on 1 March 2025." } else { "The first choice is complete." };
        let _ = write!(
            s,
            "[[question]]\nid = \"q{q}\"\ntopic = \"t{}\"\ndifficulty = \"medium\"\nstem = \"{stem}\"\n\
             choices = [\"{key}\", \"Option two {q}\", \"Option three {q}\", \"Option four {q}\"]\n\
             answer = \"A\"\nexplanation = \"{why}\"\n",
            q % 2
        );
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_syllabi_are_valid_at_any_size() {
        for (d, t, q) in [(1, 1, 0), (4, 30, 65), (6, 200, 5_000)] {
            let checked = super::super::check("synthetic.toml", &super::syllabus("syn", d, t, q));
            assert_eq!(checked.errors(), 0, "{}", checked.render());
            let s = checked.syllabus.expect("valid");
            assert_eq!((s.domains.len(), s.topics.len(), s.questions.len()), (d, t, q));
        }
    }
}
