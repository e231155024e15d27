//! Argument handling and the commands.

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use hamish::glossary::EntryType;
use hamish::{render, Glosser};

const USAGE: &str = "\
usage:
  hamish gloss [--format json|text|html] [--all] [--glossary FILE]... [FILE|-]
  hamish lookup [--glossary FILE]... WORD
  hamish report [--top N] FILE...
  hamish glossary check [FILE|DIR]...
  hamish glossary build OUT.bin [FILE|DIR]...

gloss     find glossary terms and probable names in FILE (or standard input); --all also
          lists general words
lookup    every reading of WORD with its glossary entries
report    how many Arabic words of each FILE the glossary covers, and the commonest gaps
glossary  validate TSV sources (default: the bundled glossary/ folder), or compile them";

/// Writes command output; a reader that closed the pipe early (`| head`) is not an error.
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Error(format!("standard output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Runs the command line and returns its exit code.
pub fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("hamish: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Error(message)) => {
            eprintln!("hamish: {message}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Usage(String),
    Error(String),
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl From<hamish::Error> for Failure {
    fn from(e: hamish::Error) -> Self {
        Failure::Error(e.to_string())
    }
}

#[derive(Clone, Copy)]
enum Format {
    Json,
    Text,
    Html,
}

fn run() -> Result<(), Failure> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next()? {
        Some(Value(v)) => v.string()?,
        Some(Long("help") | Short('h')) => {
            return emit(&format!("{USAGE}\n"));
        }
        Some(arg) => return Err(arg.unexpected().into()),
        None => return Err(Failure::Usage("no command given".into())),
    };
    let mut format = Format::Json;
    let mut all = false;
    let mut top = 30usize;
    let mut extra: Vec<PathBuf> = Vec::new();
    let mut positional: Vec<String> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("format") | Short('f') => {
                format = match parser.value()?.string()?.as_str() {
                    "json" => Format::Json,
                    "text" => Format::Text,
                    "html" => Format::Html,
                    other => return Err(Failure::Usage(format!("unknown format `{other}`"))),
                }
            }
            Long("all") => all = true,
            Long("top") => top = parser.value()?.parse()?,
            Long("glossary") | Short('g') => extra.push(parser.value()?.into()),
            Long("help") | Short('h') => return emit(&format!("{USAGE}\n")),
            Value(v) => positional.push(v.string()?),
            arg => return Err(arg.unexpected().into()),
        }
    }
    match command.as_str() {
        "gloss" => gloss(&positional, format, all, &extra),
        "lookup" => lookup(&positional, &extra),
        "report" => report(&positional, top),
        "glossary" => glossary_command(&positional),
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

fn glosser_with(extra: &[PathBuf]) -> Result<Glosser, Failure> {
    let bundled = Glosser::bundled()?;
    if extra.is_empty() {
        return Ok(bundled);
    }
    let sources = read_sources(extra)?;
    let refs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Ok(bundled.with_user_sources(&refs)?)
}

fn read_text(path: &str) -> Result<(String, String), Failure> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Error(format!("standard input: {e}")))?;
        ("standard input".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| Failure::Error(format!("{path}: {e}")))?;
        (path.to_string(), bytes)
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Failure::Error(format!(
                "{name}:{line}: invalid UTF-8 at byte {at}"
            )))
        }
    }
}

fn gloss(
    positional: &[String],
    format: Format,
    all: bool,
    extra: &[PathBuf],
) -> Result<(), Failure> {
    let path = match positional {
        [] => "-",
        [one] => one.as_str(),
        _ => return Err(Failure::Usage("gloss takes one FILE".into())),
    };
    let glosser = glosser_with(extra)?;
    let (_, text) = read_text(path)?;
    let spans = if all {
        glosser.gloss(&text)
    } else {
        glosser.gloss_terms(&text)
    };
    let names = glosser.probable_names(&text);
    let out = match format {
        Format::Json => render::json(&glosser, &text, &spans, &names) + "\n",
        Format::Text => render::text(&glosser, &text, &spans, &names),
        Format::Html => render::html(&glosser, &text, &spans, &names),
    };
    emit(&out)
}

fn lookup(positional: &[String], extra: &[PathBuf]) -> Result<(), Failure> {
    if positional.is_empty() {
        return Err(Failure::Usage("lookup needs a WORD".into()));
    }
    let glosser = glosser_with(extra)?;
    let text = positional.join(" ");
    let readings = glosser.lookup(&text, 0);
    if readings.is_empty() {
        return emit(&format!("{text}: not in the glossary\n"));
    }
    emit(&render::text(&glosser, &text, &readings, &[]))
}

fn report(positional: &[String], top: usize) -> Result<(), Failure> {
    if positional.is_empty() {
        return Err(Failure::Usage("report needs at least one FILE".into()));
    }
    let glosser = Glosser::bundled()?;
    let mut out = String::new();
    for path in positional {
        let (name, text) = read_text(path)?;
        let coverage = hamish::coverage(&glosser, &text);
        let _ = writeln!(
            out,
            "{name}: {} of {} Arabic words covered ({:.1}%)",
            coverage.covered,
            coverage.total,
            coverage.percent()
        );
        for (t, n) in &coverage.found_by_type {
            let _ = writeln!(out, "  {t}: {n}");
        }
        if !coverage.missing.is_empty() {
            out.push_str("  most frequent words without an entry:\n");
            for (word, count) in coverage.missing.iter().take(top) {
                let _ = writeln!(out, "    {count}\t{word}");
            }
        }
    }
    emit(&out)
}

fn glossary_command(positional: &[String]) -> Result<(), Failure> {
    let (action, rest) = positional
        .split_first()
        .ok_or_else(|| Failure::Usage("glossary needs `check` or `build`".into()))?;
    let (target, inputs) = match action.as_str() {
        "check" => (None, rest),
        "build" => {
            let (out, inputs) = rest
                .split_first()
                .ok_or_else(|| Failure::Usage("glossary build needs OUT.bin".into()))?;
            (Some(out), inputs)
        }
        other => return Err(Failure::Usage(format!("unknown glossary action `{other}`"))),
    };
    let inputs: Vec<PathBuf> = if inputs.is_empty() {
        vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("glossary")]
    } else {
        inputs.iter().map(PathBuf::from).collect()
    };
    let sources = read_sources(&inputs)?;
    let refs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let glosser = Glosser::from_sources(&refs)?;
    let mut out = format!(
        "{} entries in {} files, {} patterns: ok\n",
        glosser.entry_count(),
        sources.len(),
        glosser.glossary().groups.len()
    );
    for t in EntryType::ALL {
        let n = glosser
            .glossary()
            .entries
            .iter()
            .filter(|e| e.entry_type == t)
            .count();
        if n > 0 {
            let _ = writeln!(out, "  {:<13}{n}", t.name());
        }
    }
    let domain = glosser
        .glossary()
        .entries
        .iter()
        .filter(|e| e.entry_type != EntryType::Word)
        .count();
    let _ = writeln!(out, "domain layer (every type but word): {domain}");
    out.push_str(&counts_by_file(&sources));
    if let Some(path) = target {
        let bytes = glosser.to_artefact();
        std::fs::write(path, &bytes).map_err(|e| Failure::Error(format!("{path}: {e}")))?;
        let _ = writeln!(out, "wrote {path} ({} bytes)", bytes.len());
    }
    emit(&out)
}

/// A table of entries by file (a topic) and type.
fn counts_by_file(sources: &[(String, String)]) -> String {
    let short = |t: EntryType| &t.name()[..4];
    let mut out = format!("{:<28}", "by file");
    for t in EntryType::ALL {
        let _ = write!(out, "{:>6}", short(t));
    }
    out.push('\n');
    for (name, text) in sources {
        let (entries, _) = hamish::glossary::source::parse_lenient(name, text, false);
        let file = std::path::Path::new(name)
            .file_name()
            .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
        let _ = write!(out, "  {file:<26}");
        for t in EntryType::ALL {
            let n = entries.iter().filter(|e| e.entry.entry_type == t).count();
            let _ = write!(out, "{n:>6}");
        }
        out.push('\n');
    }
    out
}

/// Reads TSV sources from files and directories (a directory contributes its `*.tsv` files).
fn read_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| Failure::Error(format!("{}: {e}", path.display())))?;
            let mut tsv: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
                .collect();
            tsv.sort();
            files.extend(tsv);
        } else {
            files.push(path.clone());
        }
    }
    files
        .iter()
        .map(|p| read_text(&p.display().to_string()))
        .collect()
}
