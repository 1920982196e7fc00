#!/usr/bin/env bash
# Whole-process benchmark of the hook hot path: `kos hook claude pre-tool-use` spawned per call,
# against a ledger of 100,000 events and 1,000 tasks, next to /bin/true and a minimal Node.js hook
# measured in the same run. Targets: median <= 12 ms wall, <= 40 MiB peak RSS.
# Usage: bench/hook-latency.sh [path/to/kos]   (default: publishes the Native AOT binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
KOS=${1:-}
if [ -z "$KOS" ]; then
  dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null
  KOS=$PWD/artifacts/kos/kos
fi
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)"; exit 3; }
WORK=$(mktemp -d /tmp/kos-hookbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
REPO=$WORK/repo
mkdir -p "$REPO" && cd "$REPO"
git init -q && git -c user.email=b@example.invalid -c user.name=bench commit -q --allow-empty -m init
"$KOS" init >/dev/null
echo "== seeding the ledger (100,000 events, 1,000 tasks)"
dotnet build "$OLDPWD/bench/KnowledgeOS.Benchmarks" -c Release >/dev/null
dotnet "$OLDPWD/bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll" seed "$REPO" --tasks 999 --events 100000 --bench-task

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

echo "== latency (hyperfine; shell start-up subtracted)"
hyperfine --warmup 5 --runs 60 --export-json "$WORK/hf.json" \
  -n true "/bin/true" \
  -n node "node $WORK/hook.js < $WORK/write.json" \
  -n kos-allow "$KOS hook claude pre-tool-use < $WORK/write.json" \
  -n kos-deny "$KOS hook claude pre-tool-use < $WORK/deny.json"
python3 - "$WORK/hf.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]:<10} median {r["median"]*1000:7.2f} ms   mean {r["mean"]*1000:7.2f} ms   min {r["min"]*1000:7.2f} ms')
PY

echo "== peak memory (/usr/bin/time -v, max RSS)"
for name in true node kos; do
  case $name in
    true) cmd=(/bin/true) ;;
    node) cmd=(node "$WORK/hook.js") ;;
    kos) cmd=("$KOS" hook claude pre-tool-use) ;;
  esac
  rss=$( { /usr/bin/time -v "${cmd[@]}" < "$WORK/write.json" >/dev/null; } 2>&1 | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')
  printf '%-10s max RSS %6.1f MiB\n' "$name" "$(echo "$rss / 1024" | bc -l)"
done
echo "ledger now: $(sqlite3 "$REPO/.agent-os/state/ledger.db" 'select count(*) from events') events"
