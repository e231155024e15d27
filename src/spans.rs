//! Stage 4: turn chosen readings into spans of the original text.
//!
//! A span covers the whole written word or words (clitics included), and says where the stem
//! starts and ends inside it, so a reader page can colour the term and leave the clitic plain.
//! Every offset is given three ways: UTF-8 bytes (Rust), Unicode code points (Python, the CLI's
//! JSON) and UTF-16 code units (JavaScript).

use serde::Serialize;

use crate::affixes::Affix;
use crate::matcher::{Candidate, Choices, Reading, Selection};
use crate::names::{CueKind, NameInfo, NameKind, ProbableName};
use crate::segment::Stream;

/// A position in the original text, counted three ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Offset {
    /// UTF-8 bytes from the start.
    pub byte: usize,
    /// Unicode code points (Rust `char`s) from the start.
    pub char: usize,
    /// UTF-16 code units from the start (JavaScript string indices).
    pub utf16: usize,
}

/// A highlighted term in the original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Start of the written word(s), clitics included.
    pub start: Offset,
    /// End of the written word(s).
    pub end: Offset,
    /// Where the glossary stem starts (after any proclitics).
    pub stem_start: Offset,
    /// Where the stem ends (before any suffixes).
    pub stem_end: Offset,
    /// Proclitics in reading order, with their meanings.
    pub prefix: Vec<Affix>,
    /// Suffixes in reading order, with their meanings.
    pub suffix: Vec<Affix>,
    /// Index of the entry in the glossary.
    pub entry: u32,
    /// Other entries that read the same words, best first.
    pub alternatives: Vec<u32>,
    /// Whether the term was written disguised (د ا ع ش، داعـ ـش، دا.عش).
    pub disguised: bool,
    /// Whether the term was named by a short form (a second mention: الشرع for Ahmed al-Sharaa).
    pub short: bool,
}

/// Byte offsets of one reading in the original text: start, stem start, stem end, end.
pub(crate) fn byte_offsets(stream: &Stream, c: &Candidate) -> [usize; 4] {
    reading_offsets(
        stream,
        c.reading.first_word,
        c.reading.last_word,
        c.reading.stem_start,
        c.reading.stem_end,
    )
}

/// Byte offsets in the original text of the words `first_word..=last_word` with the stem at
/// stream bytes `stem_start..stem_end`: start, stem start, stem end, end.
fn reading_offsets(
    stream: &Stream,
    first_word: u32,
    last_word: u32,
    stem_start: u32,
    stem_end: u32,
) -> [usize; 4] {
    let first = stream.words[first_word as usize];
    let last = stream.words[last_word as usize];
    let start = first.orig_start as usize;
    let end = last.orig_end as usize;
    let stem_start = if stem_start == first.start {
        start
    } else {
        stream.origin(stem_start as usize) as usize
    };
    let stem_end = if stem_end == last.end {
        end
    } else {
        stream.origin(stem_end as usize) as usize
    };
    [
        start,
        stem_start.max(start),
        stem_end.clamp(stem_start.max(start), end),
        end,
    ]
}

/// Whether a span with these byte offsets is reported after one that ended at `previous_end`:
/// two readings inside one original character (words of the expansion of ﷺ) would map to the
/// same range, and only the first is kept, so spans never overlap.
fn keep([start, stem_start, stem_end, end]: [usize; 4], previous_end: &mut usize) -> bool {
    if start < *previous_end || start == end || stem_start == stem_end {
        return false;
    }
    *previous_end = end;
    true
}

/// Whether any word of a reading was written disguised.
pub(crate) fn is_disguised(stream: &Stream, c: &Candidate) -> bool {
    words_disguised(stream, c.reading.first_word, c.reading.last_word)
}

fn words_disguised(stream: &Stream, first: u32, last: u32) -> bool {
    stream.words[first as usize..=last as usize]
        .iter()
        .any(|w| w.disguised)
}

/// Flag bit in the flat span array: the term was written disguised (د ا ع ش).
pub const FLAG_DISGUISED: u32 = 1;
/// Flag bit in the flat span array: the term was named by a short form (الشرع).
pub const FLAG_SHORT: u32 = 2;
/// Flag bit in the flat span array: a probable name no entry covers ([`crate::names`]); its
/// entry number is then the index of the name in the list that comes with the array.
pub const FLAG_PROBABLE: u32 = 4;

/// A probable name in the original text ([`crate::names`]): no gloss, only what it probably
/// names, why, and how it may be said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameSpan {
    /// Start of the written word(s), clitics included.
    pub start: Offset,
    /// End of the written word(s).
    pub end: Offset,
    /// Where the name starts, after a clitic (ل in لجوان).
    pub stem_start: Offset,
    /// What it probably names.
    pub kind: NameKind,
    /// What gave it away.
    pub cue: CueKind,
    /// The cue's words as written (المتحدث باسم), or the earlier mention.
    pub cue_text: String,
    /// A suggested romanisation.
    pub romanisation: String,
}

/// Byte offsets of a probable name: start, name start, end.
fn name_offsets(stream: &Stream, name: &ProbableName) -> [usize; 3] {
    let [start, stem_start, _, end] = reading_offsets(
        stream,
        name.first_word,
        name.last_word,
        name.stem_start,
        stream.words[name.last_word as usize].end,
    );
    [start, stem_start, end]
}

/// What [`in_text_order`] reports: a chosen reading with its alternatives and its byte offsets
/// (start, stem start, stem end, end), or the probable name at an index of `found` with its
/// byte offsets (start, name start, end).
enum Reported<'c> {
    Term(&'c Reading, &'c [u32], [usize; 4]),
    Name(usize, [usize; 3]),
}

/// Walks the chosen readings and the probable names `found` (in text order, covering none of
/// the readings' words) in text order, and calls `report` with those reported: a reading
/// unless it falls inside the one before ([`keep`]), a name unless it is empty or overlaps
/// the name or the reported reading before or after it. (Words of one original character, the
/// expansion of ﷺ, map to the same range: only the first thing read there is kept, a term
/// before a name.)
fn in_text_order<'c>(
    stream: &Stream,
    choices: &'c Choices,
    found: &[ProbableName],
    mut report: impl FnMut(Reported<'c>),
) {
    let mut names = found
        .iter()
        .enumerate()
        .map(|(k, name)| (k, name_offsets(stream, name)))
        .peekable();
    let (mut term_end, mut name_end) = (0, 0);
    for (r, alternatives) in choices.iter() {
        let offsets = reading_offsets(stream, r.first_word, r.last_word, r.stem_start, r.stem_end);
        let previous_term_end = term_end;
        if !keep(offsets, &mut term_end) {
            continue;
        }
        // The names left start where or after the reading reported before this one did (those
        // before it went out with it): one overlaps that reading if it starts before its end,
        // and this one if it ends after its start.
        while let Some((k, [start, stem_start, end])) =
            names.next_if(|(_, [start, _, _])| *start < offsets[0])
        {
            let overlaps_term = start < previous_term_end || offsets[0] < end;
            if stem_start < end && start >= name_end && !overlaps_term {
                name_end = end;
                report(Reported::Name(k, [start, stem_start, end]));
            }
        }
        report(Reported::Term(r, alternatives, offsets));
    }
    for (k, [start, stem_start, end]) in names {
        if stem_start < end && start >= name_end && start >= term_end {
            name_end = end;
            report(Reported::Name(k, [start, stem_start, end]));
        }
    }
}

/// Builds spans for the probable names `found` among the chosen readings `choices`, in text
/// order (see [`in_text_order`]).
pub fn names(
    text: &str,
    stream: &Stream,
    choices: &Choices,
    found: &[ProbableName],
    mut describe: impl FnMut(&ProbableName) -> NameInfo,
) -> Vec<NameSpan> {
    let mut counter = OffsetCounter::new(text);
    let mut spans = Vec::new();
    in_text_order(stream, choices, found, |reported| {
        if let Reported::Name(k, [start, stem_start, end]) = reported {
            let info = describe(&found[k]);
            spans.push(NameSpan {
                start: counter.at(start),
                stem_start: counter.at(stem_start),
                end: counter.at(end),
                kind: info.kind,
                cue: info.cue,
                cue_text: info.cue_text,
                romanisation: info.romanisation,
            });
        }
    });
    spans
}

/// The flags of the reading of words `first..=last`, [`FLAG_DISGUISED`] and [`FLAG_SHORT`].
fn flags(stream: &Stream, first: u32, last: u32, short: bool) -> u32 {
    let disguised = if words_disguised(stream, first, last) {
        FLAG_DISGUISED
    } else {
        0
    };
    disguised | if short { FLAG_SHORT } else { 0 }
}

/// Builds spans for chosen readings, in text order.
///
/// Two readings inside one original character (words of the expansion of ﷺ) would map to the
/// same range; only the first is kept, so spans never overlap.
pub fn build(text: &str, stream: &Stream, selections: Vec<Selection>) -> Vec<Span> {
    let mut counter = OffsetCounter::new(text);
    let mut previous_end = 0;
    selections
        .into_iter()
        .filter_map(|s| {
            let offsets = byte_offsets(stream, &s.best);
            if !keep(offsets, &mut previous_end) {
                return None;
            }
            let [start, stem_start, stem_end, end] = offsets;
            Some(Span {
                start: counter.at(start),
                stem_start: counter.at(stem_start),
                stem_end: counter.at(stem_end),
                end: counter.at(end),
                prefix: s.best.prefix.iter().collect(),
                suffix: s.best.suffix.iter().collect(),
                entry: s.best.reading.entry,
                alternatives: s.alternatives,
                disguised: is_disguised(stream, &s.best),
                short: s.best.reading.short,
            })
        })
        .collect()
}

/// The chosen readings as one flat array, [`crate::GLOSS_STRIDE`] numbers per span: start, end,
/// stem start, stem end (UTF-16 code units), entry, number of alternatives, flags
/// ([`FLAG_DISGUISED`], [`FLAG_SHORT`]). The same spans as [`build`] makes of the same choices, without
/// building them.
pub fn utf16(text: &str, stream: &Stream, choices: &Choices) -> Vec<u32> {
    utf16_with_names(text, stream, choices, &[])
}

/// Like [`utf16`], with the probable names `found` (in text order, covering none of the chosen
/// readings' words) merged in: for each, start, end, name start, end, its index in `found`, 0,
/// [`FLAG_PROBABLE`].
pub fn utf16_with_names(
    text: &str,
    stream: &Stream,
    choices: &Choices,
    found: &[ProbableName],
) -> Vec<u32> {
    let mut counter = Utf16Counter::new(text);
    let mut out = Vec::with_capacity((choices.len() + found.len()) * crate::GLOSS_STRIDE);
    in_text_order(stream, choices, found, |reported| match reported {
        Reported::Term(r, alternatives, offsets) => {
            let [start, stem_start, stem_end, end] = offsets.map(|byte| counter.at(byte));
            out.extend_from_slice(&[
                start,
                end,
                stem_start,
                stem_end,
                r.entry,
                alternatives.len() as u32,
                flags(stream, r.first_word, r.last_word, r.short),
            ]);
        }
        Reported::Name(k, offsets) => {
            let [start, stem_start, end] = offsets.map(|byte| counter.at(byte));
            out.extend_from_slice(&[start, end, stem_start, end, k as u32, 0, FLAG_PROBABLE]);
        }
    });
    out
}

/// Converts byte offsets to UTF-16 offsets in one forward pass over the bytes.
struct Utf16Counter<'a> {
    bytes: &'a [u8],
    byte: usize,
    units: usize,
}

impl<'a> Utf16Counter<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Counter {
            bytes: text.as_bytes(),
            byte: 0,
            units: 0,
        }
    }

    fn at(&mut self, byte: usize) -> u32 {
        if byte < self.byte {
            // Asked out of order: count again from the start.
            self.byte = 0;
            self.units = 0;
        }
        // One unit per character (every byte but UTF-8 continuation bytes), two for a character
        // of four bytes (a surrogate pair). Two simple counts vectorise better than one sum of
        // both tests (0.09 against 0.16 ms for the offsets of 100 KB).
        let bytes = &self.bytes[self.byte..byte];
        self.units += bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
            + bytes.iter().filter(|&&b| b >= 0xF0).count();
        self.byte = byte;
        self.units as u32
    }
}

/// The byte offset of UTF-16 offset `utf16` in `text`, clamped to the text and moved back to
/// the start of a character if it points inside one (the middle of a surrogate pair).
///
/// ```
/// use hamish::spans::byte_offset_of_utf16;
/// assert_eq!(byte_offset_of_utf16("a😀ب", 3), 5);
/// assert_eq!(byte_offset_of_utf16("a😀ب", 2), 1);
/// assert_eq!(byte_offset_of_utf16("a😀ب", 99), 7);
/// ```
pub fn byte_offset_of_utf16(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        let next = units + c.len_utf16();
        if next > utf16 {
            return byte;
        }
        units = next;
    }
    text.len()
}

/// Converts byte offsets to all three units in one forward pass; offsets must not decrease.
pub(crate) struct OffsetCounter<'a> {
    text: &'a str,
    at: Offset,
}

impl<'a> OffsetCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        OffsetCounter {
            text,
            at: Offset::default(),
        }
    }

    pub(crate) fn at(&mut self, byte: usize) -> Offset {
        if byte < self.at.byte {
            // Offsets asked for out of order: count again from the start.
            self.at = Offset::default();
        }
        let slice = &self.text[self.at.byte..byte];
        for c in slice.chars() {
            self.at.char += 1;
            self.at.utf16 += c.len_utf16();
        }
        self.at.byte = byte;
        self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_three_ways() {
        let text = "a😀بـ";
        let mut c = OffsetCounter::new(text);
        assert_eq!(
            c.at(1),
            Offset {
                byte: 1,
                char: 1,
                utf16: 1
            }
        );
        assert_eq!(
            c.at(5),
            Offset {
                byte: 5,
                char: 2,
                utf16: 3
            }
        );
        assert_eq!(
            c.at(text.len()),
            Offset {
                byte: 9,
                char: 4,
                utf16: 5
            }
        );
        assert_eq!(
            c.at(1),
            Offset {
                byte: 1,
                char: 1,
                utf16: 1
            }
        );
    }
}
