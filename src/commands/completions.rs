//! `certtrack completions SHELL`: the shell's completion script, offering exam ids and codes
//! wherever a command asks for an exam, the settings' names for `settings`, and the formats
//! (value enums) clap knows already. The exams are those known when the script is generated
//! (shipped and the user's own syllabi); the values are for completion only, since parsing still
//! accepts a code in any case.

use std::io::Write;
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Arg, Command, CommandFactory};

use crate::cli::Cli;
use crate::srs::Setting;
use crate::syllabus::Catalog;

/// The arguments that name an exam: `(subcommand path, argument id)`, or `*` for every command.
const EXAM_ARGS: &[(&str, &str)] = &[
    ("*", "exam"),
    ("exam migrate", "from"),
    ("exam migrate", "to"),
    ("exam undo-migrate", "to"),
    ("syllabus show", "id"),
    ("cohort init", "syllabus"),
];

pub fn run(shell: clap_complete::Shell, catalog: &Catalog, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut root = Cli::command();
    // Built first: the subcommands add their arguments only when built (`defer`).
    root.build();
    let mut cmd = annotate(root, "", &exam_values(catalog));
    // Render into memory: the generator panics on a write error such as a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "certtrack", &mut script);
    out.write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Every exam's id and code, for completion.
pub fn exam_values(catalog: &Catalog) -> Vec<String> {
    let mut v: Vec<String> = catalog
        .entries()
        .into_iter()
        .flat_map(|e| [e.syllabus.exam.id.clone(), e.syllabus.exam.code.clone()])
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `cmd` (at `path`, e.g. "exam migrate") and its subcommands with completion values on the
/// arguments that name an exam or a setting.
fn annotate(mut cmd: Command, path: &str, exams: &[String]) -> Command {
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let names_exam = EXAM_ARGS.iter().any(|&(p, a)| a == id && (p == "*" || p == path));
        if names_exam {
            cmd = cmd.mut_arg(&id, |a| offer(a, exams.iter().cloned()));
        } else if path == "settings" && id == "key" {
            cmd = cmd.mut_arg(&id, |a| offer(a, Setting::ALL.map(|s| s.key().to_owned())));
        }
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in subs {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |s| annotate(s, &sub_path, exams));
    }
    cmd
}

fn offer(arg: Arg, values: impl IntoIterator<Item = String>) -> Arg {
    arg.value_parser(PossibleValuesParser::new(values.into_iter().map(clap::builder::PossibleValue::new)))
}
