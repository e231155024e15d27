//! Reading and validating glossary sources: tab-separated files, one entry per line.
//!
//! The format is documented in `glossary/README.md`. Every problem is reported as
//! `file:line: reason`, and all problems of a set of files are reported together.

use std::collections::HashMap;

use super::{Entry, EntryType, Pos};
use crate::error::{Error, Result};
use crate::segment::Stream;

/// The header line every source file starts with.
pub const HEADER: &str =
    "id\tar\tvoc\ttype\ten\ttr\taliases\tshort\texpands\trefers\tpos\tshares\tnotes\tchecked";

/// The header of the first format, without `short` and `checked`: still read, so that a reader's
/// glossary exported before those columns existed imports as it is.
pub const LEGACY_HEADER: &str =
    "id\tar\tvoc\ttype\ten\ttr\taliases\texpands\trefers\tpos\tshares\tnotes";

const COLUMNS: usize = 14;
const LEGACY_COLUMNS: usize = 12;
/// The columns in [`HEADER`] order.
const NAMES: [&str; COLUMNS] = [
    "id", "ar", "voc", "type", "en", "tr", "aliases", "short", "expands", "refers", "pos",
    "shares", "notes", "checked",
];
const MAX_GLOSS_CHARS: usize = 300;
const MAX_NOTES_CHARS: usize = 1200;
const MAX_FORM_CHARS: usize = 200;

/// An entry read from a source file, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceEntry {
    /// The entry itself.
    pub entry: Entry,
    /// Ids this entry knowingly shares a normalised form with.
    pub shares: Vec<String>,
    /// File name as given to [`parse`].
    pub file: String,
    /// 1-based line number.
    pub line: usize,
}

impl SourceEntry {
    fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// Parses one source file. `user` marks the entries as the reader's own.
///
/// Lines starting with `#` and blank lines are skipped. Every malformed line is reported.
///
/// ```
/// use hamish::glossary::source::{parse, HEADER};
/// let text = format!("{HEADER}\nabbr.qasad\tقسد\t\tabbreviation\tSDF\tQasad\t\t\tقوات سوريا الديمقراطية\torg.sdf\t\t\t\t2026-12-06\n");
/// let entries = parse("abbreviations.tsv", &text, false).unwrap();
/// assert_eq!(entries[0].entry.ar, "قسد");
///
/// let err = parse("bad.tsv", &format!("{HEADER}\nx\tقسد\n"), false).unwrap_err();
/// assert_eq!(err.to_string(), "bad.tsv:2: expected 14 tab-separated fields, found 2");
/// ```
pub fn parse(file: &str, text: &str, user: bool) -> Result<Vec<SourceEntry>> {
    let (entries, problems) = parse_lenient(file, text, user);
    match Error::from_messages(problems) {
        Some(error) => Err(error),
        None => Ok(entries),
    }
}

/// Like [`parse`], but returns the well-formed entries together with the problems of the
/// others, so that checks across entries can still run and every problem is reported at once.
pub fn parse_lenient(file: &str, text: &str, user: bool) -> (Vec<SourceEntry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut columns = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let raw = if line == 1 {
            raw.strip_prefix('\u{FEFF}').unwrap_or(raw)
        } else {
            raw
        };
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let Some(columns) = columns else {
            columns = match raw {
                HEADER => Some(COLUMNS),
                LEGACY_HEADER => Some(LEGACY_COLUMNS),
                _ => {
                    problems.push(format!(
                        "{file}:{line}: the first line must be the header `{}`",
                        HEADER.replace('\t', "<TAB>")
                    ));
                    break;
                }
            };
            continue;
        };
        match parse_line(raw, columns, user) {
            Ok((entry, shares)) => entries.push(SourceEntry {
                entry,
                shares,
                file: file.to_string(),
                line,
            }),
            Err(reason) => problems.push(format!("{file}:{line}: {reason}")),
        }
    }
    if columns.is_none() && problems.is_empty() {
        problems.push(format!("{file}:1: empty file: no header line"));
    }
    (entries, problems)
}

/// Parses one entry line of a file with `columns` columns ([`HEADER`] or [`LEGACY_HEADER`]).
fn parse_line(
    raw: &str,
    columns: usize,
    user: bool,
) -> std::result::Result<(Entry, Vec<String>), String> {
    let mut fields: Vec<&str> = raw.split('\t').collect();
    if fields.len() != columns {
        return Err(format!(
            "expected {columns} tab-separated fields, found {}",
            fields.len()
        ));
    }
    if columns == LEGACY_COLUMNS {
        fields.insert(7, "");
        fields.push("");
    }
    for (name, value) in NAMES.iter().zip(&fields) {
        check_plain_text(name, value)?;
    }
    let [id, ar, voc, type_name, en, tr, aliases, short, expands, refers, pos, shares, notes, checked] =
        fields[..]
    else {
        return Err("internal: field count".into());
    };
    let required = [
        ("id", id),
        ("ar", ar),
        ("type", type_name),
        ("en", en),
        ("tr", tr),
    ];
    if let Some((name, _)) = required.iter().find(|(_, v)| v.trim().is_empty()) {
        return Err(format!("missing required field `{name}`"));
    }
    if !is_valid_id(id) {
        return Err(format!(
            "invalid id `{id}`: use lower-case ASCII letters, digits, `.`, `_` and `-`"
        ));
    }
    let entry_type = EntryType::from_name(type_name).ok_or_else(|| {
        format!(
            "unknown type `{type_name}`: expected one of {}",
            EntryType::ALL.map(EntryType::name).join(", ")
        )
    })?;
    let pos = match pos.trim() {
        "" if entry_type == EntryType::Word => {
            return Err("a `word` entry needs a part of speech in `pos`".into())
        }
        "" => None,
        name => Some(Pos::from_name(name).ok_or_else(|| {
            format!("unknown part of speech `{name}`: expected noun, adj, verb, adv, prep, conj, pron, part, num, interj or name")
        })?),
    };
    if entry_type == EntryType::Abbreviation
        && (expands.trim().is_empty() || refers.trim().is_empty())
    {
        return Err("an abbreviation needs `expands` (its Arabic expansion) and `refers` (the id it stands for)".into());
    }
    if en.chars().count() > MAX_GLOSS_CHARS {
        return Err(format!(
            "the gloss `en` is longer than {MAX_GLOSS_CHARS} characters"
        ));
    }
    if notes.chars().count() > MAX_NOTES_CHARS {
        return Err(format!(
            "`notes` is longer than {MAX_NOTES_CHARS} characters"
        ));
    }
    let aliases = split_list(aliases);
    for form in std::iter::once(ar).chain(aliases.iter().map(String::as_str)) {
        check_form(form)?;
    }
    let short = split_list(short);
    if !short.is_empty() && matches!(entry_type, EntryType::Term | EntryType::Word) {
        return Err("`short` forms are for names (organisations, people, places, abbreviations, events), not for terms or words".into());
    }
    for form in &short {
        check_form(form)?;
        let normalised = Stream::build(form).text;
        let full = std::iter::once(ar).chain(aliases.iter().map(String::as_str));
        if full.map(|f| Stream::build(f).text).any(|f| f == normalised) {
            return Err(format!(
                "the `short` form `{form}` is already a full form of this entry (`ar` or `aliases`)"
            ));
        }
    }
    let checked = checked.trim();
    if checked.is_empty() {
        if !user && entry_type != EntryType::Word {
            return Err(
                "missing `checked`: the date (YYYY-MM-DD) this entry's facts were last checked"
                    .into(),
            );
        }
    } else if !is_valid_date(checked) {
        return Err(format!(
            "`checked` must be a date written YYYY-MM-DD, not `{checked}`"
        ));
    }
    if !voc.trim().is_empty() {
        check_form(voc)?;
        let (voc_n, ar_n) = (Stream::build(voc).text, Stream::build(ar).text);
        if voc_n != ar_n {
            return Err(format!(
                "`voc` {voc} does not match `ar` {ar} once vowels are removed ({voc_n} vs {ar_n})"
            ));
        }
    }
    let entry = Entry {
        id: id.to_string(),
        ar: ar.trim().to_string(),
        voc: voc.trim().to_string(),
        entry_type,
        en: en.trim().to_string(),
        tr: tr.trim().to_string(),
        aliases,
        short,
        expands: expands.trim().to_string(),
        refers: refers.trim().to_string(),
        pos,
        notes: notes.trim().to_string(),
        checked: checked.to_string(),
        user,
    };
    Ok((entry, split_list(shares)))
}

/// Rejects markup and control characters, which must never reach the page as HTML.
fn check_plain_text(name: &str, value: &str) -> std::result::Result<(), String> {
    if let Some(c) = value.chars().find(|&c| c == '<' || c == '>') {
        return Err(format!(
            "`{name}` contains `{c}`: HTML is not allowed in glossary text"
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return Err(format!(
            "`{name}` contains the control character U+{:04X}",
            u32::from(c)
        ));
    }
    Ok(())
}

fn check_form(form: &str) -> std::result::Result<(), String> {
    if form.chars().count() > MAX_FORM_CHARS {
        return Err(format!(
            "the form `{form}` is longer than {MAX_FORM_CHARS} characters"
        ));
    }
    let stream = Stream::build(form);
    if stream.words.is_empty() {
        return Err(format!("the form `{form}` has no letters"));
    }
    if stream.text.contains('\n') {
        return Err(format!(
            "the form `{form}` contains punctuation that text never matches across; write it without"
        ));
    }
    Ok(())
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `text` is a calendar date written `YYYY-MM-DD` (years 1900 to 2099).
fn is_valid_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && (1900..2100).contains(&year)
        && (1..=days).contains(&day)
}

fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z' | '0'..='9'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '.' | '_' | '-'))
}

/// Checks a whole set of entries together: unique ids, abbreviations pointing at existing
/// entries, and no form shared by two entries unless declared in `shares`.
///
/// ```
/// use hamish::glossary::source::{parse, validate, HEADER};
/// let text = format!("{HEADER}\na\tسوريا\t\tplace\tSyria\tSūriyā\t\t\t\t\t\t\t\t2026-12-06\nb\tسورية\t\tplace\tSyria\tSūriyah\t\t\t\t\t\t\t\t2026-12-06\n");
/// let entries = parse("places.tsv", &text, false).unwrap();
/// // سورية and سوريا differ in letters, so they do not collide
/// assert!(validate(&entries).is_ok());
/// ```
pub fn validate(entries: &[SourceEntry]) -> Result<()> {
    validate_with(entries, &[])
}

/// Like [`validate`], for entries added on top of `existing` ones (a reader's own glossary over
/// the bundled one): ids must be new, `refers` and `shares` may name existing entries, and
/// forms may repeat existing forms, since the reader's entry is meant to win.
pub fn validate_with(entries: &[SourceEntry], existing: &[Entry]) -> Result<()> {
    let mut problems = Vec::new();
    let existing_ids: HashMap<&str, ()> = existing.iter().map(|e| (e.id.as_str(), ())).collect();
    let mut ids: HashMap<&str, &SourceEntry> = HashMap::new();
    for e in entries {
        if existing_ids.contains_key(e.entry.id.as_str()) {
            problems.push(format!(
                "{}: id `{}` is already used by the bundled glossary",
                e.place(),
                e.entry.id
            ));
        }
        if let Some(first) = ids.insert(e.entry.id.as_str(), e) {
            problems.push(format!(
                "{}: duplicate id `{}` (first defined at {})",
                e.place(),
                e.entry.id,
                first.place()
            ));
        }
    }
    for e in entries {
        for (field, target) in std::iter::once(("refers", &e.entry.refers))
            .filter(|(_, t)| !t.is_empty())
            .chain(e.shares.iter().map(|s| ("shares", s)))
        {
            if !ids.contains_key(target.as_str()) && !existing_ids.contains_key(target.as_str()) {
                problems.push(format!(
                    "{}: `{field}` names `{target}`, which is not an entry",
                    e.place()
                ));
            }
        }
    }
    // The general vocabulary is a layer of its own: a word may share a form with a domain entry
    // (قصف "shelling" the term, قصف the everyday noun); the domain entry is highlighted and the
    // word offered beside it. Within a layer, a shared form must be declared.
    let mut owners: HashMap<(bool, String), usize> = HashMap::new();
    for (index, e) in entries.iter().enumerate() {
        let layer = e.entry.entry_type == EntryType::Word;
        let mut own_forms: Vec<String> = e.entry.forms().map(|f| Stream::build(f).text).collect();
        own_forms.sort();
        own_forms.dedup();
        for form in own_forms {
            match owners.get(&(layer, form.clone())) {
                Some(&other) => {
                    let o = &entries[other];
                    let declared = e.shares.contains(&o.entry.id) || o.shares.contains(&e.entry.id);
                    if !declared {
                        problems.push(format!(
                            "{}: form `{form}` of `{}` is also a form of `{}` ({}); declare it in `shares` if both are meant",
                            e.place(),
                            e.entry.id,
                            o.entry.id,
                            o.place()
                        ));
                    }
                }
                None => {
                    owners.insert((layer, form), index);
                }
            }
        }
    }
    match Error::from_messages(problems) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: [&str; 14]) -> String {
        format!("{HEADER}\n{}\n", fields.join("\t"))
    }

    const GOOD: [&str; 14] = [
        "place.raqqa",
        "الرقة",
        "الرَّقَّة",
        "place",
        "Raqqa",
        "al-Raqqah",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "2026-12-06",
    ];

    fn with(index: usize, value: &'static str) -> [&'static str; 14] {
        let mut fields = GOOD;
        fields[index] = value;
        fields
    }

    macro_rules! rejects {
        ($($name:ident: $fields:expr => $reason:expr;)*) => {$(
            #[test]
            fn $name() {
                let err = parse("g.tsv", &line($fields), false).unwrap_err().to_string();
                assert!(err.starts_with("g.tsv:2: "), "{err}");
                assert!(err.contains($reason), "{err}");
            }
        )*};
    }

    rejects! {
        missing_gloss: with(4, "") => "missing required field `en`";
        unknown_type: with(3, "city") => "unknown type `city`";
        bad_id: with(0, "Place Raqqa") => "invalid id";
        html_in_gloss: with(4, "<b>Raqqa</b>") => "HTML is not allowed";
        control_in_notes: with(12, "a\u{7}b") => "control character U+0007";
        bidi_override: with(4, "Raqqa\u{202E}") => "control character U+202E";
        voc_mismatch: with(2, "الرَّقْمُ") => "does not match";
        word_without_pos: with(3, "word") => "needs a part of speech";
        unknown_pos: with(10, "noun-ish") => "unknown part of speech";
        abbreviation_without_target: with(3, "abbreviation") => "needs `expands`";
        punctuation_in_form: with(6, "الرقة، المدينة") => "contains punctuation";
        form_without_letters: with(6, "\"\"") => "has no letters";
        domain_entry_without_date: with(13, "") => "missing `checked`";
        date_not_iso: with(13, "06/12/2026") => "must be a date written YYYY-MM-DD";
        date_not_a_day: with(13, "2026-02-30") => "must be a date written YYYY-MM-DD";
        short_form_repeats_a_full_form: with(7, "الرقه") => "already a full form of this entry";
        short_form_with_punctuation: with(7, "الرقة، المدينة") => "contains punctuation";
    }

    #[test]
    fn short_forms_are_for_names() {
        let mut term = with(3, "term");
        term[7] = "رقة";
        let err = parse("g.tsv", &line(term), false).unwrap_err().to_string();
        assert!(err.contains("`short` forms are for names"), "{err}");
        let place = with(7, "رقة");
        assert_eq!(
            parse("g.tsv", &line(place), false).unwrap()[0].entry.short,
            ["رقة"]
        );
    }

    #[test]
    fn a_readers_own_entry_needs_no_date() {
        let undated = line(with(13, ""));
        assert!(parse("mine.tsv", &undated, true).is_ok());
    }

    #[test]
    fn legacy_twelve_column_files_still_read() {
        let text = format!(
            "{LEGACY_HEADER}\nuser.x\tالرقة\t\tplace\tRaqqa\tal-Raqqah\tرقة\t\t\t\t\tnote\n"
        );
        let entry = &parse("old.tsv", &text, true).unwrap()[0].entry;
        assert_eq!(
            (entry.aliases.as_slice(), entry.notes.as_str()),
            (&["رقة".to_string()][..], "note")
        );
        assert!(entry.short.is_empty() && entry.checked.is_empty());
        let err = parse(
            "old.tsv",
            &format!("{LEGACY_HEADER}\nuser.x\tالرقة\n"),
            true,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "old.tsv:2: expected 12 tab-separated fields, found 2"
        );
    }

    #[test]
    fn dates() {
        for good in ["2026-12-06", "2024-02-29", "1999-12-31"] {
            assert!(is_valid_date(good), "{good}");
        }
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-01",
            "2026-01-001",
            "２０２６-01-01",
            "",
            "2026/01/01",
        ] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn wrong_field_count() {
        let err = parse("g.tsv", &format!("{HEADER}\na\tb\tc\n"), false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.tsv:2: expected 14 tab-separated fields, found 3"
        );
    }

    #[test]
    fn wrong_header() {
        let err = parse("g.tsv", "id\tar\n", false).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("g.tsv:1: the first line must be the header"));
    }

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_counted() {
        let text = format!("# places\n{HEADER}\n\n# north-east\n{}\n", GOOD.join("\t"));
        let entries = parse("g.tsv", &text, false).unwrap();
        assert_eq!(entries[0].line, 5);
    }

    #[test]
    fn reports_every_bad_line() {
        let text = format!(
            "{HEADER}\n{}\nx\n{}\n",
            with(4, "").join("\t"),
            with(3, "zz").join("\t")
        );
        let err = parse("g.tsv", &text, false).unwrap_err();
        assert_eq!(err.messages().len(), 3);
    }

    fn entries(rows: &[[&str; 14]]) -> Vec<SourceEntry> {
        let text = std::iter::once(HEADER.to_string())
            .chain(rows.iter().map(|r| r.join("\t")))
            .collect::<Vec<_>>()
            .join("\n");
        parse("g.tsv", &text, false).unwrap()
    }

    #[test]
    fn duplicate_ids() {
        let mut other = with(1, "الطبقة");
        other[2] = "";
        let err = validate(&entries(&[GOOD, other])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.tsv:3: duplicate id `place.raqqa` (first defined at g.tsv:2)"
        );
    }

    #[test]
    fn colliding_forms_after_normalisation() {
        let mut other = with(0, "place.raqqa-2");
        other[1] = "الرقه";
        other[2] = "";
        let err = validate(&entries(&[GOOD, other])).unwrap_err();
        assert!(
            err.to_string()
                .contains("form `الرقه` of `place.raqqa-2` is also a form of `place.raqqa`"),
            "{err}"
        );
    }

    #[test]
    fn declared_collisions_are_allowed() {
        let mut other = with(0, "place.raqqa-2");
        other[1] = "الرقه";
        other[2] = "";
        other[11] = "place.raqqa";
        assert!(validate(&entries(&[GOOD, other])).is_ok());
    }

    #[test]
    fn abbreviation_pointing_nowhere() {
        let abbr = [
            "abbr.x",
            "قسد",
            "",
            "abbreviation",
            "SDF",
            "Qasad",
            "",
            "",
            "قوات سوريا الديمقراطية",
            "org.sdf",
            "",
            "",
            "",
            "2026-12-06",
        ];
        let err = validate(&entries(&[abbr])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.tsv:2: `refers` names `org.sdf`, which is not an entry"
        );
    }

    #[test]
    fn shares_pointing_nowhere() {
        let err = validate(&entries(&[with(11, "place.nowhere")])).unwrap_err();
        assert!(err.to_string().contains("`shares` names `place.nowhere`"));
    }
}
