//! What the integration tests share: the small test glossary, compiled once per test binary.

use std::sync::OnceLock;

use hamish::Glosser;

/// The glossary of tests/fixtures/glossary/test.tsv: one entry per phenomenon under test.
pub fn glosser() -> &'static Glosser {
    static GLOSSER: OnceLock<Glosser> = OnceLock::new();
    GLOSSER.get_or_init(|| {
        Glosser::from_sources(&[("test.tsv", include_str!("../fixtures/glossary/test.tsv"))])
            .expect("test glossary is valid")
    })
}
