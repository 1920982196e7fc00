using System.Net;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// An Anthropic Messages API stand-in for Claude Code: streams each scripted turn as SSE. The turn
/// is picked by the number of assistant messages already in the request; the main conversation
/// (whose tools include Agent) and subagent conversations (no Agent tool) follow separate scripts.
/// </summary>
public sealed class AnthropicStandIn(IReadOnlyList<Turn> main, IReadOnlyList<Turn> subagent) : ScriptedModel
{
    private int _ids;

    /// <summary>
    /// Subagent scripts chosen by a phrase of the subagent's system prompt (its agent file's body), checked first: a
    /// subagent offered every tool (Agent included) would otherwise look like the main conversation. Others play <c>subagent</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Turn>> Subagents { get; init; } = new Dictionary<string, IReadOnlyList<Turn>>();

    protected override async Task Answer(HttpListenerContext http, string path, JsonObject? body)
    {
        if (path.EndsWith("/count_tokens", StringComparison.Ordinal))
        {
            await Json(http, new JsonObject { ["input_tokens"] = 100 });
            return;
        }

        if (!path.EndsWith("/v1/messages", StringComparison.Ordinal) || body is null)
        {
            await Json(http, new JsonObject());
            return;
        }

        var tools = (body["tools"] as JsonArray ?? []).Select(t => t?["name"]?.GetValue<string>()).ToList();
        var assistantTurns = (body["messages"] as JsonArray ?? []).Count(m => m?["role"]?.GetValue<string>() == "assistant");
        var system = body["system"] switch
        {
            JsonArray blocks => string.Join("\n", blocks.Select(b => b?["text"]?.GetValue<string>())),
            JsonValue v => v.GetValue<string>(),
            _ => "",
        };
        var script = Subagents.FirstOrDefault(p => system.Contains(p.Key, StringComparison.Ordinal)).Value
            ?? (tools.Contains("Agent") || tools.Contains("Task") ? main : tools.Count > 0 ? subagent : []);
        var turn = assistantTurns < script.Count ? script[assistantTurns] : Turn.Say("Finished.");
        if (turn.Before is { } gate)
        {
            await gate();
        }

        var model = body["model"]?.GetValue<string>() ?? "claude-sonnet-4-5";
        var stream = body["stream"]?.GetValue<bool>() ?? false;
        var id = Interlocked.Increment(ref _ids);
        JsonObject block = turn.Tool is null
            ? new JsonObject { ["type"] = "text", ["text"] = turn.Text ?? "" }
            : new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{id:D4}", ["name"] = turn.Tool, ["input"] = turn.Input!.DeepClone() };
        var stop = turn.Tool is null ? "end_turn" : "tool_use";
        var usage = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 5 };
        if (!stream)
        {
            await Json(http, new JsonObject
            {
                ["id"] = $"msg_{id}", ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new JsonArray(block), ["stop_reason"] = stop, ["stop_sequence"] = null, ["usage"] = usage,
            });
            return;
        }

        var start = turn.Tool is null
            ? new JsonObject { ["type"] = "text", ["text"] = "" }
            : new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{id:D4}", ["name"] = turn.Tool, ["input"] = new JsonObject() };
        var delta = turn.Tool is null
            ? new JsonObject { ["type"] = "text_delta", ["text"] = turn.Text ?? "" }
            : new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = turn.Input!.ToJsonString() };
        await Sse(http,
        [
            ("message_start", new JsonObject { ["type"] = "message_start", ["message"] = new JsonObject
            {
                ["id"] = $"msg_{id}", ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(),
                ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = usage.DeepClone(),
            } }),
            ("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = start }),
            ("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta }),
            ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }),
            ("message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = stop, ["stop_sequence"] = null }, ["usage"] = new JsonObject { ["output_tokens"] = 5 } }),
            ("message_stop", new JsonObject { ["type"] = "message_stop" }),
        ]);
    }
}
