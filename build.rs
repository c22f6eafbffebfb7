// The built-in rules are embedded with include_dir; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=rules");
}
