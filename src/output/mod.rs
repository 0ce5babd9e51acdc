//! Writing the site atomically: everything goes into a staging folder next to the output
//! folder, which replaces the output only when the whole build succeeded. A failed,
//! interrupted or killed build never leaves a half-written site behind, nor (after the next
//! build) any folder of its own.

use std::io;
use std::path::{Path, PathBuf};

mod files;

pub use files::{
    keep_unchanged, link_file, link_new, write_file, write_if_changed, write_new, write_streamed,
    BackgroundWriter, Job,
};

/// Written into every output folder glossgen makes, so that a later build knows it may
/// replace the folder (a non-empty folder outside the site without it is refused). A
/// dot-file: `serve` never serves it; constant text, so outputs stay byte-identical.
pub const MARKER_FILE: &str = ".glossgen-output";
const MARKER_TEXT: &str = "This folder is written by glossgen and replaced on every build.\n";

/// The staging folder of a build, in the output's parent folder (same file system, so the
/// swap is a rename). Named `.<output>.glossgen-staging-<pid>`; a killed build's is removed by
/// the next one ([`OutputLock::acquire`]).
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    target.with_file_name(format!(
        "{}{tag}-{}",
        sibling_prefix(target),
        std::process::id()
    ))
}

/// `.<output name>.glossgen-`: how every file glossgen keeps beside an output starts.
fn sibling_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.glossgen-")
}

/// Test hook: when the environment variable `GLOSSGEN_TEST_PAUSE_AT` (set only by tests)
/// names `stage`, says so on stderr and waits for ever, so a test can kill the build there.
/// Stages, in order: `staging` (pages written, data files not yet), `staged`, `exchanged` (new output in
/// place, old one not yet removed), `removing` (the old one put aside, on its removal thread),
/// `moved-old` (fallback swap, between its two renames).
pub fn pause_point(stage: &str) {
    if std::env::var_os("GLOSSGEN_TEST_PAUSE_AT").is_some_and(|s| s == stage) {
        eprintln!("glossgen-test: paused at {stage}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

impl Staging {
    /// Prepares an empty staging folder beside `target`, holding the [`MARKER_FILE`].
    pub fn new(target: &Path) -> io::Result<Staging> {
        if let Some(parent) = target.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let dir = sibling(target, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(MARKER_FILE), MARKER_TEXT)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staging folder. The previous output stays under
    /// its own name until the new one is there: one `renameat2(RENAME_EXCHANGE)` on Linux.
    /// Where the system or file system cannot exchange, two renames (old output aside, new
    /// one in): a kill between them leaves the old output in `.<output>.glossgen-old-<pid>`,
    /// which the next build puts back before anything else. The previous output is then
    /// removed on a thread of its own (see [`OldOutput`]).
    pub fn commit(mut self) -> io::Result<OldOutput> {
        pause_point("staged");
        if std::fs::symlink_metadata(&self.target).is_err() {
            std::fs::rename(&self.dir, &self.target)?;
            self.committed = true;
            return Ok(OldOutput(None));
        }
        match exchange(&self.dir, &self.target) {
            Ok(()) => {
                self.committed = true;
                pause_point("exchanged");
                // The staging name now holds the previous output.
                Ok(remove_in_background(&self.target, &self.dir))
            }
            Err(e) if e.kind() == io::ErrorKind::Unsupported => self.commit_by_two_renames(),
            Err(e) => Err(e),
        }
    }

    fn commit_by_two_renames(mut self) -> io::Result<OldOutput> {
        let old = sibling(&self.target, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(&self.target, &old)?;
        pause_point("moved-old");
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            let _ = std::fs::rename(&old, &self.target);
            return Err(e);
        }
        self.committed = true;
        Ok(remove_in_background(&self.target, &old))
    }
}

/// The previous output of a committed build, being removed on its own thread: 11,000 files
/// take a while to unlink, and nothing waits for them but the end of the process
/// ([`wait`](Self::wait)). A process killed first leaves the folder, under a name that
/// the next build's [`OutputLock::acquire`] removes.
#[must_use = "wait for the removal before the process ends"]
pub struct OldOutput(Option<std::thread::JoinHandle<()>>);

impl OldOutput {
    pub fn wait(self) {
        if let Some(removal) = self.0 {
            let _ = removal.join();
        }
    }

    /// The removal's thread, to be joined later; `None` when nothing is left to remove.
    pub fn into_thread(self) -> Option<std::thread::JoinHandle<()>> {
        self.0
    }
}

/// Renames `old` (a previous output beside `target`) to a name of its own, so a later
/// staging folder of this process cannot meet it, and removes it on a thread. Where that
/// cannot be done, removes it now; should that fail, the next build removes it.
fn remove_in_background(target: &Path, old: &Path) -> OldOutput {
    static REMOVALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = REMOVALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let aside = target.with_file_name(format!(
        "{}removing-{}-{n}",
        sibling_prefix(target),
        std::process::id()
    ));
    if std::fs::rename(old, &aside).is_err() {
        let _ = std::fs::remove_dir_all(old);
        return OldOutput(None);
    }
    let thread = std::thread::Builder::new().name("remove old output".into());
    match thread.spawn({
        let aside = aside.clone();
        move || {
            pause_point("removing");
            let _ = std::fs::remove_dir_all(&aside);
        }
    }) {
        Ok(removal) => OldOutput(Some(removal)),
        Err(_) => {
            let _ = std::fs::remove_dir_all(&aside);
            OldOutput(None)
        }
    }
}

/// Swaps two folders atomically. `Unsupported` where that cannot be done (not Linux, an old
/// kernel, a file system without `RENAME_EXCHANGE`, or `GLOSSGEN_TEST_NO_EXCHANGE` set by a
/// test of the fallback).
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    if std::env::var_os("GLOSSGEN_TEST_NO_EXCHANGE").is_some() {
        return Err(io::ErrorKind::Unsupported.into());
    }
    exchange_impl(a, b)
}

#[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
fn exchange_impl(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => {
            Err(io::ErrorKind::Unsupported.into())
        }
        _ => Err(e),
    }
}

#[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
fn exchange_impl(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Keeps two builds of one output folder from interleaving: an exclusive lock on
/// `.<output>.glossgen-lock` beside it, held until dropped. The lock file itself stays (removing
/// it would let a third build lock a different file).
pub struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    /// Takes the lock, waiting (and saying so on stderr, else a wait looks like a hang) while
    /// another build holds it; then removes what killed builds left beside the output, and
    /// puts back an output a kill left aside mid-swap. Call only after the output location
    /// was checked: this creates the parent folder.
    pub fn acquire(target: &Path) -> io::Result<OutputLock> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let path = parent.join(format!("{}lock", sibling_prefix(target)));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting for another glossgen build of {} to finish (lock {})",
                    target.display(),
                    path.display()
                );
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        remove_leftovers(target, &parent)?;
        Ok(OutputLock { _file: file })
    }
}

/// With the lock held no other build of `target` runs, so every staging or old folder beside
/// it is a killed build's. An old folder with no output is a swap killed between its two
/// renames: it is the previous output, and goes back. A `removing-` folder is a previous
/// output that a build had not finished removing (it may still be at it: errors are
/// ignored).
fn remove_leftovers(target: &Path, parent: &Path) -> io::Result<()> {
    let prefix = sibling_prefix(target);
    let mut leftovers: Vec<PathBuf> = std::fs::read_dir(parent)?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_prefix(&prefix).is_some_and(|tag| {
                ["staging-", "old-", "removing-"]
                    .iter()
                    .any(|t| tag.starts_with(t))
            }) && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    if std::fs::symlink_metadata(target).is_err() {
        let old = format!("{prefix}old-");
        if let Some(i) = leftovers.iter().position(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&old))
        }) {
            std::fs::rename(leftovers.remove(i), target)?;
        }
    }
    let removing = format!("{prefix}removing-");
    for dir in leftovers {
        let another_removal = dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&removing));
        match std::fs::remove_dir_all(&dir) {
            Err(_) if another_removal => {}
            result => result?,
        }
    }
    Ok(())
}

/// Whether a process with this id is running (a live process of another user counts).
/// Unknown where it cannot be asked: then `true`, so nothing of a live process is removed.
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only checks whether the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = std::env::temp_dir().join(format!("glossgen-out-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let target = tmp.join("public");
        let s = Staging::new(&target).unwrap();
        write_file(&s.dir().join("a/index.html"), b"one", false).unwrap();
        s.commit().unwrap().wait();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");

        let s = Staging::new(&target).unwrap();
        write_file(&s.dir().join("a/index.html"), b"two", false).unwrap();
        drop(s); // a failed build
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"one");
        assert_eq!(
            std::fs::read_dir(&tmp).unwrap().count(),
            1,
            "no staging left behind"
        );
        assert!(target.join(MARKER_FILE).is_file());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
