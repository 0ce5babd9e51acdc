//! The fuzz command: builds and checks hostile sites until time runs out.
//!
//! ```text
//! cargo run --release --example fuzz -- 600          # 10 minutes, random starting seed
//! cargo run --release --example fuzz -- 60 --seed 7  # from seed 7 on
//! cargo run --release --example fuzz -- --case 1234  # one seed, site kept for a look
//! ```
//!
//! Each case is a site from [`gen::site`], written to a temporary folder and built (minified)
//! then checked by the library in a child process, so a stack overflow or an abort is seen as
//! such and not taken for the fuzzer's own death. A case fails on a panic, an abort, a hang
//! (no result within [`CASE_LIMIT`]) or an exit code other than 0 (built) or 1 (refused with
//! errors). Failing sites are kept under `target/fuzz-failures/seed-N/`; the command exits 1
//! when any case failed. It stays on stable Rust: `cargo fuzz` needs nightly.

mod gen;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Longest a single case may take before it counts as a hang.
const CASE_LIMIT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--child") => child(Path::new(args.get(1).map_or("", String::as_str))),
        Some("--case") => {
            let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            let (verdict, dir) = run_case(seed, true);
            println!("seed {seed}: {verdict}\nsite kept in {}", dir.display());
            if verdict == "ok" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => campaign(&args),
    }
}

/// Runs cases from a seed until the time is up.
fn campaign(args: &[String]) -> ExitCode {
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let start_seed: u64 = match args.iter().position(|a| a == "--seed") {
        Some(i) => args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(0),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() * 1_000),
    };
    println!("fuzzing for {seconds} s from seed {start_seed}");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut cases, mut failures, mut built) = (0u64, 0u64, 0u64);
    let mut seed = start_seed;
    while Instant::now() < deadline {
        let (verdict, _) = run_case(seed, false);
        cases += 1;
        built += u64::from(verdict == "ok" && was_built());
        if verdict != "ok" {
            failures += 1;
            let kept = keep_failure(seed);
            println!("FAIL seed {seed}: {verdict} (site in {})", kept.display());
        }
        seed += 1;
    }
    println!("{cases} cases ({built} built, the others refused with errors), {failures} failures");
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes the site of `seed`, builds it in a child process; returns the verdict and the site.
fn run_case(seed: u64, keep: bool) -> (String, PathBuf) {
    let dir = std::env::temp_dir().join(format!("glossgen-fuzz-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut rng = gen::Rng::new(seed);
    for (rel, bytes) in gen::site(&mut rng) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, bytes);
    }
    let verdict = judge(&dir);
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    (verdict, dir)
}

thread_local! {
    static LAST_BUILT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the last case judged "ok" was built (exit 0) rather than refused (exit 1).
fn was_built() -> bool {
    LAST_BUILT.with(|b| b.get())
}

/// "ok", or what went wrong.
fn judge(dir: &Path) -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "cannot find the fuzz executable".into();
    };
    let child = Command::new(exe)
        .arg("--child")
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            // Not a finding: the fuzzer itself is broken (its executable rebuilt under it).
            eprintln!("cannot start a case: {e}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return match status.code() {
                    Some(code @ (0 | 1)) => {
                        LAST_BUILT.with(|b| b.set(code == 0));
                        "ok".into()
                    }
                    Some(code) => format!("exit code {code}{}", stderr_tail(&mut child)),
                    None => format!("killed by a signal (abort?){}", stderr_tail(&mut child)),
                }
            }
            Ok(None) if started.elapsed() > CASE_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return format!("hang: no result after {} s", CASE_LIMIT.as_secs());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return format!("cannot wait for a case: {e}"),
        }
    }
}

fn stderr_tail(child: &mut std::process::Child) -> String {
    use std::io::Read;
    let mut text = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    let tail: Vec<&str> = text.lines().rev().take(6).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    format!("\n    {}", tail.join("\n    "))
}

/// Regenerates a failing site under target/fuzz-failures/ for a look and a regression test.
fn keep_failure(seed: u64) -> PathBuf {
    let dir = PathBuf::from("target/fuzz-failures").join(format!("seed-{seed}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut rng = gen::Rng::new(seed);
    for (rel, bytes) in gen::site(&mut rng) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, bytes);
    }
    dir
}

/// In the child: build (minified) and check the site as the binary would; 0 built, 1 refused.
fn child(dir: &Path) -> ExitCode {
    let mut opts = glossgen::BuildOptions::new(dir);
    opts.output = Some(dir.join("public"));
    opts.minify = Some(true);
    let built = glossgen::build(&opts);
    opts.mode = glossgen::Mode::Check;
    let checked = glossgen::build(&opts);
    if built.is_ok() != checked.is_ok() {
        eprintln!("build and check disagree: build ok {}", built.is_ok());
        return ExitCode::from(3);
    }
    if built.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
