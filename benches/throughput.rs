//! Native throughput and memory, the figures of `cargo xtask bench`'s table (a plain timed loop in
//! the release profile; the per-stage micro-benchmarks are in `benches/stages.rs`).
//!
//! `cargo bench --bench throughput -- [--out DIR] [--quick]` writes to DIR (default
//! `target/bench`):
//! - `corpus-10k.txt` … `corpus-10m.txt`: the text inputs (also used by the browser run);
//! - `glossary-10x.bin`, `glossary-100x.bin`: artefacts with synthetic entries added;
//! - `native.json`: the measurements.
//!
//! Memory is the heap in use as counted by a wrapping global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hamish::Glosser;

#[path = "support/corpus.rs"]
mod corpus;

/// Counts the bytes the program has allocated and not freed, and the peak since the last reset.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            let now = if new_size >= layout.size() {
                IN_USE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size()
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed) - layout.size()
                    + new_size
            };
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

fn reset_peak() -> usize {
    let now = in_use();
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Text sizes measured, with their file names.
const SIZES: [(usize, &str); 4] = [
    (10_000, "10k"),
    (100_000, "100k"),
    (1_000_000, "1m"),
    (10_000_000, "10m"),
];

/// Glossary scales measured: the bundled glossary times this many entries.
const SCALES: [usize; 3] = [1, 10, 100];

/// Runs `f` until `budget` has passed (at least `min_runs` times) and returns the median time.
fn median_time(budget: Duration, min_runs: usize, mut f: impl FnMut()) -> (Duration, usize) {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || start.elapsed() < budget {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times.len())
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut out_dir = None;
    let mut quick = false;
    let mut stage = None;
    let mut runs = 20;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out_dir = args.next().map(PathBuf::from),
            "--quick" => quick = true,
            "--stage" => stage = args.next(),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            // `cargo bench` passes `--bench`; anything else is a filter we do not use.
            _ => {}
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(stage) = stage {
        profile_stage(root, &stage, runs);
        return;
    }
    let out_dir = out_dir.unwrap_or_else(|| root.join("target/bench"));
    std::fs::create_dir_all(&out_dir).expect("create the output folder");
    let mut json = format!("{{\n  \"quick\": {quick},\n");

    // ── inputs ──────────────────────────────────────────────────────────────────────────────
    let paragraphs = corpus::article_paragraphs(root);
    let largest = if quick { 1_000_000 } else { 10_000_000 };
    let full = corpus::corpus(&paragraphs, largest, 5);
    let mut texts = Vec::new();
    for (size, name) in SIZES {
        if size > largest {
            continue;
        }
        let mut end = size.min(full.len());
        while !full.is_char_boundary(end) {
            end -= 1;
        }
        let text = &full[..end];
        std::fs::write(out_dir.join(format!("corpus-{name}.txt")), text).expect("write corpus");
        texts.push((name, text));
    }
    println!(
        "bench: corpus from {} demo paragraphs, up to {} bytes",
        paragraphs.len(),
        full.len()
    );

    // ── the bundled glossary: load time and memory ──────────────────────────────────────────
    let artefact = Glosser::bundled().expect("bundled glossary").to_artefact();
    let before = in_use();
    let t = Instant::now();
    let glosser = Glosser::from_artefact(&artefact).expect("load");
    let load = t.elapsed();
    let loaded_heap = in_use() - before;
    let (load_median, _) = median_time(Duration::from_millis(500), 3, || {
        Glosser::from_artefact(&artefact).expect("load");
    });
    let glossary = glosser.glossary();
    // The same glossary without its serialised automaton, built at load instead.
    let lean = hamish::glossary::binary::write_without_automaton(glossary);
    std::fs::write(out_dir.join("glossary-lean.bin"), &lean).expect("write lean glossary");
    // The artefact with its automaton serialised, which the page is not served (www/pkg holds
    // the lean one): the browser bench compares the two.
    std::fs::write(out_dir.join("glossary-serialised.bin"), &artefact)
        .expect("write serialised glossary");
    let (lean_load, _) = median_time(Duration::from_millis(500), 3, || {
        Glosser::from_artefact(&lean).expect("load lean");
    });
    let _ = writeln!(
        json,
        "  \"glossary\": {{\"entries\": {}, \"patterns\": {}, \"artefact_bytes\": {}, \"automaton_bytes\": {}, \"load_first_ms\": {:.3}, \"load_ms\": {:.3}, \"heap_bytes\": {}, \"lean_artefact_bytes\": {}, \"lean_load_ms\": {:.3}}},",
        glosser.entry_count(),
        glossary.groups.len(),
        artefact.len(),
        glossary.automaton().heap_bytes(),
        ms(load),
        ms(load_median),
        loaded_heap,
        lean.len(),
        ms(lean_load)
    );
    println!(
        "bench: bundled glossary {} entries, {} patterns, artefact {} KB, loads in {:.1} ms, {} KB of heap; without the automaton {} KB, loads in {:.1} ms",
        glosser.entry_count(),
        glossary.groups.len(),
        artefact.len() / 1024,
        ms(load_median),
        loaded_heap / 1024,
        lean.len() / 1024,
        ms(lean_load)
    );

    // ── what the matcher sees per MB: hits, candidates, spans ────────────────────────────────
    if let Some((_, text)) = texts.iter().find(|(n, _)| *n == "1m") {
        let stream = hamish::segment::Stream::build(text);
        let hits = glossary
            .automaton()
            .find_overlapping_iter(&stream.text)
            .count();
        let candidates = hamish::matcher::candidates(glossary, text, &stream);
        let selections = hamish::matcher::select(&stream, &candidates);
        let chars = text.chars().count();
        let _ = writeln!(
            json,
            "  \"work_1m\": {{\"bytes\": {}, \"chars\": {chars}, \"words\": {}, \"hits\": {hits}, \"candidates\": {}, \"selections\": {}}},",
            text.len(),
            stream.words.len(),
            candidates.len(),
            selections.len()
        );
        println!(
            "bench: 1 MB of text: {chars} chars, {} words, {hits} automaton hits, {} candidates, {} spans",
            stream.words.len(),
            candidates.len(),
            selections.len()
        );
        stage_split(&glosser, text, &stream, chars, &mut json);
    }

    // ── scaling: glossary × text size ───────────────────────────────────────────────────────
    let taken = corpus::taken_forms(&glosser);
    let sources = corpus::glossary_sources(root);
    json.push_str("  \"scaling\": [\n");
    let mut first = true;
    for scale in SCALES {
        if quick && scale == 100 {
            continue;
        }
        let (scaled, compile_ms) = if scale == 1 {
            (None, 0.0)
        } else {
            let extra = corpus::synthetic_glossary(
                glosser.entry_count() * (scale - 1),
                scale as u64,
                &taken,
            );
            let mut files: Vec<(&str, &str)> = sources
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            files.push(("synthetic.tsv", extra.as_str()));
            let t = Instant::now();
            let g = Glosser::from_sources(&files).expect("synthetic glossary compiles");
            let compile = ms(t.elapsed());
            let bytes = g.to_artefact();
            std::fs::write(out_dir.join(format!("glossary-{scale}x.bin")), &bytes)
                .expect("write scaled glossary");
            drop(g);
            (Some(bytes), compile)
        };
        let bytes = scaled.as_deref().unwrap_or(&artefact);
        let before = in_use();
        let t = Instant::now();
        let g = Glosser::from_artefact(bytes).expect("load scaled");
        let load = ms(t.elapsed());
        let heap = in_use() - before;
        let _ = write!(
            json,
            "{}    {{\"scale\": {scale}, \"entries\": {}, \"patterns\": {}, \"artefact_bytes\": {}, \"compile_ms\": {compile_ms:.1}, \"load_ms\": {load:.2}, \"heap_bytes\": {heap}, \"sizes\": [",
            if first { "" } else { ",\n" },
            g.entry_count(),
            g.glossary().groups.len(),
            bytes.len()
        );
        first = false;
        println!(
            "bench: glossary ×{scale}: {} entries, {} patterns, artefact {:.1} MB, load {load:.0} ms, heap {:.1} MB",
            g.entry_count(),
            g.glossary().groups.len(),
            bytes.len() as f64 / 1e6,
            heap as f64 / 1e6
        );
        for (i, (name, text)) in texts.iter().enumerate() {
            let budget = Duration::from_millis(if quick { 300 } else { 1000 });
            // What the page gets: the flat UTF-16 array of the WebAssembly API.
            let base = reset_peak();
            let spans = g.gloss_utf16(text).len() / hamish::GLOSS_STRIDE;
            let peak_flat = peak() - base;
            let (flat_time, runs) = median_time(budget, 3, || {
                std::hint::black_box(g.gloss_utf16(std::hint::black_box(text)));
            });
            let flat_rate = mb_per_s(text.len(), flat_time);
            // The same with the probable names found and merged in (what the page's worker
            // calls): their cost as a share of the time.
            let (names_time, _) = median_time(budget, 3, || {
                std::hint::black_box(g.gloss_utf16_with_names(std::hint::black_box(text)));
            });
            let names_share = (ms(names_time) / ms(flat_time) - 1.0) * 100.0;
            // The first text a glosser sees, with nothing remembered of earlier texts' words
            // (its automata built beforehand, as the page does when idle).
            let cold_share = {
                let fresh = Glosser::from_artefact(bytes).expect("artefact loads");
                fresh.prepare_lookup();
                fresh.gloss_utf16_with_names("قال");
                let t = Instant::now();
                std::hint::black_box(fresh.gloss_utf16_with_names(text));
                (ms(t.elapsed()) / ms(flat_time) - 1.0) * 100.0
            };
            // The Rust API: `Vec<Span>` with affixes and alternatives, general words included
            // (bundled glossary only). The flat array holds the highlighted terms only.
            let (api_rate, peak_api) = if scale == 1 {
                assert_eq!(
                    g.gloss_terms(text).len(),
                    spans,
                    "gloss_terms and gloss_utf16 disagree"
                );
                let base = reset_peak();
                let peak_api = peak() - base;
                let (time, _) = median_time(budget, 3, || {
                    std::hint::black_box(g.gloss(std::hint::black_box(text)));
                });
                (mb_per_s(text.len(), time), peak_api)
            } else {
                (f64::NAN, 0)
            };
            let _ = write!(
                json,
                "{}{{\"text\": \"{name}\", \"bytes\": {}, \"spans\": {spans}, \"ms\": {:.3}, \"mb_per_s_flat\": {flat_rate:.2}, \"ms_with_names\": {:.3}, \"names_cost_percent\": {names_share:.1}, \"names_cost_percent_first_text\": {cold_share:.1}, \"runs\": {runs}, \"peak_heap_bytes\": {peak_flat}, \"mb_per_s\": {}, \"peak_heap_bytes_api\": {peak_api}}}",
                if i == 0 { "" } else { ", " },
                text.len(),
                ms(flat_time),
                ms(names_time),
                if api_rate.is_nan() { "null".to_string() } else { format!("{api_rate:.2}") }
            );
            println!(
                "bench:   {name:>4}: {flat_rate:7.1} MB/s ({:.2} ms, {spans} spans, peak heap +{:.1} MB); with probable names {:.2} ms ({names_share:+.1}%, first text {cold_share:+.0}%){}",
                ms(flat_time),
                peak_flat as f64 / 1e6,
                ms(names_time),
                if scale == 1 {
                    format!("; Vec<Span> API {api_rate:.1} MB/s, peak heap +{:.1} MB", peak_api as f64 / 1e6)
                } else {
                    String::new()
                }
            );
        }
        json.push_str("]}");
    }
    json.push_str("\n  ]\n}\n");
    let path = out_dir.join("native.json");
    std::fs::write(&path, json).expect("write native.json");
    println!("bench: wrote {}", path.display());
}

/// Where the time of [`Glosser::gloss_utf16`] (what the page calls) goes on `text`, in
/// nanoseconds per character: the stages run one by one, each timed on its own. The automaton
/// scan is also part of the choice; it is shown on its own because it is the floor any
/// Aho-Corasick design pays (one dependent memory access per character or more). The probable
/// names (`names::detect`, which [`Glosser::gloss_utf16_with_names`] adds) are timed alone too.
fn stage_split(
    glosser: &Glosser,
    text: &str,
    stream: &hamish::segment::Stream,
    chars: usize,
    json: &mut String,
) {
    use hamish::{matcher, names, segment::Stream, spans};
    let glossary = glosser.glossary();
    let index = matcher::Index::highlights(glossary);
    let choices = matcher::choose(glossary, &index, text, stream);
    let budget = Duration::from_millis(500);
    let per_char = |d: Duration| d.as_secs_f64() * 1e9 / chars as f64;
    let (segment, _) = median_time(budget, 5, || {
        std::hint::black_box(Stream::build(std::hint::black_box(text)));
    });
    let (scan, _) = median_time(budget, 5, || {
        std::hint::black_box(
            glossary
                .highlights
                .find_overlapping_iter(&stream.text)
                .count(),
        );
    });
    let (choose, _) = median_time(budget, 5, || {
        std::hint::black_box(matcher::choose(glossary, &index, text, stream));
    });
    let (offsets, _) = median_time(budget, 5, || {
        std::hint::black_box(spans::utf16(text, stream, &choices));
    });
    let lexicon = names::Lexicon::new(glossary);
    let full = matcher::Index::new(glossary);
    let (names, _) = median_time(budget, 5, || {
        let highlighted = choices
            .iter()
            .map(|(r, _)| (r.first_word, r.last_word, lexicon.entry_type(r.entry)));
        std::hint::black_box(names::detect(
            glossary,
            &full,
            &lexicon,
            text,
            stream,
            highlighted,
        ));
    });
    let (segment, scan, choose, offsets, names) = (
        per_char(segment),
        per_char(scan),
        per_char(choose),
        per_char(offsets),
        per_char(names),
    );
    let _ = writeln!(
        json,
        "  \"stages_1m_ns_per_char\": {{\"segment\": {segment:.2}, \"scan\": {scan:.2}, \"choose\": {choose:.2}, \"offsets\": {offsets:.2}, \"names\": {names:.2}}},"
    );
    println!(
        "bench: per character: segment {segment:.1} ns, choose {choose:.1} ns (of which the automaton scan {scan:.1} ns), UTF-16 offsets {offsets:.1} ns; probable names {names:.1} ns"
    );
}

/// `--stage NAME [--runs N]`: runs one stage on 1 MB of text N times and nothing else, for a
/// profiler (`perf stat -e instructions`, `valgrind --tool=callgrind`).
fn profile_stage(root: &Path, stage: &str, runs: usize) {
    use hamish::{matcher, normalise, segment::Stream};
    let text = corpus::corpus(&corpus::article_paragraphs(root), 1_000_000, 5);
    let glosser = Glosser::bundled().expect("bundled glossary");
    let glossary = glosser.glossary();
    let index = matcher::Index::new(glossary);
    let stream = Stream::build(&text);
    let t = Instant::now();
    for _ in 0..runs {
        let n = match stage {
            "load" => {
                Glosser::from_artefact(BUNDLED_FOR_PROFILE.get_or_init(|| glosser.to_artefact()))
                    .map_or(0, |g| g.entry_count())
            }
            "normalise" => normalise::normalise(&text).len(),
            "segment" => Stream::build(&text).words.len(),
            "scan" => glossary
                .automaton()
                .find_overlapping_iter(&stream.text)
                .count(),
            "candidates" => matcher::candidates_in(glossary, &index, &text, &stream).len(),
            "match" => matcher::choose(glossary, &index, &text, &stream).len(),
            "alternatives" => {
                let choices = matcher::choose(glossary, &index, &text, &stream);
                let with = choices.iter().filter(|(_, a)| !a.is_empty()).count();
                let total: usize = choices.iter().map(|(_, a)| a.len()).sum();
                println!(
                    "{} choices, {with} with alternatives, {total} alternatives",
                    choices.len()
                );
                total
            }
            "gloss" => glosser.gloss(&text).len(),
            "gloss_utf16" => glosser.gloss_utf16(&text).len(),
            "names" => glosser.gloss_utf16_with_names(&text).1.len(),
            other => panic!("unknown stage {other}"),
        };
        std::hint::black_box(n);
    }
    let each = t.elapsed() / runs as u32;
    println!(
        "{stage}: {:.2} ms per run, {:.1} MB/s",
        ms(each),
        mb_per_s(text.len(), each)
    );
}

static BUNDLED_FOR_PROFILE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
