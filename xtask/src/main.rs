//! `cargo xtask`: the project's tasks, each installing what it needs first.
//!
//! - `cargo xtask serve [--port N]`: set up, build the WebAssembly and glossary, serve `www/`;
//! - `cargo xtask test`: set up, then every check and test suite CI runs;
//! - `cargo xtask build-web`: build `www/pkg` (WebAssembly, JS glue, compiled glossary);
//! - `cargo xtask extension [--no-build]`: the browser extension in `target/extension/` and
//!   `target/hamish-extension.zip` (see `extension.rs`);
//! - `cargo xtask bench [--quick]`: benchmarks, native and in Chromium, against a RegExp and
//!   mark.js (see `bench.rs`);
//! - `cargo xtask setup`: only install what is missing.

mod bench;
mod extension;
mod offline;
mod server;
mod setup;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str =
    "usage: cargo xtask <setup|build-web|extension [--no-build]|serve [--port N]|test [--quick]|bench [--quick]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(setup::Needs::All),
        Some("build-web") => setup::run(setup::Needs::Web).and_then(|()| build_web()),
        Some("extension") => extension::run(&args[1..]),
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `text` as a string literal that JSON and JavaScript read alike (line and paragraph
/// separators escaped too: older JavaScript ends a string at them).
pub fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in the workspace root, failing with its name if it fails.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_with(Command::new(program).args(args))
}

/// Runs a prepared command in the workspace root.
pub fn run_with(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}").replace('"', "");
    println!("xtask: $ {shown}");
    let status = command
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn build_web() -> Result<(), String> {
    let root = root();
    run(
        "cargo",
        &[
            "build",
            "--package",
            "hamish",
            "--lib",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    let pkg = root.join("www/pkg");
    let wasm = root.join("target/wasm32-unknown-unknown/release/hamish.wasm");
    run_with(
        Command::new("wasm-bindgen")
            .arg(&wasm)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&pkg),
    )?;
    let bindgen_wasm = pkg.join("hamish_bg.wasm");
    // binaryen from npm (package.json pins it): Debian's wasm-opt 108 predates the externref
    // table wasm-bindgen emits and produces a module that fails to instantiate.
    run_with(
        Command::new(root.join("node_modules/.bin/wasm-opt"))
            .arg("-O3")
            .arg(&bindgen_wasm)
            .arg("-o")
            .arg(&bindgen_wasm),
    )?;
    let glosser = hamish::Glosser::bundled().map_err(|e| e.to_string())?;
    // Without the serialised automaton (built at load: about 16 ms more in Chromium for half
    // the bytes), and the notes apart, fetched once the first text is glossed (DESIGN.md, "The
    // glossary artefact"; `cargo xtask bench` measures both).
    let (artefact, notes) = hamish::glossary::binary::write_served(glosser.glossary());
    let glossary_bin = pkg.join("glossary.bin");
    let notes_bin = pkg.join("glossary-notes.bin");
    for (file, bytes) in [(&glossary_bin, &artefact), (&notes_bin, &notes)] {
        std::fs::write(file, bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    // What a static host would send: the server serves these to a browser that takes them.
    for file in [&bindgen_wasm, &glossary_bin, &notes_bin] {
        write_compressed(file)?;
    }
    setup::vendor_web_dependencies(&root)?;
    // Last, once every file the page loads is in place: the service worker's list of them.
    offline::write_list(&root.join("www"))?;
    println!(
        "xtask: built www/pkg ({} entries, glossary {} KB, wasm {} KB)",
        glosser.entry_count(),
        artefact.len() / 1024,
        std::fs::metadata(&bindgen_wasm)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
    Ok(())
}

/// Writes `file.br` and `file.gz` beside `file`, each compressed at its highest level.
fn write_compressed(file: &Path) -> Result<(), String> {
    use std::io::Write as _;
    let failed = |e: std::io::Error| format!("{}: {e}", file.display());
    let bytes = std::fs::read(file).map_err(failed)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes).map_err(failed)?;
    let gzip = gzip.finish().map_err(failed)?;
    let brotli = server::brotli(&bytes, 11).map_err(failed)?;
    for (extension, compressed) in [("gz", gzip), ("br", brotli)] {
        std::fs::write(server::compressed_path(file, extension), compressed).map_err(failed)?;
    }
    Ok(())
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut port = 8000u16;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--port" => {
                port = iter
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number")?;
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    setup::run(setup::Needs::Web)?;
    build_web()?;
    let server = server::Server::start(&root().join("www"), port)?;
    println!(
        "\nhamish reader: open http://{}/  (Ctrl+C to stop)\n",
        server.address()
    );
    server.wait();
    Ok(())
}

/// A named check of the test run.
type Step = (&'static str, Box<dyn Fn() -> Result<(), String>>);

/// Every check CI runs, in order; stops at the first failure.
fn test(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    setup::run(if quick {
        setup::Needs::Browser
    } else {
        setup::Needs::All
    })?;
    let mut passed = 0;
    let steps: Vec<Step> = vec![
        (
            "format",
            Box::new(|| run("cargo", &["fmt", "--all", "--check"])),
        ),
        (
            "clippy",
            Box::new(|| {
                run(
                    "cargo",
                    &[
                        "clippy",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ],
                )
            }),
        ),
        (
            "rust tests",
            Box::new(|| run("cargo", &["test", "--workspace"])),
        ),
        ("wasm tests in chromium", Box::new(wasm_tests)),
        ("browser tests", Box::new(browser_tests)),
        (
            "fuzz",
            Box::new(move || if quick { Ok(()) } else { fuzz() }),
        ),
    ];
    let total = steps.len();
    for (name, step) in steps {
        println!("\nxtask: ── {name} ──");
        if let Err(e) = step() {
            println!("\nxtask: {passed} passed, 1 failed");
            return Err(format!("{name}: {e}"));
        }
        passed += 1;
    }
    println!("\nxtask: {passed} passed, {} failed", total - passed);
    Ok(())
}

fn wasm_tests() -> Result<(), String> {
    run_with(
        Command::new("cargo")
            .args([
                "test",
                "--package",
                "hamish",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "wasm",
            ])
            .env("CHROMEDRIVER", setup::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )
}

fn browser_tests() -> Result<(), String> {
    build_web()?;
    // The extension's tests (tests/browser/extension.test.mjs) load it from here.
    let extension = extension::assemble(&root())?;
    extension::write_zip(&extension, &root().join(extension::ZIP))?;
    let server = server::Server::start(&root().join("www"), 0)?;
    let result = run_with(
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "tests/browser/"])
            .env("HAMISH_URL", format!("http://{}/", server.address()))
            .env("HAMISH_EXTENSION", &extension)
            .env("CHROMIUM", setup::CHROMIUM),
    );
    server.stop();
    result
}

fn fuzz() -> Result<(), String> {
    let seconds = std::env::var("HAMISH_FUZZ_SECONDS").unwrap_or_else(|_| "60".into());
    for target in ["gloss", "glossary_source"] {
        // New inputs go to the first folder, under target/ (ignored by git), so a test run
        // leaves the checkout clean; the committed seeds are read from the second.
        let found = format!("target/fuzz-corpus/{target}");
        let seeds = format!("fuzz/corpus/{target}");
        std::fs::create_dir_all(root().join(&found)).map_err(|e| format!("{found}: {e}"))?;
        run_with(Command::new("cargo").args([
            "+nightly",
            "fuzz",
            "run",
            target,
            &found,
            &seeds,
            "--",
            &format!("-max_total_time={seconds}"),
            "-max_len=4096",
        ]))?;
    }
    Ok(())
}
