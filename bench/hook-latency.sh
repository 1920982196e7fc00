#!/usr/bin/env bash
# Whole-process benchmark of the hook hot path: `kos hook claude pre-tool-use` spawned per call,
# against a ledger of 100,000 events and 1,000 tasks, next to /bin/true and a minimal Node.js hook
# measured in the same run. Targets: median <= 12 ms wall, <= 40 MiB peak RSS.
# Writes bench/results/hook-latency.md. Usage: KOS=path/to/kos bench/hook-latency.sh   (default: publishes the Native AOT binary)
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-$ROOT/bench/results/hook-latency.md}
WORK=$(mktemp -d /tmp/kos-hookbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
REPO=$WORK/repo
mkdir -p "$REPO" && cd "$REPO"
git init -q && git -c user.email=b@example.invalid -c user.name=bench commit -q --allow-empty -m init
"$KOS" init >/dev/null
echo "== seeding the ledger (100,000 events, 1,000 tasks)"
$SEED "$REPO" --tasks 999 --events 100000 --bench-task

cat > "$WORK/write.json" <<JSON
{"session_id":"bench","transcript_path":"/tmp/t.jsonl","cwd":"$REPO","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"$REPO/src/app.ts","content":"export const x = 1;\n"},"tool_use_id":"toolu_01"}
JSON
cat > "$WORK/deny.json" <<JSON
{"session_id":"bench","transcript_path":"/tmp/t.jsonl","cwd":"$REPO","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"$REPO/outside.ts","content":"x"},"tool_use_id":"toolu_02"}
JSON
# The equivalent minimal Node.js hook: read the payload, parse it, decide on the path, answer.
cat > "$WORK/hook.js" <<'JS'
let s = ''; process.stdin.on('data', d => s += d).on('end', () => {
  const p = JSON.parse(s); const f = (p.tool_input || {}).file_path || '';
  if (!f.startsWith(p.cwd + '/src/')) process.stdout.write(JSON.stringify({hookSpecificOutput:{hookEventName:'PreToolUse',permissionDecision:'deny',permissionDecisionReason:'outside scope'}}));
});
JS

hyperfine --warmup 5 --runs 60 --export-json "$WORK/hf.json" \
  -n true "/bin/true" \
  -n node "node $WORK/hook.js < $WORK/write.json" \
  -n kos-allow "$KOS hook claude pre-tool-use < $WORK/write.json" \
  -n kos-deny "$KOS hook claude pre-tool-use < $WORK/deny.json" >/dev/null 2>&1
for name in true node kos; do
  case $name in
    true) cmd=(/bin/true) ;;
    node) cmd=(node "$WORK/hook.js") ;;
    kos) cmd=("$KOS" hook claude pre-tool-use) ;;
  esac
  /usr/bin/time -o "$WORK/rss-$name" -f "%M" "${cmd[@]}" < "$WORK/write.json" >/dev/null 2>&1 || true
done
{
  echo "# Hook latency ($STAMP)"
  echo
  echo "\`kos hook claude pre-tool-use\` spawned per call against a ledger of $(sqlite3 "$REPO/.agent-os/state/ledger.db" 'select count(*) from events') events and 1,000 tasks;"
  echo "/bin/true and a minimal Node.js hook measured in the same run. hyperfine, 60 runs, shell start-up subtracted."
  echo
  echo "| hook | median ms | mean ms | min ms | max RSS MiB | target | verdict |"
  echo "|:--|--:|--:|--:|--:|:--|:--|"
  python3 - "$WORK" <<'PY'
import json, sys, os
work = sys.argv[1]
rss = {n: int(open(f"{work}/rss-{n}").read().split()[-1]) / 1024 for n in ("true", "node", "kos")}
for r in json.load(open(f"{work}/hf.json"))["results"]:
    name, med = r["command"], r["median"] * 1000
    mib = rss["kos" if name.startswith("kos") else name]
    if name.startswith("kos"):
        target = "≤ 12 ms, ≤ 40 MiB"
        verdict = "MET" if med <= 12 and mib <= 40 else "MISSED"
    else:
        target, verdict = "–", "baseline"
    print(f"| {name} | {med:.2f} | {r['mean'] * 1000:.2f} | {r['min'] * 1000:.2f} | {mib:.1f} | {target} | {verdict} |")
PY
} | tee "$OUT"
