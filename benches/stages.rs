//! Criterion micro-benchmarks of each pipeline stage on 100 KB of varied demo-article text with
//! the full bundled glossary: normalise, segment (`Stream::build`), scan (the automaton alone),
//! match (`matcher::candidates` + `matcher::select`), spans (`spans::build`), the whole
//! `Glosser::gloss`, the flat UTF-16 array the WebAssembly API returns, the probable names found
//! among the words no highlight covers (`names::detect` alone), and the flat array with them
//! (`Glosser::gloss_utf16_with_names`, what the page's worker calls).
//!
//! `cargo bench --bench stages` (add `-- --quick` for a shorter run); `cargo xtask bench` runs it
//! and reads the estimates from `target/criterion/stages/*/new/estimates.json`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use hamish::segment::Stream;
use hamish::{matcher, names, normalise, spans, Glosser};

#[path = "support/corpus.rs"]
mod corpus;

fn stages(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = corpus::corpus(&corpus::article_paragraphs(root), 100_000, 5);
    let glosser = Glosser::bundled().expect("bundled glossary");
    let glossary = glosser.glossary();
    let index = matcher::Index::new(glossary);
    let stream = Stream::build(&text);
    let candidates = matcher::candidates_in(glossary, &index, &text, &stream);
    let selections = matcher::select(&stream, &candidates);
    let highlights = matcher::Index::highlights(glossary);
    let choices = matcher::choose(glossary, &highlights, &text, &stream);
    let lexicon = names::Lexicon::new(glossary);
    glosser.prepare_names();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));

    group.bench_function("normalise", |b| {
        b.iter(|| normalise::normalise(std::hint::black_box(&text)))
    });
    group.bench_function("segment", |b| {
        b.iter(|| Stream::build(std::hint::black_box(&text)))
    });
    group.bench_function("scan", |b| {
        b.iter(|| {
            glossary
                .automaton()
                .find_overlapping_iter(std::hint::black_box(&stream.text))
                .count()
        })
    });
    group.bench_function("candidates", |b| {
        b.iter(|| matcher::candidates_in(glossary, &index, &text, std::hint::black_box(&stream)))
    });
    group.bench_function("select", |b| {
        b.iter(|| matcher::select(&stream, std::hint::black_box(&candidates)))
    });
    group.bench_function("match", |b| {
        b.iter(|| matcher::choose(glossary, &index, &text, std::hint::black_box(&stream)))
    });
    group.bench_function("spans", |b| {
        b.iter_batched(
            || selections.clone(),
            |s| spans::build(&text, &stream, s),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("gloss", |b| {
        b.iter(|| glosser.gloss(std::hint::black_box(&text)))
    });
    group.bench_function("gloss_utf16", |b| {
        b.iter(|| glosser.gloss_utf16(std::hint::black_box(&text)))
    });
    group.bench_function("names", |b| {
        b.iter(|| {
            let highlighted = choices
                .iter()
                .map(|(r, _)| (r.first_word, r.last_word, lexicon.entry_type(r.entry)));
            names::detect(
                glossary,
                &index,
                &lexicon,
                &text,
                std::hint::black_box(&stream),
                highlighted,
            )
        })
    });
    group.bench_function("gloss_utf16_with_names", |b| {
        b.iter(|| glosser.gloss_utf16_with_names(std::hint::black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
