using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// The registry on the hook path: deciding a tool use (one projection read) in a registry of 300
/// entries, and a re-sync that changes nothing (must append no event).
/// </summary>
public class RegistryBenchmarks
{
    private string _dir = null!;
    private Kernel _kernel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kos-bench-registry-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_dir, ".claude", "agents"));
        Run("git", "init", "-q", "-b", "main");
        var mcp = new StringBuilder("{\"mcpServers\": {");
        for (var i = 0; i < 150; i++)
        {
            mcp.Append(i == 0 ? "" : ",").Append($"\"srv{i}\": {{\"command\": \"srv{i}-mcp\", \"args\": [\"--stdio\"]}}");
            File.WriteAllText(Path.Combine(_dir, ".claude", "agents", $"agent{i}.md"), $"---\nname: agent{i}\ndescription: Specialist {i}\ntools: Read, Grep\n---\n");
        }

        File.WriteAllText(Path.Combine(_dir, ".mcp.json"), mcp.Append("}}").ToString());
        KnowledgeOS.Cli.KosCli.Run(["init"], new KnowledgeOS.Cli.CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, _dir, TimeProvider.System, Environment.GetEnvironmentVariable));
        _kernel = Kernel.Open(_dir, TimeProvider.System, "user:bench", null);
        _kernel.Registry.Sync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kernel.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "decide mcp__srv77__tool (300 entries)")]
    public CapabilityVerdict DecideMcp() => _kernel.Registry.DecideCapability("mcp__srv77__create_issue", null, null).Verdict;

    [Benchmark(Description = "decide an unknown subagent")]
    public CapabilityVerdict DecideUnknown() => _kernel.Registry.DecideCapability("Agent", "nobody", null).Verdict;

    [Benchmark(Description = "re-sync 300 unchanged entries")]
    public int ResyncUnchanged() => _kernel.Registry.Sync().Events.Count;

    private void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.WaitForExit();
    }
}
