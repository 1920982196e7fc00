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

{
  echo "# Kernel benchmarks ($STAMP)"
  echo
  echo "## Append one event (whole process) vs /bin/true"
  echo; echo "$HEADER"
  (cd "$BENCH_DIR/tasks10k" && hft 200 10 - "/bin/true")
  (cd "$BENCH_DIR/tasks10k" && hft 200 10 15 "$KOS note benchmark-note")
  echo
  echo "## List 10,000 tasks; task-master list over the same 10,000 tasks in the same run"
  echo; echo "$HEADER"
  (cd "$BENCH_DIR/tasks10k" && hft 30 3 60 "$KOS list")
  (cd "$TM_DIR/proj" && hft 3 1 - "$TM_DIR/node_modules/.bin/task-master list")
  echo
  echo "## Verify the chain over 1,000,000 events (the scale issue's target is 1.2 s: bench/scale.sh)"
  echo; echo "$HEADER"
  (cd "$BENCH_DIR/events1m" && hft 5 1 2000 "$KOS trace verify")
} | tee "$OUT"
