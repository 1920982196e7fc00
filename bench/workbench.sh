#!/usr/bin/env bash
# Workbench benchmarks (issue 13), each with a baseline from the same run:
#   - board first byte over 10,000 tasks and a 1,000,000-event ledger (target ≤ 150 ms);
#     baselines: the first byte of a static asset from the same server, and `kos list` over the same ledger
#   - live update: event written → card visible in chromium (target ≤ 500 ms); the feed's poll interval is the floor
#   - kos-serve idle RSS after serving that board (target ≤ 60 MiB); baseline: an idle kos-serve on an empty project
# Needs: hyperfine, chromium (/usr/bin/chromium or KOS_CHROMIUM), curl. Fixtures go to $BENCH_DIR.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/workbench.md}
mkdir -p "$(dirname "$OUT")"
[ -x "$(dirname "$KOS")/kos-serve" ] || dotnet publish src/KnowledgeOS.Serve -c Release -o "$(dirname "$KOS")" >/dev/null
FIX="$BENCH_DIR/board10k1m"
[ -d "$FIX" ] || $SEED "$FIX" --tasks 10000 --events 1000000
EMPTY="$BENCH_DIR/board-empty"
[ -d "$EMPTY" ] || $SEED "$EMPTY"
LIVE="dotnet $ROOT/bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll live"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
serve() { # serve DIR → sets URL BASE SPID (kos-serve's pid), cookie in $1/.bench-cookie
  local out; out=$(mktemp)
  (cd "$1" && exec "$KOS" serve --port 0 --json >"$out" 2>/dev/null) & pids+=($!)
  for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
  read -r URL SPID < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["url"], d["pid"])' "$out")
  BASE=${URL%%/\?*}
  curl -s -o /dev/null -c "$1/.bench-cookie" "$URL"
}
ttfb() { # ttfb N URL-PATH → one first-byte time in ms per line
  for _ in $(seq "$1"); do curl -s -o /dev/null -b "$COOKIE" -w '%{time_starttransfer}\n' "$BASE$2"; done | awk '{printf "%.1f\n", $1 * 1000}'
}
stats() { python3 -c '
import sys, statistics as s
v = sorted(float(x) for x in sys.stdin if x.strip())
p95 = v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
print(f"{len(v)} | {s.median(v):.1f} | {p95:.1f} | {min(v):.1f} | {max(v):.1f}")'; }
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
verdict() { python3 -c 'import sys; print("MET" if float(sys.argv[1]) <= float(sys.argv[2]) else "MISSED")' "$1" "$2"; }

serve "$EMPTY"; COOKIE="$EMPTY/.bench-cookie"; ttfb 3 / >/dev/null; sleep 3; EMPTY_RSS=$(rss "$SPID")
serve "$FIX"; COOKIE="$FIX/.bench-cookie"
ttfb 3 / >/dev/null
BOARD=$(ttfb 50 / | stats)
ASSET=$(ttfb 50 /assets/favicon.svg | stats)
BOARD_BYTES=$(curl -s -b "$COOKIE" "$BASE/" | wc -c)
LIST=$(cd "$FIX" && "$ROOT/$HF" 20 3 "$KOS list --all")
LIVE_MS=$($LIVE "$URL" "$FIX" "$KOS" --runs 20 | stats)
sleep 5
IDLE_RSS=$(rss "$SPID")
board_median=$(echo "$BOARD" | cut -d'|' -f2); board_p95=$(echo "$BOARD" | cut -d'|' -f3)
live_median=$(echo "$LIVE_MS" | cut -d'|' -f2); live_max=$(echo "$LIVE_MS" | cut -d'|' -f5)

{
  echo "# Workbench benchmarks"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, kos and kos-serve Native AOT, chromium $(chromium --version 2>/dev/null | awk '{print $2}')."
  echo "Fixture: $(cd "$FIX" && "$KOS" list --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') tasks, $(cd "$FIX" && sqlite3 .agent-os/state/ledger.db 'select max(seq) from events') events (bench/KnowledgeOS.Benchmarks seed)."
  echo
  echo "| measure | runs | median | p95 | min | max | target | verdict |"
  echo "|:--|--:|--:|--:|--:|--:|--:|:--|"
  echo "| board \`GET /\` first byte (ms; ${BOARD_BYTES} bytes of HTML) | $BOARD | ≤ 150 ms | $(verdict "$board_p95" 150) (p95) |"
  echo "| baseline: static asset \`GET /assets/favicon.svg\` first byte (ms), same server | $ASSET | — | — |"
  echo "| live update: event written → card visible in chromium (ms) | $LIVE_MS | ≤ 500 ms | $(verdict "$live_max" 500) (max) |"
  echo "| baseline: the feed's poll interval (ms) | — | 100 | — | — | — | — | — |"
  echo "| kos-serve idle RSS after serving the board (MiB) | 1 | $IDLE_RSS | — | — | — | ≤ 60 MiB | $(verdict "$IDLE_RSS" 60) |"
  echo "| baseline: kos-serve idle RSS on an empty project (MiB) | 1 | $EMPTY_RSS | — | — | — | — | — |"
  echo
  echo "Baseline, whole process: \`kos list --all\` over the same 10,000 tasks (hyperfine):"
  echo
  echo "| command | median ms | mean ± σ ms | min ms | max ms | user ms | system ms |"
  echo "|:--|--:|--:|--:|--:|--:|--:|"
  echo "$LIST"
  echo
  echo "The board shows at most 200 cards per open phase (20 for done and abandoned) with a link to the rest;"
  echo "the seeded tasks are all executing, so the page carries 200 cards and the count of the other 9,800."
} | tee "$OUT"
