//! `glossgen init` and `glossgen new`: files a writer starts from.

use std::path::Path;
use std::process::ExitCode;

use glossgen::diagnostics::Problem;
use glossgen::model::taxonomy::slugify;
use glossgen::render::theme::BUILTIN;

/// config.yaml of a new site in `lang`.
fn config(lang: &str) -> String {
    let (title, description) = match lang {
        "ja" => ("用語集", "用語をわかりやすく解説する用語集です。"),
        _ => ("My Glossary", "Terms explained in plain words."),
    };
    format!(
        "title: {title}
description: {description}
base_url: https://example.com/
language: {lang}
theme: default
output_dir: public
summary_length: 120
paginate: 50
autolink: true
related:
  limit: 5
  weights: {{ tags: 1.0, categories: 0.5, links: 2.0 }}
# Reader blocks of term pages; each can be turned off (see README, Term page blocks).
blocks:
  toc: true
  reading_time: true
"
    )
}

/// The build cache is made by `glossgen build` and belongs to no commit.
const GITIGNORE: &str = "/.glossgen-cache/\n";

const SAMPLES_JA: &[(&str, &str)] = &[
    (
        "content/glossary.md",
        "---\ntitle: 用語集\nreading: ようごしゅう\nenglish: Glossary\ntags: [基本]\ncategories: [はじめての用語集]\ndate: 2025-01-01\nfeatured: true\n---\n\n特定の分野で使われる言葉を集め、その意味を説明したものです。それぞれの[[用語]]はほかの用語へリンクします。\n",
    ),
    (
        "content/term.md",
        "---\ntitle: 用語\nreading: ようご\nenglish: Term\ntags: [基本]\ncategories: [はじめての用語集]\ndate: 2025-01-01\n---\n\nある分野で決まった意味をもつ言葉です。[[用語集]]の見出しになります。\n",
    ),
    (
        "content/reading.md",
        "---\ntitle: よみ\nreading: よみ\ntags: [基本]\ncategories: [はじめての用語集]\ndate: 2025-01-01\n---\n\n用語の読み方です。五十音順の索引と検索に使われます。漢字の見出しでは `reading:` を書かなくても辞書から推定されます。\n",
    ),
];

const SAMPLES_EN: &[(&str, &str)] = &[
    (
        "content/glossary.md",
        "---\ntitle: Glossary\naliases: [Lexicon]\ntags: [basics]\ncategories: [General]\ndate: 2025-01-01\nfeatured: true\n---\n\nA list of terms with their definitions. Each term links to others, such as a [[term]].\n",
    ),
    (
        "content/term.md",
        "---\ntitle: Term\ntags: [basics]\ncategories: [General]\ndate: 2025-01-01\n---\n\nA word or phrase with a specific meaning, defined in a glossary.\n",
    ),
];

/// `glossgen init DIR --lang ja|en [--theme]`: config, sample terms in that language, and
/// the default theme's files only when asked (the built-in theme is used otherwise, so a
/// new site does not freeze an old copy of it).
pub fn init(dir: &Path, lang: &str, copy_theme: bool) -> ExitCode {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: {} exists and is not empty: choose a new folder, e.g. `glossgen init my-glossary`",
            dir.display()
        );
        return ExitCode::from(1);
    }
    let config = config(lang);
    let mut files: Vec<(String, &[u8])> = vec![
        ("config.yaml".into(), config.as_bytes()),
        (".gitignore".into(), GITIGNORE.as_bytes()),
    ];
    let samples = if lang == "ja" { SAMPLES_JA } else { SAMPLES_EN };
    files.extend(samples.iter().map(|(p, t)| (p.to_string(), t.as_bytes())));
    if copy_theme {
        files.extend(
            BUILTIN
                .iter()
                .map(|(p, b)| (format!("themes/default/{p}"), *b)),
        );
    }
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, bytes));
        if let Err(e) = result {
            eprintln!("{}: error: cannot write: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    eprintln!(
        "created a new site in {}; build it with: cd {} && glossgen build",
        dir.display(),
        dir.display()
    );
    ExitCode::SUCCESS
}

/// The slug of a new term: `--slug`, else the title made a slug when it is ASCII, else the
/// romaji of the title's reading (顧客生涯価値 → kokyakushougaikachi).
fn new_slug(title: &str, slug: Option<&str>) -> Result<String, Problem> {
    if let Some(s) = slug {
        return Ok(s.to_string());
    }
    let plain = slugify(title);
    if !plain.is_empty() && plain.is_ascii() {
        return Ok(plain);
    }
    let derived = glossgen::reading::derive(title);
    derived
        .complete
        .then(|| glossgen::reading::romaji::to_romaji(&derived.reading))
        .flatten()
        .map(|r| slugify(&r))
        .filter(|s| !s.is_empty() && s.is_ascii())
        .ok_or_else(|| Problem::NoAsciiSlug {
            title: title.to_string(),
        })
}

/// `glossgen new TITLE [--slug SLUG]`: content/SLUG.md with front matter filled in.
pub fn new_term(root: &Path, title: &str, slug: Option<&str>) -> ExitCode {
    let slug = match new_slug(title, slug) {
        Ok(s) => s,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::from(2);
        }
    };
    if !glossgen::content::front_matter::is_safe_slug(&slug) {
        eprintln!("error: `{slug}` is not a usable slug (letters, digits, `-`, `_`): pass another with --slug");
        return ExitCode::from(2);
    }
    if !root.join("config.yaml").is_file() {
        eprintln!(
            "error: no config.yaml in {}: run this in a site folder (or pass --root)",
            root.display()
        );
        return ExitCode::from(1);
    }
    let path = root.join("content").join(format!("{slug}.md"));
    if path.exists() {
        let problem = Problem::TermFileExists {
            path: path.display().to_string(),
            retry: format!("glossgen new {} --slug {slug}-2", shell_word(title)),
        };
        eprintln!("{}: error: {problem}", path.display());
        return ExitCode::from(1);
    }
    let title_yaml = serde_json::to_string(title).unwrap_or_default();
    let text = format!(
        "---\ntitle: {title_yaml}\n{}aliases: []\ntags: []\ncategories: []\ndate: {}\n---\n\n",
        reading_line(title),
        today()
    );
    let result =
        std::fs::create_dir_all(root.join("content")).and_then(|_| std::fs::write(&path, text));
    match result {
        Ok(()) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: error: cannot write: {e}", path.display());
            ExitCode::from(1)
        }
    }
}

/// `word` as one shell word for a suggested command line.
fn shell_word(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_alphanumeric() || "-_.".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The `reading:` line of a new term: the derived reading of a kanji title (with a comment
/// when part of it is a guess), else an empty one to fill in.
fn reading_line(title: &str) -> String {
    if !glossgen::reading::needs_reading(title) {
        return "reading: \"\"\n".to_string();
    }
    let derived = glossgen::reading::derive(title);
    // Plain kana is a safe YAML scalar; anything else (Latin, digits, symbols) is quoted.
    let reading = if derived
        .reading
        .chars()
        .all(|c| matches!(c, '\u{3041}'..='\u{3096}' | 'ー'))
    {
        derived.reading.clone()
    } else {
        serde_json::to_string(&derived.reading).unwrap_or_default()
    };
    match (derived.complete, derived.unsure) {
        (true, false) => format!("reading: {reading}\n"),
        (true, true) => format!("reading: {reading} # a guess: check it\n"),
        _ => format!("reading: \"\" # no dictionary reading for all of the title: {reading}\n"),
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the days since 1970 (Howard Hinnant's algorithm).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
