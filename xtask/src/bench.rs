//! `cargo xtask bench [--quick]`: speed and size of hamish against the JavaScript way, in one run.
//!
//! 1. builds the page (`www/pkg`, release WebAssembly);
//! 2. `cargo bench --bench throughput`: native text → spans at 10 KB … 10 MB with the bundled
//!    glossary and with 10× and 100× as many entries; writes the corpus and the scaled glossary
//!    artefacts it made to `target/bench/`;
//! 3. `cargo bench --bench stages`: criterion micro-benchmarks of each pipeline stage;
//! 4. `benches/browser.mjs`: the same work in headless Chromium through the WebAssembly API,
//!    a RegExp of every glossary form and mark.js on the same text, start-up of the reader page
//!    and of a minimal page, sizes and memory;
//! 5. `benches/report.mjs`: prints the table and writes `target/bench/report.json`.
//!
//! `--quick` skips criterion, the 10 MB text and the 100× glossary, and measures for less long.

use std::path::Path;
use std::process::Command;

use crate::{root, run, run_with, server, setup};

/// Data files the browser pages fetch from `www/bench/data/` (made by `benches/throughput.rs`).
const DATA: &[&str] = &[
    "corpus-10k.txt",
    "corpus-100k.txt",
    "corpus-1m.txt",
    "corpus-10m.txt",
    "glossary-lean.bin",
    "glossary-serialised.bin",
    "glossary-10x.bin",
    "glossary-100x.bin",
];

pub fn bench(args: &[String]) -> Result<(), String> {
    let mut quick = false;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            other => return Err(format!("unknown option {other}\n{}", crate::USAGE)),
        }
    }
    setup::run(setup::Needs::Browser)?;
    if !Path::new(setup::CHROMIUM).exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask setup` first",
            setup::CHROMIUM
        ));
    }
    crate::build_web()?;
    let root = root();
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for stale in ["native.json", "browser.json", "report.json"] {
        let _ = std::fs::remove_file(out.join(stale));
    }

    let out_arg = out.display().to_string();
    let mut throughput = vec!["bench", "--bench", "throughput", "--", "--out", &out_arg];
    if quick {
        throughput.push("--quick");
    }
    run("cargo", &throughput)?;
    link_data(&out, &root.join("www/bench/data"))?;
    if !quick {
        run("cargo", &["bench", "--bench", "stages"])?;
    }

    let server = server::Server::start(&root.join("www"), 0)?;
    let result = run_with(
        Command::new("node")
            .arg("benches/browser.mjs")
            .env("HAMISH_URL", format!("http://{}/", server.address()))
            .env("HAMISH_BENCH_OUT", &out)
            .env("HAMISH_BENCH_QUICK", if quick { "1" } else { "0" })
            .env("CHROMIUM", setup::CHROMIUM),
    );
    server.stop();
    result?;
    run_with(
        Command::new("node")
            .arg("benches/report.mjs")
            .env("HAMISH_BENCH_OUT", &out),
    )
}

/// Makes the benchmark data visible to the static server under `www/bench/data/` (hard links,
/// or copies where linking fails); files a quick run did not make are removed.
fn link_data(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for name in DATA {
        let (source, target) = (from.join(name), to.join(name));
        let _ = std::fs::remove_file(&target);
        if !source.exists() {
            continue;
        }
        if std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}
