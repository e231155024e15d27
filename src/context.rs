//! The likely sense first: which reading of a looked-up word fits its sentence.
//!
//! A word like طالب is a student or "he demanded", كتبنا "our books" or "we wrote", أمام "in
//! front of" or إمام "imam". The readings the grammar allows are ordered by cheap cues a reader
//! would use, each one explainable, in this order of weight:
//!
//! 0. what the grammar already sets last stays last (a reading that yields to a function word
//!    or to the article before a hamza: الحق is ال + حق, not أ + لحق);
//! 1. the letters as written: a reading that had to fold a hamza or an alif maqsura to meet the
//!    text (إمام for أمام, آثار for أثار) comes after one that meets them as written;
//! 2. a short form that is also an ordinary word (العودة) names someone only where the line
//!    names them in full;
//! 3. the neighbours: a verb after قد، لن، لم، سوف، كي (a particle only a verb follows) and at the
//!    start of a sentence (news puts the verb first); a preposition or particle by default (they
//!    are the commonest words: بين، قبل، حول); a noun after a preposition, at the head of a
//!    construct chain (an indefinite word before a definite one) or before an adjective; an
//!    adjective after a noun that agrees with it in definiteness (القوات الخاصة);
//! 4. endings: the plural ات of a noun in ة before that of a masculine noun (المؤسسات are
//!    institutions, not founders), a noun's accusative before a verb's dual (طوقا).
//!
//! Cues only reorder readings the grammar already accepts, never add or drop one; where none
//! tells readings apart, the grammar's order stands (fewest letters stripped, the form as
//! written, ...).

use std::cmp::Reverse;

use crate::glossary::{Glossary, MorphClass, PatternKind, Pos};
use crate::matcher::{Candidate, NamedInFull};
use crate::normalise::{is_deleted, normalise};
use crate::segment::{Script, Stream};

/// Particles only a verb follows.
const BEFORE_VERBS: &[&str] = &[
    "قد", "لقد", "وقد", "فقد", "لن", "ولن", "فلن", "لم", "ولم", "فلم", "سوف", "وسوف", "كي", "لكي",
];

/// Two-word particles only a verb follows (بعد أن شن).
const BEFORE_VERBS_TWO: &[[&str; 2]] = &[
    ["بعد", "ان"],
    ["قبل", "ان"],
    ["دون", "ان"],
    ["منذ", "ان"],
    ["بعدما", ""],
];

/// Words that open a clause, which news starts with its verb as it does a sentence: فيما دعم،
/// في حين طالب، الذي قتل، ما ذكر، إنه علم.
const OPEN_CLAUSES: &[&str] = &[
    "فيما",
    "بينما",
    "حين",
    "حيث",
    "ثم",
    "كما",
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "ما",
    "مما",
    "بما",
    "انه",
    "انها",
    "انهم",
    "لانه",
    "لانها",
];

/// How strongly the neighbours of a word ask for each word class (higher is stronger).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cues {
    verb: u8,
    noun: u8,
    adjective: u8,
}

/// The default weight of a preposition or particle reading: above the weaker cues for a noun
/// or a verb (بين at the start of a sentence is "between"), below a particle that only a verb
/// follows (قد بين "he has made clear").
const FUNCTION_WORD: u8 = 5;

/// Puts the readings of word `index` of `stream` (`readings`, in the grammar's order) into the
/// order its sentence suggests. `original` is the text `stream` was built from and `line` holds
/// every reading of it (to see the neighbours: is the word before a preposition, the word after
/// an adjective).
///
/// ```
/// use hamish::{context, matcher, segment::Stream, Glosser};
/// let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "قد كتبنا";
/// let stream = Stream::build(text);
/// let line = matcher::candidates(glosser.glossary(), text, &stream);
/// let mut readings: Vec<_> = line.iter().filter(|c| c.reading.first_word == 1).copied().collect();
/// context::order(glosser.glossary(), text, &stream, &line, 1, &mut readings);
/// assert_eq!(glosser.entry(readings[0].reading.entry).id, "word.kataba"); // "we wrote"
/// ```
pub fn order(
    glossary: &Glossary,
    original: &str,
    stream: &Stream,
    line: &[Candidate],
    index: usize,
    readings: &mut [Candidate],
) {
    if index >= stream.words.len() || readings.len() < 2 {
        return;
    }
    let cues = cues(glossary, stream, line, index);
    let named = NamedInFull::of(line.iter().map(|c| &c.reading));
    // A stable sort: among readings the cues do not tell apart, the grammar's order stays.
    readings.sort_by_cached_key(|c| {
        let unsupported = c.reading.is_unsupported_short_form(&named);
        let folded = !as_written(glossary, original, stream, c);
        let yields = c.reading.yields();
        (
            yields,
            unsupported,
            folded,
            Reverse(fit(glossary, &cues, c)),
        )
    });
}

/// How well a reading's word class and endings fit the cues.
fn fit(glossary: &Glossary, cues: &Cues, c: &Candidate) -> u8 {
    let class = glossary.entries[c.reading.entry as usize].morph_class();
    let fit = match class {
        MorphClass::Verb => cues.verb,
        MorphClass::Noun | MorphClass::Name => cues.noun,
        MorphClass::Adjective => cues.adjective.max(cues.noun),
        // The commonest words, as themselves: بين is "between" (not with a pronoun: أمني is
        // not أم + ني).
        MorphClass::Preposition | MorphClass::Particle if c.suffix.iter().next().is_none() => {
            FUNCTION_WORD
        }
        MorphClass::Preposition | MorphClass::Particle => 0,
    };
    let suffix: Vec<&str> = c.suffix.iter().map(|a| a.text).collect();
    // Endings that are rare readings of their letters lose a little.
    let rare = (class != MorphClass::Verb
        && c.reading.kind == PatternKind::Whole
        && suffix.first() == Some(&"ات"))
        || (class == MorphClass::Verb && suffix == ["ا"]);
    (2 * fit + 1).saturating_sub(u8::from(rare))
}

/// What the words around word `index` of `stream` say it is.
fn cues(glossary: &Glossary, stream: &Stream, line: &[Candidate], index: usize) -> Cues {
    let mut cues = Cues::default();
    let previous = index
        .checked_sub(1)
        .filter(|&p| same_phrase(stream, p, index));
    let next = Some(index + 1).filter(|&n| n < stream.words.len() && same_phrase(stream, index, n));
    let definite = is_definite(stream, line, index);
    let next_definite = next.is_some_and(|n| is_definite(stream, line, n));
    let before = |p: usize, q: Option<usize>| {
        let last = stream.word_text(p);
        let two = q.map_or("", |q| stream.word_text(q));
        BEFORE_VERBS.contains(&last)
            || BEFORE_VERBS_TWO
                .iter()
                .any(|[a, b]| (two, last) == (*a, *b) || (b.is_empty() && last == *a))
    };
    match previous {
        None => cues.verb = 4,
        Some(p) => {
            let earlier = p.checked_sub(1).filter(|&q| same_phrase(stream, q, p));
            if before(p, earlier) {
                cues.verb = 6;
            } else if OPEN_CLAUSES.contains(&stream.word_text(p)) {
                cues.verb = 4;
            }
            // A noun counted by a number (ستين عاما، 60 عاما).
            let number = stream.words[p].script == Script::Digits
                || line.iter().any(|c| {
                    c.reading.first_word as usize == p
                        && glossary.entries[c.reading.entry as usize].pos == Some(Pos::Num)
                });
            if number {
                cues.noun = 4;
            }
            if reads_whole_as(glossary, line, p, &[MorphClass::Preposition]) {
                cues.noun = 4;
            }
            // An adjective follows its noun and agrees with it in definiteness.
            if reads_whole_as(
                glossary,
                line,
                p,
                &[MorphClass::Noun, MorphClass::Adjective],
            ) && is_definite(stream, line, p) == definite
            {
                cues.adjective = 4;
            }
        }
    }
    if next_definite && !definite && previous.is_some() {
        cues.noun = cues.noun.max(2);
    }
    if next.is_some_and(|n| reads_whole_as(glossary, line, n, &[MorphClass::Adjective])) {
        cues.noun = cues.noun.max(2);
    }
    cues
}

/// Whether word `index` of the stream is definite: it carries the article after any clitics
/// (الأمن، والأمن، بالأمن، للأمن), or reads as a noun with a possessive (شؤونها).
fn is_definite(stream: &Stream, line: &[Candidate], index: usize) -> bool {
    let word = stream.word_text(index);
    [
        "ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "لل", "ولل", "فلل",
    ]
    .iter()
    .any(|article| word.starts_with(article))
        || line
            .iter()
            .any(|c| c.reading.first_word as usize == index && c.suffix.has_possessive())
}

/// Whether words `a` and `b` of `stream` are adjacent in one phrase (only a space between).
fn same_phrase(stream: &Stream, a: usize, b: usize) -> bool {
    let (a, b) = (stream.words[a], stream.words[b]);
    !stream.text[a.end as usize..b.start as usize].contains('\n')
}

/// Whether some reading of the whole of word `index` is of one of `classes`.
fn reads_whole_as(
    glossary: &Glossary,
    line: &[Candidate],
    index: usize,
    classes: &[MorphClass],
) -> bool {
    line.iter().any(|c| {
        c.reading.first_word as usize == index
            && c.reading.last_word as usize == index
            && classes.contains(&glossary.entries[c.reading.entry as usize].morph_class())
    })
}

/// Whether a reading meets the text's letters as written: its stem has no hamza seat or alif
/// maqsura where the entry's form has another alif or ي (أمام is not إمام, على not علي). Marks,
/// tatweel and the other folds do not count.
pub(crate) fn as_written(
    glossary: &Glossary,
    original: &str,
    stream: &Stream,
    c: &Candidate,
) -> bool {
    let start = stream.origin(c.reading.stem_start as usize) as usize;
    let end = if c.reading.stem_end == stream.words[c.reading.last_word as usize].end {
        stream.words[c.reading.last_word as usize].orig_end as usize
    } else {
        stream.origin(c.reading.stem_end as usize) as usize
    };
    let Some(stem) = original.get(start..end.max(start)) else {
        return true;
    };
    let stem: Vec<char> = letters(stem);
    let entry = &glossary.entries[c.reading.entry as usize];
    let mut aligned = false;
    for form in entry.forms().chain(entry.short.iter().map(String::as_str)) {
        let form = letters(form);
        match compare(&stem, &form) {
            Some(true) => return true,
            Some(false) => aligned = true,
            None => {}
        }
    }
    // A stem no form lines up with (a derived shape) is not held against the reading.
    !aligned
}

/// The letters of a written text, marks and tatweel left out.
fn letters(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| !is_deleted(c) && !c.is_whitespace())
        .collect()
}

/// Lines `stem` up with part of `form` once folded; `Some(true)` if every letter of the alif and
/// ya families is the same as written, `Some(false)` if one differs, `None` if they do not line
/// up.
fn compare(stem: &[char], form: &[char]) -> Option<bool> {
    if stem.is_empty() || stem.len() > form.len() {
        return None;
    }
    let fold = |c: char| normalise(&c.to_string());
    let sensitive = |c: char| matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' | 'ي');
    (0..=form.len() - stem.len()).find_map(|at| {
        let part = &form[at..at + stem.len()];
        // The last letter may be ت for ة, or ا for ى (a suffix follows: قراها).
        let last = stem.len() - 1;
        let lines_up = stem
            .iter()
            .zip(part)
            .enumerate()
            .all(|(i, (&s, &f))| fold(s) == fold(f) || (i == last && (s, f) == ('ت', 'ة')));
        lines_up.then(|| {
            stem.iter().zip(part).enumerate().all(|(i, (&s, &f))| {
                !(sensitive(s) && sensitive(f)) || s == f || (i == last && (s, f) == ('ا', 'ى'))
            })
        })
    })
}
