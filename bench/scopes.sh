#!/usr/bin/env bash
# Whole-process and in-process benchmarks of scopes, claims and context packs (issue 4), with the
# /bin/true baseline measured in the same run:
#   - check-route-write with 1,000 active tasks (allowed by session, allowed by task, denied + recorded)
#   - context-pack on a 20,000-file repository (task scope src/**: 20,000 files ranked)
#   - in-process path checks per second (BenchmarkDotNet, ScopeBenchmarks)
# Needs: hyperfine (apt-get install hyperfine). Fixtures go to $BENCH_DIR.
source "$(dirname "$0")/lib.sh"
OUT=${OUT:-bench/results/scopes.md}
mkdir -p "$(dirname "$OUT")"
BENCH="dotnet bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll"

FIX="$BENCH_DIR/tasks1k-files20k"
if [ ! -d "$FIX" ]; then
  $SEED "$FIX" --tasks 1000 --files 20000
  (cd "$FIX" && KOS_ACTOR=user:bench "$KOS" create-task "Refactor the m042 module" --quick --scope 'src/**' --session bench-wide >/dev/null)
fi
# Bulk seeding leaves a large WAL; every kos process that opens the ledger first replays it (one
# pread per frame: ~23 MB → ~15 ms). Measure the steady state, where auto-checkpoints keep it small.
command -v sqlite3 >/dev/null && sqlite3 "$FIX/.agent-os/state/ledger.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
WIDE=$(cd "$FIX" && "$KOS" list --json | python3 -c "import json,sys; print([t['id'] for t in json.load(sys.stdin) if t['session']=='bench-wide'][0])")
T500=$(cd "$FIX" && "$KOS" list --json | python3 -c "import json,sys; print([t['id'] for t in json.load(sys.stdin) if t['session']=='s500'][0])")

{
  echo "# Scope, claim and context benchmarks ($STAMP)"
  echo
  echo "## check-route-write with 1,000 active tasks (baseline /bin/true)"
  echo; echo "$HEADER"
  (cd "$FIX" && hft 200 10 - "/bin/true")
  (cd "$FIX" && hft 200 10 15 \
     "$KOS check-route-write area500/src/x.cs --session s500" \
     "$KOS check-route-write area500/src/x.cs --task $T500" \
     "$KOS check-route-write area501/src/x.cs --session s500")
  echo
  echo "(the last one is denied: it names the owner among 1,000 scopes and records a write.denied event)"
  echo
  echo "## context-pack on a 20,000-file repository (baseline: git ls-files on the same tree)"
  echo; echo "$HEADER"
  (cd "$FIX" && hft 20 2 - "git ls-files")
  (cd "$FIX" && hft 20 2 500 "$KOS context-pack $WIDE --budget 8000" "$KOS context-pack $WIDE --budget 200000")
  echo
  echo "## In-process path checks — target ≥ 1,000,000 checks/s, i.e. ≤ 1,000 ns per path (BenchmarkDotNet)"
  echo
  echo "| path check | mean ns | checks/s | target | verdict |"
  echo "|:--|--:|--:|:--|:--|"
  $BENCH --filter '*ScopeBenchmarks*' --job short 2>/dev/null | grep -E "^\| '" | python3 -c '
import sys, re
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    name = cells[0].strip("\x27")
    m = next(filter(None, (re.fullmatch(r"([\d,.]+) ?(ns|μs|us)", c) for c in cells[1:])), None)
    if m is None:
        print(f"| {name} | (no mean in: {line.strip()}) | – | ≥ 1,000,000/s | MISSED |")
        continue
    ns = float(m.group(1).replace(",", "")) * (1000 if m.group(2) != "ns" else 1)
    verdict = "MET" if ns <= 1000 else "MISSED"
    print(f"| {name} | {ns:,.1f} | {1e9 / ns:,.0f} | ≥ 1,000,000/s | {verdict} |")
'
} | tee "$OUT"
