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
