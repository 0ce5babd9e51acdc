#!/usr/bin/env python3
"""The persistent build cache at N terms (default 10,000), one run of each case:

    python3 benches/cache.py [--terms 10000] [--binary target/release/glossgen] [--before OLD]

1. cold build, cache on (empty cache, no previous output)  -- what a first CI run pays
2. cold build, --no-cache                                   -- the build without a cache
3. cold build of --before OLD (another glossgen binary, e.g. main's), if given
4. one term's body edited, cache and previous output present -- target <= 15% of (1)
5. one term's body edited, cache present, no previous output -- target <= 40% of (1)
   (a CI runner that restores only .glossgen-cache/)

Wall seconds and CPU seconds (user + sys of the child, its background threads included)
are printed for each, with ratios to (1) of both: on a shared machine the CPU ratio is the
steadier one. Python 3.11 standard library only; the corpus goes to benches/work/ (gitignored),
output and cache to /dev/shm where it exists (removed after the run),
results to benches/work/cache-last-run.json. Not a test: figures depend on the machine.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCHES = Path(__file__).resolve().parent
WORK = BENCHES / "work"


def corpus(n: int) -> Path:
    site = WORK / f"cache-corpus-{n}"
    if not (site / ".glossgen-corpus.json").is_file():
        subprocess.run(
            [sys.executable, str(BENCHES / "gen_corpus.py"), "--terms", str(n),
             "--out", str(site), "--no-hugo", "--force"],
            check=True, stdout=subprocess.DEVNULL)
    return site


def timed(cmd: list[str]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{res.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = [l for l in res.stderr.splitlines() if l.startswith("built ")]
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
            "summary": summary[-1] if summary else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=10000)
    ap.add_argument("--binary", default=str(BENCHES.parent / "target/release/glossgen"))
    ap.add_argument("--before", help="another glossgen binary to time cold, for comparison")
    a = ap.parse_args()
    site = corpus(a.terms)
    # Output and cache in RAM where there is /dev/shm, as in run.py: on disk, writeback
    # swings the figures by seconds.
    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else WORK
    out, cache = scratch / "glossgen-cache-out", scratch / "glossgen-cache-dir"
    build = [a.binary, "build", "--root", str(site), "--output", str(out), "--timings"]
    with_cache = build + ["--cache-dir", str(cache)]
    edited = sorted((site / "content").rglob("*.md"))[a.terms // 2]
    original = edited.read_text(encoding="utf-8")

    def clean(output: bool, cache_too: bool) -> None:
        if output:
            shutil.rmtree(out, ignore_errors=True)
        if cache_too:
            shutil.rmtree(cache, ignore_errors=True)

    results = {}
    try:
        clean(True, True)
        results["cold, --no-cache"] = timed(build + ["--no-cache"])
        if a.before:
            clean(True, True)
            results["cold, --before binary"] = timed(
                [a.before, "build", "--root", str(site), "--output", str(out), "--timings"])
        clean(True, True)
        results["cold, cache on"] = timed(with_cache)
        edited.write_text(original + "\n\nA sentence added below the summary.\n", encoding="utf-8")
        results["edit, cache + previous output"] = timed(with_cache)
        edited.write_text(original + "\n\nAnother sentence added instead.\n", encoding="utf-8")
        clean(True, False)
        results["edit, cache only"] = timed(with_cache)
    finally:
        edited.write_text(original, encoding="utf-8")
        clean(True, True)
    cold = results["cold, cache on"]
    print(f"{a.terms} terms, {os.cpu_count()} cores")
    print(f"{'case':34} {'wall s':>8} {'cpu s':>8} {'% cold':>7} {'% cpu':>6}")
    for name, r in results.items():
        print(f"{name:34} {r['wall_s']:8.2f} {r['cpu_s']:8.2f} "
              f"{100 * r['wall_s'] / cold['wall_s']:6.0f}% {100 * r['cpu_s'] / cold['cpu_s']:5.0f}%")
    WORK.mkdir(exist_ok=True)
    (WORK / "cache-last-run.json").write_text(json.dumps(
        {"terms": a.terms, "results": results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
