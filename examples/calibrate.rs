//! Prints the readiness calibration tables in docs/readiness.md, from the learner simulator the
//! calibration test uses: `cargo run --example calibrate [SEED] [LEARNERS]` (defaults 16, 2000).

#[path = "../tests/support/sim.rs"]
#[allow(dead_code)]
mod sim;

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let xs = sim::population(seed, n);
    println!("Seed {seed}, {n} learners.\n");
    print!("{}", sim::tables(&xs));
}
