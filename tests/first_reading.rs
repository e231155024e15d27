//! The likely sense first: over a set of news-style sentences written for this project
//! (tests/fixtures/first-reading/), the first reading a lookup gives of each marked word must be
//! the expected one (its lemma and part of speech, or entity type) for at least 90% of them.
//! The test prints the accuracy with the sentence cues and in the grammar's order alone. A word
//! inside a multi-word entry the set names (`[in context inside multi-word entry ... (id)]` in
//! its note) may also be read as that entry first: the page highlights the phrase there.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use hamish::glossary::EntryType;
use hamish::normalise::normalise;
use hamish::Glosser;

struct Target {
    sentence: usize,
    word: String,
    occurrence: usize,
    lemma: String,
    pos: String,
    /// The multi-word entry the word stands in, if the set names one.
    phrase: Option<String>,
}

fn targets(dir: &Path) -> (Vec<String>, Vec<Target>) {
    let sentences: Vec<String> = std::fs::read_to_string(dir.join("sentences.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let targets = std::fs::read_to_string(dir.join("first-reading.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Target {
                sentence: f[0].parse().unwrap(),
                word: f[1].to_string(),
                occurrence: f[2].parse().unwrap(),
                lemma: f[3].to_string(),
                pos: f[4].to_string(),
                phrase: f.get(5).and_then(|note| {
                    let tag = note.split("inside multi-word entry").nth(1)?;
                    let id = tag.split('(').nth(1)?.split(')').next()?;
                    Some(id.trim().to_string())
                }),
            }
        })
        .collect();
    (sentences, targets)
}

/// The byte offset of the `occurrence`th whole-word `word` in `sentence`.
fn offset(sentence: &str, word: &str, occurrence: usize) -> usize {
    let is_letter = |c: Option<char>| {
        c.is_some_and(|c| c.is_alphanumeric() || ('\u{064B}'..='\u{0652}').contains(&c))
    };
    sentence
        .match_indices(word)
        .filter(|&(at, _)| {
            !is_letter(sentence[..at].chars().next_back())
                && !is_letter(sentence[at + word.len()..].chars().next())
        })
        .nth(occurrence - 1)
        .unwrap_or_else(|| panic!("{word} ({occurrence}) is not in: {sentence}"))
        .0
}

/// Whether the first of `readings` is the target's lemma and part of speech (or entity type).
fn first_is(glosser: &Glosser, readings: &[hamish::spans::Span], target: &Target) -> bool {
    readings.first().is_some_and(|r| {
        let e = glosser.entry(r.entry);
        let pos = match e.entry_type {
            EntryType::Word => e.pos.map_or("", |p| p.name()),
            other => other.name(),
        };
        (normalise(&e.ar) == normalise(&target.lemma) && pos == target.pos)
            || target.phrase.as_deref() == Some(e.id.as_str())
    })
}

#[test]
fn first_reading_fits_the_sentence() {
    let glosser = Glosser::bundled().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/first-reading");
    let (sentences, targets) = targets(&dir);
    assert!(targets.len() >= 300, "{} targets", targets.len());
    let (mut with_cues, mut grammar_only) = (0, 0);
    let mut misses = Vec::new();
    for t in &targets {
        let sentence = &sentences[t.sentence - 1];
        let at = offset(sentence, &t.word, t.occurrence);
        if first_is(&glosser, &glosser.lookup_in_grammar_order(sentence, at), t) {
            grammar_only += 1;
        }
        let readings = glosser.lookup(sentence, at);
        if first_is(&glosser, &readings, t) {
            with_cues += 1;
        } else {
            let got = readings.first().map_or("nothing".to_string(), |r| {
                let e = glosser.entry(r.entry);
                format!(
                    "{} {}",
                    e.ar,
                    e.pos.map_or(e.entry_type.name(), |p| p.name())
                )
            });
            misses.push(format!(
                "{} {}: expected {} {}, got {got}",
                t.sentence, t.word, t.lemma, t.pos
            ));
        }
    }
    let percent = |n: usize| 100.0 * n as f64 / targets.len() as f64;
    println!(
        "first reading right: {:.1}% with the sentence cues, {:.1}% in the grammar's order ({} targets)",
        percent(with_cues),
        percent(grammar_only),
        targets.len()
    );
    assert!(
        percent(with_cues) >= 90.0,
        "{:.1}% right; misses:\n{}",
        percent(with_cues),
        misses.join("\n")
    );
}
