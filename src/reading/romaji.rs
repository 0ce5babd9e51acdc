//! Hiragana readings to Hepburn romaji, for ASCII slugs of Japanese titles
//! (`glossgen new 顧客生涯価値` → `kokyakushougaikachi`). Long vowels are written as the
//! kana read (おう → ou); ー adds nothing (まーけてぃんぐ → maketingu).

/// Romaji of one hiragana syllable, or `None` for anything else.
fn syllable(c: char) -> Option<&'static str> {
    const TABLE: &[(char, &str)] = &[
        ('あ', "a"),
        ('い', "i"),
        ('う', "u"),
        ('え', "e"),
        ('お', "o"),
        ('か', "ka"),
        ('き', "ki"),
        ('く', "ku"),
        ('け', "ke"),
        ('こ', "ko"),
        ('が', "ga"),
        ('ぎ', "gi"),
        ('ぐ', "gu"),
        ('げ', "ge"),
        ('ご', "go"),
        ('さ', "sa"),
        ('し', "shi"),
        ('す', "su"),
        ('せ', "se"),
        ('そ', "so"),
        ('ざ', "za"),
        ('じ', "ji"),
        ('ず', "zu"),
        ('ぜ', "ze"),
        ('ぞ', "zo"),
        ('た', "ta"),
        ('ち', "chi"),
        ('つ', "tsu"),
        ('て', "te"),
        ('と', "to"),
        ('だ', "da"),
        ('ぢ', "ji"),
        ('づ', "zu"),
        ('で', "de"),
        ('ど', "do"),
        ('な', "na"),
        ('に', "ni"),
        ('ぬ', "nu"),
        ('ね', "ne"),
        ('の', "no"),
        ('は', "ha"),
        ('ひ', "hi"),
        ('ふ', "fu"),
        ('へ', "he"),
        ('ほ', "ho"),
        ('ば', "ba"),
        ('び', "bi"),
        ('ぶ', "bu"),
        ('べ', "be"),
        ('ぼ', "bo"),
        ('ぱ', "pa"),
        ('ぴ', "pi"),
        ('ぷ', "pu"),
        ('ぺ', "pe"),
        ('ぽ', "po"),
        ('ま', "ma"),
        ('み', "mi"),
        ('む', "mu"),
        ('め', "me"),
        ('も', "mo"),
        ('や', "ya"),
        ('ゆ', "yu"),
        ('よ', "yo"),
        ('ら', "ra"),
        ('り', "ri"),
        ('る', "ru"),
        ('れ', "re"),
        ('ろ', "ro"),
        ('わ', "wa"),
        ('ゐ', "i"),
        ('ゑ', "e"),
        ('を', "o"),
        ('ん', "n"),
        ('ゔ', "vu"),
        ('ぁ', "a"),
        ('ぃ', "i"),
        ('ぅ', "u"),
        ('ぇ', "e"),
        ('ぉ', "o"),
        ('ゃ', "ya"),
        ('ゅ', "yu"),
        ('ょ', "yo"),
        ('ゎ', "wa"),
        ('ゕ', "ka"),
        ('ゖ', "ke"),
    ];
    TABLE.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// `c` followed by a small kana `small`: one sound (きゃ → kya, てぃ → ti, ふぁ → fa).
fn combined(c: char, small: char) -> Option<String> {
    let base = syllable(c)?;
    let vowel = match small {
        'ゃ' => "ya",
        'ゅ' => "yu",
        'ょ' => "yo",
        'ぁ' => "a",
        'ぃ' => "i",
        'ぅ' => "u",
        'ぇ' => "e",
        'ぉ' => "o",
        _ => return None,
    };
    let stem = base.get(..base.len() - 1).unwrap_or("");
    Some(match (stem, vowel.len()) {
        // shi/chi/ji + ya → sha/cha/ja
        ("sh" | "ch" | "j", 2) => format!("{stem}{}", &vowel[1..]),
        ("sh" | "ch" | "j", _) => format!("{stem}{vowel}"),
        // てぃ → ti, でぃ → di, とぅ → tu, ふぁ → fa, うぃ → wi, ゔぁ → va
        ("t" | "d" | "f" | "v" | "ts", 1) => format!("{stem}{vowel}"),
        ("", 1) if c == 'う' => format!("w{vowel}"),
        (_, 1) => format!("{base}{vowel}"),
        (_, _) => format!("{stem}{vowel}"),
    })
}

/// Romaji of a hiragana reading; ASCII letters and digits pass through lower-cased, spaces
/// and punctuation become `-`. `None` when something is neither (a kanji without reading).
pub fn to_romaji(reading: &str) -> Option<String> {
    let chars: Vec<char> = reading.chars().collect();
    let mut out = String::with_capacity(reading.len() * 2);
    let mut double_next = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (piece, used) = if c == 'っ' {
            double_next = true;
            i += 1;
            continue;
        } else if c == 'ー' {
            (String::new(), 1)
        } else if let Some(s) = next.and_then(|n| combined(c, n)) {
            (s, 2)
        } else if let Some(s) = syllable(c) {
            (s.to_string(), 1)
        } else if c.is_ascii_alphanumeric() {
            (c.to_ascii_lowercase().to_string(), 1)
        } else if c.is_whitespace()
            || c.is_ascii_punctuation()
            || matches!(c, '・' | '、' | '。' | '＆')
        {
            ("-".to_string(), 1)
        } else {
            return None;
        };
        if double_next {
            // っ doubles the next consonant (っち → tchi).
            if let Some(first) = piece.chars().next().filter(|f| !"aiueon-".contains(*f)) {
                out.push(if piece.starts_with("ch") { 't' } else { first });
            }
            double_next = false;
        }
        out.push_str(&piece);
        i += used;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::to_romaji;

    #[test]
    fn hepburn_with_digraphs_small_kana_and_sokuon() {
        for (kana, romaji) in [
            ("こきゃくしょうがいかち", "kokyakushougaikachi"),
            ("まーけてぃんぐ", "maketingu"),
            ("まっち", "matchi"),
            ("がっこう", "gakkou"),
            ("ふぁん", "fan"),
            ("しぇあ", "shea"),
            ("うぃき", "wiki"),
            ("ltvこうじょう", "ltvkoujou"),
            ("じゃんる 2", "janru-2"),
        ] {
            assert_eq!(to_romaji(kana).as_deref(), Some(romaji), "{kana}");
        }
        assert_eq!(to_romaji("漢"), None);
    }
}
