//! The clitic and affix grammar: which letters may stand before and after a glossary stem.
//!
//! Stripping is dictionary-guided: the automaton finds a glossary pattern inside a word, and this
//! module decides whether the letters left over on each side are a well-formed chain of clitics
//! for that kind of word. A word that merely starts with ب or ال (بغداد، الله) is never taken
//! apart, because the leftovers must parse *and* the stem must be in the glossary, and the whole
//! word wins over any stripped reading.
//!
//! Prefixes (normalised letters): conjunction و/ف, then by word class
//! - names and particles: a preposition ب ك ل;
//! - nouns: a preposition, then the article ال (not after ل, where ل + ال is written لل);
//! - a pattern stored without its article ([`PatternKind::Bare`]): ال، بال، كال، لل، or ل before a
//!   stem that itself starts with ل (للجنة = ل + اللجنة);
//! - imperfect verbs: future س or ل, then a person prefix ي ت ن ا.
//!
//! Suffixes: possessive/object pronouns, noun number endings (ات ان ين ون تان تين, ة), their
//! construct shapes before a pronoun (مقاتلوه، مدينتاه), verb subject endings. A noun with the
//! article takes no possessive pronoun. Multi-word names take no suffix.

use serde::Serialize;

use crate::glossary::{MorphClass, PatternKind};

/// One clitic or affix: its letters (normalised) and what it adds to the meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Affix {
    /// The letters, normalised.
    pub text: &'static str,
    /// Short English meaning for a tooltip.
    pub meaning: &'static str,
}

/// Up to four affixes on one side of a stem; `Copy` so the hot path never allocates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Affixes {
    items: [Option<Affix>; 4],
}

impl Affixes {
    fn push(&mut self, affix: Affix) -> bool {
        match self.items.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => {
                *slot = Some(affix);
                true
            }
            None => false,
        }
    }

    /// The affixes in reading order.
    pub fn iter(&self) -> impl Iterator<Item = Affix> + '_ {
        self.items.iter().map_while(|a| *a)
    }

    /// Whether the affixes are only the indefinite accusative alif (هجوماً → هجوما), which is
    /// never written after ة (هدنةً, not هدنةا).
    pub fn is_accusative_alif(&self) -> bool {
        self.items[0] == Some(ACCUSATIVE) && self.items[1].is_none()
    }

    /// Whether one of the affixes is a possessive pronoun (كتابها): the noun is definite.
    pub fn has_possessive(&self) -> bool {
        self.iter().any(|a| NOUN_PRONOUNS.contains(&a))
    }

    /// Whether one of the affixes is a possessive or object pronoun (كتابها، ضربه).
    pub fn has_pronoun(&self) -> bool {
        self.iter()
            .any(|a| NOUN_PRONOUNS.contains(&a) || OBJECT_PRONOUNS.contains(&a))
    }

    /// Whether one of the affixes is the definite article.
    pub fn has_article(&self) -> bool {
        self.iter()
            .any(|a| [ARTICLE, LI_ARTICLE, LI_ASSIMILATED].contains(&a))
    }
}

const fn affix(text: &'static str, meaning: &'static str) -> Affix {
    Affix { text, meaning }
}

const CONJUNCTIONS: [Affix; 2] = [affix("و", "and"), affix("ف", "so, then")];
const PREPOSITIONS: [Affix; 3] = [
    affix("ب", "in, by, with"),
    affix("ك", "like, as"),
    affix("ل", "for, to"),
];
const ARTICLE: Affix = affix("ال", "the");
const EMPHATIC: Affix = affix("ل", "surely, would have (emphatic)");
const IMPERATIVE: Affix = affix("ا", "(command)");
const LI_ARTICLE: Affix = affix("لل", "for the, to the");
const LI_ASSIMILATED: Affix = affix("ل", "for the, to the");
const FUTURE: [Affix; 2] = [affix("س", "will (future)"), affix("ل", "to, in order to")];
const PERSON: [Affix; 4] = [
    affix("ي", "he, they (present)"),
    affix("ت", "she, you (present)"),
    affix("ن", "we (present)"),
    affix("ا", "I (present)"),
];

const NOUN_PRONOUNS: [Affix; 11] = [
    affix("هما", "their, them (two)"),
    affix("كما", "your (two)"),
    affix("ها", "her, its"),
    affix("هم", "their"),
    affix("هن", "their (women)"),
    affix("كم", "your (plural)"),
    affix("كن", "your (women)"),
    affix("نا", "our"),
    affix("ه", "his, its"),
    affix("ك", "your"),
    affix("ي", "my"),
];
const OBJECT_PRONOUNS: [Affix; 11] = [
    affix("هما", "them (two)"),
    affix("كما", "you (two)"),
    affix("ها", "her, it"),
    affix("هم", "them"),
    affix("هن", "them (women)"),
    affix("كم", "you (plural)"),
    affix("كن", "you (women)"),
    affix("ني", "me"),
    affix("نا", "us"),
    affix("ه", "him, it"),
    affix("ك", "you"),
];

/// Number and gender endings of nouns and adjectives, standing at the end of the word.
const NOUN_ENDINGS: [Affix; 7] = [
    affix("تان", "two (feminine)"),
    affix("تين", "two (feminine)"),
    affix("ات", "plural"),
    affix("ان", "two (dual)"),
    affix("ين", "plural or dual"),
    affix("ون", "plural"),
    affix("ه", "feminine"),
];
/// The feminine ending ة, written ه in the match stream.
const FEMININE: Affix = affix("ه", "feminine");
/// Sound plurals and duals in construct, without their ن (مقاتلو التنظيم، موظفي الدولة).
const CONSTRUCT_PLURALS: [Affix; 2] = [
    affix("و", "plural (construct: of)"),
    affix("ي", "plural or dual (construct: of)"),
];
/// The feminine dual in construct, after ة written ت (زوجتا الرئيس).
const FEMININE_DUAL_CONSTRUCT: [Affix; 2] = [
    affix("ا", "two (feminine, construct: of)"),
    affix("ي", "two (feminine, construct: of)"),
];
/// The indefinite accusative: tanween fatha written on an alif (هجوماً → هجوما).
const ACCUSATIVE: Affix = affix("ا", "accusative (indefinite)");
/// The same endings in their shape before a possessive pronoun.
const NOUN_CONSTRUCT_ENDINGS: [Affix; 7] = [
    affix("ات", "plural"),
    affix("تا", "two (feminine)"),
    affix("تي", "two (feminine)"),
    affix("ا", "two (dual)"),
    affix("ي", "plural or dual"),
    affix("و", "plural"),
    affix("ت", "feminine"),
];
const PAST_SUBJECTS: [Affix; 11] = [
    affix("تما", "you two (past)"),
    affix("تمو", "you (plural, past)"),
    affix("تم", "you (plural, past)"),
    affix("تن", "you (women, past)"),
    affix("تا", "they two (women, past)"),
    affix("نا", "we (past)"),
    affix("وا", "they (past)"),
    affix("ت", "I, you, she (past)"),
    affix("ا", "they two (past)"),
    affix("ن", "they (women, past)"),
    affix("و", "they (past)"),
];
const PRESENT_SUBJECTS: [Affix; 8] = [
    affix("ون", "they, you (plural)"),
    affix("ان", "they two, you two"),
    affix("ين", "you (woman)"),
    affix("ي", "you (woman)"),
    affix("وا", "they, you (plural)"),
    affix("ا", "they two, you two"),
    affix("ن", "they (women)"),
    affix("و", "they, you (plural)"),
];

/// Every proclitic chain a name or a noun can show before its stem, as the match stream writes
/// it: conjunction, preposition and article, and their combinations. The compiler notes for a
/// glossary form which of them make an ordinary word out of it ([`crate::glossary::PatternTarget`]),
/// by their index here.
pub const NAME_PROCLITICS: [&str; 24] = [
    "", "و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل", "ال", "وال", "فال", "بال",
    "كال", "لل", "وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
];

/// The index of `prefix` in [`NAME_PROCLITICS`].
///
/// ```
/// use hamish::affixes::{proclitic_index, NAME_PROCLITICS};
/// assert_eq!(proclitic_index("وبال").map(|i| NAME_PROCLITICS[i]), Some("وبال"));
/// assert_eq!(proclitic_index("سي"), None);
/// ```
pub fn proclitic_index(prefix: &str) -> Option<usize> {
    NAME_PROCLITICS.iter().position(|&p| p == prefix)
}

/// Parses the letters before a stem. `stem` is the matched pattern text.
///
/// ```
/// use hamish::affixes::parse_prefix;
/// use hamish::glossary::{MorphClass, PatternKind};
/// let p = parse_prefix("وبال", MorphClass::Name, PatternKind::Bare, "تحالف").unwrap();
/// assert_eq!(p.iter().map(|a| a.text).collect::<Vec<_>>(), ["و", "ب", "ال"]);
/// // ب + a name is fine, but a name never takes the article unless written with it
/// assert!(parse_prefix("ب", MorphClass::Name, PatternKind::Whole, "غداد").is_some());
/// assert!(parse_prefix("ال", MorphClass::Name, PatternKind::Whole, "قسد").is_none());
/// ```
pub fn parse_prefix(
    prefix: &str,
    class: MorphClass,
    kind: PatternKind,
    stem: &str,
) -> Option<Affixes> {
    let mut out = Affixes::default();
    let mut rest = prefix;
    if let Some((a, r)) = strip_one(rest, &CONJUNCTIONS) {
        out.push(a);
        rest = r;
    }
    let ok = match (class, kind) {
        (_, PatternKind::Bare) => parse_article_required(rest, stem, &mut out),
        (MorphClass::Verb, PatternKind::Imperfect) => {
            if let Some((a, r)) = strip_one(rest, &FUTURE) {
                out.push(a);
                rest = r;
            }
            take_exact(rest, &PERSON, &mut out)
        }
        // لَ on the perfect: "surely, would have" (لفعل; لقد is a word of its own). Not before
        // a stem that starts with ل: لل there is the article (للبيت is not لَ + لبّت).
        (MorphClass::Verb, _) => {
            rest.is_empty() || (rest == "ل" && !stem.starts_with('ل') && out.push(EMPHATIC))
        }
        (MorphClass::Preposition, _) => rest.is_empty(),
        (MorphClass::Name | MorphClass::Particle, _) => {
            rest.is_empty() || take_exact(rest, &PREPOSITIONS, &mut out)
        }
        // ل before a noun in ل is ل + the article more often than not (للجنة "for the
        // committee"): written alike, the definite reading is given.
        (MorphClass::Noun | MorphClass::Adjective, _) if rest == "ل" && stem.starts_with('ل') => {
            out.push(LI_ASSIMILATED)
        }
        (MorphClass::Noun | MorphClass::Adjective, _) => {
            rest.is_empty()
                || take_exact(rest, &PREPOSITIONS, &mut out)
                || parse_article_required(rest, stem, &mut out)
        }
    };
    ok.then_some(out)
}

fn parse_article_required(rest: &str, stem: &str, out: &mut Affixes) -> bool {
    // لل before a stem that starts with ل would be three lāms: ل + ال + لجنة is written للجنة.
    if rest == "لل" {
        return !stem.starts_with('ل') && out.push(LI_ARTICLE);
    }
    if rest == "ل" && stem.starts_with('ل') {
        return out.push(LI_ASSIMILATED);
    }
    let mut rest = rest;
    if let Some((a, r)) = strip_one(rest, &PREPOSITIONS[..2]) {
        out.push(a);
        rest = r;
    }
    rest == "ال" && out.push(ARTICLE)
}

/// What the text around a stem tells the suffix grammar, besides the suffix's letters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Surroundings {
    /// The stem belongs to a multi-word form: no suffix is allowed.
    pub multiword: bool,
    /// The prefix includes the article: no possessive pronoun is allowed.
    pub has_article: bool,
    /// The word's last letter is written ة (not ه): a final ه is the feminine ending, not "his".
    pub written_ta_marbuta: bool,
    /// A definite word of the same phrase follows: an ending that is also a possessive (ي) is
    /// read as the construct plural or dual (موظفي الدولة "the state's employees").
    pub before_definite: bool,
    /// The stem is a verb form that already carries its subject ending (دعونا، عدت): only an
    /// object pronoun may follow (دعوناه), never a second subject (وقوات is no وقوا + ت).
    pub inflected: bool,
}

impl Surroundings {
    /// Only what the stream's letters tell: inside a form or not, with the article or not.
    ///
    /// ```
    /// use hamish::affixes::Surroundings;
    /// assert!(Surroundings::of(false, true).has_article);
    /// ```
    pub fn of(multiword: bool, has_article: bool) -> Surroundings {
        Surroundings {
            multiword,
            has_article,
            ..Surroundings::default()
        }
    }
}

/// Parses the letters after a stem.
///
/// ```
/// use hamish::affixes::{parse_suffix, Surroundings};
/// use hamish::glossary::{MorphClass, PatternKind};
/// let plain = Surroundings::default();
/// let s = parse_suffix("يها", MorphClass::Noun, PatternKind::Whole, plain).unwrap();
/// assert_eq!(s.iter().map(|a| a.text).collect::<Vec<_>>(), ["ي", "ها"]);
/// // the article and a possessive never go together
/// let with_article = Surroundings::of(false, true);
/// assert!(parse_suffix("ها", MorphClass::Noun, PatternKind::Whole, with_article).is_none());
/// // names take no suffix: بغدادي is not بغداد + ي
/// assert!(parse_suffix("ي", MorphClass::Name, PatternKind::Whole, plain).is_none());
/// // a final ة is the feminine ending; a final ه on a noun is "his"
/// let written_ta_marbuta = Surroundings { written_ta_marbuta: true, ..plain };
/// let feminine = parse_suffix("ه", MorphClass::Noun, PatternKind::Whole, written_ta_marbuta).unwrap();
/// assert_eq!(feminine.iter().next().unwrap().meaning, "feminine");
/// let his = parse_suffix("ه", MorphClass::Noun, PatternKind::Whole, plain).unwrap();
/// assert_eq!(his.iter().next().unwrap().meaning, "his, its");
/// ```
pub fn parse_suffix(
    suffix: &str,
    class: MorphClass,
    kind: PatternKind,
    around: Surroundings,
) -> Option<Affixes> {
    let mut out = Affixes::default();
    if suffix.is_empty() {
        let needs_suffix = matches!(
            kind,
            PatternKind::TaMarbutaT | PatternKind::TaMarbutaDropped | PatternKind::MaqsuraAsAlif
        );
        return (!needs_suffix).then_some(out);
    }
    if around.multiword {
        return None;
    }
    let ok = match class {
        MorphClass::Name => false,
        MorphClass::Preposition | MorphClass::Particle => {
            take_exact(suffix, &OBJECT_PRONOUNS, &mut out)
                || take_exact(suffix, &NOUN_PRONOUNS, &mut out)
        }
        MorphClass::Noun => parse_noun_suffix(suffix, kind, around, !around.has_article, &mut out),
        // An adjective takes the endings of a noun but no possessive (كبيرة is feminine).
        MorphClass::Adjective => parse_noun_suffix(suffix, kind, around, false, &mut out),
        MorphClass::Verb if kind == PatternKind::Imperfect => {
            take_exact(suffix, &OBJECT_PRONOUNS, &mut out)
                || subject_then_object(suffix, &PRESENT_SUBJECTS, &mut out)
        }
        MorphClass::Verb if around.inflected => take_exact(suffix, &OBJECT_PRONOUNS, &mut out),
        // On the perfect a subject comes first: قلنا is "we said", not "he said us".
        MorphClass::Verb => {
            subject_then_object(suffix, &PAST_SUBJECTS, &mut out)
                || take_exact(suffix, &OBJECT_PRONOUNS, &mut out)
        }
    };
    ok.then_some(out)
}

/// The endings of a noun or an adjective (`pronouns`: whether possessives are allowed).
fn parse_noun_suffix(
    suffix: &str,
    kind: PatternKind,
    around: Surroundings,
    pronouns: bool,
    out: &mut Affixes,
) -> bool {
    let construct = !around.has_article;
    // Written ة, the final letter is the feminine ending and nothing else (سورية is not سور + ي
    // + ه).
    if around.written_ta_marbuta && suffix != FEMININE.text {
        return false;
    }
    // A final ة is the feminine ending; a final ه too on an adjective, which takes no "his".
    let feminine = suffix == FEMININE.text && (around.written_ta_marbuta || !pronouns);
    // Before a definite word, ي closes a construct plural or dual (موظفي الدولة).
    let construct_first = construct && around.before_definite;
    match kind {
        PatternKind::TaMarbutaT => {
            (construct_first && take_exact(suffix, &FEMININE_DUAL_CONSTRUCT, out))
                || (pronouns && take_exact(suffix, &NOUN_PRONOUNS, out))
                || take_exact(suffix, &NOUN_ENDINGS[3..5], out)
                || (construct && take_exact(suffix, &FEMININE_DUAL_CONSTRUCT, out))
                || (pronouns && construct_then_pronoun(suffix, &NOUN_CONSTRUCT_ENDINGS[3..5], out))
        }
        PatternKind::MaqsuraAsAlif => pronouns && take_exact(suffix, &NOUN_PRONOUNS, out),
        PatternKind::TaMarbutaDropped => {
            take_exact(suffix, &NOUN_ENDINGS[2..3], out)
                || (pronouns && construct_then_pronoun(suffix, &NOUN_CONSTRUCT_ENDINGS[..1], out))
        }
        _ => {
            (feminine && out.push(FEMININE))
                || (construct_first && take_exact(suffix, &CONSTRUCT_PLURALS, out))
                || (pronouns && take_exact(suffix, &NOUN_PRONOUNS, out))
                || take_exact(suffix, &NOUN_ENDINGS, out)
                || (construct && suffix == ACCUSATIVE.text && out.push(ACCUSATIVE))
                || (construct && take_exact(suffix, &CONSTRUCT_PLURALS, out))
                || (pronouns && construct_then_pronoun(suffix, &NOUN_CONSTRUCT_ENDINGS, out))
        }
    }
}

fn construct_then_pronoun(suffix: &str, endings: &[Affix], out: &mut Affixes) -> bool {
    endings.iter().any(|ending| {
        suffix.strip_prefix(ending.text).is_some_and(|rest| {
            let mut trial = *out;
            trial.push(*ending);
            if take_exact(rest, &NOUN_PRONOUNS, &mut trial) {
                *out = trial;
                true
            } else {
                false
            }
        })
    })
}

fn subject_then_object(suffix: &str, subjects: &[Affix], out: &mut Affixes) -> bool {
    subjects.iter().any(|subject| {
        suffix.strip_prefix(subject.text).is_some_and(|rest| {
            // و stands for وا, and تمو for تم, only when an object pronoun follows (قتلوه،
            // أخبرتموه).
            if rest.is_empty() {
                return !matches!(subject.text, "و" | "تمو") && out.push(*subject);
            }
            let mut trial = *out;
            trial.push(*subject);
            if take_exact(rest, &OBJECT_PRONOUNS, &mut trial) {
                *out = trial;
                true
            } else {
                false
            }
        })
    })
}

/// Who a person prefix or a subject or object suffix stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Person {
    First,
    Second,
    Third,
    /// ت of the perfect (I, you, she) or of the imperfect (you, she): no one person.
    Open,
}

fn object_person(object: &Affix) -> Person {
    match object.text {
        "ني" | "نا" => Person::First,
        "ك" | "كم" | "كما" | "كن" => Person::Second,
        _ => Person::Third,
    }
}

/// Checks a verb reading's prefix and suffix against each other, and returns the prefix as it
/// reads with that suffix: a subject is never also the object (نضربنا, "we hit us", is no word;
/// a reflexive needs نفس), ا and ن of the imperfect (I, we) take no subject ending, and ا with
/// the ending of "you" is a command (ادرسي "study!"), not "I".
///
/// ```
/// use hamish::affixes::{parse_prefix, parse_suffix, reconcile_verb, Surroundings};
/// use hamish::glossary::{MorphClass::Verb, PatternKind::Imperfect};
/// let pre = parse_prefix("ن", Verb, Imperfect, "ضرب").unwrap();
/// let suf = parse_suffix("نا", Verb, Imperfect, Surroundings::default()).unwrap();
/// assert!(reconcile_verb(pre, &suf, Imperfect).is_none());
/// let pre = parse_prefix("ا", Verb, Imperfect, "درس").unwrap();
/// let suf = parse_suffix("ي", Verb, Imperfect, Surroundings::default()).unwrap();
/// let command = reconcile_verb(pre, &suf, Imperfect).unwrap();
/// assert_eq!(command.iter().last().unwrap().meaning, "(command)");
/// ```
pub fn reconcile_verb(prefix: Affixes, suffix: &Affixes, kind: PatternKind) -> Option<Affixes> {
    // A verb's suffix is a subject, an object, or a subject and then an object.
    let mut items = suffix.iter();
    let (subject_affix, object) = match (items.next(), items.next()) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        (Some(a), None) if OBJECT_PRONOUNS.contains(&a) => (None, Some(a)),
        (a, _) => (a, None),
    };
    let person_prefix = prefix.iter().find(|a| PERSON.contains(a));
    let subject = if kind == PatternKind::Imperfect {
        match (person_prefix.map(|a| a.text), subject_affix.map(|a| a.text)) {
            (Some("ا" | "ن"), Some(ending)) => {
                // Only ا + the ending of "you": a command.
                if person_prefix.map(|a| a.text) == Some("ا")
                    && matches!(ending, "ي" | "وا" | "ا" | "ن")
                {
                    Person::Second
                } else {
                    return None;
                }
            }
            (Some("ا" | "ن"), None) => Person::First,
            (Some("ت"), Some("ين" | "ي" | "ون" | "وا" | "ن")) => Person::Second,
            (Some("ت"), _) => Person::Open,
            _ => Person::Third,
        }
    } else {
        match subject_affix.map(|a| a.text) {
            Some("نا") => Person::First,
            Some("تما" | "تم" | "تمو" | "تن") => Person::Second,
            Some("ت") => Person::Open,
            _ => Person::Third,
        }
    };
    if let Some(object) = object {
        let object = object_person(&object);
        if object != Person::Third && object == subject {
            return None;
        }
    }
    let command = kind == PatternKind::Imperfect
        && person_prefix.map(|a| a.text) == Some("ا")
        && subject_affix.is_some();
    if !command {
        return Some(prefix);
    }
    let mut out = Affixes::default();
    for a in prefix.iter() {
        out.push(if a == PERSON[3] { IMPERATIVE } else { a });
    }
    Some(out)
}

/// Every pronoun suffix (possessive and object), for deriving patterns such as له and بها from a
/// one-letter preposition.
pub fn pronoun_suffixes() -> impl Iterator<Item = &'static str> {
    let mut all: Vec<&'static str> = NOUN_PRONOUNS
        .iter()
        .chain(&OBJECT_PRONOUNS)
        .map(|a| a.text)
        .collect();
    all.sort_unstable();
    all.dedup();
    all.into_iter()
}

fn strip_one<'a>(text: &'a str, options: &[Affix]) -> Option<(Affix, &'a str)> {
    options
        .iter()
        .find_map(|a| text.strip_prefix(a.text).map(|rest| (*a, rest)))
}

fn take_exact(text: &str, options: &[Affix], out: &mut Affixes) -> bool {
    options
        .iter()
        .find(|a| a.text == text)
        .is_some_and(|a| out.push(*a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MorphClass::*;
    use PatternKind::*;

    fn pre(p: &str, class: MorphClass, kind: PatternKind, stem: &str) -> Option<Vec<&'static str>> {
        parse_prefix(p, class, kind, stem).map(|a| a.iter().map(|x| x.text).collect())
    }

    fn suf(
        s: &str,
        class: MorphClass,
        kind: PatternKind,
        article: bool,
    ) -> Option<Vec<&'static str>> {
        parse_suffix(s, class, kind, Surroundings::of(false, article))
            .map(|a| a.iter().map(|x| x.text).collect())
    }

    macro_rules! prefixes {
        ($($name:ident: $p:expr, $class:expr, $kind:expr, $stem:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let expected: Option<&[&str]> = $expected;
                assert_eq!(pre($p, $class, $kind, $stem).as_deref(), expected);
            }
        )*};
    }

    prefixes! {
        name_bare: "", Name, Whole, "قسد" => Some(&[]);
        name_li: "ل", Name, Whole, "قسد" => Some(&["ل"]);
        name_wa_bi: "وب", Name, Whole, "قسد" => Some(&["و", "ب"]);
        name_no_article: "ال", Name, Whole, "قسد" => None;
        name_no_double_prep: "بل", Name, Whole, "قسد" => None;
        bare_needs_article: "", Name, Bare, "رقه" => None;
        bare_with_article: "ال", Name, Bare, "رقه" => Some(&["ال"]);
        bare_lil: "لل", Name, Bare, "رقه" => Some(&["لل"]);
        bare_wa_bil: "وبال", Name, Bare, "تحالف" => Some(&["و", "ب", "ال"]);
        bare_lam_assimilated: "ل", Noun, Bare, "لجنه" => Some(&["ل"]);
        bare_lam_needs_lam_stem: "ل", Noun, Bare, "رقه" => None;
        bare_no_li_al: "لال", Noun, Bare, "رقه" => None;
        noun_article: "وال", Noun, Whole, "مخيم" => Some(&["و", "ال"]);
        noun_bil: "بال", Noun, Whole, "مخيم" => Some(&["ب", "ال"]);
        noun_lil: "لل", Noun, Whole, "مخيم" => Some(&["لل"]);
        verb_perfect_conj: "و", Verb, Whole, "قال" => Some(&["و"]);
        verb_perfect_no_prep: "ب", Verb, Whole, "قال" => None;
        imperfect_person: "ي", Verb, Imperfect, "قول" => Some(&["ي"]);
        imperfect_future: "وست", Verb, Imperfect, "قول" => Some(&["و", "س", "ت"]);
        imperfect_needs_person: "", Verb, Imperfect, "قول" => None;
        particle_bi: "ب", Particle, Whole, "ان" => Some(&["ب"]);
        preposition_conj_only: "ب", Preposition, Whole, "في" => None;
    }

    macro_rules! suffixes {
        ($($name:ident: $s:expr, $class:expr, $kind:expr, $article:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let expected: Option<&[&str]> = $expected;
                assert_eq!(suf($s, $class, $kind, $article).as_deref(), expected);
            }
        )*};
    }

    suffixes! {
        noun_pronoun: "هم", Noun, Whole, false => Some(&["هم"]);
        noun_plural: "ات", Noun, Whole, true => Some(&["ات"]);
        noun_plural_pronoun: "اتها", Noun, Whole, false => Some(&["ات", "ها"]);
        noun_masc_plural_construct: "وه", Noun, Whole, false => Some(&["و", "ه"]);
        noun_article_blocks_pronoun: "ه", Noun, Whole, true => Some(&["ه"]);
        noun_junk: "قس", Noun, Whole, false => None;
        noun_accusative: "ا", Noun, Whole, false => Some(&["ا"]);
        noun_accusative_not_with_article: "ا", Noun, Whole, true => None;
        ta_marbuta_t_pronoun: "ها", Noun, TaMarbutaT, false => Some(&["ها"]);
        ta_marbuta_t_dual: "ان", Noun, TaMarbutaT, true => Some(&["ان"]);
        ta_marbuta_t_needs_suffix: "", Noun, TaMarbutaT, false => None;
        ta_marbuta_dropped_plural: "ات", Noun, TaMarbutaDropped, true => Some(&["ات"]);
        ta_marbuta_dropped_not_dual: "ان", Noun, TaMarbutaDropped, false => None;
        verb_past_she: "ت", Verb, Whole, false => Some(&["ت"]);
        verb_past_they_him: "وه", Verb, Whole, false => Some(&["و", "ه"]);
        verb_past_lone_waw: "و", Verb, Whole, false => None;
        verb_present_they: "ون", Verb, Imperfect, false => Some(&["ون"]);
        preposition_pronoun: "ها", Preposition, Whole, false => Some(&["ها"]);
        particle_me: "ني", Particle, Whole, false => Some(&["ني"]);
        name_nothing: "ه", Name, Whole, false => None;
    }

    #[test]
    fn multiword_takes_no_suffix() {
        assert!(parse_suffix("ها", Noun, Whole, Surroundings::of(true, false)).is_none());
        assert!(parse_suffix("", Noun, Whole, Surroundings::of(true, false)).is_some());
    }
}
