namespace KnowledgeOS.Hooks;

/// <summary>What kos answers an agent's event, before an adapter puts it in the agent's own format.</summary>
public enum Verdict
{
    /// <summary>Say nothing: the agent proceeds as it would without kos.</summary>
    Allow,
    /// <summary>Refuse a tool call (PreToolUse) with a reason the model can act on.</summary>
    Deny,
    /// <summary>Keep the agent going (Stop) or tell it that what just happened is a problem (PostToolUse).</summary>
    Block,
    /// <summary>Proceed, with a warning the model sees (advisory mode).</summary>
    Warn,
    /// <summary>Proceed, and give the model this context (SessionStart, after compaction).</summary>
    Context,
    /// <summary>Let the user decide (registry policy ask), for agents that can put the question (Claude Code, Cursor).</summary>
    Ask,
}

public sealed record HookDecision(Verdict Verdict, string? Text = null, string? Marker = null)
{
    public static readonly HookDecision Allow = new(Verdict.Allow);

    public static HookDecision Deny(string reason) => new(Verdict.Deny, reason);

    public static HookDecision Block(string reason) => new(Verdict.Block, reason);

    public static HookDecision Warn(string text) => new(Verdict.Warn, text);

    public static HookDecision Context(string text) => new(Verdict.Context, text);

    public static HookDecision Ask(string reason) => new(Verdict.Ask, reason);
}
