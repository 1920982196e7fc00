using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Snapshots;

/// <summary>
/// Every text an agent or a person reads, pinned as a golden file: what the model is told when a write is refused,
/// when a shell call wrote outside the scope, when it may not stop yet, and at session start; and the human
/// output of list, show and status. A wording change is then a reviewed diff, never an accident.
/// </summary>
public sealed class TextSnapshotTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly InProcess _kos;
    private readonly string _task;

    public TextSnapshotTests()
    {
        _kos = new InProcess(_repo.Root, _clock);
        _repo.Write("src/app.txt", "app\n");
        _repo.Write("docs/readme.md", "docs\n");
        _repo.Git("add", ".");
        _repo.Git("commit", "-qm", "app and docs");
        _kos.Ok("init");
        _task = _kos.Ok("create-task", "Fix the greeting", "--quick", "--scope", "src/**", "--session", "s1", "-q").FirstLine;
    }

    public void Dispose() => _repo.Dispose();

    private string Scrub(string text) => Golden.Scrub(text, _repo.Root);

    private CliRun Hook(string ev, JsonObject payload, string session = "s1")
    {
        payload["session_id"] = session;
        payload["cwd"] = _repo.Root;
        payload["hook_event_name"] = ev;
        return _kos.RunWithInput(payload.ToJsonString(), "hook", "claude", ev);
    }

    private static JsonObject Tool(string tool, JsonObject input) => new() { ["tool_name"] = tool, ["tool_input"] = input };

    /// <summary>What Claude Code shows the model: the reason of a refusal, however the hook gave it.</summary>
    private static string Reason(CliRun r) => r.Out.Length > 0
        ? JsonNode.Parse(r.Out)!["hookSpecificOutput"]!["permissionDecisionReason"]!.GetValue<string>()
        : $"exit {r.Code}: {r.Err}";

    [Fact]
    public void the_deny_reasons_an_agent_reads()
    {
        var outside = Hook("PreToolUse", Tool("Write", new JsonObject { ["file_path"] = _repo.PathOf("docs/readme.md"), ["content"] = "x" }));
        var governance = Hook("PreToolUse", Tool("Edit", new JsonObject { ["file_path"] = _repo.PathOf(".claude/settings.json"), ["old_string"] = "a", ["new_string"] = "b" }));
        var othersClaim = Hook("PreToolUse", Tool("Write", new JsonObject { ["file_path"] = _repo.PathOf("src/app.txt"), ["content"] = "x" }), session: "s-unbound");
        var noTask = Hook("PreToolUse", Tool("Write", new JsonObject { ["file_path"] = _repo.PathOf("docs/new.md"), ["content"] = "x" }), session: "s-unbound");
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("strictness = \"standard\"", "strictness = \"strict\"", StringComparison.Ordinal));
        var shell = Hook("PreToolUse", Tool("Bash", new JsonObject { ["command"] = "echo x > docs/notes.md" }));

        Golden.Match("deny-out-of-scope", Scrub(Reason(outside)));
        Golden.Match("deny-shell-write", Scrub(Reason(shell)));
        Golden.Match("deny-protected", Scrub(Reason(governance)));
        Golden.Match("deny-claimed-by-another-session", Scrub(Reason(othersClaim)));
        Golden.Match("deny-no-task", Scrub(Reason(noTask)));
    }

    [Fact]
    public void what_an_agent_reads_after_a_shell_call_wrote_outside_its_scope()
    {
        var call = Tool("Bash", new JsonObject { ["command"] = "python3 tool.py" });
        Hook("PreToolUse", call.DeepClone().AsObject());
        _repo.Write("docs/readme.md", "changed behind the hook's back\n");
        var post = Hook("PostToolUse", call);

        Golden.Match("post-tool-violation", Scrub(post.Out + post.Err));
    }

    [Fact]
    public void the_stop_reason_when_there_is_no_evidence_yet()
    {
        Hook("PreToolUse", Tool("Write", new JsonObject { ["file_path"] = _repo.PathOf("src/app.txt"), ["content"] = "x" }));
        _repo.Write("src/app.txt", "x");
        var stop = Hook("Stop", new JsonObject { ["stop_hook_active"] = false, ["last_assistant_message"] = "Done." });

        Golden.Match("stop-no-evidence", Scrub(stop.Out + stop.Err));
    }

    [Fact]
    public void the_context_an_agent_reads_at_session_start()
    {
        _kos.Ok("note", "Keep the greeting short.", "--task", _task, "--decision");
        var start = Hook("SessionStart", new JsonObject { ["source"] = "startup" });

        Golden.Match("session-start", Scrub(start.Out + start.Err));
    }

    [Fact]
    public void the_human_output_of_list_show_and_status()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));
        _kos.Ok("create-task", "Document the greeting", "--quick", "--scope", "docs/**", "--session", "s2");

        Golden.Match("list", Scrub(_kos.Ok("list").Out));
        Golden.Match("show", Scrub(_kos.Ok("show", _task).Out));
        Golden.Match("status", Scrub(_kos.Ok("status").Out));
    }
}
