//! Installs what a task needs and is missing, so that a fresh machine needs only `cargo`.

use std::path::Path;
use std::process::Command;

use crate::{root, run as run_command};

/// Debian's Chromium and its driver, used by the browser tests.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// ChromeDriver, used by the in-browser WebAssembly unit tests.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What a task needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Building and serving the page.
    Web,
    /// The page and a browser to drive it (browser tests, benchmarks).
    Browser,
    /// Everything, fuzzing included.
    All,
}

/// Files from npm packages the page serves from `www/vendor/` (source under node_modules, name).
const VENDORED: &[(&str, &str)] = &[
    (
        "@floating-ui/core/dist/floating-ui.core.browser.min.mjs",
        "floating-ui.core.mjs",
    ),
    (
        "@floating-ui/dom/dist/floating-ui.dom.browser.min.mjs",
        "floating-ui.dom.mjs",
    ),
    (
        "@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff2",
        "noto-naskh-arabic-400.woff2",
    ),
    (
        "@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-700-normal.woff2",
        "noto-naskh-arabic-700.woff2",
    ),
    ("mark.js/dist/mark.es6.min.js", "mark.es6.min.js"),
    ("papaparse/papaparse.min.js", "papaparse.min.js"),
    // Opening files (www/readers.js), each loaded only when a file of its kind is opened: fflate
    // unzips DOCX and EPUB; pdf.js reads a PDF's text layer, its worker started by the page.
    ("fflate/esm/browser.js", "fflate.mjs"),
    ("pdfjs-dist/build/pdf.min.mjs", "pdf.mjs"),
    ("pdfjs-dist/build/pdf.worker.min.mjs", "pdf.worker.mjs"),
];

/// Installs whatever `needs` requires and is not there yet.
pub fn run(needs: Needs) -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    let mut packages = Vec::new();
    if needs != Needs::Web {
        if !Path::new(CHROMIUM).exists() {
            packages.push("chromium");
        }
        if !Path::new(CHROMEDRIVER).exists() {
            packages.push("chromium-driver");
        }
    }
    if !packages.is_empty() {
        apt_install(&packages, needs != Needs::Web)?;
    }
    ensure_npm_packages()?;
    if needs == Needs::All {
        ensure_fuzzing()?;
    }
    Ok(())
}

/// Whether `program` is on the PATH.
pub fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn ensure_wasm_target() -> Result<(), String> {
    if output("rustup", &["target", "list", "--installed"]).contains("wasm32-unknown-unknown") {
        return Ok(());
    }
    run_command("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// The wasm-bindgen version the lock file pins; the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock does not pin wasm-bindgen".into())
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    let installed = output("wasm-bindgen", &["--version"]);
    if installed.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {version} (a few minutes, once)");
    run_command(
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", &version],
    )
}

fn apt_install(packages: &[&str], required: bool) -> Result<(), String> {
    let as_root = output("id", &["-u"]).trim() == "0";
    let prefix: &[&str] = if as_root { &[] } else { &["sudo", "-n"] };
    let script = format!(
        "{0} apt-get update -qq && DEBIAN_FRONTEND=noninteractive {0} apt-get install -y -qq {1}",
        prefix.join(" "),
        packages.join(" ")
    );
    match run_command("sh", &["-c", &script]) {
        Ok(()) => Ok(()),
        Err(e) if !required => {
            println!(
                "xtask: could not install {} ({e}); continuing without",
                packages.join(" ")
            );
            Ok(())
        }
        Err(e) => Err(format!("installing {}: {e}", packages.join(" "))),
    }
}

fn ensure_npm_packages() -> Result<(), String> {
    let root = root();
    let marker = root.join("node_modules/.package-lock.json");
    let fresh = match (
        std::fs::metadata(&marker),
        std::fs::metadata(root.join("package-lock.json")),
    ) {
        (Ok(installed), Ok(lock)) => installed.modified().ok() >= lock.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if !has("npm") {
        apt_install(&["nodejs", "npm"], true)?;
    }
    run_command(
        "npm",
        &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
    )
}

fn ensure_fuzzing() -> Result<(), String> {
    if !output("cargo", &["fuzz", "--version"]).starts_with("cargo-fuzz") {
        run_command("cargo", &["install", "cargo-fuzz"])?;
    }
    if !output("rustup", &["toolchain", "list"]).contains("nightly") {
        run_command(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )?;
    }
    Ok(())
}

/// Copies the page's third-party files from `node_modules` into `www/vendor/`.
pub fn vendor_web_dependencies(root: &Path) -> Result<(), String> {
    let vendor = root.join("www/vendor");
    std::fs::create_dir_all(&vendor).map_err(|e| format!("www/vendor: {e}"))?;
    for (source, name) in VENDORED {
        let from = root.join("node_modules").join(source);
        let bytes = std::fs::read(&from).map_err(|e| format!("{}: {e}", from.display()))?;
        // The browser ES modules import each other by package name; without a bundler or an
        // import map (which the page's CSP would have to allow inline), point them at the files.
        let bytes = if name.ends_with(".mjs") {
            String::from_utf8_lossy(&bytes)
                .replace(
                    "from\"@floating-ui/core\"",
                    "from\"./floating-ui.core.mjs\"",
                )
                .into_bytes()
        } else {
            bytes
        };
        std::fs::write(vendor.join(name), bytes).map_err(|e| format!("www/vendor/{name}: {e}"))?;
    }
    Ok(())
}
