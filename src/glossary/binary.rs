//! The compiled glossary artefacts: byte strings the core loads natively and in WebAssembly.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! glossary  "HAMISHGL"  format version u32  normaliser version u32  payload length u32  checksum u32
//!   payload   entries: count u32, text columns (id ar voc en tr aliases short expands refers
//!                      checked), code columns (type pos user: one byte per entry)
//!             notes: u8 1 and the notes column, or u8 0 (they are in a notes artefact)
//!             pattern groups: count u32, patterns column, target counts (u32 per group),
//!                      targets' entries (u32 each), kinds (u8), flags (u8), yield masks (u32,
//!                      one per target whose flags say it has one)
//!             highlights automaton: length u32, bytes (length 0: built at load)
//! notes     "HAMISHNT"  format version u32  entries key u32  payload length u32  checksum u32
//!   payload   count u32, notes column
//! ```
//!
//! A text column holds one record per entry (per pattern group), each ended by a line feed; a
//! list's items are joined by `|`. Glossary sources are TSV, so no field holds a line feed and
//! no list item a `|`. `voc` is stored as its vowel marks around placeholders for the letters
//! of `ar` (see [`encode_voc`]). Columns rather than one record after another because a field's
//! values side by side compress far better: brotli makes 0.88 MB of the bundled glossary this
//! way and 1.03 MB of the same fields entry by entry.
//!
//! A reader rejects an artefact written by another format or normaliser version (a stale build),
//! a checksum mismatch (a damaged download), and any index or string that does not check out.
//! The highlights automaton, all the page needs to gloss, can be stored ready to use and loaded
//! through daachorse's validating deserialiser ([`write`]), or left out and built at load
//! ([`write_served`]: half the bytes). The automaton over every pattern is never stored (only
//! looking up a word needs it): [`Glossary::automaton`] builds it on first use.
//!
//! The notes, about a third of the glossary's compressed bytes and read one card at a time, can
//! travel in an artefact of their own ([`write_served`]), which [`read_notes`] adds to the
//! glossary later: the reader page glosses its first article without waiting for them. The
//! notes artefact names its glossary by the checksum of the entries section (the same whether
//! or not the automaton or the notes are stored), so notes never land on other entries.

use super::{
    Automaton, Entry, EntryType, Glossary, NotesPending, PatternGroup, PatternKind, PatternTarget,
    Pos,
};
use crate::error::{Error, Result};
use crate::normalise::NORMALISER_VERSION;

const MAGIC: &[u8; 8] = b"HAMISHGL";
const NOTES_MAGIC: &[u8; 8] = b"HAMISHNT";
/// Version of the artefact layout; bump on any change to what is written.
pub const FORMAT_VERSION: u32 = 6;
/// A pattern target's flags byte.
const SHORT_BIT: u8 = 0x80;
const SPELLED_BIT: u8 = 0x40;
const FUNCTION_WORD_BIT: u8 = 0x20;
const ORDINARY_BIT: u8 = 0x10;
/// The target's [`PatternTarget::yields_to_word`] mask is in the yield masks column.
const YIELDS_BIT: u8 = 0x08;
const TA_MARBUTA_BIT: u8 = 0x04;
const HAMZA_ALIF_LAM_BIT: u8 = 0x02;
const INFLECTED_BIT: u8 = 0x01;
const HEADER_LEN: usize = 8 + 4 * 4;
/// Ends each record of a text column.
const RECORD_END: char = '\n';
/// Joins the items of a list field.
const ITEM_JOINER: char = '|';
/// In an encoded `voc`, stands for the next letter of `ar`.
const LETTER_OF_AR: char = '\u{1}';
/// Starts a `voc` stored as written (it holds [`LETTER_OF_AR`] itself).
const VOC_AS_WRITTEN: char = '\u{2}';

/// Serialises a glossary to the artefact format, its highlights automaton and notes included.
///
/// ```
/// use hamish::glossary::{binary, compile::compile_sources, source::HEADER};
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\t\t2026-12-06\n");
/// let glossary = compile_sources(&[("places.tsv", tsv.as_str())], false).unwrap();
/// let bytes = binary::write(&glossary);
/// let loaded = binary::read(&bytes).unwrap();
/// assert_eq!(loaded.entries, glossary.entries);
/// ```
pub fn write(glossary: &Glossary) -> Vec<u8> {
    write_with(glossary, true, true)
}

/// Serialises a glossary without its highlights automaton, which [`read`] then builds from the
/// patterns: a smaller artefact for a slower load.
///
/// ```
/// use hamish::glossary::{binary, compile::compile_sources, source::HEADER};
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\t\t2026-12-06\n");
/// let glossary = compile_sources(&[("places.tsv", tsv.as_str())], false).unwrap();
/// let lean = binary::write_without_automaton(&glossary);
/// assert!(lean.len() < binary::write(&glossary).len());
/// assert_eq!(binary::write(&binary::read(&lean).unwrap()), binary::write(&glossary));
/// ```
pub fn write_without_automaton(glossary: &Glossary) -> Vec<u8> {
    write_with(glossary, false, true)
}

/// What the reader page is served: the glossary without its highlights automaton or its notes,
/// and the notes in an artefact of their own, for [`read_notes`] once the first text is glossed.
///
/// ```
/// use hamish::glossary::{binary, compile::compile_sources, source::HEADER};
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\tCity on the Euphrates.\t2026-12-06\n");
/// let glossary = compile_sources(&[("places.tsv", tsv.as_str())], false).unwrap();
/// let (served, notes) = binary::write_served(&glossary);
/// let mut loaded = binary::read(&served).unwrap();
/// assert_eq!(loaded.entries[0].notes, "");
/// binary::read_notes(&mut loaded, &notes).unwrap();
/// assert_eq!(loaded.entries, glossary.entries);
/// ```
pub fn write_served(glossary: &Glossary) -> (Vec<u8>, Vec<u8>) {
    let served = write_with(glossary, false, false);
    let mut notes = Writer::default();
    notes.u32(glossary.entries.len() as u32);
    notes.column(glossary.entries.iter().map(|e| e.notes.as_str()));
    let key = entries_key(glossary);
    (served, framed(NOTES_MAGIC, key, notes.bytes))
}

fn write_with(glossary: &Glossary, automaton: bool, notes: bool) -> Vec<u8> {
    let mut payload = Writer::default();
    write_entries(&mut payload, &glossary.entries);
    // A glossary still waiting for its notes cannot store them: it says they are elsewhere.
    if notes && glossary.notes_pending.is_none() {
        payload.u8(1);
        payload.column(glossary.entries.iter().map(|e| e.notes.as_str()));
    } else {
        payload.u8(0);
    }
    write_groups(&mut payload, &glossary.groups);
    let highlights = if automaton {
        glossary.highlights.serialize()
    } else {
        Vec::new()
    };
    payload.u32(highlights.len() as u32);
    payload.bytes.extend_from_slice(&highlights);
    framed(MAGIC, NORMALISER_VERSION, payload.bytes)
}

/// The entries section, without notes: what the notes artefact's key is the checksum of.
fn write_entries(payload: &mut Writer, entries: &[Entry]) {
    payload.u32(entries.len() as u32);
    payload.column(entries.iter().map(|e| e.id.as_str()));
    payload.column(entries.iter().map(|e| e.ar.as_str()));
    payload.column(entries.iter().map(|e| encode_voc(&e.ar, &e.voc)));
    payload.column(entries.iter().map(|e| e.en.as_str()));
    payload.column(entries.iter().map(|e| e.tr.as_str()));
    payload.column(entries.iter().map(|e| join_items(&e.aliases)));
    payload.column(entries.iter().map(|e| join_items(&e.short)));
    payload.column(entries.iter().map(|e| e.expands.as_str()));
    payload.column(entries.iter().map(|e| e.refers.as_str()));
    payload.column(entries.iter().map(|e| e.checked.as_str()));
    for e in entries {
        payload.u8(e.entry_type.code());
    }
    for e in entries {
        payload.u8(e.pos.map_or(0, Pos::code));
    }
    for e in entries {
        payload.u8(u8::from(e.user));
    }
}

fn write_groups(payload: &mut Writer, groups: &[PatternGroup]) {
    payload.u32(groups.len() as u32);
    payload.column(groups.iter().map(|g| g.pattern.as_str()));
    for g in groups {
        payload.u32(g.targets.len() as u32);
    }
    let targets = || groups.iter().flat_map(|g| &g.targets);
    for t in targets() {
        payload.u32(t.entry);
    }
    for t in targets() {
        payload.u8(t.kind.code());
    }
    for t in targets() {
        let flags = [
            (t.short, SHORT_BIT),
            (t.spelled, SPELLED_BIT),
            (t.function_word, FUNCTION_WORD_BIT),
            (t.ordinary, ORDINARY_BIT),
            (t.yields_to_word != 0, YIELDS_BIT),
            (t.ta_marbuta, TA_MARBUTA_BIT),
            (t.hamza_alif_lam, HAMZA_ALIF_LAM_BIT),
            (t.inflected, INFLECTED_BIT),
        ];
        payload.u8(flags
            .iter()
            .filter(|(set, _)| *set)
            .fold(0, |code, (_, bit)| code | bit));
    }
    for t in targets().filter(|t| t.yields_to_word != 0) {
        payload.u32(t.yields_to_word);
    }
}

/// `magic`, the format version, `version_or_key`, the payload's length and checksum, the payload.
fn framed(magic: &[u8; 8], version_or_key: u32, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&version_or_key.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The key a notes artefact names its glossary by: the checksum of the entries section.
fn entries_key(glossary: &Glossary) -> u32 {
    if let Some(pending) = glossary.notes_pending {
        return pending.key;
    }
    let mut section = Writer::default();
    write_entries(&mut section, &glossary.entries);
    checksum(&section.bytes)
}

fn join_items(items: &[String]) -> String {
    debug_assert!(items
        .iter()
        .all(|i| !i.is_empty() && !i.contains(ITEM_JOINER)));
    items.join(&ITEM_JOINER.to_string())
}

/// `voc` as its marks with [`LETTER_OF_AR`] for each letter it shares with `ar`, in order: the
/// letters are stored once, in `ar` (الرَّقَّة over الرقة is 1 1 1 ّ َ 1 ّ َ 1). A `voc` whose
/// letters are not `ar`'s is stored as written.
fn encode_voc(ar: &str, voc: &str) -> String {
    if voc.is_empty() {
        return String::new();
    }
    if voc.contains(LETTER_OF_AR) || voc.starts_with(VOC_AS_WRITTEN) {
        return format!("{VOC_AS_WRITTEN}{voc}");
    }
    let mut letters = ar.chars().peekable();
    let encoded: String = voc
        .chars()
        .map(|c| {
            if letters.peek() == Some(&c) {
                letters.next();
                LETTER_OF_AR
            } else {
                c
            }
        })
        .collect();
    if letters.next().is_none() && !ar.is_empty() {
        encoded
    } else {
        voc.to_string()
    }
}

/// The inverse of [`encode_voc`]; `None` when `stored` asks for letters `ar` does not have.
fn decode_voc(ar: &str, stored: &str) -> Option<String> {
    if let Some(as_written) = stored.strip_prefix(VOC_AS_WRITTEN) {
        return Some(as_written.to_string());
    }
    if !stored.contains(LETTER_OF_AR) {
        return Some(stored.to_string());
    }
    let mut letters = ar.chars();
    // The placeholders stand for `ar`'s letters, the rest are the marks: one allocation.
    let mut voc = String::with_capacity(ar.len() + stored.len());
    for c in stored.chars() {
        voc.push(if c == LETTER_OF_AR {
            letters.next()?
        } else {
            c
        });
    }
    letters.next().is_none().then_some(voc)
}

/// Loads a glossary from artefact bytes, checking version, checksum and every index.
///
/// ```
/// use hamish::glossary::binary;
/// let err = binary::read(b"not a glossary").unwrap_err();
/// assert_eq!(err.to_string(), "not a hamish glossary artefact (bad magic bytes)");
/// ```
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    let (normaliser, payload) = unframe(MAGIC, "glossary", bytes)?;
    if normaliser != NORMALISER_VERSION {
        return Err(Error::new(format!(
            "stale glossary artefact: format {FORMAT_VERSION}, normaliser {normaliser}; this build reads format {FORMAT_VERSION}, normaliser {NORMALISER_VERSION}: rebuild the glossary"
        )));
    }
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    let mut entries = read_entries(&mut r)?;
    let section_end = r.at;
    let notes_pending = match r.u8()? {
        1 => {
            let mut notes = r.column(entries.len())?;
            for entry in &mut entries {
                entry.notes = notes.record().to_string();
            }
            None
        }
        0 => Some(NotesPending {
            key: checksum(&payload[..section_end]),
            count: entries.len() as u32,
        }),
        _ => return Err(r.corrupt("unknown notes flag")),
    };
    let groups = read_groups(&mut r, entries.len())?;
    let highlights_len = r.u32()? as usize;
    let highlights_bytes = r.take(highlights_len)?;
    if r.at != payload.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    // Glossary::automaton builds from the patterns later, and must not fail then.
    let mut seen = std::collections::HashSet::with_capacity(groups.len());
    for group in &groups {
        if group.pattern.is_empty() || !seen.insert(group.pattern.as_str()) {
            return Err(Error::new(
                "damaged glossary artefact: an empty or repeated pattern",
            ));
        }
    }
    // An artefact written without its automaton (`write_served`) has it built here.
    let highlights = if highlights_bytes.is_empty() {
        super::compile::build_highlights(&entries, &groups)?
    } else {
        deserialize(highlights_bytes)?
    };
    let mut glossary = Glossary::new(entries, groups, highlights);
    glossary.notes_pending = notes_pending;
    Ok(glossary)
}

/// Adds the notes of a notes artefact ([`write_served`]) to the glossary they were written with
/// (or one built on it, such as the bundled glossary with a reader's entries after it).
///
/// ```
/// use hamish::glossary::{binary, compile::compile_sources, source::HEADER};
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\tOn the Euphrates.\t2026-12-06\n");
/// let glossary = compile_sources(&[("places.tsv", tsv.as_str())], false).unwrap();
/// let (_, notes) = binary::write_served(&glossary);
/// let mut other = binary::read(&binary::write_served(&compile_sources(&[("places.tsv", tsv.replace("Raqqa\t", "Ar-Raqqa\t").as_str())], false).unwrap()).0).unwrap();
/// let err = binary::read_notes(&mut other, &notes).unwrap_err();
/// assert_eq!(err.to_string(), "these notes belong to another glossary (rebuild both)");
/// ```
pub fn read_notes(glossary: &mut Glossary, bytes: &[u8]) -> Result<()> {
    let (key, payload) = unframe(NOTES_MAGIC, "notes", bytes)?;
    let Some(pending) = glossary.notes_pending else {
        return Err(Error::new("this glossary has its notes already"));
    };
    if key != pending.key {
        return Err(Error::new(
            "these notes belong to another glossary (rebuild both)",
        ));
    }
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    let count = r.u32()? as usize;
    if count != pending.count as usize || count > glossary.entries.len() {
        return Err(r.corrupt("notes for another number of entries"));
    }
    let mut notes = r.column(count)?;
    if r.at != payload.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    for entry in &mut glossary.entries[..count] {
        entry.notes = notes.record().to_string();
    }
    glossary.notes_pending = None;
    Ok(())
}

/// Checks an artefact's frame: its magic, format version, length and checksum. Returns the
/// header's third word (normaliser version or entries key) and the payload.
fn unframe<'a>(magic: &[u8; 8], what: &str, bytes: &'a [u8]) -> Result<(u32, &'a [u8])> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != magic {
        return Err(Error::new(format!(
            "not a hamish {what} artefact (bad magic bytes)"
        )));
    }
    let word = |at: usize| le_u32(&bytes[at..at + 4]);
    let (format, third, len, checksum) = (word(8), word(12), word(16) as usize, word(20));
    if format != FORMAT_VERSION {
        return Err(Error::new(format!(
            "stale {what} artefact: format {format}; this build reads format {FORMAT_VERSION}: rebuild the glossary"
        )));
    }
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != len {
        return Err(Error::new(format!(
            "truncated {what} artefact: {} payload bytes, header says {len}",
            payload.len()
        )));
    }
    if self::checksum(payload) != checksum {
        return Err(Error::new(format!(
            "damaged {what} artefact: checksum mismatch"
        )));
    }
    Ok((third, payload))
}

fn read_entries(r: &mut Reader<'_>) -> Result<Vec<Entry>> {
    let count = r.u32()? as usize;
    if count > r.bytes.len() {
        return Err(r.corrupt("more entries than bytes"));
    }
    let mut columns = [(); 10].map(|()| Column::default());
    for column in &mut columns {
        *column = r.column(count)?;
    }
    let [ids, ars, vocs, ens, trs, aliases, shorts, expands, refers, checked] = &mut columns;
    let types = r.take(count)?;
    let poses = r.take(count)?;
    let users = r.take(count)?;
    let mut entries = Vec::with_capacity(count);
    for ((&type_code, &pos_code), &user) in types.iter().zip(poses).zip(users) {
        let ar = ars.record();
        let voc = decode_voc(ar, vocs.record())
            .ok_or_else(|| r.corrupt("`voc` asks for letters `ar` lacks"))?;
        entries.push(Entry {
            id: ids.record().to_string(),
            ar: ar.to_string(),
            voc,
            entry_type: EntryType::from_code(type_code)
                .ok_or_else(|| r.corrupt("unknown entry type"))?,
            en: ens.record().to_string(),
            tr: trs.record().to_string(),
            aliases: split_items(aliases.record()),
            short: split_items(shorts.record()),
            expands: expands.record().to_string(),
            refers: refers.record().to_string(),
            pos: match pos_code {
                0 => None,
                code => {
                    Some(Pos::from_code(code).ok_or_else(|| r.corrupt("unknown part of speech"))?)
                }
            },
            notes: String::new(),
            checked: checked.record().to_string(),
            user: user != 0,
        });
    }
    Ok(entries)
}

fn split_items(record: &str) -> Vec<String> {
    if record.is_empty() {
        return Vec::new();
    }
    record.split(ITEM_JOINER).map(str::to_string).collect()
}

fn read_groups(r: &mut Reader<'_>, entry_count: usize) -> Result<Vec<PatternGroup>> {
    let count = r.u32()? as usize;
    if count > r.bytes.len() {
        return Err(r.corrupt("more pattern groups than bytes"));
    }
    let mut patterns = r.column(count)?;
    let target_counts = r.take(
        count
            .checked_mul(4)
            .ok_or_else(|| r.corrupt("too many groups"))?,
    )?;
    let total = target_counts
        .chunks_exact(4)
        .try_fold(0usize, |total, n| total.checked_add(le_u32(n) as usize))
        .filter(|&total| total <= r.bytes.len())
        .ok_or_else(|| r.corrupt("more targets than bytes"))?;
    let target_entries = r.take(total * 4)?;
    let kinds = r.take(total)?;
    let flags = r.take(total)?;
    let mut targets = target_entries.chunks_exact(4).zip(kinds).zip(flags);
    let mut groups = Vec::with_capacity(count);
    for n in target_counts.chunks_exact(4) {
        let n = le_u32(n) as usize;
        let mut group_targets = Vec::with_capacity(n);
        for ((entry, &kind), &code) in targets.by_ref().take(n) {
            let entry = le_u32(entry);
            if entry as usize >= entry_count {
                return Err(r.corrupt("pattern refers to a missing entry"));
            }
            let kind =
                PatternKind::from_code(kind).ok_or_else(|| r.corrupt("unknown pattern kind"))?;
            group_targets.push(PatternTarget {
                entry,
                kind,
                short: code & SHORT_BIT != 0,
                ta_marbuta: code & TA_MARBUTA_BIT != 0,
                hamza_alif_lam: code & HAMZA_ALIF_LAM_BIT != 0,
                inflected: code & INFLECTED_BIT != 0,
                spelled: code & SPELLED_BIT != 0,
                function_word: code & FUNCTION_WORD_BIT != 0,
                ordinary: code & ORDINARY_BIT != 0,
                yields_to_word: u32::from(code & YIELDS_BIT != 0),
            });
        }
        let pattern = patterns.record();
        groups.push(PatternGroup {
            multiword: pattern.contains(' '),
            pattern: pattern.to_string(),
            targets: group_targets,
        });
    }
    // The yield masks, in target order, for the targets flagged as having one.
    for target in groups.iter_mut().flat_map(|g| &mut g.targets) {
        if target.yields_to_word != 0 {
            target.yields_to_word = r.u32()?;
            if target.yields_to_word == 0 {
                return Err(r.corrupt("an empty yield mask"));
            }
        }
    }
    Ok(groups)
}

/// The little-endian u32 in the first four of `bytes` (the caller has checked there are four).
fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// Loads a serialised automaton through daachorse's validating deserialiser. (Its values are
/// checked where they are used: a value that is not a group index matches nothing.)
fn deserialize(bytes: &[u8]) -> Result<Automaton> {
    let (automaton, rest) = Automaton::deserialize(bytes)
        .map_err(|e| Error::new(format!("damaged glossary artefact: automaton: {e}")))?;
    if !rest.is_empty() {
        return Err(Error::new(
            "damaged glossary artefact: automaton: trailing bytes",
        ));
    }
    Ok(automaton)
}

/// A 32-bit checksum of the payload: enough to catch a damaged or truncated file.
///
/// Four independent multiply–rotate lanes over 8-byte words: about 20 times faster than a byte-wise
/// FNV-1a, whose one dependent multiply per byte took a third of the load time (3 ms of 9 for
/// the bundled 2.7 MB glossary, natively, and more in cold WebAssembly).
fn checksum(bytes: &[u8]) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes: [u64; 4] = [
        0x243F_6A88_85A3_08D3,
        0x1319_8A2E_0370_7344,
        0xA409_3822_299F_31D0,
        0x082E_FA98_EC4E_6C89,
    ];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let word = u64::from_le_bytes([
                word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
            ]);
            *lane = (*lane ^ word).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut hash = lanes.iter().fold(bytes.len() as u64, |hash, &lane| {
        (hash ^ lane).wrapping_mul(K).rotate_left(31)
    });
    for &byte in blocks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(K);
    }
    (hash ^ (hash >> 32)) as u32
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    /// A text column: its byte length, then each record followed by [`RECORD_END`].
    fn column<S: AsRef<str>>(&mut self, records: impl Iterator<Item = S>) {
        let mut text = String::new();
        for record in records {
            debug_assert!(!record.as_ref().contains(RECORD_END));
            text.push_str(record.as_ref());
            text.push(RECORD_END);
        }
        self.u32(text.len() as u32);
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn corrupt(&self, what: &str) -> Error {
        Error::new(format!(
            "damaged glossary artefact at payload byte {}: {what}",
            self.at
        ))
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.corrupt("unexpected end"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(le_u32(self.take(4)?))
    }
    /// A text column of exactly `count` records.
    fn column(&mut self, count: usize) -> Result<Column<'a>> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        let text = std::str::from_utf8(bytes).map_err(|_| self.corrupt("invalid UTF-8"))?;
        let ends = bytes.iter().filter(|&&b| b == RECORD_END as u8).count();
        if ends != count || !(text.is_empty() || text.ends_with(RECORD_END)) {
            return Err(self.corrupt("a column with the wrong number of records"));
        }
        Ok(Column { rest: text })
    }
}

/// The records of a text column, in order, read one at a time (no list of them is built: the
/// entries read from ten columns at once).
#[derive(Default)]
struct Column<'a> {
    rest: &'a str,
}

impl<'a> Column<'a> {
    /// The next record; the empty string past the last (the count was checked when the column
    /// was read, so that never happens).
    fn record(&mut self) -> &'a str {
        let end = self
            .rest
            .bytes()
            .position(|b| b == RECORD_END as u8)
            .unwrap_or(self.rest.len());
        let record = &self.rest[..end];
        self.rest = self.rest.get(end + 1..).unwrap_or("");
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::compile::compile_sources;
    use crate::glossary::source::HEADER;

    fn sample() -> Vec<u8> {
        let tsv = format!(
            "{HEADER}\nplace.raqqa\tالرقة\tالرَّقَّة\tplace\tRaqqa\tal-Raqqah\tالرقه|رقة\t\t\t\t\t\tCity on the Euphrates.\t2026-12-06\nword.madina\tمدينة\t\tword\tcity\tmadīnah\tمدن\t\t\t\tnoun\t\t\t\n"
        );
        write(&compile_sources(&[("g.tsv", tsv.as_str())], false).unwrap())
    }

    #[test]
    fn round_trip_keeps_groups() {
        let bytes = sample();
        let loaded = read(&bytes).unwrap();
        assert_eq!(loaded.entries.len(), 2);
        assert!(loaded.groups.iter().any(|g| g.pattern == "رقه"));
        assert_eq!(write(&loaded), bytes);
    }

    #[test]
    fn vowels_are_stored_around_the_letters_of_ar_and_come_back_exactly() {
        for (ar, voc) in [
            ("الرقة", "الرَّقَّة"),
            ("قوات سوريا الديمقراطية", "قُوّات سُورِيا الدِّيمُقْراطِيّة"),
            ("مدينة", ""),
            // Letters that are not ar's (a hamza written in voc only) are kept as written.
            ("الامم", "الأُمَم"),
            ("ab", "a\u{1}b"),
            ("ab", "\u{2}ab"),
        ] {
            let stored = encode_voc(ar, voc);
            assert_eq!(decode_voc(ar, &stored).as_deref(), Some(voc), "{ar} {voc}");
        }
        assert_eq!(
            encode_voc("الرقة", "الرَّقَّة").matches(LETTER_OF_AR).count(),
            5
        );
        assert_eq!(decode_voc("ال", "\u{1}\u{1}\u{1}"), None);
        assert_eq!(decode_voc("الرقة", "\u{1}"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_vowelled_form_comes_back_exactly(
            ar in "[\\u{1}\\u{2}ابت ة]{0,8}",
            voc in "[\\u{1}\\u{2}ابت ةَُِّ]{0,12}",
        ) {
            proptest::prop_assert_eq!(decode_voc(&ar, &encode_voc(&ar, &voc)), Some(voc));
        }
    }

    #[test]
    fn served_glossary_waits_for_its_own_notes() {
        let full = read(&sample()).unwrap();
        let (served, notes) = write_served(&full);
        let mut glossary = read(&served).unwrap();
        assert!(glossary.notes_pending());
        assert!(glossary.entries.iter().all(|e| e.notes.is_empty()));
        // A full artefact written meanwhile still says where its notes are.
        let mut again = read(&write(&glossary)).unwrap();
        read_notes(&mut again, &notes).unwrap();
        read_notes(&mut glossary, &notes).unwrap();
        assert_eq!(glossary.entries, full.entries);
        assert_eq!(again.entries, full.entries);
        assert_eq!(write(&glossary), sample());
        assert_eq!(
            read_notes(&mut glossary, &notes).unwrap_err().to_string(),
            "this glossary has its notes already"
        );
    }

    #[test]
    fn damaged_notes_are_refused_and_change_nothing() {
        let (served, mut notes) = write_served(&read(&sample()).unwrap());
        let mut glossary = read(&served).unwrap();
        let last = notes.len() - 3;
        notes[last] ^= 0x20;
        assert_eq!(
            read_notes(&mut glossary, &notes).unwrap_err().to_string(),
            "damaged notes artefact: checksum mismatch"
        );
        assert_eq!(
            read_notes(&mut glossary, &served).unwrap_err().to_string(),
            "not a hamish notes artefact (bad magic bytes)"
        );
        assert!(glossary.notes_pending());
    }

    #[test]
    fn rejects_a_column_with_a_record_too_many() {
        let glossary = read(&sample()).unwrap();
        let mut payload = Writer::default();
        payload.u32(1);
        payload.column(glossary.entries.iter().map(|e| e.id.as_str()));
        let bytes = framed(MAGIC, NORMALISER_VERSION, payload.bytes);
        assert_eq!(
            read(&bytes).unwrap_err().to_string(),
            "damaged glossary artefact at payload byte 32: a column with the wrong number of records"
        );
    }

    #[test]
    fn rejects_a_repeated_pattern() {
        let mut glossary = read(&sample()).unwrap();
        let first = glossary.groups[0].clone();
        glossary.groups.push(first);
        let error = read(&write(&glossary)).unwrap_err().to_string();
        assert_eq!(
            error,
            "damaged glossary artefact: an empty or repeated pattern"
        );
    }

    #[test]
    fn full_automaton_is_built_on_first_use() {
        let loaded = read(&sample()).unwrap();
        assert!(loaded.automaton.get().is_none());
        let hits = loaded.automaton().find_overlapping_iter("مدينه").count();
        assert!(hits >= 1);
        assert!(loaded.automaton.get().is_some());
    }

    #[test]
    fn rejects_stale_format() {
        let mut bytes = sample();
        bytes[8] ^= 0xFF;
        assert!(read(&bytes)
            .unwrap_err()
            .to_string()
            .starts_with("stale glossary artefact"));
    }

    #[test]
    fn rejects_damage() {
        let mut bytes = sample();
        let last = bytes.len() - 10;
        bytes[last] ^= 0x55;
        assert_eq!(
            read(&bytes).unwrap_err().to_string(),
            "damaged glossary artefact: checksum mismatch"
        );
    }

    #[test]
    fn checksum_sees_every_byte() {
        let bytes = sample();
        let payload = &bytes[HEADER_LEN..];
        let base = checksum(payload);
        // Every lane and word position, and the bytes after the last whole block.
        let positions = (0..payload.len())
            .step_by(37)
            .chain(payload.len().saturating_sub(40)..payload.len());
        let mut damaged = payload.to_vec();
        for at in positions {
            damaged[at] ^= 0x01;
            assert_ne!(checksum(&damaged), base, "flipped bit at {at}");
            damaged[at] ^= 0x01;
        }
        assert_ne!(checksum(&payload[..payload.len() - 1]), base);
    }

    #[test]
    fn rejects_truncation() {
        let bytes = sample();
        assert!(read(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .to_string()
            .starts_with("truncated glossary artefact"));
    }
}
