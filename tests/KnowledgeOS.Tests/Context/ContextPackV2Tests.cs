using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Context;

/// <summary>
/// What an agent reads to act: the evals, the last evidence as pass or fail with the failing output (redacted),
/// every refusal so far, decisions, progress in words; hashes only with --hashes; the budget keeps what it must act on.
/// </summary>
public sealed partial class ContextPackV2Tests : IDisposable
{
    private const string Secret = "AKIAQWERTYUIOPASDFGH";
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;
    private readonly string _task;

    public ContextPackV2Tests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _repo.Write("src/checkout/card-form.ts", "export {}");
        for (var i = 0; i < 60; i++)
        {
            _repo.Write($"src/checkout/widget{i:00}.ts", "x");
        }

        _task = _kos.Ok("create-task", "Card form", "--quick", "--scope", "src/checkout/**", "--session", "s1").FirstLine;
    }

    public void Dispose() => _repo.Dispose();

    [GeneratedRegex("[0-9a-f]{12,}")]
    private static partial Regex HexRun();

    private string Md(params string[] extra) => _kos.Ok(["context-pack", _task, .. extra]).Out;

    private JsonObject Json(params string[] extra) => JsonNode.Parse(_kos.Ok(["context-pack", _task, "--json", .. extra]).Out)!["pack"]!.AsObject();

    private CliRun Hook(string ev, JsonObject payload)
    {
        payload["cwd"] = _repo.Root;
        payload["hook_event_name"] = ev;
        return _kos.RunWithInput(payload.ToJsonString(), "hook", "claude", ev);
    }

    private void FailingEval()
    {
        _kos.Ok("add-eval", $"sh -c 'echo compiling; echo key={Secret}; echo \"expected 4 got 5\" >&2; exit 3'", "--task", _task);
        _kos.Run("eval-task", _task);
    }

    private void Denials()
    {
        _kos.Run("check-route-write", "src/other/x.ts", "--task", _task);
        _kos.Run("check-route-write", "src/other/x.ts", "--task", _task);
        Hook("PreToolUse", new JsonObject { ["session_id"] = "s1", ["tool_name"] = "Write", ["tool_input"] = new JsonObject { ["file_path"] = _repo.PathOf("README.md"), ["content"] = "x" } });
        _kos.Run("complete-task", _task);
    }

    [Fact]
    public void a_task_without_evals_says_so_and_how_to_add_one()
    {
        var md = Md();
        Assert.Contains("## Acceptance: the evals kos runs for this task", md, StringComparison.Ordinal);
        Assert.Contains($"kos add-eval \"COMMAND\" --task {_task}", md, StringComparison.Ordinal);
        Assert.Empty(Json()["evals"]!.AsArray());
        Assert.DoesNotContain("## Last evidence", md, StringComparison.Ordinal);
    }

    [Fact]
    public void the_evals_are_listed_with_where_they_come_from()
    {
        _kos.Ok("add-eval", "test -f src/checkout/card-form.ts", "--task", _task);
        Assert.Contains("- `test -f src/checkout/card-form.ts` (task)", Md(), StringComparison.Ordinal);
        var e = Assert.Single(Json()["evals"]!.AsArray())!;
        Assert.Equal("test -f src/checkout/card-form.ts", (string?)e["command"]);
        Assert.Equal("task", (string?)e["source"]);
    }

    [Fact]
    public void failing_evidence_shows_fail_and_the_end_of_its_output_with_secrets_redacted()
    {
        FailingEval();
        var md = Md();
        Assert.Contains("## Last evidence: FAIL (", md, StringComparison.Ordinal);
        Assert.Contains("1 of 1 failed", md, StringComparison.Ordinal);
        Assert.Contains("- FAILED `sh -c", md, StringComparison.Ordinal);
        Assert.Contains("expected 4 got 5", md, StringComparison.Ordinal);
        Assert.Contains("compiling", md, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, md, StringComparison.Ordinal);
        var ev = Json()["evidence"]!;
        Assert.Equal("fail", (string?)ev["verdict"]);
        Assert.False((bool)ev["results"]![0]!["passed"]!);
        Assert.Equal(3, (int)ev["results"]![0]!["exitCode"]!);
        Assert.DoesNotContain(Secret, ev.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("evals ran: 0 of 1 passed", md, StringComparison.Ordinal);
    }

    [Fact]
    public void passing_evidence_shows_pass_without_output()
    {
        _kos.Ok("add-eval", "sh -c 'echo all good'", "--task", _task);
        _kos.Run("eval-task", _task);
        var md = Md();
        Assert.Contains("## Last evidence: PASS (", md, StringComparison.Ordinal);
        Assert.Contains("- passed `sh -c 'echo all good'` (", md, StringComparison.Ordinal);
        Assert.DoesNotContain("all good\n", md, StringComparison.Ordinal);
        Assert.Null(Json()["evidence"]!["results"]![0]!["tail"]);
    }

    [Fact]
    public void every_denial_so_far_is_listed_the_same_one_once_with_its_count()
    {
        Denials();
        var md = Md();
        var section = md[md.IndexOf("## Denials so far", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        Assert.Contains("write refused: src/other/x.ts", section, StringComparison.Ordinal); // write.denied
        Assert.Contains("(2 times; the time is the latest)", section, StringComparison.Ordinal);
        Assert.Contains("README.md", section, StringComparison.Ordinal);                     // capability.denied by the hook
        Assert.Contains("was refused", section, StringComparison.Ordinal);                   // gate.refused
        Assert.Single(section.Split('\n'), l => l.Contains("write refused: src/other/x.ts", StringComparison.Ordinal)); // counted, not repeated
        var types = Json()["denials"]!.AsArray().Select(d => (string)d!["type"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "write.denied", "capability.denied", "gate.refused" }, types);
    }

    [Fact]
    public void decisions_are_listed_in_their_own_words()
    {
        _kos.Ok("note", "--task", _task, "--decision", "Validate with the Luhn check, not a regex");
        var md = Md();
        Assert.Contains("## Decisions", md, StringComparison.Ordinal);
        Assert.Contains("Validate with the Luhn check, not a regex", md, StringComparison.Ordinal);
    }

    [Fact]
    public void progress_says_what_happened_in_words_and_no_hash_appears_unless_asked_for()
    {
        FailingEval();
        Denials();
        var md = Md();
        var progress = md[md.IndexOf("## Progress", StringComparison.Ordinal)..];
        Assert.Contains("created by", progress, StringComparison.Ordinal);
        Assert.Contains("as a quick task", progress, StringComparison.Ordinal);
        Assert.Contains("routed: may write src/checkout/**", progress, StringComparison.Ordinal);
        Assert.Contains("eval added: `sh -c", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("task.", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("claim.", progress, StringComparison.Ordinal);
        Assert.Empty(HexRun().Matches(md));
        Assert.DoesNotContain("\"hash\"", Json().ToJsonString(), StringComparison.Ordinal);

        var trace = JsonNode.Parse(_kos.Ok("trace", _task, "--json").Out)!.AsArray();
        var routed = trace.First(e => (string?)e!["type"] == "task.routed")!;
        var withHashes = Md("--hashes");
        Assert.Contains((string)routed["hash"]!, withHashes, StringComparison.Ordinal);
        Assert.Contains("run E-", withHashes, StringComparison.Ordinal);
        Assert.Contains("\"hash\"", Json("--hashes").ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void a_small_budget_drops_files_and_progress_before_denials_and_failing_evidence()
    {
        FailingEval();
        Denials();
        var full = JsonNode.Parse(_kos.Ok("context-pack", _task, "--json").Out)!;
        var budget = 700;
        Assert.True((int)full["tokens"]! > budget, full["tokens"]!.ToString());
        var small = JsonNode.Parse(_kos.Ok("context-pack", _task, "--json", "--budget", budget.ToString(System.Globalization.CultureInfo.InvariantCulture)).Out)!;
        Assert.True((int)small["tokens"]! <= budget, small.ToJsonString());
        var dropped = small["dropped"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.StartsWith("files:", dropped[0], StringComparison.Ordinal);
        var pack = small["pack"]!;
        Assert.Null(pack["files"]);
        Assert.Equal("fail", (string?)pack["evidence"]!["verdict"]);
        Assert.Contains("expected 4 got 5", (string?)pack["evidence"]!["results"]![0]!["tail"], StringComparison.Ordinal);
        Assert.True(pack["denials"]!.AsArray().Count >= 3);
        Assert.NotNull(pack["scope"]);
        Assert.NotNull(pack["evals"]);

        var md = _kos.Ok("context-pack", _task, "--budget", "300");
        Assert.True(md.Out.Length <= 1200, md.Out.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("src/checkout/**", md.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_json_pack_with_every_section_follows_its_schema_with_and_without_hashes()
    {
        FailingEval();
        Denials();
        _kos.Ok("note", "--task", _task, "--decision", "Keep it small");
        foreach (var extra in new string[][] { [], ["--hashes"], ["--budget", "300"] })
        {
            var r = _kos.Run(["context-pack", _task, "--json", .. extra]);
            Assert.Equal(0, r.Code);
            OutputContract.AssertOutput("context-pack", r.Out, r.Code);
        }
    }

    [Fact]
    public void session_start_names_the_session_instead_of_a_placeholder()
    {
        var r = Hook("SessionStart", new JsonObject { ["session_id"] = "3f2a9c1e-7b4d-4e2f-9a1b-2c3d4e5f6a7b", ["source"] = "startup" });
        var text = (string)JsonNode.Parse(r.Out)!["hookSpecificOutput"]!["additionalContext"]!;
        Assert.Contains("--session 3f2a9c1e-7b4d-4e2f-9a1b-2c3d4e5f6a7b", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SESSION_ID", text, StringComparison.Ordinal);
    }

    [Fact]
    public void session_start_of_the_tasks_session_injects_the_v2_pack()
    {
        FailingEval();
        var r = Hook("SessionStart", new JsonObject { ["session_id"] = "s1", ["source"] = "startup" });
        var text = (string)JsonNode.Parse(r.Out)!["hookSpecificOutput"]!["additionalContext"]!;
        Assert.Contains($"# Context pack: {_task} Card form", text, StringComparison.Ordinal);
        Assert.Contains("## Last evidence: FAIL", text, StringComparison.Ordinal);
        Assert.Contains("expected 4 got 5", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Empty(HexRun().Matches(text));
        Assert.True(text.Length <= 10_000, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void the_stop_reason_says_what_to_run_once()
    {
        FailingEval();
        var r = Hook("Stop", new JsonObject { ["session_id"] = "s1", ["stop_hook_active"] = false });
        var reason = (string)JsonNode.Parse(r.Out)!["reason"]!;
        Assert.Contains("failed", reason, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(reason, Regex.Escape($"kos eval-task {_task}")));
    }
}
