use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // No arguments opens the dashboard, the command people run between meetings: it skips
    // building clap's whole command tree, a tenth of its start-up (docs/performance.md).
    let cli = match std::env::args_os().len() {
        1 => certtrack::cli::Cli::default(),
        _ => certtrack::cli::Cli::parse(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = certtrack::commands::run(cli, &mut out);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(code), Ok(())) => code,
        // A closed pipe (`certtrack syllabus list | head`) is not an error worth a message.
        (_, Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(e), _) if broken_pipe(&e) => ExitCode::SUCCESS,
        (Err(e), _) => {
            let full = format!("{e:#}");
            let msg = certtrack::text::sanitize(&full);
            // A located report (`file:line:col: error: …`) already says it is an error.
            let located = msg.lines().next().is_some_and(|l| l.contains(": error: "));
            eprintln!("{}{msg}", if located { "" } else { "error: " });
            ExitCode::from(1)
        }
        (Ok(_), Err(e)) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
