using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Context;

/// <summary>The v2 pack through the real kos (the AOT binary under test.sh): what the session-start hook injects and what --json gives tools.</summary>
public sealed class ContextPackProcessTests
{
    private static ProcessRun Hook(WorkedTask w, string ev, JsonObject payload)
    {
        payload["cwd"] = w.Repo.Root;
        payload["hook_event_name"] = ev;
        return w.TryWithInput(payload.ToJsonString(), "hook", "claude", ev);
    }

    [Fact]
    public void session_start_injects_the_failing_eval_its_output_and_the_denials_without_hashes()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "goodbye\n");
        Assert.Equal(1, w.Try("eval-task", w.Task).Code);
        var denied = Hook(w, "PreToolUse", new JsonObject
        {
            ["session_id"] = "s1", ["tool_name"] = "Write", ["tool_input"] = new JsonObject { ["file_path"] = w.Repo.PathOf("other.txt"), ["content"] = "x" },
        });
        Assert.Equal("deny", (string?)JsonNode.Parse(denied.Out)!["hookSpecificOutput"]!["permissionDecision"]);
        w.Kos("note", "--task", w.Task, "--decision", "Greet in English only");

        var start = Hook(w, "SessionStart", new JsonObject { ["session_id"] = "s1", ["source"] = "startup" });
        Assert.Equal(0, start.Code);
        var text = (string)JsonNode.Parse(start.Out)!["hookSpecificOutput"]!["additionalContext"]!;
        Assert.Contains("- `grep -q hello greeting.txt` (spec ", text, StringComparison.Ordinal);
        Assert.Contains("## Last evidence: FAIL", text, StringComparison.Ordinal);
        Assert.Contains("- FAILED `grep -q hello greeting.txt`: exit 1", text, StringComparison.Ordinal);
        Assert.Contains("Write to other.txt refused", text, StringComparison.Ordinal);
        Assert.Contains("Greet in English only", text, StringComparison.Ordinal);
        Assert.Contains("evals ran: 0 of 1 passed", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("[0-9a-f]{12,}"), text);

        var json = JsonNode.Parse(w.Kos("context-pack", w.Task, "--json").Out)!;
        var pack = json["pack"]!;
        Assert.Equal("fail", (string?)pack["evidence"]!["verdict"]);
        Assert.Equal("capability.denied", (string?)pack["denials"]![0]!["type"]);
        Assert.DoesNotContain("\"hash\"", pack.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"hash\"", JsonNode.Parse(w.Kos("context-pack", w.Task, "--json", "--hashes").Out)!["pack"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void the_stop_gate_names_the_failure_and_says_what_to_run_once()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "goodbye\n");
        w.Try("eval-task", w.Task);
        var stop = Hook(w, "Stop", new JsonObject { ["session_id"] = "s1", ["stop_hook_active"] = false });
        var reason = (string)JsonNode.Parse(stop.Out)!["reason"]!;
        Assert.Contains("eval 'grep -q hello greeting.txt' failed: exit 1", reason, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(reason, Regex.Escape($"kos eval-task {w.Task}")));
    }
}
