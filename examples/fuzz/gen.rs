//! Hostile glossary sites from a seed: deep nesting, huge lines, odd YAML, random Unicode,
//! NULs, CRLF and BOMs, references and auto-links between terms, bad dates and paths.
//!
//! Shared by the fuzz command (`examples/fuzz/main.rs`) and the property tests
//! (`tests/properties.rs`), so a seed that fails in one reproduces in the other.
#![allow(dead_code)]

/// splitmix64: small, fast, and the same sequence on every platform.
pub struct Rng {
    state: u64,
    /// A tame site has valid front matter and bodies under the limits, so that it is built,
    /// rendered and minified rather than refused early.
    pub tame: bool,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut rng = Rng {
            state: seed,
            tame: false,
        };
        rng.tame = rng.chance(50);
        rng
    }

    pub fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Mostly small, sometimes large: sizes that find both edge cases and slow paths. Tame
    /// sites stay under the nesting limit.
    pub fn size(&mut self, small: usize, large: usize) -> usize {
        let large = if self.tame { large.min(90) } else { large };
        if self.chance(5) {
            self.below(large + 1)
        } else {
            self.below(small + 1)
        }
    }
}

/// Pieces of text that have broken parsers before, or might.
pub const FRAGMENTS: &[&str] = &[
    "顧客",
    "データ",
    "ＬＴＶ",
    "ｶﾀｶﾅ",
    "ltv",
    "LTV",
    "CDP",
    "a",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "\u{fffd}",
    "𠮷",
    "👨‍👩‍👧",
    "é",
    "e\u{301}",
    "ß",
    "İ",
    "㍿",
    "ﷺ",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "[[",
    "]]",
    "|",
    "#",
    "## ",
    "> ",
    "- ",
    "1. ",
    "+ ",
    "* ",
    "    ",
    "\\",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<",
    ">",
    "<div>",
    "</div>",
    "<p>",
    "<li>",
    "</span>",
    "<br/>",
    "<script>",
    "</script>",
    "<style>",
    "<div/>",
    "<svg>",
    "<path/>",
    "</svg>",
    "</b>",
    "<!--",
    "-->",
    "<!-- more -->",
    "<!doctype",
    "<![CDATA[",
    "<a href=x>",
    "</a>",
    "[^1]",
    "[^1]: note",
    "[x]: /url",
    "[x]",
    "![img](a.png)",
    "{#id}",
    "{.class}",
    "---",
    "***",
    "===",
    ":",
    "'",
    "\"",
    "{{",
    "}}",
    "{%",
    "%}",
    "$",
    "\u{3000}",
    "。",
    "「",
    "」",
    "**「",
    "」**",
    "https://example.com",
    "<https://a.b>",
    "- [ ] ",
    "- [x] ",
    "| a | b |\n|---|---|\n",
];

/// The contract's front matter keys, and near misses that must only warn.
fn keys() -> Vec<&'static str> {
    let known = glossgen::content::front_matter::KNOWN_KEYS.iter().copied();
    known.chain(["titel", "tag", ""]).collect()
}

const DATES: &[&str] = &[
    "2024-02-29",
    "2023-02-29",
    "2023-02-30",
    "2024-+1-01",
    "2024-01-01T00:00:0日",
    "2024-01-01T10:00:00+09:00",
    "2024-13-01",
    "0000-01-01",
    "9999-12-31T23:59:60Z",
    "2024",
    "2024-01-01T",
    "2024-01-01 10:00:00",
    "２０２４-０１-０１",
    "",
];

const YAML_ODDITIES: &[&str] = &[
    "~",
    "null",
    "[]",
    "{}",
    "[a, [b]]",
    "{a: b}",
    "!!binary aGk=",
    "&a x",
    "*a",
    "|\n  block",
    ">-\n  folded",
    "'quoted'",
    "\"esc\\u0000\"",
    "yes",
    "no",
    "0x1F",
    "1e999",
    "-.inf",
    ".nan",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "? a\n: b",
    "!custom x",
    "2024-01-01",
    "12:30:00",
    "\"a\\\"b\"",
];

/// A string of `n` random fragments and random characters.
pub fn text(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for _ in 0..n {
        match rng.below(10) {
            0 => s.push(char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('?')),
            1 => s.push(char::from_u32(0x3040 + rng.below(0x60) as u32).unwrap_or('?')),
            _ => s.push_str(rng.pick(FRAGMENTS)),
        }
    }
    s
}

/// A name other terms can refer to: short, mixing scripts.
fn name(rng: &mut Rng) -> String {
    let names = [
        "顧客データ",
        "LTV",
        "CDP",
        "ファネル",
        "KPI",
        "データ",
        "顧客",
        "AI",
        "x",
    ];
    let mut s = rng.pick(&names).to_string();
    if rng.chance(30) {
        s.push_str(&text(rng, 2));
    }
    s
}

/// A body: a mix of block structures, some nested very deeply or repeated very often.
pub fn body(rng: &mut Rng, names: &[String]) -> String {
    let mut s = String::new();
    for _ in 0..rng.size(12, 60) {
        let repeat = rng.size(3, 3_000);
        match rng.below(16) {
            0 => s.push_str(&"> ".repeat(repeat)),
            1 => {
                for level in 0..repeat.min(400) {
                    s.push_str(&"  ".repeat(level));
                    s.push_str("- item\n");
                }
            }
            2 => {
                let tag = rng.pick(&["div", "span", "p", "li", "em", "table", "td", "x-y"]);
                s.push_str(&format!("<{tag}>").repeat(repeat));
                s.push_str(&text(rng, 3));
                s.push_str(&format!("</{tag}>").repeat(rng.below(repeat + 1)));
            }
            3 => s.push_str(
                &rng.pick(&["*a ", "_a ", "**「", "[", "![", "[[", "`"])
                    .repeat(repeat),
            ),
            4 => {
                let target = names
                    .get(rng.below(names.len()))
                    .cloned()
                    .unwrap_or_default();
                s.push_str(&format!("[[{target}]] {target} "));
            }
            5 => {
                let columns = rng.size(4, 1_500);
                s.push_str(&format!(
                    "\n\n{}|\n{}|\n",
                    "|h".repeat(columns),
                    "|-".repeat(columns)
                ));
                s.push_str(&"|x|\n".repeat(rng.size(4, 400)));
            }
            6 => s.push_str(&format!("\n```\n{}\n```\n", text(rng, 8))),
            7 => s.push_str(&format!(
                "\n{} {}\n",
                "#".repeat(1 + rng.below(7)),
                text(rng, 4)
            )),
            8 => s.push_str(&text(rng, repeat.min(2_000))),
            9 => s.push_str("\n\n"),
            10 => s.push_str(&format!(
                "[^{n}]\n\n[^{n}]: {}\n",
                text(rng, 3),
                n = rng.below(5)
            )),
            11 => s.push_str(&"x".repeat(repeat * 100)),
            12 => s.push_str(&format!("\n{}\n", "<!-- more -->")),
            13 => s.push_str(&format!("[{}]: {}\n", text(rng, 2), text(rng, 2))),
            14 => s.push_str(&"\n".repeat(repeat.min(1_000))),
            _ => s.push_str(&text(rng, 6)),
        }
    }
    s
}

fn yaml_value(rng: &mut Rng, key: &str, names: &[String]) -> String {
    let quoted = |s: String| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    if rng.tame {
        return match key {
            "date" | "updated" => "2024-02-29T10:00:00+09:00".into(),
            "tags" | "categories" => format!("[{}]", quoted(text(rng, 2))),
            "title" | "slug" | "related" | "redirect_from" | "author" | "weight" => "~".into(),
            "draft" | "featured" | "autolink" => "false".into(),
            _ => quoted(text(rng, 3)),
        };
    }
    match rng.below(6) {
        0 => rng.pick(YAML_ODDITIES).to_string(),
        1 => {
            let n = rng.size(4, 400);
            quoted(text(rng, n))
        }
        _ => match key {
            "date" | "updated" => rng.pick(DATES).to_string(),
            "tags" | "categories" | "aliases" if rng.chance(10) => {
                let n = rng.size(30, 200);
                let items: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
                format!("[{}]", items.join(", "))
            }
            "aliases" | "related" => format!("[{}]", quoted(name(rng))),
            "tags" | "categories" => {
                let long = rng.chance(10);
                let n = if long { 90 } else { 2 };
                format!("[{}, {}]", quoted(text(rng, n)), quoted(name(rng)))
            }
            "slug" => {
                let n = rng.size(2, 300);
                quoted(text(rng, n))
            }
            "redirect_from" => {
                let path = rng.pick(&[
                    "/robots.txt",
                    "/sitemap.xml",
                    "/style.css",
                    "/terms/",
                    "/",
                    "/old/",
                    "/a/../b",
                    "/tags/x/",
                    "old",
                    "/x.html",
                ]);
                format!("[{}]", quoted(path.to_string()))
            }
            "title" => quoted(
                names
                    .get(rng.below(names.len()))
                    .cloned()
                    .unwrap_or_default(),
            ),
            "draft" | "featured" | "autolink" => rng.pick(&["true", "false", "1", "maybe"]).into(),
            "weight" => rng
                .pick(&["1", "-9223372036854775808", "99999999999999999999", "x"])
                .into(),
            _ => quoted(text(rng, 3)),
        },
    }
}

/// One term file's bytes.
pub fn term_file(rng: &mut Rng, names: &[String], own_name: &str) -> Vec<u8> {
    let mut s = String::new();
    if rng.chance(10) {
        s.push('\u{feff}');
    }
    s.push_str("---\n");
    if rng.tame || !rng.chance(5) {
        s.push_str(&format!(
            "title: \"{}\"\n",
            own_name.replace(['"', '\\'], "")
        ));
    }
    let mut used = vec!["title"];
    let keys = keys();
    for _ in 0..rng.below(8) {
        let key = rng.pick(&keys);
        if rng.tame && (used.contains(&key) || key.is_empty()) {
            continue;
        }
        used.push(key);
        let value = yaml_value(rng, key, names);
        s.push_str(&format!("{key}: {value}\n"));
    }
    if rng.tame || !rng.chance(3) {
        s.push_str("---\n");
    }
    s.push_str(&body(rng, names));
    if rng.chance(10) {
        s = s.replace('\n', "\r\n");
    }
    let mut bytes = s.into_bytes();
    if !rng.tame && rng.chance(3) && !bytes.is_empty() {
        let at = rng.below(bytes.len());
        bytes[at] = 0xFF; // invalid UTF-8
    }
    bytes
}

/// A whole site: (path relative to the root, bytes).
pub fn site(rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let config = if rng.tame || rng.chance(90) {
        "title: Fuzz\nbase_url: https://example.com/glossary/\nlanguage: ja\n".to_string()
    } else {
        format!("title: {}\nbase_url: {}\n", text(rng, 3), text(rng, 2))
    };
    files.push(("config.yaml".to_string(), config.into_bytes()));
    let count = 1 + rng.size(5, 40);
    // Tame names are unique (a shared name makes [[references]] ambiguous: an error).
    let names: Vec<String> = (0..count)
        .map(|i| match rng.tame {
            true => format!("{}{i}", name(rng)),
            false => name(rng),
        })
        .collect();
    for (i, own) in names.iter().enumerate() {
        let dir = rng.pick(&["", "a/", "_drafts/", "深い/階層/", ".hidden/"]);
        let path = if rng.chance(10) {
            format!("content/{dir}bundle{i}/index.md")
        } else {
            format!("content/{dir}t{i}.md")
        };
        files.push((path, term_file(rng, &names, own)));
    }
    files
}
