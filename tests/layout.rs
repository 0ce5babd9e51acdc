//! The shape of the source tree, checked the way a reader would check it by hand: the model
//! and the loaded content know nothing of pages, Markdown or HTTP (no import loops through
//! render), and long files say why they are long.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir` (relative to the crate root), sorted.
fn rust_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read source folder") {
            let path = entry.expect("source folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The lines of `text` that use one of the later stages, outside comments.
fn stage_imports(text: &str) -> Vec<(usize, &str)> {
    const LATER_STAGES: [&str; 3] = ["crate::render", "crate::markdown", "crate::serve"];
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| LATER_STAGES.iter().any(|stage| line.contains(stage)))
        .map(|(i, line)| (i + 1, line.trim()))
        .collect()
}

#[test]
fn model_and_content_import_nothing_of_render_markdown_or_serve() {
    let mut found = Vec::new();
    for file in rust_files("src/model")
        .into_iter()
        .chain(rust_files("src/content"))
    {
        let text = std::fs::read_to_string(&file).expect("read source file");
        for (line, code) in stage_imports(&text) {
            found.push(format!("{}:{line}: {code}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "the model and content stages must not use render, markdown or serve \
         (move what they need into a leaf module such as src/hash.rs):\n{}",
        found.join("\n")
    );
}

/// Longest source file, in lines, that needs no word of explanation.
const LONG_FILE: usize = 400;

/// The opening `//!` comment of a source file.
fn opening_comment(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A long file is fine when its opening comment says why, in words a reader finds by
/// searching for "400 lines" (e.g. "(Over 400 lines: …)").
fn explains_its_length(text: &str) -> bool {
    opening_comment(text).contains("400 lines")
}

#[test]
fn long_source_files_say_why_in_their_opening_comment() {
    let mut unexplained = Vec::new();
    for file in rust_files("src") {
        let text = std::fs::read_to_string(&file).expect("read source file");
        let lines = text.lines().count();
        if lines > LONG_FILE && !explains_its_length(&text) {
            unexplained.push(format!("{} ({lines} lines)", file.display()));
        }
    }
    assert!(
        unexplained.is_empty(),
        "source files over {LONG_FILE} lines without a reason in their opening comment \
         (split them, or say why they are long, with the words \"400 lines\"):\n{}",
        unexplained.join("\n")
    );
}

#[test]
fn a_reason_counts_only_in_the_opening_comment() {
    assert!(explains_its_length(
        "//! Parser.\n//!\n//! (Over 400 lines: one grammar.)\n\nfn f() {}\n"
    ));
    assert!(!explains_its_length(
        "//! Parser.\n\n// Over 400 lines, said too late.\nfn f() {}\n"
    ));
}

#[test]
fn the_scan_sees_both_use_lines_and_full_paths() {
    let text = "use crate::render::Theme;\n// crate::serve in a comment\nlet h = crate::markdown::x();\nuse crate::text;\n";
    assert_eq!(
        stage_imports(text),
        vec![
            (1, "use crate::render::Theme;"),
            (3, "let h = crate::markdown::x();")
        ]
    );
}
