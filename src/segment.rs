//! Stage 2: split normalised text into words and lay them out as the *match stream* the
//! automaton scans.
//!
//! The stream holds the normalised words in order, separated by one space where only soft
//! separators (spaces, quotes, brackets, dashes) stood between them and by a newline where
//! punctuation did. Multi-word glossary forms are written with single spaces, so قوات "سوريا
//! الديمقراطية" and قوات سوريا الديمقراطية look the same to the automaton, while a term never
//! matches across a full stop or a comma.
//!
//! Some words are written in pieces, and the pieces are joined in the stream:
//! - a proclitic written apart from its word (لـ"قسد"، بـ “الباغوز”، و «قوات») joins the word it
//!   precedes, so the matcher sees لقسد and strips the clitic as usual;
//! - a term disguised to dodge filters: letters spaced out (د ا ع ش), split by tatweel and a
//!   space (داعـ ـش), or with a dot or digit slipped in (دا.عش، داع1ش). Such a word is marked
//!   [`Word::disguised`]; the matcher accepts only abbreviations and one-word names in it.
//!
//! Glossary forms are laid out by the same function ([`Stream::build`]), so both sides agree.

use crate::normalise::{fold_text, Event};

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
    /// Whether the word was written in pieces to disguise it (د ا ع ش).
    pub disguised: bool,
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

#[inline]
fn classify(c: char) -> Class {
    match c {
        'ء'..='ي' if c != 'ـ' && !matches!(c, '\u{063B}'..='\u{063F}') => {
            Class::Letter(Script::Arabic)
        }
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

/// Characters slipped into a word to break it for filters (دا.عش).
const SLIPPED_IN: [char; 6] = ['.', '*', '_', '·', '•', '+'];

/// A run of at least this many single letters separated by spaces is one spaced-out word.
const MIN_SPACED_LETTERS: usize = 3;

impl Stream {
    /// Lays out `text` as a match stream.
    ///
    /// ```
    /// use hamish::segment::Stream;
    /// let s = Stream::build("قالت لـ«قسد»: إن قوات \"سوريا الديمقراطية\" هنا.");
    /// assert_eq!(s.text, "قالت لقسد\nان قوات سوريا الديمقراطيه هنا");
    /// let d = Stream::build("خلايا د ا ع ش و داعـ ـش");
    /// assert_eq!(d.text, "خلايا داعش وداعش");
    /// assert!(d.words[1].disguised && d.words[2].disguised);
    /// ```
    pub fn build(text: &str) -> Stream {
        let pieces = Pieces::read(text);
        let joins = pieces.decide_joins(text);
        pieces.emit(&joins, text.len() as u32)
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

/// What separates a piece from the one before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Nothing: a change of script inside a run of letters (ال20).
    None,
    /// Spaces and dashes only.
    Soft,
    /// Soft separators including a quote or bracket.
    SoftWithQuote,
    /// Punctuation.
    Hard,
}

/// A maximal run of letters of one script, before any joining.
#[derive(Clone, Copy)]
struct Piece {
    /// Byte range of the letters in the stream being built.
    start: u32,
    end: u32,
    /// Number of letters.
    letters: u32,
    orig_start: u32,
    orig_end: u32,
    script: Script,
    gap: Gap,
    /// For a gap of exactly one hard character: that character.
    lone_separator: Option<char>,
}

/// How a piece attaches to the one before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Join {
    Separate,
    Clitic,
    Disguise,
}

/// The stream as first written, every piece separate, and the pieces in it.
///
/// Writing the stream directly (a separator before every piece) and removing separators only
/// where pieces join keeps the common case to one pass over the text.
struct Pieces {
    stream: Stream,
    pieces: Vec<Piece>,
}

impl Pieces {
    fn read(text: &str) -> Pieces {
        let mut stream = Stream {
            text: String::with_capacity(text.len() + text.len() / 8),
            origin: Vec::with_capacity(text.len() + text.len() / 8 + 1),
            words: Vec::new(),
        };
        let mut pieces: Vec<Piece> = Vec::with_capacity(text.len() / 8);
        let mut current: Option<Piece> = None;
        let mut gap = Gap::None;
        let mut gap_chars = 0usize;
        let mut gap_char = None;
        fold_text(text, |event| {
            let nc = match event {
                Event::Char(nc) => nc,
                // Marks and tatweel after a letter belong to it; after a separator, to nothing.
                Event::Absorb(end) => {
                    if let Some(piece) = current.as_mut().filter(|_| gap_chars == 0) {
                        piece.orig_end = end as u32;
                    }
                    return;
                }
                Event::HamzaOnSeat => {
                    if current.is_some() && gap_chars == 0 && stream.text.ends_with(['و', 'ي']) {
                        // و, ي and ء are all two bytes long: the origin map stays as it is.
                        stream.text.pop();
                        stream.text.push('ء');
                    }
                    return;
                }
            };
            let (start, end) = (nc.start as u32, nc.end as u32);
            match classify(nc.ch) {
                Class::Letter(script) => {
                    if let Some(piece) = current.as_mut().filter(|_| gap_chars == 0) {
                        if piece.script == script {
                            push_char(&mut stream, nc.ch, start);
                            piece.end = stream.text.len() as u32;
                            piece.letters += 1;
                            piece.orig_end = end;
                            return;
                        }
                    }
                    if let Some(piece) = current.take() {
                        pieces.push(piece);
                    }
                    if !pieces.is_empty() {
                        push_char(
                            &mut stream,
                            if gap == Gap::Hard { '\n' } else { ' ' },
                            start,
                        );
                    }
                    let piece_start = stream.text.len() as u32;
                    push_char(&mut stream, nc.ch, start);
                    current = Some(Piece {
                        start: piece_start,
                        end: stream.text.len() as u32,
                        letters: 1,
                        orig_start: start,
                        orig_end: end,
                        script,
                        gap,
                        lone_separator: if gap_chars == 1 { gap_char } else { None },
                    });
                    gap = Gap::None;
                    gap_chars = 0;
                }
                class => {
                    if let Some(piece) = current.take() {
                        pieces.push(piece);
                    }
                    gap = match (gap, class) {
                        (Gap::Hard, _) | (_, Class::Hard) => Gap::Hard,
                        (_, Class::Quote) | (Gap::SoftWithQuote, _) => Gap::SoftWithQuote,
                        _ => Gap::Soft,
                    };
                    gap_chars += 1;
                    gap_char = Some(nc.ch);
                }
            }
        });
        if let Some(piece) = current {
            pieces.push(piece);
        }
        Pieces { stream, pieces }
    }

    fn letters(&self, i: usize) -> &str {
        let p = self.pieces[i];
        &self.stream.text[p.start as usize..p.end as usize]
    }

    fn len(&self, i: usize) -> usize {
        self.pieces[i].letters as usize
    }

    fn is_arabic(&self, i: usize) -> bool {
        self.pieces[i].script == Script::Arabic
    }

    /// The original text between piece `i - 1` and piece `i`.
    fn gap_text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let (from, to) = (self.pieces[i - 1].orig_end, self.pieces[i].orig_start);
        text.get(from as usize..to as usize).unwrap_or("")
    }

    /// Decides, for every piece, how it attaches to the piece before it.
    fn decide_joins(&self, text: &str) -> Vec<Join> {
        let n = self.pieces.len();
        let mut joins = vec![Join::Separate; n];
        // Letters spaced out: a run of single Arabic letters with only spaces between them.
        let mut i = 0;
        while i < n {
            let mut j = i;
            while j < n
                && self.is_arabic(j)
                && self.len(j) == 1
                && (j == i
                    || (self.pieces[j].gap == Gap::Soft
                        && self.gap_text(text, j).chars().all(char::is_whitespace)))
            {
                j += 1;
            }
            // و ب ل ... at the end of a run, before a real word, is that word's clitic.
            let next_is_word =
                j < n && self.is_arabic(j) && self.len(j) > 1 && self.pieces[j].gap != Gap::Hard;
            if next_is_word
                && j > i
                && self
                    .letters(j - 1)
                    .chars()
                    .next()
                    .is_some_and(|c| LONE_CLITIC.contains(&c))
            {
                j -= 1;
            }
            if j - i >= MIN_SPACED_LETTERS {
                joins[i + 1..j].fill(Join::Disguise);
                i = j;
            } else {
                i += 1;
            }
        }
        for i in 1..n {
            if joins[i] != Join::Separate || !self.is_arabic(i) {
                continue;
            }
            let prev = i - 1;
            let gap = self.pieces[i].gap;
            if self.is_arabic(prev) {
                let gap_text = self.gap_text(text, i);
                let prev_written = &text
                    [self.pieces[prev].orig_start as usize..self.pieces[prev].orig_end as usize];
                // داعـ ـش: tatweel on both sides of a space.
                if gap == Gap::Soft
                    && prev_written.ends_with('\u{0640}')
                    && gap_text.contains('\u{0640}')
                    && gap_text
                        .chars()
                        .all(|c| c.is_whitespace() || c == '\u{0640}')
                {
                    joins[i] = Join::Disguise;
                    continue;
                }
                // دا.عش: one dot-like character between two short pieces.
                if gap == Gap::Hard
                    && self.pieces[i]
                        .lone_separator
                        .is_some_and(|c| SLIPPED_IN.contains(&c))
                    && self.len(prev) <= 3
                    && self.len(i) <= 3
                    && joins[prev] != Join::Clitic
                {
                    joins[i] = Join::Disguise;
                    continue;
                }
                if gap != Gap::Hard
                    && gap != Gap::None
                    && joins[prev] != Join::Disguise
                    && self.leans_forward(prev, gap, text)
                {
                    joins[i] = Join::Clitic;
                }
            } else if prev >= 1
                && self.pieces[prev].script == Script::Digits
                && self.len(prev) == 1
                && self.pieces[prev].gap == Gap::None
                && gap == Gap::None
                && self.is_arabic(prev - 1)
            {
                // داع1ش: a digit slipped between letters.
                joins[prev] = Join::Disguise;
                joins[i] = Join::Disguise;
            }
        }
        joins
    }

    /// Whether piece `i` is a proclitic written apart from the word that follows.
    fn leans_forward(&self, i: usize, gap: Gap, text: &str) -> bool {
        if self.len(i) > 4 {
            return false;
        }
        let word = self.letters(i);
        if !DETACHABLE.contains(&word) {
            return false;
        }
        let written = &text[self.pieces[i].orig_start as usize..self.pieces[i].orig_end as usize];
        let single = self.len(i) == 1 && word.chars().all(|c| LONE_CLITIC.contains(&c));
        single || gap == Gap::SoftWithQuote || written.contains('\u{0640}')
    }

    /// The final stream: pieces as written, or, where pieces join, with the separators between
    /// them removed (and a digit slipped into a word dropped).
    fn emit(self, joins: &[Join], original_len: u32) -> Stream {
        let Pieces { mut stream, pieces } = self;
        if joins.iter().all(|&j| j == Join::Separate) {
            stream.words = pieces
                .iter()
                .map(|p| Word {
                    start: p.start,
                    end: p.end,
                    orig_start: p.orig_start,
                    orig_end: p.orig_end,
                    script: p.script,
                    disguised: false,
                })
                .collect();
            stream.origin.push(original_len);
            return stream;
        }
        let mut out = Stream {
            text: String::with_capacity(stream.text.len()),
            origin: Vec::with_capacity(stream.origin.len() + 1),
            words: Vec::with_capacity(pieces.len()),
        };
        for (i, piece) in pieces.iter().enumerate() {
            let join = joins[i];
            let dropped = piece.script == Script::Digits && join == Join::Disguise;
            let (from, to) = (piece.start as usize, piece.end as usize);
            if join == Join::Separate && !out.words.is_empty() {
                // The separator written before this piece.
                out.text.push_str(&stream.text[from - 1..from]);
                out.origin.push(stream.origin[from - 1]);
            }
            let start = out.text.len() as u32;
            if !dropped {
                out.text.push_str(&stream.text[from..to]);
                out.origin.extend_from_slice(&stream.origin[from..to]);
            }
            let end = out.text.len() as u32;
            match (join, out.words.last_mut()) {
                (Join::Separate, _) | (_, None) => out.words.push(Word {
                    start,
                    end,
                    orig_start: piece.orig_start,
                    orig_end: piece.orig_end,
                    script: piece.script,
                    disguised: false,
                }),
                (join, Some(word)) => {
                    word.end = end;
                    word.orig_end = piece.orig_end;
                    word.disguised |= join == Join::Disguise;
                }
            }
        }
        out.origin.push(original_len);
        out
    }
}

fn push_char(stream: &mut Stream, c: char, origin: u32) {
    let len = c.len_utf8();
    stream.text.push(c);
    for _ in 0..len {
        stream.origin.push(origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! streams {
        ($($name:ident: $text:expr => $stream:expr, $disguised:expr;)*) => {$(
            #[test]
            fn $name() {
                let s = Stream::build($text);
                assert_eq!(s.text, $stream);
                let disguised: Vec<usize> = (0..s.words.len()).filter(|&i| s.words[i].disguised).collect();
                let expected: Vec<usize> = $disguised;
                assert_eq!(disguised, expected);
            }
        )*};
    }

    streams! {
        plain_words: "قالت قسد" => "قالت قسد", vec![];
        punctuation_is_a_hard_break: "قسد، داعش" => "قسد\nداعش", vec![];
        quotes_are_soft: "قوات «سوريا»" => "قوات سوريا", vec![];
        script_change_splits: "ال20" => "ال 20", vec![];
        detached_clitic_tatweel_quote: "لـ\"قسد\"" => "لقسد", vec![];
        detached_clitic_tatweel_space_quote: "بـ “الباغوز”" => "بالباغوز", vec![];
        lone_wa: "و قسد" => "وقسد", vec![];
        chained_detached_clitics: "و لـ\"قسد\"" => "ولقسد", vec![];
        two_letter_word_not_detached_without_mark: "لل قسد" => "لل قسد", vec![];
        spaced_letters: "د ا ع ش" => "داعش", vec![0];
        spaced_letters_after_word: "عناصر ق س د" => "عناصر قسد", vec![1];
        two_spaced_letters_are_not_a_word: "د ا" => "د ا", vec![];
        conjunction_after_spaced_letters: "د ا ع ش و داعش" => "داعش وداعش", vec![0];
        spaced_letters_stop_at_punctuation: "د ا ع. ش" => "داع\nش", vec![0];
        tatweel_split: "داعـ ـش" => "داعش", vec![0];
        tatweel_on_one_side_only: "داعـ ش" => "داع ش", vec![];
        dot_slipped_in: "دا.عش" => "داعش", vec![0];
        dot_between_long_words_is_a_sentence_end: "انتهى.وبدأ" => "انتهي\nوبدا", vec![];
        digit_slipped_in: "داع1ش" => "داعش", vec![0];
        number_glued_to_word_stays: "ال20" => "ال 20", vec![];
        tatweel_padding_needs_no_join: "قــــســــد" => "قسد", vec![];
    }

    #[test]
    fn origins_point_into_the_original() {
        let text = "خلايا د ا ع ش";
        let s = Stream::build(text);
        let w = s.words[1];
        assert_eq!(&text[w.orig_start as usize..w.orig_end as usize], "د ا ع ش");
        assert_eq!(
            s.origin(w.start as usize + 2),
            text.rfind('ا').unwrap() as u32
        );
    }
}
