using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace KnowledgeOS.Benchmarks;

/// <summary>In-process and short: what the evidence benchmarks measure is dominated by git and disk, on a shared machine.</summary>
public sealed class EvidenceBenchConfig : ManualConfig
{
    public EvidenceBenchConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
