//! Stage 3: find glossary terms in the match stream.
//!
//! One pass of the automaton (overlapping, so a stem inside a cliticised word is seen) reports
//! every pattern occurrence. Each occurrence becomes a [`Candidate`] only if it lines up with
//! word boundaries once the clitic grammar ([`crate::affixes`]) has accounted for the letters
//! before and after it. Then the candidates are chosen leftmost-longest: at each word the
//! candidate covering the most words wins; among equals, the one that strips fewest letters
//! (so the whole word beats a clitic reading), then the more specific entry type.
//!
//! Everything is linear in the text: the automaton pass, one validation per occurrence (the
//! number of occurrences ending at a position is bounded by the longest pattern), and one
//! selection pass over words.
//!
//! The hot loop reads the glossary through an [`Index`]: per pattern, its targets with the little
//! of each entry it needs (word class, type, priority) in two flat arrays, so that validating an
//! occurrence touches a few bytes instead of the entries themselves. An occurrence whose leftover
//! letters cannot be clitics at all (a stem found inside a longer word) is dropped before any
//! target is looked at. [`choose`] keeps readings as small [`Reading`]s and leaves the affixes to
//! the few chosen ones; [`candidates`] and [`select`] keep every reading with its affixes.

use std::cmp::{Ordering, Reverse};

use crate::affixes::{
    parse_prefix, parse_suffix, proclitic_index, reconcile_verb, Affixes, Surroundings,
};
use crate::glossary::{EntryType, Glossary, MorphClass, PatternKind};
use crate::segment::{Stream, Word};

/// Letters of clitics are few: a longer leftover cannot be a clitic chain.
const MAX_PREFIX_BYTES: usize = 10;
const MAX_SUFFIX_BYTES: usize = 12;

/// One way to read some words of the text as a glossary entry, with its affixes parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Which words, which stem, which entry.
    pub reading: Reading,
    /// Clitics before the stem.
    pub prefix: Affixes,
    /// Affixes after the stem.
    pub suffix: Affixes,
}

/// A chosen candidate and the other entries that read the same words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The winning reading.
    pub best: Candidate,
    /// Other entries for exactly the same words, best first.
    pub alternatives: Vec<u32>,
}

/// The glossary's patterns laid out for the matcher's hot loop.
///
/// For each pattern group (the automaton's value), a range of targets; for each target, what the
/// matcher needs of its entry. Built once per glossary ([`crate::Glosser`] keeps one).
#[derive(Clone, Default)]
pub struct Index {
    groups: Vec<GroupInfo>,
    targets: Vec<TargetInfo>,
    /// Whether the index covers only highlighted entries ([`Index::highlights`]), and scans
    /// with the glossary's highlights automaton.
    highlights: bool,
}

#[derive(Clone, Copy, Debug)]
struct GroupInfo {
    first: u32,
    count: u32,
    multiword: bool,
}

#[derive(Clone, Copy, Debug)]
struct TargetInfo {
    entry: u32,
    kind: PatternKind,
    class: MorphClass,
    entry_type: EntryType,
    priority: u8,
    short: bool,
    spelled: bool,
    function_word: bool,
    ordinary: bool,
    yields_to_word: u32,
    ta_marbuta: bool,
    hamza_alif_lam: bool,
    inflected: bool,
}

impl Index {
    /// Lays out `glossary`'s pattern groups for [`choose`] and [`candidates_in`].
    pub fn new(glossary: &Glossary) -> Index {
        Index::with_targets(glossary, false, |_| true)
    }

    /// An index of only the entries a reader sees highlighted (every type but general words),
    /// which scans with the glossary's highlights automaton ([`Glossary::highlights`]). General
    /// words make most automaton hits and are looked up on demand instead.
    ///
    /// ```
    /// use hamish::glossary::EntryType;
    /// use hamish::matcher::{choose, Index};
    /// use hamish::segment::Stream;
    /// let glosser = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let index = Index::highlights(glosser.glossary());
    /// let stream = Stream::build("قال مسؤول في قسد");
    /// let choices = choose(glosser.glossary(), &index, "قال مسؤول في قسد", &stream);
    /// let types: Vec<EntryType> = choices.iter().map(|(r, _)| glosser.entry(r.entry).entry_type).collect();
    /// assert_eq!(types, [EntryType::Abbreviation]);
    /// ```
    pub fn highlights(glossary: &Glossary) -> Index {
        Index::with_targets(glossary, true, crate::glossary::is_highlighted)
    }

    /// Lays out every group of `glossary` with the targets whose entries pass `keep`.
    fn with_targets(
        glossary: &Glossary,
        highlights: bool,
        keep: impl Fn(&crate::glossary::Entry) -> bool,
    ) -> Index {
        let mut index = Index {
            groups: Vec::with_capacity(glossary.groups.len()),
            targets: Vec::with_capacity(glossary.groups.len() + glossary.groups.len() / 4),
            highlights,
        };
        for group in &glossary.groups {
            let first = index.targets.len() as u32;
            for target in &group.targets {
                let Some(entry) = glossary
                    .entries
                    .get(target.entry as usize)
                    .filter(|e| keep(e))
                else {
                    continue;
                };
                index.targets.push(TargetInfo {
                    entry: target.entry,
                    kind: target.kind,
                    class: entry.morph_class(),
                    entry_type: entry.entry_type,
                    priority: entry.priority(),
                    short: target.short,
                    spelled: target.spelled,
                    function_word: target.function_word,
                    ordinary: target.ordinary,
                    yields_to_word: target.yields_to_word,
                    ta_marbuta: target.ta_marbuta,
                    hamza_alif_lam: target.hamza_alif_lam,
                    inflected: target.inflected,
                });
            }
            index.groups.push(GroupInfo {
                first,
                count: index.targets.len() as u32 - first,
                multiword: group.multiword,
            });
        }
        index
    }

    fn targets(&self, group: GroupInfo) -> &[TargetInfo] {
        let first = group.first as usize;
        &self.targets[first..first + group.count as usize]
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("groups", &self.groups.len())
            .field("targets", &self.targets.len())
            .finish()
    }
}

/// Letters any proclitic chain of [`crate::affixes`] is made of: و ف ب ك ل، the article ا ل,
/// future س and person prefixes ي ت ن ا.
const PREFIX_LETTERS: &str = "وفبكلاسيتن";

/// Letters any suffix chain of [`crate::affixes`] is made of: pronouns, number endings, verb
/// subject endings.
const SUFFIX_LETTERS: &str = "هماكنيتو";

/// A set of Arabic letters (U+0620..U+065F) as one bit per letter.
const fn letter_set(letters: &str) -> u64 {
    let bytes = letters.as_bytes();
    let mut set = 0u64;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let code = ((bytes[i] as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
        set |= 1 << (code - 0x0620);
        i += 2;
    }
    set
}

const PREFIX_SET: u64 = letter_set(PREFIX_LETTERS);
const SUFFIX_SET: u64 = letter_set(SUFFIX_LETTERS);

/// Whether `text` is made only of letters of `set`, read straight from the UTF-8 bytes (every
/// letter of U+0620..U+065F is two bytes, D8 or D9 then one more).
#[inline]
fn only_letters_of(bytes: &[u8], set: u64) -> bool {
    bytes.chunks(2).all(|pair| match *pair {
        [lead @ (0xD8 | 0xD9), next] => {
            let code = ((u32::from(lead) & 0x1F) << 6) | (u32::from(next) & 0x3F);
            let bit = code.wrapping_sub(0x0620);
            bit < 64 && set >> bit & 1 == 1
        }
        _ => false,
    })
}

#[cfg(test)]
fn is_prefix_letter(c: char) -> bool {
    PREFIX_LETTERS.contains(c)
}

#[cfg(test)]
fn is_suffix_letter(c: char) -> bool {
    SUFFIX_LETTERS.contains(c)
}

/// One way to read some words of the text as a glossary entry, without its affixes (see
/// [`Reading::candidate`]): what selection needs, in 24 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// First word of the stream covered (index into [`Stream::words`]).
    pub first_word: u32,
    /// Last word covered (inclusive).
    pub last_word: u32,
    /// Stream byte range of the stem.
    pub stem_start: u32,
    /// End of the stem in the stream (exclusive).
    pub stem_end: u32,
    /// Index of the entry in the glossary.
    pub entry: u32,
    /// How the pattern was derived from the entry's form.
    pub kind: PatternKind,
    /// Whether the words are one of the entry's short forms (a second mention: الشرع).
    pub short: bool,
    /// Whether that short form is also an ordinary word (الأسد "the lion"): then it names the
    /// entry only in a text that names it in full.
    ordinary: bool,
    /// Whether the stem is a verb form listed with its subject ending (دعونا).
    inflected: bool,
    /// The entry's [`crate::glossary::Entry::priority`], or [`YIELDS_TO_FUNCTION_WORD`].
    priority: u8,
    /// The entry's word class.
    class: MorphClass,
}

/// The priority of a reading of a word that is also a function word, written in letters that
/// had to be folded to meet the entry ([`crate::glossary::PatternTarget::function_word`]):
/// after every other reading of the same words.
const YIELDS_TO_FUNCTION_WORD: u8 = 4;

impl Reading {
    /// The full candidate for this reading: its affixes parsed again (as they were when the
    /// reading was validated) in `stream`, built from `original`.
    pub fn candidate(&self, original: &str, stream: &Stream) -> Candidate {
        let text = stream.text.as_str();
        let first = stream.words[self.first_word as usize];
        let stem = &text[self.stem_start as usize..self.stem_end as usize];
        let prefix = &text[first.start as usize..self.stem_start as usize];
        let (pre, suf) = affixes_of(
            original,
            stream,
            (self.class, self.kind, self.inflected),
            (self.first_word as usize, self.last_word as usize),
            prefix,
            stem,
            self.stem_end as usize,
        )
        .unwrap_or_default();
        Candidate {
            reading: *self,
            prefix: pre,
            suffix: suf,
        }
    }

    /// Letters stripped as clitics and affixes: fewer is better (the whole word wins).
    fn stripped(&self, stream: &Stream) -> u32 {
        let first = stream.words[self.first_word as usize];
        let last = stream.words[self.last_word as usize];
        (self.stem_start - first.start) + (last.end - self.stem_end)
    }

    fn key(&self, stream: &Stream, named: &NamedInFull) -> RankKey {
        let short = match (self.short, named.contains(self.entry)) {
            (false, _) => ShortRank::Full,
            (true, true) => ShortRank::NamedInFull,
            (true, false) => ShortRank::Short,
        };
        (
            Reverse(self.last_word),
            self.priority == YIELDS_TO_FUNCTION_WORD,
            self.stripped(stream),
            // A name written with its article, read after لل (للشرع), is as written.
            !matches!(self.kind, PatternKind::Whole | PatternKind::Bare),
            // A short form is a name: it ranks after full forms, but not after general words.
            self.priority >= GENERAL_WORD,
            short,
            self.priority,
            self.entry,
        )
    }
}

/// How a reading stands as a second mention, best first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum ShortRank {
    /// A full form of the entry.
    #[default]
    Full,
    /// A short form of an entry the same text names by a full form too.
    NamedInFull,
    /// A short form of an entry the text does not name in full.
    Short,
}

/// What orders readings starting at the same word, smallest first: more words, not yielding to a
/// function word, fewer letters stripped, the form as written, a highlighted entry over a general
/// word, a full form over a short one (and a short form of someone the text names in full over
/// one of someone it does not), the entry's priority, the entry.
type RankKey = (Reverse<u32>, bool, u32, bool, bool, ShortRank, u8, u32);

/// [`crate::glossary::Entry::priority`] of general words.
const GENERAL_WORD: u8 = 3;

/// The entries that have short-form readings in a text and are also named there by a full
/// form: their short forms are read as them first (الأسد after بشار الأسد is Bashar, after
/// حافظ الأسد Hafez).
#[derive(Clone, Debug, Default)]
pub struct NamedInFull(Vec<u32>);

impl NamedInFull {
    /// Which of the entries with short-form readings among `readings` also have full ones.
    pub fn of<'r>(readings: impl Iterator<Item = &'r Reading> + Clone) -> NamedInFull {
        let mut short: Vec<u32> = readings
            .clone()
            .filter(|r| r.short)
            .map(|r| r.entry)
            .collect();
        if short.is_empty() {
            return NamedInFull::default();
        }
        short.sort_unstable();
        short.dedup();
        let mut named: Vec<u32> = readings
            .filter(|r| !r.short && short.binary_search(&r.entry).is_ok())
            .map(|r| r.entry)
            .collect();
        named.sort_unstable();
        named.dedup();
        NamedInFull(named)
    }

    fn contains(&self, entry: u32) -> bool {
        self.0.binary_search(&entry).is_ok()
    }
}

/// The readings chosen in a stream, in text order, each with the other entries that read exactly
/// its words, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    best: Vec<Reading>,
    /// Where each choice's alternatives end in `alternatives` (they start where the previous
    /// choice's end).
    ends: Vec<u32>,
    alternatives: Vec<u32>,
}

impl Choices {
    /// Number of chosen readings.
    pub fn len(&self) -> usize {
        self.best.len()
    }

    /// Whether nothing was chosen.
    pub fn is_empty(&self) -> bool {
        self.best.is_empty()
    }

    /// Each chosen reading with its alternatives (entry indices), in text order.
    pub fn iter(&self) -> impl Iterator<Item = (&Reading, &[u32])> + '_ {
        self.best.iter().enumerate().map(|(i, best)| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
            (best, &self.alternatives[start..self.ends[i] as usize])
        })
    }
}

/// The automaton pass and the validation of every occurrence: calls `found` for each valid
/// reading with its prefix and suffix, in text order of the occurrences' ends.
fn scan(
    glossary: &Glossary,
    index: &Index,
    original: &str,
    stream: &Stream,
    found: impl FnMut(Reading, &Affixes, &Affixes),
) {
    if stream.words.is_empty() {
        return;
    }
    let automaton = if index.highlights {
        &glossary.highlights
    } else {
        glossary.automaton()
    };
    let hits = automaton
        .find_overlapping_iter(stream.text.as_str())
        .map(|hit| (hit.start() as u32, hit.end() as u32, hit.value()));
    validate(index, original, stream, hits, found);
}

/// Validates every occurrence of a pattern group in `stream`, `hits` giving (start, end, group)
/// in the order of their ends: calls `found` for each valid reading with its affixes.
#[inline]
fn validate(
    index: &Index,
    original: &str,
    stream: &Stream,
    hits: impl Iterator<Item = (u32, u32, u32)>,
    mut found: impl FnMut(Reading, &Affixes, &Affixes),
) {
    let words: &[Word] = &stream.words;
    let text = stream.text.as_str();
    let bytes = text.as_bytes();
    let mut word = 0usize;
    for (start, end, value) in hits {
        let Some(&group) = index.groups.get(value as usize) else {
            continue;
        };
        while word + 1 < words.len() && words[word].end < end {
            word += 1;
        }
        let last = word;
        let w_last = words[last];
        if end > w_last.end || (w_last.end - end) as usize > MAX_SUFFIX_BYTES {
            continue;
        }
        let mut first = last;
        if group.multiword {
            while first > 0 && words[first].start > start {
                first -= 1;
            }
        }
        let w_first = words[first];
        if start < w_first.start {
            continue;
        }
        let (word_start, word_end) = (w_first.start as usize, w_last.end as usize);
        if start as usize - word_start > MAX_PREFIX_BYTES
            || !only_letters_of(&bytes[word_start..start as usize], PREFIX_SET)
            || !only_letters_of(&bytes[end as usize..word_end], SUFFIX_SET)
        {
            continue;
        }
        let prefix = &text[word_start..start as usize];
        let stem = &text[start as usize..end as usize];
        let disguised = w_first.disguised || w_last.disguised;
        let whole_word = prefix.is_empty() && end as usize == word_end;
        for target in index.targets(group) {
            // Letters spelled out (ب ي د) stand for an abbreviation only when the text spells
            // them out too: run together they make an ordinary word (بيد "by the hand").
            if target.spelled && !disguised {
                continue;
            }
            // A word that is also a function word is read as it when its letters had to be
            // folded to meet the entry (وإلى and والى are "and to"; والي is a governor), and a
            // word that is an ordinary word as written is not a clitic and a name (كامل).
            let mut priority = target.priority;
            let function_word = target.function_word
                && whole_word
                && !disguised
                && letters_folded(original, stream, w_first);
            if function_word
                || yields_to_word(target.yields_to_word, prefix, end as usize == word_end)
                || (!index.highlights
                    && reads_hamza_before_lam(target.hamza_alif_lam, target.kind, prefix, stem)
                    && starts_with_bare_alif(original, w_first))
            {
                if index.highlights {
                    continue;
                }
                priority = YIELDS_TO_FUNCTION_WORD;
            }
            // A word written in pieces (د ا ع ش) is read only as an abbreviation or a one-word
            // name: joining letters could otherwise make ordinary words out of noise.
            if disguised
                && !(target.entry_type == EntryType::Abbreviation
                    || (target.class == MorphClass::Name
                        && !group.multiword
                        && target.entry_type != EntryType::Word))
            {
                continue;
            }
            let stem_end = match target.kind {
                PatternKind::WithPronoun => {
                    start + stem.chars().next().map_or(0, char::len_utf8) as u32
                }
                _ => end,
            };
            let Some((pre, suf)) = affixes_of(
                original,
                stream,
                (target.class, target.kind, target.inflected),
                (first, last),
                prefix,
                stem,
                stem_end as usize,
            ) else {
                continue;
            };
            if target.ta_marbuta && suf.is_accusative_alif() {
                continue;
            }
            found(
                Reading {
                    first_word: first as u32,
                    last_word: last as u32,
                    stem_start: start,
                    stem_end,
                    entry: target.entry,
                    kind: target.kind,
                    short: target.short,
                    ordinary: target.ordinary,
                    inflected: target.inflected,
                    priority,
                    class: target.class,
                },
                &pre,
                &suf,
            );
        }
    }
}

/// The affixes of a reading of words `first..=last` of `stream` (built from `original`) whose
/// stem, `stem`, ends at stream byte `stem_end` after `prefix`: the prefix and suffix as the
/// grammar parses them for the word class, read with what the text around says (a written ة, a
/// definite word after), and for a verb checked against each other; `None` if they do not parse.
#[allow(clippy::too_many_arguments)]
fn affixes_of(
    original: &str,
    stream: &Stream,
    (class, kind, inflected): (MorphClass, PatternKind, bool),
    (first, last): (usize, usize),
    prefix: &str,
    stem: &str,
    stem_end: usize,
) -> Option<(Affixes, Affixes)> {
    let word = stream.words[last];
    let suffix = &stream.text[stem_end..word.end as usize];
    let pre = parse_prefix(prefix, class, kind, stem)?;
    let mut around = Surroundings::of(first != last, pre.has_article());
    around.inflected = inflected;
    // Only an ending that reads two ways needs to look further than its letters.
    if matches!(class, MorphClass::Noun | MorphClass::Adjective) {
        around.written_ta_marbuta = suffix.ends_with('ه') && ends_in_ta_marbuta(original, word);
        around.before_definite = matches!(suffix, "ي" | "ا") && before_definite(stream, last);
    }
    let suf = parse_suffix(suffix, class, kind, around)?;
    let pre = if class == MorphClass::Verb {
        reconcile_verb(pre, &suf, kind)?
    } else {
        pre
    };
    Some((pre, suf))
}

/// Whether a reading takes a word's initial ا + ل for a hamza and ل: a form that starts so
/// (ألسنة، آلام) read whole, or the imperfect's أ "I" before a stem in ل (ألحق).
fn reads_hamza_before_lam(
    hamza_alif_lam: bool,
    kind: PatternKind,
    prefix: &str,
    stem: &str,
) -> bool {
    (hamza_alif_lam && prefix.is_empty())
        || (kind == PatternKind::Imperfect && prefix == "ا" && stem.starts_with('ل'))
}

/// Whether `word` of the original text starts with a bare alif (ا, not أ إ آ): السنة is then
/// ال + سنة "the year" before ألسنة "tongues".
fn starts_with_bare_alif(original: &str, word: Word) -> bool {
    original
        .get(word.orig_start as usize..)
        .unwrap_or_default()
        .chars()
        .find(|&c| !crate::normalise::is_deleted(c))
        == Some('ا')
}

/// Whether `word` of the original text ends in ة (marks aside).
fn ends_in_ta_marbuta(original: &str, word: Word) -> bool {
    original
        .get(..word.orig_end as usize)
        .unwrap_or_default()
        .chars()
        .rev()
        .find(|&c| !crate::normalise::is_deleted(c))
        == Some('ة')
}

/// Whether the word after word `index` of `stream` belongs to the same phrase and is definite.
fn before_definite(stream: &Stream, index: usize) -> bool {
    let (Some(word), Some(next)) = (stream.words.get(index), stream.words.get(index + 1)) else {
        return false;
    };
    let gap = &stream.text[word.end as usize..next.start as usize];
    gap == " " && stream.text[next.start as usize..].starts_with("ال")
}

/// Whether a letter of `word` is written in `original` (the text `stream` was built from) in a
/// form the normaliser folded (أ إ آ ى ة ؤ ئ, Persian and Kurdish letters, presentation forms),
/// rather than as the stream has it. Marks and tatweel, which are only deleted, do not count.
fn letters_folded(original: &str, stream: &Stream, word: Word) -> bool {
    let written = original
        .get(word.orig_start as usize..word.orig_end as usize)
        .unwrap_or_default();
    let kept = written
        .chars()
        .filter(|&c| !crate::normalise::is_deleted(c));
    !kept.eq(stream.text[word.start as usize..word.end as usize].chars())
}

/// Whether a reading of a word with `prefix` before the pattern and nothing after it (when
/// `ends_word`) yields to an ordinary word the compiler found there: `mask` is the target's
/// [`crate::glossary::PatternTarget::yields_to_word`].
#[inline]
fn yields_to_word(mask: u32, prefix: &str, ends_word: bool) -> bool {
    mask != 0 && ends_word && proclitic_index(prefix).is_some_and(|bit| mask >> bit & 1 == 1)
}

impl Reading {
    /// Whether this reading yields to another reading of the same word the grammar prefers (a
    /// function word, an ordinary word as written, the article before a hamza): it comes last.
    pub fn yields(&self) -> bool {
        self.priority == YIELDS_TO_FUNCTION_WORD
    }

    /// Whether this is a short form that is also an ordinary word (العودة "the return", الأسد
    /// "the lion") standing unsupported: the text does not name its entry in full anywhere.
    pub fn is_unsupported_short_form(&self, named: &NamedInFull) -> bool {
        self.short && self.ordinary && !named.contains(self.entry)
    }
}

/// Every valid reading of the stream with its affixes, in no particular order.
///
/// Builds an [`Index`] of the glossary first; with one at hand, use [`candidates_in`].
pub fn candidates(glossary: &Glossary, original: &str, stream: &Stream) -> Vec<Candidate> {
    candidates_in(glossary, &Index::new(glossary), original, stream)
}

/// Like [`candidates`], with the glossary's [`Index`] already built.
pub fn candidates_in(
    glossary: &Glossary,
    index: &Index,
    original: &str,
    stream: &Stream,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    scan(glossary, index, original, stream, |r, pre, suf| {
        out.push(Candidate {
            reading: r,
            prefix: *pre,
            suffix: *suf,
        });
    });
    out
}

/// The one-word patterns of a glossary by their text, to look a few words up without the
/// automaton over every pattern (which takes a while to build): see [`candidates_by_lookup`].
/// It keeps only a hash per pattern (the glossary holds the text), so building it allocates
/// nothing per pattern.
#[derive(Debug, Default)]
pub struct PatternTable {
    /// Hash of a pattern's text → its group; patterns whose hash another took first are in
    /// `more`.
    groups: rustc_hash::FxHashMap<u64, u32>,
    more: Vec<u32>,
}

fn pattern_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

impl PatternTable {
    /// The table of `glossary`'s one-word patterns.
    pub fn new(glossary: &Glossary) -> PatternTable {
        let mut table = PatternTable::default();
        table.groups.reserve(glossary.groups.len());
        for (i, g) in glossary.groups.iter().enumerate() {
            if g.multiword {
                continue;
            }
            if let Some(taken) = table.groups.insert(pattern_hash(&g.pattern), i as u32) {
                table.groups.insert(pattern_hash(&g.pattern), taken);
                table.more.push(i as u32);
            }
        }
        table
    }

    /// The group whose pattern is `text`, if any.
    pub fn group(&self, glossary: &Glossary, text: &str) -> Option<u32> {
        let matches = |g: &u32| glossary.groups[*g as usize].pattern == text;
        self.groups
            .get(&pattern_hash(text))
            .filter(|g| matches(g))
            .or_else(|| self.more.iter().find(|g| matches(g)))
            .copied()
    }
}

/// Like [`candidates_in`] for the one-word readings only, finding the patterns by looking up
/// every way each word splits into clitic letters, a stem and ending letters, instead of
/// scanning with the automaton: for a few short texts (one word), where building the automaton
/// over every pattern would cost more than all the lookups.
///
/// ```
/// use hamish::matcher::{candidates_by_lookup, candidates_in, Index, PatternTable};
/// use hamish::segment::Stream;
/// let glosser = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let (glossary, index) = (glosser.glossary(), Index::new(glosser.glossary()));
/// let table = PatternTable::new(glossary);
/// let stream = Stream::build("وبالتحالف");
/// let mut found = candidates_by_lookup(glossary, &index, &table, "وبالتحالف", &stream);
/// let mut all = candidates_in(glossary, &index, "وبالتحالف", &stream);
/// found.sort_by_key(|c| (c.reading.entry, c.reading.stem_start));
/// all.sort_by_key(|c| (c.reading.entry, c.reading.stem_start));
/// assert_eq!(found, all);
/// ```
pub fn candidates_by_lookup(
    glossary: &Glossary,
    index: &Index,
    table: &PatternTable,
    original: &str,
    stream: &Stream,
) -> Vec<Candidate> {
    let text = stream.text.as_str();
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    for w in &stream.words {
        let (start, end) = (w.start as usize, w.end as usize);
        // Stems end at every character boundary from the word's end back over suffix letters,
        // and start after any run of prefix letters: the same (start, end) pairs the
        // automaton would report inside the word, in the order of their ends.
        let ends = (start..=end)
            .rev()
            .filter(|&e| text.is_char_boundary(e))
            .take_while(|&e| {
                e == end
                    || (end - e <= MAX_SUFFIX_BYTES && only_letters_of(&bytes[e..end], SUFFIX_SET))
            });
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        for stem_end in ends {
            for stem_start in (start..stem_end).filter(|&b| text.is_char_boundary(b)) {
                if stem_start - start > MAX_PREFIX_BYTES
                    || !only_letters_of(&bytes[start..stem_start], PREFIX_SET)
                {
                    break;
                }
                if let Some(group) = table.group(glossary, &text[stem_start..stem_end]) {
                    found.push((stem_start as u32, stem_end as u32, group));
                }
            }
        }
        found.sort_unstable_by_key(|&(s, e, _)| (e, s));
        hits.extend(found);
    }
    let mut out = Vec::new();
    validate(index, original, stream, hits.into_iter(), |r, pre, suf| {
        out.push(Candidate {
            reading: r,
            prefix: *pre,
            suffix: *suf,
        });
    });
    out
}

/// Finds and chooses the readings of the stream in one go: the same choices as [`select`] over
/// [`candidates`], without keeping the affixes of every reading (get them for a chosen one with
/// [`Reading::candidate`]).
pub fn choose(glossary: &Glossary, index: &Index, original: &str, stream: &Stream) -> Choices {
    let mut readings = Vec::with_capacity(stream.words.len() + stream.words.len() / 2);
    scan(glossary, index, original, stream, |r, _, _| {
        readings.push(r)
    });
    let named = NamedInFull::of(readings.iter());
    readings.retain(|r| !r.is_unsupported_short_form(&named));
    let (best, ends, alternatives) = pick(
        stream.words.len(),
        &readings,
        |r| (r.first_word, r.last_word, r.entry),
        |r| r.key(stream, &named),
    );
    Choices {
        best,
        ends,
        alternatives,
    }
}

/// Orders two readings of text starting at the same word: `Less` means `a` is preferred. Short
/// forms come after full ones; which entries the whole text names in full is not known here.
pub fn rank(stream: &Stream, a: &Candidate, b: &Candidate) -> Ordering {
    let named = NamedInFull::default();
    a.reading
        .key(stream, &named)
        .cmp(&b.reading.key(stream, &named))
}

/// Chooses non-overlapping readings, leftmost-longest, with ties broken by [`rank`].
pub fn select(stream: &Stream, candidates: &[Candidate]) -> Vec<Selection> {
    let named = NamedInFull::of(candidates.iter().map(|c| &c.reading));
    let kept: Vec<Candidate>;
    let candidates = if candidates
        .iter()
        .any(|c| c.reading.is_unsupported_short_form(&named))
    {
        kept = candidates
            .iter()
            .filter(|c| !c.reading.is_unsupported_short_form(&named))
            .copied()
            .collect();
        &kept[..]
    } else {
        candidates
    };
    let (best, ends, alternatives) = pick(
        stream.words.len(),
        candidates,
        |c| (c.reading.first_word, c.reading.last_word, c.reading.entry),
        |c| c.reading.key(stream, &named),
    );
    let mut start = 0;
    best.into_iter()
        .zip(ends)
        .map(|(best, end)| {
            let alternatives = alternatives[start..end as usize].to_vec();
            start = end as usize;
            Selection { best, alternatives }
        })
        .collect()
}

/// Leftmost-longest choice over readings of `words` words: at each word the best reading
/// starting there (smallest `key`), then on after its last word. `span` gives a reading's first
/// word, last word and entry.
///
/// Returns the chosen readings in text order, and the other entries reading exactly the words of
/// each, best first, in one array: those of choice `i` end at `ends[i]`.
fn pick<T: Copy>(
    words: usize,
    items: &[T],
    span: impl Fn(&T) -> (u32, u32, u32),
    key: impl Fn(&T) -> RankKey,
) -> (Vec<T>, Vec<u32>, Vec<u32>) {
    const NONE: u32 = u32::MAX;
    let mut best_at = vec![NONE; words];
    for (index, c) in items.iter().enumerate() {
        let slot = &mut best_at[span(c).0 as usize];
        if *slot == NONE || key(c) < key(&items[*slot as usize]) {
            *slot = index as u32;
        }
    }
    // `best_at` becomes the map from a chosen reading's first word to its place in `chosen`.
    let mut chosen: Vec<T> = Vec::with_capacity(words / 2);
    let mut word = 0usize;
    while word < words {
        match best_at[word] {
            NONE => word += 1,
            index => {
                let best = items[index as usize];
                best_at[word] = chosen.len() as u32;
                chosen.push(best);
                let next = span(&best).1 as usize + 1;
                for slot in &mut best_at[word + 1..next.min(words)] {
                    *slot = NONE;
                }
                word = next;
            }
        }
    }
    // The other readings of chosen words, grouped by choice (a counting sort), then each
    // group in rank order, each entry once.
    let mut starts = vec![0u32; chosen.len() + 1];
    let others: Vec<(u32, RankKey)> = items
        .iter()
        .filter_map(|c| {
            let (first, last, entry) = span(c);
            let at = best_at[first as usize];
            if at == NONE {
                return None;
            }
            let (_, best_last, best_entry) = span(&chosen[at as usize]);
            (best_last == last && best_entry != entry).then(|| {
                starts[at as usize + 1] += 1;
                (at, key(c))
            })
        })
        .collect();
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut grouped =
        vec![(Reverse(0), false, 0, false, false, ShortRank::Full, 0, 0); others.len()];
    let mut next = starts.clone();
    for (at, k) in others {
        grouped[next[at as usize] as usize] = k;
        next[at as usize] += 1;
    }
    let mut ends = Vec::with_capacity(chosen.len());
    let mut alternatives = Vec::new();
    for group in starts.windows(2) {
        let keys = &mut grouped[group[0] as usize..group[1] as usize];
        keys.sort_unstable();
        let first = alternatives.len();
        for &(.., entry) in keys.iter() {
            if !alternatives[first..].contains(&entry) {
                alternatives.push(entry);
            }
        }
        ends.push(alternatives.len() as u32);
    }
    (chosen, ends, alternatives)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::PatternKind::*;
    use crate::Glosser;

    /// The demo articles, and the same text with clitics, marks and emoji around its words.
    fn texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/articles");
        let mut out = Vec::new();
        for file in ["sdf.txt", "al-hol.txt", "deir-ez-zor.txt"] {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let varied: String = text
                .split(' ')
                .enumerate()
                .map(|(i, w)| match i % 7 {
                    0 => format!("و{w}"),
                    1 => format!("لـ«{w}»"),
                    2 => format!("{w}😀"),
                    3 => format!("ب{w}\u{064E}"),
                    _ => w.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ");
            out.push(text);
            out.push(varied);
        }
        out
    }

    #[test]
    fn choose_agrees_with_select_over_candidates() {
        let glosser = Glosser::bundled().unwrap();
        let (glossary, index) = (glosser.glossary(), Index::new(glosser.glossary()));
        for text in texts() {
            let stream = Stream::build(&text);
            let selections = select(&stream, &candidates(glossary, &text, &stream));
            let choices = choose(glossary, &index, &text, &stream);
            assert_eq!(selections.len(), choices.len());
            for (s, (best, alternatives)) in selections.iter().zip(choices.iter()) {
                assert_eq!(s.best, best.candidate(&text, &stream));
                assert_eq!(s.alternatives, alternatives);
            }
        }
    }

    #[test]
    fn flat_utf16_spans_agree_with_spans() {
        let glosser = Glosser::bundled().unwrap();
        for text in texts() {
            let expected: Vec<u32> = glosser
                .gloss_terms(&text)
                .iter()
                .flat_map(|s| {
                    [
                        s.start.utf16 as u32,
                        s.end.utf16 as u32,
                        s.stem_start.utf16 as u32,
                        s.stem_end.utf16 as u32,
                        s.entry,
                        s.alternatives.len() as u32,
                        u32::from(s.disguised) | u32::from(s.short) << 1,
                    ]
                })
                .collect();
            assert_eq!(glosser.gloss_utf16(&text), expected);
        }
    }

    /// The matcher as first written: straight from the glossary's groups and entries, every
    /// occurrence given to the grammar. The indexed, filtered [`scan`] must find the same.
    fn reference_candidates(glossary: &Glossary, text: &str, stream: &Stream) -> Vec<Candidate> {
        let mut out = Vec::new();
        let words = &stream.words;
        let mut word = 0usize;
        for hit in glossary.automaton().find_overlapping_iter(&stream.text) {
            let group = &glossary.groups[hit.value() as usize];
            let (start, end) = (hit.start() as u32, hit.end() as u32);
            while word + 1 < words.len() && words[word].end < end {
                word += 1;
            }
            let last = word;
            let first = if group.multiword {
                stream.word_at(start)
            } else {
                last
            };
            let (w_first, w_last) = (words[first], words[last]);
            if start < w_first.start || end > w_last.end {
                continue;
            }
            let prefix = &stream.text[w_first.start as usize..start as usize];
            if prefix.len() > MAX_PREFIX_BYTES || (w_last.end - end) as usize > MAX_SUFFIX_BYTES {
                continue;
            }
            for target in &group.targets {
                let entry = &glossary.entries[target.entry as usize];
                let class = entry.morph_class();
                let disguised = w_first.disguised || w_last.disguised;
                if target.spelled && !disguised {
                    continue;
                }
                let whole_word = prefix.is_empty() && end == w_last.end;
                let priority = if (target.function_word
                    && whole_word
                    && !disguised
                    && letters_folded(text, stream, w_first))
                    || yields_to_word(target.yields_to_word, prefix, end == w_last.end)
                    || (reads_hamza_before_lam(
                        target.hamza_alif_lam,
                        target.kind,
                        prefix,
                        &group.pattern,
                    ) && starts_with_bare_alif(text, w_first))
                {
                    YIELDS_TO_FUNCTION_WORD
                } else {
                    entry.priority()
                };
                if disguised
                    && !(entry.entry_type == EntryType::Abbreviation
                        || (class == MorphClass::Name
                            && !group.multiword
                            && entry.entry_type != EntryType::Word))
                {
                    continue;
                }
                let stem_end = match target.kind {
                    WithPronoun => {
                        start + group.pattern.chars().next().map_or(0, char::len_utf8) as u32
                    }
                    _ => end,
                };
                let Some((pre, suf)) = affixes_of(
                    text,
                    stream,
                    (class, target.kind, target.inflected),
                    (first, last),
                    prefix,
                    &group.pattern,
                    stem_end as usize,
                ) else {
                    continue;
                };
                if target.ta_marbuta && suf.is_accusative_alif() {
                    continue;
                }
                out.push(Candidate {
                    reading: Reading {
                        first_word: first as u32,
                        last_word: last as u32,
                        stem_start: start,
                        stem_end,
                        entry: target.entry,
                        kind: target.kind,
                        short: target.short,
                        ordinary: target.ordinary,
                        inflected: target.inflected,
                        priority,
                        class,
                    },
                    prefix: pre,
                    suffix: suf,
                });
            }
        }
        out
    }

    #[test]
    fn indexed_scan_finds_what_the_reference_finds() {
        let glosser = Glosser::bundled().unwrap();
        let glossary = glosser.glossary();
        for text in texts() {
            let stream = Stream::build(&text);
            assert_eq!(
                candidates(glossary, &text, &stream),
                reference_candidates(glossary, &text, &stream)
            );
        }
    }

    #[test]
    fn letter_filter_reads_utf8() {
        assert!(only_letters_of("وبال".as_bytes(), PREFIX_SET));
        assert!(only_letters_of(b"", PREFIX_SET));
        assert!(!only_letters_of("وق".as_bytes(), PREFIX_SET));
        assert!(only_letters_of("هما".as_bytes(), SUFFIX_SET));
        // letters past U+065F, marks and other scripts are never affix letters
        for other in ["ٹ", "ۀ", "\u{064E}", "ﻻ", "a", "😀", "ی"] {
            assert!(!only_letters_of(other.as_bytes(), PREFIX_SET), "{other}");
            assert!(!only_letters_of(other.as_bytes(), SUFFIX_SET), "{other}");
        }
    }

    /// The quick filter in [`scan`] drops leftovers with other letters before trying the grammar:
    /// no prefix or suffix the grammar accepts may contain them. Every string of up to three
    /// letters is tried with every word class and derivation.
    #[test]
    fn affix_letters_cover_the_grammar() {
        let letters: Vec<char> = ('ء'..='ي').filter(|c| !('ػ'..='ؿ').contains(c)).collect();
        let mut strings = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..3 {
            strings = strings
                .iter()
                .flat_map(|s| letters.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(strings.iter().cloned());
        }
        let classes = [
            MorphClass::Name,
            MorphClass::Noun,
            MorphClass::Adjective,
            MorphClass::Verb,
            MorphClass::Preposition,
            MorphClass::Particle,
        ];
        let kinds = PatternKind::ALL;
        for s in &all {
            let prefix_ok = s.chars().all(is_prefix_letter);
            let suffix_ok = s.chars().all(is_suffix_letter);
            if prefix_ok && suffix_ok {
                continue;
            }
            for class in classes {
                for kind in kinds {
                    if !prefix_ok {
                        for stem in ["لجنه", "مدينه"] {
                            assert!(
                                parse_prefix(s, class, kind, stem).is_none(),
                                "prefix {s} parses"
                            );
                        }
                    }
                    if !suffix_ok {
                        for article in [false, true] {
                            assert!(
                                parse_suffix(s, class, kind, Surroundings::of(false, article))
                                    .is_none(),
                                "suffix {s} parses"
                            );
                        }
                    }
                }
            }
        }
    }
}
