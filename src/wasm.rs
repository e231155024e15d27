//! The WebAssembly API: a thin layer over [`crate::Glosser`] for the reader page.
//!
//! Spans cross to JavaScript as one flat `Uint32Array` (no object per span); entries and
//! readings, needed one at a time on hover, cross as plain objects. Offsets are UTF-16 code
//! units, JavaScript's string indices.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::affixes::Affix;
use crate::names::{describe, CueKind, NameKind};
use crate::spans::{byte_offset_of_utf16, Span};
use crate::Glosser;

/// Numbers per span in [`Hamish::gloss`]: start, end, stem start, stem end, entry, alternatives,
/// flags (bit 0: the term was written disguised, as in د ا ع ش; bit 1: it was named by a short
/// form, a second mention such as الشرع; bit 2: a probable name, from [`Hamish::gloss_names`]).
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
    short: bool,
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
            short: s.short,
        }
    }
}

/// A probable name as the page sees it: no gloss, what it probably names, why, how it is said,
/// and the sentence to show.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NameView<'a> {
    kind: NameKind,
    cue: CueKind,
    cue_text: &'a str,
    romanisation: &'a str,
    description: String,
}

/// What [`Hamish::gloss_names`] returns: the flat spans and the probable names they index.
#[derive(Serialize)]
struct Glossed<'a> {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    spans: js_sys::Uint32Array,
    names: Vec<NameView<'a>>,
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

    /// Adds the notes served apart from the glossary (`glossary-notes.bin`). Entries read
    /// before have empty notes.
    #[wasm_bindgen(js_name = attachNotes)]
    pub fn attach_notes(&mut self, artefact: &[u8]) -> Result<(), JsError> {
        self.glosser.attach_notes(artefact).map_err(js_error)
    }

    /// Whether the notes are still to be attached ([`Hamish::attach_notes`]).
    #[wasm_bindgen(getter, js_name = notesPending)]
    pub fn notes_pending(&self) -> bool {
        self.glosser.glossary().notes_pending()
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

    /// Finds the terms and the probable names in `text`: `{spans, names}`, where `spans` is the
    /// flat array of [`Hamish::gloss`] with the probable names merged in (flag bit 2; their
    /// entry number indexes `names`) and `names` holds, for each, `{kind, cue, cueText,
    /// romanisation, description}`.
    #[wasm_bindgen(js_name = glossNames)]
    pub fn gloss_names(&self, text: &str) -> Result<JsValue, JsError> {
        let (flat, found) = self.glosser.gloss_utf16_with_names(text);
        let glossed = Glossed {
            spans: js_sys::Uint32Array::from(&flat[..]),
            names: found
                .iter()
                .map(|n| NameView {
                    kind: n.kind,
                    cue: n.cue,
                    cue_text: &n.cue_text,
                    romanisation: &n.romanisation,
                    description: describe(n.kind, n.cue, &n.cue_text),
                })
                .collect(),
        };
        let plain = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        glossed.serialize(&plain).map_err(js_error)
    }

    /// The entry at `index` as a plain object, or `undefined`. An abbreviation's object also
    /// has `refersIndex`, the index of the entry its `refers` names, so that the page needs no
    /// map from ids to indices.
    pub fn entry(&self, index: u32) -> Result<JsValue, JsError> {
        let Some(entry) = self.glosser.get_entry(index) else {
            return Ok(JsValue::UNDEFINED);
        };
        // The entry's own fields, then the two the page needs beside them, set on the object
        // (serde's `flatten` would build the same object through a map, a third slower).
        let view = serde_wasm_bindgen::to_value(entry).map_err(js_error)?;
        let refers_index = (!entry.refers.is_empty())
            .then(|| self.glosser.glossary().find_id(&entry.refers))
            .flatten();
        let set = |key: &str, value: JsValue| js_sys::Reflect::set(&view, &key.into(), &value);
        if let Some(index) = refers_index {
            set("refersIndex", index.into()).map_err(|_| JsError::new("cannot set refersIndex"))?;
        }
        // An abbreviation that is a short name rather than an abbreviation proper.
        if entry.is_short_name() {
            set("shortName", true.into()).map_err(|_| JsError::new("cannot set shortName"))?;
        }
        Ok(view)
    }

    /// Builds what [`Hamish::lookup`] needs (the automaton over every pattern, general words
    /// included), which the first lookup would otherwise build: call it when idle.
    #[wasm_bindgen(js_name = prepareLookup)]
    pub fn prepare_lookup(&self) {
        self.glosser.prepare_lookup();
    }

    /// Builds what [`Hamish::gloss_names`] needs beyond glossing, which its first call would
    /// otherwise build: call it when idle.
    #[wasm_bindgen(js_name = prepareNames)]
    pub fn prepare_names(&self) {
        self.glosser.prepare_names();
    }

    /// Whether [`Hamish::prepare_names`] has run (then [`Hamish::gloss_names`] costs little more
    /// than [`Hamish::gloss`]).
    #[wasm_bindgen(getter, js_name = namesReady)]
    pub fn names_ready(&self) -> bool {
        self.glosser.names_ready()
    }

    /// What the add-term form starts with for the selected words `text`: `{ar, voc, tr}`, the
    /// last two only where the glossary knows them ([`Glosser::form_to_add`]).
    #[wasm_bindgen(js_name = formToAdd)]
    pub fn form_to_add(&self, text: &str) -> Result<JsValue, JsError> {
        serde_wasm_bindgen::to_value(&self.glosser.form_to_add(text)).map_err(js_error)
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
