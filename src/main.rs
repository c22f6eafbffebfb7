// Batch runs allocate many short-lived strings per record across threads;
// mimalloc handles that pattern markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(pitchlint::cli::main());
}
