//! Hostile and extreme input: each kind a reader might paste, checked for sound spans (sorted,
//! inside the text, on character boundaries, offsets agreeing in all three units) and for what
//! it should find.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::glosser;

/// Glosses `text`, checks every span, and returns the ids found.
fn sound_ids(text: &str) -> Vec<String> {
    let g = glosser();
    let spans = g.gloss(text);
    let (mut byte, mut chars, mut units, mut previous_end) = (0, 0, 0, 0);
    for s in &spans {
        assert!(
            previous_end <= s.start.byte && s.start.byte < s.end.byte && s.end.byte <= text.len()
        );
        for o in [s.start, s.stem_start, s.stem_end, s.end] {
            assert!(text.is_char_boundary(o.byte));
            let between = &text[byte..o.byte];
            chars += between.chars().count();
            units += between.encode_utf16().count();
            byte = o.byte;
            assert_eq!((o.char, o.utf16), (chars, units));
        }
        previous_end = s.end.byte;
    }
    spans.iter().map(|s| g.entry(s.entry).id.clone()).collect()
}

macro_rules! hostile {
    ($($name:ident: $text:expr => $expected:expr;)*) => {$(
        #[test]
        fn $name() {
            let text: String = $text;
            let expected: &[&str] = &$expected;
            let ids = sound_ids(&text);
            let ids: Vec<&str> = ids.iter().map(String::as_str).filter(|id| !id.starts_with("word.")).collect();
            assert_eq!(ids, expected);
        }
    )*};
}

hostile! {
    empty: String::new() => [];
    only_diacritics: "ًٌٍَُِّْٰ".repeat(1000) => [];
    only_tatweel: "ـ".repeat(100_000) => [];
    only_spaces_and_breaks: " \n\t\r\u{2028}\u{00A0}".repeat(1000) => [];
    one_megabyte_word: "ب".repeat(1 << 19) => [];
    one_megabyte_latin_word: "x".repeat(1 << 20) => [];
    bidi_controls_around_and_inside: "\u{202B}قالت \u{2067}قسد\u{2069} و\u{200F}داعش\u{202C}".to_string() => ["abbr.qasad", "abbr.daesh"];
    // Latin acronyms are terms too (SDF); Latin words the glossary does not list are not.
    mixed_rtl_ltr: "The SDF (قسد) and ISIS (داعش) in Raqqa الرقة.".to_string() => ["org.sdf", "abbr.qasad", "abbr.daesh", "place.raqqa"];
    nul_and_controls: "\u{0}قسد\u{1}\u{7}\u{1B}[31mداعش\u{7F}".to_string() => ["abbr.qasad", "abbr.daesh"];
    replacement_character_from_lone_surrogate: "\u{FFFD}قسد\u{FFFD}".to_string() => ["abbr.qasad"];
    emoji_and_zwj: "👨‍👩‍👧قسد 🇸🇾 داعش‍".to_string() => ["abbr.qasad", "abbr.daesh"];
    latin_cyrillic_cjk: "ISIS ИГИЛ 伊斯兰国 قسد".to_string() => ["abbr.qasad"];
    html_and_script: "<script>alert('قسد')</script><img src=x onerror=\"داعش\">".to_string() => ["abbr.qasad", "abbr.daesh"];
    terms_run_together: "قسدداعشقسد".repeat(1000) => [];
    combining_marks_without_base: "\u{064E}\u{0654}\u{0301}\u{20DD}".repeat(500) => [];
}

#[test]
fn terms_back_to_back_are_all_found() {
    let ids = sound_ids(&"قسد داعش ".repeat(10_000));
    assert_eq!(ids.len(), 20_000);
}

#[test]
fn ten_megabytes_of_news() {
    let paragraph = "قالت لـ«قسد» إن قوات سوريا الديمقراطية وبالتحالف الدولي في مخيم الهول بالرقة، وإن داعش هنا.\n";
    let text = paragraph.repeat(10 * 1024 * 1024 / paragraph.len());
    let per_paragraph = sound_ids(paragraph).len();
    assert_eq!(
        glosser().gloss(&text).len(),
        per_paragraph * (text.len() / paragraph.len())
    );
}
