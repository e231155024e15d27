//! Word-level spelling variants and definiteness, applied to every form.
//!
//! News writes one name several ways word by word: قوات سورية الديموقراطية, قوات سوريا
//! الديمقراطية, and every mix of them. Listing each combination as an alias is error-prone, so
//! the compiler substitutes interchangeable spellings word by word. Kurdish outlets spell every
//! word of the كرد family with و (الكوردستاني، الكوردية، كورد): one rule covers them all. The
//! same holds for a noun–adjective term, which the text writes definite or indefinite (الخلايا
//! النائمة، خلايا نائمة).

/// Groups of interchangeable spellings of one word, in normalised form (ة → ه, ى → ي, no hamza
/// seats). Only spellings that differ in letters, so the normaliser cannot fold them.
const SPELLING_GROUPS: &[&[&str]] = &[
    &["سوريا", "سوريه"],
    &["الديمقراطيه", "الديموقراطيه"],
    &["الديمقراطي", "الديموقراطي"],
    &["ديمقراطيه", "ديموقراطيه"],
    &["الديمقراطيين", "الديموقراطيين"],
    &["امريكا", "اميركا"],
    &["الامريكيه", "الاميركيه"],
    &["الامريكي", "الاميركي"],
    &["الامريكيين", "الاميركيين"],
    &["امريكيه", "اميركيه"],
    &["امريكي", "اميركي"],
    &["البيشمركه", "البشمركه"],
    &["بيشمركه", "بشمركه"],
    &["اوروبا", "اوربا"],
    &["الاوروبي", "الاوربي"],
    &["الاوروبيه", "الاوربيه"],
    &["الاوروبيين", "الاوربيين"],
    &["الميليشيات", "الميلشيات", "المليشيات"],
    &["ميليشيات", "ميلشيات", "مليشيات"],
    &["ميليشيا", "ميلشيا", "مليشيا"],
    &["تركيا", "تركيه"],
];

/// At most this many spellings are derived from one form, so a long name made of variable words
/// cannot blow up the pattern count.
const MAX_VARIANTS: usize = 16;

/// A word and its interchangeable spellings, the word itself first.
fn options(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if let Some(group) = SPELLING_GROUPS.iter().find(|g| g.contains(&word)) {
        out.extend(group.iter().filter(|&&w| w != word).map(|w| w.to_string()));
    }
    // كرد ↔ كورد at the start of the word or after the article: كردستان، الكوردية، كورد.
    let (article, stem) = word.strip_prefix("ال").map_or(("", word), |s| ("ال", s));
    if let Some(rest) = stem.strip_prefix("كورد") {
        out.push(format!("{article}كرد{rest}"));
    } else if let Some(rest) = stem.strip_prefix("كرد") {
        out.push(format!("{article}كورد{rest}"));
    }
    out
}

/// Every spelling of a normalised form obtained by swapping variant words, the form itself
/// first.
///
/// ```
/// use hamish::glossary::variants::spellings;
/// let all = spellings("قوات سوريا الديمقراطيه");
/// assert_eq!(all.len(), 4);
/// assert!(all.contains(&"قوات سوريه الديموقراطيه".to_string()));
/// assert_eq!(spellings("الكردستاني"), ["الكردستاني", "الكوردستاني"]);
/// assert_eq!(spellings("حزب كوردي"), ["حزب كوردي", "حزب كردي"]);
/// assert_eq!(spellings("بغداد"), ["بغداد"]);
/// ```
pub fn spellings(form: &str) -> Vec<String> {
    let mut results = vec![String::new()];
    for (index, word) in form.split(' ').enumerate() {
        let options = options(word);
        let mut next = Vec::with_capacity(results.len() * options.len());
        for prefix in &results {
            for option in &options {
                if next.len() < MAX_VARIANTS {
                    let sep = if index == 0 { "" } else { " " };
                    next.push(format!("{prefix}{sep}{option}"));
                }
            }
        }
        results = next;
    }
    results
}

/// Letters that do not join the letter after them: a missing space after one of them does not
/// show.
const NON_JOINING: &[char] = &['ا', 'د', 'ذ', 'ر', 'ز', 'و', 'ء', 'ه'];

/// Words this short that end in a letter that does not join are written run together with the
/// next word: the name particles عبد، أبو، ذو (عبدالله، أبومحمد، عبدالرحمن).
const MAX_RUN_TOGETHER_CHARS: usize = 3;

/// A multi-word form with its first space dropped, when the first word is a short word that
/// ends in a letter that does not join the next (عبد، أبو): writers run such words together
/// without a visible change. (Every such space anywhere in a form would add over a third to
/// the patterns of the bundled glossary for a rare typo.)
///
/// ```
/// use hamish::glossary::variants::run_together;
/// assert_eq!(run_together("ابو محمد الجولاني").as_deref(), Some("ابومحمد الجولاني"));
/// assert_eq!(run_together("عبد الله اوجلان").as_deref(), Some("عبدالله اوجلان"));
/// assert_eq!(run_together("قوات سوريا الديمقراطيه"), None);
/// assert_eq!(run_together("عبد"), None);
/// ```
pub fn run_together(form: &str) -> Option<String> {
    let (first, rest) = form.split_once(' ')?;
    (first.chars().count() <= MAX_RUN_TOGETHER_CHARS && first.ends_with(NON_JOINING))
        .then(|| format!("{first}{rest}"))
}

/// A multi-word term in the other state of definiteness: all words with the article become all
/// words without it, and the reverse. Phrases that mix (وقف اطلاق النار) have no counterpart.
///
/// ```
/// use hamish::glossary::variants::toggle_definiteness;
/// assert_eq!(toggle_definiteness("الخلايا النايمه").as_deref(), Some("خلايا نايمه"));
/// assert_eq!(toggle_definiteness("عبوه ناسفه").as_deref(), Some("العبوه الناسفه"));
/// assert_eq!(toggle_definiteness("وقف اطلاق النار"), None);
/// ```
pub fn toggle_definiteness(form: &str) -> Option<String> {
    let words: Vec<&str> = form.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let definite = |w: &&str| w.starts_with("ال") && w.chars().count() > 3;
    if words.iter().all(definite) {
        Some(words.iter().map(|w| &w[4..]).collect::<Vec<_>>().join(" "))
    } else if !words.iter().any(|w| w.starts_with("ال")) {
        Some(
            words
                .iter()
                .map(|w| format!("ال{w}"))
                .collect::<Vec<_>>()
                .join(" "),
        )
    } else {
        None
    }
}
