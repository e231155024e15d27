//! The WebAssembly API: a thin layer over [`crate::Glosser`] for the reader page.
//!
//! Spans cross to JavaScript as one flat `Uint32Array` (no object per span); entries and
//! readings, needed one at a time on hover, cross as plain objects. Offsets are UTF-16 code
//! units, JavaScript's string indices.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::affixes::Affix;
use crate::spans::{byte_offset_of_utf16, Span};
use crate::Glosser;

/// Numbers per span in [`Hamish::gloss`]: start, end, stem start, stem end, entry, alternatives,
/// flags (bit 0: the term was written disguised, as in د ا ع ش).
#[wasm_bindgen(js_name = spanStride)]
pub fn span_stride() -> u32 {
    crate::GLOSS_STRIDE as u32
}

/// A loaded glossary and the matcher over it.
#[wasm_bindgen]
pub struct Hamish {
    glosser: Glosser,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Reading<'a> {
    start: usize,
    end: usize,
    stem_start: usize,
    stem_end: usize,
    prefix: &'a [Affix],
    suffix: &'a [Affix],
    entry: u32,
    disguised: bool,
}

impl<'a> From<&'a Span> for Reading<'a> {
    fn from(s: &'a Span) -> Self {
        Reading {
            start: s.start.utf16,
            end: s.end.utf16,
            stem_start: s.stem_start.utf16,
            stem_end: s.stem_end.utf16,
            prefix: &s.prefix,
            suffix: &s.suffix,
            entry: s.entry,
            disguised: s.disguised,
        }
    }
}

fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl Hamish {
    /// Loads a compiled glossary artefact (`glossary.bin`).
    #[wasm_bindgen(constructor)]
    pub fn new(artefact: &[u8]) -> Result<Hamish, JsError> {
        Glosser::from_artefact(artefact)
            .map(|glosser| Hamish { glosser })
            .map_err(js_error)
    }

    /// A new glosser with the reader's own TSV entries on top (`files`: `[[name, text], ...]`).
    #[wasm_bindgen(js_name = withUserGlossary)]
    pub fn with_user_glossary(&self, files: JsValue) -> Result<Hamish, JsError> {
        let files: Vec<(String, String)> =
            serde_wasm_bindgen::from_value(files).map_err(js_error)?;
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        self.glosser
            .with_user_sources(&refs)
            .map(|glosser| Hamish { glosser })
            .map_err(js_error)
    }

    /// Number of entries.
    #[wasm_bindgen(getter, js_name = entryCount)]
    pub fn entry_count(&self) -> u32 {
        self.glosser.entry_count() as u32
    }

    /// Finds the terms in `text`: a flat array, [`span_stride`] numbers per span.
    pub fn gloss(&self, text: &str) -> Vec<u32> {
        self.glosser.gloss_utf16(text)
    }

    /// Every entry's id, in entry order (index `i` is entry `i`): one call where asking
    /// [`Hamish::entry`] for each entry would convert every entry to an object.
    #[wasm_bindgen(js_name = entryIds)]
    pub fn entry_ids(&self) -> Vec<String> {
        self.glosser
            .glossary()
            .entries
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    /// The entry at `index` as a plain object, or `undefined`.
    pub fn entry(&self, index: u32) -> Result<JsValue, JsError> {
        match self.glosser.get_entry(index) {
            Some(e) => serde_wasm_bindgen::to_value(e).map_err(js_error),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Builds what [`Hamish::lookup`] needs (the automaton over every pattern, general words
    /// included), which the first lookup would otherwise build: call it when idle.
    #[wasm_bindgen(js_name = prepareLookup)]
    pub fn prepare_lookup(&self) {
        self.glosser.prepare_lookup();
    }

    /// Every reading of the word at UTF-16 offset `at` in `text`, best first.
    pub fn lookup(&self, text: &str, at: u32) -> Result<JsValue, JsError> {
        let readings = self
            .glosser
            .lookup(text, byte_offset_of_utf16(text, at as usize));
        let readings: Vec<Reading<'_>> = readings.iter().map(Reading::from).collect();
        serde_wasm_bindgen::to_value(&readings).map_err(js_error)
    }
}
