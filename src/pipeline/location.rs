//! Where a build may write: the output folder is replaced wholesale on every build, so one
//! that names the site itself, one of its source folders, the home folder or `/` — in any
//! spelling (`..`, symlinks, `--root parent/site` with `output_dir: ../site`) — would destroy
//! a writer's files. Paths are compared as real paths, found without creating anything.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{display_path, Diagnostic, Problem};
use crate::output::MARKER_FILE;

/// Folders of a site the output may not be or lie in (besides the site root itself, which it
/// may not be or contain).
const SOURCE_FOLDERS: [&str; 5] = [
    "content",
    "static",
    "templates",
    "themes",
    super::cache::DEFAULT_CACHE_DIR,
];

/// The real path `path` names, without creating anything: the longest existing ancestor
/// with symlinks resolved, the rest appended, `.` and `..` then applied lexically (the part
/// that does not exist holds no symlink). A second pass resolves a symlink that `..` led to.
pub fn real_path(path: &Path) -> PathBuf {
    let once = resolve_once(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    resolve_once(&once)
}

fn resolve_once(abs: &Path) -> PathBuf {
    let parts: Vec<Component> = abs.components().collect();
    // Linear in the number of components: at most one canonicalize per ancestor.
    let (mut real, rest) = (0..=parts.len())
        .rev()
        .find_map(|k| {
            let prefix: PathBuf = parts[..k].iter().collect();
            if prefix.as_os_str().is_empty() {
                return None;
            }
            prefix.canonicalize().ok().map(|real| (real, &parts[k..]))
        })
        .unwrap_or_else(|| (PathBuf::new(), &parts[..]));
    for part in rest {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            other => real.push(other.as_os_str()),
        }
    }
    real
}

fn home_folder() -> Option<PathBuf> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(var)
        .filter(|h| !h.is_empty())
        .map(|h| real_path(Path::new(&h)))
}

/// Refuses an output folder whose replacement would destroy anything but an earlier output:
/// the site or a folder containing it, a source folder of the site or anything inside one,
/// the home folder or `/`, a file; and, unless `force`, a non-empty folder outside the site
/// that holds no [`MARKER_FILE`] (so was not written by glossgen). Creates nothing.
/// `origin`: where the output was chosen (`--output`, `config.yaml`), for the diagnostic.
pub(super) fn check_output_location(
    root: &Path,
    output: &Path,
    force: bool,
    origin: &str,
) -> Result<(), Diagnostic> {
    let refuse = |reason: String| {
        Diagnostic::error(
            origin,
            Problem::UnsafeOutput {
                output: display_path(output),
                reason,
            },
        )
    };
    let (root_real, out_real) = (real_path(root), real_path(output));
    if out_real.parent().is_none() {
        return Err(refuse("is the root of the file system".into()));
    }
    if root_real == out_real {
        return Err(refuse("is the site folder itself".into()));
    }
    if root_real.starts_with(&out_real) {
        return Err(refuse(format!(
            "contains the site folder {}",
            root_real.display()
        )));
    }
    for folder in SOURCE_FOLDERS {
        if out_real.starts_with(real_path(&root.join(folder))) {
            return Err(refuse(format!("lies in the site's {folder}/ folder")));
        }
    }
    if let Some(home) = home_folder().filter(|h| h.starts_with(&out_real)) {
        return Err(refuse(format!(
            "is or contains the home folder {}",
            home.display()
        )));
    }
    let meta = match std::fs::symlink_metadata(&out_real) {
        Ok(m) => m,
        Err(_) => return Ok(()), // nothing there yet
    };
    if !meta.is_dir() {
        return Err(refuse("exists and is not a folder".into()));
    }
    if force || out_real.starts_with(&root_real) || out_real.join(MARKER_FILE).is_file() {
        return Ok(());
    }
    let empty = std::fs::read_dir(&out_real)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty {
        Ok(())
    } else {
        Err(Diagnostic::error(
            origin,
            Problem::ForeignOutput {
                output: display_path(output),
                marker: MARKER_FILE,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_path_resolves_dot_dot_after_symlinks_without_creating() {
        let tmp = std::env::temp_dir().join(format!("glossgen-loc-{}", std::process::id()));
        let site = tmp.join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let real_site = site.canonicalize().unwrap();
        assert_eq!(real_path(&site.join("../site")), real_site);
        assert_eq!(real_path(&site.join("x/y/../../.")), real_site);
        assert_eq!(
            real_path(&site.join("new/../content")),
            real_site.join("content")
        );
        assert_eq!(real_path(&site.join("new/out")), real_site.join("new/out"));
        assert!(!site.join("new").exists(), "nothing is created");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&site, tmp.join("link")).unwrap();
            assert_eq!(
                real_path(&tmp.join("link/content")),
                real_site.join("content")
            );
            assert_eq!(real_path(&tmp.join("nope/../link")), real_site);
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
