//! The WebAssembly API in a real browser (wasm-bindgen-test under Chromium): artefact loading,
//! flat span arrays, entries as plain objects, and UTF-16 offsets in text that mixes Arabic,
//! emoji and combining marks.

#![cfg(target_arch = "wasm32")]

use hamish::wasm::{span_stride, Hamish};
use hamish::Glosser;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn hamish() -> Hamish {
    let glosser =
        Glosser::from_sources(&[("test.tsv", include_str!("fixtures/glossary/test.tsv"))]).unwrap();
    Hamish::new(&glosser.to_artefact()).unwrap()
}

/// JavaScript's view of a Rust string: its UTF-16 code units.
fn utf16_index(text: &str, needle: &str) -> u32 {
    let byte = text.find(needle).unwrap();
    text[..byte].encode_utf16().count() as u32
}

fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap()
}

#[wasm_bindgen_test]
fn spans_cross_as_utf16_offsets() {
    let h = hamish();
    let text = "👨‍👩‍👧 قالت لِـ«قَسَد» 🇸🇾 إن مخيّم الهول 😀";
    let flat = h.gloss(text);
    let stride = span_stride() as usize;
    assert_eq!(flat.len() % stride, 0);
    let spans: Vec<&[u32]> = flat.chunks(stride).collect();
    let qasad = spans
        .iter()
        .find(|s| field(&h.entry(s[4]).unwrap(), "id").as_string().as_deref() == Some("abbr.qasad"))
        .expect("قسد is found");
    // The span starts at لِـ and the stem at ق, in UTF-16 code units.
    assert_eq!(qasad[0], utf16_index(text, "لِـ"));
    assert_eq!(qasad[2], utf16_index(text, "قَسَد"));
    assert_eq!(qasad[3], utf16_index(text, "»"));
    let camp = spans
        .iter()
        .find(|s| s[0] == utf16_index(text, "مخيّم"))
        .expect("camp");
    assert_eq!(camp[1], utf16_index(text, " 😀"));
}

#[wasm_bindgen_test]
fn entry_is_a_plain_object() {
    let h = hamish();
    let flat = h.gloss("داعش");
    let entry = h.entry(flat[4]).unwrap();
    assert_eq!(field(&entry, "ar").as_string().as_deref(), Some("داعش"));
    assert_eq!(
        field(&entry, "type").as_string().as_deref(),
        Some("abbreviation")
    );
    assert_eq!(
        field(&entry, "refers").as_string().as_deref(),
        Some("org.isis")
    );
    let isis = field(&entry, "refersIndex").as_f64().expect("refersIndex") as u32;
    assert_eq!(
        field(&h.entry(isis).unwrap(), "id").as_string().as_deref(),
        Some("org.isis")
    );
    assert!(field(&h.entry(isis).unwrap(), "refersIndex").is_undefined());
    assert!(h.entry(u32::MAX).unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn lookup_at_a_utf16_offset() {
    let h = hamish();
    let text = "😀😀 وبالتحالف الدولي";
    let readings = h.lookup(text, utf16_index(text, "التحالف")).unwrap();
    let first = js_sys::Array::from(&readings).get(0);
    assert_eq!(
        field(&first, "start").as_f64(),
        Some(f64::from(utf16_index(text, "وبال")))
    );
    let prefix = js_sys::Array::from(&field(&first, "prefix"));
    assert_eq!(
        field(&prefix.get(0), "text").as_string().as_deref(),
        Some("و")
    );
}

#[wasm_bindgen_test]
fn lone_surrogates_arrive_as_replacement_characters() {
    let h = hamish();
    // A JS string with a lone surrogate reaches Rust as U+FFFD: still one UTF-16 unit.
    let text: String = String::from_utf16_lossy(&[0xD800, 0x20, 0x0642, 0x0633, 0x062F]);
    let flat = h.gloss(&text);
    assert_eq!(&flat[..2], &[2, 5]);
}

#[wasm_bindgen_test]
fn disguised_terms_are_flagged() {
    let h = hamish();
    let text = "د ا ع ش و داعش";
    let flat = h.gloss(text);
    let stride = span_stride() as usize;
    let flags: Vec<u32> = flat.chunks(stride).map(|s| s[6]).collect();
    assert_eq!(flags, [1, 0]);
    let readings = h.lookup(text, 0).unwrap();
    let first = js_sys::Array::from(&readings).get(0);
    assert_eq!(field(&first, "disguised").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn bad_artefact_is_a_clear_error() {
    assert!(Hamish::new(b"garbage").is_err());
}

#[wasm_bindgen_test]
fn notes_served_apart_reach_the_entries_and_only_their_own_glossary() {
    let glosser =
        Glosser::from_sources(&[("test.tsv", include_str!("fixtures/glossary/test.tsv"))]).unwrap();
    let (served, notes) = hamish::glossary::binary::write_served(glosser.glossary());
    let sdf = glosser.glossary().find_id("org.sdf").unwrap();
    let note_of = |h: &Hamish| field(&h.entry(sdf).unwrap(), "notes").as_string().unwrap();
    let mut h = Hamish::new(&served).unwrap();
    assert!(h.notes_pending());
    assert_eq!(note_of(&h), "");
    h.attach_notes(&notes).unwrap();
    assert!(!h.notes_pending());
    assert_eq!(note_of(&h), glosser.entry(sdf).notes);
    assert!(!note_of(&h).is_empty());
    // Notes of another glossary, or twice, are refused.
    let mut other = Hamish::new(&served).unwrap();
    assert!(other.attach_notes(&served).is_err());
    assert!(h.attach_notes(&notes).is_err());
    other.attach_notes(&notes).unwrap();
}
