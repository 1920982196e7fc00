using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// <c>kos hook AGENT EVENT</c>: the hot path. Reads the payload, translates it for the kernel's
/// hook services (<see cref="Hooks.AgentHooks"/>, which decide and record), and answers in the agent's format. It opens only the project's config
/// and ledger, and in strict mode a failure of any kind answers as a deny, never as an allow.
/// </summary>
internal sealed class HookEngine(IAgentAdapter adapter, CliContext ctx)
{
    private volatile bool _strict;

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly bool _profile = ctx.Env("KOS_HOOK_PROFILE") is { Length: > 0 };

    /// <summary>With KOS_HOOK_PROFILE set, prints how long each stage took (to find what the hot path spends).</summary>
    internal void Mark(string stage)
    {
        if (_profile)
        {
            ctx.Err.WriteLine($"kos-profile {stage} {_clock.Elapsed.TotalMilliseconds:F2} ms");
        }
    }

    public HookReply Run(string eventName, string input)
    {
        Mark("start");
        var kind = adapter.Classify(eventName);
        if (!TryParse(input, out var raw, out var parseError))
        {
            return Malformed(kind, eventName, input, parseError);
        }

        Mark("parsed");
        var e = new HookEvent(adapter.Name, eventName, kind, raw);
        var cwd = e.Cwd is { Length: > 0 } c && Directory.Exists(c) ? c : ctx.Env("CLAUDE_PROJECT_DIR") ?? ctx.Cwd;
        var project = GitRepository.Find(cwd) is null ? null : KosProject.Locate(cwd);
        if (project is null || !project.IsInitialised)
        {
            // Not a governed repository: kos has nothing to enforce or record here.
            return HookReply.Silent;
        }

        Mark("located");
        var config = KosConfig.Load(project.ConfigPath);
        Mark("config");
        _strict = config.Strictness == Strictness.Strict;
        Ledger.ILedgerStore store;
        try
        {
            store = Ledger.StoreFactory.Open(project, config, ctx.Env, ctx.Clock, hook: true);
        }
        catch (KosException ex) when (kind is HookKind.PreTool && config.Strictness != Strictness.Off)
        {
            // No ledger, no record and no scope check: a tool call is refused until the store is back.
            return adapter.FailClosed(kind, eventName, $"kos cannot open its ledger store, so it refuses tool calls until it can: {ex.Message}");
        }

        using var kernel = new Kernel(project, config, store, ctx.Clock, [], "agent:" + adapter.Name, e.SessionId);
        Mark("opened");
        var call = e.ToCall(cwd, adapter.CanAsk, ctx.Env);
        Hooks.HookDecision decision;
        try
        {
            decision = kind switch
            {
                HookKind.PreTool => kernel.Hooks.PreTool(call),
                HookKind.PostTool => kernel.Hooks.PostTool(call),
                HookKind.Stop or HookKind.SubagentStop => kernel.Hooks.Stop(call, subagent: kind == HookKind.SubagentStop),
                HookKind.SessionStart or HookKind.Compact => kernel.Hooks.SessionStart(call, compacted: kind == HookKind.Compact),
                HookKind.Prompt => kernel.Hooks.Prompt(call),
                _ => kernel.Hooks.Record(call, sessionEnded: kind == HookKind.SessionEnd),
            };
        }
        catch (System.Data.Common.DbException ex) when (kind is HookKind.PreTool && config.Strictness != Strictness.Off)
        {
            // The store failed mid-decision (a lost connection, a 2 s timeout): refuse rather than guess.
            return adapter.FailClosed(kind, eventName, $"kos's ledger store failed while deciding ({ex.Message.TrimEnd('.')}), so it refuses this tool call");
        }
        Mark("decided");
        var reply = adapter.Render(e, decision);
        return decision.Marker is null ? reply : reply with { Stderr = reply.Stderr + decision.Marker + "\n" };
    }

    /// <summary>Whether a failure now must answer as a deny.</summary>
    public bool Strict => _strict;

    /// <summary>What an exception or a timeout becomes: a deny for tool calls in strict mode, else a diagnostic.</summary>
    public HookReply Failure(string eventName, string reason)
    {
        var kind = adapter.Classify(eventName);
        return _strict && kind is HookKind.PreTool or HookKind.Prompt
            ? adapter.FailClosed(kind, eventName, $"kos failed closed (strict mode): {reason}")
            : new HookReply("", $"kos: hook {adapter.Name} {eventName} failed: {reason}\n", 1);
    }

    private static bool TryParse(string input, out JsonObject raw, out string error)
    {
        raw = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "the payload on stdin was empty (the agent sends one JSON object per event)";
            return false;
        }

        try
        {
            if (JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) is JsonObject o)
            {
                raw = o;
                return true;
            }

            error = "the payload is JSON but not an object";
        }
        catch (JsonException ex)
        {
            error = $"the payload is not valid JSON ({ex.Message.Split('.')[0]}); it may be truncated";
        }

        return false;
    }

    /// <summary>A payload kos cannot read: recorded (digest and redacted excerpt) and refused in strict mode.</summary>
    private HookReply Malformed(HookKind kind, string eventName, string input, string error)
    {
        var project = GitRepository.Find(ctx.Cwd) is null ? null : KosProject.Locate(ctx.Cwd);
        if (project is { IsInitialised: true })
        {
            var config = KosConfig.Load(project.ConfigPath);
            _strict = config.Strictness == Strictness.Strict;
            using var store = Ledger.StoreFactory.Open(project, config, ctx.Env, ctx.Clock, hook: true);
            new Kernel(project, KosConfig.Default, store, ctx.Clock, [], "agent:" + adapter.Name).Hooks.Malformed(adapter.Name, eventName, error, input);
        }

        return Failure(eventName, error);
    }
}
