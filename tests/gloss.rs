//! Behaviour: Arabic sentences in, exact spans and entries out, against a small test glossary
//! (tests/fixtures/glossary/test.tsv) with one entry per phenomenon. Every sentence here was
//! written for these tests.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::glosser;
use hamish::glossary::EntryType;

/// (surface, prefix, stem, suffix, entry id) for every span, optionally leaving out general words.
fn spans(text: &str, with_words: bool) -> Vec<(String, String, String, String, String)> {
    let g = glosser();
    g.gloss(text)
        .iter()
        .filter(|s| with_words || g.entry(s.entry).entry_type != EntryType::Word)
        .map(|s| {
            let piece = |a: usize, b: usize| text[a..b].to_string();
            (
                piece(s.start.byte, s.end.byte),
                piece(s.start.byte, s.stem_start.byte),
                piece(s.stem_start.byte, s.stem_end.byte),
                piece(s.stem_end.byte, s.end.byte),
                g.entry(s.entry).id.clone(),
            )
        })
        .collect()
}

fn owned(
    expected: &[(&str, &str, &str, &str, &str)],
) -> Vec<(String, String, String, String, String)> {
    expected
        .iter()
        .map(|(a, b, c, d, e)| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                d.to_string(),
                e.to_string(),
            )
        })
        .collect()
}

/// `name: "text" => [(surface, prefix, stem, suffix, id), ...];` asserts the named-entity and
/// term spans exactly; `words name: ...` includes general-vocabulary words too.
macro_rules! gloss_cases {
    ($($name:ident: $text:expr => [$($span:expr),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(spans($text, false), owned(&[$($span),*]), "text: {}", $text);
        }
    )*};
}

macro_rules! word_cases {
    ($($name:ident: $text:expr => [$($span:expr),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(spans($text, true), owned(&[$($span),*]), "text: {}", $text);
        }
    )*};
}

gloss_cases! {
    // Proclitics attached to names and abbreviations.
    li_on_abbreviation: "قدم التحالف دعما لقسد" => [("لقسد", "ل", "قسد", "", "abbr.qasad")];
    wa_bi_al_on_multiword: "تعاون وبالتحالف الدولي" => [("وبالتحالف الدولي", "وب", "التحالف الدولي", "", "org.coalition")];
    fa_lil_on_article_name: "عاد فللعراق" => [("فللعراق", "فلل", "عراق", "", "place.iraq")];
    ka_on_place_written_with_article: "مدينة كالرقة" => [("كالرقة", "ك", "الرقة", "", "place.raqqa")];
    bi_on_multiword_first_word: "اجتماع بمخيم الهول" => [("بمخيم الهول", "ب", "مخيم الهول", "", "place.al-hol-camp")];
    li_on_long_name: "دعم لقوات سوريا الديمقراطية" => [("لقوات سوريا الديمقراطية", "ل", "قوات سوريا الديمقراطية", "", "org.sdf")];
    wa_on_abbreviation: "داعش وقسد" => [("داعش", "", "داعش", "", "abbr.daesh"), ("وقسد", "و", "قسد", "", "abbr.qasad")];
    lil_on_term_with_lam_stem: "تقرير للجنة الأمنية" => [("للجنة الأمنية", "ل", "لجنة الأمنية", "", "term.committee")];

    // Proclitics written apart: tatweel, quotes, a space.
    detached_li_with_tatweel_and_quote: "قالت لـ\"قسد\" أمس" => [("لـ\"قسد", "لـ\"", "قسد", "", "abbr.qasad")];
    detached_bi_with_space_and_curly_quote: "في معركة بـ “الباغوز” انتهت" => [("بـ “الباغوز", "بـ “", "الباغوز", "", "place.baghouz")];
    detached_wa_with_guillemet: "و«قوات سوريا الديمقراطية» شاركت" => [("و«قوات سوريا الديمقراطية", "و«", "قوات سوريا الديمقراطية", "", "org.sdf")];
    lone_wa_with_space: "داعش و قسد" => [("داعش", "", "داعش", "", "abbr.daesh"), ("و قسد", "و ", "قسد", "", "abbr.qasad")];

    // Diacritics, tatweel, letter variants.
    tanween_and_shadda: "بيان قَسَدٌ اليوم" => [("قَسَدٌ", "", "قَسَدٌ", "", "abbr.qasad")];
    vocalised_clitic: "وَلِقُوّاتِ سُورِيا الدِّيمُقْراطِيّةِ" => [("وَلِقُوّاتِ سُورِيا الدِّيمُقْراطِيّةِ", "وَلِ", "قُوّاتِ سُورِيا الدِّيمُقْراطِيّةِ", "", "org.sdf")];
    padded_with_tatweel: "بيان قــــســــد" => [("قــــســــد", "", "قــــســــد", "", "abbr.qasad")];
    no_hamza_and_ha_for_ta: "الاداره الذاتيه لشمال وشرق سوريا" => [("الاداره الذاتيه لشمال وشرق سوريا", "", "الاداره الذاتيه لشمال وشرق سوريا", "", "org.aanes")];
    egyptian_final_ya: "انفجار فى العراق" => [("العراق", "", "العراق", "", "place.iraq")];
    persian_letters: "قوات سوریا الدیمقراطیة" => [("قوات سوریا الدیمقراطیة", "", "قوات سوریا الدیمقراطیة", "", "org.sdf")];
    presentation_forms: "ﻗﺴﺪ" => [("ﻗﺴﺪ", "", "ﻗﺴﺪ", "", "abbr.qasad")];
    bidi_marks_inside: "\u{200F}ل\u{200C}قسد" => [("ل\u{200C}قسد", "ل\u{200C}", "قسد", "", "abbr.qasad")];

    // Spelling variants listed as aliases, across a multi-word name.
    syria_with_ta_marbuta: "قوات سورية الديموقراطية" => [("قوات سورية الديموقراطية", "", "قوات سورية الديموقراطية", "", "org.sdf")];
    american_with_ya_before_kaf: "القيادة المركزية الأميركية" => [("القيادة المركزية الأميركية", "", "القيادة المركزية الأميركية", "", "org.centcom")];

    // Quotes and brackets inside and around multi-word names.
    quote_inside_name: "قوات \"سوريا الديمقراطية\"" => [("قوات \"سوريا الديمقراطية", "", "قوات \"سوريا الديمقراطية", "", "org.sdf")];
    brackets_around: "(قسد) [داعش]" => [("قسد", "", "قسد", "", "abbr.qasad"), ("داعش", "", "داعش", "", "abbr.daesh")];
    conjunction_across_bracket: "(قسد) و[داعش]" => [("قسد", "", "قسد", "", "abbr.qasad"), ("و[داعش", "و[", "داعش", "", "abbr.daesh")];
    dash_between_words: "مخيم–الهول" => [("مخيم–الهول", "", "مخيم–الهول", "", "place.al-hol-camp")];

    // Longest match first.
    longest_coalition: "التحالف الدولي لمكافحة داعش" => [("التحالف الدولي لمكافحة داعش", "", "التحالف الدولي لمكافحة داعش", "", "org.global-coalition")];
    camp_over_place: "مخيم الهول والهول" => [("مخيم الهول", "", "مخيم الهول", "", "place.al-hol-camp"), ("والهول", "و", "الهول", "", "place.al-hol")];
    organisation_over_country: "تنظيم الدولة الإسلامية في سوريا" => [("تنظيم الدولة الإسلامية", "", "تنظيم الدولة الإسلامية", "", "org.isis"), ("سوريا", "", "سوريا", "", "place.syria")];
    person_two_words: "قال مظلوم عبدي" => [("مظلوم عبدي", "", "مظلوم عبدي", "", "person.mazloum-abdi")];

    // Never inside a longer word, never a mangled name.
    baghdad_is_not_bi_ghad: "بغداد" => [("بغداد", "", "بغداد", "", "place.baghdad")];
    britain_whole: "بريطانيا ولبنان" => [("بريطانيا", "", "بريطانيا", "", "place.britain"), ("ولبنان", "و", "لبنان", "", "place.lebanon")];
    name_takes_no_suffix: "قسدنا" => [];
    name_takes_no_article: "القسد" => [];
    not_inside_longer_word: "الهولندي وداعشية" => [];
    not_across_full_stop: "قوات سوريا. الديمقراطية" => [("سوريا", "", "سوريا", "", "place.syria")];
    not_across_comma: "مخيم، الهول" => [("الهول", "", "الهول", "", "place.al-hol")];
    empty_text: "" => [];
    only_marks: "ًٌٍَُِّْ" => [];
    only_tatweel: "ـــــــ" => [];

    // Terms disguised to dodge filters.
    spaced_letters: "خلايا د ا ع ش" => [("د ا ع ش", "", "د ا ع ش", "", "abbr.daesh")];
    spaced_letters_with_clitic: "و ق س د" => [("و ق س د", "و ", "ق س د", "", "abbr.qasad")];
    split_by_tatweel_and_space: "عناصر داعـ ـش" => [("داعـ ـش", "", "داعـ ـش", "", "abbr.daesh")];
    dot_slipped_in: "دا.عش" => [("دا.عش", "", "دا.عش", "", "abbr.daesh")];
    digit_slipped_in: "داع1ش" => [("داع1ش", "", "داع1ش", "", "abbr.daesh")];
    spaced_letters_never_make_ordinary_words: "م خ ي م" => [];
    spaced_letters_never_make_multiword_names: "م خ ي م الهول" => [("الهول", "", "الهول", "", "place.al-hol")];
    single_letters_in_a_list_stay_apart: "البنود أ و ب" => [];

    // Second mentions: a short form names the person; the one the text names in full first. A
    // short form that is also an ordinary word (الشرع "the law", الأسد "the lion") names the
    // person only where the text also names them in full.
    distinctive_short_form_alone: "قال الجولاني إن الحكومة باقية" => [("الجولاني", "", "الجولاني", "", "person.ahmed-al-sharaa")];
    ordinary_short_form_alone_is_the_ordinary_word: "قال الشرع إن الحكومة باقية" => [];
    ordinary_short_form_after_the_full_name: "استقبل أحمد الشرع الوفد، وقال الشرع وفي رسالة للشرع والجولاني" => [
        ("أحمد الشرع", "", "أحمد الشرع", "", "person.ahmed-al-sharaa"),
        ("الشرع", "", "الشرع", "", "person.ahmed-al-sharaa"),
        ("للشرع", "لل", "شرع", "", "person.ahmed-al-sharaa"),
        ("والجولاني", "و", "الجولاني", "", "person.ahmed-al-sharaa"),
    ];
    short_form_takes_no_suffix: "الشرعي والأسدية" => [];
    shared_short_form_without_the_full_name: "وصل الأسد" => [];
    shared_short_form_after_the_full_name: "حكم حافظ الأسد ثلاثين عاما، وكان الأسد يخشى الانقلابات" => [
        ("حافظ الأسد", "", "حافظ الأسد", "", "person.hafez-al-assad"),
        ("الأسد", "", "الأسد", "", "person.hafez-al-assad"),
    ];
    full_form_beats_a_short_one: "غادر بشار الأسد" => [("بشار الأسد", "", "بشار الأسد", "", "person.bashar-al-assad")];
    nisba_without_the_full_name_is_the_adjective: "أعلن الجيش السوداني هدنة، وقال السوداني إن" => [];
    nisba_after_the_full_name: "التقى محمد شياع السوداني وفدا، ثم قال الرئيس السوداني إن" => [
        ("محمد شياع السوداني", "", "محمد شياع السوداني", "", "person.mohammed-shia-al-sudani"),
        ("السوداني", "", "السوداني", "", "person.mohammed-shia-al-sudani"),
    ];
    whole_word_beats_a_clitic_reading: "قال باراك إن المهلة انتهت" => [("باراك", "", "باراك", "", "person.tom-barrack")];
    // A word that is an ordinary word as written is not a clitic and a term (كامل, لديه).
    ordinary_word_is_not_clitic_and_name: "وصل الوفد كامل العدد، وقالت حركة أمل إنها لأمل" => [
        ("حركة أمل", "", "حركة أمل", "", "org.amal-movement"),
        ("لأمل", "ل", "أمل", "", "org.amal-movement"),
    ];
    preposition_with_pronoun_is_not_clitic_and_term: "لديه خبرة ولديها مال، ودفع الدية لأهل القتيل" => [("الدية", "ال", "دية", "", "term.diya")];

    // Folding that would mislead: a function word with clitics wins when its letters were folded.
    and_to_with_alif_maqsura_is_not_a_governor: "ذهب والى المدينة" => [];
    and_to_with_hamza_is_not_a_governor: "من الرقة وإلى الحسكة" => [
        ("الرقة", "", "الرقة", "", "place.raqqa"),
        ("الحسكة", "", "الحسكة", "", "place.hasakah"),
    ];
    governor_as_written_stays: "عيّن التنظيم والي الرقة" => [("والي", "", "والي", "", "term.wali"), ("الرقة", "", "الرقة", "", "place.raqqa")];
    spelled_out_letters_need_spelled_text: "بيد أن الحزب رفض، وظل القرار بيد الحكومة" => [];
    spelled_out_abbreviation: "أعلن حزب ب ي د" => [("ب ي د", "", "ب ي د", "", "abbr.pyd-letters")];

    // Scripts: Kurdish letters and spellings, Latin acronyms, words run together.
    kurdish_letters_meet_arabic: "وصل الوفد إلى هەولێر" => [("هەولێر", "", "هەولێر", "", "place.erbil")];
    kurdish_spelling_of_kurdistan: "بيان الاتحاد الوطني الكوردستاني" => [("الاتحاد الوطني الكوردستاني", "", "الاتحاد الوطني الكوردستاني", "", "org.puk")];
    latin_acronym_in_arabic_text: "أعلنت SDF وحزب PYD" => [("SDF", "", "SDF", "", "org.sdf"), ("PYD", "", "PYD", "", "org.pyd")];
    words_run_together: "رسالة عبدالله أوجلان إلى أبومحمد الجولاني" => [
        ("عبدالله أوجلان", "", "عبدالله أوجلان", "", "person.abdullah-ocalan"),
        ("أبومحمد الجولاني", "", "أبومحمد الجولاني", "", "person.ahmed-al-sharaa"),
    ];
}

word_cases! {
    allah_is_not_al_plus_lahu: "الله" => [("الله", "", "الله", "", "word.allah")];
    and_to_is_the_preposition: "والى" => [("والى", "و", "الى", "", "word.ila")];
    on_with_alif_maqsura_is_the_preposition: "على" => [("على", "", "على", "", "word.ala")];
    // The accusative alif follows a final ه (اتجاهاً) but never ة: لديها is لدى + ها.
    accusative_after_ha: "اتجاها" => [("اتجاها", "", "اتجاه", "ا", "word.ittijah")];
    no_accusative_after_ta_marbuta: "لديها" => [("لديها", "", "لدي", "ها", "word.lada")];
    ali_in_a_full_name: "قال علي حامد" => [("قال", "", "قال", "", "word.qala"), ("علي حامد", "", "علي حامد", "", "person.ali-hamid")];
    ta_marbuta_before_pronoun: "مدينتها" => [("مدينتها", "", "مدينت", "ها", "word.madina")];
    feminine_plural: "المدينات" => [("المدينات", "ال", "مدين", "ات", "word.madina")];
    broken_plural_with_pronoun: "لجانها" => [("لجانها", "", "لجان", "ها", "word.lajna")];
    adjective_feminine_with_article: "السورية" => [("السورية", "ال", "سوري", "ة", "word.suri")];
    adjective_plural: "السوريين" => [("السوريين", "ال", "سوري", "ين", "word.suri")];
    verb_perfect_with_subject: "وقالت" => [("وقالت", "و", "قال", "ت", "word.qala")];
    verb_imperfect_future_plural: "سيقولون" => [("سيقولون", "سي", "قول", "ون", "word.qala")];
    preposition_with_pronoun: "فيها" => [("فيها", "", "في", "ها", "word.fi")];
    particle_with_bi: "بإن" => [("بإن", "ب", "إن", "", "word.inna")];
    hamza_seat_variants: "مسئول مسؤول" => [("مسئول", "", "مسئول", "", "word.mas-ul"), ("مسؤول", "", "مسؤول", "", "word.mas-ul")];
    article_blocks_possessive: "المدينتها" => [];
    accusative_alif: "مخيما" => [("مخيما", "", "مخيم", "ا", "word.mukhayyam")];
    one_letter_preposition_with_pronoun: "فيه وله" => [("فيه", "", "في", "ه", "word.fi"), ("وله", "و", "ل", "ه", "word.li")];
}

#[test]
fn disguised_spans_say_so() {
    let g = glosser();
    let spans = g.gloss("د ا ع ش و داعش");
    assert_eq!(
        spans.iter().map(|s| s.disguised).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn offsets_in_three_units() {
    let g = glosser();
    let text = "😀 لقسد";
    let s = &g.gloss(text)[0];
    assert_eq!((s.start.byte, s.start.char, s.start.utf16), (5, 2, 3));
    assert_eq!(
        (s.stem_start.byte, s.stem_start.char, s.stem_start.utf16),
        (7, 3, 4)
    );
    assert_eq!((s.end.byte, s.end.char, s.end.utf16), (13, 6, 7));
}

#[test]
fn clitic_meanings_are_reported() {
    let g = glosser();
    let s = &g.gloss("وبالتحالف الدولي")[0];
    let parts: Vec<(&str, &str)> = s.prefix.iter().map(|a| (a.text, a.meaning)).collect();
    assert_eq!(parts, [("و", "and"), ("ب", "in, by, with")]);
}

#[test]
fn homograph_readings_are_alternatives() {
    // سورية is a spelling of Syria (a place) and the feminine of سوري (a word): the whole-word
    // place wins, the adjective is offered beside it.
    let g = glosser();
    let s = &g.gloss("سورية")[0];
    assert_eq!(g.entry(s.entry).id, "place.syria");
    let alternatives: Vec<&str> = s
        .alternatives
        .iter()
        .map(|&a| g.entry(a).id.as_str())
        .collect();
    assert_eq!(alternatives, ["word.suri"]);
}

#[test]
fn lookup_lists_losing_readings_too() {
    let g = glosser();
    let text = "زيارة مخيم الهول";
    let at = text.find("الهول").unwrap();
    let ids: Vec<&str> = g
        .lookup(text, at)
        .iter()
        .map(|r| g.entry(r.entry).id.as_str())
        .collect();
    assert_eq!(ids, ["place.al-hol-camp", "place.al-hol"]);
}

#[test]
fn lookup_of_unknown_word_is_empty() {
    let g = glosser();
    assert!(g.lookup("كلمة غريبة", 2).is_empty());
}

#[test]
fn lookup_offsets_count_from_the_whole_text() {
    let g = glosser();
    let text = "سطر أول\nثم 😀 لقسد";
    let at = text.find("قسد").unwrap();
    let r = &g.lookup(text, at)[0];
    assert_eq!(&text[r.start.byte..r.end.byte], "لقسد");
    assert_eq!(r.start.utf16, text[..r.start.byte].encode_utf16().count());
}

#[test]
fn user_entries_win_over_bundled_ones() {
    use hamish::glossary::source::HEADER;
    let tsv = format!("{HEADER}\nmine.hol\tمخيم الهول\t\tplace\tal-Hol camp (my note)\tMukhayyam al-Hawl\t\t\t\t\t\t\t\t\n");
    let mine = glosser().with_user_sources(&[("mine.tsv", &tsv)]).unwrap();
    let spans = mine.gloss("زرنا مخيم الهول");
    let s = spans
        .iter()
        .find(|s| mine.entry(s.entry).entry_type == EntryType::Place)
        .unwrap();
    assert_eq!(mine.entry(s.entry).id, "mine.hol");
    assert!(mine.entry(s.entry).user);
}

#[test]
fn user_glossary_errors_name_file_and_line() {
    // A file exported before the `short` and `checked` columns existed still reads.
    use hamish::glossary::source::LEGACY_HEADER;
    let tsv = format!("{LEGACY_HEADER}\nplace.syria\tسوريا\t\tplace\tSyria\tSūriyā\t\t\t\t\t\t\nx\t<b>\t\tplace\tx\tx\t\t\t\t\t\t\n");
    let err = glosser()
        .with_user_sources(&[("mine.tsv", &tsv)])
        .unwrap_err();
    assert_eq!(
        err.messages(),
        [
            "mine.tsv:3: `ar` contains `<`: HTML is not allowed in glossary text",
            "mine.tsv:2: id `place.syria` is already used by the bundled glossary",
        ]
    );
}
