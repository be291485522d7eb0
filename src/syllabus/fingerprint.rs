//! A fast, stable 64-bit fingerprint of a syllabus's text: the key of its parse cache. Not a
//! security measure (the cache lives in the user's own data directory), just a key that changes
//! with any edit. `build.rs` includes this file too, so shipped syllabi are fingerprinted at
//! build time and a start-up never hashes them.

/// Eight bytes at a time, each word mixed in by a multiply and a shift; the length goes in last
/// so texts that differ only by trailing zero bytes still differ.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, word: u64| {
        let h = (h ^ word).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let chunks = bytes.chunks_exact(8);
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let h = chunks.fold(0xcbf2_9ce4_8422_2325, |h, c| mix(h, u64::from_le_bytes(c.try_into().unwrap_or_default())));
    mix(mix(h, u64::from_le_bytes(tail)), bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn any_edit_changes_the_fingerprint() {
        let text = b"[exam]\nid = \"acme\"\nname = \"Acme\"\n";
        let base = fingerprint(text);
        assert_eq!(base, fingerprint(text), "stable");
        for i in 0..text.len() {
            let mut edited = text.to_vec();
            edited[i] ^= 1;
            assert_ne!(fingerprint(&edited), base, "flipping byte {i}");
        }
        let mut longer = text.to_vec();
        longer.push(0);
        assert_ne!(fingerprint(&longer), base, "a trailing zero byte");
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }
}
