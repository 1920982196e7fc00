using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.Cursor;

/// <summary>
/// Cursor: <c>before*</c> events answer <c>{"permission":"allow|deny|ask","user_message","agent_message"}</c>;
/// there is no hook before a file edit, so <c>afterFileEdit</c> is checked after the fact and a
/// violation recorded; <c>stop</c> can ask for a follow-up turn with <c>followup_message</c>.
/// </summary>
internal sealed class CursorAdapter : IAgentAdapter
{
    public string Name => "cursor";

    public bool CanAsk => true;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName) switch
    {
        "beforeshellexecution" or "beforemcpexecution" or "beforereadfile" or "pretooluse" => HookKind.PreTool,
        "afterfileedit" or "aftershellexecution" or "aftermcpexecution" or "posttooluse" => HookKind.PostTool,
        "beforesubmitprompt" => HookKind.Prompt,
        "stop" => HookKind.Stop,
        "sessionstart" => HookKind.SessionStart,
        _ => HookKind.Other,
    };

    public HookReply Render(HookEvent e, HookDecision d) => d.Verdict switch
    {
        Verdict.Deny when e.Kind is HookKind.PreTool or HookKind.Prompt => new(Permission("deny", d.Text), "", 0),
        Verdict.Warn when e.Kind == HookKind.PreTool => new(Permission("allow", d.Text), "", 0),
        Verdict.Ask when e.Kind == HookKind.PreTool => new(Permission("ask", d.Text), "", 0),
        _ when e.Kind == HookKind.PreTool => new(Permission("allow", null), "", 0),
        _ when e.Kind == HookKind.Prompt => new(HookJson.Write(new System.Text.Json.Nodes.JsonObject { ["continue"] = true }), "", 0),
        Verdict.Block when e.Kind == HookKind.Stop => new(HookJson.Write(new System.Text.Json.Nodes.JsonObject { ["followup_message"] = HookJson.Cap(d.Text) }), "", 0),
        _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
    };

    public HookReply FailClosed(HookKind kind, string eventName, string reason) => new(Permission("deny", reason), "kos: " + reason + "\n", 2);

    private static string Permission(string permission, string? message)
    {
        var o = new System.Text.Json.Nodes.JsonObject { ["permission"] = permission };
        if (message is not null)
        {
            o["user_message"] = HookJson.Cap(message);
            o["agent_message"] = HookJson.Cap(message);
        }

        return HookJson.Write(o);
    }
}
