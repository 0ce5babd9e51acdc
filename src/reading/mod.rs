//! Kana readings for Japanese names, derived at build time from a dictionary compiled into
//! the binary (see [`dict`] and `data/readings/`).
//!
//! A glossary name is a noun compound (顧客生涯価値 = 顧客 + 生涯 + 価値), so a full
//! morphological analyser would not earn its cost: the name is split into dictionary words
//! by a small dynamic programme that, in this order, leaves the fewest characters without a
//! reading, uses the fewest guessed readings, then the fewest parts. Kana read as themselves
//! (katakana folded to hiragana), ASCII letters and digits are kept for the A–Z index.
//!
//! A reading is *unsure* when part of it is a guess: a kanji the dictionary does not know, a
//! reading taken from a non-noun entry, or a run of two kanji read one by one (直帰 → 直 +
//! 帰), which means the dictionary did not know the compound. `check` lists those.
//!
//! This module knows nothing of terms, templates or HTML; the model uses it.

pub mod dict;
pub mod romaji;

use unicode_normalization::UnicodeNormalization;

/// The longest dictionary surface tried, in characters.
const MAX_WORD_CHARS: usize = 24;

/// A derived reading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Derived {
    /// Hiragana, with ASCII letters/digits and anything unreadable kept as written.
    pub reading: String,
    /// Some part is a guess (see the module docs).
    pub unsure: bool,
    /// Every kanji got a reading: the reading can stand in for the name when sorting.
    pub complete: bool,
}

/// True for the characters that need the dictionary: CJK ideographs and 々〆ヶ.
pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆')
}

/// True when `name` contains a kanji, i.e. it cannot serve as its own reading.
pub fn needs_reading(name: &str) -> bool {
    name.nfkc().any(is_kanji)
}

/// One way to read `chars[from..to]`.
#[derive(Debug, Clone)]
struct Part {
    from: usize,
    reading: String,
    /// (unread chars, guessed parts, parts, dictionary cost): lower is better, compared in
    /// this order.
    cost: (u32, u32, u32, u32),
    single_kanji: bool,
    guessed: bool,
}

/// Derives the reading of `name`. Names without kanji come back folded (katakana →
/// hiragana) and sure.
pub fn derive(name: &str) -> Derived {
    let chars: Vec<char> = name.nfkc().collect();
    let n = chars.len();
    // best[i]: cheapest reading of chars[..i], as the last part and its start.
    let mut best: Vec<Option<Part>> = vec![None; n + 1];
    best[0] = Some(Part {
        from: 0,
        reading: String::new(),
        cost: (0, 0, 0, 0),
        single_kanji: false,
        guessed: false,
    });
    for i in 0..n {
        let Some(base) = best[i].as_ref().map(|p| p.cost) else {
            continue;
        };
        let mut offer = |to: usize, reading: String, unread: u32, guessed: bool, weight: u8| {
            let cost = (
                base.0 + unread,
                base.1 + u32::from(guessed),
                base.2 + 1,
                base.3 + u32::from(weight),
            );
            if best[to].as_ref().is_none_or(|p| cost < p.cost) {
                let single_kanji = to == i + 1 && is_kanji(chars[i]);
                best[to] = Some(Part {
                    from: i,
                    reading,
                    cost,
                    single_kanji,
                    guessed,
                });
            }
        };
        let mut key = String::new();
        for (len, &c) in chars[i..].iter().take(MAX_WORD_CHARS).enumerate() {
            key.push(c);
            let probe = dict::probe(&key);
            if let Some(entry) = probe.entry {
                let to = i + len + 1;
                // A prefix reading opens a compound, a suffix reading follows a part.
                let reading = match (entry.as_prefix, entry.as_suffix) {
                    (_, Some(suffix)) if i > 0 => suffix,
                    (Some(prefix), _) if i == 0 && to < n => prefix,
                    _ => entry.reading,
                };
                offer(to, reading, 0, entry.fallback, entry.cost);
            }
            if !probe.longer_exists {
                break;
            }
        }
        let c = chars[i];
        if is_kanji(c) {
            offer(i + 1, c.to_string(), 1, true, u8::MAX);
        } else {
            offer(i + 1, fold_char(c).to_string(), 0, false, 0);
        }
    }
    assemble(&best, n)
}

/// Walks the chosen parts back from the end and joins their readings.
fn assemble(best: &[Option<Part>], n: usize) -> Derived {
    let mut parts: Vec<&Part> = Vec::new();
    let mut at = n;
    while at > 0 {
        let Some(part) = best[at].as_ref() else { break };
        parts.push(part);
        at = part.from;
    }
    parts.reverse();
    let unread = best[n].as_ref().map_or(0, |p| p.cost.0);
    let guessed = parts.iter().any(|p| p.guessed);
    let spelled_out = parts
        .windows(2)
        .any(|w| w[0].single_kanji && w[1].single_kanji);
    Derived {
        reading: parts.iter().map(|p| p.reading.as_str()).collect(),
        unsure: guessed || spelled_out,
        complete: unread == 0,
    }
}

/// Katakana → hiragana (ー and everything else unchanged), as readings are stored.
fn fold_char(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(u32::from(c) - 0x60).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests;
