//! The bundled glossary against news-style texts written for this project
//! (tests/fixtures/coverage/*.txt): every named entity and domain term listed beside each text
//! (`.expect`: surface, canonical Arabic, type) is found, in order, and nothing else is
//! highlighted. Texts 11-30 cover the news of 2024-2026 topic by topic (Syria's transitional
//! state, factions, Suwayda, the north-east, Turkey and the PKK, Iraq's government, factions and
//! Kurdistan, Sinjar, Israel, Russia, Lebanon, Iran, the US, the UN, news agencies, generic
//! terms), second mentions, Kurdish letters and spellings, Latin acronyms and stretched or
//! disguised names. The negative texts (09, 10, 31, 32) expect nothing at all: 31 is made of
//! the words that folding and clitics used to turn into terms (والى، وإلى، بيد، month names).
//! Also: the size and dates of the domain layer, and the coverage of the real reference articles
//! in ../shared, where present.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use hamish::glossary::EntryType;
use hamish::Glosser;

fn highlighted(glosser: &Glosser, text: &str) -> Vec<String> {
    let spans = glosser.gloss_terms(text);
    // The page's path and the full one agree on every highlighted term here.
    let from_full: Vec<_> = glosser
        .gloss(text)
        .into_iter()
        .filter(|s| glosser.entry(s.entry).entry_type != EntryType::Word)
        .map(|s| (s.start, s.end, s.entry))
        .collect();
    let from_terms: Vec<_> = spans.iter().map(|s| (s.start, s.end, s.entry)).collect();
    assert_eq!(from_terms, from_full);
    spans
        .iter()
        .map(|s| {
            let e = glosser.entry(s.entry);
            format!(
                "{}\t{}\t{}",
                &text[s.start.byte..s.end.byte],
                e.ar,
                e.entry_type.name()
            )
        })
        .collect()
}

#[test]
fn sample_texts_find_exactly_their_listed_terms() {
    let glosser = Glosser::bundled().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage");
    let mut texts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    assert!(texts.len() >= 32, "fixture texts are missing");
    let mut failures = Vec::new();
    for path in texts {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = std::fs::read_to_string(path.with_extension("expect"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let found = highlighted(&glosser, &text);
        if found != expected {
            failures.push(format!(
                "{}:\n  expected: {expected:#?}\n  found:    {found:#?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negative_texts_highlight_nothing() {
    let glosser = Glosser::bundled().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage");
    for name in [
        "09-negative-a.txt",
        "10-negative-b.txt",
        "31-negative-folding.txt",
        "32-negative-prose.txt",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(highlighted(&glosser, &text), Vec::<String>::new(), "{name}");
    }
}

/// Nearly every Arabic word of the news-style texts (all but the negative ones, which are
/// cooking and family prose) has a reading: what `hamish report` measures.
#[test]
fn own_news_texts_are_98_percent_covered() {
    let glosser = Glosser::bundled().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coverage");
    let negative = ["09-", "10-", "31-", "32-"];
    let (mut covered, mut total) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".txt") || negative.iter().any(|n| name.starts_with(n)) {
            continue;
        }
        let c = hamish::coverage(&glosser, &std::fs::read_to_string(&path).unwrap());
        covered += c.covered;
        total += c.total;
    }
    assert!(total > 2000, "{total} words");
    let percent = 100.0 * covered as f64 / total as f64;
    println!("own news texts: {covered} of {total} Arabic words covered ({percent:.1}%)");
    assert!(percent >= 98.0, "{percent:.1}% covered");
}

/// The domain layer (every type but general words) is deep enough for the news of 2024-2026, and
/// every entry of it says when its facts were last checked.
#[test]
fn domain_layer_is_deep_and_dated() {
    let glosser = Glosser::bundled().unwrap();
    let domain: Vec<_> = glosser
        .glossary()
        .entries
        .iter()
        .filter(|e| e.entry_type != EntryType::Word)
        .collect();
    assert!(domain.len() >= 6000, "{} domain entries", domain.len());
    let undated: Vec<&str> = domain
        .iter()
        .filter(|e| e.checked.len() != 10)
        .map(|e| e.id.as_str())
        .collect();
    assert!(undated.is_empty(), "without a date: {undated:?}");
    // Second mentions: the people news names again by a short form, the examples first.
    for form in [
        "الشرع",
        "عبدي",
        "الهجري",
        "الأسد",
        "السوداني",
        "البارزاني",
        "الصدر",
        "قنبر",
    ] {
        assert!(
            domain
                .iter()
                .any(|e| e.entry_type == EntryType::Person && e.short.iter().any(|s| s == form)),
            "no person has the short form {form}"
        );
    }
    let people = domain.iter().filter(|e| e.entry_type == EntryType::Person);
    let with_short = people.clone().filter(|e| !e.short.is_empty()).count();
    assert!(
        with_short * 3 >= people.count(),
        "{with_short} people with a short form"
    );
}

/// The five real articles the project studies live outside the repository (../shared). Every
/// one must have at least 90% of its Arabic words covered by the glossary.
#[test]
fn reference_articles_are_at_least_90_percent_covered() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference-articles");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/reference-articles"
        );
        eprintln!("skipped: {} is not here", dir.display());
        return;
    };
    let glosser = Glosser::bundled().unwrap();
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let coverage = hamish::coverage(&glosser, &text);
        assert!(
            coverage.percent() >= 90.0,
            "{}: {:.1}% covered; missing: {:?}",
            path.display(),
            coverage.percent(),
            &coverage.missing[..coverage.missing.len().min(20)]
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}

/// The card calls an abbreviation proper an "abbreviation" and a short name a "short name":
/// every bundled abbreviation is one or the other, as a reader would class it.
#[test]
fn abbreviations_are_told_from_short_names() {
    let glosser = Glosser::bundled().unwrap();
    let glossary = glosser.glossary();
    let short_name = |id: &str| {
        let index = glossary
            .find_id(id)
            .unwrap_or_else(|| panic!("{id} is missing"));
        glossary.entries[index as usize].is_short_name()
    };
    for id in [
        "abbr.qasad",
        "abbr.masad",
        "abbr.daesh",
        "abbr.hamas",
        "abbr.pkk-letters",
    ] {
        assert!(!short_name(id), "{id} is an abbreviation proper");
    }
    for id in [
        "abbr.coalition",
        "abbr.aanes",
        "abbr.general-security",
        "abbr.asayish",
        "abbr.amaq",
        "abbr.isis-k",
    ] {
        assert!(short_name(id), "{id} is a short name");
    }
    let names = glossary
        .entries
        .iter()
        .filter(|e| e.is_short_name())
        .count();
    let proper = glossary
        .entries
        .iter()
        .filter(|e| e.entry_type == EntryType::Abbreviation && !e.is_short_name())
        .count();
    // Most of the abbreviations news uses are short names; the letters are a few dozen.
    assert!(
        names > 100 && (20..60).contains(&proper),
        "{names} short names, {proper} proper"
    );
}
