//! Hashing for change detection: cache keys, page fingerprints. A leaf module, so any stage
//! (content and model included) can hash without importing another stage.
//!
//! xxh3 (`twox-hash`): fast, and the same on every run and machine, which the persistent
//! cache needs (it keeps content hashes and page fingerprints between runs; everything in
//! it is keyed by the glossgen version too).
//!
//! Template values are hashed as a tree (each map or array contributes the hash of its
//! contents), so a value shared by thousands of pages — a term's card, the tag list — is
//! walked once per build and then looked up: see [`SharedHashes`].

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use tera::Value;
use twox_hash::XxHash3_64;

/// A [`Hasher`] whose output is stable across runs (unlike std's `RandomState`).
pub struct StableHasher(XxHash3_64);

impl StableHasher {
    pub fn new() -> Self {
        StableHasher(XxHash3_64::with_seed(0))
    }
}

impl Default for StableHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl Hasher for StableHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// A hash of a value's `Hash`.
pub fn hash_of<T: Hash + ?Sized>(x: &T) -> u64 {
    let mut h = StableHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// A hash of bytes (a file's content).
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    XxHash3_64::oneshot(bytes)
}

/// Where a map's or array's contents live, with its kind and length: the same for every
/// clone of one Tera value (they share the contents), different for any other value alive.
type Address = (u8, usize, usize);

fn address(value: &Value) -> Option<Address> {
    if let Some(map) = value.as_map() {
        return (!map.is_empty()).then_some((0, map as *const _ as usize, map.len()));
    }
    let items = value.as_array()?;
    // Empty vectors share one dangling address.
    (!items.is_empty()).then_some((1, items.as_ptr() as usize, items.len()))
}

/// Hashes of template values shared by many pages, found by the address of their contents.
/// Each entry holds a clone of its value, so no other value can take that address while
/// the table lives. Purely a shortcut: a value hashes the same whether listed or not.
/// Filled before the pages are described, then only read (no lock).
#[derive(Default)]
pub struct SharedHashes {
    known: HashMap<Address, (Value, u64)>,
}

impl SharedHashes {
    /// Hashes `value` and lists it (and so every clone of it) for later lookups.
    pub fn add(&mut self, value: &Value) -> u64 {
        let hash = value_hash(value, self);
        if let Some(at) = address(value) {
            self.known.insert(at, (value.clone(), hash));
        }
        hash
    }

    fn get(&self, at: &Address) -> Option<u64> {
        self.known.get(at).map(|e| e.1)
    }
}

/// A hash of `seed` and named template values, such as a page's context. Maps are hashed
/// in key order: Tera's maps have no stable iteration order.
pub fn hash_values<'v>(
    seed: &impl Hash,
    values: impl IntoIterator<Item = (&'v str, &'v Value)>,
    shared: &SharedHashes,
) -> u64 {
    let mut h = StableHasher::new();
    seed.hash(&mut h);
    for (name, value) in values {
        name.hash(&mut h);
        h.write_u64(value_hash(value, shared));
    }
    h.finish()
}

/// Strings longer than this are fed to their container as their own hash, not copied.
const INLINE_TEXT: usize = 64;

/// A map or array being hashed: the bytes of its contents so far, and what is left of it.
struct Frame<'v> {
    bytes: Vec<u8>,
    rest: Children<'v>,
}

enum Children<'v> {
    Map(std::vec::IntoIter<(&'v tera::value::Key<'static>, &'v Value)>),
    Array(std::slice::Iter<'v, Value>),
}

impl<'v> Frame<'v> {
    fn open(value: &'v Value, mut bytes: Vec<u8>) -> Option<Frame<'v>> {
        bytes.clear();
        let rest = if let Some(map) = value.as_map() {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            bytes.push(b'{');
            Children::Map(entries.into_iter())
        } else {
            bytes.push(b'[');
            Children::Array(value.as_array()?.iter())
        };
        Some(Frame { bytes, rest })
    }

    /// The next child, its key (if in a map) already fed.
    fn next(&mut self) -> Option<&'v Value> {
        match &mut self.rest {
            Children::Map(entries) => {
                let (key, value) = entries.next()?;
                match key.as_str() {
                    Some(name) => {
                        self.bytes.push(b'k');
                        self.bytes
                            .extend_from_slice(&(name.len() as u64).to_le_bytes());
                        self.bytes.extend_from_slice(name.as_bytes());
                    }
                    None => {
                        self.bytes.push(b'K');
                        self.bytes.extend_from_slice(&hash_of(key).to_le_bytes());
                    }
                }
                Some(value)
            }
            Children::Array(items) => items.next(),
        }
    }
}

/// The hash of a template value: of its leaves, and of each map's or array's contents,
/// walked with a stack (no recursion: `extra` values come from front matter and may be
/// deep). Values listed in `shared` are looked up, not walked.
pub fn value_hash(root: &Value, shared: &SharedHashes) -> u64 {
    let mut leaf = Vec::new();
    let Some(at) = address(root) else {
        feed_leaf(&mut leaf, root);
        return hash_bytes(&leaf);
    };
    if let Some(hash) = shared.get(&at) {
        return hash;
    }
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let Some(first) = Frame::open(root, Vec::new()) else {
        return 0;
    };
    let mut stack = vec![first];
    while let Some(top) = stack.last_mut() {
        let Some(child) = top.next() else {
            let Some(done) = stack.pop() else { break };
            let hash = hash_bytes(&done.bytes);
            spare.push(done.bytes);
            match stack.last_mut() {
                Some(parent) => parent.bytes.extend_from_slice(&hash.to_le_bytes()),
                None => return hash,
            }
            continue;
        };
        let Some(at) = address(child) else {
            feed_leaf(&mut top.bytes, child);
            continue;
        };
        if let Some(hash) = shared.get(&at) {
            top.bytes.extend_from_slice(&hash.to_le_bytes());
        } else if let Some(frame) = Frame::open(child, spare.pop().unwrap_or_default()) {
            stack.push(frame);
        }
    }
    0
}

/// Appends a leaf (or an empty map or array) to its container's bytes: a tag for its kind,
/// then its contents.
fn feed_leaf(out: &mut Vec<u8>, value: &Value) {
    if let Some(text) = value.as_str() {
        out.push(if value.is_safe() { b'S' } else { b's' });
        if text.len() > INLINE_TEXT {
            out.extend_from_slice(&hash_bytes(text.as_bytes()).to_le_bytes());
        } else {
            out.extend_from_slice(&(text.len() as u64).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
    } else if let Some(b) = value.as_bool() {
        out.extend_from_slice(&[b'b', u8::from(b)]);
    } else if value.is_f64() {
        out.push(b'f');
        let f = value.as_f64().unwrap_or(f64::NAN);
        out.extend_from_slice(&f.to_bits().to_le_bytes());
    } else if let Some(n) = value.as_i128() {
        out.push(b'i');
        out.extend_from_slice(&n.to_le_bytes());
    } else if let Some(n) = value.as_u128() {
        out.push(b'u');
        out.extend_from_slice(&n.to_le_bytes());
    } else if let Some(bytes) = value.as_bytes() {
        out.push(b'B');
        out.extend_from_slice(&hash_bytes(bytes).to_le_bytes());
    } else if value.is_map() {
        out.push(b'{');
    } else if value.is_array() {
        out.push(b'[');
    } else if value.is_none() {
        out.push(b'n');
    } else {
        out.push(b'?');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: serde_json::Value) -> Value {
        Value::from_serializable(&json)
    }

    #[test]
    fn value_hash_follows_every_field_but_not_map_order() {
        let a = value(serde_json::json!({"title": "A", "tags": ["x"], "n": 1}));
        let b = value(serde_json::json!({"n": 1, "tags": ["x"], "title": "A"}));
        let c = value(serde_json::json!({"title": "A", "tags": ["y"], "n": 1}));
        let none = SharedHashes::default();
        let hash = |v: &Value| hash_values(&0, [("term", v)], &none);
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&c));
        assert_ne!(
            hash_values(&0, [("term", &a)], &none),
            hash_values(&1, [("term", &a)], &none)
        );
    }

    #[test]
    fn shared_values_hash_as_if_walked() {
        let card = value(serde_json::json!({"title": "A", "summary": "long ".repeat(40)}));
        let page = |card: Value| Value::from(vec![card, Value::from("x"), Value::from(2)]);
        let walked = value_hash(&page(card.clone()), &SharedHashes::default());
        let mut shared = SharedHashes::default();
        shared.add(&card);
        assert_eq!(value_hash(&page(card.clone()), &shared), walked);
        let other = value(serde_json::json!({"title": "B", "summary": "long ".repeat(40)}));
        assert_ne!(value_hash(&page(other), &shared), walked);
    }

    #[test]
    fn kinds_and_nesting_are_told_apart() {
        let none = SharedHashes::default();
        let h = |j: serde_json::Value| value_hash(&value(j), &none);
        assert_ne!(h(serde_json::json!("1")), h(serde_json::json!(1)));
        assert_ne!(
            h(serde_json::json!([[1], 2])),
            h(serde_json::json!([1, [2]]))
        );
        assert_ne!(
            h(serde_json::json!({"a": []})),
            h(serde_json::json!({"a": {}}))
        );
        assert_ne!(
            h(serde_json::json!(["ab", "c"])),
            h(serde_json::json!(["a", "bc"]))
        );
    }

    #[test]
    fn deep_values_do_not_overflow_the_stack() {
        let mut deep = Value::from(1);
        for _ in 0..10_000 {
            deep = Value::from(vec![deep]);
        }
        let none = SharedHashes::default();
        assert_ne!(value_hash(&deep, &none), value_hash(&Value::from(1), &none));
    }
}
