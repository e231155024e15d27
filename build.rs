//! Compiles the bundled glossary (`glossary/*.tsv`, or the folder named by
//! `HAMISH_GLOSSARY_DIR`) into `$OUT_DIR/glossary.bin`.
//!
//! The same source modules the library uses are included here by path, so the artefact is
//! normalised and indexed by exactly the code that will read it.

#![allow(dead_code, missing_docs)]

#[path = "src/affixes.rs"]
mod affixes;
#[path = "src/error.rs"]
mod error;
#[path = "src/glossary/mod.rs"]
mod glossary;
#[path = "src/normalise.rs"]
mod normalise;
#[path = "src/segment.rs"]
mod segment;

use std::path::Path;

fn main() {
    // A build may bundle another glossary folder instead of glossary/ (a team's own list).
    println!("cargo:rerun-if-env-changed=HAMISH_GLOSSARY_DIR");
    let dir_name = std::env::var("HAMISH_GLOSSARY_DIR").unwrap_or_else(|_| "glossary".into());
    let dir = Path::new(&dir_name);
    println!("cargo:rerun-if-changed={dir_name}");
    for module in [
        "affixes.rs",
        "error.rs",
        "normalise.rs",
        "segment.rs",
        "glossary",
    ] {
        println!("cargo:rerun-if-changed=src/{module}");
    }
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir_name}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("{}: cannot read: {e}", p.display()));
            (p.display().to_string(), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let glossary = match glossary::compile::compile_sources(&refs, false) {
        Ok(g) => g,
        Err(e) => {
            for message in e.messages() {
                println!("cargo:warning={message}");
            }
            panic!("the bundled glossary is invalid:\n{e}");
        }
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("glossary.bin");
    std::fs::write(&out, glossary::binary::write(&glossary)).expect("write glossary.bin");
}
