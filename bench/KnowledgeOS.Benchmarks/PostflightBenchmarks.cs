using BenchmarkDotNet.Attributes;
using KnowledgeOS.Postflight;

namespace KnowledgeOS.Benchmarks;

/// <summary>Postflight's checks (without process start) on 20,000 files and 1,000 done tasks (target ≤ 1 s).</summary>
[Config(typeof(EvidenceBenchConfig))]
public class PostflightBenchmarks
{
    private Kernel _kernel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _kernel = Kernel.Open(BenchRepos.WithTasks(), TimeProvider.System, "user:bench", null);
        PostflightRunner.Run(_kernel, Environment.GetEnvironmentVariable);
    }

    [GlobalCleanup]
    public void Cleanup() => _kernel.Dispose();

    [Benchmark]
    public bool Postflight() => PostflightRunner.Run(_kernel, Environment.GetEnvironmentVariable).Ok;
}
