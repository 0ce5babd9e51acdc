//! Writing files: one at a time, on writer threads, as hard links to a file that is already
//! there (the build cache, the previous output), or not at all when the bytes are the same.
//! Into a fresh folder (a build's staging folder) a file is simply created; in place (`serve`)
//! it replaces the old one atomically.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Writes one file, creating its folder. `atomic`: through a temporary name and a rename,
/// so a reader (the `serve` HTTP server) never sees half a page.
pub fn write_file(path: &Path, bytes: &[u8], atomic: bool) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if atomic {
        let tmp = temporary_path(path);
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    } else {
        std::fs::write(path, bytes)
    }
}

/// Writes a new file (into a fresh folder: not atomic) as `make` produces its bytes, through
/// a buffer: a large data file (the TBX export of 100,000 terms is 86 MB) is never whole in
/// memory.
pub fn write_streamed(
    path: &Path,
    make: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    make(&mut file)?;
    io::Write::flush(&mut file)
}

/// [`write_file`], unless the file already holds exactly `bytes`: its mtime then stays, so
/// sync-style deploys and browsers see no change. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8], atomic: bool) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_file(path, bytes, atomic).map(|()| true)
}

/// Where a file is written before it is renamed into place: its name plus a suffix, so that
/// files written at once never share one (`glossary.csv` and `glossary.tbx` would, were
/// the extension replaced).
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".glossgen-tmp");
    PathBuf::from(name)
}

/// What a writer thread does with one file.
pub enum Job {
    /// Write these bytes at this path.
    Write(PathBuf, Vec<u8>),
    /// Hard-link (else copy) an existing file to this path.
    Link { from: PathBuf, to: PathBuf },
    /// Write the bytes to `store` (a cache), then link it to `to`.
    Store {
        store: PathBuf,
        to: PathBuf,
        bytes: Vec<u8>,
    },
    /// A file new to its (fresh) folder: see [`write_new`].
    New {
        to: PathBuf,
        bytes: Vec<u8>,
        previous: Option<PathBuf>,
        store: Option<PathBuf>,
    },
}

impl Job {
    fn run(self, atomic: bool) -> Result<(), (PathBuf, io::Error)> {
        match self {
            Job::Write(path, bytes) => write_file(&path, &bytes, atomic).map_err(|e| (path, e)),
            Job::Link { from, to } => link_file(&from, &to).map_err(|e| (to, e)),
            Job::Store { store, to, bytes } => {
                if write_file(&store, &bytes, true).is_err() || link_file(&store, &to).is_err() {
                    // The cache is only a help: the page goes out all the same.
                    return write_file(&to, &bytes, atomic).map_err(|e| (to, e));
                }
                Ok(())
            }
            Job::New {
                to,
                bytes,
                previous,
                store,
            } => write_new(&to, &bytes, previous.as_deref(), store.as_deref()).map_err(|e| (to, e)),
        }
    }
}

/// Creates the folder of `path` in a folder being filled: one `mkdir` where the folder's
/// parent is there, no stat first.
fn make_parent(path: &Path) -> io::Result<()> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    match std::fs::create_dir(parent) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) => std::fs::create_dir_all(parent),
    }
}

/// Puts a hard link to `from` at `to`, where nothing is yet (a fresh folder): no temporary
/// name, no rename. A copy where the file system cannot link.
fn link_new_file(from: &Path, to: &Path) -> io::Result<()> {
    make_parent(to)?;
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to)?;
    }
    Ok(())
}

/// Makes `store` (a cache's file) a hard link to `from`, replacing what is there; the
/// name never shows a half-written file. Errors only cost the next build time.
fn relink_store(from: &Path, store: &Path) {
    match std::fs::hard_link(from, store) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(store);
            if std::fs::hard_link(from, store).is_err() {
                let _ = link_file(from, store);
            }
        }
        Err(_) => {
            let _ = link_file(from, store);
        }
    }
}

/// Writes a file new to a fresh folder. Where the previous output's file (`previous`) holds
/// the same bytes, links to it instead, so it keeps its inode and mtime (see
/// [`keep_unchanged`]). Then `store` (a cache's file, if any) becomes a link to the result.
pub fn write_new(
    to: &Path,
    bytes: &[u8],
    previous: Option<&Path>,
    store: Option<&Path>,
) -> io::Result<()> {
    let same = previous.filter(|p| {
        std::fs::metadata(p).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(p).is_ok_and(|old| old == bytes)
    });
    let kept = same.is_some_and(|p| link_new_file(p, to).is_ok());
    if !kept {
        make_parent(to)?;
        std::fs::write(to, bytes)?;
    }
    if let Some(store) = store {
        relink_store(to, store);
    }
    Ok(())
}

/// Links a cache's file (`from`, which must be `size` bytes: a truncated one is refused)
/// into a fresh folder at `to`. Where the previous output's file (`previous`) is not that
/// file but holds the same bytes, links to it instead and makes the cache's file a link to
/// it too, so the page keeps its inode and mtime in this build and the next.
pub fn link_new(from: &Path, size: u64, to: &Path, previous: Option<&Path>) -> io::Result<()> {
    let meta = std::fs::metadata(from)?;
    if meta.len() != size {
        return Err(io::Error::other("a stored file of the wrong size"));
    }
    let old = previous.and_then(|p| Some((p, std::fs::metadata(p).ok()?)));
    if let Some((old, old_meta)) = old {
        let other = !same_file(&meta, &old_meta) && old_meta.is_file() && old_meta.len() == size;
        if other && same_contents(from, old) && link_new_file(old, to).is_ok() {
            relink_store(old, from);
            return Ok(());
        }
    }
    link_new_file(from, to)
}

/// Puts a hard link to `from` at `to` (replacing what is there, atomically), or a copy
/// where the file system cannot link (another device). A link keeps the file's inode and
/// mtime: sync-style deploys see it unchanged.
pub fn link_file(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = temporary_path(to);
    let _ = std::fs::remove_file(&tmp);
    if std::fs::hard_link(from, &tmp).is_err() {
        std::fs::copy(from, &tmp)?;
    }
    std::fs::rename(&tmp, to)
}

/// Writes files on its own threads, so the threads that render never wait for the disk.
/// The queue is bounded: rendering slows down to the disk's pace instead of holding a whole
/// site in memory.
pub struct BackgroundWriter {
    queue: SyncSender<Job>,
    threads: Vec<JoinHandle<Vec<(PathBuf, io::Error)>>>,
}

impl BackgroundWriter {
    pub fn new(threads: usize, atomic: bool) -> Self {
        let (queue, jobs) = sync_channel::<Job>(256);
        let jobs: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(jobs));
        let threads = (0..threads.max(1))
            .map(|_| {
                let jobs = Arc::clone(&jobs);
                std::thread::spawn(move || {
                    let mut errors = Vec::new();
                    loop {
                        let job = match jobs.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok(job) = job else { break };
                        if let Err(e) = job.run(atomic) {
                            errors.push(e);
                        }
                    }
                    errors
                })
            })
            .collect();
        BackgroundWriter { queue, threads }
    }

    /// Queues a file; blocks while the queue is full.
    pub fn submit(&self, path: PathBuf, bytes: Vec<u8>) {
        self.submit_job(Job::Write(path, bytes));
    }

    /// Queues any [`Job`]; blocks while the queue is full.
    pub fn submit_job(&self, job: Job) {
        // A send fails only when every writer thread is gone; `finish` reports that.
        let _ = self.queue.send(job);
    }

    /// Waits for every queued file; returns the files that could not be written.
    pub fn finish(self) -> Vec<(PathBuf, io::Error)> {
        drop(self.queue);
        let mut errors = Vec::new();
        for t in self.threads {
            match t.join() {
                Ok(errs) => errors.extend(errs),
                Err(_) => {
                    errors.push((PathBuf::new(), io::Error::other("a writer thread panicked")))
                }
            }
        }
        errors
    }
}

/// After a build into `staging`: each file whose bytes equal those of the same path in the
/// previous output becomes a hard link to it, so it keeps its inode and mtime and sync-style
/// deploys upload only what changed. Files in `decided` (relative paths: the pages, which
/// [`write_new`] and [`link_new`] already compared) are not looked at. Only the staging
/// folder changes. Returns how many files were kept.
pub fn keep_unchanged(staging: &Path, previous: &Path, decided: &HashSet<&Path>) -> usize {
    use rayon::prelude::*;
    if !previous.is_dir() {
        return 0;
    }
    files_under(staging)
        .par_iter()
        .filter(|staged| {
            let Ok(rel) = staged.strip_prefix(staging) else {
                return false;
            };
            if decided.contains(rel) {
                return false;
            }
            let old = previous.join(rel);
            same_bytes(staged, &old) && link_file(&old, staged).is_ok()
        })
        .count()
}

/// Every file under `root` (symbolic links not followed), a level of folders at a time,
/// each level's folders read in parallel: no stat, no recursion.
fn files_under(root: &Path) -> Vec<PathBuf> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut level = vec![root.to_path_buf()];
    while !level.is_empty() {
        let listed: Vec<(Vec<PathBuf>, Vec<PathBuf>)> = level
            .par_iter()
            .map(|dir| {
                let (mut files, mut dirs) = (Vec::new(), Vec::new());
                for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                    match entry.file_type() {
                        Ok(t) if t.is_file() => files.push(entry.path()),
                        Ok(t) if t.is_dir() => dirs.push(entry.path()),
                        _ => {}
                    }
                }
                (files, dirs)
            })
            .collect();
        level = Vec::new();
        for (f, d) in listed {
            files.extend(f);
            level.extend(d);
        }
    }
    files
}

/// Whether two files hold the same bytes; false for the very same file (nothing to do).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if !mb.is_file() || ma.len() != mb.len() || same_file(&ma, &mb) {
        return false;
    }
    same_contents(a, b)
}

fn same_contents(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::temporary_path;
    use std::path::Path;

    #[test]
    fn files_written_at_once_have_their_own_temporary_names() {
        let csv = temporary_path(Path::new("out/glossary.csv"));
        let tbx = temporary_path(Path::new("out/glossary.tbx"));
        assert_ne!(csv, tbx);
        assert_eq!(csv, Path::new("out/glossary.csv.glossgen-tmp"));
    }
}
