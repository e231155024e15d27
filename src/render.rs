//! Stage 5 for the command line: spans as JSON, plain text or a standalone HTML page.
//!
//! (The reader page renders in JavaScript from the flat span arrays of the WebAssembly API.)

use serde::Serialize;

use crate::affixes::Affix;
use crate::glossary::{Entry, EntryType};
use crate::names::{describe, CueKind, NameKind};
use crate::spans::{NameSpan, Span};
use crate::Glosser;

/// A term or a probable name, as rendered in text order.
#[derive(Clone, Copy)]
enum Item<'a> {
    Term(&'a Span),
    Name(&'a NameSpan),
}

impl Item<'_> {
    fn start(&self) -> usize {
        match self {
            Item::Term(s) => s.start.byte,
            Item::Name(n) => n.start.byte,
        }
    }
}

/// Terms and probable names in text order. A general word (listed with `--all`) that overlaps
/// a probable name gives way to it, so nothing overlaps.
fn merged<'a>(glosser: &Glosser, spans: &'a [Span], names: &'a [NameSpan]) -> Vec<Item<'a>> {
    let overlaps_name = |s: &Span| {
        names
            .iter()
            .any(|n| n.start.byte < s.end.byte && s.start.byte < n.end.byte)
    };
    let mut items: Vec<Item<'a>> = spans
        .iter()
        .filter(|s| glosser.entry(s.entry).entry_type != EntryType::Word || !overlaps_name(s))
        .map(Item::Term)
        .chain(names.iter().map(Item::Name))
        .collect();
    items.sort_by_key(Item::start);
    items
}

/// A probable name as the CLI's JSON shows it (`"kind": "probable"`).
#[derive(Serialize)]
struct JsonName<'a> {
    kind: &'static str,
    start: usize,
    end: usize,
    surface: &'a str,
    prefix: &'a str,
    name: &'a str,
    utf16: [usize; 2],
    bytes: [usize; 2],
    name_type: NameKind,
    cue: CueKind,
    cue_text: &'a str,
    romanisation: &'a str,
    description: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonItem<'a> {
    Term(JsonSpan<'a>),
    Name(JsonName<'a>),
}

/// A span as the CLI's JSON shows it: offsets in code points, text pieces, the entry itself.
#[derive(Serialize)]
struct JsonSpan<'a> {
    kind: &'static str,
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
    spans: Vec<JsonItem<'a>>,
}

fn pieces<'a>(text: &'a str, s: &Span) -> [&'a str; 4] {
    [
        &text[s.start.byte..s.end.byte],
        &text[s.start.byte..s.stem_start.byte],
        &text[s.stem_start.byte..s.stem_end.byte],
        &text[s.stem_end.byte..s.end.byte],
    ]
}

/// Renders terms and probable names as a JSON object `{"spans": [...]}`, in text order: a
/// term has `"kind": "term"` and its entry, a probable name `"kind": "probable"`, its type, the
/// cue and a romanisation.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "لقسد";
/// let json = hamish::render::json(&g, text, &g.gloss(text), &[]);
/// assert!(json.contains("\"prefix\":\"ل\""));
/// assert!(json.contains("\"kind\":\"term\""));
/// ```
pub fn json(glosser: &Glosser, text: &str, spans: &[Span], names: &[NameSpan]) -> String {
    let items = merged(glosser, spans, names)
        .into_iter()
        .map(|item| match item {
            Item::Term(s) => {
                let [surface, prefix, stem, suffix] = pieces(text, s);
                JsonItem::Term(JsonSpan {
                    kind: "term",
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
                })
            }
            Item::Name(n) => JsonItem::Name(JsonName {
                kind: "probable",
                start: n.start.char,
                end: n.end.char,
                surface: &text[n.start.byte..n.end.byte],
                prefix: &text[n.start.byte..n.stem_start.byte],
                name: &text[n.stem_start.byte..n.end.byte],
                utf16: [n.start.utf16, n.end.utf16],
                bytes: [n.start.byte, n.end.byte],
                name_type: n.kind,
                cue: n.cue,
                cue_text: &n.cue_text,
                romanisation: &n.romanisation,
                description: describe(n.kind, n.cue, &n.cue_text),
            }),
        })
        .collect();
    let doc = JsonDocument { spans: items };
    serde_json::to_string(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// Renders one line per span: offsets, surface, breakdown, entry id, type and gloss; for a
/// probable name, `probable`, its type, and what is known of it with a romanisation.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "لقسد";
/// let out = hamish::render::text(&g, text, &g.gloss(text), &[]);
/// assert!(out.starts_with("0-4\tلقسد\tل+قسد\t"));
/// ```
pub fn text(glosser: &Glosser, text: &str, spans: &[Span], names: &[NameSpan]) -> String {
    let mut out = String::new();
    for item in merged(glosser, spans, names) {
        match item {
            Item::Term(s) => {
                let [surface, prefix, stem, suffix] = pieces(text, s);
                let e = glosser.entry(s.entry);
                out.push_str(&format!(
                    "{}-{}\t{surface}\t{}\t{}\t{}\t{}\n",
                    s.start.char,
                    s.end.char,
                    breakdown(&[prefix, stem, suffix]),
                    e.id,
                    e.entry_type.name(),
                    e.en
                ));
            }
            Item::Name(n) => out.push_str(&format!(
                "{}-{}\t{}\t{}\tprobable\t{}\t{}: {}\n",
                n.start.char,
                n.end.char,
                &text[n.start.byte..n.end.byte],
                breakdown(&[
                    &text[n.start.byte..n.stem_start.byte],
                    &text[n.stem_start.byte..n.end.byte]
                ]),
                n.kind.name(),
                describe(n.kind, n.cue, &n.cue_text),
                n.romanisation
            )),
        }
    }
    out
}

fn breakdown(pieces: &[&str]) -> String {
    pieces
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("+")
}

/// Renders a standalone HTML page with the terms marked and glosses in tooltips.
///
/// All text is escaped: nothing from the input or the glossary is ever read as markup.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "<script>x</script> قسد";
/// let page = hamish::render::html(&g, text, &g.gloss(text), &[]);
/// assert!(page.contains("&lt;script&gt;"));
/// assert!(!page.contains("<script>x"));
/// ```
pub fn html(glosser: &Glosser, text: &str, spans: &[Span], names: &[NameSpan]) -> String {
    let mut body = String::new();
    let mut at = 0;
    for item in merged(glosser, spans, names) {
        let s = match item {
            Item::Term(s) => s,
            Item::Name(n) => {
                body.push_str(&escape(&text[at..n.start.byte]));
                let title = format!(
                    "{} — {}",
                    describe(n.kind, n.cue, &n.cue_text),
                    n.romanisation
                );
                body.push_str(&format!(
                    "<span class=\"probable\" title=\"{}\">{}<mark class=\"probable\">{}</mark></span>",
                    escape(&title),
                    escape(&text[n.start.byte..n.stem_start.byte]),
                    escape(&text[n.stem_start.byte..n.end.byte]),
                ));
                at = n.end.byte;
                continue;
            }
        };
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
.event{color:#b0122b}.term{color:inherit}mark.term{color:#5b5b00}mark.word{border:none;color:inherit}\
mark.probable{color:inherit;border-bottom:.12em dotted #777}";

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
