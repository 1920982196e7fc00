using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// <c>kos hook AGENT EVENT</c>: the hot path. Reads the payload, translates it for the kernel's
/// hook services (<see cref="Hooks.AgentHooks"/>, which decide and record), and answers in the agent's format. It opens only the project's config
/// and ledger, and a failure of any kind answers as a deny, never as an allow (only strictness off lets it through).
/// </summary>
internal sealed partial class HookEngine(IAgentAdapter adapter, CliContext ctx)
{
    /// <summary>Set once the config says <c>off</c>: only then may a failure let a call through.</summary>
    private volatile bool _off;

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly bool _profile = ctx.Env("KOS_HOOK_PROFILE") is { Length: > 0 };

    /// <summary>With KOS_HOOK_PROFILE set, prints how long each stage took (to find what the hot path spends).</summary>
    internal void Mark(string stage)
    {
        if (_profile)
        {
            ctx.Err.WriteLine($"kos-profile {stage} {_clock.Elapsed.TotalMilliseconds:F2} ms {GC.GetTotalAllocatedBytes() / 1024} KiB allocated");
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
        var e = new HookEvent(adapter.Name, eventName, kind, adapter.Translate(raw));
        var cwd = e.Cwd is { Length: > 0 } c && Directory.Exists(c) ? c : ctx.Env("CLAUDE_PROJECT_DIR") ?? ctx.Cwd;
        var project = Governed(e, cwd);
        if (project is null)
        {
            // Not a governed repository: kos has nothing to enforce or record here.
            return HookReply.Silent;
        }

        if (Damage(project) is { } damage)
        {
            return Failure(eventName, damage);
        }

        Mark("located");
        var config = KosConfig.Load(project.ConfigPath);
        Mark("config");
        _off = config.Strictness == Strictness.Off;
        var call = e.ToCall(cwd, adapter.CanAsk, ctx.Env);
        // After a shell command, git status on a big tree is most of the hook: begun before the ledger is opened.
        var post = kind == HookKind.PostTool ? Hooks.AgentHooks.BeginPostTool(project, ctx.Clock, call) : null;
        // A store that cannot be opened (a team database down: 2 s at most) throws, and Failure refuses the call.
        using var kernel = new Kernel(project, config, Ledger.StoreFactory.Open(project, config, ctx.Env, ctx.Clock, hook: true), ctx.Clock,
            [], Actors.AgentContext.ActorOf(adapter.Name, e.SessionId), e.SessionId);
        Mark("opened");
        if (!call.Fenced && kind is HookKind.Stop or HookKind.SessionStart && adapter.Name == "claude" && Fence.FenceUpdate.IsInstalled(project))
        {
            call = call with { Fenced = true }; // Claude Code's Bash runs inside the repository's fence
        }

        var decision = kind switch
        {
            HookKind.PreTool => kernel.Hooks.PreTool(call),
            HookKind.PostTool => kernel.Hooks.PostTool(call, post!),
            HookKind.Stop or HookKind.SubagentStop => kernel.Hooks.Stop(call, subagent: kind == HookKind.SubagentStop),
            HookKind.SessionStart or HookKind.Compact => kernel.Hooks.SessionStart(call, compacted: kind == HookKind.Compact),
            HookKind.Prompt => kernel.Hooks.Prompt(call),
            _ => kernel.Hooks.Record(call, sessionEnded: kind == HookKind.SessionEnd),
        };
        Mark("decided");
        var reply = adapter.Render(e, decision);
        return decision.Marker is null ? reply : reply with { Stderr = reply.Stderr + decision.Marker + "\n" };
    }

    /// <summary>
    /// What an exception, a timeout or a damaged project becomes: in every strictness but <c>off</c> a
    /// tool call or prompt is refused and anything else blocked (exit 2: the agent shows the reason),
    /// because a call kos could not check is never an allow.
    /// </summary>
    public HookReply Failure(string eventName, string reason)
    {
        var kind = adapter.Classify(eventName);
        if (_off)
        {
            return new HookReply("", $"kos: hook {adapter.Name} {eventName} failed (strictness off, not enforced): {reason}\n", 0);
        }

        return kind is HookKind.PreTool or HookKind.Prompt
            ? adapter.FailClosed(kind, eventName, $"kos could not check this call, so it is refused: {reason}")
            : new HookReply("", $"kos: hook {adapter.Name} {eventName} failed: {reason}\n", 2);
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
            // Duplicate keys are refused: the agent and kos could read different values from one payload.
            if (JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false }) is JsonObject o)
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

    /// <summary>A payload kos cannot read: recorded (digest and redacted excerpt) where a project is governed, and refused.</summary>
    private HookReply Malformed(HookKind kind, string eventName, string input, string error)
    {
        var project = Governed(null, ctx.Env("CLAUDE_PROJECT_DIR") ?? ctx.Cwd);
        if (project is null)
        {
            return new HookReply("", $"kos: hook {adapter.Name} {eventName}: {error} (not in a repository kos governs; nothing to check)\n", 0);
        }

        if (Damage(project) is null)
        {
            var config = KosConfig.Load(project.ConfigPath);
            _off = config.Strictness == Strictness.Off;
            using var store = Ledger.StoreFactory.Open(project, config, ctx.Env, ctx.Clock, hook: true);
            new Kernel(project, config, store, ctx.Clock, [], Actors.AgentContext.ActorOf(adapter.Name, null)).Hooks.Malformed(adapter.Name, eventName, error, input);
        }

        return Failure(eventName, error);
    }
}
