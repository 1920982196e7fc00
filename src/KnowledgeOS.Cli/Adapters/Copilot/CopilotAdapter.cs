using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters.Copilot;

/// <summary>
/// GitHub Copilot CLI (and the cloud coding agent, which reads the same <c>.github/hooks/*.json</c>): camelCase
/// events and payloads (<c>sessionId</c>, <c>toolName</c>, <c>toolArgs</c>, <c>toolResult</c>). preToolUse denies
/// with a top-level <c>{"permissionDecision":"deny","permissionDecisionReason":…}</c>; agentStop and subagentStop
/// block with <c>{"decision":"block","reason":…}</c> (the reason becomes a follow-up user message); sessionStart,
/// userPromptSubmitted and postToolUse take <c>additionalContext</c>. Any failing hook blocks the call.
/// </summary>
internal sealed class CopilotAdapter : IAgentAdapter
{
    public string Name => "copilot";

    public bool CanAsk => false;

    public HookKind Classify(string eventName) => Adapters.Normal(eventName) switch
    {
        "sessionstart" => HookKind.SessionStart,
        "userpromptsubmitted" or "userpromptsubmit" => HookKind.Prompt,
        "pretooluse" => HookKind.PreTool,
        "posttooluse" or "posttoolusefailure" => HookKind.PostTool,
        "agentstop" or "stop" => HookKind.Stop,
        "subagentstop" => HookKind.SubagentStop,
        "sessionend" => HookKind.SessionEnd,
        _ => HookKind.Other,
    };

    /// <summary>Copilot's names to the common ones; <c>toolArgs</c> may arrive as an object or as a JSON string.</summary>
    public JsonObject Translate(JsonObject raw)
    {
        Rename(raw, "sessionId", "session_id");
        Rename(raw, "toolName", "tool_name");
        Rename(raw, "transcriptPath", "transcript_path");
        Rename(raw, "stopHookActive", "stop_hook_active");
        Rename(raw, "agentType", "agent_type");
        Rename(raw, "agentId", "agent_id");
        Rename(raw, "response", "last_assistant_message");
        if (raw["toolResult"] is { } result && raw["tool_response"] is null)
        {
            raw["tool_response"] = result.DeepClone();
            if (result is JsonObject r && r["resultType"] is JsonValue t && t.TryGetValue(out string? type) && type is "failure" or "denied" or "rejected")
            {
                raw["error"] ??= r["textResultForLlm"]?.DeepClone() ?? type;
            }
        }

        if (raw["tool_name"] is JsonValue n && n.TryGetValue(out string? tool) && McpTool(tool, raw["cwd"]?.GetValue<string>()) is { } mcp)
        {
            raw["tool_name"] = mcp;
        }

        if (raw["tool_input"] is null && (raw["toolArgs"] ?? raw["toolInput"]) is { } args)
        {
            raw["tool_input"] = args is JsonValue v && v.TryGetValue(out string? text) ? ParseArgs(text) : args.DeepClone();
        }

        return raw;
    }

    /// <summary>
    /// Copilot names an MCP tool <c>SERVER-TOOL</c> (observed: <c>kosecho-echo</c>); as <c>mcp__SERVER__TOOL</c> it is governed
    /// like every agent's MCP calls. The server is the longest one declared where Copilot reads servers (the project's
    /// <c>.mcp.json</c>, <c>~/.copilot/mcp-config.json</c>) that prefixes the name; none of Copilot's own tools has a dash.
    /// </summary>
    private static string? McpTool(string tool, string? cwd)
    {
        if (!tool.Contains('-', StringComparison.Ordinal) || tool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            return null;
        }

        var home = Environment.GetEnvironmentVariable("COPILOT_HOME") is { Length: > 0 } h
            ? h
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".copilot");
        var files = new[] { cwd, Environment.GetEnvironmentVariable("COPILOT_PROJECT_DIR") }
            .Where(d => d is { Length: > 0 }).Select(d => Path.Combine(d!, ".mcp.json"))
            .Append(Path.Combine(home, "mcp-config.json"));
        var server = files.Distinct(StringComparer.Ordinal)
            .SelectMany(f => Install.AgentFolders.Read(f)?["mcpServers"] as JsonObject ?? [])
            .Select(kv => kv.Key)
            .Where(name => tool.StartsWith(name + "-", StringComparison.Ordinal))
            .OrderByDescending(name => name.Length)
            .FirstOrDefault();
        return server is null ? null : $"mcp__{server}__{tool[(server.Length + 1)..]}";
    }

    public HookReply Render(HookEvent e, HookDecision d) => d.Verdict switch
    {
        Verdict.Deny when e.Kind == HookKind.PreTool => new(Deny(d.Text!), "", 0),
        Verdict.Deny or Verdict.Block when e.Kind is HookKind.Stop or HookKind.SubagentStop or HookKind.Prompt => new(HookJson.Decision("block", d.Text!), "", 0),
        Verdict.Block or Verdict.Warn when e.Kind is HookKind.PostTool or HookKind.PreTool => new(Context(d.Text!), "", 0),
        Verdict.Context when e.Kind is HookKind.SessionStart or HookKind.Prompt => new(Context(d.Text!), "", 0),
        _ => new("", d.Text is null ? "" : "kos: " + d.Text + "\n", 0),
    };

    public HookReply FailClosed(HookKind kind, string eventName, string reason) => new(Deny(reason), "kos: " + reason + "\n", 2);

    private static string Deny(string reason) =>
        HookJson.Write(new JsonObject { ["permissionDecision"] = "deny", ["permissionDecisionReason"] = HookJson.Cap(reason) });

    private static string Context(string text) => HookJson.Write(new JsonObject { ["additionalContext"] = HookJson.Cap(text) });

    private static void Rename(JsonObject raw, string from, string to)
    {
        if (raw[to] is null && raw[from] is { } value)
        {
            raw[to] = value.DeepClone();
        }
    }

    /// <summary>A <c>toolArgs</c> string kos cannot parse stays a string: the classifier then refuses the call as unreadable.</summary>
    private static JsonNode? ParseArgs(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) ?? JsonValue.Create(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
