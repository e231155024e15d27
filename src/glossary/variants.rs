//! Word-level spelling variants and definiteness, applied to every multi-word form.
//!
//! News writes one name several ways word by word: قوات سورية الديموقراطية, قوات سوريا
//! الديمقراطية, and every mix of them. Listing each combination as an alias is error-prone, so
//! the compiler substitutes interchangeable spellings word by word. The same holds for a
//! noun–adjective term, which the text writes definite or indefinite (الخلايا النائمة، خلايا
//! نائمة).

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
    &["الكرديه", "الكورديه"],
    &["الكردي", "الكوردي"],
    &["كوردستان", "كردستان"],
];

/// At most this many spellings are derived from one form, so a long name made of variable words
/// cannot blow up the pattern count.
const MAX_VARIANTS: usize = 16;

fn group_of(word: &str) -> Option<&'static [&'static str]> {
    SPELLING_GROUPS.iter().copied().find(|g| g.contains(&word))
}

/// Every spelling of a normalised multi-word form obtained by swapping variant words, the form
/// itself first.
///
/// ```
/// use hamish::glossary::variants::spellings;
/// let all = spellings("قوات سوريا الديمقراطيه");
/// assert_eq!(all.len(), 4);
/// assert!(all.contains(&"قوات سوريه الديموقراطيه".to_string()));
/// ```
pub fn spellings(form: &str) -> Vec<String> {
    let mut results = vec![String::new()];
    for (index, word) in form.split(' ').enumerate() {
        let options: Vec<&str> = match group_of(word) {
            Some(group) => std::iter::once(word)
                .chain(group.iter().copied().filter(|&w| w != word))
                .collect(),
            None => vec![word],
        };
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
