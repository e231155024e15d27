//! Stage 5 for the command line: spans as JSON, plain text or a standalone HTML page.
//!
//! (The reader page renders in JavaScript from the flat span arrays of the WebAssembly API.)

use serde::Serialize;

use crate::affixes::Affix;
use crate::glossary::Entry;
use crate::spans::Span;
use crate::Glosser;

/// A span as the CLI's JSON shows it: offsets in code points, text pieces, the entry itself.
#[derive(Serialize)]
struct JsonSpan<'a> {
    start: usize,
    end: usize,
    surface: &'a str,
    prefix: &'a str,
    stem: &'a str,
    suffix: &'a str,
    prefix_parts: &'a [Affix],
    suffix_parts: &'a [Affix],
    utf16: [usize; 2],
    bytes: [usize; 2],
    entry: &'a Entry,
    alternatives: Vec<&'a str>,
    disguised: bool,
    /// Named by a short form, a second mention (الشرع).
    short: bool,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    spans: Vec<JsonSpan<'a>>,
}

fn pieces<'a>(text: &'a str, s: &Span) -> [&'a str; 4] {
    [
        &text[s.start.byte..s.end.byte],
        &text[s.start.byte..s.stem_start.byte],
        &text[s.stem_start.byte..s.stem_end.byte],
        &text[s.stem_end.byte..s.end.byte],
    ]
}

/// Renders spans as a JSON object `{"spans": [...]}`.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "لقسد";
/// let json = hamish::render::json(&g, text, &g.gloss(text));
/// assert!(json.contains("\"prefix\":\"ل\""));
/// ```
pub fn json(glosser: &Glosser, text: &str, spans: &[Span]) -> String {
    let doc = JsonDocument {
        spans: spans
            .iter()
            .map(|s| {
                let [surface, prefix, stem, suffix] = pieces(text, s);
                JsonSpan {
                    start: s.start.char,
                    end: s.end.char,
                    surface,
                    prefix,
                    stem,
                    suffix,
                    prefix_parts: &s.prefix,
                    suffix_parts: &s.suffix,
                    utf16: [s.start.utf16, s.end.utf16],
                    bytes: [s.start.byte, s.end.byte],
                    entry: glosser.entry(s.entry),
                    alternatives: s
                        .alternatives
                        .iter()
                        .map(|&a| glosser.entry(a).id.as_str())
                        .collect(),
                    disguised: s.disguised,
                    short: s.short,
                }
            })
            .collect(),
    };
    serde_json::to_string(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// Renders one line per span: offsets, surface, breakdown, entry id, type and gloss.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "لقسد";
/// let out = hamish::render::text(&g, text, &g.gloss(text));
/// assert!(out.starts_with("0-4\tلقسد\tل+قسد\t"));
/// ```
pub fn text(glosser: &Glosser, text: &str, spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let [surface, prefix, stem, suffix] = pieces(text, s);
        let e = glosser.entry(s.entry);
        let breakdown = [prefix, stem, suffix]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("+");
        out.push_str(&format!(
            "{}-{}\t{surface}\t{breakdown}\t{}\t{}\t{}\n",
            s.start.char,
            s.end.char,
            e.id,
            e.entry_type.name(),
            e.en
        ));
    }
    out
}

/// Renders a standalone HTML page with the terms marked and glosses in tooltips.
///
/// All text is escaped: nothing from the input or the glossary is ever read as markup.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "<script>x</script> قسد";
/// let page = hamish::render::html(&g, text, &g.gloss(text));
/// assert!(page.contains("&lt;script&gt;"));
/// assert!(!page.contains("<script>x"));
/// ```
pub fn html(glosser: &Glosser, text: &str, spans: &[Span]) -> String {
    let mut body = String::new();
    let mut at = 0;
    for s in spans {
        body.push_str(&escape(&text[at..s.start.byte]));
        let [_, prefix, stem, suffix] = pieces(text, s);
        let e = glosser.entry(s.entry);
        let title = if e.expands.is_empty() {
            format!("{} — {} ({})", e.ar, e.en, e.entry_type.name())
        } else {
            format!(
                "{} — {} — {} ({})",
                e.ar,
                e.expands,
                e.en,
                e.entry_type.name()
            )
        };
        body.push_str(&format!(
            "<span class=\"term\" title=\"{}\">{}<mark class=\"{}\">{}</mark>{}</span>",
            escape(&title),
            escape(prefix),
            e.entry_type.name(),
            escape(stem),
            escape(suffix)
        ));
        at = s.end.byte;
    }
    body.push_str(&escape(&text[at..]));
    format!(
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>hamish</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<article>{}</article>\n</body>\n</html>\n",
        body.replace('\n', "<br>\n")
    )
}

const STYLE: &str = "body{font:1.25rem/2 'Noto Naskh Arabic','Amiri',serif;max-width:46rem;margin:2rem auto;padding:0 1rem}\
mark{background:none;border-bottom:.15em solid;padding:0}\
.organisation{color:#0b5394}.abbreviation{color:#7a2fa8}.person{color:#9c4a00}.place{color:#1e7a34}\
.event{color:#b0122b}.term{color:inherit}mark.term{color:#5b5b00}mark.word{border:none;color:inherit}";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
