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
