//! Stage 4: turn chosen readings into spans of the original text.
//!
//! A span covers the whole written word or words (clitics included), and says where the stem
//! starts and ends inside it, so a reader page can colour the term and leave the clitic plain.
//! Every offset is given three ways: UTF-8 bytes (Rust), Unicode code points (Python, the CLI's
//! JSON) and UTF-16 code units (JavaScript).

use serde::Serialize;

use crate::affixes::Affix;
use crate::matcher::{Candidate, Selection};
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
}

/// Byte offsets of one reading in the original text: start, stem start, stem end, end.
pub(crate) fn byte_offsets(stream: &Stream, c: &Candidate) -> [usize; 4] {
    let first = stream.words[c.first_word as usize];
    let last = stream.words[c.last_word as usize];
    let start = first.orig_start as usize;
    let end = last.orig_end as usize;
    let stem_start = if c.stem_start == first.start {
        start
    } else {
        stream.origin(c.stem_start as usize) as usize
    };
    let stem_end = if c.stem_end == last.end {
        end
    } else {
        stream.origin(c.stem_end as usize) as usize
    };
    [
        start,
        stem_start.max(start),
        stem_end.clamp(stem_start.max(start), end),
        end,
    ]
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
            let [start, stem_start, stem_end, end] = byte_offsets(stream, &s.best);
            if start < previous_end || start == end || stem_start == stem_end {
                return None;
            }
            previous_end = end;
            Some(Span {
                start: counter.at(start),
                stem_start: counter.at(stem_start),
                stem_end: counter.at(stem_end),
                end: counter.at(end),
                prefix: s.best.prefix.iter().collect(),
                suffix: s.best.suffix.iter().collect(),
                entry: s.best.entry,
                alternatives: s.alternatives,
            })
        })
        .collect()
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
