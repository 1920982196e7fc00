#!/usr/bin/env bash
# kos agent, whole processes (hyperfine), each against its baseline measured in the same run:
#   - start-up: `kos agent claude --task T -- --version` vs `claude --version`      target: <= 100 ms over the agent alone
#     (kos agent claims the task for a fresh session, refreshes the fence, then execs `claude --session-id UUID --version`),
#     and vs `claude --session-id UUID --version`, the same argv kos execs (Claude Code starts up fully when given a session ID)
#   - fence update on dispatch: `kos dispatch-task` in a fenced tree vs the same tree unfenced   target: <= 50 ms more
# Usage: bench/agent.sh [path/to/kos]   (default: publishes the Native AOT binary first). Writes bench/results/agent.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-bench/results/agent.md}
KOS=${1:-}
if [ -z "$KOS" ]; then
  dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null
  KOS=$ROOT/artifacts/kos/kos
fi
CLAUDE=${KOS_AGENT_CLIS:-/tmp/kos-agents}/node_modules/.bin/claude
[ -x "$CLAUDE" ] || { echo "needs Claude Code in \$KOS_AGENT_CLIS (npm install @anthropic-ai/claude-code)"; exit 3; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
WORK=$(mktemp -d /tmp/kos-agentbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export PATH=$(dirname "$CLAUDE"):$PATH HOME=$WORK/home DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
mkdir -p "$HOME"

# repo NAME: a git repository under kos with 400 files in 20 folders and one quick task on src/**.
repo() {
  local dir=$WORK/$1
  mkdir -p "$dir" && cd "$dir"
  git init -q && git -c user.email=b@example.invalid -c user.name=bench commit -q --allow-empty -m init
  for d in $(seq 1 20); do mkdir -p "lib$d"; for f in $(seq 1 20); do echo "x" > "lib$d/f$f.txt"; done; done
  mkdir -p src && echo "x" > src/app.txt
  "$KOS" init >/dev/null
  "$KOS" create-task "Bench" --quick --scope 'src/**' --session s1 -q
  cd "$ROOT"
}
repo launch >/dev/null; repo fenced >/dev/null; repo plain >/dev/null
TASK=$(cd "$WORK/launch" && "$KOS" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
(cd "$WORK/fenced" && "$KOS" hooks install --agent claude >/dev/null)
(cd "$WORK/launch" && "$KOS" agent claude --task "$TASK" -- --version >/dev/null 2>&1) # installs the hooks and the fence once

median() { python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$1"; }
measure() { # NAME DIR RUNS CMD
  local name=$1 dir=$2 runs=$3; shift 3
  (cd "$dir" && hyperfine -N -i --style none --runs "$runs" --warmup 2 --export-json "$WORK/$name.json" "$@" >/dev/null 2>&1)
  median "$WORK/$name.json"
}
verdict() { python3 -c 'import sys; print("MET" if float(sys.argv[1]) <= float(sys.argv[2]) else "MISSED")' "$@"; }
diff() { python3 -c 'import sys; print("%.1f" % (float(sys.argv[1]) - float(sys.argv[2])))' "$@"; }

echo "== measuring" >&2
claude_ms=$(measure claude "$WORK/launch" 15 "$CLAUDE --version")
claude_sid_ms=$(measure claude-sid "$WORK/launch" 15 "$CLAUDE --session-id 0f8fad5b-d9cb-469f-a165-70867728950e --version")
agent_ms=$(measure agent "$WORK/launch" 15 "$KOS agent claude --task $TASK -- --version")
plain_ms=$(measure plain "$WORK/plain" 20 "$KOS dispatch-task $TASK --session s1")
fenced_ms=$(measure fenced "$WORK/fenced" 20 "$KOS dispatch-task $TASK --session s1")
# kos's own share, without Claude's start-up noise: kos agent exec'ing a stub 'claude' that exits at once, vs the stub.
mkdir -p "$WORK/stub" && printf '#!/bin/sh\nexit 0\n' > "$WORK/stub/claude" && chmod +x "$WORK/stub/claude"
stub_ms=$(measure stub "$WORK/launch" 20 "env PATH=$WORK/stub:$PATH $WORK/stub/claude")
stub_agent_ms=$(measure stub-agent "$WORK/launch" 20 "env PATH=$WORK/stub:$PATH $KOS agent claude --task $TASK")
start_over=$(diff "$agent_ms" "$claude_ms")
start_same=$(diff "$agent_ms" "$claude_sid_ms")
stub_over=$(diff "$stub_agent_ms" "$stub_ms")
fence_over=$(diff "$fenced_ms" "$plain_ms")

{
  echo "# kos agent ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
  echo
  echo "bench/agent.sh; kos = Native AOT; Claude Code $("$CLAUDE" --version | cut -d' ' -f1); medians of hyperfine runs (whole processes),"
  echo "each baseline measured in this run. Repositories: 400 files in 20 folders, one quick task on src/**."
  echo
  echo "| what | baseline (ms) | with kos (ms) | overhead (ms) | target | result |"
  echo "|:--|--:|--:|--:|--:|:--|"
  echo "| start-up: \`kos agent claude --task T -- --version\` vs \`claude --version\` | $claude_ms | $agent_ms | $start_over | ≤ 100 | $(verdict "$start_over" 100) |"
  echo "| start-up vs the same argv: \`claude --session-id UUID --version\` | $claude_sid_ms | $agent_ms | $start_same | ≤ 100 | $(verdict "$start_same" 100) |"
  echo "| kos's own share: \`kos agent claude --task T\` exec'ing a stub claude vs the stub | $stub_ms | $stub_agent_ms | $stub_over | ≤ 100 | $(verdict "$stub_over" 100) |"
  echo "| fence update on dispatch: \`kos dispatch-task\` fenced vs unfenced tree | $plain_ms | $fenced_ms | $fence_over | ≤ 50 | $(verdict "$fence_over" 50) |"
  echo
  echo "Claude Code starts up fully when it is given a session ID (\`--session-id UUID --version\` takes about 3 times \`--version\`):"
  echo "the first row's overhead is mostly Claude's own; the second compares with the argv kos execs, the third isolates kos."
} | tee "$OUT"
