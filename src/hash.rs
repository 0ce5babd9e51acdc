//! Hashing in a leaf module, so that content and model can hash without importing render.

use std::hash::{DefaultHasher, Hash, Hasher};

pub fn hash_of<T: Hash + ?Sized>(x: &T) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}
