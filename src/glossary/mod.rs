//! The glossary: entries, the forms they are matched by, and the compiled artefact.
//!
//! - [`source`] reads and validates the TSV sources (`glossary/*.tsv`, a reader's own files);
//! - [`compile`] turns validated entries into match patterns and writes the binary artefact;
//! - [`binary`] reads the artefact back, validated, into a [`Glossary`].

pub mod binary;
pub mod compile;
pub mod source;
pub mod variants;

use std::sync::OnceLock;

use serde::Serialize;

/// What kind of thing an entry names. Decides highlight colour and how clitics attach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryType {
    /// An armed group, party, council, state body, UN agency, NGO or media outlet.
    Organisation,
    /// A named person.
    Person,
    /// A country, region, town, camp, prison, crossing, river or dam.
    Place,
    /// A short form standing for another entry (قسد، داعش).
    Abbreviation,
    /// A domain term of conflict news (الخلايا النائمة، عبوة ناسفة).
    Term,
    /// A battle, operation, attack or agreement.
    Event,
    /// A general-vocabulary word: looked up on demand, not highlighted.
    Word,
}

impl EntryType {
    /// All types, in the order the reader page lists them.
    pub const ALL: [EntryType; 7] = [
        EntryType::Organisation,
        EntryType::Abbreviation,
        EntryType::Person,
        EntryType::Place,
        EntryType::Event,
        EntryType::Term,
        EntryType::Word,
    ];

    /// The name used in glossary sources and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            EntryType::Organisation => "organisation",
            EntryType::Person => "person",
            EntryType::Place => "place",
            EntryType::Abbreviation => "abbreviation",
            EntryType::Term => "term",
            EntryType::Event => "event",
            EntryType::Word => "word",
        }
    }

    /// Parses a type name as written in a glossary source.
    pub fn from_name(name: &str) -> Option<EntryType> {
        EntryType::ALL.into_iter().find(|t| t.name() == name)
    }

    fn code(self) -> u8 {
        EntryType::ALL.iter().position(|&t| t == self).unwrap_or(0) as u8
    }

    fn from_code(code: u8) -> Option<EntryType> {
        EntryType::ALL.get(usize::from(code)).copied()
    }
}

/// Part of speech of a general-vocabulary word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pos {
    /// Noun (also verbal nouns).
    Noun,
    /// Adjective.
    Adj,
    /// Verb (perfect 3rd person masculine singular as lemma).
    Verb,
    /// Adverb.
    Adv,
    /// Preposition.
    Prep,
    /// Conjunction.
    Conj,
    /// Pronoun.
    Pron,
    /// Particle.
    Part,
    /// Number.
    Num,
    /// Interjection.
    Interj,
    /// Proper name: takes conjunctions and prepositions but no article or endings (for terms
    /// that are names, such as months: الصفر is "the zero", not the month صفر).
    Name,
}

impl Pos {
    const ALL: [Pos; 11] = [
        Pos::Noun,
        Pos::Adj,
        Pos::Verb,
        Pos::Adv,
        Pos::Prep,
        Pos::Conj,
        Pos::Pron,
        Pos::Part,
        Pos::Num,
        Pos::Interj,
        Pos::Name,
    ];

    /// The name used in glossary sources and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Adj => "adj",
            Pos::Verb => "verb",
            Pos::Adv => "adv",
            Pos::Prep => "prep",
            Pos::Conj => "conj",
            Pos::Pron => "pron",
            Pos::Part => "part",
            Pos::Num => "num",
            Pos::Interj => "interj",
            Pos::Name => "name",
        }
    }

    /// Parses a part-of-speech name as written in a glossary source.
    pub fn from_name(name: &str) -> Option<Pos> {
        Pos::ALL.into_iter().find(|p| p.name() == name)
    }

    fn code(self) -> u8 {
        Pos::ALL.iter().position(|&p| p == self).unwrap_or(0) as u8 + 1
    }

    fn from_code(code: u8) -> Option<Pos> {
        code.checked_sub(1)
            .and_then(|c| Pos::ALL.get(usize::from(c)).copied())
    }
}

/// How words of an entry inflect and take clitics, derived from its type and part of speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MorphClass {
    /// Proper names: conjunctions and prepositions before, nothing after.
    Name,
    /// Nouns and terms: article, prepositions, number endings, possessives.
    Noun,
    /// Adjectives: as nouns, but no possessives (كبيرة is "big (feminine)", not "his big").
    Adjective,
    /// Verbs: person prefixes on the imperfect, subject and object suffixes.
    Verb,
    /// Prepositions: a conjunction before, a pronoun after (عليه، منها).
    Preposition,
    /// Conjunctions, pronouns and particles: conjunction or preposition before, pronoun after.
    Particle,
}

/// How a match pattern was derived from an entry's written form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    /// The form as written.
    Whole,
    /// The form without its leading article ال: the text must supply ال or لل.
    Bare,
    /// A noun ending in ة with ت instead: a suffix must follow (مدينتها، مدينتان).
    TaMarbutaT,
    /// A noun ending in ة without it: the feminine plural ات must follow (قوات).
    TaMarbutaDropped,
    /// An imperfect verb without its person prefix ي: a person prefix must precede.
    Imperfect,
    /// A one-letter preposition with a pronoun (له، بها): the stem is the first letter, the
    /// rest of the pattern is the suffix.
    WithPronoun,
    /// A noun ending in ى with it written ا: a pronoun must follow (قرى → قراها، مستوى →
    /// مستواه).
    MaqsuraAsAlif,
}

impl PatternKind {
    pub(crate) const ALL: [PatternKind; 7] = [
        PatternKind::Whole,
        PatternKind::Bare,
        PatternKind::TaMarbutaT,
        PatternKind::TaMarbutaDropped,
        PatternKind::Imperfect,
        PatternKind::WithPronoun,
        PatternKind::MaqsuraAsAlif,
    ];

    fn code(self) -> u8 {
        PatternKind::ALL
            .iter()
            .position(|&k| k == self)
            .unwrap_or(0) as u8
    }

    fn from_code(code: u8) -> Option<PatternKind> {
        PatternKind::ALL.get(usize::from(code)).copied()
    }
}

/// A glossary entry, as a reader sees it in a tooltip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Stable identifier (`org.sdf`).
    pub id: String,
    /// Canonical Arabic spelling.
    pub ar: String,
    /// Vocalised Arabic, or empty.
    pub voc: String,
    /// What kind of thing this is.
    #[serde(rename = "type")]
    pub entry_type: EntryType,
    /// English gloss.
    pub en: String,
    /// Transliteration (ALA-LC).
    pub tr: String,
    /// Other spellings and forms.
    pub aliases: Vec<String>,
    /// Forms used alone on a second mention (a family name, nisba or nom de guerre: الشرع،
    /// أبو قصرة). Several entries may share one, and it may also be an ordinary word.
    pub short: Vec<String>,
    /// For an abbreviation: the Arabic it stands for, or empty.
    pub expands: String,
    /// For an abbreviation: the id of the entry it stands for, or empty.
    pub refers: String,
    /// Part of speech of a general word.
    pub pos: Option<Pos>,
    /// Context for the reader, or empty.
    pub notes: String,
    /// When the entry's facts were last checked (`YYYY-MM-DD`), or empty (general words).
    pub checked: String,
    /// Whether this entry comes from the reader's own glossary rather than the bundled one.
    pub user: bool,
}

impl Entry {
    /// How this entry's words inflect.
    pub fn morph_class(&self) -> MorphClass {
        match (self.entry_type, self.pos) {
            (_, Some(Pos::Name)) => MorphClass::Name,
            (EntryType::Term, _) => MorphClass::Noun,
            (EntryType::Word, Some(Pos::Verb)) => MorphClass::Verb,
            (EntryType::Word, Some(Pos::Adj)) => MorphClass::Adjective,
            (EntryType::Word, Some(Pos::Prep)) => MorphClass::Preposition,
            (EntryType::Word, Some(Pos::Conj | Pos::Pron | Pos::Part | Pos::Interj)) => {
                MorphClass::Particle
            }
            (EntryType::Word, _) => MorphClass::Noun,
            _ => MorphClass::Name,
        }
    }

    /// All written forms: the canonical spelling first, then the aliases.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.ar.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether this abbreviation is a short name (التحالف الدولي، الإدارة الذاتية، أعماق)
    /// rather than an abbreviation proper (قسد، داعش، ب ي د): a form with the article, of
    /// several words, or a word of the name it stands for, unless it is spelled out letter by
    /// letter (بي كي كي). Only abbreviations can be either.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let entry = |id: &str| {
    ///     let glossary = glosser.glossary();
    ///     glossary.entries[glossary.find_id(id).unwrap() as usize].clone()
    /// };
    /// assert!(entry("abbr.coalition").is_short_name());
    /// assert!(!entry("abbr.qasad").is_short_name());
    /// assert!(!entry("org.sdf").is_short_name());
    /// ```
    pub fn is_short_name(&self) -> bool {
        if self.entry_type != EntryType::Abbreviation {
            return false;
        }
        let form = crate::normalise::normalise(&self.ar);
        let words: Vec<&str> = form.split_whitespace().collect();
        if words.iter().all(|w| w.chars().count() <= 2) {
            return false;
        }
        let expansion = crate::normalise::normalise(&self.expands);
        words.len() > 1 || form.starts_with("ال") || expansion.split_whitespace().any(|w| w == form)
    }

    /// Rank used to break ties between entries matching the same words: the reader's own entries
    /// first, then named entities, then terms, then general words.
    pub fn priority(&self) -> u8 {
        let base = match self.entry_type {
            EntryType::Organisation
            | EntryType::Person
            | EntryType::Place
            | EntryType::Abbreviation
            | EntryType::Event => 1,
            EntryType::Term => 2,
            EntryType::Word => 3,
        };
        if self.user {
            0
        } else {
            base
        }
    }
}

/// One (entry, derivation) pair that a pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternTarget {
    /// Index of the entry in [`Glossary::entries`].
    pub entry: u32,
    /// How the pattern was derived from the entry's form.
    pub kind: PatternKind,
    /// Whether the form is one of the entry's [`Entry::short`] forms.
    pub short: bool,
    /// Whether the pattern comes from a verb form listed with its subject ending already on it
    /// (دعونا، عدت, the forms of verbs whose stem changes): it takes no further subject ending.
    pub inflected: bool,
    /// Whether the pattern comes from a form that starts with a hamza on alif before ل (ألسنة،
    /// ألحق، آلام): written with a bare alif, the word is rather ال + a noun (السنة، الحق، الأم).
    pub hamza_alif_lam: bool,
    /// Whether the pattern comes from a form ending in ة (written ه in the stream): it takes no
    /// accusative alif, which is never written after ة (لديها is لدى + ها, not ل + دية + ا).
    pub ta_marbuta: bool,
    /// Whether every form giving this pattern is spelled out letter by letter (ب ي د): the text
    /// must be spelled out too, since the same letters run together make an ordinary word.
    pub spelled: bool,
    /// Whether the pattern, read as a whole word, is also a function word of the general
    /// vocabulary (a preposition, conjunction, particle, pronoun or adverb, with or without
    /// clitics: والي is also و + إلى): such a word is read as the function word.
    pub function_word: bool,
    /// Whether the pattern is a short form that is also an ordinary word of the general
    /// vocabulary, with or without clitics (الأسد "the lion", العودة "the return"): it names the
    /// entry only in a text that also names it in full.
    pub ordinary: bool,
    /// Under which proclitics ([`crate::affixes::NAME_PROCLITICS`], one bit each) the word made
    /// of them and this pattern is an ordinary word that starts earlier than the pattern does:
    /// كامل is كامل "complete", not ك + أمل (Amal), and لديه is لدى + ه, not ل + دية. The reading
    /// yields to the ordinary word there.
    pub yields_to_word: u32,
}

/// All entries sharing one normalised pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternGroup {
    /// The pattern as it appears in the match stream.
    pub pattern: String,
    /// Whether the pattern spans several words.
    pub multiword: bool,
    /// The entries it stands for.
    pub targets: Vec<PatternTarget>,
}

/// A loaded glossary: entries, patterns and the automata over the patterns.
pub struct Glossary {
    /// All entries; spans refer to them by index.
    pub entries: Vec<Entry>,
    /// Pattern groups; the automata's values index this.
    pub groups: Vec<PatternGroup>,
    /// Multi-pattern automaton over the patterns of highlighted entries only (every type but
    /// general words): what the reader page scans. Short general words make most automaton hits
    /// in Arabic text (a two-letter word occurs inside many longer words), so leaving them out
    /// makes glossing for highlights several times cheaper.
    pub highlights: Automaton,
    /// Multi-pattern automaton over every group pattern ([`Glossary::automaton`]), built on
    /// first use: only looking up a word or glossing general words too needs it, so start-up
    /// (and the artefact the page downloads) does without it.
    automaton: OnceLock<Automaton>,
    /// Set while the entries' notes are in a notes artefact not yet read
    /// ([`binary::read_notes`]).
    pub(crate) notes_pending: Option<NotesPending>,
}

/// Which notes artefact a glossary waits for, and for how many of its first entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NotesPending {
    /// The checksum of the entries section the notes were written with.
    pub key: u32,
    /// How many entries, from the first, the notes are for.
    pub count: u32,
}

/// The automaton type: daachorse's character-wise double-array Aho–Corasick, whose values are
/// indices into [`Glossary::groups`].
pub type Automaton = daachorse::CharwiseDoubleArrayAhoCorasick<u32>;

/// Whether an entry is highlighted in the reader (every type but general words).
pub fn is_highlighted(entry: &Entry) -> bool {
    entry.entry_type != EntryType::Word
}

impl Glossary {
    /// A glossary of `entries` and their pattern `groups`, whose patterns are distinct and at
    /// least one character long, with the highlights automaton over them.
    pub(crate) fn new(
        entries: Vec<Entry>,
        groups: Vec<PatternGroup>,
        highlights: Automaton,
    ) -> Glossary {
        Glossary {
            entries,
            groups,
            highlights,
            automaton: OnceLock::new(),
            notes_pending: None,
        }
    }

    /// Whether the entries' notes are still to come from a notes artefact
    /// ([`binary::read_notes`]); until then every entry's notes are empty.
    pub fn notes_pending(&self) -> bool {
        self.notes_pending.is_some()
    }

    /// The automaton over every pattern, built the first time it is asked for (about 6 ms
    /// natively for the bundled glossary).
    ///
    /// ```
    /// let glosser = hamish::Glosser::from_sources(&[("test.tsv", include_str!("../../tests/fixtures/glossary/test.tsv"))]).unwrap();
    /// let glossary = glosser.glossary();
    /// assert_eq!(glossary.automaton().find_overlapping_iter("قسد").count(), 1);
    /// ```
    pub fn automaton(&self) -> &Automaton {
        self.automaton.get_or_init(|| {
            compile::build_automaton(self.groups.iter().enumerate())
                // Distinct, non-empty patterns (checked by `new`'s callers) always build.
                .unwrap_or_else(|e| panic!("the glossary's patterns do not build: {e}"))
        })
    }

    /// Index of the entry with identifier `id`.
    pub fn find_id(&self, id: &str) -> Option<u32> {
        self.entries
            .iter()
            .position(|e| e.id == id)
            .map(|i| i as u32)
    }
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glossary")
            .field("entries", &self.entries.len())
            .field("groups", &self.groups.len())
            .field("highlights_bytes", &self.highlights.heap_bytes())
            .field("automaton_built", &self.automaton.get().is_some())
            .finish()
    }
}
