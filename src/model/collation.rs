//! 五十音 (gojūon) ordering and grouping of glossary terms by their kana reading.
//!
//! Every term list on the site and the A–Z/五十音 index page are ordered by the
//! key built here, so the rules live in one place. Plain code-point order is no
//! good for Japanese: katakana would sort after all hiragana, が would sort
//! between か and き, and ー would sort after ん. Instead this follows the shape of
//! JIS X 4061 (the ordering used by Japanese dictionaries) without pulling in a
//! full collation library:
//!
//! 1. **Primary**: the string after NFKC, with katakana folded to hiragana,
//!    voiced and semi-voiced marks removed (が → か, ぱ → は, ゔ → う), small kana
//!    made full size (ょ → よ, っ → つ, ヵ → か), ー replaced by the vowel of the
//!    preceding kana, and Latin letters lower-cased.
//! 2. **Secondary**: voicing, per character: plain < voiced (゛) < semi-voiced (゜).
//! 3. **Tertiary**: size and case, per character: small kana < full-size kana <
//!    a vowel that came from ー; lower-case Latin < upper-case Latin.
//! 4. **Quaternary**: script, per character: hiragana < katakana.
//!
//! A later level is only consulted when all earlier levels are equal over the
//! whole string, so a primary difference late in the string beats a voicing
//! difference early in it ("がい" < "かう").
//!
//! Before any of that, keys are ordered by [`IndexGroup`] of the first
//! character, so that the sorted term list and the index page agree: kana rows
//! あ…わ, then Latin A–Z, then everything else.
//!
//! Design decisions worth knowing about:
//!
//! * **ー** takes the vowel of the preceding kana (かー → かあ, こー → こお, the
//!   common dictionary convention), and after ん it repeats ん. At the start of a
//!   string or after a non-kana it carries no weight at all. A reading whose
//!   first character is ー is grouped as [`IndexGroup::Other`], like any other
//!   reading that starts with a symbol.
//! * **ん** belongs to わ行 and sorts last in the kana; **ゔ/ヴ** belongs to あ行
//!   (primary う, voiced).
//! * **Latin** means ASCII letters only (after NFKC, so full-width letters count).
//!   Accented letters such as "é" are treated as "other" characters; a title
//!   starting with one needs an explicit reading.
//! * Iteration marks ゝゞヽヾ repeat the preceding kana (いすゞ → いすす, voiced),
//!   and a stray combining (semi-)voiced mark that NFKC could not compose is
//!   applied to the preceding kana's secondary weight.
//!
//! Everything is a single pass over the NFKC iterator; the only allocation is
//! the key itself.
//!
//! (Over 400 lines: about 440 of code, then the ordering tests, which read best beside the
//! rules they check; the kana tables and the key builder share the packed weight format.)

use unicode_normalization::UnicodeNormalization;

/// Which index group a term falls into on the terms index page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexGroup {
    /// One of the ten 五十音 rows, 0 = あ行 … 9 = わ行.
    ///
    /// Small kana go with their full-size row (ゃ → や行, っ → た行), voiced kana
    /// with their unvoiced row (が → か行, ぱ → は行), ゔ with あ行 and ん with
    /// わ行, which is where Japanese dictionaries and index pages put them.
    Kana(u8),
    /// A Latin initial, 'A'..='Z' (uppercase).
    Latin(char),
    /// Digits, kanji without reading, symbols, anything else.
    Other,
}

/// Labels of the ten kana rows, indexed by `IndexGroup::Kana(row)`.
const ROW_LABELS: [&str; 10] = ["あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"];

/// Anchors of the ten kana rows; Hepburn romanisation keeps them ASCII.
const ROW_ANCHORS: [&str; 10] = [
    "row-a", "row-ka", "row-sa", "row-ta", "row-na", "row-ha", "row-ma", "row-ya", "row-ra",
    "row-wa",
];

impl IndexGroup {
    /// Display label: "あ","か","さ","た","な","は","ま","や","ら","わ" for kana
    /// rows, "A".."Z" for Latin, and `others` for `Other`.
    ///
    /// `others` is a display string of the theme's language (its i18n `index_others`), so
    /// the model holds no UI text. A hand-built `Kana(n)` with `n > 9` gets the `Other`
    /// label rather than panicking.
    #[must_use]
    pub fn label(&self, others: &str) -> String {
        match *self {
            IndexGroup::Kana(row) => match ROW_LABELS.get(usize::from(row)) {
                Some(label) => (*label).to_string(),
                None => others.to_string(),
            },
            IndexGroup::Latin(c) => c.to_uppercase().collect(),
            IndexGroup::Other => others.to_string(),
        }
    }

    /// ASCII-only HTML id for anchors: "row-a" … "row-wa" for kana rows,
    /// "latin-a".."latin-z" for Latin, "other" for the rest.
    ///
    /// The id must stay ASCII (and stable) because it ends up in URLs and CSS
    /// selectors, so a hand-built `Latin` holding a non-ASCII-alphanumeric char
    /// is written as "latin-uXXXX", and an out-of-range `Kana(n)` as "other".
    #[must_use]
    pub fn anchor(&self) -> String {
        match *self {
            IndexGroup::Kana(row) => match ROW_ANCHORS.get(usize::from(row)) {
                Some(anchor) => (*anchor).to_string(),
                None => "other".to_string(),
            },
            IndexGroup::Latin(c) if c.is_ascii_alphanumeric() => {
                format!("latin-{}", c.to_ascii_lowercase())
            }
            IndexGroup::Latin(c) => format!("latin-u{:04x}", u32::from(c)),
            IndexGroup::Other => "other".to_string(),
        }
    }
}

/// Sort key: compare keys to get the site-wide term order. Groups order: kana
/// rows first (あ→わ), then Latin A–Z, then Other.
///
/// Within a group the comparison is multi-level (see the module docs). Equal
/// keys mean "the same reading for sorting purposes" (e.g. "ｶ" and "カ", which
/// are equal after NFKC), which is why callers add the slug as a final
/// tie-breaker.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey {
    /// Compared first so that the term order agrees with the index page.
    group: IndexGroup,
    /// All levels in one vector: primary weights (all non-zero), a 0
    /// separator, then the secondary, tertiary and quaternary weights, one per
    /// primary weight each.
    ///
    /// Plain lexicographic comparison of this vector is exactly level-by-level
    /// comparison: if the primaries differ, the first difference (or the 0
    /// separator meeting a non-zero weight, for a prefix) decides; if they are
    /// equal, both strings have the same number of weights, so the lower levels
    /// line up position for position.
    weights: Vec<u32>,
}

/// The group of a reading (the term's `reading`, or its title when it has none).
///
/// Decided by the first character after NFKC and kana folding: any kana
/// (including small, voiced and half-width ones) gives its row, an ASCII letter
/// its upper-case initial, and everything else — digits, kanji, symbols, a
/// leading ー, the empty string — gives [`IndexGroup::Other`].
#[must_use]
pub fn index_group(reading: &str) -> IndexGroup {
    reading
        .nfkc()
        .next()
        .map_or(IndexGroup::Other, group_of_char)
}

/// Full sort key for a reading. Callers add the slug as a final tie-breaker
/// themselves.
///
/// Runs in one pass over the NFKC form of `reading`; the key's vector is the
/// only allocation.
#[must_use]
pub fn sort_key(reading: &str) -> SortKey {
    // Four weights per character plus the separator. NFKC rarely changes the
    // character count, and when it grows the vector simply grows.
    let mut weights = Vec::with_capacity(4 * reading.chars().count() + 1);
    let mut group = None;
    // Base (hiragana, full-size, unvoiced) of the previous kana, for ー and the
    // iteration marks; `None` after a non-kana or at the start.
    let mut prev: Option<char> = None;

    for c in reading.nfkc() {
        if group.is_none() {
            group = Some(group_of_char(c));
        }
        if let Some(k) = decompose_kana(c) {
            let size = if k.small { TER_SMALL } else { TER_FULL };
            weights.push(pack(CLASS_KANA, k.base, k.voicing, size, k.katakana));
            prev = Some(k.base);
        } else if c == 'ー' {
            // Ignored when there is no preceding kana.
            if let Some(base) = prev {
                let vowel = vowel_of(base);
                weights.push(pack(CLASS_KANA, vowel, 0, TER_LONG, false));
                prev = Some(vowel);
            }
        } else if let (Some(base), Some((voicing, katakana))) = (prev, iteration_mark(c)) {
            weights.push(pack(CLASS_KANA, base, voicing, TER_FULL, katakana));
        } else if let (Some(_), Some(voicing)) = (prev, combining_voicing(c)) {
            if let Some(last) = weights.last_mut() {
                *last = (*last & !(LEVEL_MASK << SEC_SHIFT)) | (u32::from(voicing) << SEC_SHIFT);
            }
        } else if c.is_ascii_alphabetic() {
            let case = if c.is_ascii_uppercase() {
                TER_UPPER
            } else {
                TER_LOWER
            };
            weights.push(pack(CLASS_LATIN, c.to_ascii_lowercase(), 0, case, false));
            prev = None;
        } else {
            weights.push(pack(CLASS_OTHER, c, 0, 0, false));
            prev = None;
        }
    }

    // Unpack the per-character lower levels into level-major order.
    let n = weights.len();
    weights.push(0);
    for (shift, mask) in [
        (SEC_SHIFT, LEVEL_MASK),
        (TER_SHIFT, LEVEL_MASK),
        (QUAT_SHIFT, 1),
    ] {
        let start = weights.len();
        weights.extend_from_within(..n);
        for w in &mut weights[start..] {
            *w = (*w >> shift) & mask;
        }
    }
    for w in &mut weights[..n] {
        *w &= PRIMARY_MASK;
    }

    SortKey {
        group: group.unwrap_or(IndexGroup::Other),
        weights,
    }
}

/// True when `s` (after NFKC) starts with a kana (hiragana or katakana, incl.
/// half-width katakana after NFKC) or a Latin letter: such a title can serve as
/// its own reading. Titles starting with kanji, digits or symbols need an
/// explicit `reading`.
///
/// This is exactly the set of first characters for which [`index_group`] does
/// not answer [`IndexGroup::Other`], so a title accepted here always lands in a
/// real row of the index.
#[must_use]
pub fn can_be_own_reading(s: &str) -> bool {
    !matches!(index_group(s), IndexGroup::Other)
}

/// Normalise a reading for matching/searching: NFKC, katakana → hiragana,
/// lower-case Latin.
///
/// Unlike [`sort_key`] this keeps voicing, small kana and ー as they are,
/// because a search for "ぱん" must not match "ばん". Katakana without a
/// precomposed hiragana counterpart (ヷヸヹヺ, the Ainu small letters ㇰ…ㇿ) are
/// left as katakana.
#[must_use]
pub fn fold_reading(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc() {
        match c {
            // ァ..ヶ and ヽヾ all sit exactly 0x60 above their hiragana.
            '\u{30A1}'..='\u{30F6}' | 'ヽ' | 'ヾ' => {
                out.extend(char::from_u32(u32::from(c) - 0x60));
            }
            _ if c.is_uppercase() => out.extend(c.to_lowercase()),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Weight packing.
//
// While scanning, each character's four levels are packed into one u32 so the
// key needs a single vector; `sort_key` unpacks them at the end. Primary
// weights use the low 23 bits: a 2-bit class (kana < Latin < other, mirroring
// the group order) above a 21-bit code point. The class is never 0, which keeps
// every primary weight above the 0 separator.

const CLASS_KANA: u32 = 1;
const CLASS_LATIN: u32 = 2;
const CLASS_OTHER: u32 = 3;
const CLASS_SHIFT: u32 = 21;
const PRIMARY_MASK: u32 = (1 << 23) - 1;

const SEC_SHIFT: u32 = 24;
const TER_SHIFT: u32 = 26;
const QUAT_SHIFT: u32 = 28;
const LEVEL_MASK: u32 = 0b11;

/// Secondary weights: plain < voiced < semi-voiced (は < ば < ぱ).
const VOICED: u8 = 1;
const SEMI_VOICED: u8 = 2;

/// Tertiary weights for kana: small < full size < vowel standing in for ー.
const TER_SMALL: u8 = 0;
const TER_FULL: u8 = 1;
const TER_LONG: u8 = 2;
/// Tertiary weights for Latin: lower case first, as in most dictionaries.
const TER_LOWER: u8 = 0;
const TER_UPPER: u8 = 1;

fn pack(class: u32, primary: char, secondary: u8, tertiary: u8, katakana: bool) -> u32 {
    (class << CLASS_SHIFT)
        | u32::from(primary)
        | (u32::from(secondary) << SEC_SHIFT)
        | (u32::from(tertiary) << TER_SHIFT)
        | (u32::from(katakana) << QUAT_SHIFT)
}

// ---------------------------------------------------------------------------
// Kana analysis.

/// A kana split into what each collation level needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kana {
    /// Full-size, unvoiced hiragana: the primary weight.
    base: char,
    /// 0, [`VOICED`] or [`SEMI_VOICED`].
    voicing: u8,
    small: bool,
    katakana: bool,
}

/// Bases of the Katakana Phonetic Extensions ㇰ..ㇿ (U+31F0..U+31FF), all small.
const PHONETIC_EXT_BASES: [char; 16] = [
    'く', 'し', 'す', 'と', 'ぬ', 'は', 'ひ', 'ふ', 'へ', 'ほ', 'む', 'ら', 'り', 'る', 'れ', 'ろ',
];

/// Split a (NFKC-normalised) kana into base, voicing, size and script; `None`
/// for anything that is not a kana with a sound (ー, ゝ, ・ … are handled by the
/// caller).
///
/// Works on code-point arithmetic over the hiragana block, whose layout
/// interleaves small/voiced forms with their base in a regular pattern; the
/// katakana block mirrors it 0x60 higher.
fn decompose_kana(c: char) -> Option<Kana> {
    let cp = u32::from(c);
    let (h, katakana) = match cp {
        0x3041..=0x3096 => (cp, false),
        0x30A1..=0x30F6 => (cp - 0x60, true),
        // ヷヸヹヺ: voiced ワヰヱヲ, no hiragana counterpart.
        0x30F7..=0x30FA => {
            let base = ['わ', 'ゐ', 'ゑ', 'を'][(cp - 0x30F7) as usize];
            return Some(Kana {
                base,
                voicing: VOICED,
                small: false,
                katakana: true,
            });
        }
        0x31F0..=0x31FF => {
            return Some(Kana {
                base: PHONETIC_EXT_BASES[(cp - 0x31F0) as usize],
                voicing: 0,
                small: true,
                katakana: true,
            });
        }
        _ => return None,
    };
    let odd = |from: u32| (h - from) & 1 == 1;
    let (base, voicing, small) = match h {
        // ぁあぃいぅうぇえぉお: small form first.
        0x3041..=0x304A if !odd(0x3041) => (h + 1, 0, true),
        // かが … ぢ: voiced form second.
        0x304B..=0x3062 if odd(0x304B) => (h - 1, VOICED, false),
        0x3063 => (0x3064, 0, true), // っ
        // つづてでとど
        0x3064..=0x3069 if odd(0x3064) => (h - 1, VOICED, false),
        // はばぱ … ほぼぽ: plain, voiced, semi-voiced.
        0x306F..=0x307D => {
            let off = (h - 0x306F) % 3;
            (h - off, off as u8, false)
        }
        // ゃやゅゆょよ
        0x3083..=0x3088 if !odd(0x3083) => (h + 1, 0, true),
        0x308E => (0x308F, 0, true),       // ゎ
        0x3094 => (0x3046, VOICED, false), // ゔ
        0x3095 => (0x304B, 0, true),       // ゕ
        0x3096 => (0x3051, 0, true),       // ゖ
        _ => (h, 0, false),
    };
    debug_assert!(voicing <= SEMI_VOICED);
    char::from_u32(base).map(|base| Kana {
        base,
        voicing,
        small,
        katakana,
    })
}

/// 五十音 row of a base kana (as returned by [`decompose_kana`]).
fn row_of(base: char) -> u8 {
    match base {
        'あ'..='お' => 0,
        'か'..='こ' => 1,
        'さ'..='そ' => 2,
        'た'..='と' => 3,
        'な'..='の' => 4,
        'は'..='ほ' => 5,
        'ま'..='も' => 6,
        'や'..='よ' => 7,
        'ら'..='ろ' => 8,
        // わゐゑをん
        _ => 9,
    }
}

/// The vowel ー stands for after `base`; ん has no vowel, so ー after ん
/// repeats ん.
fn vowel_of(base: char) -> char {
    match base {
        'あ' | 'か' | 'さ' | 'た' | 'な' | 'は' | 'ま' | 'や' | 'ら' | 'わ' => 'あ',
        'い' | 'き' | 'し' | 'ち' | 'に' | 'ひ' | 'み' | 'り' | 'ゐ' => 'い',
        'う' | 'く' | 'す' | 'つ' | 'ぬ' | 'ふ' | 'む' | 'ゆ' | 'る' => 'う',
        'え' | 'け' | 'せ' | 'て' | 'ね' | 'へ' | 'め' | 'れ' | 'ゑ' => 'え',
        'お' | 'こ' | 'そ' | 'と' | 'の' | 'ほ' | 'も' | 'よ' | 'ろ' | 'を' => 'お',
        other => other,
    }
}

/// Iteration marks: (voicing, katakana) of ゝゞヽヾ.
fn iteration_mark(c: char) -> Option<(u8, bool)> {
    match c {
        'ゝ' => Some((0, false)),
        'ゞ' => Some((VOICED, false)),
        'ヽ' => Some((0, true)),
        'ヾ' => Some((VOICED, true)),
        _ => None,
    }
}

/// Combining (semi-)voiced sound marks left over when NFKC had no precomposed
/// form (e.g. "ん" + U+3099).
fn combining_voicing(c: char) -> Option<u8> {
    match c {
        '\u{3099}' => Some(VOICED),
        '\u{309A}' => Some(SEMI_VOICED),
        _ => None,
    }
}

fn group_of_char(c: char) -> IndexGroup {
    if let Some(k) = decompose_kana(c) {
        IndexGroup::Kana(row_of(k.base))
    } else if c.is_ascii_alphabetic() {
        IndexGroup::Latin(c.to_ascii_uppercase())
    } else {
        IndexGroup::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sort `readings` by key; ties keep input order (stable sort), which the
    /// expected orders below never rely on.
    fn sorted(readings: &[&'static str]) -> Vec<&'static str> {
        let mut v = readings.to_vec();
        v.sort_by_cached_key(|r| sort_key(r));
        v
    }

    #[test]
    fn shuffled_readings_sort_into_dictionary_order() {
        let shuffled = [
            "LTV",
            "ばし",
            "らめん",
            "顧客",
            "しよう",
            "カード",
            "ａｐｉ",
            "えーびーてすと",
            "ぱし",
            "をどり",
            "3C分析",
            "かう",
            "らーめん",
            "A/Bテスト",
            "ｶｰﾄ",
            "はじ",
            "ウイルス",
            "ltv",
            "しょう",
            "がい",
            "んぼ",
            "ーあ",
            "かーど",
            "API",
            "はし",
            "ヴァイオリン",
            "らあめん",
            "ab",
            "しゅう",
            "かい",
            "わいん",
            "かあど",
        ];
        let expected = [
            // あ行: ゔ is う at primary, ァ is あ: うあいおりん < ういるす.
            "ヴァイオリン",
            "ウイルス",
            "えーびーてすと", // ええひいてすと
            // か行: primary かあと ×4, then かい, かい, かう.
            "ｶｰﾄ",    // かあと, no voicing
            "かあど", // かあと, voiced ど
            "かーど", // same, but ー-vowel is tertiary-after real あ
            "カード", // same as かーど, katakana at the last level
            "かい",
            "がい", // voicing only breaks the tie with かい …
            "かう", // … and loses to a later primary difference
            // さ行: しゆう < しよう at primary; small ょ < full よ at tertiary.
            "しゅう",
            "しょう",
            "しよう",
            // は行: all primary はし; secondary [0,0] < [0,1] < [1,0] < [2,0].
            "はし",
            "はじ",
            "ばし",
            "ぱし",
            // ら行: らあめん == らーめん at primary, real あ first; あ < め.
            "らあめん",
            "らーめん",
            "らめん",
            // わ行: わ < を < ん.
            "わいん",
            "をどり",
            "んぼ",
            // Latin: a,b < a,p,i < a,/(other) ; lower before upper.
            "ab",
            "ａｐｉ",
            "API",
            "A/Bテスト",
            "ltv",
            "LTV",
            // Other: leading ー is ignored in the key (あ, kana class) but
            // groups as Other; then digits, then kanji by code point.
            "ーあ",
            "3C分析",
            "顧客",
        ];
        assert_eq!(shuffled.len(), expected.len());
        assert_eq!(sorted(&shuffled), expected);
        // Sorting must not depend on input order.
        let mut reversed = shuffled;
        reversed.reverse();
        assert_eq!(sorted(&reversed), expected);
    }

    #[test]
    fn primary_difference_beats_earlier_voicing() {
        assert!(sort_key("がい") < sort_key("かう"));
        assert!(sort_key("か") < sort_key("が"));
        assert!(sort_key("が") < sort_key("かあ"));
        assert!(sort_key("は") < sort_key("ば"));
        assert!(sort_key("ば") < sort_key("ぱ"));
        assert!(sort_key("ぱ") < sort_key("ひ"));
        // ゔ is a voiced う, not something after ん.
        assert!(sort_key("う") < sort_key("ゔ"));
        assert!(sort_key("ゔ") < sort_key("え"));
    }

    #[test]
    fn katakana_is_only_a_last_level_difference() {
        assert!(sort_key("かき") < sort_key("カキ"));
        assert!(sort_key("カキ") < sort_key("かぎ"));
        assert!(sort_key("カ") < sort_key("かあ"));
        assert!(sort_key("ハハ") > sort_key("はは"));
    }

    #[test]
    fn small_kana_sort_as_full_size_then_first() {
        assert!(sort_key("ぁ") < sort_key("あ"));
        assert!(sort_key("っ") < sort_key("つ"));
        assert!(sort_key("ヵ") < sort_key("か"));
        assert!(sort_key("ヶ") < sort_key("け"));
        assert!(sort_key("ゎ") < sort_key("わ"));
        assert!(sort_key("きって") > sort_key("きつ"));
        assert!(sort_key("きって") < sort_key("きつね"));
    }

    #[test]
    fn long_vowel_mark_takes_preceding_vowel() {
        let primary = |s: &str| {
            let w = sort_key(s).weights;
            let n = w.iter().position(|&x| x == 0).unwrap();
            w[..n].to_vec()
        };
        let primary_equal = |a: &str, b: &str| primary(a) == primary(b);
        assert!(primary_equal("かー", "かあ"));
        assert!(primary_equal("こー", "こお"));
        assert!(primary_equal("キュー", "きゆう"));
        assert!(primary_equal("ぶー", "ふう"));
        assert!(primary_equal("んー", "んん"));
        assert!(primary_equal("かーー", "かああ"));
        // Ignored at the start and after non-kana.
        assert!(primary_equal("ーか", "か"));
        assert!(primary_equal("Aー", "A"));
        assert_eq!(sort_key("Aー"), sort_key("A"));
        // Real vowel before ー at the tertiary level.
        assert!(sort_key("かあ") < sort_key("かー"));
        // Half-width ｰ is the same mark after NFKC.
        assert_eq!(sort_key("ｶｰ"), sort_key("カー"));
    }

    #[test]
    fn latin_is_case_insensitive_at_primary() {
        assert!(sort_key("abc") < sort_key("ABC"));
        assert!(sort_key("ABC") < sort_key("abd"));
        assert!(sort_key("Zeta") > sort_key("alpha"));
        assert_eq!(sort_key("ＬＴＶ"), sort_key("LTV"));
        // Whole groups first: kana < Latin < other.
        assert!(sort_key("んんん") < sort_key("a"));
        assert!(sort_key("zzz") < sort_key("0"));
        assert!(sort_key("zzz") < sort_key("亜"));
    }

    #[test]
    fn nfkc_equivalents_have_equal_keys() {
        assert_eq!(sort_key("ｶﾞｯｺｳ"), sort_key("ガッコウ"));
        assert_eq!(sort_key("ｶ"), sort_key("カ"));
        assert_eq!(sort_key("か\u{3099}"), sort_key("が"));
        assert_eq!(sort_key(""), sort_key(""));
        assert_eq!(index_group(""), IndexGroup::Other);
    }

    #[test]
    fn iteration_marks_and_stray_combining_marks() {
        assert!(sort_key("いすす") < sort_key("いすゞ"));
        assert!(sort_key("いすゞ") < sort_key("いすせ"));
        assert!(sort_key("ん") < sort_key("ん\u{3099}"));
        assert!(sort_key("ん\u{3099}") < sort_key("んあ"));
        assert_eq!(index_group("ゝ"), IndexGroup::Other);
    }

    #[test]
    fn index_group_row_boundaries() {
        use IndexGroup::*;
        let cases: &[(&str, IndexGroup)] = &[
            ("あ", Kana(0)),
            ("ぁ", Kana(0)),
            ("お", Kana(0)),
            ("ぉ", Kana(0)),
            ("ゔ", Kana(0)),
            ("ヴ", Kana(0)),
            ("か", Kana(1)),
            ("が", Kana(1)),
            ("ご", Kana(1)),
            ("ゕ", Kana(1)),
            ("ヵ", Kana(1)),
            ("ヶ", Kana(1)),
            ("さ", Kana(2)),
            ("ぞ", Kana(2)),
            ("た", Kana(3)),
            ("だ", Kana(3)),
            ("っ", Kana(3)),
            ("ッ", Kana(3)),
            ("ど", Kana(3)),
            ("な", Kana(4)),
            ("の", Kana(4)),
            ("は", Kana(5)),
            ("ば", Kana(5)),
            ("ぽ", Kana(5)),
            ("ま", Kana(6)),
            ("も", Kana(6)),
            ("や", Kana(7)),
            ("ゃ", Kana(7)),
            ("ゅ", Kana(7)),
            ("ょ", Kana(7)),
            ("よ", Kana(7)),
            ("ら", Kana(8)),
            ("ろ", Kana(8)),
            ("ゎ", Kana(9)),
            ("わ", Kana(9)),
            ("ゐ", Kana(9)),
            ("ゑ", Kana(9)),
            ("を", Kana(9)),
            ("ヲ", Kana(9)),
            ("ヺ", Kana(9)),
            ("ん", Kana(9)),
            ("ン", Kana(9)),
            ("ｶｰﾄ", Kana(1)),
            ("ﾝ", Kana(9)),
            ("ㇰ", Kana(1)),
            ("apple", Latin('A')),
            ("Zebra", Latin('Z')),
            ("ｚｅｔａ", Latin('Z')),
            ("3C分析", Other),
            ("顧客", Other),
            ("ー", Other),
            ("ーあ", Other),
            ("・", Other),
            ("é", Other),
            ("", Other),
        ];
        for &(reading, group) in cases {
            assert_eq!(index_group(reading), group, "reading {reading:?}");
            assert_eq!(sort_key(reading).group, group, "key of {reading:?}");
        }
    }

    #[test]
    fn group_order() {
        use IndexGroup::*;
        assert!(Kana(0) < Kana(9));
        assert!(Kana(9) < Latin('A'));
        assert!(Latin('A') < Latin('Z'));
        assert!(Latin('Z') < Other);
    }

    #[test]
    fn labels_and_anchors() {
        use IndexGroup::*;
        let rows = [
            ("あ", "row-a"),
            ("か", "row-ka"),
            ("さ", "row-sa"),
            ("た", "row-ta"),
            ("な", "row-na"),
            ("は", "row-ha"),
            ("ま", "row-ma"),
            ("や", "row-ya"),
            ("ら", "row-ra"),
            ("わ", "row-wa"),
        ];
        for (row, (label, anchor)) in rows.iter().enumerate() {
            let g = Kana(row as u8);
            assert_eq!(g.label("ja"), *label);
            assert_eq!(g.label("en"), *label);
            assert_eq!(g.anchor(), *anchor);
        }
        assert_eq!(Latin('A').label("ja"), "A");
        assert_eq!(Latin('Z').label("en"), "Z");
        assert_eq!(Latin('A').anchor(), "latin-a");
        assert_eq!(Latin('Z').anchor(), "latin-z");
        assert_eq!(Other.label("その他"), "その他");
        assert_eq!(Other.label("#"), "#");
        assert_eq!(Other.anchor(), "other");
        // Hand-built out-of-range values stay ASCII and do not panic.
        assert_eq!(Kana(10).anchor(), "other");
        assert_eq!(Kana(10).label("その他"), "その他");
        assert_eq!(Latin('é').anchor(), "latin-u00e9");
        // Every anchor of a real group is ASCII.
        for c in 'A'..='Z' {
            assert!(Latin(c).anchor().is_ascii());
            assert_eq!(index_group(&c.to_string()), Latin(c));
        }
    }

    #[test]
    fn own_reading() {
        assert!(can_be_own_reading("インフルエンサー"));
        assert!(can_be_own_reading("NPS"));
        assert!(!can_be_own_reading("顧客"));
        assert!(!can_be_own_reading("3C分析"));
        assert!(can_be_own_reading("ｶｰﾄ"));
        assert!(can_be_own_reading("ｎｐｓ"));
        assert!(can_be_own_reading("っ"));
        assert!(!can_be_own_reading("ー"));
        assert!(!can_be_own_reading("「顧客」"));
        assert!(!can_be_own_reading(""));
    }

    #[test]
    fn folding_for_search() {
        assert_eq!(fold_reading("ｶｰﾄﾞ"), "かーど");
        assert_eq!(fold_reading("インフルエンサー"), "いんふるえんさー");
        assert_eq!(fold_reading("ヴァ ヵヶ ヽヾ"), "ゔぁ ゕゖ ゝゞ");
        assert_eq!(fold_reading("ＬＴＶ NPS"), "ltv nps");
        assert_eq!(fold_reading("A/Bテスト"), "a/bてすと");
        // Voicing and size are kept: search must tell ぱ from ば.
        assert_eq!(fold_reading("パン"), "ぱん");
        assert_eq!(fold_reading("ショウ"), "しょう");
        assert_eq!(fold_reading("ヷ"), "ヷ");
        assert_eq!(fold_reading("顧客3C"), "顧客3c");
    }

    #[test]
    fn every_kana_decomposes_consistently() {
        // Each hiragana and its katakana twin share base, voicing and size.
        for cp in 0x3041..=0x3096u32 {
            let h = char::from_u32(cp).unwrap();
            let k = char::from_u32(cp + 0x60).unwrap();
            let (dh, dk) = (decompose_kana(h).unwrap(), decompose_kana(k).unwrap());
            assert_eq!(
                (dh.base, dh.voicing, dh.small),
                (dk.base, dk.voicing, dk.small)
            );
            assert!(!dh.katakana && dk.katakana);
            // Bases are themselves plain, full-size kana.
            let base = decompose_kana(dh.base).unwrap();
            assert_eq!((base.base, base.voicing, base.small), (dh.base, 0, false));
        }
        // Spot checks.
        let d = |c| decompose_kana(c).unwrap();
        assert_eq!((d('ぱ').base, d('ぱ').voicing), ('は', SEMI_VOICED));
        assert_eq!((d('ぼ').base, d('ぼ').voicing), ('ほ', VOICED));
        assert_eq!((d('づ').base, d('づ').voicing), ('つ', VOICED));
        assert_eq!((d('ぢ').base, d('ぢ').voicing), ('ち', VOICED));
        assert_eq!((d('ょ').base, d('ょ').small), ('よ', true));
        assert_eq!((d('ゖ').base, d('ゖ').small), ('け', true));
        assert_eq!(d('ん').base, 'ん');
        assert_eq!(decompose_kana('ー'), None);
        assert_eq!(decompose_kana('・'), None);
    }
}
