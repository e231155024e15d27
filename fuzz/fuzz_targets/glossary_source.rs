//! Glossary sources as a reader might import them: arbitrary bytes must give either a glossary
//! that glosses and survives a round trip through the artefact formats unchanged (one artefact,
//! or the served glossary and its notes), or an error whose every message names the file and a
//! line; never a panic.

#![no_main]

use hamish::Glosser;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Glosser::from_sources(&[("import.tsv", &text)]) {
        Ok(g) => {
            let again = Glosser::from_artefact(&g.to_artefact()).expect("own artefact loads");
            assert_eq!(again.glossary().entries, g.glossary().entries);
            let (served, notes) = hamish::glossary::binary::write_served(g.glossary());
            let mut apart = Glosser::from_artefact(&served).expect("served artefact loads");
            apart.attach_notes(&notes).expect("own notes attach");
            assert_eq!(apart.glossary().entries, g.glossary().entries);
            for e in &g.glossary().entries {
                let _ = g.gloss(&e.ar);
            }
        }
        Err(e) => {
            for m in e.messages() {
                assert!(m.starts_with("import.tsv:"), "{m}");
            }
        }
    }
});
