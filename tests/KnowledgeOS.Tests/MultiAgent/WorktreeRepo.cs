using System.Text.Json.Nodes;
using KnowledgeOS.Cli;
using KnowledgeOS.Cli.Commands;

namespace KnowledgeOS.Testing.MultiAgent;

/// <summary>
/// A real git repository with two tasks (<see cref="TaskA"/> scoped <c>src/a/**</c>, <see cref="TaskB"/>
/// <c>src/b/**</c>, each with an eval that needs its own file) and, on request, a linked worktree per task
/// bound to it; hooks are called in-process from any tree as an agent's would be.
/// </summary>
public sealed class WorktreeRepo : IDisposable
{
    public WorktreeRepo(TimeProvider? clock = null)
    {
        Clock = clock;
        Main = new InProcess(Repo.Root, clock);
        Main.Ok("init");
        TaskA = NewTask("A", "src/a/**", "test -f src/a/own.txt");
        TaskB = NewTask("B", "src/b/**", "test -f src/b/own.txt");
        TaskC = NewTask("C", "src/c/**", "test -f src/c/own.txt");
        Repo.Git("add", ".agent-os");
        Repo.Git("commit", "-qm", "kos specs");
    }

    public TempRepo Repo { get; } = new();

    public TimeProvider? Clock { get; }

    public InProcess Main { get; }

    public string TaskA { get; }

    public string TaskB { get; }

    public string TaskC { get; }

    /// <summary>The ledger's events of one type, as (task, payload) pairs.</summary>
    public IReadOnlyList<(string? Task, string Payload)> Events(string type)
    {
        using var k = Kernel.Open(Repo.Root, TimeProvider.System, "user:test", null);
        return k.Store.Events().Where(e => e.Type == type).Select(e => (e.Task, e.Payload)).ToList();
    }

    /// <summary>Adds worktree <paramref name="name"/> on a new branch of the same name, binds it to <paramref name="task"/> and dispatches it.</summary>
    public string AddWorktree(string name, string task, string session, string lease = "30m")
    {
        var root = Path.Combine(Repo.Root + "-trees", name);
        Repo.Git("worktree", "add", "-q", root, "-b", name);
        var kos = new InProcess(root, Clock);
        kos.Ok("bind", task);
        kos.Ok("dispatch-task", task, "--session", session, "--lease", lease);
        return root;
    }

    public static InProcess In(string root) => new(root);

    /// <summary>Runs <c>kos hook claude EVENT</c> from <paramref name="cwd"/> for a Bash call of <paramref name="session"/>.</summary>
    public static CliRun Hook(string cwd, string eventName, string session, string command, IReadOnlyDictionary<string, string>? env = null, TimeProvider? clock = null)
    {
        var payload = new JsonObject
        {
            ["session_id"] = session,
            ["transcript_path"] = "/tmp/t.jsonl",
            ["cwd"] = cwd,
            ["permission_mode"] = "bypassPermissions",
            ["hook_event_name"] = eventName == "pre-tool-use" ? "PreToolUse" : "PostToolUse",
            ["tool_name"] = "Bash",
            ["tool_input"] = new JsonObject { ["command"] = command },
            ["tool_response"] = eventName == "pre-tool-use" ? null : new JsonObject { ["stdout"] = "", ["stderr"] = "", ["interrupted"] = false },
            ["tool_use_id"] = "toolu_" + Guid.NewGuid().ToString("N")[..8],
        }.ToJsonString();
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext(o, e, new StringReader(payload), cwd, clock ?? TimeProvider.System, k => env?.GetValueOrDefault(k));
        var code = HookCommands.Run(["hook", "claude", eventName], ctx);
        return new CliRun(code, o.ToString(), e.ToString());
    }

    /// <summary>A shell call as an agent makes it: pre-tool hook, the command's effect, post-tool hook.</summary>
    public static CliRun Shell(string cwd, string session, string command, Action effect, IReadOnlyDictionary<string, string>? env = null)
    {
        Hook(cwd, "pre-tool-use", session, command, env);
        effect();
        return Hook(cwd, "post-tool-use", session, command, env);
    }

    public static void Write(string root, string rel, string text = "x\n")
    {
        var path = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string NewTask(string name, string scope, string eval)
    {
        var spec = Main.Ok("create-spec", name, "--intent", $"Area {name}.", "--req", $"{name} works", "--eval", eval).FirstLine;
        var task = Main.Ok("create-task", $"Build {name}", "--spec", spec, "--req", "R1").FirstLine;
        Main.Ok("route-task", task, "--scope", scope);
        Main.Ok("plan-task", task, "--step", "R1: build it");
        return task;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Repo.Root + "-trees"))
            {
                Directory.Delete(Repo.Root + "-trees", recursive: true);
            }
        }
        catch (IOException)
        {
            // A process of the test may still hold a file; the temp folder is cleaned by the OS.
        }

        Repo.Dispose();
    }
}
