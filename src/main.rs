fn main() {
    std::process::exit(pitchlint::cli::main());
}
