//! `cargo xtask extension [--no-build]`: the browser extension (Chromium, Manifest V3), built
//! from the same WebAssembly core, glossary and card code as the reader page.
//!
//! Builds `www/pkg` the usual way (`--no-build` takes the one already there), then assembles
//! `target/extension/` (what chrome://extensions loads with *Load unpacked*) from:
//!
//! - `extension/` (manifest, background service worker, content scripts, options page, icons);
//! - the reader's own modules it shares (`www/cards.js`, `dom.js`, `doc.js`, `tip.js`,
//!   `formats.js`, Floating UI, Papa Parse) and the engine (`www/pkg`: the
//!   JavaScript glue, the WebAssembly and the compiled glossary);
//! - `styles.js`, written here: the highlight colours and the card rules taken from
//!   `www/style.css`, so the extension draws exactly what the reader draws (see
//!   [`derive_styles`]);
//!
//! and packs the directory as `target/hamish-extension.zip`.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The highlight names, as the reader registers them (`TYPES` in `www/doc.js`).
pub const TYPES: &[&str] = &[
    "organisation",
    "person",
    "place",
    "abbreviation",
    "term",
    "event",
    "probable",
];

/// Files of `extension/` copied as they are.
const OWN: &[&str] = &[
    "manifest.json",
    "background.js",
    "content.js",
    "page.js",
    "reader-sync.js",
    "options.html",
    "options.css",
    "options.js",
    "icons/16.png",
    "icons/32.png",
    "icons/48.png",
    "icons/128.png",
];

/// Files of `www/` the extension shares with the reader page, copied as they are.
const SHARED: &[&str] = &[
    "cards.js",
    "dom.js",
    "doc.js",
    "spans.js",
    "tip.js",
    "formats.js",
    "vendor/floating-ui.core.mjs",
    "vendor/floating-ui.dom.mjs",
    "vendor/papaparse.min.js",
    "pkg/hamish.js",
    "pkg/hamish_bg.wasm",
    "pkg/glossary.bin",
    "pkg/glossary-notes.bin",
];

/// The extension's directory and zip, under `target/`.
pub const DIR: &str = "target/extension";
pub const ZIP: &str = "target/hamish-extension.zip";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut build = true;
    for arg in args {
        match arg.as_str() {
            "--no-build" => build = false,
            other => return Err(format!("unknown option {other}\n{}", crate::USAGE)),
        }
    }
    if build {
        crate::setup::run(crate::setup::Needs::Web)?;
        crate::build_web()?;
    }
    let root = crate::root();
    let dir = assemble(&root)?;
    let zip = root.join(ZIP);
    write_zip(&dir, &zip)?;
    println!(
        "xtask: extension in {} (chrome://extensions → Developer mode → Load unpacked) and {} ({} KB)",
        DIR,
        ZIP,
        fs::metadata(&zip).map(|m| m.len() / 1024).unwrap_or(0)
    );
    Ok(())
}

/// Writes `target/extension/` afresh from `extension/`, `www/` (with its built `www/pkg`) and
/// the styles derived from `www/style.css`; returns its path.
pub fn assemble(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(DIR);
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let copy = |from: PathBuf, name: &str| -> Result<(), String> {
        let to = dir.join(name);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::copy(&from, &to).map(|_| ()).map_err(|e| {
            let hint = if name.starts_with("pkg/") || name.starts_with("vendor/") {
                " (build the page first: cargo xtask build-web)"
            } else {
                ""
            };
            format!("{}: {e}{hint}", from.display())
        })
    };
    for name in OWN {
        copy(root.join("extension").join(name), name)?;
    }
    for name in SHARED {
        copy(root.join("www").join(name), name)?;
    }
    let css = fs::read_to_string(root.join("www/style.css"))
        .map_err(|e| format!("www/style.css: {e}"))?;
    let styles = derive_styles(&css)?;
    fs::write(dir.join("styles.js"), styles.module()).map_err(|e| format!("styles.js: {e}"))?;
    // The light palette as a file too: registered with the content script of the sites glossed
    // on every visit, it is in the page before its DOM (adding a style sheet to a loaded page
    // has the browser restyle every element: 120–200 ms on the 10 MB test page).
    fs::write(dir.join("highlights-light.css"), &styles.light)
        .map_err(|e| format!("highlights-light.css: {e}"))?;
    Ok(dir)
}

/// Packs every file under `dir` into `zip`, paths relative to `dir` (the manifest at the root,
/// as the Chrome Web Store and Firefox expect), in a stable order.
pub fn write_zip(dir: &Path, zip: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    list_files(dir, dir, &mut files)?;
    files.sort();
    let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", zip.display());
    let file = fs::File::create(zip).map_err(|e| failed(&e))?;
    let mut writer = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for name in files {
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| failed(&e))?;
        let bytes = fs::read(dir.join(&name)).map_err(|e| failed(&e))?;
        writer.write_all(&bytes).map_err(|e| failed(&e))?;
    }
    writer.finish().map_err(|e| failed(&e))?;
    Ok(())
}

fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            list_files(base, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(base) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

// ── the styles, derived from the reader's style sheet ──────────────────────────────────────────

/// What the extension takes from `www/style.css`.
#[derive(Debug)]
pub struct Styles {
    /// `::highlight(type)` rules with every colour resolved for a light page and a dark one
    /// (the page's own document has none of the reader's variables, and its colour scheme is
    /// not the reader's), each also setting the reader's text colour so a term stays legible on
    /// its tint whatever the page's own text colour.
    pub light: String,
    pub dark: String,
    /// The card's rules for the extension's shadow root: the reader's colour variables on
    /// `:host`, then every rule of the tooltip and the cards, with `rem` turned into pixels (a
    /// `rem` inside a shadow root is the page's root font size, which pages change).
    ///
    /// The reader's Naskh web font is not used: a font face added to a page makes the browser lay
    /// the whole page out again (2.4 s on the 10 MB test page), and one in a shadow root is
    /// ignored. The card's Arabic is in the first font of the reader's list the system has.
    pub card: String,
}

/// Selectors (their first compound's start) of the rules the cards use.
const CARD_SELECTORS: &[&str] = &[".tip", ".card", ".part", ".plus", ".muted", "[hidden]"];

/// The card host: above everything, out of the page's flow, immune to the page's rules.
const HOST: &str = ":host {\n  all: initial !important;\n  display: block !important;\n  position: fixed !important;\n  top: 0 !important;\n  left: 0 !important;\n  width: 0 !important;\n  height: 0 !important;\n  overflow: visible !important;\n  z-index: 2147483647 !important;\n  color-scheme: light !important;\n";

pub fn derive_styles(css: &str) -> Result<Styles, String> {
    let items = items(css);
    let root = items
        .iter()
        .find(|(prelude, _)| prelude == ":root")
        .ok_or("www/style.css: no :root rule with the colour variables")?;
    let vars: Vec<(String, String)> = declarations(&root.1)
        .into_iter()
        .filter(|(name, _)| name.starts_with("--"))
        .collect();
    let var_map: HashMap<&str, &str> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();

    let mut light = String::new();
    let mut dark = String::new();
    for name in TYPES {
        let prelude = format!("::highlight({name})");
        let (_, body) = items
            .iter()
            .find(|(p, _)| *p == prelude)
            .ok_or_else(|| format!("www/style.css: no {prelude} rule"))?;
        for (scheme, out) in [(Scheme::Light, &mut light), (Scheme::Dark, &mut dark)] {
            let mut decls = Vec::new();
            let mut tinted = false;
            for (property, value) in declarations(body) {
                tinted |= property == "background-color";
                decls.push(format!(
                    "  {property}: {};",
                    resolve(&value, &var_map, scheme, 0)?
                ));
            }
            if tinted {
                let text = var_map.get("--text").ok_or("www/style.css: no --text")?;
                decls.push(format!("  color: {};", resolve(text, &var_map, scheme, 0)?));
            }
            out.push_str(&format!("{prelude} {{\n{}\n}}\n", decls.join("\n")));
        }
    }

    let mut card = String::from(HOST);
    for (name, value) in &vars {
        card.push_str(&format!("  {name}: {};\n", rem_to_px(value)));
    }
    card.push_str("}\n:host(.dark) {\n  color-scheme: dark !important;\n}\n[lang='ar'] {\n  font-family: var(--ar-font);\n}\n");
    let mut rules = 0;
    for (prelude, body) in &items {
        if prelude.starts_with('@') {
            continue;
        }
        let kept: Vec<&str> = split_top(prelude, ',')
            .into_iter()
            .map(str::trim)
            .filter(|s| CARD_SELECTORS.iter().any(|p| s.starts_with(p)))
            .collect();
        if kept.is_empty() {
            continue;
        }
        rules += 1;
        card.push_str(&format!(
            "{} {{\n  {}\n}}\n",
            kept.join(",\n"),
            rem_to_px(body.trim())
        ));
    }
    if rules < 10 {
        return Err(format!(
            "www/style.css: only {rules} card rules found (.tip, .card, ...)"
        ));
    }

    Ok(Styles { light, dark, card })
}

impl Styles {
    /// `styles.js`: the styles as an ES module both the service worker and the content script
    /// import.
    pub fn module(&self) -> String {
        format!(
            "// Generated by `cargo xtask extension` from www/style.css (xtask/src/extension.rs): do not edit.\n\
             // The highlights, per colour scheme of the page (inserted into the page's document).\n\
             export const HIGHLIGHTS = {{\n  light: {},\n  dark: {},\n}};\n\
             // The tooltip and cards (adopted by the extension's shadow root).\n\
             export const CARD = {};\n",
            crate::string_literal(&self.light),
            crate::string_literal(&self.dark),
            crate::string_literal(&self.card),
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Light,
    Dark,
}

/// `value` with every `var(--x)` replaced by the variable's value and every `light-dark(a, b)`
/// by the side for `scheme`.
fn resolve(
    value: &str,
    vars: &HashMap<&str, &str>,
    scheme: Scheme,
    depth: usize,
) -> Result<String, String> {
    if depth > 8 {
        return Err(format!("www/style.css: variables nest too deep in {value}"));
    }
    let mut out = value.to_string();
    for function in ["var(", "light-dark("] {
        while let Some(at) = find_function(&out, function) {
            let open = at + function.len();
            let close = matching_paren(&out, open - 1)
                .ok_or_else(|| format!("www/style.css: unbalanced brackets in {value}"))?;
            let args = split_top(&out[open..close], ',');
            let replacement = if function == "var(" {
                let name = args[0].trim();
                let found = vars
                    .get(name)
                    .ok_or_else(|| format!("www/style.css: no variable {name}"))?;
                resolve(found, vars, scheme, depth + 1)?
            } else {
                if args.len() != 2 {
                    return Err(format!(
                        "www/style.css: light-dark() needs two colours in {value}"
                    ));
                }
                let side = if scheme == Scheme::Light {
                    args[0]
                } else {
                    args[1]
                };
                resolve(side.trim(), vars, scheme, depth + 1)?
            };
            out.replace_range(at..=close, &replacement);
        }
    }
    Ok(out)
}

/// Where `function` (e.g. `var(`) starts in `text` as a whole name (not `xvar(`).
fn find_function(text: &str, function: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(function) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Some(at);
        }
        from = at + function.len();
    }
    None
}

/// The index of the `)` closing the `(` at `open`.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split at `separator` outside brackets and quotes.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, c) if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The declarations of a rule's body: (property, value), in order.
fn declarations(body: &str) -> Vec<(String, String)> {
    split_top(body, ';')
        .into_iter()
        .filter_map(|d| {
            let (property, value) = d.split_once(':')?;
            let property = property.trim();
            let value = value.trim();
            (!property.is_empty() && !value.is_empty())
                .then(|| (property.to_string(), value.to_string()))
        })
        .collect()
}

/// The top-level items of a style sheet, comments dropped: (prelude, body) with the prelude's
/// white space collapsed; an at-rule with nested rules keeps them in its body.
fn items(css: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut prelude = String::new();
    let mut body = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if quote.is_none() && c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for c in chars.by_ref() {
                if last == '*' && c == '/' {
                    break;
                }
                last = c;
            }
            continue;
        }
        let target = if depth == 0 { &mut prelude } else { &mut body };
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                target.push(c);
            }
            (Some(_), c) => target.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                target.push(c);
            }
            (None, '{') => {
                if depth > 0 {
                    body.push(c);
                }
                depth += 1;
            }
            (None, '}') if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let p = prelude.split_whitespace().collect::<Vec<_>>().join(" ");
                    out.push((p, std::mem::take(&mut body)));
                    prelude.clear();
                } else {
                    body.push(c);
                }
            }
            (None, ';') if depth == 0 => prelude.clear(), // @import and the like
            (None, c) => target.push(c),
        }
    }
    out
}

/// `1.5rem` → `24px` (16 px to the rem, the browsers' default root size).
fn rem_to_px(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let start = i;
        let number_start = bytes[i].is_ascii_digit()
            || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-');
        if number_start && !after_word {
            while i < text.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let unit_end = i + 3;
            let whole_unit = text.get(i..unit_end) == Some("rem")
                && !bytes
                    .get(unit_end)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-');
            if let (true, Ok(n)) = (whole_unit, text[start..i].parse::<f64>()) {
                let px = (n * 16.0 * 100.0).round() / 100.0;
                out.push_str(&format!("{px}px"));
                i = unit_end;
                continue;
            }
            out.push_str(&text[start..i]);
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader_css() -> String {
        fs::read_to_string(crate::root().join("www/style.css")).expect("www/style.css")
    }

    /// The reader's value of `--name`, for `scheme`, from its `:root` rule.
    fn reader_var(css: &str, name: &str, scheme: Scheme) -> String {
        let items = items(css);
        let root = &items.iter().find(|(p, _)| p == ":root").unwrap().1;
        let decls = declarations(root);
        let vars: HashMap<&str, &str> = decls
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        resolve(vars[name], &vars, scheme, 0).unwrap()
    }

    #[test]
    fn highlight_colours_are_the_readers() {
        let css = reader_css();
        let styles = derive_styles(&css).unwrap();
        for (scheme, out) in [(Scheme::Light, &styles.light), (Scheme::Dark, &styles.dark)] {
            for name in TYPES {
                let rule = out
                    .split("::highlight(")
                    .find(|r| r.starts_with(&format!("{name})")))
                    .unwrap_or_else(|| panic!("{name} in {out}"));
                if *name != "probable" {
                    let bg = reader_var(&css, &format!("--{name}-bg"), scheme);
                    assert!(
                        rule.contains(&format!("background-color: {bg};")),
                        "{name} {scheme:?}: {rule}"
                    );
                    let text = reader_var(&css, "--text", scheme);
                    assert!(rule.contains(&format!("color: {text};")), "{rule}");
                }
                let ink = reader_var(&css, &format!("--{name}-ink"), scheme);
                assert!(rule.contains(&ink), "{name} {scheme:?} ink {ink}: {rule}");
                assert!(
                    !rule.contains("var(") && !rule.contains("light-dark("),
                    "{rule}"
                );
            }
        }
        assert_ne!(styles.light, styles.dark);
    }

    #[test]
    fn card_rules_come_from_the_reader_without_rem() {
        let styles = derive_styles(&reader_css()).unwrap();
        for selector in [
            ".tip {",
            ".tip-head {",
            ".tip-type[data-type='place']",
            ".part.stem {",
            "[hidden] {",
        ] {
            assert!(styles.card.contains(selector), "{selector}");
        }
        assert!(
            !styles.card.contains("rem;") && !styles.card.contains("rem "),
            "rem left in {}",
            styles.card
        );
        assert!(styles.card.contains("--place-bg: light-dark("));
        assert!(
            !styles.card.contains(".mine-badge"),
            "only the card's selectors are kept"
        );
        assert!(!styles.card.contains("@font-face") && !styles.light.contains("@font-face"));
    }

    #[test]
    fn parsing() {
        let css = "/* a { } */ :root { --a: light-dark(#fff, #000); --b: var(--a); }\n\
                   @media (max-width: 1px) { .tip { color: red; } }\n\
                   .x, .tip-en { margin: 0.5rem 1rem; content: ';{'; }";
        let items = items(css);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].0, ":root");
        assert!(items[1].0.starts_with("@media"));
        assert_eq!(items[2].0, ".x, .tip-en");
        let decls = declarations(&items[0].1);
        let vars: HashMap<&str, &str> = decls
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(resolve("var(--b)", &vars, Scheme::Dark, 0).unwrap(), "#000");
        assert_eq!(
            resolve("1px var(--b)", &vars, Scheme::Light, 0).unwrap(),
            "1px #fff"
        );
        assert_eq!(
            rem_to_px("margin: 0.5rem 1rem; x: 2remx; .75rem"),
            "margin: 8px 16px; x: 2remx; 12px"
        );
        assert_eq!(crate::string_literal("a\"b\\\n"), "\"a\\\"b\\\\\\n\"");
    }
}
