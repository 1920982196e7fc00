using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Evidence;

/// <summary>
/// Exports a task's eval runs as in-toto Statements (v1) with the test-result v0.1 predicate,
/// whose subject is the git commit and the working-tree digest the evals ran on.
/// </summary>
public static class InToto
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://in-toto.io/attestation/test-result/v0.1";

    /// <summary>Writes one statement per eval run under .agent-os/evidence/TASK/ and returns the files.</summary>
    public static IReadOnlyList<string> Export(Kernel k, string taskId)
    {
        var task = k.Tasks.Resolve(k.Store, taskId);
        var runs = k.Store.Events(task.Id)
            .Where(e => e.Type == Events.EventCatalog.EvidenceRecorded.Name)
            .GroupBy(e => Markers.PayloadString(e, "run") ?? "")
            .ToList();
        if (runs.Count == 0)
        {
            throw KosException.Refused($"{task.Id} has no evidence to export; run 'kos eval-task {task.Id}' first.");
        }

        var dir = Path.Combine(k.Project.EvidenceDir, task.Id);
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach (var run in runs)
        {
            var path = Path.Combine(dir, $"{run.Key}.intoto.json");
            File.WriteAllText(path, Indented(Statement(task.Id, run.Key, run.ToList())) + "\n");
            files.Add(path);
        }

        return files;
    }

    private static string Indented(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static JsonObject Statement(string task, string runId, IReadOnlyList<LedgerEvent> events)
    {
        var payloads = events.Select(e => (Event: e, P: JsonNode.Parse(e.Payload)!.AsObject())).ToList();
        var first = payloads[0].P;
        var subject = new JsonArray();
        if (first["head"]?.GetValue<string>() is { } head)
        {
            subject.Add((JsonNode)new JsonObject { ["name"] = "git-commit", ["digest"] = new JsonObject { ["gitCommit"] = head } });
        }

        subject.Add((JsonNode)new JsonObject { ["name"] = "git-working-tree", ["digest"] = new JsonObject { ["gitTree"] = first["tree"]!.GetValue<string>() } });
        var passed = new JsonArray();
        var failed = new JsonArray();
        var configuration = new JsonArray();
        foreach (var (e, p) in payloads)
        {
            var command = p["command"]!.GetValue<string>();
            (p["passed"]!.GetValue<bool>() ? passed : failed).Add((JsonNode?)command);
            configuration.Add((JsonNode)new JsonObject
            {
                ["name"] = command,
                ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(command))) },
                ["annotations"] = new JsonObject
                {
                    ["source"] = p["source"]?.DeepClone(),
                    ["exitCode"] = p["exitCode"]?.DeepClone(),
                    ["reason"] = p["reason"]?.DeepClone(),
                    ["durationMs"] = p["durationMs"]?.DeepClone(),
                    ["stdoutSha256"] = p["stdout"]?["sha256"]?.DeepClone(),
                    ["stderrSha256"] = p["stderr"]?["sha256"]?.DeepClone(),
                    ["ledgerSeq"] = e.Seq,
                    ["ledgerHash"] = e.Hash,
                    ["time"] = e.Time,
                },
            });
        }

        return new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = subject,
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["result"] = failed.Count == 0 ? "PASSED" : "FAILED",
                ["configuration"] = configuration,
                ["url"] = $"kos:ledger/{task}/{runId}",
                ["passedTests"] = passed,
                ["warnedTests"] = new JsonArray(),
                ["failedTests"] = failed,
            },
        };
    }
}
