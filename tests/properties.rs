//! Properties that hold for any input: normalisation is idempotent and its map stays inside the
//! text; spans are sorted, non-overlapping, on character boundaries, with consistent offsets.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::glosser;
use hamish::normalise::{normalise, normalised_chars};
use hamish::segment::Stream;
use proptest::prelude::*;

/// Text that looks like messy Arabic news: letters, marks, tatweel, clitic letters, glossary
/// words, quotes, digits, controls, emoji and other scripts.
fn arabic_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[\u{0621}-\u{064A}]{1,6}",
        2 => "[\u{064B}-\u{0652}\u{0670}\u{0640}]{1,3}",
        2 => Just(" ".to_string()),
        1 => "[وفبكل]ـ?",
        2 => prop_oneof![
            Just("قسد"), Just("داعش"), Just("مخيم الهول"), Just("قوات سوريا الديمقراطية"),
            Just("التحالف الدولي"), Just("الرقة"), Just("مدينة"), Just("قال"), Just("سوریا"),
        ].prop_map(str::to_string),
        1 => "[\"«»“”()\\[\\]،.؛:!؟\\-–\n]",
        1 => "[\u{0660}-\u{0669}\u{06F0}-\u{06F9}0-9]{1,4}",
        1 => "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{0000}-\u{001F}]",
        1 => "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFC}]{1,3}",
        1 => "[a-zA-Zа-я中文😀👨‍👩‍👧\u{0301}\u{0654}\u{0655}]{1,3}",
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![arabic_like(), any::<String>(), "\\PC*"]
}

fn check_spans(text: &str) -> Result<(), TestCaseError> {
    let g = glosser();
    let spans = g.gloss(text);
    let mut previous_end = 0;
    let mut counted = (0usize, 0usize, 0usize); // (byte, char, utf16) counted so far
    for s in &spans {
        prop_assert!(
            previous_end <= s.start.byte,
            "spans overlap or are unsorted"
        );
        prop_assert!(s.start.byte < s.end.byte, "empty span");
        prop_assert!(s.start.byte <= s.stem_start.byte);
        prop_assert!(s.stem_start.byte < s.stem_end.byte, "empty stem");
        prop_assert!(s.stem_end.byte <= s.end.byte);
        prop_assert!(s.end.byte <= text.len());
        for o in [s.start, s.stem_start, s.stem_end, s.end] {
            prop_assert!(text.is_char_boundary(o.byte));
            let between = &text[counted.0..o.byte];
            counted = (
                o.byte,
                counted.1 + between.chars().count(),
                counted.2 + between.encode_utf16().count(),
            );
            prop_assert_eq!((o.char, o.utf16), (counted.1, counted.2));
        }
        prop_assert!((s.entry as usize) < g.entry_count());
        previous_end = s.end.byte;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Probable names stay inside the text on character boundaries, in order, and never overlap
    /// a term.
    #[test]
    fn probable_names_are_sorted_inside_and_apart_from_terms(text in any_text()) {
        static BUNDLED: std::sync::OnceLock<hamish::Glosser> = std::sync::OnceLock::new();
        let g = BUNDLED.get_or_init(|| hamish::Glosser::bundled().unwrap());
        let terms = g.gloss_terms(&text);
        let mut previous_end = 0;
        for n in g.probable_names(&text) {
            prop_assert!(previous_end <= n.start.byte);
            prop_assert!(n.start.byte <= n.stem_start.byte && n.stem_start.byte < n.end.byte);
            prop_assert!(n.end.byte <= text.len() && text.is_char_boundary(n.stem_start.byte));
            prop_assert!(!terms.iter().any(|t| t.start.byte < n.end.byte && n.start.byte < t.end.byte));
            previous_end = n.end.byte;
        }
    }

    /// Looking a word's splits up finds the same one-word readings as the automaton scan.
    #[test]
    fn lookup_by_splits_reads_words_as_the_automaton_does(text in arabic_like()) {
        use hamish::matcher::{candidates_by_lookup, candidates_in, Index, PatternTable};
        let g = glosser();
        let index = Index::new(g.glossary());
        let table = PatternTable::new(g.glossary());
        let stream = Stream::build(&text);
        let key = |c: &hamish::matcher::Candidate| (c.reading.first_word, c.reading.stem_start, c.reading.stem_end, c.reading.entry, format!("{:?}", c.reading.kind));
        let mut by_lookup = candidates_by_lookup(g.glossary(), &index, &table, &text, &stream);
        let mut scanned: Vec<_> = candidates_in(g.glossary(), &index, &text, &stream)
            .into_iter()
            .filter(|c| c.reading.first_word == c.reading.last_word)
            .collect();
        by_lookup.sort_by_key(key);
        scanned.sort_by_key(key);
        prop_assert_eq!(by_lookup, scanned);
    }

    #[test]
    fn normalisation_is_idempotent(text in any_text()) {
        let once = normalise(&text);
        prop_assert_eq!(normalise(&once), once);
    }

    #[test]
    fn normalised_map_is_monotone_and_inside(text in any_text()) {
        let mut last_start = 0;
        for c in normalised_chars(&text) {
            prop_assert!(c.start <= c.end && c.end <= text.len());
            prop_assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            prop_assert!(c.start >= last_start);
            last_start = c.start;
        }
    }

    #[test]
    fn every_stream_letter_maps_to_the_original_character_it_came_from(text in any_text()) {
        let stream = Stream::build(&text);
        for word in &stream.words {
            let mut last = word.orig_start as usize;
            for (i, letter) in stream.text[word.start as usize..word.end as usize].char_indices() {
                let origin = stream.origin(word.start as usize + i) as usize;
                prop_assert!(last <= origin && origin < word.orig_end as usize);
                prop_assert!(text.is_char_boundary(origin));
                let source = text[origin..].chars().next().unwrap();
                let folded = normalise(&source.to_string());
                // a و or ي with a combining hamza after it is written ء
                let hamza_seat = letter == 'ء' && folded.contains(['و', 'ي']);
                prop_assert!(
                    folded.contains(letter) || hamza_seat,
                    "{letter:?} at {i} of word {word:?} maps to {source:?}"
                );
                last = origin;
            }
        }
    }

    #[test]
    fn spans_are_sound(text in any_text()) {
        check_spans(&text)?;
    }

    #[test]
    fn lookup_never_panics_and_covers_the_offset(text in arabic_like(), at in 0usize..400) {
        let g = glosser();
        for r in g.lookup(&text, at) {
            prop_assert!(r.start.byte <= r.end.byte && r.end.byte <= text.len());
            prop_assert!(text.is_char_boundary(r.start.byte) && text.is_char_boundary(r.end.byte));
        }
    }

    #[test]
    fn glossing_a_copy_inside_more_text_finds_the_same_terms(text in arabic_like()) {
        // Padding with a hard break on both sides must not change what is found inside.
        let g = glosser();
        let alone: Vec<u32> = g.gloss(&text).iter().map(|s| s.entry).collect();
        let padded = format!("مقدمة.\n{text}\n.خاتمة");
        let inside: Vec<u32> = g.gloss(&padded).iter().map(|s| s.entry).collect();
        prop_assert_eq!(alone, inside);
    }
}

#[test]
fn lone_combining_marks_and_huge_inputs() {
    for text in [
        "\u{064E}".repeat(10_000),
        "\u{0654}ٔ".repeat(1000),
        "ـ".repeat(100_000),
        format!("ل{}", "ـ".repeat(1000)) + "\"قسد\"",
        "قسد".repeat(200_000),
        "لقسد ".repeat(100_000),
        "و ".repeat(50_000),
    ] {
        check_spans(&text).unwrap();
    }
}

#[test]
fn huge_text_is_linear_enough_to_finish() {
    let paragraph =
        "قالت لـ«قسد» إن قوات سوريا الديمقراطية وبالتحالف الدولي في مخيم الهول بالرقة. ";
    let text = paragraph.repeat(20_000); // ~2 MB
    let once = glosser().gloss(paragraph).len();
    assert_eq!(once, 8);
    assert_eq!(glosser().gloss(&text).len(), 20_000 * once);
}
