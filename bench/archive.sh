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

# The hook's session gets its task after the history (archival keeps an open task's events live).
FIXTURE_THEN="\"$KOS\" create-task Bench --quick --scope 'area0/**' --session s0" fixture "$FIX/seed" "$SEED" --files 200 --events "$EVENTS"
D="$FIX/run"
rm -rf "$D" && cp -r "$FIX/seed" "$D"
DB="$D/.agent-os/state/ledger.db"

bytes_of() { ledger_bytes "$D"; }
cat > "$D/.pre.json" <<JSON
{"session_id":"s0","transcript_path":"/tmp/t.jsonl","cwd":"$D","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"$D/area0/x.ts","content":"export const x = 1;\n"},"tool_use_id":"toolu_01"}
JSON
cat > "$D/.post.json" <<JSON
{"session_id":"s0","transcript_path":"/tmp/t.jsonl","cwd":"$D","permission_mode":"default","hook_event_name":"PostToolUse","tool_name":"Write","tool_input":{"file_path":"$D/area0/x.ts","content":"export const x = 1;\n"},"tool_response":{"filePath":"$D/area0/x.ts","success":true},"tool_use_id":"toolu_02"}
JSON
measure() { # label
  (cd "$D" && hftl 20 3 12 "$1" "sh -c '$KOS hook claude pre-tool-use < .pre.json'" "sh -c '$KOS hook claude post-tool-use < .post.json'")
  (cd "$D" && hftl 20 3 50 "$1" "$KOS status")
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
  echo; echo "$HEADER_LABELED"
  measure "$events live (baseline)"
  (cd "$D" && hftl 3 1 - "$events live (baseline)" "$KOS trace verify")
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
  echo; echo "$HEADER_LABELED"
  measure "$live live + $archived archived"
  (cd "$D" && hftl 3 1 - "$live live + $archived archived" "$KOS trace verify" "$KOS trace verify --all")
} | tee "$OUT"
