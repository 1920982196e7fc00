using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.Qwen;

/// <summary>
/// Qwen Code: a Gemini CLI fork whose hooks are Claude-style (<c>PreToolUse</c>, <c>tool_name</c>/<c>tool_input</c>,
/// <c>hookSpecificOutput.permissionDecision</c>). Only exit 2 or a deny blocks: exit 1 lets the call through,
/// so every failure answers exit 2 (and the installed wrapper turns any other exit into 2).
/// </summary>
internal sealed class QwenAdapter : IAgentAdapter
{
    public string Name => "qwen";

    public bool CanAsk => false;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName) switch
    {
        "sessionstart" => HookKind.SessionStart,
        "userpromptsubmit" => HookKind.Prompt,
        "pretooluse" => HookKind.PreTool,
        "posttooluse" or "posttoolusefailure" => HookKind.PostTool,
        "stop" => HookKind.Stop,
        "subagentstop" => HookKind.SubagentStop,
        "precompact" => HookKind.Compact,
        "sessionend" => HookKind.SessionEnd,
        _ => HookKind.Other,
    };

    public HookReply Render(HookEvent e, HookDecision d) => d.Verdict switch
    {
        Verdict.Deny when e.Kind == HookKind.PreTool =>
            new(HookJson.Specific("PreToolUse", ("permissionDecision", "deny"), ("permissionDecisionReason", d.Text!)), "", 0),
        Verdict.Deny or Verdict.Block when e.Kind is HookKind.Stop or HookKind.SubagentStop or HookKind.PostTool or HookKind.Prompt =>
            new(HookJson.Decision("block", d.Text!), "", 0),
        Verdict.Warn when e.Kind == HookKind.PreTool => new(HookJson.Specific("PreToolUse", ("additionalContext", d.Text!)), "", 0),
        Verdict.Warn when e.Kind == HookKind.PostTool => new(HookJson.Specific("PostToolUse", ("additionalContext", d.Text!)), "", 0),
        Verdict.Context when e.Kind is HookKind.SessionStart or HookKind.Prompt =>
            new(HookJson.Specific(e.Kind == HookKind.SessionStart ? "SessionStart" : "UserPromptSubmit", ("additionalContext", d.Text!)), "", 0),
        _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
    };

    public HookReply FailClosed(HookKind kind, string eventName, string reason) => new("", "kos: " + reason + "\n", 2);
}
