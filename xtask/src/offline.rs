//! The list of files the reader needs offline, written by the build as `www/pkg/offline.json`:
//! `{"version": "<hash>", "files": ["index.html", ...]}`. The service worker (`www/sw.js`)
//! caches exactly these files as one set named after the version, so the page's code, its
//! WebAssembly and its glossary always come from the same build.
//!
//! The list is found by walking the folders the page is served from, not written by hand, so a
//! new module or article cannot be left out of the offline copy. The version hashes every listed
//! file's name and bytes: it changes whenever anything the page loads changes, and only then.

use std::path::{Path, PathBuf};

/// Where the list goes, relative to `www/`; not itself listed (the worker fetches it fresh).
pub const LIST: &str = "pkg/offline.json";

/// Files of `www/` itself that belong to the page (the rest of it: benchmarks, screenshots).
const TOP_LEVEL: &[&str] = &["html", "js", "css", "svg", "png", "webmanifest"];
/// Folders whose every file the page may load.
const FOLDERS: &[&str] = &["vendor", "articles"];
/// What the build writes to `pkg/` that the page loads (the `.br` and `.gz` copies are the
/// server's).
const PKG: &[&str] = &[
    "pkg/hamish.js",
    "pkg/hamish_bg.wasm",
    "pkg/glossary.bin",
    "pkg/glossary-notes.bin",
];

/// Writes `www/pkg/offline.json` for the files under `www`.
pub fn write_list(www: &Path) -> Result<(), String> {
    let files = listed_files(www)?;
    let json = list_json(&files)?;
    std::fs::write(www.join(LIST), json).map_err(|e| format!("www/{LIST}: {e}"))
}

/// The page's files under `www`: each as a URL relative to it and its path, sorted by URL (so
/// the version does not depend on the order the file system lists them in).
pub fn listed_files(www: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files = Vec::new();
    for entry in read_dir(www)? {
        let path = entry.path();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_file() && TOP_LEVEL.contains(&extension) {
            files.push((relative(www, &path)?, path));
        }
    }
    for folder in FOLDERS {
        walk(www, &www.join(folder), &mut files)?;
    }
    for file in PKG {
        if !www.join(file).is_file() {
            return Err(format!("www/{file} is missing: build the page first"));
        }
        files.push(((*file).to_string(), www.join(file)));
    }
    files.retain(|(url, _)| !url.ends_with(".gz") && url != LIST);
    files.sort();
    files.dedup();
    Ok(files)
}

/// The list's JSON for `files` (URL, path).
fn list_json(files: &[(String, PathBuf)]) -> Result<String, String> {
    let mut hash = Fnv1a::new();
    for (url, path) in files {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // Name and length first, so that moving bytes from one file to the next changes it too.
        hash.write(url.as_bytes());
        hash.write(&[0]);
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
    }
    let listed: Vec<String> = files
        .iter()
        .map(|(url, _)| crate::string_literal(url))
        .collect();
    Ok(format!(
        "{{\"version\": \"{:016x}\", \"files\": [\n  {}\n]}}\n",
        hash.0,
        listed.join(",\n  ")
    ))
}

/// Every file under `dir` (if it exists), recursively.
fn walk(www: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in read_dir(dir)? {
        let path = entry.path();
        if path.is_dir() {
            walk(www, &path, files)?;
        } else if path.is_file() {
            files.push((relative(www, &path)?, path));
        }
    }
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<std::fs::DirEntry>, String> {
    let failed = |e: std::io::Error| format!("{}: {e}", dir.display());
    std::fs::read_dir(dir)
        .map_err(failed)?
        .collect::<Result<_, _>>()
        .map_err(failed)
}

/// `path` as a URL relative to `www`: `/`-separated, each part percent-encoded where a URL
/// needs it.
fn relative(www: &Path, path: &Path) -> Result<String, String> {
    let inside = path
        .strip_prefix(www)
        .map_err(|_| format!("{} is outside www/", path.display()))?;
    let parts: Result<Vec<String>, String> = inside
        .components()
        .map(|c| {
            c.as_os_str()
                .to_str()
                .map(url_part)
                .ok_or_else(|| format!("{}: not UTF-8", path.display()))
        })
        .collect();
    Ok(parts?.join("/"))
}

/// Percent-encodes what a path segment cannot hold as it is (the page fetches articles with
/// `encodeURIComponent`, which leaves the same characters alone, less those that do not occur
/// in file names anyway).
fn url_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: a few lines, and the same on every machine and with every Rust version
/// (std's `DefaultHasher` promises neither).
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small `www/` with a file of each kind that is listed and of each that is not.
    fn sample(name: &str) -> std::path::PathBuf {
        let www =
            std::env::temp_dir().join(format!("hamish-offline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&www);
        for (file, text) in [
            ("index.html", "<!doctype html>"),
            ("app.js", "export {};"),
            ("style.css", "p {}"),
            ("manifest.webmanifest", "{}"),
            ("notes.md", "not served to the page"),
            ("bench/index.html", "benchmarks"),
            ("screenshots/a.png", "picture"),
            ("vendor/font.woff2", "font"),
            ("articles/index.json", "[]"),
            ("articles/a b.txt", "نص"),
            ("pkg/hamish.js", "glue"),
            ("pkg/hamish_bg.wasm", "wasm"),
            ("pkg/hamish_bg.wasm.gz", "gzipped"),
            ("pkg/glossary.bin", "glossary"),
            ("pkg/glossary-notes.bin", "notes"),
            ("pkg/glossary.bin.br", "brotli"),
            ("pkg/offline.json", "{}"),
            ("pkg/other.txt", "not the page's"),
        ] {
            let path = www.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        www
    }

    #[test]
    fn lists_the_pages_files_and_nothing_else() {
        let www = sample("list");
        let urls: Vec<String> = listed_files(&www)
            .unwrap()
            .into_iter()
            .map(|(url, _)| url)
            .collect();
        assert_eq!(
            urls,
            [
                "app.js",
                "articles/a%20b.txt",
                "articles/index.json",
                "index.html",
                "manifest.webmanifest",
                "pkg/glossary-notes.bin",
                "pkg/glossary.bin",
                "pkg/hamish.js",
                "pkg/hamish_bg.wasm",
                "style.css",
                "vendor/font.woff2",
            ]
        );
        std::fs::remove_dir_all(&www).unwrap();
    }

    #[test]
    fn the_version_is_fixed_by_the_files_and_changes_with_any_of_them() {
        let www = sample("version");
        write_list(&www).unwrap();
        let first = std::fs::read_to_string(www.join(LIST)).unwrap();
        // The same hash as an independent FNV-1a 64 over the same bytes gives (computed with
        // Node's BigInt), so the format is pinned down.
        assert!(
            first.starts_with("{\"version\": \"3b2d9aad63817ebb\", \"files\": [\n  \"app.js\",\n"),
            "{first}"
        );
        write_list(&www).unwrap();
        assert_eq!(std::fs::read_to_string(www.join(LIST)).unwrap(), first);
        // Files that are not listed do not count; listed ones do.
        std::fs::write(www.join("bench/index.html"), "changed").unwrap();
        std::fs::write(www.join("pkg/hamish_bg.wasm.gz"), "changed").unwrap();
        write_list(&www).unwrap();
        assert_eq!(std::fs::read_to_string(www.join(LIST)).unwrap(), first);
        std::fs::write(www.join("articles/index.json"), "[ ]").unwrap();
        write_list(&www).unwrap();
        assert_ne!(std::fs::read_to_string(www.join(LIST)).unwrap(), first);
        std::fs::remove_dir_all(&www).unwrap();
    }

    #[test]
    fn a_missing_build_is_an_error() {
        let www = sample("missing");
        std::fs::remove_file(www.join("pkg/glossary.bin")).unwrap();
        assert!(write_list(&www).unwrap_err().contains("pkg/glossary.bin"));
        std::fs::remove_dir_all(&www).unwrap();
    }
}
