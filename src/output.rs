//! Writing the site atomically: everything goes into a staging folder next to the output
//! folder, which replaces the output only when the whole build succeeded. A failed or
//! interrupted build never leaves a half-written site behind.

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
        let tmp = path.with_extension("glossgen-tmp");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    } else {
        std::fs::write(path, bytes)
    }
}

type Job = (PathBuf, Vec<u8>);

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
                        let Ok((path, bytes)) = job else { break };
                        if let Err(e) = write_file(&path, &bytes, atomic) {
                            errors.push((path, e));
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
        // A send fails only when every writer thread is gone; `finish` reports that.
        let _ = self.queue.send((path, bytes));
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

pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.glossgen-{tag}-{}", std::process::id()))
}

impl Staging {
    /// Prepares an empty staging folder beside `target` (same file system, so the final
    /// swap is a rename).
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
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
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
        s.commit().unwrap();
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
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
