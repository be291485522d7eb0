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
