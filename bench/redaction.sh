#!/usr/bin/env bash
# Redaction on the hook path (issue 11): a 4 KiB hook payload parsed and redacted in process
# (BenchmarkDotNet, RedactionBenchmarks), against parsing alone measured in the same run.
# Target: ≤ 1 ms per payload. Writes bench/results/redaction.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench/results/redaction.md}
mkdir -p "$(dirname "$OUT")"
dotnet build -c Release bench/KnowledgeOS.Benchmarks -v q -nologo >/dev/null
RAW=$(dotnet bench/KnowledgeOS.Benchmarks/bin/Release/net10.0/KnowledgeOS.Benchmarks.dll --filter '*RedactionBenchmarks*' 2>/dev/null | grep -E '^\|')
{
  echo "# Redaction of a 4 KiB hook payload ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
  echo
  echo "Target: parse + redact ≤ 1 ms per 4 KiB payload. Baseline (same run): parsing alone."
  echo
  echo "$RAW"
  echo
  echo "| row | median | mean | target (median) | verdict |"
  echo "|:--|--:|--:|--:|:--|"
  echo "$RAW" | python3 -c '
import sys, re
rows = [[c.strip() for c in l.strip().strip("|").split("|")] for l in sys.stdin if l.strip().startswith("|")]
head = rows[0]
def ms(cell):
    m = re.match(r"([\d.,]+)\s*(ns|μs|us|ms|s)", cell)
    return None if not m else float(m.group(1).replace(",", "")) / {"ns": 1e6, "μs": 1e3, "us": 1e3, "ms": 1, "s": 1e-3}[m.group(2)]
for r in rows[2:]:
    name = r[0].strip("\x27")
    med = ms(r[head.index("Median")]) if "Median" in head else ms(r[head.index("Mean")])
    mean = ms(r[head.index("Mean")])
    if med is None: continue
    verdict = "baseline" if name.startswith("parse only") else ("MET" if med <= 1 else "MISSED")
    print(f"| {name} | {med:.3f} ms | {mean:.3f} ms | ≤ 1 ms | {verdict} |")
'
} | tee "$OUT"
