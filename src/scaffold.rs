//! `glossgen init` and `glossgen new`: files a writer starts from.

use std::path::Path;
use std::process::ExitCode;

use glossgen::model::taxonomy::slugify;
use glossgen::render::theme::BUILTIN;

const CONFIG: &str = "title: My Glossary
base_url: https://example.com/
language: en
theme: default
output_dir: public
minify: true
summary_length: 120
paginate: 50
autolink: true
related:
  limit: 5
  weights: { tags: 1.0, categories: 0.5, links: 2.0 }
";

/// The build cache is made by `glossgen build` and belongs to no commit.
const GITIGNORE: &str = "/.glossgen-cache/\n";

const SAMPLES: &[(&str, &str)] = &[
    (
        "content/glossary.md",
        "---\ntitle: Glossary\naliases: [Lexicon]\ntags: [basics]\ncategories: [General]\ndate: 2025-01-01\n---\n\nA list of terms with their definitions. Each term links to others, such as a [[term]].\n",
    ),
    (
        "content/term.md",
        "---\ntitle: Term\ntags: [basics]\ncategories: [General]\ndate: 2025-01-01\n---\n\nA word or phrase with a specific meaning, defined in a glossary.\n",
    ),
];

pub fn init(dir: &Path) -> ExitCode {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!("error: {} exists and is not empty", dir.display());
        return ExitCode::from(1);
    }
    let mut files: Vec<(String, &[u8])> = vec![
        ("config.yaml".into(), CONFIG.as_bytes()),
        (".gitignore".into(), GITIGNORE.as_bytes()),
    ];
    files.extend(SAMPLES.iter().map(|(p, t)| (p.to_string(), t.as_bytes())));
    files.extend(
        BUILTIN
            .iter()
            .map(|(p, b)| (format!("themes/default/{p}"), *b)),
    );
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

pub fn new_term(root: &Path, title: &str, slug: Option<&str>) -> ExitCode {
    let slug = slug.map_or_else(|| slugify(title), str::to_string);
    if !glossgen::content::front_matter::is_safe_slug(&slug) {
        eprintln!("error: cannot make a slug from `{title}`: pass one with --slug");
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
        eprintln!("{}: error: the file already exists", path.display());
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
