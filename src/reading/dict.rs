//! The reading dictionary compiled into the binary: surface form → most likely reading.
//!
//! The data file is generated from mecab-ipadic by `data/readings/make_dict.py` (its doc
//! comment describes the format) and committed, so a build needs no network and no
//! dictionary package. Entries are sorted and front-coded in blocks of 32; a lookup binary
//! searches the blocks' first keys, then decodes one block. No allocation besides the
//! returned reading, and every read is bounds-checked, so a corrupt file gives "no entry"
//! rather than a panic.

use std::cmp::Ordering;

static DATA: &[u8] = include_bytes!("../../data/readings/ipadic-readings.bin");
const MAGIC: &[u8] = b"GGRD2\0";
const LONG_MARK: u8 = 0x60;
const FALLBACK_BIT: u8 = 0x80;
const PREFIX_BIT: u8 = 0x40;
const SUFFIX_BIT: u8 = 0x20;

/// What the dictionary knows about one surface form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Reading in hiragana.
    pub reading: String,
    /// The reading as a prefix (接頭詞), at the start of a compound, when it differs.
    pub as_prefix: Option<String>,
    /// The reading as a suffix (名詞,接尾), after another part, when it differs.
    pub as_suffix: Option<String>,
    /// Taken from a non-noun entry (a verb stem, a name): a guess, not a word of its own.
    pub fallback: bool,
    /// The dictionary's cost / 128: lower is more likely.
    pub cost: u8,
}

/// One undecoded entry inside a block.
struct Raw<'a> {
    surface: &'a [u8],
    flags: u8,
    cost: u8,
    /// General reading, then the flagged prefix and suffix readings, each length-prefixed.
    readings: &'a [u8],
}

/// Result of probing one key: the exact entry if any, and whether any longer key starts with
/// it (so the caller knows when to stop trying longer substrings).
#[derive(Debug, Default)]
pub struct Probe {
    pub entry: Option<Entry>,
    pub longer_exists: bool,
}

fn u32_at(pos: usize) -> Option<usize> {
    let b = DATA.get(pos..pos + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// (block count, start of the block area).
fn layout() -> Option<(usize, usize)> {
    if !DATA.starts_with(MAGIC) {
        return None;
    }
    let blocks = u32_at(MAGIC.len() + 4)?;
    Some((blocks, MAGIC.len() + 8 + 4 * blocks))
}

fn block_start(index: usize) -> Option<usize> {
    let (blocks, area) = layout()?;
    if index >= blocks {
        return None;
    }
    Some(area + u32_at(MAGIC.len() + 8 + 4 * index)?)
}

/// Decodes the entries of block `index` in order, calling `visit`; stops early when `visit`
/// returns false.
fn scan_block(index: usize, mut visit: impl FnMut(&Raw<'_>) -> bool) {
    let (Some(mut pos), end) = (
        block_start(index),
        block_start(index + 1).unwrap_or(DATA.len()),
    ) else {
        return;
    };
    let mut surface: Vec<u8> = Vec::with_capacity(64);
    while pos < end {
        let (Some(&shared), Some(&n)) = (DATA.get(pos), DATA.get(pos + 1)) else {
            return;
        };
        let Some(rest) = DATA.get(pos + 2..pos + 2 + usize::from(n)) else {
            return;
        };
        surface.truncate(usize::from(shared));
        surface.extend_from_slice(rest);
        pos += 2 + usize::from(n);
        let (Some(&flags), Some(&cost)) = (DATA.get(pos), DATA.get(pos + 1)) else {
            return;
        };
        let count = 1 + usize::from(flags & PREFIX_BIT != 0) + usize::from(flags & SUFFIX_BIT != 0);
        let start = pos + 2;
        pos = start;
        for _ in 0..count {
            let Some(&len) = DATA.get(pos) else { return };
            pos += 1 + usize::from(len);
        }
        let Some(readings) = DATA.get(start..pos) else {
            return;
        };
        let raw = Raw {
            surface: &surface,
            flags,
            cost,
            readings,
        };
        if !visit(&raw) {
            return;
        }
    }
}

impl Raw<'_> {
    fn entry(&self) -> Entry {
        let mut rest = self.readings;
        let mut next = || {
            let (&len, tail) = rest.split_first()?;
            let (r, tail) = tail.split_at_checked(usize::from(len))?;
            rest = tail;
            Some(decode_reading(r))
        };
        let reading = next().unwrap_or_default();
        let as_prefix = if self.flags & PREFIX_BIT != 0 {
            next()
        } else {
            None
        };
        let as_suffix = if self.flags & SUFFIX_BIT != 0 {
            next()
        } else {
            None
        };
        Entry {
            reading,
            as_prefix,
            as_suffix,
            fallback: self.flags & FALLBACK_BIT != 0,
            cost: self.cost,
        }
    }
}

/// The first surface of a block.
fn first_key(index: usize) -> Vec<u8> {
    let mut key = Vec::new();
    scan_block(index, |raw| {
        key.extend_from_slice(raw.surface);
        false
    });
    key
}

fn decode_reading(bytes: &[u8]) -> String {
    bytes
        .iter()
        .filter_map(|&b| match b {
            LONG_MARK => Some('ー'),
            _ => char::from_u32(0x3040 + u32::from(b)),
        })
        .collect()
}

/// Looks `key` up (NFKC-normalised text, as the generator normalised the surfaces).
pub fn probe(key: &str) -> Probe {
    let key = key.as_bytes();
    let Some((blocks, _)) = layout() else {
        return Probe::default();
    };
    // Last block whose first key is <= key.
    let (mut lo, mut hi) = (0, blocks);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if first_key(mid).as_slice() <= key {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut found = Probe::default();
    let mut finished_block = true;
    scan_block(lo, |raw| {
        let go_on = match raw.surface.cmp(key) {
            Ordering::Less => true,
            Ordering::Equal => {
                found.entry = Some(raw.entry());
                true
            }
            Ordering::Greater => {
                found.longer_exists = raw.surface.starts_with(key);
                false
            }
        };
        finished_block = go_on;
        go_on
    });
    // The key may be the last of its block: its successor opens the next one.
    if finished_block && lo + 1 < blocks {
        let next = first_key(lo + 1);
        found.longer_exists = next.starts_with(key) && next.as_slice() != key;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_and_knows_about_longer_ones() {
        let p = probe("顧客");
        assert_eq!(p.entry.map(|e| e.reading), Some("こきゃく".to_string()));
        assert!(!p.longer_exists, "no longer IPADIC word starts with 顧客");
        let p = probe("高");
        let e = p.entry.expect("高 is a word");
        assert_eq!(e.as_suffix.as_deref(), Some("だか"));
        assert!(p.longer_exists);
        let p = probe("単価");
        assert_eq!(p.entry.map(|e| e.reading), Some("たんか".to_string()));
        assert!(probe("顧客生涯価値").entry.is_none());
        assert!(!probe("顧客生涯価値").longer_exists);
        assert!(probe("").entry.is_none());
        assert!(probe("ｘｙｚ").entry.is_none());
    }

    #[test]
    fn every_block_is_sorted_and_readable() {
        let (blocks, _) = layout().expect("valid header");
        assert!(blocks > 1000);
        let mut prev: Vec<u8> = Vec::new();
        let mut count = 0;
        for b in 0..blocks {
            scan_block(b, |raw| {
                assert!(raw.surface > prev.as_slice(), "sorted, no duplicates");
                assert!(std::str::from_utf8(raw.surface).is_ok());
                assert!(!raw.entry().reading.is_empty());
                prev = raw.surface.to_vec();
                count += 1;
                true
            });
        }
        assert_eq!(Some(count), u32_at(MAGIC.len()));
    }
}
