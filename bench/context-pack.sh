#!/usr/bin/env bash
# Whole-process benchmark of the context pack v2 on a 20,000-file repository (issue 12): `kos context-pack` on a task
# scoped `src/**` (all 20,000 files ranked), with every section filled (evals, a failing run with its output tail,
# denials, decisions, progress), and the session-start hook that injects it (budget 2,000 tokens).
# Baselines, measured in the same run: `git ls-files` and `git status --porcelain --untracked-files=all` (the two
# listings the pack makes) and, with OLD_REF=<commit> (default: none), the pack as that commit built it.
# Target: context-pack median ≤ 100 ms. Writes bench/results/context-pack.md. Fixtures go to $BENCH_DIR.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/context-pack.md}
FIX="$BENCH_DIR/files20k-pack"
if [ ! -f "$FIX/.complete" ]; then
  KOS=$KOS FILES=20000 TASKS=0 bench/make-repo.sh "$FIX" >/dev/null
  (
    cd "$FIX"
    export KOS_ACTOR=user:bench
    id=$("$KOS" create-task "Rename the file helpers in src/d7 and keep f7.txt working" --quick --scope 'src/**' --session bench-pack -q)
    "$KOS" add-eval "sh -c 'for i in \$(seq 40); do echo test \$i ok; done; echo \"expected 3 got 4\" >&2; exit 1'" --task "$id" >/dev/null
    "$KOS" eval-task "$id" >/dev/null 2>&1 || true
    for p in README.md docs/x.md build/out.txt README.md; do "$KOS" check-route-write "$p" --task "$id" >/dev/null 2>&1 || true; done
    "$KOS" note --task "$id" --decision "Keep the old names as aliases for one release" >/dev/null
    "$KOS" note --task "$id" --decision "No new dependencies" >/dev/null
    sqlite3 .agent-os/state/ledger.db "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    touch .complete
  )
fi
TASK=$(cd "$FIX" && "$KOS" list --json | python3 -c "import json,sys; print([t['id'] for t in json.load(sys.stdin) if t['session']=='bench-pack'][0])")
# A working tree mid-task: a few files changed.
for i in 7 207 407; do echo "edited $RANDOM" >> "$FIX/src/d7/f$i.txt"; done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; [ -z "${OLD_DIR:-}" ] || git worktree remove --force "$OLD_DIR" >/dev/null 2>&1 || true' EXIT
cat > "$WORK/start.json" <<JSON
{"session_id":"bench-pack","transcript_path":"/tmp/t.jsonl","cwd":"$FIX","hook_event_name":"SessionStart","source":"startup"}
JSON

OLD=()
if [ -n "${OLD_REF:-}" ]; then
  OLD_DIR=$(mktemp -d)/old
  git worktree add --detach "$OLD_DIR" "$OLD_REF" >/dev/null 2>&1
  dotnet publish "$OLD_DIR/src/KnowledgeOS.Cli" -c Release -o "$WORK/old" >/dev/null
  OLD=(-n "old pack ($OLD_REF) context-pack" "$WORK/old/kos context-pack $TASK")
fi

(cd "$FIX" && hyperfine -N -i --style none --warmup 3 --runs 30 --export-json "$WORK/hf.json" \
  -n "git ls-files" "git ls-files" \
  -n "git status --porcelain --untracked-files=all" "git status --porcelain --untracked-files=all" \
  "${OLD[@]}" \
  -n "kos context-pack" "$KOS context-pack $TASK" \
  -n "kos context-pack --json" "$KOS context-pack $TASK --json" \
  >/dev/null 2>&1)
(cd "$FIX" && hyperfine -i --style none --warmup 3 --runs 30 --export-json "$WORK/hook.json" \
  -n "kos hook claude SessionStart (the pack injected)" "$KOS hook claude SessionStart < $WORK/start.json" >/dev/null 2>&1)
PACK=$(cd "$FIX" && "$KOS" context-pack "$TASK" 2>&1 >/dev/null)

{
  echo "# Context pack v2 on a 20,000-file repository ($STAMP)"
  echo
  echo "$(git -C "$FIX" ls-files | wc -l) tracked files, 3 changed; one quick task scoped \`src/**\` with an eval that fails (its output tail"
  echo "in the pack), 4 write denials (one repeated), 2 decisions. hyperfine, 30 runs each (the hook: shell start-up subtracted)."
  echo "The pack: ${PACK#kos: }"
  echo
  hf_table 100 "$WORK/hf.json" "$WORK/hook.json"
} | tee "$OUT"
