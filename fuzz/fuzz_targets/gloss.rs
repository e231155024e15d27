//! The whole pipeline on arbitrary text with the bundled glossary: no panic, and every span,
//! probable name and lookup reading is sorted, inside the text, on character boundaries, with
//! offsets that agree in all three units; no probable name overlaps a term.

#![no_main]

use std::sync::OnceLock;

use hamish::Glosser;
use libfuzzer_sys::fuzz_target;

fn glosser() -> &'static Glosser {
    static GLOSSER: OnceLock<Glosser> = OnceLock::new();
    GLOSSER.get_or_init(|| Glosser::bundled().expect("bundled glossary loads"))
}

fn check_offset(text: &str, o: hamish::spans::Offset) {
    assert!(text.is_char_boundary(o.byte));
    assert_eq!(o.char, text[..o.byte].chars().count());
    assert_eq!(o.utf16, text[..o.byte].encode_utf16().count());
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let g = glosser();
    let spans = g.gloss(&text);
    let mut previous_end = 0;
    for s in &spans {
        assert!(previous_end <= s.start.byte);
        assert!(s.start.byte <= s.stem_start.byte && s.stem_start.byte < s.stem_end.byte);
        assert!(s.stem_end.byte <= s.end.byte && s.end.byte <= text.len());
        for o in [s.start, s.stem_start, s.stem_end, s.end] {
            check_offset(&text, o);
        }
        assert!(g.get_entry(s.entry).is_some());
        previous_end = s.end.byte;
    }
    let terms = g.gloss_terms(&text);
    let mut previous_end = 0;
    for n in g.probable_names(&text) {
        assert!(previous_end <= n.start.byte);
        assert!(n.start.byte <= n.stem_start.byte && n.stem_start.byte < n.end.byte);
        assert!(n.end.byte <= text.len());
        for o in [n.start, n.stem_start, n.end] {
            check_offset(&text, o);
        }
        assert!(!terms
            .iter()
            .any(|t| t.start.byte < n.end.byte && n.start.byte < t.end.byte));
        previous_end = n.end.byte;
    }
    let at = data.first().map_or(0, |&b| usize::from(b) * text.len() / 256);
    for r in g.lookup(&text, at) {
        check_offset(&text, r.start);
        check_offset(&text, r.end);
    }
});
