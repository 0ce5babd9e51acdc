//! Loading: from the files under `content/` to parsed term sources.
//!
//! This stage knows about files, front matter and YAML. It knows nothing of links between
//! terms or of HTML: that is the model's and the renderer's job.

pub mod front_matter;
pub mod walk;

pub use front_matter::{FrontMatter, TermSource};
pub use walk::{discover, ContentFile};

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// Reads and parses every term file under `root/content`, in parallel.
///
/// Returns the parsed sources in discovery order (sorted by path) and every problem found;
/// a file with an error is left out of the sources but its problems are all reported.
pub fn load(root: &Path) -> (Vec<TermSource>, Vec<Diagnostic>) {
    let (files, mut diags) = discover(root);
    let results: Vec<_> = files
        .into_par_iter()
        .map(|file| {
            let bytes = std::fs::read(root.join(&file.path));
            match bytes {
                Ok(bytes) => front_matter::parse_file(file, &bytes),
                Err(e) => (
                    None,
                    vec![Diagnostic::error(
                        file.path.clone(),
                        crate::diagnostics::Problem::Other(format!("cannot read: {e}")),
                    )],
                ),
            }
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    for (source, ds) in results {
        diags.extend(ds);
        sources.extend(source);
    }
    (sources, diags)
}
