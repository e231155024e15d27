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

use crate::normalise::{fold_arabic_run, fold_char, starts_arabic_run, Event};

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
    /// The way back to the original text, as the points where the offset between stream and
    /// original changes (a folded or deleted character, a separator of another length): most of
    /// a text is copied as it is, so a map per byte would be mostly redundant.
    anchors: Vec<Anchor>,
    /// The words, in order.
    pub words: Vec<Word>,
}

/// A letter at stream byte `stream` comes from original byte `original`; so does every later
/// letter, shifted by its distance from `stream`, up to the next anchor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Anchor {
    stream: u32,
    original: u32,
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
        'a'..='z' => Class::Letter(Script::Other),
        '\0'..='\u{7F}' | '\u{0600}'..='\u{060F}' | '\u{061B}'..='\u{061F}' | '\u{06D4}' => {
            Class::Hard
        }
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

/// Whether `gap` is white space with a tatweel in it (داعـ ـش).
fn tatweel_and_space(gap: &str) -> bool {
    gap.contains('\u{0640}') && gap.chars().all(|c| c.is_whitespace() || c == '\u{0640}')
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
        pieces.emit(&joins)
    }

    /// Original byte offset where the letter at stream byte `pos` starts. (Separators have no
    /// single place in the original; their offsets are not meaningful.)
    pub fn origin(&self, pos: usize) -> u32 {
        let pos = pos as u32;
        let before = self.anchors.partition_point(|a| a.stream <= pos);
        let anchor = before
            .checked_sub(1)
            .map_or(Anchor::default(), |i| self.anchors[i]);
        anchor.original.wrapping_add(pos - anchor.stream)
    }

    /// Records that the letter about to be written at the end of the stream comes from original
    /// byte `original`.
    #[inline]
    fn anchor_next(&mut self, original: u32) {
        self.anchor(self.text.len() as u32, original);
    }

    /// Records that the letter at stream byte `pos`, the last letter written or the next,
    /// comes from original byte `original`: an anchor unless the last one already says so.
    #[inline]
    fn anchor(&mut self, pos: u32, original: u32) {
        let last = self.anchors.last().copied().unwrap_or_default();
        if last.original.wrapping_add(pos - last.stream) != original {
            self.anchors.push(Anchor {
                stream: pos,
                original,
            });
        }
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

/// The state of [`Pieces::read`] between two characters.
struct Reader {
    stream: Stream,
    pieces: Vec<Piece>,
    /// Whether the last piece is still being read: the last character was one of its letters
    /// (or a deleted mark after one).
    open: bool,
    gap: Gap,
    gap_chars: usize,
    gap_char: Option<char>,
}

impl Reader {
    fn new(text: &str) -> Reader {
        Reader {
            stream: Stream {
                text: String::with_capacity(text.len() + text.len() / 8),
                anchors: Vec::new(),
                words: Vec::new(),
            },
            pieces: Vec::with_capacity(text.len() / 8),
            open: false,
            gap: Gap::None,
            gap_chars: 0,
            gap_char: None,
        }
    }

    fn finish(self) -> Pieces {
        Pieces {
            stream: self.stream,
            pieces: self.pieces,
        }
    }

    /// The piece being read, if any.
    #[inline]
    fn current(&mut self) -> Option<&mut Piece> {
        if self.open {
            self.pieces.last_mut()
        } else {
            None
        }
    }

    /// Starts a new piece of `script` at original byte `start` unless the last character was a
    /// letter of that script.
    #[inline]
    fn continue_or_start(&mut self, script: Script, start: u32) {
        if !(self.open && self.pieces.last().map(|p| p.script) == Some(script)) {
            self.start_piece(script, start);
        }
    }

    /// Records that `letters` more letters of the current piece were written, up to original
    /// byte `orig_end`.
    #[inline]
    fn extend(&mut self, letters: u32, orig_end: u32) {
        let stream_end = self.stream.text.len() as u32;
        if let Some(piece) = self.current() {
            piece.end = stream_end;
            piece.letters += letters;
            piece.orig_end = orig_end;
        }
    }

    /// Reads the run of common Arabic letters at byte `from` of `text` ([`fold_arabic_run`])
    /// and returns where it ends: the fast path, with no folding or classifying one character
    /// at a time.
    #[inline]
    fn arabic_run(&mut self, text: &str, from: usize) -> usize {
        self.continue_or_start(Script::Arabic, from as u32);
        self.stream.anchor_next(from as u32);
        let end = fold_arabic_run(text, from, &mut self.stream.text);
        self.extend(((end - from) / 2) as u32, end as u32);
        end
    }

    /// Reads one normalised character, or a mark or hamza the normaliser reports.
    fn event(&mut self, event: Event) {
        match event {
            Event::Char(nc) => match classify(nc.ch) {
                Class::Letter(script) => self.letter(nc.ch, script, nc.start as u32, nc.end as u32),
                class => self.separator(class, nc.ch),
            },
            // Marks and tatweel after a letter belong to it; after a separator, to nothing.
            Event::Absorb(end) => {
                if let Some(piece) = self.current() {
                    piece.orig_end = end as u32;
                }
            }
            Event::HamzaOnSeat => {
                let text = &mut self.stream.text;
                if self.open && text.ends_with(['و', 'ي']) {
                    // و, ي and ء are all two bytes long: the origin map stays as it is.
                    text.pop();
                    text.push('ء');
                }
            }
        }
    }

    /// A letter from original bytes `start..end`: the next of the current piece, or the first
    /// of a new one.
    #[inline]
    fn letter(&mut self, ch: char, script: Script, start: u32, end: u32) {
        self.continue_or_start(script, start);
        self.stream.anchor_next(start);
        self.stream.text.push(ch);
        self.extend(1, end);
    }

    /// Starts a new piece of `script` whose first letter is at original byte `start`, after
    /// the separator the gap before it calls for.
    #[inline]
    fn start_piece(&mut self, script: Script, start: u32) {
        if !self.pieces.is_empty() {
            self.stream
                .text
                .push(if self.gap == Gap::Hard { '\n' } else { ' ' });
        }
        let piece_start = self.stream.text.len() as u32;
        self.pieces.push(Piece {
            start: piece_start,
            end: piece_start,
            letters: 0,
            orig_start: start,
            orig_end: start,
            script,
            gap: self.gap,
            lone_separator: if self.gap_chars == 1 {
                self.gap_char
            } else {
                None
            },
        });
        self.open = true;
        self.gap = Gap::None;
        self.gap_chars = 0;
    }

    /// A separator of `class` (not a letter): ends the current piece and widens the gap.
    #[inline]
    fn separator(&mut self, class: Class, ch: char) {
        self.open = false;
        self.gap = match (self.gap, class) {
            (Gap::Hard, _) | (_, Class::Hard) => Gap::Hard,
            (_, Class::Quote) | (Gap::SoftWithQuote, _) => Gap::SoftWithQuote,
            _ => Gap::Soft,
        };
        self.gap_chars += 1;
        self.gap_char = Some(ch);
    }
}

impl Pieces {
    fn read(text: &str) -> Pieces {
        let mut reader = Reader::new(text);
        let mut at = 0;
        // Fast paths for what most of a news text is: runs of common Arabic letters and single
        // spaces. Everything else is folded one character at a time.
        while at < text.len() {
            if starts_arabic_run(text, at) {
                at = reader.arabic_run(text, at);
            } else if text.as_bytes()[at] == b' ' {
                reader.separator(Class::Soft, ' ');
                at += 1;
            } else {
                let mut chars = text[at..].chars();
                let c = chars.next().unwrap_or_default();
                fold_char(c, chars.next(), at, |event| reader.event(event));
                at += c.len_utf8();
            }
        }
        reader.finish()
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
            if !(self.is_arabic(i) && self.len(i) == 1) {
                i += 1;
                continue;
            }
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
                // داعـ ـش: tatweel on both sides of a space.
                if gap == Gap::Soft
                    && self.lost_characters(prev)
                    && self.written(text, prev).ends_with('\u{0640}')
                    && tatweel_and_space(self.gap_text(text, i))
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
        let single = self.len(i) == 1 && word.chars().all(|c| LONE_CLITIC.contains(&c));
        let tatweel = self.lost_characters(i) && self.written(text, i).contains('\u{0640}');
        (single || gap == Gap::SoftWithQuote || tatweel) && DETACHABLE.contains(&word)
    }

    /// Whether piece `i` is written with more than its letters: only then can the original hold
    /// a tatweel (or any other character the normaliser deletes).
    fn lost_characters(&self, i: usize) -> bool {
        let p = self.pieces[i];
        p.orig_end - p.orig_start != p.end - p.start
    }

    /// The original text of piece `i`.
    fn written<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let p = self.pieces[i];
        text.get(p.orig_start as usize..p.orig_end as usize)
            .unwrap_or("")
    }

    /// The final stream: pieces as written, or, where pieces join, with the separators between
    /// them removed (and a digit slipped into a word dropped).
    fn emit(self, joins: &[Join]) -> Stream {
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
            return stream;
        }
        let mut out = Stream {
            text: String::with_capacity(stream.text.len()),
            anchors: Vec::with_capacity(stream.anchors.len() + 1),
            words: Vec::with_capacity(pieces.len()),
        };
        let anchors = &stream.anchors;
        // The first anchor of the pieces being copied, or after them.
        let mut next_anchor = 0;
        let mut i = 0;
        while i < pieces.len() {
            // Pieces that stay separate are copied in bulk, with the separators between them.
            let separate = joins[i..]
                .iter()
                .take_while(|&&j| j == Join::Separate)
                .count();
            let group = &pieces[i..i + separate.max(1)];
            let (first, last) = (group[0], group[group.len() - 1]);
            let join = joins[i];
            let dropped = first.script == Script::Digits && join == Join::Disguise;
            let from = if join == Join::Separate && !out.words.is_empty() {
                first.start - 1 // the separator written before the piece
            } else {
                first.start
            };
            let out_first = out.text.len() as u32 + (first.start - from);
            while anchors
                .get(next_anchor)
                .is_some_and(|a| a.stream <= first.start)
            {
                next_anchor += 1;
            }
            if !dropped {
                let base = next_anchor
                    .checked_sub(1)
                    .map_or(Anchor::default(), |k| anchors[k]);
                out.anchor(
                    out_first,
                    base.original.wrapping_add(first.start - base.stream),
                );
                out.text
                    .push_str(&stream.text[from as usize..last.end as usize]);
                while let Some(a) = anchors.get(next_anchor).filter(|a| a.stream < last.end) {
                    out.anchors.push(Anchor {
                        stream: a.stream - first.start + out_first,
                        original: a.original,
                    });
                    next_anchor += 1;
                }
            }
            let end = out.text.len() as u32;
            match (join, out.words.last_mut()) {
                (Join::Separate, _) | (_, None) => out.words.extend(group.iter().map(|p| Word {
                    start: p.start - first.start + out_first,
                    end: if dropped {
                        end
                    } else {
                        p.end - first.start + out_first
                    },
                    orig_start: p.orig_start,
                    orig_end: p.orig_end,
                    script: p.script,
                    disguised: false,
                })),
                (join, Some(word)) => {
                    word.end = end;
                    word.orig_end = first.orig_end;
                    word.disguised |= join == Join::Disguise;
                }
            }
            i += group.len();
        }
        out
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

    /// The stream as read with no fast path: every character through the normaliser's events.
    fn build_one_char_at_a_time(text: &str) -> Stream {
        let mut reader = Reader::new(text);
        crate::normalise::fold_text(text, |event| reader.event(event));
        let pieces = reader.finish();
        let joins = pieces.decide_joins(text);
        pieces.emit(&joins)
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn fast_paths_read_as_one_char_at_a_time(
            text in "([\u{0621}-\u{064A}\u{0671}\u{0654}\u{06CC}ﻻ ،.«»a1٢\n-]{0,12}){0,6}"
        ) {
            let fast = Stream::build(&text);
            let slow = build_one_char_at_a_time(&text);
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.words, &slow.words);
            for (pos, _) in fast.text.char_indices() {
                if fast.text.as_bytes()[pos] != b' ' && fast.text.as_bytes()[pos] != b'\n' {
                    proptest::prop_assert_eq!(fast.origin(pos), slow.origin(pos), "at {}", pos);
                }
            }
        }
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
