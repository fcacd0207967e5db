//! Stable fingerprints: SHA-256 of a value's JSON serialisation, as lowercase hex.
//!
//! A plan records the fingerprint of the site it was made from and of its own content
//! ([`crate::plan::Fingerprints`]) so that `dcplan check` can tell a plan of a changed
//! site, or a plan edited after dcplan wrote it. Such a fingerprint must mean the same thing on
//! every machine, run and dcplan build, so it is a real hash of a canonical byte stream:
//!
//! * SHA-256 (not `std::hash::DefaultHasher`, whose algorithm may change between Rust
//!   releases and is seeded per process in `HashMap`);
//! * of compact JSON from `serde_json`, whose floats are written in the shortest form that
//!   reads back to the same bits, and read back exactly (the `float_roundtrip` feature), so a
//!   document re-serialised after reading hashes as it did when written;
//! * of types whose maps are all `BTreeMap`s, so no hash-map iteration order reaches the bytes.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The SHA-256 of `value`'s compact JSON, in lowercase hex (64 characters).
///
/// ```
/// let a = dcplan::fingerprint::sha256_json(&[1.5, 2.0])?;
/// assert_eq!(a.len(), 64);
/// assert_eq!(a, dcplan::fingerprint::sha256_json(&vec![1.5, 2.0])?);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn sha256_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut hasher = HashWriter(Sha256::new());
    serde_json::to_writer(&mut hasher, value)?;
    Ok(hex(&hasher.0.finalize()))
}

/// Feeds what `serde_json` writes straight into the hash, so large documents are not copied.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::sha256_json;

    #[test]
    fn is_the_sha256_of_the_compact_json() {
        // `printf '{"a":[1.0,0.1]}' | sha256sum`
        let value = serde_json::json!({ "a": [1.0, 0.1] });
        assert_eq!(
            sha256_json(&value).unwrap(),
            "75f02a42be1474e75f2f1267d682ec6b2a9d018b0eebd50c7fb742f1597dd085"
        );
    }

    #[test]
    fn floats_survive_a_round_trip_through_text() {
        let values = [0.1 + 0.2, 1e-300, 123_456.789_012_345_67, -2.5e17];
        let text = serde_json::to_string(&values).unwrap();
        let back: Vec<f64> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, values);
        assert_eq!(sha256_json(&back).unwrap(), sha256_json(&values).unwrap());
    }
}
