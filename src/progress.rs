//! How far the page stage of the running build is, for the command line's progress bar.
//! Process-wide counters: the build bumps them, `glossgen build` on a terminal reads them
//! from another thread. Nothing else depends on them.

use std::sync::atomic::{AtomicUsize, Ordering};

static TOTAL: AtomicUsize = AtomicUsize::new(0);
static DONE: AtomicUsize = AtomicUsize::new(0);

/// The page stage starts with `total` pages to render.
pub fn start(total: usize) {
    DONE.store(0, Ordering::Relaxed);
    TOTAL.store(total, Ordering::Relaxed);
}

/// One more page rendered.
pub fn tick() {
    DONE.fetch_add(1, Ordering::Relaxed);
}

/// (pages rendered, pages to render); (0, 0) before the page stage.
pub fn get() -> (usize, usize) {
    (DONE.load(Ordering::Relaxed), TOTAL.load(Ordering::Relaxed))
}
