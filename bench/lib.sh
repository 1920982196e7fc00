# Shared set-up of the whole-process benchmark scripts; source it from bench/*.sh.
# Sets ROOT (the repository), BENCH_DIR (fixtures, default /tmp/kos-bench), KOS (the Native AOT kos,
# published unless given), SEED (the fixture seeder) and HF (bench/hf.sh), and makes sure hyperfine is here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH_DIR=${BENCH_DIR:-/tmp/kos-bench}
mkdir -p "$BENCH_DIR"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -n "${KOS:-}" ] || { dotnet publish src/KnowledgeOS.Cli -c Release -o artifacts/kos >/dev/null; KOS=$ROOT/artifacts/kos/kos; }
dotnet build bench/KnowledgeOS.Benchmarks -c Release >/dev/null
SEED="dotnet $ROOT/bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll seed"
HF=bench/hf.sh

# What every results file states: when, on which commit, on how busy a machine.
STAMP="$(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), kos = Native AOT"

verdict() { python3 -c "import sys; print('MET' if float(sys.argv[1]) <= float(sys.argv[2]) else 'MISSED')" "$1" "$2"; }

# One hyperfine row per command with its target: | command | median ms | mean ± σ | min | max | user+sys ms | target | verdict |
# (CPU time beside wall time: on a shared machine it shows the work done, whatever the contention.)
hft() {
  local runs=$1 warmup=$2 target=$3; shift 3
  local json; json=$(mktemp)
  hyperfine -N -i --style none --runs "$runs" --warmup "$warmup" --export-json "$json" "$@" >/dev/null 2>&1
  python3 - "$json" "$target" <<'PY'
import json, sys
target = sys.argv[2]
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda v: f"{v * 1000:.1f}"
    t = "–" if target == "-" else f"≤ {target} ms"
    v = "baseline" if target == "-" else ("MET" if r["median"] * 1000 <= float(target) else "MISSED")
    print(f"| `{r['command']}` | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['min'])} | {ms(r['max'])} | {ms(r['user'] + r['system'])} | {t} | {v} |")
PY
  rm -f "$json"
}

# Largest max RSS (KiB) over N runs of a command.
maxrss() {
  local n=$1; shift
  local worst=0
  local out; out=$(mktemp)
  for _ in $(seq "$n"); do
    /usr/bin/time -o "$out" -f "%M" "$@" >/dev/null 2>&1 || true
    local kib; kib=$(tail -1 "$out")
    [ "$kib" -gt "$worst" ] && worst=$kib
  done
  rm -f "$out"
  echo "$worst"
}

HEADER="| command | median ms | mean ± σ ms | min ms | max ms | user+sys ms (mean) | target | verdict |
|:--|--:|--:|--:|--:|--:|--:|:--|"
