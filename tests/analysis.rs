//! Word analysis a learner sees when clicking a word: the first reading of a word (its entry,
//! and its parts with their meanings), and the readings that must not be offered. Against the
//! small test glossary (tests/fixtures/glossary/test.tsv); every word and sentence was written
//! for these tests.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::glosser;

/// The readings of `word` in `sentence`, best first: (entry id, prefix parts, suffix parts),
/// each part as `text:meaning`.
fn readings(sentence: &str, word: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    let g = glosser();
    let at = sentence
        .find(word)
        .unwrap_or_else(|| panic!("{word} is not in {sentence}"));
    g.lookup(sentence, at)
        .iter()
        .filter(|r| r.start.byte <= at && at < r.end.byte)
        .map(|r| {
            let parts = |affixes: &[hamish::affixes::Affix]| {
                affixes
                    .iter()
                    .map(|a| format!("{}:{}", a.text, a.meaning))
                    .collect::<Vec<_>>()
            };
            (
                g.entry(r.entry).id.clone(),
                parts(&r.prefix),
                parts(&r.suffix),
            )
        })
        .collect()
}

/// `name: "sentence", "word" => "entry", [prefix parts], [suffix parts];` the first reading of
/// the word is that entry with those parts. `none name: "sentence", "word" => "entry";` no
/// reading of the word is that entry.
macro_rules! analyses {
    () => {};
    ($name:ident: $sentence:expr, $word:expr => $entry:expr, [$($pre:expr),*], [$($suf:expr),*]; $($rest:tt)*) => {
        #[test]
        fn $name() {
            let all = readings($sentence, $word);
            let expected = (
                $entry.to_string(),
                vec![$($pre.to_string()),*] as Vec<String>,
                vec![$($suf.to_string()),*] as Vec<String>,
            );
            assert_eq!(all.first(), Some(&expected), "{}: all readings {all:?}", $word);
        }
        analyses! { $($rest)* }
    };
    (none $name:ident: $sentence:expr, $word:expr => $entry:expr; $($rest:tt)*) => {
        #[test]
        fn $name() {
            let all = readings($sentence, $word);
            assert!(all.iter().all(|(id, ..)| id != $entry), "{}: {all:?}", $word);
        }
        analyses! { $($rest)* }
    };
}

analyses! {
    // The feminine ending is not a possessive: always on an adjective, on a noun when written ة.
    adjective_feminine: "منظمة دولية", "دولية" => "word.duwali", [], ["ه:feminine"];
    adjective_feminine_with_clitics: "جهات وكبيرة", "وكبيرة" => "word.kabir", ["و:and"], ["ه:feminine"];
    adjective_feminine_written_ha: "قاعة كبيره", "كبيره" => "word.kabir", [], ["ه:feminine"];
    noun_feminine_written_ta_marbuta: "جاءت طالبة", "طالبة" => "word.talib", [], ["ه:feminine"];
    noun_possessive_written_ha: "قرأ كتابه", "كتابه" => "word.kitab", [], ["ه:his, its"];

    // The perfect's نا is "we"; an object after a subject; -تمو- before an object.
    perfect_we: "قلنا", "قلنا" => "word.qala", [], ["نا:we (past)"];
    perfect_we_then_him: "وكتبناه", "وكتبناه" => "word.kataba", ["و:and"], ["نا:we (past)", "ه:him, it"];
    perfect_you_plural_then_him: "أخبرتموه", "أخبرتموه" => "word.akhbara", [], ["تمو:you (plural, past)", "ه:him, it"];
    she_or_you_then_me: "علمتني", "علمتني" => "word.alima", [], ["ت:I, you, she (past)", "ني:me"];
    none we_hit_us: "نضربنا", "نضربنا" => "word.daraba";
    none you_hit_you: "تضربونك", "تضربونك" => "word.daraba";
    you_hit_him: "تضربونه", "تضربونه" => "word.daraba", ["ت:she, you (present)"], ["ون:they, you (plural)", "ه:him, it"];

    // A verb form listed with its subject ending takes an object, never a second subject.
    inflected_form_takes_an_object: "دعوناه", "دعوناه" => "word.daa", [], ["ه:him, it"];
    inflected_form_then_us: "دعوتنا", "دعوتنا" => "word.daa", [], ["نا:us"];
    no_second_subject: "وقوات الأمن", "وقوات" => "word.quwwah", ["و:and"], ["ات:plural"];
    none no_second_subject_reading: "وقوات الأمن", "وقوات" => "word.waqa";

    // A reading that strips three affixes where one with two fewer exists is not offered.
    simplest_reading_first: "أهل وسوريه", "وسوريه" => "place.syria", ["و:and"], [];
    none strained_reading: "أهل وسوريه", "وسوريه" => "word.sur";

    // Commands and the second person feminine without ن.
    command_feminine: "ادرسي", "ادرسي" => "word.darasa", ["ا:(command)"], ["ي:you (woman)"];
    none i_then_you: "ادرسين", "ادرسين" => "word.darasa";
    you_woman_subjunctive: "يجب أن تجلسي", "تجلسي" => "word.jalasa", ["ت:she, you (present)"], ["ي:you (woman)"];

    // لل is ل + the article; three lāms are no spelling; لَ on the perfect.
    li_and_article: "عاد للبيت", "للبيت" => "word.bayt", ["لل:for the, to the"], [];
    li_article_assimilated: "تقرير للجنة", "للجنة" => "word.lajna", ["ل:for the, to the"], [];
    none three_lams: "تقرير لللجنة", "لللجنة" => "word.lajna";
    none no_emphatic_before_lam: "عاد للبيت", "للبيت" => "word.labba";

    // Construct plurals and duals without ن.
    construct_plural_nominative: "قال مقاتلو التنظيم", "مقاتلو" => "word.muqatil", [], ["و:plural (construct: of)"];
    construct_plural_before_definite: "طالب موظفي الدولة", "موظفي" => "word.muwazzaf", [], ["ي:plural or dual (construct: of)"];
    my_at_the_end: "قال موظفي", "موظفي" => "word.muwazzaf", [], ["ي:my"];
    feminine_dual_construct: "زوجتا الرئيس", "زوجتا" => "word.zawjah", [], ["ا:two (feminine, construct: of)"];

    // أ + ا written آ before the plural ات.
    alif_madda_plural: "المنشآت النفطية", "المنشآت" => "word.munshaah", ["ال:the"], ["ات:plural"];

    // ى is written ا before a pronoun.
    maqsura_as_alif: "هجر أهلها قراها", "قراها" => "word.qaryah", [], ["ها:her, its"];

    // No accusative alif after ة.
    none no_accusative_after_ta_marbuta: "كتابها", "كتابها" => "word.kitaba";

    // A written bare alif before ل: the article before a hamza.
    article_before_hamza_noun: "في السنة الماضية", "السنة" => "word.sanah", ["ال:the"], [];
    article_before_hamza_verb: "طالب بالحق", "بالحق" => "word.haqq", ["ب:in, by, with", "ال:the"], [];
    article_before_hamza_whole: "الحق واضح", "الحق" => "word.haqq", ["ال:the"], [];
    article_before_madda: "قلب الأم", "الأم" => "word.umm", ["ال:the"], [];
    hamza_as_written: "ألحق الضرر", "ألحق" => "word.alhaqa", [], [];
}
