#!/usr/bin/env bash
# Scale benchmarks (issue 16), each target with MET or MISSED and the baseline measured in the same run:
#   - bulk creation of 10,000 quick tasks through the kernel's create path (in-process seeder) — ≤ 20 s
#   - create-task --quick with 10,000 active tasks vs none — median ≤ 15 ms, max RSS ≤ 20 MiB
#   - postflight at 1,000,000 events after a clean run, little changed — ≤ 300 ms; the full run beside it
#   - trace verify at 1,000,000 events — ≤ 1.2 s; --since-checkpoint beside it
#   - ledger bytes per event at 1,000,000 events — ≤ 400 (reported: the compact format is not built yet)
# The 1M-event ledger is appended in bulk by the seeder (real hash-chained events, 50,000 per transaction).
# Needs: hyperfine. Fixtures go to $BENCH_DIR/scale-*; results to bench/results/scale.md.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/scale.md}
mkdir -p "$(dirname "$OUT")"
FIX="$BENCH_DIR/scale"
rm -rf "$FIX" && mkdir -p "$FIX"

QUICK='sh -c "set -f; '"$KOS"' create-task quick --quick --scope bench$$/** --session s$$ >/dev/null"'

# Wall seconds and user+sys CPU seconds of one seeding run.
timed() { local out; out=$(mktemp); /usr/bin/time -o "$out" -f "%e %U %S" "$@" >/dev/null 2>&1; python3 -c "import sys; e,u,s=map(float,open(sys.argv[1]).read().split()[-3:]); print(f'{e:.1f} {u+s:.1f}')" "$out"; rm -f "$out"; }
read -r empty_s empty_cpu < <(timed $SEED "$FIX/empty")
read -r bulk_s bulk_cpu < <(timed $SEED "$FIX/tasks10k" --tasks 10000)
$SEED "$FIX/events1m" --tasks 20 --files 2000 --events 1000000 >/dev/null 2>&1
for d in empty tasks10k events1m; do
  sqlite3 "$FIX/$d/.agent-os/state/ledger.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  (cd "$FIX/$d" && git add -A >/dev/null 2>&1 && git commit -qm fixture >/dev/null 2>&1 || true)
done
export KOS_ACTOR=user:bench

{
  echo "# Scale benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), kos = Native AOT)"
  echo
  echo "## Bulk creation of 10,000 quick tasks (each created, routed, planned and dispatched through the kernel) — target ≤ 20 s"
  echo
  echo "| run | wall seconds | user+sys seconds | target | verdict |"
  echo "|:--|--:|--:|--:|:--|"
  echo "| baseline: a fixture with no tasks (git repo, init) | $empty_s | $empty_cpu | – | baseline |"
  echo "| 10,000 quick tasks | $bulk_s | $bulk_cpu | ≤ 20 s | $(verdict "$bulk_s" 20) |"
  echo
  echo "## create-task --quick with 10,000 active tasks — target median ≤ 15 ms, max RSS ≤ 20 MiB (baseline: /bin/true, the same at 0 tasks)"
  echo; echo "$HEADER"
  (cd "$FIX/empty" && hft 30 3 - "/bin/true" "$QUICK")
  (cd "$FIX/tasks10k" && hft 30 3 15 "$QUICK")
  echo
  rss0=$(cd "$FIX/empty" && maxrss 10 sh -c "set -f; $KOS create-task quick --quick --scope rss\$\$/** --session r\$\$")
  rss10k=$(cd "$FIX/tasks10k" && maxrss 10 sh -c "set -f; $KOS create-task quick --quick --scope rss\$\$/** --session r\$\$")
  echo "| max RSS of create-task --quick over 10 runs | KiB | target | verdict |"
  echo "|:--|--:|--:|:--|"
  echo "| at 0 tasks (baseline) | $rss0 | – | baseline |"
  echo "| at 10,000 active tasks | $rss10k | ≤ 20480 | $(verdict "$rss10k" 20480) |"
  echo
  (cd "$FIX/events1m" && "$KOS" postflight --full >/dev/null && for i in $(seq 20); do "$KOS" note "a little change $i" >/dev/null; done)
  echo "## Postflight at 1,000,000 events, little changed since the last clean run — target ≤ 300 ms (baseline: the full run)"
  echo; echo "$HEADER"
  (cd "$FIX/events1m" && hft 3 1 - "$KOS postflight --full")
  (cd "$FIX/events1m" && hft 10 2 300 "$KOS postflight")
  echo
  echo "## trace verify at 1,000,000 events — target ≤ 1,200 ms; --since-checkpoint beside it"
  echo; echo "$HEADER"
  (cd "$FIX/events1m" && hft 3 1 1200 "$KOS trace verify")
  (cd "$FIX/events1m" && hft 10 2 - "$KOS trace verify --since-checkpoint")
  echo
  db="$FIX/events1m/.agent-os/state/ledger.db"
  bytes=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
  events=$(sqlite3 "$db" "SELECT max(seq) FROM events;")
  per=$(( bytes / events ))
  echo "## Ledger size at 1,000,000 events — target ≤ 400 bytes/event"
  echo
  echo "| ledger | bytes | events | bytes/event | target | verdict |"
  echo "|:--|--:|--:|--:|--:|:--|"
  echo "| SQLite (seeder's capability.used mix) | $bytes | $events | $per | ≤ 400 | $(verdict "$per" 400) |"
} | tee "$OUT"
