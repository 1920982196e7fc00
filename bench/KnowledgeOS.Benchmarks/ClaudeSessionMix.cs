using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// The events kos's hooks record for a Claude Code session, through the same kernel calls the hooks
/// make: session start, prompts, and per tool call a <c>capability.used</c> (PreToolUse, the tool's
/// input) and a <c>capability.result</c> (PostToolUse, Claude Code's <c>tool_response</c> as it sends
/// it: Read's whole file, Edit's <c>originalFile</c> and <c>structuredPatch</c>, Bash's stdout…), then Stop.
/// File contents are real files from a corpus folder (the kos sources); the tool mix follows a coding
/// session: mostly reads, edits and shell commands. Deterministic for a given seed.
/// </summary>
internal sealed class ClaudeSessionMix(string root, IReadOnlyList<string> corpus, int seed = 16)
{
    private readonly Random _random = new(seed);
    private int _session;
    private int _call;

    /// <summary>The corpus: every .cs and .md file under <paramref name="dir"/> (real source text).</summary>
    public static IReadOnlyList<string> Corpus(string dir) =>
        Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Appends one whole session (about 60–80 events) for <paramref name="task"/>; returns the events appended.</summary>
    public int AppendSession(Kernel kernel, ILedgerWriter w, string task)
    {
        var session = $"{Guid.CreateVersion7():D}";
        _session++;
        var n = 0;
        kernel.Append(w, EventCatalog.SessionStarted, task, new SessionStarted("claude", "startup", "claude-sonnet-4-5", true, Sha(), null), session);
        n++;
        var calls = 30 + _random.Next(10);
        for (var i = 0; i < calls; i++)
        {
            if (i % 12 == 0)
            {
                kernel.Append(w, EventCatalog.PromptSubmitted, task, new PromptSubmitted("claude",
                    JsonValue.Create($"Fix the failing test in {Rel(Pick())} and keep the public API as it is; run the tests after."), null), session);
                n++;
            }

            var (tool, input, response) = Call();
            kernel.Capabilities.Record(w, new CapabilityUse($"tool:{tool}", "tool", task, session, "allowed", "claude", tool,
                Requirements: ["R1"], Verdict: "not-governed", Input: input, Event: "PreToolUse"));
            kernel.Append(w, EventCatalog.CapabilityResult, task, new CapabilityResult($"tool:{tool}", "ok", tool, null, response, null), session);
            n += 2;
        }

        kernel.Append(w, EventCatalog.SessionStopped, task, new SessionStopped("claude", null, false, [],
            JsonValue.Create("Done: the test passes now. I changed the parser to keep the trailing newline and added a case for it.")), session);
        return n + 1;
    }

    private (string Tool, JsonNode Input, JsonNode Response) Call()
    {
        _call++;
        var roll = _random.Next(100);
        var file = Pick();
        var path = Path.Combine(root, Rel(file));
        var text = File.ReadAllText(file);
        var lines = text.Split('\n');
        return roll switch
        {
            < 34 => ("Read", new JsonObject { ["file_path"] = path }, new JsonObject
            {
                ["type"] = "text",
                ["file"] = new JsonObject { ["filePath"] = path, ["content"] = text, ["numLines"] = lines.Length, ["startLine"] = 1, ["totalLines"] = lines.Length },
            }),
            < 54 => Edit(path, text, lines),
            < 78 => Bash(),
            < 86 => ("Grep", new JsonObject { ["pattern"] = "ScanChain", ["path"] = root, ["output_mode"] = "files_with_matches" }, new JsonObject
            {
                ["mode"] = "files_with_matches",
                ["filenames"] = new JsonArray(Enumerable.Range(0, 1 + _random.Next(6)).Select(_ => (JsonNode)JsonValue.Create(Path.Combine(root, Rel(Pick())))!).ToArray()),
                ["numFiles"] = 3,
            }),
            < 91 => ("Glob", new JsonObject { ["pattern"] = "src/**/*.cs" }, new JsonObject
            {
                ["filenames"] = new JsonArray(Enumerable.Range(0, 5 + _random.Next(20)).Select(_ => (JsonNode)JsonValue.Create(Path.Combine(root, Rel(Pick())))!).ToArray()),
                ["durationMs"] = 12,
                ["numFiles"] = 14,
                ["truncated"] = false,
            }),
            < 95 => ("Write", new JsonObject { ["file_path"] = path, ["content"] = text }, new JsonObject
            {
                ["type"] = "update",
                ["filePath"] = path,
                ["content"] = text,
                ["structuredPatch"] = new JsonArray(),
            }),
            _ => ("TodoWrite", new JsonObject { ["todos"] = Todos(3) }, new JsonObject { ["oldTodos"] = Todos(3), ["newTodos"] = Todos(3) }),
        };
    }

    private (string, JsonNode, JsonNode) Edit(string path, string text, string[] lines)
    {
        var at = _random.Next(lines.Length);
        var old = lines[at];
        var now = old + " // checked";
        return ("Edit", new JsonObject { ["file_path"] = path, ["old_string"] = old, ["new_string"] = now, ["replace_all"] = false }, new JsonObject
        {
            ["filePath"] = path,
            ["oldString"] = old,
            ["newString"] = now,
            ["originalFile"] = text,
            ["structuredPatch"] = new JsonArray(new JsonObject
            {
                ["oldStart"] = Math.Max(1, at - 2),
                ["oldLines"] = 7,
                ["newStart"] = Math.Max(1, at - 2),
                ["newLines"] = 7,
                ["lines"] = new JsonArray(lines.Skip(Math.Max(0, at - 3)).Take(7).Select(l => (JsonNode)JsonValue.Create(" " + l)!).ToArray()),
            }),
            ["userModified"] = false,
            ["replaceAll"] = false,
        });
    }

    private (string, JsonNode, JsonNode) Bash()
    {
        var (command, stdout) = _random.Next(5) switch
        {
            0 => ("git status --short", string.Join('\n', Enumerable.Range(0, 1 + _random.Next(5)).Select(_ => " M " + Rel(Pick())))),
            1 => ("dotnet build KnowledgeOS.slnx 2>&1 | tail -5", "  KnowledgeOS.Kernel -> /repo/src/KnowledgeOS.Kernel/bin/Debug/net10.0/KnowledgeOS.Kernel.dll\n\nBuild succeeded.\n    0 Warning(s)\n    0 Error(s)\n\nTime Elapsed 00:00:" + (10 + _random.Next(40))),
            2 => ("dotnet test tests/KnowledgeOS.Tests --filter Ledger 2>&1 | tail -3", $"Passed!  - Failed:     0, Passed:    {20 + _random.Next(30)}, Skipped:     0, Total:    {50}, Duration: {_random.Next(9)} s - KnowledgeOS.Tests.dll (net10.0)"),
            3 => ($"ls {Path.GetDirectoryName(Rel(Pick()))}", string.Join('\n', Enumerable.Range(0, 3 + _random.Next(12)).Select(_ => Path.GetFileName(Pick())))),
            _ => ($"git diff --stat", string.Join('\n', Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => $" {Rel(Pick())} | {1 + _random.Next(30)} ++--"))),
        };
        return ("Bash", new JsonObject { ["command"] = command, ["description"] = "Check the build and tests" }, new JsonObject
        {
            ["stdout"] = stdout,
            ["stderr"] = "",
            ["interrupted"] = false,
            ["isImage"] = false,
        });
    }

    private JsonArray Todos(int n) => new(Enumerable.Range(0, n).Select(i => (JsonNode)new JsonObject
    {
        ["content"] = $"Step {i + 1} of call {_call}: update {Path.GetFileName(Pick())}",
        ["status"] = i == 0 ? "completed" : "pending",
        ["activeForm"] = $"Updating step {i + 1}",
    }).ToArray());

    private string Pick() => corpus[_random.Next(corpus.Count)];

    private static string Rel(string file)
    {
        var i = file.IndexOf("/src/", StringComparison.Ordinal);
        return i >= 0 ? file[(i + 1)..] : Path.GetFileName(file);
    }

    private string Sha() => Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64())) + new string('0', 48);
}
