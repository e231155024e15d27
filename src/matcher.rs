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

use crate::affixes::{parse_prefix, parse_suffix, Affixes};
use crate::glossary::{Glossary, PatternKind};
use crate::segment::Stream;

/// Letters of clitics are few: a longer leftover cannot be a clitic chain.
const MAX_PREFIX_BYTES: usize = 10;
const MAX_SUFFIX_BYTES: usize = 12;

/// One way to read some words of the text as a glossary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// First word of the stream covered (index into [`Stream::words`]).
    pub first_word: u32,
    /// Last word covered (inclusive).
    pub last_word: u32,
    /// Stream byte range of the stem (the pattern occurrence).
    pub stem_start: u32,
    /// End of the stem in the stream (exclusive).
    pub stem_end: u32,
    /// Index of the entry in the glossary.
    pub entry: u32,
    /// How the pattern was derived from the entry's form.
    pub kind: PatternKind,
    /// Clitics before the stem.
    pub prefix: Affixes,
    /// Affixes after the stem.
    pub suffix: Affixes,
}

impl Candidate {
    fn stripped(&self, stream: &Stream) -> u32 {
        let first = stream.words[self.first_word as usize];
        let last = stream.words[self.last_word as usize];
        (self.stem_start - first.start) + (last.end - self.stem_end)
    }
}

/// A chosen candidate and the other entries that read the same words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The winning reading.
    pub best: Candidate,
    /// Other entries for exactly the same words, best first.
    pub alternatives: Vec<u32>,
}

/// Every valid reading of the stream, in no particular order.
pub fn candidates(glossary: &Glossary, stream: &Stream) -> Vec<Candidate> {
    let mut out = Vec::new();
    let words = &stream.words;
    if words.is_empty() {
        return out;
    }
    let mut word = 0usize;
    for hit in glossary.automaton.find_overlapping_iter(&stream.text) {
        let Some(group) = glossary.groups.get(hit.value() as usize) else {
            continue;
        };
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
            let Some(entry) = glossary.entries.get(target.entry as usize) else {
                continue;
            };
            let class = entry.morph_class();
            let stem_end = match target.kind {
                PatternKind::WithPronoun => {
                    start + group.pattern.chars().next().map_or(0, char::len_utf8) as u32
                }
                _ => end,
            };
            let suffix = &stream.text[stem_end as usize..w_last.end as usize];
            let Some(pre) = parse_prefix(prefix, class, target.kind, &group.pattern) else {
                continue;
            };
            let Some(suf) = parse_suffix(
                suffix,
                class,
                target.kind,
                group.multiword,
                pre.has_article(),
            ) else {
                continue;
            };
            out.push(Candidate {
                first_word: first as u32,
                last_word: last as u32,
                stem_start: start,
                stem_end,
                entry: target.entry,
                kind: target.kind,
                prefix: pre,
                suffix: suf,
            });
        }
    }
    out
}

/// Orders two readings of text starting at the same word: `Less` means `a` is preferred.
pub fn rank(
    glossary: &Glossary,
    stream: &Stream,
    a: &Candidate,
    b: &Candidate,
) -> std::cmp::Ordering {
    let key = |c: &Candidate| {
        (
            std::cmp::Reverse(c.last_word),
            c.stripped(stream),
            c.kind != PatternKind::Whole,
            glossary.entries[c.entry as usize].priority(),
            c.entry,
        )
    };
    key(a).cmp(&key(b))
}

/// Chooses non-overlapping readings, leftmost-longest, with ties broken by [`rank`].
pub fn select(glossary: &Glossary, stream: &Stream, candidates: &[Candidate]) -> Vec<Selection> {
    const NONE: u32 = u32::MAX;
    let mut best_at = vec![NONE; stream.words.len()];
    for (index, c) in candidates.iter().enumerate() {
        let slot = &mut best_at[c.first_word as usize];
        if *slot == NONE || rank(glossary, stream, c, &candidates[*slot as usize]).is_lt() {
            *slot = index as u32;
        }
    }
    let mut chosen_at = vec![NONE; stream.words.len()];
    let mut selections = Vec::new();
    let mut word = 0usize;
    while word < best_at.len() {
        match best_at[word] {
            NONE => word += 1,
            index => {
                let best = candidates[index as usize];
                chosen_at[word] = selections.len() as u32;
                selections.push(Selection {
                    best,
                    alternatives: Vec::new(),
                });
                word = best.last_word as usize + 1;
            }
        }
    }
    let mut others: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| {
            let chosen = chosen_at[c.first_word as usize];
            chosen != NONE && {
                let best = &selections[chosen as usize].best;
                best.last_word == c.last_word && best.entry != c.entry
            }
        })
        .collect();
    others.sort_by(|a, b| rank(glossary, stream, a, b));
    for c in others {
        let alternatives = &mut selections[chosen_at[c.first_word as usize] as usize].alternatives;
        if !alternatives.contains(&c.entry) {
            alternatives.push(c.entry);
        }
    }
    selections
}
