//! The one error type of the crate: opaque, with messages a reader can act on.

use std::fmt;

/// Something went wrong: a malformed glossary line, a corrupt or stale artefact, bad input.
///
/// Each message names its place (`glossary/places.tsv:12: ...`) when it has one. A glossary
/// with several bad lines reports all of them, one message per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    messages: Vec<String>,
}

impl Error {
    /// An error with one message.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            messages: vec![message.into()],
        }
    }

    /// An error collecting several messages; `None` when there are none.
    pub fn from_messages(messages: Vec<String>) -> Option<Error> {
        (!messages.is_empty()).then_some(Error { messages })
    }

    /// The individual messages, in the order they were found.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages.join("\n"))
    }
}

impl std::error::Error for Error {}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
