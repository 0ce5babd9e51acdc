//! `import-report.md`: what an import did and everything it could not carry over as is, so
//! that nothing is lost silently.

use std::fmt::Write as _;

/// Everything one import found, collected per file in file-name order.
#[derive(Debug, Default)]
pub struct Report {
    /// The report's own file name in DEST (`import-report.md`).
    pub file: String,
    pub source: String,
    pub language: String,
    pub language_guessed: bool,
    pub files_read: usize,
    pub terms: usize,
    pub converted: usize,
    /// (file, line, what was written)
    pub unresolved: Vec<(String, usize, String)>,
    /// (file, line, shortcode name)
    pub shortcodes: Vec<(String, usize, String)>,
    /// (file, line, as written, what it became)
    pub site_links: Vec<(String, usize, String, String)>,
    /// (file, key)
    pub moved_to_extra: Vec<(String, String)>,
    /// (file, note)
    pub notes: Vec<(String, String)>,
    /// (file, why)
    pub skipped: Vec<(String, String)>,
}

impl Report {
    /// The report as Markdown, one line per finding.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Import report\n");
        let _ = writeln!(s, "Imported from `{}` (Hugo).\n", self.source);
        let _ = writeln!(s, "## Counts\n");
        let lang_note = if self.language_guessed {
            " (guessed from the text; `--lang` sets it)"
        } else {
            ""
        };
        for (what, n) in [
            ("files read", self.files_read),
            ("terms imported", self.terms),
            ("files skipped", self.skipped.len()),
            ("references converted to [[slug|text]]", self.converted),
            ("unresolvable references", self.unresolved.len()),
            ("links into the source site", self.site_links.len()),
            ("unknown shortcodes", self.shortcodes.len()),
            ("keys moved to extra", self.moved_to_extra.len()),
        ] {
            let _ = writeln!(s, "- {what}: {n}");
        }
        let _ = writeln!(s, "- language: {}{lang_note}", self.language);
        section(
            &mut s,
            "Unresolvable references",
            "Kept as plain text: they name no imported term.",
            self.unresolved
                .iter()
                .map(|(f, l, w)| format!("`{f}:{l}`: {}", code(w))),
        );
        section(
            &mut s,
            "Links into the source site",
            "Pages outside the glossary: made absolute (`--source-url`) or kept as plain text.",
            self.site_links
                .iter()
                .map(|(f, l, w, b)| format!("`{f}:{l}`: {} → {}", code(w), code(b))),
        );
        section(
            &mut s,
            "Unknown shortcodes",
            "Left in the text as written, escaped so they show literally.",
            self.shortcodes
                .iter()
                .map(|(f, l, n)| format!("`{f}:{l}`: `{n}`")),
        );
        section(
            &mut s,
            "Keys moved to extra",
            "Not glossgen keys: kept under `extra`, where templates can use them.",
            self.moved_to_extra
                .iter()
                .map(|(f, k)| format!("`{f}`: `{k}`")),
        );
        section(
            &mut s,
            "Other changes",
            "",
            self.notes.iter().map(|(f, n)| format!("`{f}`: {n}")),
        );
        section(
            &mut s,
            "Skipped files",
            "Not terms: not copied.",
            self.skipped.iter().map(|(f, w)| format!("`{f}`: {w}")),
        );
        s
    }
}

fn section(s: &mut String, title: &str, intro: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    let _ = writeln!(s, "\n## {title} ({})\n", items.len());
    if items.is_empty() {
        let _ = writeln!(s, "None.");
        return;
    }
    if !intro.is_empty() {
        let _ = writeln!(s, "{intro}\n");
    }
    for item in items {
        let _ = writeln!(s, "- {item}");
    }
}

/// `text` as an inline code span that survives backticks inside it.
fn code(text: &str) -> String {
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}
