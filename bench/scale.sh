#!/usr/bin/env bash
# Scale benchmarks (issue 16), each target with MET or MISSED and the baseline measured in the same run:
#   - bulk creation of 10,000 quick tasks through the kernel's create path (in-process seeder) — ≤ 20 s
#   - create-task --quick with 10,000 active tasks vs none — median ≤ 15 ms, max RSS ≤ 20 MiB
#   - postflight at 1,000,000 events after a clean run, little changed — ≤ 300 ms; the full run beside it
#   - trace verify at 1,000,000 events — ≤ 1.2 s; --since-checkpoint beside it
#   - ledger bytes per event at 1,000,000 events — ≤ 400, with where they go (SQLite's dbstat: each table and index)
#   - at 10,000,000 events (TEN_M=0 skips it; TEN_M=N seeds N instead): a pre-tool and a post-tool hook ≤ 12 ms,
#     kos status ≤ 50 ms, the ledger file ≤ 2 GiB (before archival); trace verify beside them
# The ledgers are appended in bulk by the seeder (real hash-chained events through the kernel and the store contract,
# 50,000 per transaction). The 10M ledger is seeded once into $BENCH_DIR/scale-10m (about 2.5 GB; 15–20 minutes on an idle
# 2-core machine) and reused by later runs. Unattended: about 25 minutes with a fresh 10M fixture, 8 without.
# Needs: hyperfine. Fixtures go to $BENCH_DIR/scale-*; results to bench/results/scale.md.
# SECTIONS picks some of: bulk create postflight verify size big (default: all). A subset writes
# bench/results/scale-<sections>.md instead, so a run of some rows never drops the others' results.
source "$(dirname "$0")/lib.sh"
BEGAN=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
ALL="bulk create postflight verify size big"
SECTIONS=${SECTIONS:-$ALL}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
want big && TEN_M=${TEN_M:-10000000} || TEN_M=0
[ "$SECTIONS" = "$ALL" ] && OUT=${OUT:-bench/results/scale.md} || OUT=${OUT:-bench/results/scale-${SECTIONS// /-}.md}
mkdir -p "$(dirname "$OUT")"
FIX="$BENCH_DIR/scale"
rm -rf "$FIX" && mkdir -p "$FIX"

QUICK='sh -c "set -f; '"$KOS"' create-task quick --quick --scope bench$$/** --session s$$ >/dev/null"'

# Wall seconds and user+sys CPU seconds of one seeding run.
timed() { local out; out=$(mktemp); /usr/bin/time -o "$out" -f "%e %U %S" "$@" >/dev/null 2>&1; python3 -c "import sys; e,u,s=map(float,open(sys.argv[1]).read().split()[-3:]); print(f'{e:.1f} {u+s:.1f}')" "$out"; rm -f "$out"; }
read -r empty_s empty_cpu < <(timed $SEED "$FIX/empty")
if want bulk || want create; then read -r bulk_s bulk_cpu < <(timed $SEED "$FIX/tasks10k" --tasks 10000); fi
if want postflight || want verify || want size || want big; then
  $SEED "$FIX/events1m" --tasks 20 --files 2000 --events 1000000 --bench-task >/dev/null 2>&1
fi
BIG="$BENCH_DIR/scale-10m"
if [ "$TEN_M" -gt 0 ]; then
  [ "$(cat "$BIG/.events" 2>/dev/null)" = "$TEN_M" ] || rm -f "$BIG/.complete"
  t0=$(date +%s)
  fixture "$BIG" "$SEED" --tasks 20 --files 2000 --events "$TEN_M" --bench-task
  big_s=$(( $(date +%s) - t0 ))
  echo "$TEN_M" > "$BIG/.events"
fi
for d in empty tasks10k events1m; do
  [ -d "$FIX/$d" ] || continue
  sqlite3 "$FIX/$d/.agent-os/state/ledger.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  (cd "$FIX/$d" && git add -A >/dev/null 2>&1 && git commit -qm fixture >/dev/null 2>&1 || true)
done
export KOS_ACTOR=user:bench

{
  echo "# Scale benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (at the start: $LOAD0), kos = Native AOT)"
  echo
  if want bulk; then
  echo "## Bulk creation of 10,000 quick tasks (each created, routed, planned and dispatched through the kernel) — target ≤ 20 s"
  echo
  echo "| run | wall seconds | user+sys seconds | target | verdict |"
  echo "|:--|--:|--:|--:|:--|"
  echo "| baseline: a fixture with no tasks (git repo, init) | $empty_s | $empty_cpu | – | baseline |"
  echo "| 10,000 quick tasks | $bulk_s | $bulk_cpu | ≤ 20 s | $(verdict "$bulk_s" 20) |"
  echo
  fi; if want create; then
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
  fi; if want postflight; then
  (cd "$FIX/events1m" && "$KOS" postflight --full >/dev/null && for i in $(seq 20); do "$KOS" note "a little change $i" >/dev/null; done)
  echo "## Postflight at 1,000,000 events, little changed since the last clean run — target ≤ 300 ms (baseline: the full run)"
  echo; echo "$HEADER"
  (cd "$FIX/events1m" && hft 3 1 - "$KOS postflight --full")
  (cd "$FIX/events1m" && hft 10 2 300 "$KOS postflight")
  echo
  fi; if want verify; then
  echo "## trace verify at 1,000,000 events — target ≤ 1,200 ms; --since-checkpoint beside it"
  echo; echo "$HEADER"
  (cd "$FIX/events1m" && hft 3 1 1200 "$KOS trace verify")
  (cd "$FIX/events1m" && hft 10 2 - "$KOS trace verify --since-checkpoint")
  echo
  fi; if want size; then
  db="$FIX/events1m/.agent-os/state/ledger.db"
  bytes=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
  events=$(sqlite3 "$db" "SELECT max(seq) FROM events;")
  per=$(( bytes / events ))
  echo "## Ledger size at 1,000,000 events — target ≤ 400 bytes/event"
  echo
  echo "| ledger | bytes | events | bytes/event | target | verdict |"
  echo "|:--|--:|--:|--:|--:|:--|"
  echo "| SQLite (seeder's capability.used mix) | $bytes | $events | $per | ≤ 400 | $(verdict "$per" 400) |"
  echo
  echo "| where the bytes go (SQLite dbstat) | bytes | bytes/event |"
  echo "|:--|--:|--:|"
  sqlite3 "$db" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 4;" | while IFS='|' read -r name b; do echo "| $name | $b | $(( b / events )) |"; done
  fi
  if [ "$TEN_M" -gt 0 ]; then
    big_events=$(sqlite3 "$BIG/.agent-os/state/ledger.db" "SELECT max(seq) FROM events;")
    big_bytes=$(ledger_bytes "$BIG")
    for f in pre post; do
      sed "s#DIR#$BIG#g; s#EVENT#$([ $f = pre ] && echo PreToolUse || echo PostToolUse)#" > "$BIG/.$f.json" <<'JSON'
{"session_id":"bench","transcript_path":"/tmp/t.jsonl","cwd":"DIR","permission_mode":"default","hook_event_name":"EVENT","tool_name":"Write","tool_input":{"file_path":"DIR/src/app.ts","content":"export const x = 1;\n"},"tool_response":{"filePath":"DIR/src/app.ts","success":true},"tool_use_id":"toolu_01"}
JSON
    done
    echo
    echo "## At $big_events events (seeding took ${big_s} s in this run: 0 when the fixture was reused) — targets: hooks ≤ 12 ms, status ≤ 50 ms, ledger ≤ 2 GiB before archival"
    echo
    echo "Baseline: the same commands on the 1,000,000-event ledger above, in this run."
    echo; echo "$HEADER_LABELED"
    for d in "$FIX/events1m" "$BIG"; do
      label="$(sqlite3 "$d/.agent-os/state/ledger.db" "SELECT max(seq) FROM events;") events"
      [ "$d" = "$BIG" ] && t12=12 t50=50 || t12=- t50=-
      [ -f "$d/.pre.json" ] || for f in pre post; do sed "s#$BIG#$d#g" "$BIG/.$f.json" > "$d/.$f.json"; done
      (cd "$d" && hftl 20 3 "$t12" "$label" "sh -c '$KOS hook claude pre-tool-use < .pre.json'" "sh -c '$KOS hook claude post-tool-use < .post.json'")
      (cd "$d" && hftl 20 3 "$t50" "$label" "$KOS status")
    done
    (cd "$BIG" && hftl 2 0 - "$big_events events" "$KOS trace verify")
    echo
    projected=$(( big_bytes / big_events * 10000000 ))
    echo "| ledger | bytes | events | bytes/event | bytes at 10,000,000 events (measured, or this rate × 10M) | target | verdict |"
    echo "|:--|--:|--:|--:|--:|--:|:--|"
    [ "$big_events" -ge 10000000 ] && projected=$big_bytes
    echo "| SQLite at $big_events events, before archival | $big_bytes | $big_events | $(( big_bytes / big_events )) | $projected | ≤ 2147483648 bytes | $(verdict "$projected" 2147483648) |"
  fi
  echo
  echo "Load at the start $LOAD0; the whole run took $(( $(date +%s) - BEGAN )) s."
} | tee "$OUT"
