using BenchmarkDotNet.Attributes;
using KnowledgeOS.Evidence;
using KnowledgeOS.Git;
using KnowledgeOS.Project;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// The working-tree digest on 20,000 files (target ≤ 300 ms warm), against the baseline of
/// 'git status', which walks the same files without writing a tree.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EvidenceBenchConfig))]
public class TreeDigestBenchmarks
{
    private KosProject _project = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = BenchRepos.Files(20_000);
        _project = KosProject.Locate(dir);
        WorkingTree.Digest(_project); // warm: seeds the private index and git's stat cache
    }

    [Benchmark(Baseline = true)]
    public string GitStatus() => GitCli.Check(_project.Root, "status", "--porcelain", "--untracked-files=all");

    [Benchmark]
    public string Digest() => WorkingTree.Digest(_project);
}
