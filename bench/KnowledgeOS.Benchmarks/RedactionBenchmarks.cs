using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using KnowledgeOS.Redaction;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// Redaction on the hook path: a 4 KiB hook payload (a Bash call's tool_input, or a tool response) redacted
/// as the hooks do it (<see cref="Redactor.Tree"/>: every value and key), with and without secrets in it.
/// Baseline: parsing the same payload, which every hook does anyway. Target: ≤ 1 ms per payload.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EvidenceBenchConfig))]
public class RedactionBenchmarks
{
    private string _clean = "";
    private string _secrets = "";

    [GlobalSetup]
    public void Setup()
    {
        _clean = Payload("cd src && dotnet test --filter Category=Unit && git diff --stat && echo 'all good: the build passed'", 4096);
        _secrets = Payload(
            "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY && " +
            "curl -u admin:hunter2secret https://api.example.com -H 'Authorization: Bearer ghp_1234567890abcdefghijklmnopqrstuvwxyzAB' && " +
            "psql postgres://app:S3cr3tPassw0rd@db.internal:5432/app && echo xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
            4096);
    }

    /// <summary>A Bash hook payload whose command (and response) bring it to <paramref name="bytes"/> bytes.</summary>
    private static string Payload(string command, int bytes)
    {
        var o = new JsonObject
        {
            ["session_id"] = "5d0c1c1e-8f0e-4a8f-9d7e-1f2a3b4c5d6e", ["cwd"] = "/home/dev/project", ["hook_event_name"] = "PostToolUse", ["tool_name"] = "Bash",
            ["tool_input"] = new JsonObject { ["command"] = command, ["description"] = "run the checks" },
            ["tool_response"] = new JsonObject { ["stdout"] = "", ["stderr"] = "", ["interrupted"] = false },
        };
        var filler = bytes - o.ToJsonString().Length;
        var lines = new System.Text.StringBuilder();
        for (var i = 0; lines.Length < filler; i++)
        {
            lines.Append($"  PASS tests/unit/module{i:D3}.test.ts (12 ms) {command[..Math.Min(40, command.Length)]}\n");
        }

        var stdout = lines.ToString();
        o["tool_response"]!["stdout"] = stdout;
        for (var excess = o.ToJsonString().Length - bytes; excess > 0; excess = o.ToJsonString().Length - bytes)
        {
            stdout = stdout[..(stdout.Length - excess)];
            o["tool_response"]!["stdout"] = stdout;
        }

        return o.ToJsonString();
    }

    [Benchmark(Baseline = true, Description = "parse only (4 KiB)")]
    public JsonNode? Parse() => JsonNode.Parse(_secrets);

    [Benchmark(Description = "parse + redact, no secret (4 KiB)")]
    public JsonNode? RedactClean() => Redactor.Tree(JsonNode.Parse(_clean), []);

    [Benchmark(Description = "parse + redact, 5 secrets (4 KiB)")]
    public JsonNode? RedactSecrets() => Redactor.Tree(JsonNode.Parse(_secrets), []);
}
