#!/usr/bin/env bash
# Archival (issue 16, item 5) in one run: a ledger of $EVENTS events of the seeder's capability.used mix is measured
# before archival (the baseline), then `kos ledger archive --before T --vacuum` seals the oldest $ARCHIVE_PCT % of it,
# and the same commands are measured again on the same ledger:
#   - a pre-tool-use and a post-tool-use hook call — target ≤ 12 ms (at 10M events)
#   - `kos status` — target ≤ 50 ms (at 10M events)
#   - the ledger file before archival — target ≤ 2 GiB at 10M events (bytes/event here × 10M)
#   - trace verify (the live chain) and trace verify --all (with every archive re-hashed), and the archive run itself
# The fixture lives in $BENCH_DIR/archive/ (seeded once; the measured copy is rebuilt each run).
# Needs: hyperfine, sqlite3. Results: bench/results/archive.md.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/archive.md}
EVENTS=${EVENTS:-2000000}
ARCHIVE_PCT=${ARCHIVE_PCT:-90}
FIX="$BENCH_DIR/archive"
mkdir -p "$FIX" "$(dirname "$OUT")"
export KOS_ACTOR=user:bench

if [ ! -f "$FIX/seed/.complete" ]; then
  rm -rf "$FIX/seed"
  $SEED "$FIX/seed" --files 200 --events "$EVENTS" >/dev/null 2>&1
  # The hook's session gets its task after the history (archival keeps an open task's events live).
  (cd "$FIX/seed" && "$KOS" create-task "Bench" --quick --scope 'area0/**' --session s0 >/dev/null)
  sqlite3 "$FIX/seed/.agent-os/state/ledger.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  (cd "$FIX/seed" && git add -A >/dev/null 2>&1 && git commit -qm fixture >/dev/null 2>&1 || true)
  touch "$FIX/seed/.complete"
fi
D="$FIX/run"
rm -rf "$D" && cp -r "$FIX/seed" "$D"
DB="$D/.agent-os/state/ledger.db"

bytes_of() { echo $(( $(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) )); }
hft() { # runs warmup target label command…: one table row per command
  local runs=$1 warmup=$2 target=$3 label=$4; shift 4
  local json; json=$(mktemp)
  hyperfine -N -i --style none --runs "$runs" --warmup "$warmup" --export-json "$json" "$@" >/dev/null 2>&1
  python3 - "$json" "$target" "$label" <<'PY'
import json, sys
target, label = sys.argv[2], sys.argv[3]
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda v: f"{v * 1000:.1f}"
    t = "–" if target == "-" else f"≤ {target} ms"
    v = "–" if target == "-" else ("MET" if r["median"] * 1000 <= float(target) else "MISSED")
    print(f"| {label} | `{r['command'].split('/')[-1]}` | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['min'])} | {ms(r['max'])} | {ms(r['user'] + r['system'])} | {t} | {v} |")
PY
  rm -f "$json"
}
HEADER="| ledger | command | median ms | mean ± σ ms | min ms | max ms | user+sys ms (mean) | target | verdict |
|:--|:--|--:|--:|--:|--:|--:|--:|:--|"
cat > "$D/.pre.json" <<JSON
{"session_id":"s0","transcript_path":"/tmp/t.jsonl","cwd":"$D","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"$D/area0/x.ts","content":"export const x = 1;\n"},"tool_use_id":"toolu_01"}
JSON
cat > "$D/.post.json" <<JSON
{"session_id":"s0","transcript_path":"/tmp/t.jsonl","cwd":"$D","permission_mode":"default","hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"$D/area0/x.ts","content":"export const x = 1;\n"},"tool_response":{"filePath":"$D/area0/x.ts","success":true},"tool_use_id":"toolu_02"}
JSON
measure() { # label
  (cd "$D" && hft 20 3 12 "$1" "sh -c '$KOS hook claude pre-tool-use < .pre.json'" "sh -c '$KOS hook claude post-tool-use < .post.json'")
  (cd "$D" && hft 20 3 50 "$1" "$KOS status")
}

events=$(sqlite3 "$DB" "SELECT max(seq) FROM events;")
bytes_before=$(bytes_of)
per_event=$(( bytes_before / events ))
projected=$(( per_event * 10000000 ))
cut_seq=$(( events * ARCHIVE_PCT / 100 ))
before=$(sqlite3 "$DB" "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', time / 1000.0, 'unixepoch') FROM events WHERE seq = $cut_seq;")

{
  echo "# Archival ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), kos = Native AOT)"
  echo
  echo "$events events of the seeder's capability.used mix; the baseline is the same ledger before archival, measured in this run."
  echo
  echo "## Ledger file before archival — target ≤ 2 GiB at 10M events"
  echo
  echo "| events | bytes | bytes/event | projected at 10M | target | verdict |"
  echo "|--:|--:|--:|--:|--:|:--|"
  echo "| $events | $bytes_before | $per_event | $projected | ≤ 2147483648 | $([ "$projected" -le 2147483648 ] && echo MET || echo MISSED) |"
  echo
  echo "## Before archival (baseline)"
  echo; echo "$HEADER"
  measure "$events live (baseline)"
  (cd "$D" && hft 3 1 - "$events live (baseline)" "$KOS trace verify")
  start=$(date +%s%N)
  (cd "$D" && "$KOS" ledger archive --before "$before" --vacuum --json) > "$FIX/archive.json"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  live=$(sqlite3 "$DB" "SELECT count(*) FROM events;")
  archived=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['events'])" "$FIX/archive.json")
  abytes=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['bytes'])" "$FIX/archive.json")
  echo
  echo "## The archive run: \`kos ledger archive --before $before --vacuum\`"
  echo
  echo "| archived events | archive file bytes | bytes/archived event | live events after | ledger bytes before | ledger bytes after | wall ms (one run) |"
  echo "|--:|--:|--:|--:|--:|--:|--:|"
  echo "| $archived | $abytes | $(( abytes / archived )) | $live | $bytes_before | $(bytes_of) | $ms |"
  echo
  echo "## After archival (same ledger)"
  echo; echo "$HEADER"
  measure "$live live + $archived archived"
  (cd "$D" && hft 3 1 - "$live live + $archived archived" "$KOS trace verify" "$KOS trace verify --all")
} | tee "$OUT"
