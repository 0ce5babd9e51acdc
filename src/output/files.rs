//! Writing files: one at a time, on writer threads, as hard links to a file that is already
//! there (the build cache, the previous output), or not at all when the bytes are the same.

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
        }
    }
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
/// deploys upload only what changed. Only the staging folder changes. Returns how many
/// files were kept.
pub fn keep_unchanged(staging: &Path, previous: &Path) -> usize {
    use rayon::prelude::*;
    if !previous.is_dir() {
        return 0;
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(staging)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files
        .par_iter()
        .filter(|staged| {
            let Ok(rel) = staged.strip_prefix(staging) else {
                return false;
            };
            let old = previous.join(rel);
            same_bytes(staged, &old) && link_file(&old, staged).is_ok()
        })
        .count()
}

/// Whether two files hold the same bytes; false for the very same file (nothing to do).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if !mb.is_file() || ma.len() != mb.len() || same_file(&ma, &mb) {
        return false;
    }
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
