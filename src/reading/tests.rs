//! Readings of real glossary vocabulary: the example site's names and compounds like them.

use super::*;

fn reading(name: &str) -> String {
    derive(name).reading
}

#[test]
fn example_site_kanji_names() {
    let cases = [
        ("顧客生涯価値", "こきゃくしょうがいかち"),
        ("顧客獲得コスト", "こきゃくかくとくこすと"),
        ("顧客関係管理", "こきゃくかんけいかんり"),
        ("顧客データ基盤", "こきゃくでーたきばん"),
        ("顧客満足度", "こきゃくまんぞくど"),
        ("離脱率", "りだつりつ"),
        ("客単価", "きゃくたんか"),
        ("越境EC", "えっきょうEC"),
        ("平均注文額", "へいきんちゅうもんがく"),
        ("市場規模", "しじょうきぼ"),
        ("用語集", "ようごしゅう"),
        ("事業計画", "じぎょうけいかく"),
        ("分析", "ぶんせき"),
        ("収益", "しゅうえき"),
        ("口コミ", "くちこみ"),
        ("支払い", "しはらい"),
        ("売上高", "うりあげだか"),
        ("新規顧客", "しんきこきゃく"),
    ];
    for (name, want) in cases {
        let d = derive(name);
        assert_eq!(d.reading, want, "{name}");
        assert!(d.complete, "{name}");
        assert!(!d.unsure, "{name} should be sure");
    }
}

#[test]
fn unknown_compounds_are_read_but_flagged_unsure() {
    // 直帰 is not in IPADIC: read kanji by kanji, which the writer should confirm.
    let d = derive("直帰率");
    assert!(d.complete);
    assert!(d.unsure);
    assert!(d.reading.ends_with("りつ"), "{}", d.reading);
}

#[test]
fn mixed_kanji_kana_latin_and_digits() {
    assert_eq!(reading("3C分析"), "3Cぶんせき");
    assert_eq!(reading("A/Bテスト"), "A/Bてすと");
    assert_eq!(reading("ＳＮＳ広告"), "SNSこうこく");
    assert_eq!(reading("ｶｰﾄ放棄率"), "かーとほうきりつ");
    assert_eq!(reading("Web接客"), "Webせっきゃく");
    assert_eq!(reading("インフルエンサー"), "いんふるえんさー");
    let plain = derive("Customer Data Platform");
    assert_eq!(plain.reading, "Customer Data Platform");
    assert!(plain.complete && !plain.unsure);
    assert_eq!(
        derive(""),
        Derived {
            complete: true,
            ..Derived::default()
        }
    );
}

#[test]
fn unreadable_characters_stay_and_make_it_incomplete() {
    // U+20B9F (𠮟) is outside the ranges we read; a lone symbol passes through.
    let d = derive("★顧客");
    assert_eq!(d.reading, "★こきゃく");
    assert!(d.complete);
    let d = derive("鬱㐂");
    assert!(!d.complete || d.unsure);
}

#[test]
fn needs_reading_only_with_kanji() {
    assert!(needs_reading("顧客"));
    assert!(needs_reading("越境EC"));
    assert!(!needs_reading("LTV"));
    assert!(!needs_reading("インフルエンサー"));
    assert!(!needs_reading("ｺｷｬｸ"));
}
