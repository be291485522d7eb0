//! Kill points for crash tests. With `CERTTRACK_KILL_AT=N` the process aborts (as `kill -9`
//! would stop it) at the N-th point it passes, after naming it on stderr; a test raises N until
//! the command finishes, so every step of a restore or a backup is killed once, with no step
//! left to luck. Unset, a point costs one cached lookup.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Pass the kill point `name`.
pub fn hit(name: &str) {
    static KILL_AT: OnceLock<Option<u32>> = OnceLock::new();
    static PASSED: AtomicU32 = AtomicU32::new(0);
    let Some(at) = *KILL_AT.get_or_init(|| std::env::var("CERTTRACK_KILL_AT").ok()?.parse().ok()) else { return };
    if PASSED.fetch_add(1, Ordering::Relaxed) + 1 == at {
        eprintln!("killed at {name}");
        std::process::abort();
    }
}
