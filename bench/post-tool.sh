#!/usr/bin/env bash
# Whole-process benchmark of the hooks around a shell command on a 20,000-file repository (issue 9):
# `kos hook claude pre-tool-use` snapshots the tree before a Bash call, `post-tool-use` reconciles after it
# (git status, hashing the changed files, attributing them). Baseline, measured in the same run: the
# `git status --porcelain` a person would type, and the exact status call kos makes.
# Target: post-tool-use median ≤ 1.2 × `git status --porcelain`.
# Writes bench/results/post-tool.md. Fixtures go to $BENCH_DIR (default /tmp/kos-bench).
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/post-tool.md}
FIX="$BENCH_DIR/files20k-posttool"
if [ ! -d "$FIX/.agent-os" ]; then
  KOS=$KOS FILES=20000 TASKS=0 bench/make-repo.sh "$FIX" >/dev/null
  (cd "$FIX" && KOS_ACTOR=user:bench "$KOS" create-task "Tidy module d1" --quick --scope 'src/d1/**' --session bench-post -q >/dev/null)
fi
# A working tree mid-task: five files of the task changed, not yet committed.
for i in 1 201 401 601 801; do echo "edited $RANDOM" >> "$FIX/src/d1/f$i.txt"; done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for ev in PreToolUse PostToolUse; do
  cat > "$WORK/$ev.json" <<JSON
{"session_id":"bench-post","transcript_path":"/tmp/t.jsonl","cwd":"$FIX","permission_mode":"default","hook_event_name":"$ev","tool_name":"Bash","tool_input":{"command":"sed -i s/file/File/ src/d1/f1.txt"},"tool_use_id":"toolu_bench"}
JSON
done

(cd "$FIX" && hyperfine -i --style none --warmup 3 --runs 30 --export-json "$WORK/hf.json" \
  -n "git status --porcelain" "git status --porcelain" \
  -n "git status as kos runs it" "git status --porcelain=v1 -z --untracked-files=all --no-renames" \
  -n "kos pre-tool-use (Bash)" "$KOS hook claude pre-tool-use < $WORK/PreToolUse.json" \
  -n "kos post-tool-use (Bash)" --prepare "$KOS hook claude pre-tool-use < $WORK/PreToolUse.json" "$KOS hook claude post-tool-use < $WORK/PostToolUse.json" \
  >/dev/null 2>&1)

{
  echo "# Hooks around a shell command on a 20,000-file repository ($STAMP)"
  echo
  echo "$(git -C "$FIX" ls-files | wc -l) tracked files, 5 of them changed; one quick task scoped \`src/d1/**\`. hyperfine, 30 runs each,"
  echo "shell start-up subtracted; the post-tool run is prepared by a pre-tool run each time, as Claude Code calls them."
  echo
  hf_table x1.2 "$WORK/hf.json"
} | tee "$OUT"
