//! Hashing for change detection: cache keys, page fingerprints. A leaf module, so any stage
//! (content and model included) can hash without importing another stage.
//!
//! The hashes only need to be stable within one glossgen binary: everything kept between
//! runs is keyed by the glossgen version too.

use std::hash::{DefaultHasher, Hash, Hasher};

/// A hash of a value's `Hash`.
pub fn hash_of<T: Hash + ?Sized>(x: &T) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// A hash of `seed` and named template values, such as a page's context. Maps are hashed
/// in key order: Tera's maps have no stable iteration order. `None` when a value cannot be
/// serialized: then nothing can be said to be unchanged.
pub fn hash_values<'v>(
    seed: &impl Hash,
    values: impl IntoIterator<Item = (&'v str, &'v tera::Value)>,
) -> Option<u64> {
    let mut w = HashWriter(DefaultHasher::new());
    seed.hash(&mut w.0);
    for (name, value) in values {
        name.hash(&mut w.0);
        feed_value(&mut w, value)?;
    }
    Some(w.0.finish())
}

/// One item of the walk over a value: a map key, or a value.
enum Step<'v> {
    Key(&'v tera::value::Key<'static>),
    Value(&'v tera::Value),
}

/// Feeds a value into the hasher, walking it with a stack (no recursion: `extra` values
/// come from the writer's front matter and may be deep).
fn feed_value(w: &mut HashWriter, root: &tera::Value) -> Option<()> {
    let mut stack = vec![Step::Value(root)];
    while let Some(step) = stack.pop() {
        let value = match step {
            Step::Key(k) => {
                k.hash(&mut w.0);
                continue;
            }
            Step::Value(v) => v,
        };
        if let Some(map) = value.as_map() {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            w.0.write_u8(b'{');
            w.0.write_usize(entries.len());
            for (k, v) in entries.into_iter().rev() {
                stack.push(Step::Value(v));
                stack.push(Step::Key(k));
            }
        } else if let Some(items) = value.as_array() {
            w.0.write_u8(b'[');
            w.0.write_usize(items.len());
            stack.extend(items.iter().rev().map(Step::Value));
        } else if let Some(text) = value.as_str() {
            // Most leaves: fed as they are, without JSON escaping.
            w.0.write_u8(b'"' + u8::from(value.is_safe()));
            text.hash(&mut w.0);
        } else {
            serde_json::to_writer(&mut *w, value).ok()?;
        }
    }
    Some(())
}

struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_hash_follows_every_field_but_not_map_order() {
        let value = |json: serde_json::Value| tera::Value::from_serializable(&json);
        let a = value(serde_json::json!({"title": "A", "tags": ["x"], "n": 1}));
        let b = value(serde_json::json!({"n": 1, "tags": ["x"], "title": "A"}));
        let c = value(serde_json::json!({"title": "A", "tags": ["y"], "n": 1}));
        let hash = |v: &tera::Value| hash_values(&0, [("term", v)]);
        assert!(hash(&a).is_some());
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&c));
        assert_ne!(
            hash_values(&0, [("term", &a)]),
            hash_values(&1, [("term", &a)])
        );
    }
}
