#!/usr/bin/env bash
# Whole-process benchmarks of the kernel (issue 2), with baselines measured in the same run:
#   - a command that appends one event (kos note) vs /bin/true
#   - kos list over 10,000 tasks vs task-master list over 10,000 tasks in its own tasks.json
#   - kos trace verify over 1,000,000 events
# Needs: hyperfine (apt-get install hyperfine), node/npm for task-master-ai. Fixtures go to $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/kos-bench}
OUT=${OUT:-bench/results/kernel.md}
mkdir -p "$BENCH_DIR" "$(dirname "$OUT")"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null
dotnet build bench/KnowledgeOS.Benchmarks -c Release >/dev/null
KOS=$PWD/artifacts/kos/kos
SEED="dotnet bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll seed"

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
  echo "# Kernel benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
  echo
  echo "## Append one event (whole process) vs /bin/true — target median ≤ 15 ms"
  (cd "$BENCH_DIR/tasks10k" && hyperfine -N --warmup 10 --runs 200 --export-markdown /dev/stdout \
      "/bin/true" "$KOS note benchmark-note" 2>/dev/null)
  echo
  echo "## List 10,000 tasks — target ≤ 60 ms; task-master list over 10,000 tasks beside it"
  (cd "$BENCH_DIR/tasks10k" && hyperfine -N --warmup 3 --runs 30 --export-markdown /dev/stdout "$KOS list" 2>/dev/null)
  (cd "$TM_DIR/proj" && hyperfine -N --warmup 1 --runs 3 --export-markdown /dev/stdout "$TM_DIR/node_modules/.bin/task-master list" 2>/dev/null)
  echo
  echo "## Verify the chain over 1,000,000 events — target ≤ 2 s"
  (cd "$BENCH_DIR/events1m" && hyperfine -N --warmup 1 --runs 5 --export-markdown /dev/stdout "$KOS trace verify" 2>/dev/null)
} | tee "$OUT"
