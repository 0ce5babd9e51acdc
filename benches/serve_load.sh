#!/usr/bin/env bash
# Load test of `glossgen serve` (README "Reliability"): wrk with 64 connections for 30 s on a
# 1,000-term site while a term is edited every 0.5 s and 4 connections hold a request whose
# 1,025-byte body never comes (reopened whenever the server drops one). Every response is
# checked: status 200 and a complete page (`</html>`). Then 5 s on one keep-alive connection
# (the Nagle-delay case). Fails unless 0 errors, 0 incomplete pages and p99 < 100 ms.
#
#   benches/serve_load.sh [--terms 1000] [--seconds 30] [--connections 64] [--no-build]
#
# Needs wrk (Debian: apt-get install -y wrk) and python3. Works in benches/work/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
TERMS=1000 SECONDS_=30 CONNS=64 BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --terms) TERMS=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    --connections) CONNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
[ "$BUILD" = 1 ] && cargo build --release --quiet
BIN=$PWD/target/release/glossgen
WORK=$PWD/benches/work/serve-load
SITE=$WORK/site-$TERMS
mkdir -p "$WORK"
[ -d "$SITE/content" ] || python3 benches/gen_corpus.py --terms "$TERMS" --out "$SITE" --no-hugo >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$WORK/serve.log
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$BIN" serve --root "$SITE" --port "$PORT" >"$LOG" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/__glossgen/status" 2>/dev/null | grep -q '"built":true' && break
  sleep 0.1
done

# The pages requested in turn: home, term pages, a tag page.
TERM_FILE=$(find "$SITE/content" -name '*.md' | sort | awk 'NR==1')
cat >"$WORK/check.lua" <<LUA
local paths = {"/", "/terms/t000001/", "/terms/t000002/", "/terms/t000010/", "/terms/t000100/", "/terms/"}
local threads = {}
local i = 0
function setup(thread) table.insert(threads, thread) end
function init(args) incomplete = 0; non200 = 0 end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1
  elseif not body:find("</html>", 1, true) then incomplete = incomplete + 1 end
end
function done(summary, latency, requests)
  local inc, bad = 0, 0
  for _, t in ipairs(threads) do inc = inc + t:get("incomplete"); bad = bad + t:get("non200") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d errors=%d incomplete=%d non200=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, inc, bad,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

# An edit every 0.5 s (the body of one term changes; every rebuild rewrites its pages).
python3 - "$TERM_FILE" "$SECONDS_" <<'PY' &
import sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
text = open(path, encoding="utf-8").read()
end, n = time.time() + seconds + 2, 0
while time.time() < end:
    n += 1
    open(path, "w", encoding="utf-8").write(text + f"\n\nedit {n}\n")
    time.sleep(0.5)
open(path, "w", encoding="utf-8").write(text)
print(f"EDITS {n}")
PY
PIDS+=($!)

# Four connections whose request body never comes (the 413 answer is read and the
# connection still held), reopened should the server close one.
python3 - "$PORT" "$SECONDS_" <<'PY' &
import socket, sys, time, select
port, seconds = int(sys.argv[1]), float(sys.argv[2])
def stall():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n")
    return s
conns, opened, answered = [stall() for _ in range(4)], 4, 0
end = time.time() + seconds + 2
while time.time() < end:
    ready, _, _ = select.select(conns, [], [], 0.2)
    for s in ready:
        if s.recv(4096):
            answered += 1
        else:  # closed by the server: stall again
            conns.remove(s); s.close(); conns.append(stall()); opened += 1
print(f"STALLED connections opened: {opened}, answers read: {answered}")
PY
PIDS+=($!)

sleep 0.5
echo "== $CONNS connections, ${SECONDS_} s, $TERMS terms, an edit every 0.5 s, 4 stalled bodies"
OUT=$(wrk -t2 -c"$CONNS" -d"${SECONDS_}s" --latency -s "$WORK/check.lua" "http://127.0.0.1:$PORT/")
echo "$OUT" | grep -E "Requests/sec|RESULT|Socket errors|Non-2xx"
wait "${PIDS[1]}" "${PIDS[2]}" 2>/dev/null || true
echo "== 1 keep-alive connection, 5 s (no edits)"
ONE=$(wrk -t1 -c1 -d5s --latency -s "$WORK/check.lua" "http://127.0.0.1:$PORT/")
echo "$ONE" | grep -E "Requests/sec|RESULT"
echo "rebuilds during the run: $(grep -c '^built ' "$LOG")"

python3 - "$OUT" <<'PY'
import re, sys
m = dict(re.findall(r"(\w+)=([\d.]+)", sys.argv[1].split("RESULT", 1)[1]))
ok = float(m["errors"]) == 0 and float(m["incomplete"]) == 0 and float(m["non200"]) == 0 and float(m["p99_ms"]) < 100
print("PASS" if ok else "FAIL: want 0 errors, 0 incomplete, 0 non-200, p99 < 100 ms")
sys.exit(0 if ok else 1)
PY
