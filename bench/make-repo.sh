#!/usr/bin/env bash
# Generates a benchmark repository: 20,000 committed files in 200 folders, kos initialised.
# With TASKS=N (default 0) it also walks N quick tasks through eval and completion with the real
# kos, each owning one folder, committing every 100 so most evidence is superseded by later commits.
# Usage: bench/make-repo.sh DIR   (KOS=path/to/kos, FILES=20000, TASKS=1000)
set -euo pipefail
dir=${1:?usage: make-repo.sh DIR}
files=${FILES:-20000}
tasks=${TASKS:-0}
kos=${KOS:-kos}
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
git init -q -b main
git config user.email bench@example.invalid
git config user.name "kos bench"
for ((i = 0; i < files; i++)); do
  d=$((i % 200))
  [ -d "src/d$d" ] || mkdir -p "src/d$d"
  printf 'file %d\nline two of %d\n' "$i" "$i" > "src/d$d/f$i.txt"
done
printf 'build/\n*.log\n' > .gitignore
git add -A && git commit -qm "20k files"
"$kos" init >/dev/null
for ((t = 0; t < tasks; t++)); do
  d=$((t % 200))
  id=$("$kos" create-task "Task $t" --quick --scope "src/d$d/t$t.txt" --eval "test -f src/d$d/t$t.txt" --session "s$t" | head -1)
  echo "task $t" > "src/d$d/t$t.txt"
  "$kos" eval-task "$id" >/dev/null 2>&1
  "$kos" complete-task "$id" >/dev/null 2>&1
  if (( (t + 1) % 100 == 0 )); then git add -A && git commit -qm "tasks up to $t"; fi
done
git add -A && git commit -qm "task records" --allow-empty -q
echo "$dir: $files files, $tasks tasks"
