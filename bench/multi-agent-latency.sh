#!/usr/bin/env bash
# Hook latency with several agent sessions at once in one shared work tree: each session runs a loop of
# real `kos hook claude …` processes (Write pre-tool, Bash pre-tool, the write, Bash post-tool with
# reconciliation and attribution), 3 sessions concurrently, against the same loop by one session alone
# measured in the same run (the baseline). Writes bench/results/multi-agent-latency.md.
# Targets (2 cores): with 3 sessions, median <= 2x the single-session median, worst <= 500 ms.
# Usage: bench/multi-agent-latency.sh [path/to/kos] [calls-per-session]   (default: publishes Native AOT kos)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
KOS=${1:-}
CALLS=${2:-30}
if [ -z "$KOS" ]; then
  dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null
  KOS=$PWD/artifacts/kos/kos
fi
WORK=$(mktemp -d /tmp/kos-multibench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
REPO=$WORK/repo
mkdir -p "$REPO" && cd "$REPO"
git init -q -b main && git -c user.email=b@example.invalid -c user.name=bench commit -q --allow-empty -m init
"$KOS" init >/dev/null
for x in a b c solo; do
  t=$("$KOS" create-task "Area $x" --quick --scope "src/$x/**" --session "agent-$x" | head -1)
  echo "$t" > "$WORK/task-$x"
done

python3 - "$KOS" "$REPO" "$WORK" "$CALLS" "$ROOT" <<'PY'
import json, os, statistics, subprocess, sys, threading, time, datetime
kos, repo, work, calls, root = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def hook(event, session, task, tool, tool_input):
    payload = {"session_id": session, "transcript_path": "/tmp/t.jsonl", "cwd": repo, "permission_mode": "default",
               "hook_event_name": "PreToolUse" if event == "pre-tool-use" else "PostToolUse",
               "tool_name": tool, "tool_input": tool_input}
    if event == "post-tool-use":
        payload["tool_response"] = {"stdout": "", "stderr": "", "interrupted": False}
    env = dict(os.environ, KOS_TASK=task, KOS_SESSION="agent-x")
    t0 = time.perf_counter()
    r = subprocess.run([kos, "hook", "claude", event], input=json.dumps(payload).encode(), capture_output=True, env=env, cwd=repo)
    ms = (time.perf_counter() - t0) * 1000
    if r.returncode not in (0, 2):
        raise SystemExit(f"hook failed: {r.returncode} {r.stderr.decode()}")
    return ms

def session(x, n, out):
    task = open(f"{work}/task-{x}").read().strip()
    s = f"bench-{x}"
    for i in range(n):
        f = f"src/{x}/f{i}.txt"
        out.append(hook("pre-tool-use", s, task, "Write", {"file_path": f"{repo}/src/{x}/w{i}.txt", "content": "w\n"}))
        cmd = f"echo {i} > {f}"
        out.append(hook("pre-tool-use", s, task, "Bash", {"command": cmd}))
        os.makedirs(f"{repo}/src/{x}", exist_ok=True)
        open(f"{repo}/{f}", "w").write(f"{i}\n")
        out.append(hook("post-tool-use", s, task, "Bash", {"command": cmd}))

def stats(ms):
    return statistics.median(ms), max(ms), len(ms)

solo = []
session("solo", calls, solo)
multi = {x: [] for x in "abc"}
threads = [threading.Thread(target=session, args=(x, calls, multi[x])) for x in "abc"]
[t.start() for t in threads]; [t.join() for t in threads]
allm = [m for v in multi.values() for m in v]
sm, sw, sn = stats(solo)
mm, mw, mn = stats(allm)
viol = subprocess.run(["sqlite3", f"{repo}/.agent-os/state/ledger.db", "select count(*) from events where type in ('scope.violation','change.unattributed')"], capture_output=True, text=True).stdout.strip()
commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
rows = [
    ("median, 3 sessions at once", f"{mm:.1f} ms", f"<= 2 x baseline median ({2*sm:.1f} ms)", mm <= 2 * sm),
    ("worst, 3 sessions at once", f"{mw:.1f} ms", "<= 500 ms", mw <= 500),
    ("violations + unattributed (own-scope writes only)", viol, "0", viol == "0"),
]
md = [f"# Hook latency, several agent sessions in one shared tree", "",
      f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC · commit {commit} · kos `{os.path.basename(kos)}` · {os.cpu_count()} cores", "",
      "Each session loops: Write pre-tool, Bash pre-tool, the write, Bash post-tool (reconciliation + attribution); "
      f"every hook a real `kos hook claude` process. {calls} loops per session ({calls*3} hooks).", "",
      "| measured | median | worst | hooks |", "|---|---|---|---|",
      f"| baseline: 1 session alone (same run) | {sm:.1f} ms | {sw:.1f} ms | {sn} |",
      f"| 3 sessions at once | {mm:.1f} ms | {mw:.1f} ms | {mn} |", "",
      "| row | value | target | verdict |", "|---|---|---|---|"]
md += [f"| {n} | {v} | {t} | {'MET' if ok else 'MISSED'} |" for n, v, t, ok in rows]
open(f"{root}/bench/results/multi-agent-latency.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
