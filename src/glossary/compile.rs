//! Compiling validated entries into match patterns and the automata over them.
//!
//! Every written form becomes its match-stream text ([`Stream::build`]), plus the derived shapes
//! the text may show it in: without its article (for لل and بال), with ة as ت or dropped (for
//! suffixes and the plural ات), an imperfect verb without its person prefix. The matcher then
//! checks the letters around each hit against the clitic grammar for that derivation.

use std::collections::HashMap;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::source::{self, SourceEntry};
use super::variants::{run_together, spellings, toggle_definiteness};
use super::{
    Automaton, Entry, EntryType, Glossary, MorphClass, PatternGroup, PatternKind, PatternTarget,
    Pos,
};
use crate::affixes::{parse_prefix, parse_suffix, pronoun_suffixes, Surroundings, NAME_PROCLITICS};
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
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\t\t2026-12-06\n");
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
        let class = entry.morph_class();
        let mut derived: Vec<(String, PatternKind, bool, Letters)> = Vec::new();
        let mut add = |form: &str, class, form_index, short| {
            let mut out = Vec::new();
            derive_form(form, class, form_index, &mut out);
            let mut letters = Letters::of(form);
            letters.inflected =
                class == MorphClass::Verb && form_index > 0 && is_inflected_perfect(form);
            derived.extend(out.into_iter().map(|(p, k)| (p, k, short, letters)));
        };
        for (form_index, form) in entry.forms().enumerate() {
            add(form, class, form_index, false);
        }
        for form in &entry.short {
            add(form, MorphClass::Name, 0, true);
        }
        for (pattern, kind, short, letters) in derived {
            let hamza_alif_lam = letters.hamza_alif_lam && pattern.starts_with("ال");
            if pattern.chars().count() < MIN_PATTERN_CHARS {
                continue;
            }
            let group = *index.entry(pattern.clone()).or_insert_with(|| {
                groups.push(PatternGroup {
                    multiword: pattern.contains(' '),
                    pattern,
                    targets: Vec::new(),
                });
                groups.len() - 1
            });
            let targets = &mut groups[group].targets;
            match targets
                .iter_mut()
                .find(|t| t.entry == entry_index as u32 && t.kind == kind)
            {
                // One pattern from several forms of the entry: it is a short form only if every
                // such form is, and spelled out only if every such form is (قسد and ق س د).
                Some(known) => {
                    known.short &= short;
                    known.spelled &= letters.spelled;
                    known.ta_marbuta &= letters.ta_marbuta;
                    known.hamza_alif_lam &= hamza_alif_lam;
                    known.inflected &= letters.inflected;
                }
                None => targets.push(PatternTarget {
                    entry: entry_index as u32,
                    kind,
                    short,
                    ta_marbuta: letters.ta_marbuta,
                    hamza_alif_lam,
                    inflected: letters.inflected,
                    spelled: letters.spelled,
                    function_word: false,
                    ordinary: false,
                    yields_to_word: 0,
                }),
            }
        }
    }
    mark_function_words(&entries, &mut groups, &index);
    mark_ordinary_words(&entries, &mut groups, &index);
    let highlights = build_highlights(&entries, &groups)?;
    Ok(Glossary::new(entries, groups, highlights))
}

/// What a written form's letters say that its normalised pattern no longer does.
#[derive(Clone, Copy)]
struct Letters {
    /// Spelled out letter by letter (ب ي د، ق س د).
    spelled: bool,
    /// Ends in ة (marks aside).
    ta_marbuta: bool,
    /// Starts with a hamza on alif before ل (ألسنة، آلام).
    hamza_alif_lam: bool,
    /// A verb's perfect listed with its subject ending (دعونا), set by the caller.
    inflected: bool,
}

impl Letters {
    fn of(form: &str) -> Letters {
        let normalised = crate::normalise::normalise(form);
        let mut words = normalised.split_whitespace();
        let spelled = words.clone().count() > 1 && words.all(|w| w.chars().count() == 1);
        let mut kept = form.chars().filter(|&c| !crate::normalise::is_deleted(c));
        let hamza_alif_lam =
            matches!(kept.next(), Some('أ' | 'إ' | 'آ')) && kept.next() == Some('ل');
        Letters {
            inflected: false,
            spelled,
            ta_marbuta: form
                .chars()
                .rev()
                .find(|&c| !crate::normalise::is_deleted(c))
                == Some('ة'),
            hamza_alif_lam,
        }
    }
}

/// Whether a verb's alias is a perfect with its subject ending on it (دعونا، عدت، رأوا): not an
/// imperfect (those begin with a person prefix), and ending as a subject does.
fn is_inflected_perfect(form: &str) -> bool {
    let written = crate::normalise::normalise(form);
    !written.starts_with(['ي', 'ت', 'ن', 'ا'])
        && ["وا", "تا", "نا", "تم", "تن", "ت"]
            .iter()
            .any(|ending| written.ends_with(ending))
}

/// Patterns longer than this cannot be a function word with its clitics.
const MAX_FUNCTION_WORD_CHARS: usize = 7;

/// Flags the one-word patterns that, as a whole word, also read as a function word of the
/// general vocabulary with its clitics ([`PatternTarget::function_word`]), for every entry but
/// the function words themselves: والي (a governor) is also و + إلى "and to", علي (Ali) also
/// على "on". Such collisions come from folding (وإلى and والى both fold to والي, على to علي),
/// and the matcher lets the function word win when the text's letters had to be folded.
fn mark_function_words(
    entries: &[Entry],
    groups: &mut [PatternGroup],
    index: &HashMap<String, usize>,
) {
    for g in 0..groups.len() {
        let group = &groups[g];
        if group.multiword
            || group.pattern.chars().count() > MAX_FUNCTION_WORD_CHARS
            || group
                .targets
                .iter()
                .all(|t| is_function_word(&entries[t.entry as usize]))
            || general_reading(&group.pattern, entries, groups, index, is_function_word).is_none()
        {
            continue;
        }
        for target in &mut groups[g].targets {
            target.function_word = !is_function_word(&entries[target.entry as usize]);
        }
    }
}

/// Patterns longer than this are not checked for making ordinary words with clitics: collisions
/// with the general vocabulary are a matter of short forms.
const MAX_ORDINARY_CHARS: usize = 10;

/// Marks where a highlighted entry's one-word pattern meets an ordinary word of the general
/// vocabulary ([`PatternTarget::ordinary`], [`PatternTarget::yields_to_word`]): a short form
/// that is itself an ordinary word (العودة, "the return", is also Ahmad al-Awda), and the
/// proclitics under which the whole written word is an ordinary word that starts where the
/// written word does (كامل is not ك + أمل). What the page's path cannot see, since it scans
/// no general words, is decided here once.
fn mark_ordinary_words(
    entries: &[Entry],
    groups: &mut [PatternGroup],
    index: &HashMap<String, usize>,
) {
    let general = |e: &Entry| e.entry_type == EntryType::Word;
    let mut marks: Vec<(usize, usize, bool, u32)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if group.multiword || group.pattern.chars().count() > MAX_ORDINARY_CHARS {
            continue;
        }
        for (t, target) in group.targets.iter().enumerate() {
            let entry = &entries[target.entry as usize];
            if !super::is_highlighted(entry)
                || !matches!(target.kind, PatternKind::Whole | PatternKind::Bare)
            {
                continue;
            }
            let class = if target.short {
                MorphClass::Name
            } else {
                entry.morph_class()
            };
            let mut yields = 0u32;
            let mut ordinary = false;
            for (bit, proclitic) in NAME_PROCLITICS.iter().enumerate() {
                if parse_prefix(proclitic, class, target.kind, &group.pattern).is_none() {
                    continue;
                }
                let word = format!("{proclitic}{}", group.pattern);
                let Some(start) = general_reading(&word, entries, groups, index, general) else {
                    continue;
                };
                // The short form as written: the word itself, or a Bare pattern with its article.
                let as_written = match target.kind {
                    PatternKind::Bare => *proclitic == "ال",
                    _ => proclitic.is_empty(),
                };
                ordinary |= target.short && as_written;
                if start < proclitic.len() {
                    yields |= 1 << bit;
                }
            }
            if ordinary || yields != 0 {
                marks.push((g, t, ordinary, yields));
            }
        }
    }
    for (g, t, ordinary, yields) in marks {
        let target = &mut groups[g].targets[t];
        target.ordinary = ordinary;
        target.yields_to_word = yields;
    }
}

/// Whether an entry is a function word of the general vocabulary: a preposition, conjunction,
/// particle, pronoun, interjection or adverb.
fn is_function_word(entry: &Entry) -> bool {
    entry.entry_type == EntryType::Word
        && matches!(
            entry.pos,
            Some(Pos::Prep | Pos::Conj | Pos::Part | Pos::Pron | Pos::Interj | Pos::Adv)
        )
}

/// Where the stem of the earliest-starting reading of `word` (normalised, as a whole word) as
/// an entry passing `keep` begins, in bytes: 0 for the word itself, the length of its proclitics
/// otherwise; `None` if `word` does not read as such an entry at all.
fn general_reading(
    word: &str,
    entries: &[Entry],
    groups: &[PatternGroup],
    index: &HashMap<String, usize>,
    keep: impl Fn(&Entry) -> bool,
) -> Option<usize> {
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    // Proclitic chains are short: the stem starts within the first few letters.
    bounds.iter().enumerate().take(6).find_map(|(a, &start)| {
        bounds[a + 1..]
            .iter()
            .any(|&end| {
                let stem = &word[start..end];
                let Some(&group) = index.get(stem) else {
                    return false;
                };
                groups[group].targets.iter().any(|t| {
                    let entry = &entries[t.entry as usize];
                    if !keep(entry) {
                        return false;
                    }
                    let class = entry.morph_class();
                    let stem_end = match t.kind {
                        PatternKind::WithPronoun => {
                            start + stem.chars().next().map_or(0, char::len_utf8)
                        }
                        _ => end,
                    };
                    parse_prefix(&word[..start], class, t.kind, stem).is_some_and(|pre| {
                        parse_suffix(
                            &word[stem_end..],
                            class,
                            t.kind,
                            Surroundings::of(false, pre.has_article()),
                        )
                        .is_some()
                    })
                })
            })
            .then_some(start)
    })
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
///     aliases: vec!["مدن".into()], short: Vec::new(), expands: String::new(),
///     refers: String::new(), pos: Some(Pos::Noun), notes: String::new(),
///     checked: String::new(), user: false,
/// };
/// let patterns = derive_patterns(&entry);
/// assert!(patterns.contains(&("مدينه".to_string(), PatternKind::Whole)));
/// assert!(patterns.contains(&("مدينت".to_string(), PatternKind::TaMarbutaT)));
/// assert!(patterns.contains(&("مدين".to_string(), PatternKind::TaMarbutaDropped)));
/// assert!(patterns.contains(&("مدن".to_string(), PatternKind::Whole)));
/// ```
pub fn derive_patterns(entry: &Entry) -> Vec<(String, PatternKind)> {
    let mut out: Vec<(String, PatternKind)> = Vec::new();
    for (form_index, form) in entry.forms().enumerate() {
        derive_form(form, entry.morph_class(), form_index, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// The patterns of one written form (the entry's `form_index`th) of an entry of word `class`.
fn derive_form(
    form: &str,
    class: MorphClass,
    form_index: usize,
    out: &mut Vec<(String, PatternKind)>,
) {
    let written = Stream::build(form).text;
    if written.is_empty() {
        return;
    }
    let mut texts = spellings(&written);
    if matches!(class, MorphClass::Noun | MorphClass::Adjective) {
        let toggled: Vec<String> = texts
            .iter()
            .filter_map(|t| toggle_definiteness(t))
            .collect();
        texts.extend(toggled);
    }
    let letters: String = form
        .chars()
        .filter(|&c| !crate::normalise::is_deleted(c))
        .collect();
    // A form that starts with ال has the article, unless its alif carries a hamza (ألحق، إلغاء)
    // or it is a verb: then there is no article to leave out.
    let article = class != MorphClass::Verb && !letters.starts_with(['أ', 'إ', 'آ']);
    let joined: Vec<String> = texts.iter().flat_map(|t| run_together(t)).collect();
    for text in texts.into_iter().chain(joined) {
        derive_from_text(text, class, form_index, article, out);
    }
    let nominal = matches!(class, MorphClass::Noun | MorphClass::Adjective);
    // ى is written ا before a pronoun (قرى → قراها، مستوى → مستواه).
    if nominal && letters.ends_with('ى') && !written.contains(' ') {
        if let Some(stem) = written.strip_suffix('ي') {
            out.push((format!("{stem}ا"), PatternKind::MaqsuraAsAlif));
        }
    }
    // أ + the plural's ا is written آ (منشأة → منشآت): the stem before ات loses its alif.
    if nominal && letters.ends_with("أة") {
        if let Some(stem) = written.strip_suffix("اه") {
            if stem.chars().count() >= 2 && !stem.contains(' ') {
                out.push((stem.to_string(), PatternKind::TaMarbutaDropped));
            }
        }
    }
}

/// The patterns of an entry's [`Entry::short`] forms: matched as names are (conjunctions and
/// prepositions before, nothing after), whatever the entry's word class.
///
/// ```
/// use hamish::glossary::compile::derive_short_patterns;
/// use hamish::glossary::{Entry, EntryType, PatternKind};
/// let entry = Entry {
///     id: "person.sharaa".into(), ar: "أحمد الشرع".into(), voc: String::new(),
///     entry_type: EntryType::Person, en: "Ahmed al-Sharaa".into(), tr: "Aḥmad al-Sharaʻ".into(),
///     aliases: Vec::new(), short: vec!["الشرع".into()], expands: String::new(),
///     refers: String::new(), pos: None, notes: String::new(),
///     checked: "2026-12-06".into(), user: false,
/// };
/// let patterns = derive_short_patterns(&entry);
/// assert!(patterns.contains(&("الشرع".to_string(), PatternKind::Whole)));
/// assert!(patterns.contains(&("شرع".to_string(), PatternKind::Bare))); // للشرع
/// ```
pub fn derive_short_patterns(entry: &Entry) -> Vec<(String, PatternKind)> {
    let mut out = Vec::new();
    for form in &entry.short {
        derive_form(form, MorphClass::Name, 0, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

fn derive_from_text(
    text: String,
    class: MorphClass,
    form_index: usize,
    article: bool,
    out: &mut Vec<(String, PatternKind)>,
) {
    let single_word = !text.contains(' ');
    if let Some(bare) = text.strip_prefix("ال").filter(|_| article) {
        if bare.chars().take_while(|&c| c != ' ').count() >= 2 {
            out.push((bare.to_string(), PatternKind::Bare));
        }
    }
    if matches!(class, MorphClass::Noun | MorphClass::Adjective) && single_word {
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
