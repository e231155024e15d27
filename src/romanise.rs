//! Romanisation of names the glossary does not hold: a letter-to-Latin table after ALA-LC, as
//! the glossary's own `tr` column writes names (Aḥmad, al-Khaṭīb, ʻAbd Allāh), with the letters
//! Kurdish and foreign names add (ڤ v, پ p, گ g, چ ch, ژ zh, ۆ o, ێ ê, ە e).
//!
//! Unvowelled Arabic leaves short vowels unwritten, so a name no list holds can only be
//! romanised by guessing them. The guesses are few and plain, and a name the glossary does know
//! a word of (أحمد in شيخموس أحمد) takes that word's romanisation as the glossary writes it:
//! - written short vowels (fatha, kasra, damma, shadda) are read when present;
//! - و and ي are consonants next to a vowel letter or at the start, a diphthong (aw, ay) before
//!   two consonants (شيخموس: Shaykhmūs), and long vowels otherwise (ماروتو: Mārūtū);
//! - ا before ي and a consonant is the diphthong of foreign names (واين: Wayn);
//! - without written vowels, an `a` opens a word that starts with two consonants and breaks
//!   three in a row (مظلوم: Maẓlūm), and an `i` stands in ā-C-C at the end (خالد: Khālid).

/// One sound of the romanised word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sound {
    Consonant(&'static str),
    Vowel(&'static str),
}

/// The Latin of a consonant letter, or `None` for a letter that is not one.
fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ء' | 'ؤ' | 'ئ' => "ʼ",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "ḥ",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' | 'ڕ' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "ṣ",
        'ض' => "ḍ",
        'ط' => "ṭ",
        'ظ' => "ẓ",
        'ع' => "ʻ",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'ل' | 'ڵ' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' | 'ھ' => "h",
        'پ' => "p",
        'چ' => "ch",
        'ژ' => "zh",
        'ڤ' => "v",
        'گ' => "g",
        _ => return None,
    })
}

fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي' | 'ی' | 'ى' | 'آ' | 'ۆ' | 'ێ' | 'ە')
}

/// Whether the letters from `at` on start with two consonants (or one and the end of the word):
/// a closed syllable, where و and ي after a consonant are diphthongs.
fn closed_after(letters: &[char], at: usize) -> bool {
    let is_consonant = |i: usize| letters.get(i).is_some_and(|&c| consonant(c).is_some());
    is_consonant(at) && (is_consonant(at + 1))
}

/// Romanises one word as written (marks read when present); the word must not carry clitics.
///
/// ```
/// use hamish::romanise::romanise_word;
/// assert_eq!(romanise_word("ماروتو"), "Mārūtū");
/// assert_eq!(romanise_word("واين"), "Wayn");
/// assert_eq!(romanise_word("شيخموس"), "Shaykhmūs");
/// assert_eq!(romanise_word("الخطيب"), "al-Khaṭīb");
/// ```
pub fn romanise_word(word: &str) -> String {
    let letters: Vec<char> = word.chars().filter(|&c| c != '\u{0640}').collect();
    if letters.len() > 3 && letters[0] == 'ا' && letters[1] == 'ل' {
        return format!(
            "al-{}",
            romanise_word(&letters[2..].iter().collect::<String>())
        );
    }
    let mut sounds: Vec<Sound> = Vec::with_capacity(letters.len() + 4);
    let mut vowelled = false;
    let base: Vec<(usize, char)> = letters
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, c)| !is_mark(c))
        .collect();
    let bare: Vec<char> = base.iter().map(|&(_, c)| c).collect();
    for (k, &(at, c)) in base.iter().enumerate() {
        let first = k == 0;
        let last = k + 1 == base.len();
        let after_vowel = matches!(sounds.last(), Some(Sound::Vowel(_)) | None);
        let next_is_vowel_letter = bare.get(k + 1).is_some_and(|&n| is_vowel_letter(n));
        match c {
            'ا' if first => sounds.push(Sound::Vowel("a")),
            'ا' => sounds.push(Sound::Vowel("ā")),
            'أ' if first => sounds.push(Sound::Vowel("a")),
            'إ' if first => sounds.push(Sound::Vowel("i")),
            'أ' | 'إ' => sounds.push(Sound::Consonant("ʼ")),
            'آ' if first => sounds.push(Sound::Vowel("ā")),
            'آ' => {
                sounds.push(Sound::Consonant("ʼ"));
                sounds.push(Sound::Vowel("ā"));
            }
            'ى' => sounds.push(Sound::Vowel("á")),
            'ة' if last => sounds.push(Sound::Vowel("ah")),
            'ة' => {
                sounds.push(Sound::Vowel("a"));
                sounds.push(Sound::Consonant("t"));
            }
            'ۆ' => sounds.push(Sound::Vowel("o")),
            'ێ' => sounds.push(Sound::Vowel("ê")),
            'ە' => sounds.push(Sound::Vowel("e")),
            'و' | 'ي' | 'ی' => {
                let (glide, long, diphthong) = if c == 'و' {
                    ("w", "ū", "aw")
                } else {
                    ("y", "ī", "ay")
                };
                if first || after_vowel || next_is_vowel_letter {
                    // ا before ي and a consonant: the diphthong of a foreign name (واين).
                    if c != 'و' && !first && sounds.last() == Some(&Sound::Vowel("ā")) && !last {
                        sounds.pop();
                        sounds.push(Sound::Vowel("a"));
                    }
                    sounds.push(Sound::Consonant(glide));
                } else if !last && closed_after(&bare, k + 1) {
                    sounds.push(Sound::Vowel(diphthong));
                } else {
                    sounds.push(Sound::Vowel(long));
                }
            }
            _ => {
                if let Some(latin) = consonant(c) {
                    sounds.push(Sound::Consonant(latin));
                }
            }
        }
        let own = sounds.len().checked_sub(1);
        // The marks written on this letter.
        let marks_end = base.get(k + 1).map_or(letters.len(), |&(next, _)| next);
        for &mark in &letters[at + 1..marks_end] {
            vowelled = true;
            match mark {
                '\u{064E}' => sounds.push(Sound::Vowel("a")),
                '\u{0650}' => sounds.push(Sound::Vowel("i")),
                '\u{064F}' => sounds.push(Sound::Vowel("u")),
                // Shadda, before or after the letter's vowel mark: double the consonant.
                '\u{0651}' => {
                    if let Some(own) = own {
                        if let Sound::Consonant(latin) = sounds[own] {
                            sounds.insert(own + 1, Sound::Consonant(latin));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if !vowelled {
        guess_short_vowels(&mut sounds);
    }
    capitalise(
        &sounds
            .iter()
            .map(|s| match s {
                Sound::Consonant(l) | Sound::Vowel(l) => *l,
            })
            .collect::<String>(),
    )
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Fills in short vowels unvowelled Arabic leaves out, where the sounds could not otherwise be
/// said: two consonants opening the word, three in a row, and ā-C-C at its end.
fn guess_short_vowels(sounds: &mut Vec<Sound>) {
    let is_c = |s: &Sound| matches!(s, Sound::Consonant(_));
    if sounds.len() >= 2 && is_c(&sounds[0]) && is_c(&sounds[1]) {
        let vowel = if sounds[1] == Sound::Consonant("y") {
            "i"
        } else {
            "a"
        };
        sounds.insert(1, Sound::Vowel(vowel));
    }
    let mut i = 2;
    while i < sounds.len() {
        if is_c(&sounds[i]) && is_c(&sounds[i - 1]) && is_c(&sounds[i - 2]) {
            sounds.insert(i, Sound::Vowel("a"));
            i += 1;
        }
        i += 1;
    }
    // ā-C-C at the end, or before a final ة (فاطمة: Fāṭimah).
    let end = sounds.len() - usize::from(sounds.last() == Some(&Sound::Vowel("ah")));
    if end >= 3
        && sounds[end - 3] == Sound::Vowel("ā")
        && is_c(&sounds[end - 2])
        && is_c(&sounds[end - 1])
    {
        sounds.insert(end - 1, Sound::Vowel("i"));
    }
}

/// Upper-cases the first letter, past an ʻayn or hamza sign (ʻAbdī). The table's letters are
/// few, so they are mapped here rather than through Unicode's case tables (which would add to
/// the WebAssembly the page downloads).
fn capitalise(latin: &str) -> String {
    let mut out = String::with_capacity(latin.len());
    let mut done = false;
    for c in latin.chars() {
        if done || matches!(c, 'ʻ' | 'ʼ') {
            out.push(c);
            continue;
        }
        done = true;
        out.push(match c {
            'a'..='z' => c.to_ascii_uppercase(),
            'ā' => 'Ā',
            'á' => 'Á',
            'ī' => 'Ī',
            'ū' => 'Ū',
            'ê' => 'Ê',
            'ḥ' => 'Ḥ',
            'ṣ' => 'Ṣ',
            'ḍ' => 'Ḍ',
            'ṭ' => 'Ṭ',
            'ẓ' => 'Ẓ',
            other => other,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::romanise_word;

    macro_rules! romanised {
        ($($name:ident: $arabic:expr => $latin:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(romanise_word($arabic), $latin);
            }
        )*};
    }

    romanised! {
        foreign_name: "ماروتو" => "Mārūtū";
        foreign_diphthong: "واين" => "Wayn";
        kurdish_closed_syllable: "شيخموس" => "Shaykhmūs";
        opening_cluster: "مظلوم" => "Maẓlūm";
        ayn_capitalised_after: "عبدي" => "ʻAbdī";
        three_consonants: "أحمد" => "Aḥmad";
        active_participle_shape: "خالد" => "Khālid";
        article_and_long_vowel: "الخطيب" => "al-Khaṭīb";
        ta_marbuta: "فاطمة" => "Fāṭimah";
        alif_maqsura: "موسى" => "Mūsá";
        kurdish_letters: "ڤيان" => "Viyān";
        written_vowels_read: "مُحَمَّد" => "Muḥammad";
        tatweel_ignored: "ماروـتو" => "Mārūtū";
        glide_before_vowel: "جوان" => "Jawān";
    }
}
