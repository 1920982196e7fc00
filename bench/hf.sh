#!/usr/bin/env bash
# hf.sh RUNS WARMUP CMD... — runs hyperfine and prints one Markdown row per command:
# | command | median ms | mean ± σ ms | min ms | max ms | user ms | system ms |
set -euo pipefail
runs=$1; warmup=$2; shift 2
json=$(mktemp)
hyperfine -N -i --style none --runs "$runs" --warmup "$warmup" --export-json "$json" "$@" >/dev/null 2>&1
python3 - "$json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda v: f"{v * 1000:.1f}"
    print(f"| `{r['command']}` | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} | {ms(r['min'])} | {ms(r['max'])} | {ms(r['user'])} | {ms(r['system'])} |")
PY
rm -f "$json"
