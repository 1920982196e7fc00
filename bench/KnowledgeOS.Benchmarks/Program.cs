using BenchmarkDotNet.Running;
using KnowledgeOS.Benchmarks;

// `live …` measures the workbench's live-update latency in chromium (bench/workbench.sh);
// `downgrade LEDGER` rewrites a ledger's events in schema 1 (bench/compact.sh's baseline);
// `seed …` builds fixtures for the whole-process benchmarks (bench/*.sh); anything else runs BenchmarkDotNet
// (each benchmark class picks its own job, e.g. EvidenceBenchConfig's short in-process run).
if (args.Length > 0 && args[0] == "seed")
{
    return Seed.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "downgrade")
{
    return Downgrade.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "live")
{
    return await LiveLatency.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Seed).Assembly).Run(args);
return 0;
