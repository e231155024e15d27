//! The likely sense first: which reading of a looked-up word fits its sentence.
//!
//! A word like طالب is a student or "he demanded", كتبنا "our books" or "we wrote". The readings
//! the grammar allows are ordered by cheap cues a reader would use, each one explainable:
//!
//! - a verb after قد، لقد، لن، لم، سوف، كي (a particle only a verb follows);
//! - a verb at the start of a sentence with a definite word after it (قال المتحدث: news puts
//!   the verb first);
//! - a noun after a preposition (في، من، على، ...), which no verb follows;
//! - a noun at the head of a construct chain: an indefinite bare word before a definite one in
//!   the middle of a sentence (طالب الجامعة);
//! - a noun before a word that reads as an adjective (طالب متفوق).
//!
//! Cues only reorder readings the grammar already accepts, never add or drop one; without a cue
//! the grammar's order stands (fewest letters stripped, the form as written, ...).

use crate::glossary::{Glossary, MorphClass};
use crate::matcher::Candidate;
use crate::segment::Stream;

/// Particles only a verb follows.
const BEFORE_VERBS: &[&str] = &[
    "قد", "لقد", "وقد", "فقد", "لن", "ولن", "فلن", "لم", "ولم", "فلم", "سوف", "وسوف", "كي", "لكي",
];

/// How strongly the neighbours of a word ask for a verb or for a noun.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cues {
    verb: u8,
    noun: u8,
}

/// Puts the readings of word `index` of `stream` (`readings`, in the grammar's order) into the
/// order its sentence suggests. `line` holds every reading of the whole line (to see the
/// neighbours: is the word before a preposition, the word after an adjective).
///
/// ```
/// use hamish::{context, matcher, segment::Stream, Glosser};
/// let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let text = "قد كتبنا";
/// let stream = Stream::build(text);
/// let line = matcher::candidates(glosser.glossary(), text, &stream);
/// let mut readings: Vec<_> = line.iter().filter(|c| c.reading.first_word == 1).copied().collect();
/// context::order(glosser.glossary(), &stream, &line, 1, &mut readings);
/// assert_eq!(glosser.entry(readings[0].reading.entry).id, "word.kataba"); // "we wrote"
/// ```
pub fn order(
    glossary: &Glossary,
    stream: &Stream,
    line: &[Candidate],
    index: usize,
    readings: &mut [Candidate],
) {
    if index >= stream.words.len() {
        return;
    }
    let cues = cues(glossary, stream, line, index);
    if cues == Cues::default() {
        return;
    }
    // A stable sort: among readings the cues do not tell apart, the grammar's order stays.
    readings.sort_by_key(|c| {
        let class = glossary.entries[c.reading.entry as usize].morph_class();
        let fit = match class {
            MorphClass::Verb => cues.verb,
            MorphClass::Noun | MorphClass::Adjective | MorphClass::Name => cues.noun,
            MorphClass::Preposition | MorphClass::Particle => 0,
        };
        std::cmp::Reverse(fit)
    });
}

/// What the words around word `index` of `stream` say it is.
fn cues(glossary: &Glossary, stream: &Stream, line: &[Candidate], index: usize) -> Cues {
    let mut cues = Cues::default();
    let previous = index
        .checked_sub(1)
        .filter(|&p| same_phrase(stream, p, index));
    let next = Some(index + 1).filter(|&n| n < stream.words.len() && same_phrase(stream, index, n));
    let starts_sentence = previous.is_none();
    let next_definite = next.is_some_and(|n| stream.word_text(n).starts_with("ال"));
    if let Some(p) = previous {
        if BEFORE_VERBS.contains(&stream.word_text(p)) {
            cues.verb = 2;
        }
        if reads_whole_as(glossary, line, p, MorphClass::Preposition) {
            cues.noun = 2;
        }
    }
    if starts_sentence && next_definite {
        cues.verb = cues.verb.max(2);
    } else if next_definite {
        cues.noun = cues.noun.max(1);
    }
    if next.is_some_and(|n| reads_whole_as(glossary, line, n, MorphClass::Adjective)) {
        cues.noun = cues.noun.max(1);
    }
    cues
}

/// Whether words `a` and `b` of `stream` are adjacent in one phrase (only a space between).
fn same_phrase(stream: &Stream, a: usize, b: usize) -> bool {
    let (a, b) = (stream.words[a], stream.words[b]);
    !stream.text[a.end as usize..b.start as usize].contains('\n')
}

/// Whether some reading of the whole of word `index` is of word class `class`.
fn reads_whole_as(
    glossary: &Glossary,
    line: &[Candidate],
    index: usize,
    class: MorphClass,
) -> bool {
    line.iter().any(|c| {
        c.reading.first_word as usize == index
            && c.reading.last_word as usize == index
            && glossary.entries[c.reading.entry as usize].morph_class() == class
    })
}
