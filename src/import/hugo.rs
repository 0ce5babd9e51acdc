//! Hugo front matter read leniently and mapped onto glossgen's keys: `title`, `id`/`aka` →
//! `aliases`, `short_description` → `description`, `tags`, `category` → `categories`, `date`,
//! `draft`, `status`; every other key is kept under `extra`. Also decides which files are not
//! terms at all (`_index.md`, `_TEMPLATE.md`, search pages, files without front matter).

use serde_yaml::{Mapping, Value};

use super::references::{plain_description, Findings, TermIndex};
use crate::content::front_matter::check_date;

/// One Hugo page that is a term, front matter parsed, not yet converted.
#[derive(Debug, Clone)]
pub struct Page {
    pub stem: String,
    pub title: String,
    /// Keys as written (trimmed), with their values, in file order.
    pub keys: Vec<(String, Value)>,
    pub body: String,
    /// The file line of the body's first line.
    pub body_line: usize,
    /// The file line of each key, by position in `keys`.
    pub key_lines: Vec<usize>,
    /// The front matter's lines, for placing findings inside a multi-line value.
    pub front_lines: Vec<String>,
}

/// Keys that make a page a term even when its body is empty.
const TERM_KEYS: &[&str] = &[
    "id",
    "aka",
    "short_description",
    "tags",
    "category",
    "categories",
    "status",
    "full_link",
    "date",
];

/// Splits `---` YAML front matter from the body (text with LF line endings). `None` when the
/// file does not start with front matter.
pub fn split(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut at = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[at + line.len()..];
            return Some((&rest[..at], body, i + 3));
        }
        at += line.len();
    }
    None
}

/// Reads one Markdown file: a term [`Page`], or why it is not one.
pub fn read_page(stem: &str, text: &str) -> Result<Page, String> {
    if stem.starts_with('_') || stem.starts_with('.') {
        return Err("a Hugo section or template page, not a term".into());
    }
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let Some((yaml, body, body_line)) = split(&text) else {
        return Err("no YAML front matter".into());
    };
    let mapping = match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(m)) => m,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => return Err("front matter is not a map".into()),
        Err(e) => return Err(format!("front matter is not valid YAML: {e}")),
    };
    let mut keys = Vec::new();
    let mut key_lines = Vec::new();
    for (k, v) in mapping {
        let key = scalar(&k).unwrap_or_default().trim().to_string();
        key_lines.push(line_of_key(yaml, &key));
        keys.push((key, v));
    }
    let has = |names: &[&str]| {
        keys.iter()
            .any(|(k, _)| names.contains(&k.to_lowercase().as_str()))
    };
    let title = keys
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("title"))
        .and_then(|(_, v)| scalar(v))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let Some(title) = title else {
        return Err("no title".into());
    };
    if !has(TERM_KEYS) && (body.trim().is_empty() || has(&["layout"])) {
        return Err("a page without term front matter (empty body or a layout)".into());
    }
    Ok(Page {
        stem: stem.to_string(),
        title,
        keys,
        body: body.to_string(),
        body_line,
        key_lines,
        front_lines: yaml.lines().map(str::to_string).collect(),
    })
}

/// The file line (1-based) of a top-level key in the front matter; 1 when not found.
fn line_of_key(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 2)
}

/// The file line, from `from` on, of the front matter line holding `what` (a value written
/// over several lines, such as a folded `>` block); `from` when none does.
fn line_of_text(page: &Page, from: usize, what: &str) -> usize {
    page.front_lines
        .iter()
        .enumerate()
        .skip(from.saturating_sub(2))
        .find(|(_, l)| l.contains(what))
        .map_or(from, |(i, _)| i + 2)
}

/// A scalar as text; `None` for null, lists and maps.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

/// A single value or a list, trimmed, without empty entries or repeats.
pub fn string_list(v: &Value) -> Vec<String> {
    let items: Vec<String> = match v {
        Value::Sequence(seq) => seq.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// What mapping one page's front matter changed, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub front: Mapping,
    /// Keys kept under `extra`, as written.
    pub moved_to_extra: Vec<String>,
    /// Other notes: capitalised keys, dropped aliases.
    pub notes: Vec<String>,
    pub description_findings: Findings,
}

/// glossgen front matter for `page`. `taken` says whether a name is another term's slug or
/// title (such an alias would make `[[that name]]` ambiguous, so it is dropped and noted).
pub fn map_front_matter(page: &Page, terms: &TermIndex, taken: &dyn Fn(&str) -> bool) -> Mapped {
    let mut m = Mapped::default();
    let mut aliases: Vec<String> = Vec::new();
    let mut fields: Vec<(&str, Value)> = Vec::new();
    let mut extra = Mapping::new();
    for ((key, value), &line) in page.keys.iter().zip(&page.key_lines) {
        let lower = key.to_lowercase();
        if lower != *key {
            m.notes.push(format!("key `{key}` read as `{lower}`"));
        }
        let already = |name: &str| fields.iter().any(|(k, _)| *k == name);
        let target = match lower.as_str() {
            "title" if !already("title") => Some(("title", Value::from(page.title.clone()))),
            "id" | "aka" | "aliases" => {
                aliases.extend(string_list(value));
                None
            }
            "short_description" | "description" if !already("description") => {
                scalar(value).map(|d| {
                    let (text, mut found) = plain_description(d.trim(), line, terms);
                    for (at, what) in &mut found.unresolved {
                        *at = line_of_text(page, *at, what);
                    }
                    m.description_findings = found;
                    ("description", Value::from(text))
                })
            }
            "tags" if !already("tags") => list_field("tags", value),
            "category" | "categories" if !already("categories") => list_field("categories", value),
            "date" if !already("date") => scalar(value)
                .filter(|d| check_date(d.trim()).is_ok())
                .map(|d| ("date", Value::from(d.trim().to_string()))),
            "draft" if !already("draft") => draft(value).map(|b| ("draft", Value::from(b))),
            "status" if !already("status") => scalar(value)
                .map(|s| s.trim().to_lowercase())
                .filter(|s| s == "preferred" || s == "deprecated")
                .map(|s| ("status", Value::from(s))),
            // A key without a value says nothing (`aka:`, `full_link:`): dropped.
            _ if value.is_null() => continue,
            _ => {
                extra.insert(Value::from(key.clone()), value.clone());
                m.moved_to_extra.push(key.clone());
                continue;
            }
        };
        match target {
            Some(field) => fields.push(field),
            None if matches!(lower.as_str(), "id" | "aka" | "aliases") => {}
            None if value.is_null() => {}
            // An empty or all-blank tag list says nothing: dropped.
            None if matches!(lower.as_str(), "tags" | "category" | "categories")
                && !value.is_mapping() => {}
            None => {
                extra.insert(Value::from(key.clone()), value.clone());
                m.moved_to_extra.push(key.clone());
            }
        }
    }
    let aliases = keep_aliases(page, aliases, taken, &mut m.notes);
    let mut front = Mapping::new();
    for name in ["title", "description", "date", "draft", "status"] {
        copy(&fields, name, &mut front);
    }
    if !aliases.is_empty() {
        front.insert("aliases".into(), Value::from(aliases));
    }
    copy(&fields, "tags", &mut front);
    copy(&fields, "categories", &mut front);
    if !extra.is_empty() {
        front.insert("extra".into(), Value::Mapping(extra));
    }
    m.front = front;
    m
}

fn copy(fields: &[(&str, Value)], name: &str, front: &mut Mapping) {
    if let Some((_, v)) = fields.iter().find(|(k, _)| *k == name) {
        front.insert(Value::from(name), v.clone());
    }
}

/// `tags: x`, `tags: ["x", "", ""]`, `tags:` (null): a clean list. A map is not a list: `None`.
fn list_field(name: &'static str, value: &Value) -> Option<(&'static str, Value)> {
    if matches!(value, Value::Mapping(_)) {
        return None;
    }
    let list = string_list(value);
    (!list.is_empty()).then(|| (name, Value::from(list)))
}

fn draft(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().to_lowercase().parse().ok(),
        _ => None,
    }
}

/// Aliases without repeats, without the term's own slug or title, and without names that are
/// another term's slug or title.
fn keep_aliases(
    page: &Page,
    aliases: Vec<String>,
    taken: &dyn Fn(&str) -> bool,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let own = |a: &str| a.eq_ignore_ascii_case(&page.stem) || a.eq_ignore_ascii_case(&page.title);
    let mut kept: Vec<String> = Vec::new();
    for alias in aliases {
        if own(&alias) || kept.iter().any(|k| k.eq_ignore_ascii_case(&alias)) {
            continue;
        }
        if taken(&alias) {
            notes.push(format!(
                "alias `{alias}` dropped: it is another term's slug or title"
            ));
            continue;
        }
        kept.push(alias);
    }
    kept
}

#[cfg(test)]
#[path = "hugo_tests.rs"]
mod tests;
