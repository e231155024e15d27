//! The `hamish` command line as a user runs it: output formats, one-line errors with file and
//! position for bad input and malformed glossaries, and never a panic.

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hamish(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hamish"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hamish runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `fixture => message`: `hamish glossary check` on each malformed fixture fails with exactly
/// this one line.
macro_rules! invalid_glossaries {
    ($($name:ident: $file:expr => $message:expr;)*) => {$(
        #[test]
        fn $name() {
            let path = format!("tests/fixtures/glossary-invalid/{}", $file);
            let out = hamish(&["glossary", "check", &path], b"");
            assert_eq!(out.status.code(), Some(1));
            assert_eq!(stderr(&out), format!("hamish: {path}:{}\n", $message));
        }
    )*};
}

invalid_glossaries! {
    bad_header: "bad-header.tsv" => "1: the first line must be the header `id<TAB>ar<TAB>voc<TAB>type<TAB>en<TAB>tr<TAB>aliases<TAB>short<TAB>expands<TAB>refers<TAB>pos<TAB>shares<TAB>notes<TAB>checked`";
    field_count: "field-count.tsv" => "3: expected 14 tab-separated fields, found 3";
    missing_field: "missing-field.tsv" => "2: missing required field `en`";
    unknown_type: "unknown-type.tsv" => "2: unknown type `city`: expected one of organisation, abbreviation, person, place, event, term, word";
    unknown_pos: "unknown-pos.tsv" => "2: unknown part of speech `nounish`: expected noun, adj, verb, adv, prep, conj, pron, part, num, interj or name";
    duplicate_id: "duplicate-id.tsv" => "3: duplicate id `place.raqqa` (first defined at tests/fixtures/glossary-invalid/duplicate-id.tsv:2)";
    collision: "collision.tsv" => "3: form `الرقه` of `place.raqqa-city` is also a form of `place.raqqa` (tests/fixtures/glossary-invalid/collision.tsv:2); declare it in `shares` if both are meant";
    abbreviation_target: "abbreviation-target.tsv" => "2: `refers` names `org.sdf`, which is not an entry";
    html: "html.tsv" => "2: `en` contains `<`: HTML is not allowed in glossary text";
    control_character: "control-character.tsv" => "2: `en` contains the control character U+0007";
    vocalisation: "vocalisation.tsv" => "2: `voc` الرَّقَّة does not match `ar` الطبقة once vowels are removed (الرقه vs الطبقه)";
    huge_gloss: "huge-gloss.tsv" => "2: the gloss `en` is longer than 300 characters";
}

#[test]
fn bundled_glossary_checks_and_counts_by_type() {
    let out = hamish(&["glossary", "check"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("domain layer (every type but word): "),
        "{text}"
    );
    assert!(text.contains("  people.tsv"), "by file:\n{text}");
    for kind in [
        "organisation",
        "abbreviation",
        "person",
        "place",
        "event",
        "term",
        "word",
    ] {
        assert!(
            text.contains(&format!("  {kind}")),
            "{kind} missing from:\n{text}"
        );
    }
}

#[test]
fn gloss_json_has_the_documented_shape() {
    let out = hamish(&["gloss", "--format", "json"], "قالت لـ«قسد» إن".as_bytes());
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    for field in [
        "\"start\":5",
        "\"end\":11",
        "\"surface\":\"لـ«قسد\"",
        "\"prefix\":\"لـ«\"",
        "\"stem\":\"قسد\"",
        "\"suffix\":\"\"",
        "\"id\":\"abbr.qasad\"",
        "\"ar\":\"قسد\"",
        "\"type\":\"abbreviation\"",
        "\"aliases\":",
        "\"en\":",
    ] {
        assert!(json.contains(field), "{field} not in {json}");
    }
}

#[test]
fn gloss_json_lists_probable_names_with_cue_and_romanisation() {
    let text = "وقال العميد جوان حسو لقسد إن";
    let out = hamish(&["gloss", "--format", "json"], text.as_bytes());
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    for field in [
        "\"kind\":\"probable\",\"start\":12,\"end\":20",
        "\"name\":\"جوان حسو\"",
        "\"name_type\":\"person\"",
        "\"cue\":\"title\"",
        "\"cue_text\":\"العميد\"",
        "\"romanisation\":\"Juwān Ḥassū\"",
        "\"description\":\"Probably a person's name (after العميد)\"",
        "\"kind\":\"term\",\"start\":21",
    ] {
        assert!(json.contains(field), "{field} not in {json}");
    }
    // A probable name never claims an entry or a gloss.
    let name = &json[json.find("\"probable\"").unwrap()..json.find("\"kind\":\"term\"").unwrap()];
    assert!(
        !name.contains("\"entry\"") && !name.contains("\"en\""),
        "{name}"
    );
}

#[test]
fn gloss_text_and_html() {
    let text = "<b>داعش</b>";
    let out = hamish(&["gloss", "--format", "text"], text.as_bytes());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("3-7\tداعش\tداعش\tabbr.daesh\tabbreviation\t"));
    let out = hamish(&["gloss", "--format", "html"], text.as_bytes());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains("&lt;b&gt;<span class=\"term\""));
    assert!(!page.contains("<b>"));
}

#[test]
fn invalid_utf8_names_the_position() {
    let out = hamish(&["gloss"], b"\xd9\x82\xd8\xb3\xd8\xaf\n\xff");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "hamish: standard input:2: invalid UTF-8 at byte 7\n"
    );
}

#[test]
fn unreadable_file_is_one_line() {
    let out = hamish(&["gloss", "no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.starts_with("hamish: no/such/file.txt: "),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1);
}

#[test]
fn extra_glossary_is_validated_and_wins() {
    let out = hamish(
        &[
            "gloss",
            "--format",
            "text",
            "--glossary",
            "tests/fixtures/glossary/test.tsv",
        ],
        "مخيم الهول".as_bytes(),
    );
    // The test glossary reuses bundled ids, which a reader's own glossary may not.
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("tests/fixtures/glossary/test.tsv:"));
    let out = hamish(
        &[
            "gloss",
            "--glossary",
            "tests/fixtures/glossary-invalid/html.tsv",
        ],
        b"x",
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hamish(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(
        hamish(&["gloss", "--format", "pdf"], b"").status.code(),
        Some(2)
    );
    assert_eq!(hamish(&[], b"").status.code(), Some(2));
}

#[test]
fn hostile_input_never_panics() {
    let mut input = Vec::new();
    input.extend_from_slice("\u{202E}\u{0000}\u{200D}👨‍👩‍👧 ".as_bytes());
    input.extend(std::iter::repeat_n(b'x', 1 << 20));
    input.extend_from_slice(" قسد".as_bytes());
    let out = hamish(&["gloss", "--format", "text"], &input);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("abbr.qasad"));
}

#[test]
fn report_lists_coverage_and_gaps() {
    let out = hamish(&["report", "tests/fixtures/coverage/08-mixed.txt"], b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("tests/fixtures/coverage/08-mixed.txt: "),
        "{text}"
    );
    assert!(text.contains("Arabic words covered"));
}

#[test]
fn lookup_shows_every_reading() {
    let out = hamish(&["lookup", "وبالتحالف"], b"");
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("و"));
    let out = hamish(&["lookup", "زززز"], b"");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "زززز: not in the glossary\n"
    );
}
