using System.Text.Json.Nodes;
using KnowledgeOS.Cli;
using KnowledgeOS.Cli.Commands;

namespace KnowledgeOS.Testing.FailClosed;

/// <summary>
/// A governed repository (one quick task scoped <c>src/**</c> in execute, claimed by <see cref="Session"/>)
/// whose hooks are called in-process with raw payload text, as an agent would pipe it.
/// </summary>
public sealed class HookHarness : IDisposable
{
    public const string Session = "fuzz-session";

    public HookHarness(string strictness, string scope = "src/**")
    {
        var kos = new InProcess(Repo.Root);
        kos.Ok("init");
        Task = kos.Ok("create-task", "Fuzz target", "--quick", "--scope", scope, "--session", Session, "--agent", "claude").FirstLine;
        SetStrictness(strictness);
        Directory.CreateDirectory(Repo.PathOf("src"));
        Directory.CreateDirectory(Repo.PathOf("docs"));
    }

    public TempRepo Repo { get; } = new();

    public string Task { get; }

    public void SetStrictness(string strictness)
    {
        var config = Repo.PathOf(".agent-os/config.toml");
        var text = File.ReadAllText(config);
        text = System.Text.RegularExpressions.Regex.Replace(text, "(?m)^strictness = \"[a-z]+\"", $"strictness = \"{strictness}\"");
        File.WriteAllText(config, text);
    }

    /// <summary>Runs <c>kos hook AGENT EVENT</c> with <paramref name="payload"/> on stdin from <paramref name="cwd"/> (default: the root).</summary>
    public CliRun Hook(string payload, string agent = "claude", string eventName = "pre-tool-use", string? cwd = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext(o, e, new StringReader(payload), cwd ?? Repo.Root, TimeProvider.System, k => env?.GetValueOrDefault(k));
        var code = HookCommands.Run(["hook", agent, eventName], ctx);
        return new CliRun(code, o.ToString(), e.ToString());
    }

    /// <summary>A deny in any agent's form: exit 2, or a deny/block decision in the JSON answer.</summary>
    public static bool Denied(CliRun r) =>
        r.Code == 2 || r.Out.Contains("\"permissionDecision\":\"deny\"", StringComparison.Ordinal) ||
        r.Out.Contains("\"decision\":\"deny\"", StringComparison.Ordinal) || r.Out.Contains("\"decision\":\"block\"", StringComparison.Ordinal) ||
        r.Out.Contains("\"permission\":\"deny\"", StringComparison.Ordinal);

    public static string Payload(string tool, JsonNode? input, string? cwd, string session = Session) =>
        new JsonObject
        {
            ["session_id"] = session,
            ["transcript_path"] = "/tmp/t.jsonl",
            ["cwd"] = cwd,
            ["permission_mode"] = "bypassPermissions",
            ["hook_event_name"] = "PreToolUse",
            ["tool_name"] = tool,
            ["tool_input"] = input,
            ["tool_use_id"] = "toolu_01",
        }.ToJsonString();

    public void Dispose() => Repo.Dispose();
}
