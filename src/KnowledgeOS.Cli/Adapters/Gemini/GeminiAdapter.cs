using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.Gemini;

/// <summary>
/// Gemini CLI: BeforeTool denies with a top-level <c>{"decision":"deny","reason":…}</c> — it
/// IGNORES Claude's <c>hookSpecificOutput.permissionDecision</c> (observed: the tool ran).
/// AfterAgent blocks with <c>{"decision":"block"}</c>, which forces one more turn. File paths in
/// tool inputs are relative to the payload's <c>cwd</c>.
/// </summary>
internal sealed class GeminiAdapter : IAgentAdapter
{
    public string Name => "gemini";

    public bool CanAsk => false;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName) switch
    {
        "sessionstart" => HookKind.SessionStart,
        "beforeagent" => HookKind.Prompt,
        "beforetool" or "pretooluse" => HookKind.PreTool,
        "aftertool" or "posttooluse" => HookKind.PostTool,
        "afteragent" or "stop" => HookKind.Stop,
        "precompress" => HookKind.Compact,
        "sessionend" => HookKind.SessionEnd,
        _ => HookKind.Other,
    };

    public HookReply Render(HookEvent e, HookDecision d) => d.Verdict switch
    {
        Verdict.Deny when e.Kind == HookKind.PreTool => new(HookJson.Decision("deny", d.Text!), "", 0),
        Verdict.Deny or Verdict.Block when e.Kind == HookKind.Stop => new(HookJson.Decision("block", d.Text!), "", 0),
        Verdict.Block or Verdict.Warn when e.Kind is HookKind.PostTool or HookKind.PreTool =>
            new(HookJson.Specific(e.Kind == HookKind.PreTool ? "BeforeTool" : "AfterTool", ("additionalContext", d.Text!)), "", 0),
        Verdict.Context when e.Kind is HookKind.SessionStart or HookKind.Prompt =>
            new(HookJson.Specific(e.Kind == HookKind.SessionStart ? "SessionStart" : "BeforeAgent", ("additionalContext", d.Text!)), "", 0),
        _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
    };

    public HookReply FailClosed(HookKind kind, string eventName, string reason) =>
        new(HookJson.Decision("deny", reason), "kos: " + reason + "\n", 2);
}
