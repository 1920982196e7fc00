using BenchmarkDotNet.Attributes;
using KnowledgeOS.Scopes;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// In-process cost of the write check's pieces, per path (OperationsPerInvoke = paths per call):
/// matching a normalised path against protected paths, the acting scope and 1,000 other scopes'
/// owners; and the full resolution of a path on disk (symlinks, case, NFC) before matching.
/// </summary>
[MemoryDiagnoser]
public class ScopeBenchmarks
{
    private const int Paths = 1024;
    private string[] _relative = [];
    private string[] _absolute = [];
    private WriteScope _scope = null!;
    private WriteScope _folders = null!;
    private WriteScope[] _others = [];
    private ProtectedPaths _protected = null!;
    private RepoPaths _repoPaths = null!;
    private string _root = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "kos-scope-bench");
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        var rnd = new Random(42);
        string[] tops = ["src", "docs", "lib", "area12", "tests"];
        _relative = Enumerable.Range(0, Paths)
            .Select(i => $"{tops[rnd.Next(tops.Length)]}/m{rnd.Next(200):D3}/sub{rnd.Next(5)}/f{i:D5}.{(i % 3 == 0 ? "ts" : "cs")}")
            .ToArray();
        foreach (var dir in _relative.Select(p => Path.GetDirectoryName(Path.Combine(_root, p))!).Distinct())
        {
            Directory.CreateDirectory(dir);
        }

        _absolute = _relative.Select(p => Path.Combine(_root, p)).ToArray();
        _scope = WriteScope.Compile(["src/**", "!src/m000/**", "docs/*.md", "**/*.generated.ts"]);
        _folders = WriteScope.Compile(["src/**", "docs/**"]);
        _others = Enumerable.Range(0, 1000).Select(i => WriteScope.Compile([$"area{i}/**"])).ToArray();
        _protected = new ProtectedPaths(Project.KosConfig.DefaultSecretPatterns);
        _repoPaths = new RepoPaths(_root);
    }

    [Benchmark(Description = "protected + acting scope, per path", OperationsPerInvoke = Paths)]
    public int MatchActing()
    {
        var n = 0;
        foreach (var p in _relative)
        {
            if (_protected.Why(p) is null && _scope.Matches(p))
            {
                n++;
            }
        }

        return n;
    }

    [Benchmark(Description = "protected + a folder scope (src/**, docs/**), per path", OperationsPerInvoke = Paths)]
    public int MatchFolders()
    {
        var n = 0;
        foreach (var p in _relative)
        {
            if (_protected.Why(p) is null && _folders.Matches(p))
            {
                n++;
            }
        }

        return n;
    }

    [Benchmark(Description = "owner among 1,000 active scopes, per path", OperationsPerInvoke = Paths)]
    public int FindOwner()
    {
        var n = 0;
        foreach (var p in _relative)
        {
            foreach (var s in _others)
            {
                if (s.Matches(p))
                {
                    n++;
                    break;
                }
            }
        }

        return n;
    }

    [Benchmark(Description = "resolve on disk + protected + scope, per path", OperationsPerInvoke = Paths)]
    public int ResolveAndMatch()
    {
        var n = 0;
        foreach (var p in _absolute)
        {
            if (_repoPaths.Resolve(p, _root).Relative is { } rel && _protected.Why(rel) is null && _scope.Matches(rel))
            {
                n++;
            }
        }

        return n;
    }
}
