//! The command line `community-forms` (INTERFACE.md). Native only: a wasm build of the crate
//! (for wasm-bindgen-test) has no command line, and the spreadsheet readers are native-only.

// mimalloc: reading and checking a 100,000-row ledger 150 → 125 ms against glibc's malloc
// (BENCHMARKS.md).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
#[path = "cli/run.rs"]
mod run;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    run::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
