#!/usr/bin/env bash
# Whole-process benchmarks for evidence and postflight, each beside a git baseline from the same run:
#   1. `kos evidence tree` (the working-tree digest) on 20,000 files, warm      target ≤ 300 ms
#   2. `kos postflight --full` on 20,000 files and 1,000 done tasks, warm       target ≤ 1 s
# Writes bench/results/evidence.md. The repositories are generated once under $BENCH_DIR (the 1,000-task one takes minutes).
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/evidence.md}
files_repo=$BENCH_DIR/kos-bench-20k
tasks_repo=$BENCH_DIR/kos-bench-20k-1000
[ -d "$files_repo/.agent-os" ] || KOS=$KOS TASKS=0 bench/make-repo.sh "$files_repo"
[ -d "$tasks_repo/.agent-os" ] || KOS=$KOS TASKS=1000 bench/make-repo.sh "$tasks_repo"
{
  echo "# Evidence and postflight ($STAMP)"
  echo
  echo "## Working-tree digest, $(git -C "$files_repo" ls-files | wc -l) files"
  echo; echo "$HEADER"
  (cd "$files_repo" && hft 20 3 - "git status --porcelain --untracked-files=all")
  (cd "$files_repo" && hft 20 3 300 "$KOS evidence tree")
  echo
  echo "## Postflight, $(ls "$tasks_repo/.agent-os/tasks" | wc -l) task records"
  echo; echo "$HEADER"
  (cd "$tasks_repo" && hft 10 2 - "git status --porcelain --untracked-files=all" "$KOS status")
  (cd "$tasks_repo" && hft 10 2 1000 "$KOS postflight --full")
} | tee "$OUT"
