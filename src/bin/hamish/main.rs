//! The `hamish` command line: gloss text, look up words, report coverage, check and build
//! glossaries. Native only: the wasm32 build of this crate is the library for the page.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
