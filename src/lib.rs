//! hamish (هامش, "margin note"): find the glossary terms in Arabic news text.
//!
//! The pipeline has one module per stage:
//!
//! 1. [`normalise`]: fold spelling variation, keep a map to the original text;
//! 2. [`segment`]: split into words and lay them out as the match stream;
//! 3. [`matcher`]: find glossary patterns, check clitics with [`affixes`], choose leftmost-longest;
//! 4. [`spans`]: report each choice with its offsets in bytes, code points and UTF-16; among
//!    the words no term covers, [`names`] finds probable names (romanised by [`romanise`]);
//! 5. rendering lives with the consumer: [`render`] for the command line, `www/` for the page.
//!
//! [`Glosser`] ties them together over a loaded [`glossary::Glossary`].
//!
//! ```
//! use hamish::Glosser;
//! let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
//! let text = "أعلنت لـ«قسد» وبالتحالف الدولي";
//! let spans = glosser.gloss(text);
//! let found: Vec<&str> = spans.iter().map(|s| glosser.entry(s.entry).ar.as_str()).collect();
//! assert!(found.contains(&"قسد"));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod affixes;
pub mod context;
pub mod error;
pub mod glossary;
pub mod matcher;
pub mod names;
pub mod normalise;
#[cfg(not(target_arch = "wasm32"))]
pub mod render;
pub mod romanise;
pub mod segment;
pub mod spans;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
use glossary::{Entry, Glossary};
use segment::Stream;
use spans::{NameSpan, OffsetCounter, Span};

/// The bundled glossary artefact, compiled from `glossary/*.tsv` by the build script.
#[cfg(not(target_arch = "wasm32"))]
static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/glossary.bin"));

/// Numbers per span in [`Glosser::gloss_utf16`]: start, end, stem start, stem end, entry,
/// alternatives, flags.
pub const GLOSS_STRIDE: usize = 7;

/// A loaded glossary, ready to gloss text.
#[derive(Debug)]
pub struct Glosser {
    glossary: Glossary,
    /// The glossary laid out for the matcher's hot loop, built once.
    index: matcher::Index,
    /// The same for highlighted entries only (every type but general words).
    highlights: matcher::Index,
    /// What the names stage knows of words, built on first use.
    lexicon: std::sync::OnceLock<names::Lexicon>,
}

impl Glosser {
    /// Loads the glossary bundled into this binary at build time.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let again = hamish::Glosser::from_artefact(&glosser.to_artefact()).unwrap();
    /// assert_eq!(again.entry_count(), glosser.entry_count());
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn bundled() -> Result<Glosser> {
        Glosser::from_artefact(BUNDLED)
    }

    /// Loads a compiled glossary artefact (as written by [`Glosser::to_artefact`]).
    pub fn from_artefact(bytes: &[u8]) -> Result<Glosser> {
        Ok(Glosser::from_glossary(glossary::binary::read(bytes)?))
    }

    /// Compiles glossary sources (file name, TSV text) directly, validating them.
    ///
    /// ```
    /// use hamish::glossary::source::HEADER;
    /// let tsv = format!("{HEADER}\nabbr.qasad\tقسد\t\tabbreviation\tSDF\tQasad\t\t\tقوات سوريا الديمقراطية\tabbr.qasad\t\t\t\t2026-12-06\n");
    /// let glosser = hamish::Glosser::from_sources(&[("mine.tsv", &tsv)]).unwrap();
    /// assert_eq!(glosser.gloss("دعم لقسد").len(), 1);
    /// ```
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Glosser> {
        Ok(Glosser::from_glossary(glossary::compile::compile_sources(
            files, false,
        )?))
    }

    /// Wraps an already compiled glossary.
    pub fn from_glossary(glossary: Glossary) -> Glosser {
        let index = matcher::Index::new(&glossary);
        let highlights = matcher::Index::highlights(&glossary);
        Glosser {
            glossary,
            index,
            highlights,
            lexicon: std::sync::OnceLock::new(),
        }
    }

    /// A new glosser with the reader's own entries added: they are validated (every problem
    /// reported as `file:line: reason`), may reuse forms of bundled entries, and win over them.
    ///
    /// ```
    /// use hamish::glossary::source::HEADER;
    /// let bundled = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let tsv = format!("{HEADER}\nmine.qasad\tقسد\t\torganisation\tmy SDF note\tQasad\t\t\t\t\t\t\t\t2026-12-06\n");
    /// let mine = bundled.with_user_sources(&[("mine.tsv", &tsv)]).unwrap();
    /// let span = &mine.gloss("قسد")[0];
    /// assert_eq!(mine.entry(span.entry).en, "my SDF note");
    /// assert!(mine.entry(span.entry).user);
    /// ```
    pub fn with_user_sources(&self, files: &[(&str, &str)]) -> Result<Glosser> {
        let mut user = Vec::new();
        let mut problems = Vec::new();
        for (name, text) in files {
            let (mut parsed, mut bad) = glossary::source::parse_lenient(name, text, true);
            user.append(&mut parsed);
            problems.append(&mut bad);
        }
        let bundled: Vec<Entry> = self
            .glossary
            .entries
            .iter()
            .filter(|e| !e.user)
            .cloned()
            .collect();
        if let Err(e) = glossary::source::validate_with(&user, &bundled) {
            problems.extend(e.messages().iter().cloned());
        }
        if let Some(error) = Error::from_messages(problems) {
            return Err(error);
        }
        let mut entries = bundled;
        entries.extend(user.into_iter().map(|s| s.entry));
        let mut glossary = glossary::compile::compile(entries)?;
        // The bundled entries come first, in their order: the notes still to come are theirs.
        glossary.notes_pending = self.glossary.notes_pending;
        Ok(Glosser::from_glossary(glossary))
    }

    /// Adds the notes the glossary was served without ([`glossary::binary::write_served`]);
    /// a glosser built on it with the reader's entries ([`Glosser::with_user_sources`]) takes
    /// the same notes.
    ///
    /// ```
    /// let full = hamish::Glosser::bundled().unwrap();
    /// let (served, notes) = hamish::glossary::binary::write_served(full.glossary());
    /// let mut glosser = hamish::Glosser::from_artefact(&served).unwrap();
    /// let sdf = full.glossary().find_id("org.sdf").unwrap();
    /// assert!(glosser.entry(sdf).notes.is_empty());
    /// glosser.attach_notes(&notes).unwrap();
    /// assert_eq!(glosser.entry(sdf).notes, full.entry(sdf).notes);
    /// assert!(glosser.attach_notes(&notes).is_err());
    /// ```
    pub fn attach_notes(&mut self, bytes: &[u8]) -> Result<()> {
        glossary::binary::read_notes(&mut self.glossary, bytes)
    }

    /// Serialises the glossary to the artefact format.
    pub fn to_artefact(&self) -> Vec<u8> {
        glossary::binary::write(&self.glossary)
    }

    /// The underlying glossary.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Number of entries.
    pub fn entry_count(&self) -> usize {
        self.glossary.entries.len()
    }

    /// The entry at `index` (as found in [`Span::entry`]).
    ///
    /// # Panics
    /// If `index` is not an index returned by this glosser.
    pub fn entry(&self, index: u32) -> &Entry {
        &self.glossary.entries[index as usize]
    }

    /// The entry at `index`, or `None` when out of range.
    pub fn get_entry(&self, index: u32) -> Option<&Entry> {
        self.glossary.entries.get(index as usize)
    }

    /// Finds every glossary reading in `text`, general words included: sorted, non-overlapping
    /// spans.
    ///
    /// ```
    /// use hamish::Glosser;
    /// let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let spans = glosser.gloss("بغداد");
    /// // the whole word is the place: ب is not taken for a preposition
    /// assert_eq!(spans[0].prefix.len(), 0);
    /// ```
    pub fn gloss(&self, text: &str) -> Vec<Span> {
        self.gloss_with(text, &self.index)
    }

    /// Finds the terms a reader sees highlighted (every type but general words): sorted,
    /// non-overlapping spans. General words do not take part, so they never hide a term.
    ///
    /// ```
    /// use hamish::Glosser;
    /// let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let spans = glosser.gloss_terms("قال مسؤول في قسد");
    /// assert_eq!(spans.len(), 1);
    /// assert_eq!(glosser.entry(spans[0].entry).ar, "قسد");
    /// ```
    pub fn gloss_terms(&self, text: &str) -> Vec<Span> {
        self.gloss_with(text, &self.highlights)
    }

    fn gloss_with(&self, text: &str, index: &matcher::Index) -> Vec<Span> {
        let stream = Stream::build(text);
        let selections = matcher::choose(&self.glossary, index, text, &stream)
            .iter()
            .map(|(best, alternatives)| matcher::Selection {
                best: best.candidate(text, &stream),
                alternatives: alternatives.to_vec(),
            })
            .collect();
        spans::build(text, &stream, selections)
    }

    /// Finds the highlighted terms in `text` as one flat array, [`GLOSS_STRIDE`] numbers per
    /// span: start, end, stem start, stem end (UTF-16 code units, JavaScript's string indices),
    /// entry index, number of alternatives and flags ([`spans::FLAG_DISGUISED`],
    /// [`spans::FLAG_SHORT`]). The same spans
    /// as [`Glosser::gloss_terms`], without building them: this is what the WebAssembly API
    /// returns.
    ///
    /// ```
    /// use hamish::Glosser;
    /// let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let text = "😀 لقسد";
    /// let flat = glosser.gloss_utf16(text);
    /// let span = &glosser.gloss_terms(text)[0];
    /// assert_eq!(flat[..4], [3, 7, 4, 7]);
    /// assert_eq!(flat[4], span.entry);
    /// ```
    pub fn gloss_utf16(&self, text: &str) -> Vec<u32> {
        let stream = Stream::build(text);
        let choices = matcher::choose(&self.glossary, &self.highlights, text, &stream);
        spans::utf16(text, &stream, &choices)
    }

    /// Finds the probable names in `text` ([`names`]): runs of words no highlighted term
    /// covers that the cues around them mark as a person's, a place's or a body's name.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let text = "قال الناشط كاوا حاجو إن";
    /// let names = glosser.probable_names(text);
    /// assert_eq!(&text[names[0].stem_start.byte..names[0].end.byte], "كاوا حاجو");
    /// assert_eq!(names[0].romanisation, "Kāwā Ḥājū");
    /// ```
    pub fn probable_names(&self, text: &str) -> Vec<NameSpan> {
        let stream = Stream::build(text);
        let choices = matcher::choose(&self.glossary, &self.highlights, text, &stream);
        let found = self.find_names(text, &stream, &choices);
        let lexicon = self.lexicon();
        spans::names(text, &stream, &choices, &found, |name| {
            lexicon.describe(text, &stream, name)
        })
    }

    /// [`Glosser::gloss_utf16`] with the probable names merged in (flag
    /// [`spans::FLAG_PROBABLE`]), whose entry numbers index what is shown of them, returned
    /// beside: one [`names::NameInfo`] for each distinct name (a name mentioned many times is
    /// described once).
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let (flat, names) = glosser.gloss_utf16_with_names("قال العميد جوان حسو إن حسو وصل، ثم عاد حسو");
    /// let probable: Vec<u32> = flat.chunks(hamish::GLOSS_STRIDE).filter(|s| s[6] & hamish::spans::FLAG_PROBABLE != 0).map(|s| s[4]).collect();
    /// assert_eq!(probable, [0, 1, 1]);
    /// assert_eq!(names.len(), 2);
    /// assert_eq!(names[1].cue_text, "جوان حسو");
    /// ```
    pub fn gloss_utf16_with_names(&self, text: &str) -> (Vec<u32>, Vec<names::NameInfo>) {
        let stream = Stream::build(text);
        let choices = matcher::choose(&self.glossary, &self.highlights, text, &stream);
        let found = self.find_names(text, &stream, &choices);
        let mut flat = spans::utf16_with_names(text, &stream, &choices, &found);
        let probable = |span: &[u32]| span[6] & spans::FLAG_PROBABLE != 0;
        let reported: Vec<names::ProbableName> = flat
            .chunks_exact(GLOSS_STRIDE)
            .filter(|span| probable(span))
            .map(|span| found[span[4] as usize])
            .collect();
        let (infos, index) = self.lexicon().describe_names(text, &stream, &reported);
        let mut index = index.into_iter();
        for span in flat.chunks_exact_mut(GLOSS_STRIDE) {
            if probable(span) {
                span[4] = index.next().unwrap_or_default();
            }
        }
        (flat, infos)
    }

    /// Builds what [`Glosser::probable_names`] needs (its lexicon: the cue lists, the words of
    /// the glossary's people, the table of one-word patterns), which the first call would
    /// otherwise build: call it when idle.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// assert!(!glosser.names_ready());
    /// glosser.prepare_names();
    /// assert!(glosser.names_ready());
    /// ```
    pub fn prepare_names(&self) {
        self.lexicon();
    }

    /// Whether [`Glosser::prepare_names`] (or a first search for names) has run.
    pub fn names_ready(&self) -> bool {
        self.lexicon.get().is_some()
    }

    fn lexicon(&self) -> &names::Lexicon {
        self.lexicon
            .get_or_init(|| names::Lexicon::new(&self.glossary))
    }

    fn find_names(
        &self,
        text: &str,
        stream: &Stream,
        choices: &matcher::Choices,
    ) -> Vec<names::ProbableName> {
        let lexicon = self.lexicon();
        let highlighted = choices
            .iter()
            .map(|(r, _)| (r.first_word, r.last_word, lexicon.entry_type(r.entry)));
        names::detect(
            &self.glossary,
            &self.index,
            lexicon,
            text,
            stream,
            highlighted,
        )
    }

    /// Builds what [`Glosser::lookup`] and [`Glosser::gloss`] need beyond highlighting (the
    /// automaton over every pattern), which their first call would otherwise build.
    ///
    /// ```
    /// let glosser = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// glosser.prepare_lookup();
    /// assert_eq!(glosser.lookup("قسد", 0).len(), 1);
    /// ```
    pub fn prepare_lookup(&self) {
        self.glossary.automaton();
    }

    /// Every reading of the word at byte offset `at` in `text`, best first, including readings
    /// that lost to a longer or better match and general-vocabulary words.
    ///
    /// Only the line containing `at` is analysed, so the cost does not grow with the text.
    ///
    /// ```
    /// use hamish::Glosser;
    /// let glosser = Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let text = "قالت قسد";
    /// let readings = glosser.lookup(text, text.find("قسد").unwrap());
    /// assert_eq!(glosser.entry(readings[0].entry).ar, "قسد");
    /// ```
    pub fn lookup(&self, text: &str, at: usize) -> Vec<Span> {
        self.lookup_ordered(text, at, true)
    }

    /// Like [`Glosser::lookup`], in the grammar's order only, without the cues of the sentence
    /// ([`context`]): what measuring those cues compares against.
    ///
    /// ```
    /// let glosser = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let text = "قد كتبنا";
    /// let at = text.find("كتبنا").unwrap();
    /// let first = |readings: Vec<hamish::spans::Span>| glosser.entry(readings[0].entry).id.clone();
    /// assert_eq!(first(glosser.lookup(text, at)), "word.kataba");
    /// assert_eq!(first(glosser.lookup_in_grammar_order(text, at)), "word.kitab");
    /// ```
    pub fn lookup_in_grammar_order(&self, text: &str, at: usize) -> Vec<Span> {
        self.lookup_ordered(text, at, false)
    }

    /// What the reader's add-term form starts with for the words `selection` (a word or phrase
    /// as selected on the page): the term without the clitics the glossary finds on it
    /// (المحاصرين is ال + محاصر + ين: محاصر), and its vowelled spelling and transliteration
    /// only where the glossary knows them for that very form. An unknown word is kept as
    /// selected, without vowels: letters alone do not say how a word is voiced.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let form = glosser.form_to_add("المحاصرين");
    /// assert_eq!(form.ar, "محاصر");
    /// assert_eq!(form.voc.as_deref(), Some("مُحاصَر"));
    /// assert_eq!(form.tr.as_deref(), Some("muḥāṣar"));
    /// assert_eq!(glosser.form_to_add("وبالمُحاصَرِين").ar, "محاصر");
    /// let unknown = glosser.form_to_add("«زرقلوط»");
    /// assert_eq!((unknown.ar.as_str(), unknown.voc, unknown.tr), ("زرقلوط", None, None));
    /// ```
    pub fn form_to_add(&self, selection: &str) -> FormToAdd {
        let edge = |c: char| !c.is_alphanumeric() && !normalise::is_deleted(c);
        let text = selection.trim_matches(edge);
        let whole = self
            .lookup_in_grammar_order(text, 0)
            .into_iter()
            .find(|r| r.start.byte == 0 && r.end.byte == text.len());
        let bare = |form: &str| {
            form.chars()
                .filter(|&c| !normalise::is_deleted(c))
                .collect()
        };
        let Some(reading) = whole else {
            return FormToAdd {
                ar: bare(text),
                voc: None,
                tr: None,
            };
        };
        let stem = &text[reading.stem_start.byte..reading.stem_end.byte];
        let entry = self.entry(reading.entry);
        // The entry's vowels and transliteration are those of its main form: another spelling
        // or a short form of it (الشرع for أحمد الشرع) is voiced otherwise.
        let same_form = normalise::normalise(stem) == normalise::normalise(&entry.ar);
        let known = |field: &str| (same_form && !field.is_empty()).then(|| field.to_string());
        FormToAdd {
            ar: bare(stem),
            voc: known(&entry.voc),
            tr: known(&entry.tr),
        }
    }

    fn lookup_ordered(&self, text: &str, at: usize, by_context: bool) -> Vec<Span> {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = &text[line_start..line_end];
        let local = at - line_start;
        let stream = Stream::build(line);
        let all = matcher::candidates_in(&self.glossary, &self.index, line, &stream);
        let mut readings: Vec<_> = all
            .iter()
            .filter(|c| {
                let [start, _, _, end] = spans::byte_offsets(&stream, c);
                start <= local && (local < end || (local == end && start == end))
            })
            .copied()
            .collect();
        readings.sort_by(|a, b| matcher::rank(&stream, a, b));
        if by_context {
            let word = stream
                .words
                .iter()
                .position(|w| w.orig_start as usize <= local && local < w.orig_end as usize);
            if let Some(word) = word {
                context::order(&self.glossary, line, &stream, &all, word, &mut readings);
            }
        }
        // A reading that strips three affixes or more is a strained one where a reading with two
        // fewer exists (وسوريه is و + سوريه, not و + سور + ي + ه): it is not offered.
        let affixes = |c: &matcher::Candidate| c.prefix.iter().count() + c.suffix.iter().count();
        if let Some(simplest) = readings.iter().map(affixes).min() {
            readings.retain(|c| affixes(c) < 3 || affixes(c) < simplest + 2);
        }
        let base = OffsetCounter::new(text).at(line_start);
        let shift = |o: spans::Offset| spans::Offset {
            byte: o.byte + base.byte,
            char: o.char + base.char,
            utf16: o.utf16 + base.utf16,
        };
        let mut seen = Vec::new();
        readings
            .into_iter()
            .filter(|c| {
                let key = (c.reading.entry, c.reading.first_word, c.reading.last_word);
                !seen.contains(&key) && {
                    seen.push(key);
                    true
                }
            })
            .map(|c| {
                let [start, stem_start, stem_end, end] = spans::byte_offsets(&stream, &c);
                let mut counter = OffsetCounter::new(line);
                Span {
                    start: shift(counter.at(start)),
                    stem_start: shift(counter.at(stem_start)),
                    stem_end: shift(counter.at(stem_end)),
                    end: shift(counter.at(end)),
                    prefix: c.prefix.iter().collect(),
                    suffix: c.suffix.iter().collect(),
                    entry: c.reading.entry,
                    alternatives: Vec::new(),
                    disguised: spans::is_disguised(&stream, &c),
                    short: c.reading.short,
                }
            })
            .collect()
    }
}

/// The start of a new entry of the reader's own ([`Glosser::form_to_add`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FormToAdd {
    /// The Arabic form, without clitics or vowel marks.
    pub ar: String,
    /// Its vowelled spelling, where the glossary knows it.
    pub voc: Option<String>,
    /// Its transliteration, where the glossary knows it.
    pub tr: Option<String>,
}

/// How much of a text's Arabic the glossary knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Arabic words in the text.
    pub total: usize,
    /// Arabic words with at least one glossary reading (directly or through clitics).
    pub covered: usize,
    /// Highlighted spans by entry type name.
    pub found_by_type: std::collections::BTreeMap<&'static str, usize>,
    /// Words without any reading, with their counts, most frequent first.
    pub missing: Vec<(String, usize)>,
}

impl Coverage {
    /// Covered words as a percentage of all Arabic words (100 for a text without any).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.covered as f64 / self.total as f64
        }
    }
}

/// Measures how many Arabic words of `text` the glossary covers and lists the gaps.
///
/// ```
/// let g = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../tests/fixtures/glossary/test.tsv"))]).unwrap();
/// let c = hamish::coverage(&g, "قسد زززز زززز");
/// assert_eq!((c.total, c.covered), (3, 1));
/// assert_eq!(c.missing, vec![("زززز".to_string(), 2)]);
/// ```
pub fn coverage(glosser: &Glosser, text: &str) -> Coverage {
    let stream = Stream::build(text);
    let candidates = matcher::candidates_in(&glosser.glossary, &glosser.index, text, &stream);
    let mut covered = vec![false; stream.words.len()];
    for c in &candidates {
        for flag in &mut covered[c.reading.first_word as usize..=c.reading.last_word as usize] {
            *flag = true;
        }
    }
    let mut result = Coverage::default();
    let mut missing: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (index, word) in stream.words.iter().enumerate() {
        if word.script != segment::Script::Arabic {
            continue;
        }
        result.total += 1;
        if covered[index] {
            result.covered += 1;
        } else {
            *missing.entry(stream.word_text(index)).or_default() += 1;
        }
    }
    for selection in matcher::select(&stream, &candidates) {
        let name = glosser
            .entry(selection.best.reading.entry)
            .entry_type
            .name();
        *result.found_by_type.entry(name).or_default() += 1;
    }
    let mut missing: Vec<(String, usize)> = missing
        .into_iter()
        .map(|(w, n)| (w.to_string(), n))
        .collect();
    missing.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    result.missing = missing;
    result
}
