//! Stage 2: split normalised text into words and lay them out as the *match stream* the
//! automaton scans.
//!
//! The stream holds the normalised words in order, separated by one space where only soft
//! separators (spaces, quotes, brackets, dashes) stood between them and by a newline where
//! punctuation did. Multi-word glossary forms are written with single spaces, so قوات "سوريا
//! الديمقراطية" and قوات سوريا الديمقراطية look the same to the automaton, while a term never
//! matches across a full stop or a comma.
//!
//! A proclitic written apart from its word (لـ"قسد"، بـ “الباغوز”، و «قوات») is joined to the
//! word it precedes, so the matcher sees لقسد and strips the clitic as usual.
//!
//! Glossary forms are laid out by the same function ([`Stream::build`]), so both sides agree.

use crate::normalise::normalised_chars;

/// A word of the match stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the word in [`Stream::text`].
    pub start: u32,
    /// End of the word in [`Stream::text`] (exclusive).
    pub end: u32,
    /// Byte offset in the original text where the word's first character starts.
    pub orig_start: u32,
    /// Byte offset in the original text where the word's last character (and any marks or
    /// tatweel after it) ends.
    pub orig_end: u32,
    /// Which script the word is in.
    pub script: Script,
}

/// The script class of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Arabic letters (after folding).
    Arabic,
    /// ASCII digits (after folding Eastern Arabic and Persian digits).
    Digits,
    /// Any other letters (Latin, Cyrillic, CJK, ...).
    Other,
}

/// The match stream of one text: normalised words, separators, and the way back to the original.
#[derive(Clone, Debug, Default)]
pub struct Stream {
    /// Normalised words separated by `' '` (soft break) or `'\n'` (hard break).
    pub text: String,
    /// For every byte of `text`: the original byte offset where that character's source starts.
    /// One extra element at the end holds the original length.
    origin: Vec<u32>,
    /// The words, in order.
    pub words: Vec<Word>,
}

/// How a normalised character takes part in segmentation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter(Script),
    /// Space, quote, bracket or dash: words on both sides may belong to one term.
    Soft,
    /// A quote or bracket (also soft): lets a detached clitic attach across it.
    Quote,
    /// Any other punctuation or symbol: terms never cross it.
    Hard,
}

fn classify(c: char) -> Class {
    match c {
        ' ' | '-' => Class::Soft,
        '"' | '(' | ')' => Class::Quote,
        '0'..='9' => Class::Letter(Script::Digits),
        'ء'..='غ' | 'ف'..='ي' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}' | 'ە' => {
            Class::Letter(Script::Arabic)
        }
        '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}' => {
            Class::Letter(Script::Arabic)
        }
        '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' => Class::Letter(Script::Arabic),
        c if c.is_alphanumeric() => Class::Letter(Script::Other),
        _ => Class::Hard,
    }
}

/// Proclitic chains that may stand apart from their word, joined by tatweel, a quote or a space.
const DETACHABLE: [&str; 22] = [
    "و", "ف", "ب", "ك", "ل", "ال", "لل", "وب", "ول", "وك", "فب", "فل", "فك", "بال", "وبال", "فبال",
    "كال", "وكال", "ولل", "فلل", "وال", "فال",
];

/// Letters that are never a word on their own, so standing alone they always lean on the next word.
const LONE_CLITIC: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

impl Stream {
    /// Lays out `text` as a match stream.
    ///
    /// ```
    /// use hamish::segment::Stream;
    /// let s = Stream::build("قالت لـ«قسد»: إن قوات \"سوريا الديمقراطية\" هنا.");
    /// assert_eq!(s.text, "قالت لقسد\nان قوات سوريا الديمقراطيه هنا");
    /// ```
    pub fn build(text: &str) -> Stream {
        let mut builder = Builder::new(text.len());
        for nc in normalised_chars(text) {
            builder.push(nc.ch, nc.start as u32, nc.end as u32, text);
        }
        builder.finish(text.len() as u32)
    }

    /// Original byte offset where the character at stream byte `pos` starts.
    pub fn origin(&self, pos: usize) -> u32 {
        self.origin[pos]
    }

    /// Index of the word that contains stream byte `pos` (or the last word starting before it).
    pub fn word_at(&self, pos: u32) -> usize {
        self.words
            .partition_point(|w| w.start <= pos)
            .saturating_sub(1)
    }

    /// The stream text of word `index`.
    pub fn word_text(&self, index: usize) -> &str {
        let w = self.words[index];
        &self.text[w.start as usize..w.end as usize]
    }
}

/// Separator state between the last word and the next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    Soft,
    SoftWithQuote,
    Hard,
}

struct Builder {
    stream: Stream,
    /// The word being read, if any.
    current: Option<Word>,
    gap: Gap,
    /// Whether the last finished word was written with a tatweel (لـ).
    last_had_tatweel: bool,
}

impl Builder {
    fn new(capacity: usize) -> Builder {
        Builder {
            stream: Stream {
                text: String::with_capacity(capacity),
                origin: Vec::with_capacity(capacity + 1),
                words: Vec::new(),
            },
            current: None,
            gap: Gap::None,
            last_had_tatweel: false,
        }
    }

    fn push(&mut self, ch: char, start: u32, end: u32, original: &str) {
        match classify(ch) {
            Class::Letter(script) => {
                if let Some(word) = self.current {
                    if word.script == script {
                        self.append_char(ch, start);
                        if let Some(w) = self.current.as_mut() {
                            w.end = self.stream.text.len() as u32;
                            w.orig_end = end;
                        }
                        return;
                    }
                    self.close_word(original);
                    // Different scripts glued together (ال20) are separate words.
                    self.gap = Gap::Soft;
                }
                self.open_word(ch, start, end, script);
            }
            class => {
                if self.current.is_some() {
                    self.close_word(original);
                }
                self.gap = match (self.gap, class) {
                    (Gap::Hard, _) | (_, Class::Hard) => Gap::Hard,
                    (_, Class::Quote) | (Gap::SoftWithQuote, _) => Gap::SoftWithQuote,
                    _ => Gap::Soft,
                };
            }
        }
    }

    fn open_word(&mut self, ch: char, start: u32, end: u32, script: Script) {
        let joins =
            self.gap != Gap::Hard && script == Script::Arabic && self.last_word_leans_forward();
        if !joins {
            if let Some(sep) = match self.gap {
                _ if self.stream.words.is_empty() => None,
                Gap::Hard => Some('\n'),
                _ => Some(' '),
            } {
                self.append_char(sep, start);
            }
        }
        let stream_start = self.stream.text.len() as u32;
        self.append_char(ch, start);
        if joins {
            // The detached clitic becomes the head of this word.
            let mut word = self.stream.words.pop().unwrap_or(Word {
                start: stream_start,
                end: stream_start,
                orig_start: start,
                orig_end: end,
                script,
            });
            word.end = self.stream.text.len() as u32;
            word.orig_end = end;
            self.current = Some(word);
        } else {
            self.current = Some(Word {
                start: stream_start,
                end: self.stream.text.len() as u32,
                orig_start: start,
                orig_end: end,
                script,
            });
        }
        self.gap = Gap::None;
    }

    /// Whether the last finished word is a proclitic written apart from the word that follows.
    fn last_word_leans_forward(&self) -> bool {
        let Some(last) = self.stream.words.last() else {
            return false;
        };
        if last.script != Script::Arabic || self.gap == Gap::None {
            return false;
        }
        let text = &self.stream.text[last.start as usize..last.end as usize];
        if !DETACHABLE.contains(&text) {
            return false;
        }
        let single = text.chars().count() == 1 && text.chars().all(|c| LONE_CLITIC.contains(&c));
        single || self.gap == Gap::SoftWithQuote || self.last_had_tatweel
    }

    fn close_word(&mut self, original: &str) {
        if let Some(word) = self.current.take() {
            let written = &original[word.orig_start as usize..word.orig_end as usize];
            self.last_had_tatweel = written.contains('\u{0640}');
            self.stream.words.push(word);
        }
    }

    fn append_char(&mut self, ch: char, origin: u32) {
        let before = self.stream.text.len();
        self.stream.text.push(ch);
        let added = self.stream.text.len() - before;
        self.stream
            .origin
            .extend(std::iter::repeat_n(origin, added));
    }

    fn finish(mut self, original_len: u32) -> Stream {
        if let Some(word) = self.current.take() {
            self.stream.words.push(word);
        }
        self.stream.origin.push(original_len);
        self.stream
    }
}
