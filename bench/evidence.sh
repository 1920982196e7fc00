#!/usr/bin/env bash
# Whole-process benchmarks for evidence and postflight (hyperfine), each beside a git baseline:
#   1. `kos evidence tree` (the working-tree digest) on 20,000 files, warm      target ≤ 300 ms
#   2. `kos postflight` on 20,000 files and 1,000 done tasks, warm             target ≤ 1 s
# Usage: bench/evidence.sh [path/to/kos]   (default: artifacts/kos/kos, published if missing)
# The repositories are generated once under ${BENCH_DIR:-/tmp} (the 1,000-task one takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
kos=${1:-$PWD/artifacts/kos/kos}
if [ ! -x "$kos" ]; then
  dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null
fi
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)"; exit 3; }
base=${BENCH_DIR:-/tmp}
files_repo=$base/kos-bench-20k
tasks_repo=$base/kos-bench-20k-1000
[ -d "$files_repo/.agent-os" ] || KOS=$kos TASKS=0 bench/make-repo.sh "$files_repo"
[ -d "$tasks_repo/.agent-os" ] || KOS=$kos TASKS=1000 bench/make-repo.sh "$tasks_repo"

echo "== working-tree digest, $(git -C "$files_repo" ls-files | wc -l) files"
(cd "$files_repo" && hyperfine -N -w 3 -r 20 \
  "git status --porcelain --untracked-files=all" \
  "$kos evidence tree")

echo "== postflight, $(ls "$tasks_repo/.agent-os/tasks" | wc -l) task records"
(cd "$tasks_repo" && hyperfine -N -w 2 -r 10 -i \
  "git status --porcelain --untracked-files=all" \
  "$kos status" \
  "$kos postflight")
