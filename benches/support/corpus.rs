//! Benchmark inputs, shared by `benches/stages.rs` and `benches/throughput.rs` (kept out of `benches/*.rs` so cargo does not take it for a benchmark): a corpus of any
//! size made from the demo articles, and synthetic glossary entries to scale the glossary up.
//!
//! Everything is deterministic (a fixed-seed generator), so runs compare like with like.

#![allow(dead_code)]

use std::collections::HashSet;
use std::path::Path;

/// A small, fixed-seed pseudo-random generator (xorshift64*): no dependency, same on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The paragraphs of the demo articles in `www/articles/` (titles included), in file order.
pub fn article_paragraphs(root: &Path) -> Vec<String> {
    let dir = root.join("www/articles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut paragraphs = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        paragraphs.extend(
            text.replace("\r\n", "\n")
                .split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        );
    }
    assert!(
        !paragraphs.is_empty(),
        "no demo articles in {}",
        dir.display()
    );
    paragraphs
}

const DIACRITICS: [char; 6] = [
    '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}', '\u{064B}',
];
const PROCLITICS: [&str; 6] = ["و", "ف", "ب", "ل", "وب", "ول"];
const QUOTES: [(&str, &str); 3] = [("«", "»"), ("\"", "\""), ("“", "”")];

fn is_arabic_letter(c: char) -> bool {
    matches!(c, 'ء'..='ي')
}

/// Rewrites one word the ways real news varies it: a clitic added (و، ب، لل before an article),
/// a detached clitic (لـ، و «...»), vowel marks, tatweel, Egyptian final ى, ة written as ه,
/// Persian ی, other quote styles, Eastern Arabic digits. Most words are left as they are.
fn vary_word(word: &str, rng: &mut Rng, out: &mut String) {
    let arabic = word.chars().next().is_some_and(is_arabic_letter)
        && word
            .chars()
            .all(|c| is_arabic_letter(c) || ('\u{064B}'..='\u{0652}').contains(&c));
    if !arabic {
        if word.chars().any(|c| c.is_ascii_digit()) && rng.chance(50) {
            out.extend(word.chars().map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
                _ => c,
            }));
        } else {
            out.push_str(word);
        }
        return;
    }
    let roll = rng.below(100);
    let mut word = word.to_string();
    match roll {
        0..=5 => {
            if let Some(rest) = word.strip_prefix("ال") {
                word = format!("{}{rest}", rng.pick(&["لل", "بال", "وال", "فال"]));
            } else {
                word = format!("{}{word}", rng.pick(&PROCLITICS));
            }
        }
        6..=7 => {
            let (open, close) = *rng.pick(&QUOTES);
            word = format!("{}{open}{word}{close}", rng.pick(&["لـ", "و ", "بـ"]));
        }
        8..=10 => {
            let mut voweled = String::with_capacity(word.len() * 2);
            for c in word.chars() {
                voweled.push(c);
                if rng.chance(40) {
                    voweled.push(*rng.pick(&DIACRITICS));
                }
            }
            word = voweled;
        }
        11 => {
            let mid = word.char_indices().nth(1).map_or(word.len(), |(i, _)| i);
            word.insert(mid, 'ـ');
        }
        12..=13 => {
            if let Some(stem) = word.strip_suffix('ي') {
                word = format!("{stem}ى");
            } else if let Some(stem) = word.strip_suffix('ة') {
                word = format!("{stem}ه");
            }
        }
        14 => word = word.replace('ي', "ی"),
        _ => {}
    }
    out.push_str(&word);
}

/// A corpus of at least `bytes` bytes of UTF-8: the demo articles' paragraphs, shuffled, each copy
/// varied word by word (see [`vary_word`]), one paragraph per line.
pub fn corpus(paragraphs: &[String], bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 8192);
    let mut order: Vec<usize> = (0..paragraphs.len()).collect();
    while out.len() < bytes {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &p in &order {
            for (n, word) in paragraphs[p].split(' ').enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                vary_word(word, &mut rng, &mut out);
            }
            out.push('\n');
            if out.len() >= bytes {
                break;
            }
        }
    }
    out
}

/// The bundled glossary's sources (`glossary/*.tsv`): (file name, text).
pub fn glossary_sources(root: &Path) -> Vec<(String, String)> {
    let dir = root.join("glossary");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), text)
        })
        .collect()
}

/// Letters synthetic names are made of, weighted roughly as in Arabic text.
const LETTERS: &str = "اااالللليييممموووننهرررتتبببعدسفقكحجشصطزخذثغضظءئ";

const ORG_HEADS: [&str; 10] = [
    "مجلس",
    "لواء",
    "حركة",
    "جبهة",
    "كتائب",
    "هيئة",
    "تجمع",
    "فرقة",
    "جيش",
    "رابطة",
];
const PLACE_HEADS: [&str; 6] = ["قرية", "بلدة", "مخيم", "ناحية", "حي", "سد"];

fn synthetic_word(rng: &mut Rng, letters: &[char]) -> String {
    let len = 3 + rng.below(5);
    (0..len).map(|_| *rng.pick(letters)).collect()
}

/// A glossary source (TSV, with header) of `count` synthetic entries: organisations, places,
/// people and general words made of plausible Arabic letter strings, every form unique and
/// distinct from the forms in `taken` (normalised stream text of the bundled glossary's forms).
pub fn synthetic_glossary(count: usize, seed: u64, taken: &HashSet<String>) -> String {
    let letters: Vec<char> = LETTERS.chars().collect();
    let mut rng = Rng::new(seed);
    let mut seen: HashSet<String> = HashSet::with_capacity(count * 2);
    let mut out = String::with_capacity(count * 96);
    out.push_str(hamish::glossary::source::HEADER);
    out.push('\n');
    let mut made = 0;
    while made < count {
        let kind = rng.below(10);
        let name = synthetic_word(&mut rng, &letters);
        let (ar, entry_type, pos, alias) = match kind {
            0..=2 => {
                let other = synthetic_word(&mut rng, &letters);
                let head = *rng.pick(&ORG_HEADS);
                (
                    format!("{head} {name} {other}"),
                    "organisation",
                    "",
                    format!("{head} ال{name}"),
                )
            }
            3..=4 => (
                format!("{} {name}", rng.pick(&PLACE_HEADS)),
                "place",
                "",
                format!("ال{name}"),
            ),
            5..=6 => {
                let other = synthetic_word(&mut rng, &letters);
                (format!("{name} {other}"), "person", "", String::new())
            }
            _ => (format!("{name}ة"), "word", "noun", String::new()),
        };
        let forms: Vec<&str> = std::iter::once(ar.as_str())
            .chain((!alias.is_empty()).then_some(alias.as_str()))
            .collect();
        let normalised: Vec<String> = forms
            .iter()
            .map(|f| hamish::segment::Stream::build(f).text)
            .collect();
        if normalised
            .iter()
            .any(|n| taken.contains(n) || seen.contains(n))
            || normalised.len() == 2 && normalised[0] == normalised[1]
        {
            continue;
        }
        seen.extend(normalised);
        out.push_str(&format!(
            "synth.{made}\t{ar}\t\t{entry_type}\tsynthetic {made}\tsynthetic\t{alias}\t\t\t\t{pos}\t\t\t2026-12-06\n"
        ));
        made += 1;
    }
    out
}

/// The normalised forms of every entry in `sources`, to keep synthetic forms apart from them.
pub fn taken_forms(glosser: &hamish::Glosser) -> HashSet<String> {
    glosser
        .glossary()
        .entries
        .iter()
        .flat_map(|e| {
            e.forms()
                .map(|f| hamish::segment::Stream::build(f).text)
                .collect::<Vec<_>>()
        })
        .collect()
}
