//! Compiling validated entries into match patterns and the automata over them.
//!
//! Every written form becomes its match-stream text ([`Stream::build`]), plus the derived shapes
//! the text may show it in: without its article (for لل and بال), with ة as ت or dropped (for
//! suffixes and the plural ات), an imperfect verb without its person prefix. The matcher then
//! checks the letters around each hit against the clitic grammar for that derivation.

use std::collections::HashMap;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::source::{self, SourceEntry};
use super::variants::{spellings, toggle_definiteness};
use super::{Automaton, Entry, Glossary, MorphClass, PatternGroup, PatternKind, PatternTarget};
use crate::affixes::pronoun_suffixes;
use crate::error::{Error, Result};
use crate::segment::Stream;

/// Patterns shorter than this many characters are not searched for: a one-letter pattern would
/// hit inside nearly every word and never be a whole word after clitic checks.
const MIN_PATTERN_CHARS: usize = 2;

/// Parses, validates and compiles a set of source files into a glossary.
///
/// ```
/// use hamish::glossary::compile::compile_sources;
/// use hamish::glossary::source::HEADER;
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\n");
/// let glossary = compile_sources(&[("places.tsv", tsv.as_str())], false).unwrap();
/// assert_eq!(glossary.entries.len(), 1);
/// ```
pub fn compile_sources(files: &[(&str, &str)], user: bool) -> Result<Glossary> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in files {
        let (mut parsed, mut bad) = source::parse_lenient(name, text, user);
        entries.append(&mut parsed);
        problems.append(&mut bad);
    }
    if let Err(error) = source::validate(&entries) {
        problems.extend(error.messages().iter().cloned());
    }
    if let Some(error) = Error::from_messages(problems) {
        return Err(error);
    }
    compile(entries.into_iter().map(|e: SourceEntry| e.entry).collect())
}

/// Compiles entries (already validated) into a glossary with its automaton.
pub fn compile(entries: Vec<Entry>) -> Result<Glossary> {
    let mut groups: Vec<PatternGroup> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (entry_index, entry) in entries.iter().enumerate() {
        for (pattern, kind) in derive_patterns(entry) {
            if pattern.chars().count() < MIN_PATTERN_CHARS {
                continue;
            }
            let target = PatternTarget {
                entry: entry_index as u32,
                kind,
            };
            let group = *index.entry(pattern.clone()).or_insert_with(|| {
                groups.push(PatternGroup {
                    multiword: pattern.contains(' '),
                    pattern,
                    targets: Vec::new(),
                });
                groups.len() - 1
            });
            if !groups[group].targets.contains(&target) {
                groups[group].targets.push(target);
            }
        }
    }
    let highlights = build_highlights(&entries, &groups)?;
    Ok(Glossary::new(entries, groups, highlights))
}

/// The automaton over the patterns of highlighted entries ([`Glossary::highlights`]) in
/// `groups`, whose targets index `entries`.
pub(crate) fn build_highlights(entries: &[Entry], groups: &[PatternGroup]) -> Result<Automaton> {
    build_automaton(groups.iter().enumerate().filter(|(_, g)| {
        g.targets.iter().any(|t| {
            entries
                .get(t.entry as usize)
                .is_some_and(super::is_highlighted)
        })
    }))
}

/// An automaton over the patterns of `groups`, each with its group index as value.
pub(crate) fn build_automaton<'g>(
    groups: impl Iterator<Item = (usize, &'g PatternGroup)>,
) -> Result<Automaton> {
    let mut patterns = groups
        .map(|(i, g)| (g.pattern.as_str(), i as u32))
        .peekable();
    let built = if patterns.peek().is_none() {
        // daachorse cannot build from nothing; a pattern no stream can contain stands in.
        CharwiseDoubleArrayAhoCorasick::with_values([("\n\n", u32::MAX)])
    } else {
        CharwiseDoubleArrayAhoCorasick::with_values(patterns)
    };
    built.map_err(|e| Error::new(format!("cannot build the matcher: {e}")))
}

/// The patterns one entry is searched by, each with how it was derived.
///
/// ```
/// use hamish::glossary::compile::derive_patterns;
/// use hamish::glossary::{Entry, EntryType, PatternKind, Pos};
/// let entry = Entry {
///     id: "word.madina".into(), ar: "مدينة".into(), voc: String::new(),
///     entry_type: EntryType::Word, en: "city".into(), tr: "madīnah".into(),
///     aliases: vec!["مدن".into()], expands: String::new(), refers: String::new(),
///     pos: Some(Pos::Noun), notes: String::new(), user: false,
/// };
/// let patterns = derive_patterns(&entry);
/// assert!(patterns.contains(&("مدينه".to_string(), PatternKind::Whole)));
/// assert!(patterns.contains(&("مدينت".to_string(), PatternKind::TaMarbutaT)));
/// assert!(patterns.contains(&("مدين".to_string(), PatternKind::TaMarbutaDropped)));
/// assert!(patterns.contains(&("مدن".to_string(), PatternKind::Whole)));
/// ```
pub fn derive_patterns(entry: &Entry) -> Vec<(String, PatternKind)> {
    let class = entry.morph_class();
    let mut out: Vec<(String, PatternKind)> = Vec::new();
    for (form_index, form) in entry.forms().enumerate() {
        let written = Stream::build(form).text;
        if written.is_empty() {
            continue;
        }
        let mut texts = if written.contains(' ') {
            spellings(&written)
        } else {
            vec![written]
        };
        if class == MorphClass::Noun {
            let toggled: Vec<String> = texts
                .iter()
                .filter_map(|t| toggle_definiteness(t))
                .collect();
            texts.extend(toggled);
        }
        for text in texts {
            derive_from_text(text, class, form_index, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn derive_from_text(
    text: String,
    class: MorphClass,
    form_index: usize,
    out: &mut Vec<(String, PatternKind)>,
) {
    let single_word = !text.contains(' ');
    if let Some(bare) = text.strip_prefix("ال") {
        if bare.chars().take_while(|&c| c != ' ').count() >= 2 {
            out.push((bare.to_string(), PatternKind::Bare));
        }
    }
    if class == MorphClass::Noun && single_word {
        if let Some(stem) = text.strip_suffix('ه') {
            if stem.chars().count() >= 2 {
                out.push((format!("{stem}ت"), PatternKind::TaMarbutaT));
                out.push((stem.to_string(), PatternKind::TaMarbutaDropped));
            }
        }
    }
    if matches!(class, MorphClass::Preposition | MorphClass::Particle) && text.chars().count() == 1
    {
        for pronoun in pronoun_suffixes() {
            out.push((format!("{text}{pronoun}"), PatternKind::WithPronoun));
        }
    }
    if class == MorphClass::Verb && form_index > 0 && single_word {
        if let Some(stem) = text.strip_prefix('ي') {
            out.push((stem.to_string(), PatternKind::Imperfect));
        }
    }
    out.push((text, PatternKind::Whole));
}
