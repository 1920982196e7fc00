using System.Text.Json.Nodes;
using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.OpenCode;

/// <summary>
/// OpenCode has no hook files: kos's plugin (<see cref="OpenCodePlugin"/>) sends each plugin hook's input here
/// with OpenCode's own names (<c>sessionID</c>, <c>tool</c>, <c>args</c>, <c>directory</c>) and turns the answer
/// into OpenCode's: <c>{"decision":"deny","reason"}</c> makes <c>tool.execute.before</c> throw (the call is
/// blocked and the reason reaches the model), <c>block</c> after a tool appends the reason to its output, after
/// <c>session.idle</c> it prompts the session again; <c>{"context"}</c> is added to the system prompt.
/// </summary>
internal sealed class OpenCodeAdapter : IAgentAdapter
{
    public string Name => "opencode";

    public bool CanAsk => false;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName.Replace('.', '-')) switch
    {
        "sessioncreated" => HookKind.SessionStart,
        "chatmessage" => HookKind.Prompt,
        "toolexecutebefore" => HookKind.PreTool,
        "toolexecuteafter" => HookKind.PostTool,
        "sessionidle" => HookKind.Stop,
        "sessioncompacted" => HookKind.Compact,
        "sessiondeleted" => HookKind.SessionEnd,
        _ => HookKind.Other,
    };

    public JsonObject Translate(JsonObject raw)
    {
        Copy(raw, "sessionID", "session_id");
        Copy(raw, "tool", "tool_name");
        Copy(raw, "args", "tool_input");
        Copy(raw, "output", "tool_response");
        Copy(raw, "directory", "cwd");
        Copy(raw, "stopHookActive", "stop_hook_active");
        Copy(raw, "lastMessage", "last_assistant_message");
        if (raw["tool_name"] is JsonValue n && n.TryGetValue(out string? tool) && McpTool(tool, raw["cwd"]?.GetValue<string>()) is { } mcp)
        {
            raw["tool_name"] = mcp;
        }

        return raw;
    }

    /// <summary>
    /// OpenCode names an MCP tool <c>SERVER_TOOL</c> (both sanitised to letters, digits, <c>_</c> and <c>-</c>); the server is
    /// the longest one declared under <c>mcp</c> in the project's <c>opencode.json(c)</c> that prefixes the name.
    /// </summary>
    private static string? McpTool(string tool, string? cwd)
    {
        if (cwd is not { Length: > 0 } || !tool.Contains('_', StringComparison.Ordinal))
        {
            return null;
        }

        var server = new[] { "opencode.json", "opencode.jsonc" }
            .SelectMany(f => Install.AgentFolders.Read(Path.Combine(cwd, f))?["mcp"] as JsonObject ?? [])
            .Select(kv => kv.Key)
            .Where(name => tool.StartsWith(Sanitize(name) + "_", StringComparison.Ordinal))
            .OrderByDescending(name => name.Length)
            .FirstOrDefault();
        return server is null ? null : $"mcp__{server}__{tool[(Sanitize(server).Length + 1)..]}";
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));

    public HookReply Render(HookEvent e, HookDecision d) => d.Verdict switch
    {
        Verdict.Deny when e.Kind is HookKind.PreTool or HookKind.Prompt => new(HookJson.Decision("deny", d.Text!), "", 0),
        Verdict.Deny or Verdict.Block when e.Kind is HookKind.Stop or HookKind.PostTool => new(HookJson.Decision("block", d.Text!), "", 0),
        Verdict.Warn when e.Kind is HookKind.PreTool or HookKind.PostTool => new(HookJson.Write(new JsonObject { ["context"] = HookJson.Cap(d.Text) }), "", 0),
        Verdict.Context when e.Kind is HookKind.SessionStart or HookKind.Compact => new(HookJson.Write(new JsonObject { ["context"] = HookJson.Cap(d.Text) }), "", 0),
        _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
    };

    public HookReply FailClosed(HookKind kind, string eventName, string reason) => new(HookJson.Decision("deny", reason), "kos: " + reason + "\n", 2);

    private static void Copy(JsonObject raw, string from, string to)
    {
        if (raw[to] is null && raw[from] is { } value)
        {
            raw[to] = value.DeepClone();
        }
    }
}
