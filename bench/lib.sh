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

# hft RUNS WARMUP TARGET CMD…: one hyperfine row per command with its target (TARGET "-" marks a baseline):
# | command | median ms | mean ± σ | min | max | user+sys ms | target | verdict |
# (CPU time beside wall time: on a shared machine it shows the work done, whatever the contention.)
hft() { local runs=$1 warmup=$2 target=$3; shift 3; _hf_rows "$runs" "$warmup" "$target" "" "$@"; }
# hftl RUNS WARMUP TARGET LABEL CMD…: the same with a first column naming the fixture (HEADER_LABELED).
hftl() { local runs=$1 warmup=$2 target=$3 label=$4; shift 4; _hf_rows "$runs" "$warmup" "$target" "$label" "$@"; }
_hf_rows() {
  local runs=$1 warmup=$2 target=$3 label=$4; shift 4
  local json; json=$(mktemp)
  hyperfine -N -i --style none --runs "$runs" --warmup "$warmup" --export-json "$json" "$@" >/dev/null 2>&1
  python3 - "$json" "$target" "$label" <<'PY'
import json, sys
target, label = sys.argv[2], sys.argv[3]
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda v: f"{v * 1000:.1f}"
    t = "–" if target == "-" else f"≤ {target} ms"
    v = "baseline" if target == "-" else ("MET" if r["median"] * 1000 <= float(target) else "MISSED")
    first = f"| {label} | `{r['command'].split('/')[-1]}` |" if label else f"| `{r['command']}` |"
    print(f"{first} {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['min'])} | {ms(r['max'])} | {ms(r['user'] + r['system'])} | {t} | {v} |")
PY
  rm -f "$json"
}

# hf_table TARGET JSON…: one Markdown table over hyperfine exports; a row whose command starts with "kos" is judged against
# TARGET (milliseconds, or "xF": F times the first row's median), the others are baselines. Both wall and CPU time shown.
hf_table() {
  local target=$1; shift
  python3 - "$target" "$@" <<'PY'
import json, sys
target, rows = sys.argv[1], [r for f in sys.argv[2:] for r in json.load(open(f))["results"]]
base = rows[0]["median"]
limit = float(target[1:]) * base if target.startswith("x") else float(target) / 1000
label = f"≤ {target[1:]} × {rows[0]['command']} = {limit * 1000:.1f} ms" if target.startswith("x") else f"≤ {target} ms"
ms = lambda v: f"{v * 1000:.1f}"
print(f"| command | median ms | mean ± σ ms | min ms | max ms | user+sys ms (mean) | × {rows[0]['command']} | target | verdict |")
print("|:--|--:|--:|--:|--:|--:|--:|:--|:--|")
for r in rows:
    kos = r["command"].startswith("kos")
    t, v = (label, "MET" if r["median"] <= limit else "MISSED") if kos else ("–", "baseline")
    print(f"| {r['command']} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['min'])} | {ms(r['max'])} | {ms(r['user'] + r['system'])} | {r['median'] / base:.2f} | {t} | {v} |")
PY
}

# The bytes a project's ledger takes on disk (the file and its WAL).
ledger_bytes() { local db=$1/.agent-os/state/ledger.db; echo $(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) )); }

# fixture DIR SEEDER ARGS…: seed a project once, then reuse it (the .complete marker is written last). With
# FIXTURE_THEN set, that command runs in the project after seeding (before the WAL is checkpointed and committed).
fixture() {
  local dir=$1 seeder=$2; shift 2
  [ -f "$dir/.complete" ] && return 0
  rm -rf "${dir:?}"
  $seeder "$dir" "$@" >/dev/null 2>&1
  [ -z "${FIXTURE_THEN:-}" ] || (cd "$dir" && eval "$FIXTURE_THEN" >/dev/null)
  sqlite3 "$dir/.agent-os/state/ledger.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  (cd "$dir" && git add -A >/dev/null 2>&1 && git commit -qm fixture >/dev/null 2>&1 || true)
  touch "$dir/.complete"
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
HEADER_LABELED="| ledger | command | median ms | mean ± σ ms | min ms | max ms | user+sys ms (mean) | target | verdict |
|:--|:--|--:|--:|--:|--:|--:|--:|:--|"
