using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// An OpenAI Responses API stand-in for Codex: <c>POST /v1/responses</c>, streamed. Every item it
/// sends carries its turn number in its id, and follow-up requests carry those items back, so the
/// next turn is one past the highest number seen.
/// </summary>
public sealed partial class ResponsesStandIn(IReadOnlyList<Turn> script) : ScriptedModel
{
    [GeneratedRegex(@"_t(\d+)""")]
    private static partial Regex TurnId();

    /// <summary>Writes <c>HOME/config.toml</c> for Codex: this stand-in as its model provider (key from FAKE_API_KEY).</summary>
    public void WriteCodexConfig(string codexHome) => File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
        model = "gpt-5.5"
        model_provider = "fake"

        [model_providers.fake]
        name = "fake"
        base_url = "{BaseUrl}/v1"
        wire_api = "responses"
        env_key = "FAKE_API_KEY"
        """);

    protected override async Task Answer(HttpListenerContext http, string path, JsonObject? body)
    {
        if (!path.EndsWith("/responses", StringComparison.Ordinal) || body is null)
        {
            await Json(http, new JsonObject { ["object"] = "list", ["data"] = new JsonArray() });
            return;
        }

        var input = body["input"]?.ToJsonString() ?? "";
        var n = TurnId().Matches(input).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        var turn = n < script.Count ? script[n] : Turn.Say("Finished.");
        JsonObject item = turn switch
        {
            { Freeform: not null } => new JsonObject { ["type"] = "custom_tool_call", ["id"] = $"ctc_t{n}", ["call_id"] = $"call_t{n}", ["name"] = turn.Tool, ["input"] = turn.Freeform, ["status"] = "completed" },
            { Tool: not null } => new JsonObject { ["type"] = "function_call", ["id"] = $"fc_t{n}", ["call_id"] = $"call_t{n}", ["name"] = turn.Tool, ["arguments"] = turn.Input!.ToJsonString(), ["status"] = "completed" },
            _ => new JsonObject
            {
                ["type"] = "message", ["id"] = $"msg_t{n}", ["role"] = "assistant", ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = turn.Text, ["annotations"] = new JsonArray() }),
            },
        };
        var usage = new JsonObject
        {
            ["input_tokens"] = 10, ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            ["output_tokens"] = 5, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 }, ["total_tokens"] = 15,
        };
        var events = new List<(string?, JsonNode)>
        {
            ("response.created", new JsonObject { ["type"] = "response.created", ["response"] = new JsonObject { ["id"] = $"resp_{n}", ["object"] = "response", ["status"] = "in_progress", ["output"] = new JsonArray() } }),
            ("response.output_item.added", new JsonObject { ["type"] = "response.output_item.added", ["output_index"] = 0, ["item"] = item.DeepClone() }),
        };
        if (turn.Tool is null)
        {
            events.Add(("response.output_text.delta", new JsonObject { ["type"] = "response.output_text.delta", ["item_id"] = $"msg_t{n}", ["output_index"] = 0, ["content_index"] = 0, ["delta"] = turn.Text }));
        }

        events.Add(("response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item.DeepClone() }));
        events.Add(("response.completed", new JsonObject
        {
            ["type"] = "response.completed",
            ["response"] = new JsonObject { ["id"] = $"resp_{n}", ["object"] = "response", ["status"] = "completed", ["output"] = new JsonArray(item.DeepClone()), ["usage"] = usage },
        }));
        await Sse(http, events);
    }
}
