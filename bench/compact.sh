#!/usr/bin/env bash
# The compact ledger (issue 16) before and after, in one run: each fixture is seeded by this kos (schema 2) and
# copied with the same events rewritten in schema 1 (hex text, stored prev_hash, unique indexes: the format of
# BASELINE_REF, default e7bb3b1, the kos before the compact ledger); each is measured with its own kos:
#   - bytes/event at $EVENTS events of the seeder's capability.used mix, and at $CLAUDE_EVENTS events of a
#     Claude Code session mix (ClaudeSessionMix: whole Read/Edit/Write tool responses of real source files) — ≤ 400
#   - full trace verify (chain + SQLite's integrity check + anchors) — ≤ 1,200 ms
#   - a pre-tool-use and a post-tool-use hook call (the hot path) and `kos status` — reported beside the baseline
# Fixtures live in $BENCH_DIR/compact/ and are reused when complete (delete them to reseed).
# Needs: hyperfine. Results: bench/results/compact.md.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/compact.md}
EVENTS=${EVENTS:-1000000}
CLAUDE_EVENTS=${CLAUDE_EVENTS:-100000}
BASELINE_REF=${BASELINE_REF:-e7bb3b1}
FIX="$BENCH_DIR/compact"
mkdir -p "$FIX" "$(dirname "$OUT")"

# The baseline kos and seeder, built from BASELINE_REF in a detached worktree.
BASE_SRC="$FIX/baseline-src"
if [ ! -x "$BASE_SRC/artifacts/kos/kos" ]; then
  git worktree add --detach "$BASE_SRC" "$BASELINE_REF" >/dev/null 2>&1 || true
  (cd "$BASE_SRC" && dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null)
fi
BASE_KOS="$BASE_SRC/artifacts/kos/kos"

seed() { local name=$1; shift; fixture "$FIX/$name" "$@"; }
seed v2-1m "$SEED" --tasks 20 --files 200 --events "$EVENTS"
# downgrade NAME: the baseline of a fixture: the same events, rewritten in schema 1 (what the baseline kos stores).
downgrade() {
  [ -f "$FIX/v1-$1/.complete" ] && return 0
  rm -rf "${FIX:?}/v1-$1" && cp -r "$FIX/v2-$1" "$FIX/v1-$1" && rm -f "$FIX/v1-$1/.complete"
  dotnet "$ROOT/bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll" downgrade "$FIX/v1-$1/.agent-os/state/ledger.db" >/dev/null
  touch "$FIX/v1-$1/.complete"
}
downgrade 1m
seed v2-claude "$SEED" --tasks 20 --files 200 --events "$CLAUDE_EVENTS" --mix claude --corpus "$ROOT/src"
downgrade claude
export KOS_ACTOR=user:bench

events_of() { sqlite3 "$1/.agent-os/state/ledger.db" "SELECT max(seq) FROM events;"; }

hook_payloads() {
  local dir=$1
  cat > "$dir/.pre.json" <<EOF
{"session_id":"s0","transcript_path":"/tmp/t.jsonl","cwd":"$dir","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"$dir/area0/x.ts","content":"export const x = 1;\n"},"tool_use_id":"toolu_01"}
EOF
  python3 - "$dir" "$ROOT/src/KnowledgeOS.Kernel/Ledger/ChainVerifier.cs" > "$dir/.post.json" <<'PY'
import json, sys
d, f = sys.argv[1], sys.argv[2]
text = open(f).read()
print(json.dumps({"session_id": "s0", "transcript_path": "/tmp/t.jsonl", "cwd": d, "permission_mode": "default",
  "hook_event_name": "PostToolUse", "tool_name": "Read", "tool_input": {"file_path": f},
  "tool_response": {"type": "text", "file": {"filePath": f, "content": text, "numLines": text.count("\n"), "startLine": 1, "totalLines": text.count("\n")}},
  "tool_use_id": "toolu_02"}))
PY
}

{
  echo "# Compact ledger before and after ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), baseline $BASELINE_REF, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), kos = Native AOT)"
  echo
  echo "## Ledger size — target ≤ 400 bytes/event"
  echo
  echo "| mix | ledger | bytes | events | bytes/event | target | verdict |"
  echo "|:--|:--|--:|--:|--:|--:|:--|"
  for pair in "seeder capability.used mix:1m" "Claude Code session mix:claude"; do
    label=${pair%%:*}; n=${pair##*:}
    for v in v1 v2; do
      d="$FIX/$v-$n"; b=$(ledger_bytes "$d"); e=$(events_of "$d"); per=$(( b / e ))
      if [ "$v" = v1 ]; then echo "| $label | schema 1 (baseline) | $b | $e | $per | – | baseline |"
      else echo "| $label | schema 2 (compact) | $b | $e | $per | ≤ 400 | $(verdict "$per" 400) |"; fi
    done
  done
  echo
  echo "## Full trace verify at $EVENTS events (chain, SQLite integrity check, anchors) — target ≤ 1,200 ms"
  echo; echo "$HEADER_LABELED"
  (cd "$FIX/v1-1m" && hftl 3 1 - "schema 1 (baseline)" "$BASE_KOS trace verify")
  (cd "$FIX/v2-1m" && hftl 3 1 1200 "schema 2 (compact)" "$KOS trace verify")
  echo
  echo "## Hook calls and status at $EVENTS events (each appends to the ledger it measures)"
  echo; echo "$HEADER_LABELED"
  for v in v1 v2; do
    d="$FIX/$v-1m"; hook_payloads "$d"
    k=$([ "$v" = v1 ] && echo "$BASE_KOS" || echo "$KOS"); l=$([ "$v" = v1 ] && echo "schema 1 (baseline)" || echo "schema 2 (compact)")
    (cd "$d" && hftl 20 3 - "$l" "sh -c '$k hook claude pre-tool-use < .pre.json'" "sh -c '$k hook claude post-tool-use < .post.json'" "$k status")
  done
} | tee "$OUT"
