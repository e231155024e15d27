//! The compiled glossary artefact: one byte string the core loads natively and in WebAssembly.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! "HAMISHGL"  format version u32  normaliser version u32  payload length u32  FNV-1a u32
//! payload:    entries  pattern groups  serialised automaton
//! ```
//!
//! A reader rejects an artefact written by another format or normaliser version (a stale build),
//! a checksum mismatch (a damaged download), and any index or string that does not check out.
//! The automaton is stored ready to use and loaded through daachorse's validating deserialiser,
//! so start-up does no automaton construction.

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::{Entry, EntryType, Glossary, PatternGroup, PatternKind, PatternTarget, Pos};
use crate::error::{Error, Result};
use crate::normalise::NORMALISER_VERSION;

const MAGIC: &[u8; 8] = b"HAMISHGL";
/// Version of the artefact layout; bump on any change to what is written.
pub const FORMAT_VERSION: u32 = 2;
const HEADER_LEN: usize = 8 + 4 * 4;

/// Serialises a glossary to the artefact format.
///
/// ```
/// use hamish::glossary::{binary, compile::compile_sources, source::HEADER};
/// let tsv = format!("{HEADER}\nplace.raqqa\tالرقة\t\tplace\tRaqqa\tal-Raqqah\t\t\t\t\t\t\n");
/// let glossary = compile_sources(&[("places.tsv", tsv.as_str())], false).unwrap();
/// let bytes = binary::write(&glossary);
/// let loaded = binary::read(&bytes).unwrap();
/// assert_eq!(loaded.entries, glossary.entries);
/// ```
pub fn write(glossary: &Glossary) -> Vec<u8> {
    let mut payload = Writer::default();
    payload.u32(glossary.entries.len() as u32);
    for e in &glossary.entries {
        payload.str(&e.id);
        payload.str(&e.ar);
        payload.str(&e.voc);
        payload.u8(e.entry_type.code());
        payload.str(&e.en);
        payload.str(&e.tr);
        payload.u32(e.aliases.len() as u32);
        for alias in &e.aliases {
            payload.str(alias);
        }
        payload.str(&e.expands);
        payload.str(&e.refers);
        payload.u8(e.pos.map_or(0, Pos::code));
        payload.str(&e.notes);
        payload.u8(u8::from(e.user));
    }
    payload.u32(glossary.groups.len() as u32);
    for g in &glossary.groups {
        payload.str(&g.pattern);
        payload.u32(g.targets.len() as u32);
        for t in &g.targets {
            payload.u32(t.entry);
            payload.u8(t.kind.code());
        }
    }
    let automaton = glossary.automaton.serialize();
    payload.u32(automaton.len() as u32);
    payload.bytes.extend_from_slice(&automaton);

    let mut out = Vec::with_capacity(HEADER_LEN + payload.bytes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&NORMALISER_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&fnv1a(&payload.bytes).to_le_bytes());
    out.extend_from_slice(&payload.bytes);
    out
}

/// Loads a glossary from artefact bytes, checking version, checksum and every index.
///
/// ```
/// use hamish::glossary::binary;
/// let err = binary::read(b"not a glossary").unwrap_err();
/// assert_eq!(err.to_string(), "not a hamish glossary artefact (bad magic bytes)");
/// ```
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(Error::new(
            "not a hamish glossary artefact (bad magic bytes)",
        ));
    }
    let word =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (format, normaliser, len, checksum) = (word(8), word(12), word(16) as usize, word(20));
    if format != FORMAT_VERSION || normaliser != NORMALISER_VERSION {
        return Err(Error::new(format!(
            "stale glossary artefact: format {format}, normaliser {normaliser}; this build reads format {FORMAT_VERSION}, normaliser {NORMALISER_VERSION}: rebuild the glossary"
        )));
    }
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != len {
        return Err(Error::new(format!(
            "truncated glossary artefact: {} payload bytes, header says {len}",
            payload.len()
        )));
    }
    if fnv1a(payload) != checksum {
        return Err(Error::new("damaged glossary artefact: checksum mismatch"));
    }
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    let entry_count = r.u32()? as usize;
    let mut entries = Vec::with_capacity(entry_count.min(payload.len() / 16));
    for _ in 0..entry_count {
        entries.push(read_entry(&mut r)?);
    }
    let group_count = r.u32()? as usize;
    let mut groups = Vec::with_capacity(group_count.min(payload.len() / 8));
    for _ in 0..group_count {
        let pattern = r.string()?;
        let target_count = r.u32()? as usize;
        let mut targets = Vec::with_capacity(target_count.min(64));
        for _ in 0..target_count {
            let entry = r.u32()?;
            if entry as usize >= entries.len() {
                return Err(r.corrupt("pattern refers to a missing entry"));
            }
            let kind =
                PatternKind::from_code(r.u8()?).ok_or_else(|| r.corrupt("unknown pattern kind"))?;
            targets.push(PatternTarget { entry, kind });
        }
        groups.push(PatternGroup {
            multiword: pattern.contains(' '),
            pattern,
            targets,
        });
    }
    let automaton_len = r.u32()? as usize;
    let automaton_bytes = r.take(automaton_len)?;
    let (automaton, rest) = CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(automaton_bytes)
        .map_err(|e| Error::new(format!("damaged glossary artefact: automaton: {e}")))?;
    if !rest.is_empty() || r.at != payload.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    Ok(Glossary {
        entries,
        groups,
        automaton,
    })
}

fn read_entry(r: &mut Reader<'_>) -> Result<Entry> {
    let id = r.string()?;
    let ar = r.string()?;
    let voc = r.string()?;
    let entry_type =
        EntryType::from_code(r.u8()?).ok_or_else(|| r.corrupt("unknown entry type"))?;
    let en = r.string()?;
    let tr = r.string()?;
    let alias_count = r.u32()? as usize;
    let mut aliases = Vec::with_capacity(alias_count.min(64));
    for _ in 0..alias_count {
        aliases.push(r.string()?);
    }
    let expands = r.string()?;
    let refers = r.string()?;
    let pos = match r.u8()? {
        0 => None,
        code => Some(Pos::from_code(code).ok_or_else(|| r.corrupt("unknown part of speech"))?),
    };
    let notes = r.string()?;
    let user = r.u8()? != 0;
    Ok(Entry {
        id,
        ar,
        voc,
        entry_type,
        en,
        tr,
        aliases,
        expands,
        refers,
        pos,
        notes,
        user,
    })
}

/// 32-bit FNV-1a: enough to catch a damaged or truncated file, cheap in WebAssembly.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
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
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.bytes.extend_from_slice(s.as_bytes());
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
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn string(&mut self) -> Result<String> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.corrupt("invalid UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::compile::compile_sources;
    use crate::glossary::source::HEADER;

    fn sample() -> Vec<u8> {
        let tsv = format!(
            "{HEADER}\nplace.raqqa\tالرقة\tالرَّقَّة\tplace\tRaqqa\tal-Raqqah\tالرقه|رقة\t\t\t\t\tCity on the Euphrates.\nword.madina\tمدينة\t\tword\tcity\tmadīnah\tمدن\t\t\tnoun\t\t\n"
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
    fn rejects_truncation() {
        let bytes = sample();
        assert!(read(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .to_string()
            .starts_with("truncated glossary artefact"));
    }
}
