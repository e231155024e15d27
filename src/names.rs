//! Stage 4b: probable names among the words the glossary does not know.
//!
//! No glossary holds every local official, spokesman and village in the news. After matching,
//! the words no highlighted entry covers are read with the cues a reader would use, and a run
//! of them that is probably a name becomes a [`ProbableName`]: its kind (person, place,
//! organisation), the cue that gave it away and a suggested romanisation. It never carries a
//! gloss: what the words mean is not known, only that they are probably a name.
//!
//! The cues, strongest first:
//! - a title or role before the name (الشيخ، العميد، مراسل، وزير ...، المتحدث باسم ...), past
//!   what completes the role (the ministry, the organisation, a nationality: قال وزير الدفاع
//!   التركي ...);
//! - a place word before it (قرية، بلدة، حي، مخيم، سجن، معبر ...) or an outlet or body (وكالة،
//!   موقع، حزب، عشيرة ...);
//! - a reporting verb right before it (قال، أكد، صرح ...);
//! - the shape of the name itself: a given name the glossary's people carry (أحمد، فرهاد),
//!   a kunya or lineage (أبو ...، بن، عبد الرحمن، آل ...);
//! - a word of a name found earlier in the text, seen again alone (a second mention).
//!
//! A run of name words stops at a function word, a verb, a known ordinary word, a glossary term
//! or punctuation. Whether a word is an ordinary one is asked of the whole glossary (general
//! words included) only where a cue makes the word a candidate, so the cost stays a hash lookup
//! per word.

use std::cell::{Cell, RefCell};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::glossary::{EntryType, Glossary, Pos};
use crate::matcher::{self, Index};
use crate::normalise::normalise;
use crate::segment::{Script, Stream};

/// What a probable name probably names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    /// A person.
    Person,
    /// A village, town, neighbourhood, camp, prison or crossing.
    Place,
    /// An outlet, party, tribe or other body.
    Organisation,
}

impl NameKind {
    /// The name used in JSON and by the page.
    pub fn name(self) -> &'static str {
        match self {
            NameKind::Person => "person",
            NameKind::Place => "place",
            NameKind::Organisation => "organisation",
        }
    }
}

/// What gave a probable name away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueKind {
    /// A title or role before it (العميد، المتحدث باسم ...).
    Title,
    /// A place word before it (قرية، مخيم).
    PlaceWord,
    /// An outlet or body before it (وكالة، حزب، عشيرة).
    Body,
    /// A reporting verb before it (قال، أكد).
    Reporting,
    /// A given name the glossary's people carry, starting it (أحمد).
    GivenName,
    /// A kunya or lineage word in it (أبو، بن، عبد، آل).
    Lineage,
    /// A word of a name found earlier in the text.
    Earlier,
}

impl CueKind {
    /// The name used in JSON and by the page.
    pub fn name(self) -> &'static str {
        match self {
            CueKind::Title => "title",
            CueKind::PlaceWord => "place-word",
            CueKind::Body => "body",
            CueKind::Reporting => "reporting",
            CueKind::GivenName => "given-name",
            CueKind::Lineage => "lineage",
            CueKind::Earlier => "earlier",
        }
    }
}

/// What a reader is told of a probable name: "Probably a person's name (after المتحدث باسم)".
///
/// ```
/// use hamish::names::{describe, CueKind, NameKind};
/// assert_eq!(describe(NameKind::Person, CueKind::Title, "المتحدث باسم"), "Probably a person's name (after المتحدث باسم)");
/// assert_eq!(describe(NameKind::Place, CueKind::Earlier, "تل كوجر"), "Probably a place name (as in تل كوجر earlier in the text)");
/// ```
pub fn describe(kind: NameKind, cue: CueKind, cue_text: &str) -> String {
    let what = match kind {
        NameKind::Person => "a person's name",
        NameKind::Place => "a place name",
        NameKind::Organisation => "the name of an outlet or a body",
    };
    let why = match cue {
        CueKind::Title | CueKind::PlaceWord | CueKind::Body | CueKind::Reporting => {
            format!("after {cue_text}")
        }
        CueKind::GivenName => format!("starts with the given name {cue_text}"),
        CueKind::Lineage => format!("a kunya or lineage with {cue_text}"),
        CueKind::Earlier => format!("as in {cue_text} earlier in the text"),
    };
    format!("Probably {what} ({why})")
}

/// A run of words that is probably a name no glossary entry covers. It holds only offsets:
/// what is shown of it ([`NameInfo`]) is made for the names reported, once for each distinct
/// one ([`Lexicon::describe_names`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbableName {
    /// First word of the stream covered.
    pub first_word: u32,
    /// Last word covered (inclusive).
    pub last_word: u32,
    /// Stream byte where the name starts, after a clitic on its first word (ل in لجوان).
    pub stem_start: u32,
    /// What it probably names.
    pub kind: NameKind,
    /// What gave it away.
    pub cue: CueKind,
    /// Byte range of the original text holding the cue's words as written (المتحدث باسم،
    /// قرية), or the earlier mention.
    pub cue_range: (u32, u32),
}

impl ProbableName {
    /// The cue's words as written in `original` (the text the name was found in).
    pub fn cue_text<'t>(&self, original: &'t str) -> &'t str {
        &original[self.cue_range.0 as usize..self.cue_range.1 as usize]
    }

    /// The name as written in `original`, from after its clitic to its end (`stream` is built
    /// from `original`).
    pub fn written<'t>(&self, stream: &Stream, original: &'t str) -> &'t str {
        let start = stream.origin(self.stem_start as usize) as usize;
        let end = stream.words[self.last_word as usize].orig_end as usize;
        &original[start.min(end)..end]
    }
}

/// What is shown of a probable name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameInfo {
    /// What it probably names.
    pub kind: NameKind,
    /// What gave it away.
    pub cue: CueKind,
    /// The cue's words as written (المتحدث باسم، قرية), or the earlier mention.
    pub cue_text: String,
    /// A suggested romanisation.
    pub romanisation: String,
}

/// Titles and roles: a person's name may follow, after what completes the role. Each is also
/// looked up with the article.
const TITLES: &[&str] = &[
    "شيخ",
    "شيخة",
    "سيد",
    "سيدة",
    "جنرال",
    "عميد",
    "لواء",
    "عقيد",
    "مقدم",
    "رائد",
    "نقيب",
    "ملازم",
    "رقيب",
    "دكتور",
    "دكتورة",
    "مهندس",
    "مهندسة",
    "محامي",
    "محامية",
    "حاج",
    "حاجة",
    "أستاذ",
    "أستاذة",
    "صحفي",
    "صحفية",
    "صحافي",
    "صحافية",
    "ناشط",
    "ناشطة",
    "كاتب",
    "كاتبة",
    "مراسل",
    "مراسلة",
    "نائب",
    "نائبة",
    "قاضي",
    "قاضية",
    "طبيب",
    "طبيبة",
    "مختار",
    "أمير",
    "أميرة",
    "ملا",
    "أب",
    "مطران",
    "بطريرك",
    "فنان",
    "فنانة",
    "شاعر",
    "شاعرة",
    "مواطن",
    "مواطنة",
    "شاب",
    "شابة",
    "طفل",
    "طفلة",
    "معتقل",
    "معتقلة",
    "أسير",
    "أسيرة",
    "شهيد",
    "شهيدة",
    "راحل",
    "راحلة",
    "قيادي",
    "قيادية",
    "باحث",
    "باحثة",
    "محلل",
    "محللة",
    "مدون",
    "مدونة",
    "ناطق",
    "متحدث",
    "متحدثة",
    "زعيم",
    "زعيمة",
    "مبعوث",
    "مبعوثة",
    "وزير",
    "وزيرة",
    "رئيس",
    "رئيسة",
    "محافظ",
    "محافظة",
    "مدير",
    "مديرة",
    "قائد",
    "قائدة",
    "سفير",
    "سفيرة",
    "خبير",
    "خبيرة",
    "أمين",
    "مستشار",
    "مستشارة",
    "عضو",
    "عضوة",
    "إعلامي",
    "إعلامية",
    "مصور",
    "مصورة",
    "مدرب",
    "مفتي",
    "وجيه",
    "منشق",
    "ضابط",
    "مقاتل",
    "متهم",
    "ممثل",
    "ممثلة",
    "مخرج",
    "مخرجة",
    "مسؤول",
    "مسؤولة",
    "منسق",
    "منسقة",
    "معاون",
    "مساعد",
    "مساعدة",
    "رئيسا",
    "موفد",
    "مندوب",
    "مندوبة",
    "حاكم",
    "قنصل",
    "ملك",
    "ملكة",
    "سلطان",
    "بابا",
    "رجل",
    "رجل الأعمال",
    "داعية",
    "شقيق",
    "شقيقة",
    "والد",
    "والدة",
    "زوجة",
    "زوج",
    "ابنة",
    "نجل",
    "المدعو",
    "المدعوة",
    "الملقب",
    "الملقبة",
    "معلم",
    "معلمة",
    "مدرس",
    "ممرض",
    "ممرضة",
    "موظف",
    "موظفة",
    "سائق",
    "مزارع",
    "تاجر",
    "عامل",
    "عاملة",
    "محاسب",
    "لاعب",
    "لاعبة",
    "رئيس بلدية",
    "رئيسة بلدية",
    "مرشح",
    "مرشحة",
];

/// Reporting verbs: a name may stand right after them.
const REPORTING: &[&str] = &[
    "قال",
    "قالت",
    "أكد",
    "أكدت",
    "صرح",
    "صرحت",
    "أوضح",
    "أوضحت",
    "أضاف",
    "أضافت",
    "أعلن",
    "أعلنت",
    "كشف",
    "كشفت",
    "نفى",
    "نفت",
    "ذكر",
    "ذكرت",
    "أشار",
    "أشارت",
    "أفاد",
    "أفادت",
    "اعتبر",
    "اعتبرت",
    "رأى",
    "رأت",
    "طالب",
    "طالبت",
    "دعا",
    "دعت",
    "حذر",
    "حذرت",
    "تابع",
    "تابعت",
    "شدد",
    "شددت",
    "روى",
    "روت",
    "نقل",
    "نقلت",
    "أعرب",
    "أعربت",
    "يقول",
    "تقول",
    "يضيف",
    "تضيف",
    "أبلغ",
    "أبلغت",
    "أخبر",
    "أخبرت",
    "استقبل",
    "استقبلت",
    "التقى",
    "التقت",
    "زار",
    "زارت",
    "اغتيال",
    "اعتقال",
    "مقتل",
    "اختطاف",
    "بحسب",
    "حسب",
    "وفق",
    "وفقا",
    "عن",
];

/// Place words that a place's name follows in construct, though an ordinary word may too
/// (مخيم اللاجئين، منطقة العمليات).
const PLACE_WORDS: &[&str] = &[
    "مدينة",
    "مخيم",
    "سجن",
    "معبر",
    "ريف",
    "منطقة",
    "مزرعة",
    "نهر",
    "سهل",
    "مطار",
    "ميناء",
    "قرى",
    "بلدات",
    "حارات",
    "أحياء",
    "مدينتي",
    "مخيمي",
    "جزيرة",
    "مستوطنة",
    "بادية",
    "هضبة",
    "بحيرة",
    "قلعة",
    "مرفأ",
    "حقل",
    "محطة",
];

/// Place words that a name nearly always follows (قرية قبر فضة، شارع الأربعين).
const NAMED_PLACES: &[&str] = &[
    "قرية",
    "بلدة",
    "حي",
    "ناحية",
    "قضاء",
    "جبل",
    "وادي",
    "تل",
    "شارع",
    "ساحة",
    "جسر",
    "سد",
    "حارة",
    "دوار",
    "ضاحية",
    "بلدتي",
    "قريتي",
    "حيي",
    "جادة",
    "بلدية",
    "مدرسة",
    "جامع",
    "مسجد",
    "كنيسة",
];

/// Outlets and bodies: an organisation's name follows them in construct.
const BODIES: &[&str] = &[
    "وكالة",
    "موقع",
    "صحيفة",
    "جريدة",
    "قناة",
    "شبكة",
    "إذاعة",
    "منصة",
    "مجلة",
    "تلفزيون",
    "حزب",
    "حركة",
    "تيار",
    "جمعية",
    "منظمة",
    "مؤسسة",
    "شركة",
    "عشيرة",
    "قبيلة",
    "تجمع",
    "كتيبة",
    "فرقة",
    "فوج",
    "لواء",
    "تنسيقية",
    "رابطة",
    "اتحاد",
    "نقابة",
    "مركز",
    "جامعة",
    "مستشفى",
    "مرصد",
    "مجموعة",
    "فصيل",
    "ائتلاف",
    "جبهة",
    "عائلة",
];

/// Words that join the words of a name: a kunya, lineage or servant-of name.
const LINEAGE: &[&str] = &["أبو", "أبي", "أبا", "أم", "ابن", "بن", "بنت", "عبد", "آل"];

/// Words that may stand between a role and the name, as part of the role (المتحدث باسم الوزارة،
/// القيادي في الحزب), normalised: they are compared with the match stream's words as they stand.
const ROLE_LINKS: &[&str] = &["باسم", "في", "لدي", "العام", "السابق", "السابقه"];

/// Word roles, one bit each.
const TITLE: u8 = 1;
const REPORT: u8 = 2;
const PLACE: u8 = 4;
const BODY: u8 = 8;
const LINK: u8 = 16;
const GIVEN: u8 = 32;
const NAMED_PLACE: u8 = 64;

/// What the names stage knows of words: the cue lists, the words of the glossary's people, and
/// how the glossary romanises the words of its names. Built once per glossary.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// What is known of a normalised word: its cue roles, and the glossary's romanisation.
    words: FxHashMap<Box<str>, LexiconWord>,
    /// The roles of the words of `words` that have one, apart: a text asks them often.
    roles: FxHashMap<Box<str>, u8>,
    /// The words of `words` with a role, as written with or without proclitics, to turn the
    /// other words of a text away cheaply.
    cue_forms: FormFilter,
    /// The type of each entry, laid out compactly: the stage asks it of every chosen reading.
    types: Vec<EntryType>,
    /// The glossary's one-word patterns, to ask what a word is without the automaton over
    /// every pattern (building it would hold up the first text).
    patterns: matcher::PatternTable,
    /// What the whole glossary made of written words in earlier texts ([`Words::known`]):
    /// asking it is the costly part of this stage, and texts share most of their words.
    known: Mutex<FxHashMap<Box<str>, Known>>,
}

/// How many written words [`Lexicon`] remembers before it starts over.
const KNOWN_REMEMBERED: usize = 50_000;

/// What [`Lexicon`] knows of one word.
#[derive(Debug, Default)]
struct LexiconWord {
    /// Cue roles, one bit each ([`TITLE`], [`GIVEN`], ...); 0 for a word only romanised.
    role: u8,
    /// How the glossary's names romanise it, if they hold it.
    latin: Option<Box<str>>,
    /// How the list of given names romanises it, if it holds it.
    list_latin: Option<Box<str>>,
}

/// Common given names of Syria, Iraq, Kurdistan and Turkey (and foreign ones as news writes
/// them), with their romanisation: `glossary/names/given-names.tsv`.
const GIVEN_NAMES: &str = include_str!("../glossary/names/given-names.tsv");

/// A Bloom filter over written forms (normalised words, clitics included), keyed by
/// [`form_hash`]: two bits in one 64-bit block. Most words of a text are no cue, and it turns
/// them away with one load; the rest are looked up exactly.
#[derive(Debug, Clone)]
struct FormFilter {
    blocks: Box<[u64; CUE_BLOCKS]>,
}

/// How many blocks [`FormFilter`] has: 2^13 (64 KB) for the forms with clitics of the
/// lexicon's three thousand cue words, about five in a block, so that about one word in seventy
/// that is no cue gets through.
const CUE_BLOCKS: usize = 1 << 13;

impl Default for FormFilter {
    fn default() -> FormFilter {
        FormFilter {
            blocks: Box::new([0; CUE_BLOCKS]),
        }
    }
}

impl FormFilter {
    /// The block and the two bits of a form's hash: the block from its low bits, the bits from
    /// its top twelve.
    #[inline]
    fn place(hash: u32) -> (usize, u64) {
        let block = hash as usize % CUE_BLOCKS;
        (block, 1 << (hash >> 26) | 1 << (hash >> 20 & 63))
    }

    fn insert(&mut self, form: &[u8]) {
        let (block, bits) = FormFilter::place(form_hash(form));
        self.blocks[block] |= bits;
    }

    /// Whether a form hashed `hash` may be in the filter (never false for one that is).
    #[inline]
    fn may_contain(&self, hash: u32) -> bool {
        let (block, bits) = FormFilter::place(hash);
        self.blocks[block] & bits == bits
    }
}

/// The hash of a written form for [`FormFilter`]: its first and last eight bytes (four
/// letters; all of it if shorter) and its length. The letters between are left out: two long
/// forms that differ only there cost the filter an exact lookup, never a wrong answer.
#[inline]
fn form_hash(form: &[u8]) -> u32 {
    let eight = |bytes: &[u8]| {
        let mut word = [0; 8];
        word.copy_from_slice(bytes);
        u64::from_le_bytes(word)
    };
    let len = form.len();
    if len >= 8 {
        mix(eight(&form[..8]), eight(&form[len - 8..]), len)
    } else {
        let whole = form
            .iter()
            .rev()
            .fold(0, |whole, &byte| whole << 8 | u64::from(byte));
        mix(whole, whole, len)
    }
}

/// [`form_hash`] of the bytes `start..end` of `text` (a word), without a branch on its length
/// (word lengths follow no pattern a processor could predict): eight bytes are read at each
/// end, and those outside the form masked off.
#[inline]
fn form_hash_in(text: &[u8], start: usize, end: usize) -> u32 {
    if end < 8 || end > text.len() || start > text.len() - 8 {
        // Near an end of the text.
        return form_hash(&text[start..end]);
    }
    let eight = |at: usize| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&text[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    // Bits of the eight bytes read that lie outside the form. (No word is empty: for an empty
    // form this would read bytes around it.)
    let outside = (64 - 8 * (end - start).min(8) as u32) % 64;
    let head = eight(start) & u64::MAX >> outside;
    let tail = eight(end - 8) >> outside;
    mix(head, tail, end - start)
}

/// A form's [`form_hash`] in sixteen bits.
#[inline]
fn print(hash: u32) -> u16 {
    (hash >> 16) as u16
}

/// A form's first and last eight bytes and its length, mixed into 32 bits: the filter takes a
/// block from the low ones, two bits of the block and the [`print`] from the high ones.
#[inline]
fn mix(head: u64, tail: u64, len: usize) -> u32 {
    let key = (head.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29) ^ tail ^ len as u64)
        .wrapping_mul(0xff51_afd7_ed55_8ccd);
    (key >> 32) as u32
}

/// The proclitics [`clitic_splits`] reads off a word: the letters, then the chains.
const PROCLITICS: [&str; 10] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"];

/// Calls `each` with `word` and with every form of it behind proclitics that [`clitic_splits`]
/// reads back to it (وجوان، ولجوان); with `merged_article`, also the forms where ل before the
/// article is written لل (للرئيس is ل + الرئيس).
fn written_forms(word: &str, merged_article: bool, mut each: impl FnMut(&[u8])) {
    each(word.as_bytes());
    let mut form = Vec::with_capacity(word.len() + 4);
    let mut behind = |clitic: &str, rest: &str| {
        form.clear();
        form.extend_from_slice(clitic.as_bytes());
        form.extend_from_slice(rest.as_bytes());
        each(&form);
    };
    for clitic in PROCLITICS {
        behind(clitic, word);
    }
    let after_alif = word.strip_prefix('ا').filter(|rest| rest.starts_with('ل'));
    if let Some(rest) = after_alif.filter(|_| merged_article) {
        for clitic in ["ل", "ول", "فل"] {
            behind(clitic, rest);
        }
    }
}

/// The proclitics `word` may carry (و ف ب ل ك, and the chains وب ول فب فل وك), longest first,
/// with the rest of the word after each; none for a word shorter than three letters.
#[inline]
fn clitic_splits(word: &str) -> impl Iterator<Item = (&str, &str)> {
    let b = word.as_bytes();
    let letter = |at: usize| (b[at], b[at + 1]);
    const WAW: (u8, u8) = (0xD9, 0x88);
    const FA: (u8, u8) = (0xD9, 0x81);
    const BA: (u8, u8) = (0xD8, 0xA8);
    const LAM: (u8, u8) = (0xD9, 0x84);
    const KAF: (u8, u8) = (0xD9, 0x83);
    let first = if b.len() >= 6 { letter(0) } else { (0, 0) };
    let single = matches!(first, WAW | FA | BA | LAM | KAF);
    let chain = matches!(first, WAW | FA)
        && match letter(2) {
            BA | LAM => true,
            KAF => first == WAW,
            _ => false,
        };
    let split = |at: usize| (&word[..at], &word[at..]);
    chain
        .then(|| split(4))
        .into_iter()
        .chain(single.then(|| split(2)))
}

impl Lexicon {
    /// The lexicon of `glossary`: the built-in cue lists, and the words of its people's names
    /// (as given names) with their romanisations.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let lexicon = hamish::names::Lexicon::new(glosser.glossary());
    /// assert!(lexicon.is_given_name("احمد"));
    /// assert_eq!(lexicon.romanise("أحمد"), "Aḥmad");
    /// ```
    pub fn new(glossary: &Glossary) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for (list, role) in [
            (TITLES, TITLE),
            (REPORTING, REPORT),
            (PLACE_WORDS, PLACE),
            (NAMED_PLACES, NAMED_PLACE),
            (BODIES, BODY),
            (LINEAGE, LINK),
        ] {
            for word in list {
                let word = normalise(word);
                lexicon.add(&word, role);
                if role == TITLE {
                    lexicon.add(&format!("ال{word}"), role);
                }
            }
        }
        lexicon.types = glossary.entries.iter().map(|e| e.entry_type).collect();
        lexicon.patterns = matcher::PatternTable::new(glossary);
        // Function words, and ordinary words with the article, are the commonest words a
        // person's name may hold (عن، أمام، الأول، العسكري); a given name that is an ordinary
        // noun or verb (صادق، خيري) is kept.
        let patterns = std::mem::take(&mut lexicon.patterns);
        let ordinary = |word: &str| {
            let general = |pattern: &str, function_only: bool| {
                patterns.group(glossary, pattern).is_some_and(|g| {
                    glossary.groups[g as usize].targets.iter().any(|t| {
                        let e = &glossary.entries[t.entry as usize];
                        e.entry_type == EntryType::Word
                            && (!function_only
                                || matches!(
                                    e.pos,
                                    Some(Pos::Prep | Pos::Conj | Pos::Pron | Pos::Part | Pos::Adv)
                                ))
                    })
                })
            };
            general(word, true)
                || word
                    .strip_prefix("ال")
                    .is_some_and(|bare| general(bare, false))
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for entry in &glossary.entries {
            let kind = entry.entry_type;
            if !matches!(
                kind,
                EntryType::Person | EntryType::Place | EntryType::Organisation
            ) {
                continue;
            }
            let words: Vec<&str> = entry.ar.split_whitespace().collect();
            let latin: Vec<&str> = entry.tr.split_whitespace().collect();
            if words.len() == latin.len() {
                // A person's name says how a given name is said better than an outlet's or a
                // place's does (صحيفة جوان against جوان إبراهيم): it counts twice.
                let weight = if kind == EntryType::Person { 2 } else { 1 };
                for (w, l) in words.iter().zip(&latin) {
                    for _ in 0..weight {
                        pairs.push((normalise(w), (*l).to_string()));
                    }
                }
            }
            if kind != EntryType::Person {
                continue;
            }
            for form in entry.forms() {
                for word in form.split_whitespace() {
                    let word = normalise(word);
                    // Words of names that are common ordinary words too are no cue: only the
                    // list of given names vouches for those (علي).
                    if word.chars().count() >= 3
                        && lexicon.roles_added(&word) == 0
                        && !ordinary(&word)
                    {
                        lexicon.add(&word, GIVEN);
                    }
                }
            }
        }
        lexicon.patterns = patterns;
        for line in GIVEN_NAMES.lines().skip(1) {
            let mut fields = line.split('\t');
            let (Some(name), Some(latin)) = (fields.next(), fields.next()) else {
                continue;
            };
            let word = normalise(name);
            if lexicon.roles_added(&word) & !GIVEN == 0 {
                lexicon.add(&word, GIVEN);
            }
            // The glossary's own romanisation of a name it holds comes first (below).
            lexicon.words.entry(word.into()).or_default().list_latin = Some(latin.into());
        }
        // Each word's commonest romanisation among the glossary's names.
        pairs.sort_unstable();
        let mut at = 0;
        while at < pairs.len() {
            let word = &pairs[at].0;
            let end = at + pairs[at..].iter().take_while(|p| &p.0 == word).count();
            let mut best = (0, at);
            let mut run = at;
            while run < end {
                let same = pairs[run..end]
                    .iter()
                    .take_while(|p| p.1 == pairs[run].1)
                    .count();
                if same > best.0 {
                    best = (same, run);
                }
                run += same;
            }
            let latin: Box<str> = pairs[best.1].1.as_str().into();
            lexicon.words.entry(word.as_str().into()).or_default().latin = Some(latin);
            at = end;
        }
        let mut cue_forms = FormFilter::default();
        for (word, known) in lexicon.words.iter().filter(|(_, w)| w.role != 0) {
            lexicon.roles.insert(word.clone(), known.role);
            written_forms(word, true, |form| cue_forms.insert(form));
        }
        lexicon.cue_forms = cue_forms;
        lexicon
    }

    fn add(&mut self, word: &str, role: u8) {
        self.words.entry(word.into()).or_default().role |= role;
    }

    /// The type of entry `index`.
    pub fn entry_type(&self, index: u32) -> EntryType {
        self.types[index as usize]
    }

    /// Whether `word` (normalised) is a word of a person's name in the glossary.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.role(word) & GIVEN != 0
    }

    fn role(&self, word: &str) -> u8 {
        self.roles.get(word).copied().unwrap_or(0)
    }

    /// The roles [`Lexicon::add`] has given `word` so far.
    fn roles_added(&self, word: &str) -> u8 {
        self.words.get(word).map_or(0, |w| w.role)
    }

    /// The roles of the word written `word` and the bytes of clitic before the part that has
    /// them.
    #[inline(never)]
    fn role_with_clitic(&self, word: &str) -> (u8, usize) {
        match self.role(word) {
            0 => clitic_splits(word)
                .find_map(|(clitic, rest)| self.clitic_role(clitic, rest))
                .unwrap_or((0, 0)),
            role => (role, 0),
        }
    }

    /// The roles of `rest` after the proclitic `clitic`, and the bytes of clitic before the
    /// part that has them.
    fn clitic_role(&self, clitic: &str, rest: &str) -> Option<(u8, usize)> {
        let role = self.role(rest);
        if role != 0 {
            return Some((role, clitic.len()));
        }
        // ل + ال is written لل: للرئيس is ل + الرئيس.
        if clitic.ends_with('ل') && rest.starts_with('ل') {
            let role = self.role(&format!("ا{rest}"));
            if role != 0 {
                return Some((role, clitic.len() - 'ل'.len_utf8()));
            }
        }
        None
    }

    /// What is shown of each of `names` (found in `original`, from which `stream` is built):
    /// one [`NameInfo`] for each distinct name, cue and cue text (a name mentioned many times
    /// is described once), and for each name the index of its info.
    ///
    /// ```
    /// use hamish::{matcher::Index, names, segment::Stream};
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let glossary = glosser.glossary();
    /// let lexicon = names::Lexicon::new(glossary);
    /// let text = "قال العميد جوان حسو إن حسو وصل، ثم عاد حسو";
    /// let stream = Stream::build(text);
    /// let found = names::detect(glossary, &Index::new(glossary), &lexicon, text, &stream, std::iter::empty());
    /// assert_eq!(found.len(), 3);
    /// let (infos, index) = lexicon.describe_names(text, &stream, &found);
    /// assert_eq!(index, [0, 1, 1]);
    /// assert_eq!(infos[0].romanisation, "Juwān Ḥassū");
    /// assert_eq!(infos[1].cue_text, "جوان حسو");
    /// ```
    pub fn describe_names(
        &self,
        original: &str,
        stream: &Stream,
        names: &[ProbableName],
    ) -> (Vec<NameInfo>, Vec<u32>) {
        let mut seen: FxHashMap<(NameKind, CueKind, &str, &str), u32> = FxHashMap::default();
        let mut infos = Vec::new();
        let index = names
            .iter()
            .map(|name| {
                let written = name.written(stream, original);
                let cue_text = name.cue_text(original);
                *seen
                    .entry((name.kind, name.cue, cue_text, written))
                    .or_insert_with(|| {
                        infos.push(NameInfo {
                            kind: name.kind,
                            cue: name.cue,
                            cue_text: cue_text.to_string(),
                            romanisation: self.romanise(written),
                        });
                        infos.len() as u32 - 1
                    })
            })
            .collect();
        (infos, index)
    }

    /// What is shown of `name` (found in `original`, from which `stream` is built).
    pub fn describe(&self, original: &str, stream: &Stream, name: &ProbableName) -> NameInfo {
        NameInfo {
            kind: name.kind,
            cue: name.cue,
            cue_text: name.cue_text(original).to_string(),
            romanisation: self.romanise(name.written(stream, original)),
        }
    }

    /// Romanises a name written `words` (as in the text, without clitics): the glossary's
    /// romanisation of each word it knows, the letter table for the others.
    ///
    /// ```
    /// let glosser = hamish::Glosser::bundled().unwrap();
    /// let lexicon = hamish::names::Lexicon::new(glosser.glossary());
    /// assert_eq!(lexicon.romanise("شيخموس أحمد"), "Shaykhmūs Aḥmad");
    /// assert_eq!(lexicon.romanise("واين ماروتو"), "Wayn Mārūtū");
    /// ```
    pub fn romanise(&self, words: &str) -> String {
        words
            .split_whitespace()
            .map(|w| {
                match self
                    .words
                    .get(normalise(w).as_str())
                    .and_then(|w| w.latin.as_ref().or(w.list_latin.as_ref()))
                {
                    Some(latin) => latin.to_string(),
                    None => crate::romanise::romanise_word(w),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What the whole glossary says a word is, asked only of candidate words, from the likeliest
/// name to the surest non-name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Known {
    /// No reading at all.
    Unknown,
    /// Readings only with a pronoun or a dual ending stripped (براك as برا + ك، جوان as جو +
    /// ان): a name may hide so.
    Inflected,
    /// An ordinary noun, or a term (a noun with a plural or accusative ending too).
    Noun,
    /// An adjective, adverb or accusative, or a nisba of a known word (التركي، الساحلية).
    Adjective,
    /// A verb.
    Verb,
    /// A preposition, conjunction, pronoun or particle, as written.
    Function,
}

/// How the words of a text stand for the names stage.
struct Words<'a> {
    glossary: &'a Glossary,
    index: &'a Index,
    lexicon: &'a Lexicon,
    original: &'a str,
    stream: &'a Stream,
    /// What is known of each word of the stream.
    facts: Vec<WordFacts>,
    /// The [`form_hash`] of each word as the stream holds it (0 for a word in another script).
    hashes: Vec<u32>,
    /// [`Lexicon::known`], locked for the whole text: locking it for each word cost more than
    /// looking the word up.
    remembered: RefCell<MutexGuard<'a, FxHashMap<Box<str>, Known>>>,
}

/// What the names stage knows of one word of a text: four bytes.
#[derive(Clone, Debug, Default)]
struct WordFacts {
    /// Cue roles ([`TITLE`], [`GIVEN`], ...).
    role: u8,
    /// Bytes of clitic before the part of the word that has the roles.
    clitic: u8,
    /// The entry type of the highlighted reading covering the word, if any.
    covered: Option<EntryType>,
    /// [`Words::known`], once asked: the stage asks it of a word up to four times.
    known: Cell<Option<Known>>,
}

impl<'a> Words<'a> {
    fn text(&self, i: usize) -> &str {
        self.stream.word_text(i)
    }

    fn arabic(&self, i: usize) -> bool {
        self.stream.words[i].script == Script::Arabic
    }

    /// Whether words `a` and `a + 1` stand in one phrase (nothing but a space or a quote between).
    fn joined(&self, a: usize) -> bool {
        let (Some(x), Some(y)) = (self.stream.words.get(a), self.stream.words.get(a + 1)) else {
            return false;
        };
        !self.stream.text.as_bytes()[x.end as usize..y.start as usize].contains(&b'\n')
    }

    /// The roles of word `i` and the bytes of clitic before the part that has them.
    #[inline]
    fn role(&self, i: usize) -> (u8, usize) {
        let facts = &self.facts[i];
        (facts.role, usize::from(facts.clitic))
    }

    /// The entry type of the highlighted reading covering word `i`, if any.
    fn covered(&self, i: usize) -> Option<EntryType> {
        self.facts[i].covered
    }

    /// What the whole glossary makes of word `i` alone.
    fn known(&self, i: usize) -> Known {
        let memo = &self.facts[i].known;
        memo.get().unwrap_or_else(|| {
            let known = self.ask_known(i);
            memo.set(Some(known));
            known
        })
    }

    fn ask_known(&self, i: usize) -> Known {
        let word = self.stream.words[i];
        let written: &'a str = &self.original[word.orig_start as usize..word.orig_end as usize];
        let mut known = self.known_written(written);
        if known <= Known::Inflected && self.has_article(i) && is_nisba_of_known(self, written) {
            known = Known::Adjective;
        }
        known
    }

    /// What the whole glossary makes of a written word, remembered across texts.
    fn known_written(&self, written: &str) -> Known {
        let remembered = self.remembered.borrow().get(written).copied();
        remembered.unwrap_or_else(|| {
            let known = self.ask_glossary(written);
            let mut remembered = self.remembered.borrow_mut();
            if remembered.len() >= KNOWN_REMEMBERED {
                remembered.clear();
            }
            remembered.insert(written.into(), known);
            known
        })
    }

    fn ask_glossary(&self, written: &str) -> Known {
        let stream = Stream::build(written);
        let readings = matcher::candidates_by_lookup(
            self.glossary,
            self.index,
            &self.lexicon.patterns,
            written,
            &stream,
        );
        let mut known = Known::Unknown;
        for c in readings {
            if c.reading.first_word != 0 || c.reading.last_word as usize + 1 != stream.words.len() {
                continue;
            }
            let entry = &self.glossary.entries[c.reading.entry as usize];
            let suffix: Vec<&str> = c.suffix.iter().map(|a| a.text).collect();
            // The pronoun ي is never written ى (لمى is no لم + ي).
            if suffix.last() == Some(&"ي") && written.ends_with('ى') {
                continue;
            }
            let this = match entry.pos {
                Some(Pos::Prep | Pos::Conj | Pos::Pron | Pos::Part)
                    if (suffix.is_empty() || c.suffix.has_pronoun())
                        && crate::context::as_written(self.glossary, written, &stream, &c) =>
                {
                    Known::Function
                }
                Some(Pos::Verb) if suffix.is_empty() || c.prefix.iter().next().is_some() => {
                    Known::Verb
                }
                // A perfect with a rarer subject ending and nothing before it: أرجان as أرجأ +
                // ن (not عادت، كانوا).
                Some(Pos::Verb)
                    if c.suffix.has_pronoun() || matches!(suffix[..], ["ن"] | ["ان"] | ["نا"]) =>
                {
                    Known::Inflected
                }
                Some(Pos::Verb) => Known::Verb,
                // A name may end in letters that read as a pronoun or a dual or construct
                // ending (براك، جوان، حاجو); with a clitic before too, it is an ordinary word.
                _ if c.prefix.iter().next().is_none()
                    && (c.suffix.has_pronoun() || matches!(suffix[..], ["ان"] | ["و"])) =>
                {
                    Known::Inflected
                }
                // An adverb or an accusative (صباحا) modifies; it is no word of a name either.
                Some(Pos::Adj | Pos::Num | Pos::Adv) => Known::Adjective,
                _ if suffix == ["ا"] => Known::Adjective,
                _ => Known::Noun,
            };
            known = known.max(this);
        }
        known
    }

    fn has_article(&self, i: usize) -> bool {
        let word = self.stream.words[i];
        let w = &self.stream.text.as_bytes()[word.start as usize..word.end as usize];
        w.len() > 4 && w.starts_with("ال".as_bytes())
    }
}

/// The most words a probable name runs to.
const MAX_NAME_WORDS: usize = 4;
/// The most words between a role and its name (وزير الدفاع التركي ...).
const MAX_ROLE_WORDS: usize = 5;

/// Finds the probable names among the words of `stream` (built from `original`) that no chosen
/// highlight covers: `highlighted` gives, for each chosen reading, its words and entry type.
/// `index` lays out the whole glossary (general words too), which says which words are ordinary.
///
/// ```
/// use hamish::{names, segment::Stream, Glosser};
/// let glosser = Glosser::bundled().unwrap();
/// let text = "قال مختار قرية كفر زيتا عادل الحمود إن الأهالي عادوا";
/// let found = glosser.probable_names(text);
/// let kinds: Vec<_> = found.iter().map(|n| (&text[n.stem_start.byte..n.end.byte], n.kind)).collect();
/// assert!(kinds.contains(&("عادل الحمود", names::NameKind::Person)));
/// ```
pub fn detect(
    glossary: &Glossary,
    index: &Index,
    lexicon: &Lexicon,
    original: &str,
    stream: &Stream,
    highlighted: impl Iterator<Item = (u32, u32, EntryType)>,
) -> Vec<ProbableName> {
    // One pass over the words: each one's hash (second mentions look them up too), and the
    // words that may be cues; then the roles of those. Every name starts at a word with a role
    // or right after one: only those are visited next.
    let text = stream.text.as_bytes();
    let mut hashes = Vec::with_capacity(stream.words.len());
    let mut maybe_cues = Vec::new();
    for (i, word) in stream.words.iter().enumerate() {
        let hash = match word.script {
            Script::Arabic => form_hash_in(text, word.start as usize, word.end as usize),
            _ => 0,
        };
        hashes.push(hash);
        if lexicon.cue_forms.may_contain(hash) {
            maybe_cues.push(i);
        }
    }
    let mut facts = vec![WordFacts::default(); stream.words.len()];
    let mut cues = Vec::with_capacity(maybe_cues.len());
    for i in maybe_cues {
        // A word in another script is hashed 0, which the filter may let through.
        if stream.words[i].script != Script::Arabic {
            continue;
        }
        let (role, clitic) = lexicon.role_with_clitic(stream.word_text(i));
        if role != 0 {
            (facts[i].role, facts[i].clitic) = (role, clitic as u8);
            cues.push(i);
        }
    }
    for (first, last, entry_type) in highlighted {
        for word in &mut facts[first as usize..=last as usize] {
            word.covered = Some(entry_type);
        }
    }
    let words = Words {
        glossary,
        index,
        lexicon,
        original,
        stream,
        facts,
        hashes,
        remembered: RefCell::new(lexicon.known.lock().unwrap_or_else(PoisonError::into_inner)),
    };
    let mut found: Vec<ProbableName> = Vec::new();
    for i in cues {
        // A cue inside a name found already cues nothing more.
        if found.last().is_some_and(|f| i <= f.last_word as usize) {
            continue;
        }
        if let Some(name) = name_at(&words, i) {
            let mut listed = coordinated(&words, &name);
            found.push(name);
            // Names in a list (دلشاد عمر وژيان يوسف) share the cue of the first.
            while let Some(next) = listed {
                listed = coordinated(&words, &next);
                found.push(next);
            }
        }
    }
    second_mentions(&words, &mut found);
    // A name is never empty (a lone و taken for a clitic before nothing).
    found.retain(|n| n.stem_start < stream.words[n.last_word as usize].end);
    found
}

/// A probable name cued by word `i` (a cue word, or the name's own first word), if any.
fn name_at(words: &Words<'_>, i: usize) -> Option<ProbableName> {
    let (role, _) = words.role(i);
    if role & TITLE != 0 {
        if let Some(name) = after_title(words, i) {
            return Some(name);
        }
    }
    if role & (PLACE | NAMED_PLACE | BODY) != 0 && !words.has_article(i) && words.joined(i) {
        let (kind, cue, strength) = if role & NAMED_PLACE != 0 {
            (NameKind::Place, CueKind::PlaceWord, Strength::NamedPlace)
        } else if role & PLACE != 0 {
            (NameKind::Place, CueKind::PlaceWord, Strength::AfterCue)
        } else {
            (NameKind::Organisation, CueKind::Body, Strength::AfterCue)
        };
        if let Some(name) = run(words, i + 1, kind, strength) {
            return Some(finish(words, name, cue, i, i));
        }
    }
    if role & REPORT != 0 && words.joined(i) {
        if let Some(name) = run(words, i + 1, NameKind::Person, Strength::AfterVerb) {
            return Some(finish(words, name, CueKind::Reporting, i, i));
        }
    }
    // The name's own shape: a kunya or lineage, or a given name. (Words no vocabulary holds
    // would be a cue too, but asking the whole glossary of every word costs as much as glossing
    // every general word: the page's path leaves that to lookups.)
    if words.covered(i).is_none() && role & (LINK | GIVEN) != 0 {
        let cue = if role & LINK != 0 {
            CueKind::Lineage
        } else {
            CueKind::GivenName
        };
        if let Some(name) = run(words, i, NameKind::Person, Strength::Alone) {
            return Some(finish(words, name, cue, i, i));
        }
    }
    None
}

/// How sure the context is that a name starts here, which decides what may start it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    /// After a title, a place word or a body: a word no vocabulary holds, a pronoun-inflected
    /// reading, or a given name.
    AfterCue,
    /// After a place word whose next word is nearly always a name (قرية، حي، شارع): an
    /// ordinary noun too (قرية قبر فضة، شارع الأربعين).
    NamedPlace,
    /// After a reporting verb: an unknown word or a given name, not one with the article.
    AfterVerb,
    /// No cue before it: at least two name words, one of them unknown or a lineage word.
    Alone,
}

/// A run of name words found: its words and where it starts after any clitic.
struct Run {
    first: usize,
    last: usize,
    stem_start: u32,
    kind: NameKind,
}

/// The name after a title or role at word `i`, past the words that complete the role.
fn after_title(words: &Words<'_>, i: usize) -> Option<ProbableName> {
    let mut cue_end = i;
    let mut j = i + 1;
    let limit = (i + 1 + MAX_ROLE_WORDS).min(words.stream.words.len());
    while j < limit && words.joined(j - 1) && words.arabic(j) {
        match words.covered(j) {
            // The role names a person the glossary knows (الرئيس أحمد الشرع).
            Some(EntryType::Person) => return None,
            Some(_) => {
                j += 1;
                continue;
            }
            None => {}
        }
        let (role, _) = words.role(j);
        if (role & TITLE != 0 && role & GIVEN == 0) || ROLE_LINKS.contains(&words.text(j)) {
            if role & TITLE != 0 {
                cue_end = j;
            }
            j += 1;
            continue;
        }
        if let Some(name) = run(words, j, NameKind::Person, Strength::AfterCue) {
            return Some(finish(words, name, CueKind::Title, i, cue_end));
        }
        match words.known(j) {
            Known::Noun | Known::Adjective => j += 1,
            _ => return None,
        }
    }
    None
}

/// How word `k` may stand in a name, after word `previous` of the same run if any: `None` if
/// it may not, `Some(true)` if it is surely a name word (no vocabulary holds it, or it reads
/// only as a strained inflection where a cue says a name comes).
fn name_word(
    words: &Words<'_>,
    k: usize,
    strength: Strength,
    previous: Option<usize>,
) -> Option<bool> {
    if words.covered(k).is_some() {
        return None;
    }
    let (role, _) = words.role(k);
    let given = role & GIVEN != 0;
    let link = role & LINK != 0;
    let article = words.has_article(k);
    let after_cue = matches!(strength, Strength::AfterCue | Strength::NamedPlace);
    let known = words.known(k);
    if known == Known::Function {
        return None;
    }
    if article {
        return match previous {
            // The first word: a family name alone after a title, a place after a place word.
            None => match strength {
                Strength::NamedPlace => Some(false),
                Strength::AfterCue => (known <= Known::Inflected).then_some(true),
                _ => None,
            },
            // عبد + the article: a name of God (عبد الرحمن).
            Some(p) if words.text(p) == "عبد" => Some(false),
            // A family name after a first name (سامر الخطيب، نزار الحمصي), not a plural
            // (التقى وسيم المسؤولين); without a cue, only after a given name (تسريع الخطوات).
            Some(p) => {
                let first_name = words.role(p).0 & GIVEN != 0
                    || match words.known(p) {
                        Known::Unknown => strength != Strength::Alone,
                        Known::Inflected => after_cue,
                        _ => false,
                    };
                (first_name && known != Known::Verb && !plural(words.text(k)))
                    .then_some(known == Known::Unknown)
            }
        };
    }
    match known {
        // Without a cue, an unknown word shaped like a verb or a nisba is no name word.
        Known::Unknown
            if matches!(strength, Strength::Alone | Strength::AfterVerb)
                && !given
                && looks_ordinary(words.text(k)) =>
        {
            None
        }
        Known::Unknown => Some(true),
        Known::Inflected if strength == Strength::Alone && previous.is_none() => None,
        Known::Inflected => Some(after_cue),
        _ if given || link => Some(false),
        // After قرية or حي, even a word that reads as a verb is a noun in construct.
        Known::Noun | Known::Verb if strength == Strength::NamedPlace => Some(false),
        _ => None,
    }
}

/// A run of name words starting at word `start`, if the word there may start one.
fn run(words: &Words<'_>, start: usize, kind: NameKind, strength: Strength) -> Option<Run> {
    let n = words.stream.words.len();
    if start >= n || !words.arabic(start) {
        return None;
    }
    let (role, clitic) = words.role(start);
    // A cue word starts no name: it cues the next one (بلدية مدينة ...).
    if role & (TITLE | PLACE | NAMED_PLACE | BODY) != 0 && role & GIVEN == 0 {
        return None;
    }
    let mut strong = name_word(words, start, strength, None)?;
    // Without a cue, an unknown word that may be a clitic and a word (وتسميد) starts no name,
    // unless it is a given name (وليد، باسل).
    if strength == Strength::Alone && role & GIVEN == 0 && words.text(start).starts_with(['و', 'ف'])
    {
        return None;
    }
    let mut links = usize::from(role & LINK != 0);
    let mut needs_more = role & LINK != 0;
    let mut last = start;
    let mut k = start + 1;
    while k < n && k - start < MAX_NAME_WORDS && words.joined(k - 1) && words.arabic(k) {
        let Some(sure) = name_word(words, k, strength, Some(last)) else {
            break;
        };
        // A clitic starts another phrase (قبر فضة بالخطوة، تل حجر والنشوة).
        if words.role(k).1 > 0 || has_clitic(words, k) {
            break;
        }
        // A family name with the article is a name's last word (سامر الخطيب), but for the
        // name of God after عبد.
        let closes = words.has_article(k) && words.text(last) != "عبد";
        strong |= sure;
        needs_more = words.role(k).0 & LINK != 0;
        links += usize::from(needs_more);
        last = k;
        k += 1;
        if closes {
            break;
        }
    }
    if needs_more {
        // A trailing lineage word joins nothing: leave it out.
        if last == start {
            return None;
        }
        last -= 1;
    }
    let words_in = last - start + 1;
    let ok = match strength {
        Strength::AfterCue => strong || words_in >= 2,
        Strength::NamedPlace => true,
        Strength::AfterVerb => strong || words_in >= 2,
        Strength::Alone => words_in >= 2 && (strong || links > 0),
    };
    if !ok {
        return None;
    }
    let first_word = words.stream.words[start];
    let stem_start = if clitic > 0 && !words.lexicon.is_given_name(words.text(start)) {
        first_word.start + clitic as u32
    } else {
        first_word.start
    };
    Some(Run {
        first: start,
        last,
        stem_start,
        kind,
    })
}

/// Whether a word ends like a sound plural (المسؤولين، المعلمات).
fn plural(word: &str) -> bool {
    ["ين", "ون", "ات"].iter().any(|e| word.ends_with(e))
}

/// Whether a word has the shape of an imperfect verb with a plural or dual subject (يخبئون،
/// تعملان: a person prefix and a subject ending) or of a feminine nisba adjective (مسائية).
fn looks_ordinary(word: &str) -> bool {
    (["ي", "ت", "ن"].iter().any(|p| word.starts_with(p))
        && ["ون", "ين", "ان", "وا"].iter().any(|e| word.ends_with(e)))
        || word.ends_with("يه")
}

/// Whether word `k` is a known word behind a proclitic (بالخطوة، والنشوة، بحضور).
fn has_clitic(words: &Words<'_>, k: usize) -> bool {
    let text = words.text(k);
    if ["وال", "فال", "بال", "كال", "لل"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        return true;
    }
    let Some(first) = text.chars().next() else {
        return false;
    };
    // و before a word no vocabulary holds starts another name, or another phrase (دلشاد عمر
    // وژيان يوسف), unless the whole word is a given name (وليد).
    if first == 'و' && words.known(k) == Known::Unknown {
        return words.role(k).0 & GIVEN == 0;
    }
    if !"وفبلك".contains(first) || words.known(k) == Known::Unknown {
        return false;
    }
    let word = words.stream.words[k];
    let written = &words.original[word.orig_start as usize..word.orig_end as usize];
    let rest: String = written
        .chars()
        .filter(|&c| !crate::normalise::is_deleted(c))
        .skip(1)
        .collect();
    rest.chars().count() >= 3 && words.known_written(&rest) != Known::Unknown
}

/// Whether `written` (with the article) is a nisba adjective of a word or place the glossary
/// knows (التركي of تركيا، الساحلية of ساحل): an adjective, not a family name.
fn is_nisba_of_known(words: &Words<'_>, written: &str) -> bool {
    let letters: String = written
        .chars()
        .filter(|&c| !crate::normalise::is_deleted(c))
        .collect();
    let Some(rest) = letters.strip_prefix("ال") else {
        return false;
    };
    let Some(base) = ["يين", "يون", "يات", "ية", "يه", "ي"]
        .iter()
        .find_map(|ending| rest.strip_suffix(ending))
    else {
        return false;
    };
    if base.chars().count() < 2 {
        return false;
    }
    [
        base.to_string(),
        format!("{base}ا"),
        format!("ال{base}"),
        format!("{base}ة"),
    ]
    .iter()
    .any(|form| words.known_written(form) != Known::Unknown)
}

/// The name joined by و to the end of `name` (دلشاد عمر وژيان يوسف), of the same kind and cue.
fn coordinated(words: &Words<'_>, name: &ProbableName) -> Option<ProbableName> {
    let next = name.last_word as usize + 1;
    if name.cue == CueKind::Earlier
        || !words.joined(next - 1)
        || next >= words.stream.words.len()
        || !words.text(next).starts_with('و')
        || words.role(next).0 & GIVEN != 0
    {
        return None;
    }
    let mut run = run(words, next, name.kind, Strength::AfterCue)?;
    let word = words.stream.words[next];
    run.stem_start = word.start + 'و'.len_utf8() as u32;
    Some(ProbableName {
        first_word: run.first as u32,
        last_word: run.last as u32,
        stem_start: run.stem_start,
        kind: run.kind,
        cue: name.cue,
        cue_range: name.cue_range,
    })
}

/// Makes a [`ProbableName`] of a run cued by words `cue_first..=cue_last`.
fn finish(
    words: &Words<'_>,
    run: Run,
    cue: CueKind,
    cue_first: usize,
    cue_last: usize,
) -> ProbableName {
    let stream = words.stream;
    ProbableName {
        first_word: run.first as u32,
        last_word: run.last as u32,
        stem_start: run.stem_start,
        kind: run.kind,
        cue,
        cue_range: (
            stream.words[cue_first].orig_start,
            stream.words[cue_last].orig_end,
        ),
    }
}

/// Marks later and earlier mentions of a found name by one of its distinctive words alone
/// (a family name: الحمود after عادل الحمود).
fn second_mentions(words: &Words<'_>, found: &mut Vec<ProbableName>) {
    if found.is_empty() {
        return;
    }
    // The words that name them, each with the first name it belongs to.
    let mut by_word: FxHashMap<&str, usize> = FxHashMap::default();
    for (k, name) in found.iter().enumerate() {
        for w in name.first_word..=name.last_word {
            if words.known(w as usize) == Known::Unknown
                || (w == name.last_word && w > name.first_word)
            {
                by_word.entry(words.text(w as usize)).or_insert(k);
            }
        }
    }
    // Few words name the found names: the set of the prints of their forms with proclitics
    // turns the others away, by the prints of the pass over the roles.
    let mut forms = [0u64; (1 << 16) / 64];
    for word in by_word.keys() {
        written_forms(word, false, |form| {
            let print = usize::from(print(form_hash(form)));
            forms[print / 64] |= 1 << (print % 64);
        });
    }
    let lookup = |word: &str| by_word.get(word).copied();
    let mut more = Vec::new();
    for (i, &hash) in words.hashes.iter().enumerate() {
        let print = usize::from(print(hash));
        if forms[print / 64] >> (print % 64) & 1 == 0
            || words.covered(i).is_some()
            || !words.arabic(i)
        {
            continue;
        }
        // Not a word of a found name (they are in text order).
        let after = found.partition_point(|name| name.first_word as usize <= i);
        if after > 0 && i <= found[after - 1].last_word as usize {
            continue;
        }
        let word = words.text(i);
        let Some((k, clitic)) = lookup(word).map(|k| (k, 0)).or_else(|| {
            clitic_splits(word).find_map(|(clitic, rest)| lookup(rest).map(|k| (k, clitic.len())))
        }) else {
            continue;
        };
        let name = &found[k];
        let stream = words.stream;
        more.push(ProbableName {
            first_word: i as u32,
            last_word: i as u32,
            stem_start: stream.words[i].start + clitic as u32,
            kind: name.kind,
            cue: CueKind::Earlier,
            cue_range: (
                stream.words[name.first_word as usize].orig_start,
                stream.words[name.last_word as usize].orig_end,
            ),
        });
    }
    if !more.is_empty() {
        found.append(&mut more);
        found.sort_by_key(|n| n.first_word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash of a word read in place, as the pass over a text reads it, is the hash of the
    /// word alone, as the filters are filled: for words of every length, anywhere in a text.
    #[test]
    fn words_hash_in_place_as_alone() {
        let texts = [
            "و",
            "في",
            "قال العميد جوان حسو إن حسو وصل، ثم عاد حسو",
            "والمتحدثة باسم الإدارة الذاتية لشمال وشرق سوريا قالت: لا",
            "ا ب ت PKK 2024 بالاستراتيجيات",
        ];
        for text in texts {
            let stream = Stream::build(text);
            for (i, word) in stream.words.iter().enumerate() {
                let bytes = stream.text.as_bytes();
                let (start, end) = (word.start as usize, word.end as usize);
                assert_eq!(
                    form_hash_in(bytes, start, end),
                    form_hash(stream.word_text(i).as_bytes()),
                    "{:?} in {text:?}",
                    stream.word_text(i)
                );
            }
        }
    }

    /// The cue filter turns no cue away, behind any proclitic [`clitic_splits`] reads off.
    #[test]
    fn cue_filter_keeps_every_written_form_of_a_cue() {
        let glosser = crate::Glosser::bundled().unwrap();
        let lexicon = Lexicon::new(glosser.glossary());
        for (word, &role) in &lexicon.roles {
            written_forms(word, true, |form| {
                let form = std::str::from_utf8(form).unwrap();
                assert!(
                    lexicon.cue_forms.may_contain(form_hash(form.as_bytes())),
                    "{form}"
                );
            });
            assert_eq!(lexicon.role_with_clitic(word), (role, 0), "{word}");
        }
    }
}
