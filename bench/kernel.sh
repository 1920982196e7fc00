#!/usr/bin/env bash
# Whole-process benchmarks of the kernel (issue 2), with baselines measured in the same run:
#   - a command that appends one event (kos note) vs /bin/true
#   - kos list over 10,000 tasks vs task-master list over 10,000 tasks in its own tasks.json
#   - kos trace verify over 1,000,000 events
# Needs: hyperfine (apt-get install hyperfine), node/npm for task-master-ai. Fixtures go to $BENCH_DIR.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/kernel.md}
mkdir -p "$(dirname "$OUT")"

[ -d "$BENCH_DIR/tasks10k" ] || $SEED "$BENCH_DIR/tasks10k" --tasks 10000
[ -d "$BENCH_DIR/events1m" ] || $SEED "$BENCH_DIR/events1m" --events 1000000

# task-master over 10,000 tasks in its own format.
TM_DIR="$BENCH_DIR/taskmaster"
if [ ! -x "$TM_DIR/node_modules/.bin/task-master" ]; then
  mkdir -p "$TM_DIR" && (cd "$TM_DIR" && npm install --silent --no-audit --no-fund task-master-ai@0.43.1 >/dev/null 2>&1)
fi
mkdir -p "$TM_DIR/proj/.taskmaster/tasks"
python3 - "$TM_DIR/proj" <<'PY'
import json, sys
root = sys.argv[1]
tasks = [{"id": i + 1, "title": f"Task {i}", "description": "benchmark task", "details": "", "testStrategy": "",
          "status": "pending", "dependencies": [], "priority": "medium", "subtasks": []} for i in range(10000)]
json.dump({"master": {"tasks": tasks, "metadata": {"created": "2026-11-25T00:00:00.000Z", "description": "bench"}}},
          open(f"{root}/.taskmaster/tasks/tasks.json", "w"))
json.dump({"global": {"logLevel": "silent", "defaultTag": "master"}}, open(f"{root}/.taskmaster/config.json", "w"))
PY

HEADER="| command | median ms | mean ± σ ms | min ms | max ms | user ms | system ms |
|:--|--:|--:|--:|--:|--:|--:|"
{
  echo "# Kernel benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, kos = Native AOT)"
  echo
  echo "## Append one event (whole process) vs /bin/true — target median ≤ 15 ms"
  echo; echo "$HEADER"
  (cd "$BENCH_DIR/tasks10k" && "$ROOT/$HF" 200 10 "/bin/true" "$KOS note benchmark-note")
  echo
  echo "## List 10,000 tasks — target ≤ 60 ms; task-master list over 10,000 tasks in the same run"
  echo; echo "$HEADER"
  (cd "$BENCH_DIR/tasks10k" && "$ROOT/$HF" 30 3 "$KOS list")
  (cd "$TM_DIR/proj" && "$ROOT/$HF" 3 1 "$TM_DIR/node_modules/.bin/task-master list")
  echo
  echo "## Verify the chain over 1,000,000 events — target ≤ 2 s"
  echo; echo "$HEADER"
  (cd "$BENCH_DIR/events1m" && "$ROOT/$HF" 5 1 "$KOS trace verify")
} | tee "$OUT"
