using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.Codex;

/// <summary>
/// Codex CLI: the same event names and <c>hookSpecificOutput</c> deny as Claude Code; a top-level
/// <c>"decision":"deny"</c> is NOT honoured by Codex (observed: the tool ran), so denies always
/// use <c>permissionDecision</c>, and failures exit 2 with the reason on stderr.
/// </summary>
internal sealed class CodexAdapter : IAgentAdapter
{
    public string Name => "codex";

    public bool CanAsk => false;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName) switch
    {
        "sessionstart" => HookKind.SessionStart,
        "userpromptsubmit" => HookKind.Prompt,
        "pretooluse" => HookKind.PreTool,
        "posttooluse" => HookKind.PostTool,
        "stop" => HookKind.Stop,
        "subagentstop" => HookKind.SubagentStop,
        "postcompact" => HookKind.Compact,
        "sessionend" => HookKind.SessionEnd,
        _ => HookKind.Other,
    };

    public HookReply Render(HookEvent e, HookDecision d) => d.Verdict switch
    {
        Verdict.Deny when e.Kind == HookKind.PreTool =>
            new(HookJson.Specific("PreToolUse", ("permissionDecision", "deny"), ("permissionDecisionReason", d.Text!)), "", 0),
        Verdict.Deny or Verdict.Block when e.Kind is HookKind.Stop or HookKind.SubagentStop or HookKind.PostTool =>
            new(HookJson.Decision("block", d.Text!), "", 0),
        Verdict.Context when e.Kind == HookKind.SessionStart => new(HookJson.Specific("SessionStart", ("additionalContext", d.Text!)), "", 0),
        _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
    };

    public HookReply FailClosed(HookKind kind, string eventName, string reason) => new("", "kos: " + reason + "\n", 2);
}
