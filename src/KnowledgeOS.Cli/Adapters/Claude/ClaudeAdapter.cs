using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.Claude;

/// <summary>
/// Claude Code: PreToolUse denies (or asks the user) through <c>hookSpecificOutput.permissionDecision</c>; Stop,
/// SubagentStop and PostToolUse block with <c>{"decision":"block"}</c>; SessionStart (also
/// after compaction, source <c>compact</c>) injects <c>additionalContext</c>; PostCompact is recorded. Only exit code 2 blocks: any other failure
/// fails open, so a strict-mode failure answers with exit 2.
/// </summary>
internal sealed class ClaudeAdapter : IAgentAdapter
{
    public string Name => "claude";

    public bool CanAsk => true;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName) switch
    {
        "sessionstart" => HookKind.SessionStart,
        "userpromptsubmit" => HookKind.Prompt,
        "pretooluse" => HookKind.PreTool,
        "posttooluse" or "posttoolusefailure" => HookKind.PostTool,
        "stop" => HookKind.Stop,
        "subagentstop" => HookKind.SubagentStop,
        "postcompact" => HookKind.Compact,
        "sessionend" => HookKind.SessionEnd,
        _ => HookKind.Other,
    };

    public HookReply Render(HookEvent e, HookDecision d)
    {
        var name = CanonicalName(e);
        return d.Verdict switch
        {
            Verdict.Deny when e.Kind == HookKind.PreTool => new(HookJson.Specific("PreToolUse", ("permissionDecision", "deny"), ("permissionDecisionReason", d.Text!)), "", 0),
            Verdict.Ask when e.Kind == HookKind.PreTool => new(HookJson.Specific("PreToolUse", ("permissionDecision", "ask"), ("permissionDecisionReason", d.Text!)), "", 0),
            Verdict.Deny or Verdict.Block when e.Kind is HookKind.Stop or HookKind.SubagentStop or HookKind.PostTool or HookKind.Prompt =>
                new(HookJson.Decision("block", d.Text!), "", 0),
            Verdict.Warn when e.Kind is HookKind.PreTool or HookKind.PostTool => new(HookJson.Specific(name, ("additionalContext", d.Text!)), "", 0),
            // PostCompact has no hookSpecificOutput in Claude Code's schema (an invalid object would be rejected):
            // the pack is re-injected by SessionStart with source "compact", which fires after every compaction.
            Verdict.Context when e.Kind is HookKind.SessionStart or HookKind.Prompt =>
                new(HookJson.Specific(name, ("additionalContext", d.Text!)), "", 0),
            _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
        };
    }

    public HookReply FailClosed(HookKind kind, string eventName, string reason) => new("", "kos: " + reason + "\n", 2);

    private static string CanonicalName(HookEvent e) =>
        e.Str("hook_event_name") ?? e.Kind switch
        {
            HookKind.SessionStart => "SessionStart",
            HookKind.Prompt => "UserPromptSubmit",
            HookKind.PreTool => "PreToolUse",
            HookKind.PostTool => "PostToolUse",
            HookKind.Compact => "PostCompact",
            _ => e.EventName,
        };
}
