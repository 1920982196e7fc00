using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// An OpenAI Chat Completions stand-in (<c>POST /v1/chat/completions</c>, streamed or not; <c>GET /v1/models</c>) for
/// the agents that speak it: GitHub Copilot CLI, Qwen Code, OpenCode. The turn is the number of assistant messages
/// already in the conversation; a request without tools (a title, a memory summary) is a side request and gets "ok".
/// </summary>
public sealed class ChatCompletionsStandIn(IReadOnlyList<Turn> script) : ScriptedModel
{
    protected override async Task Answer(HttpListenerContext http, string path, JsonObject? body)
    {
        if (!path.EndsWith("/chat/completions", StringComparison.Ordinal) || body is null)
        {
            var models = new JsonArray();
            foreach (var id in new[] { "gpt-4.1", "fake-model" })
            {
                models.Add((JsonNode)new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = 0, ["owned_by"] = "kos-tests" });
            }

            await Json(http, new JsonObject { ["object"] = "list", ["data"] = models });
            return;
        }

        var messages = body["messages"] as JsonArray ?? [];
        var n = messages.Count(m => m?["role"]?.GetValue<string>() == "assistant");
        var side = body["tools"] is not JsonArray { Count: > 0 };
        var turn = side ? Turn.Say("ok") : n < script.Count ? script[n] : Turn.Say("Finished.");
        var calls = turn.Tool is null ? null : new JsonArray(new JsonObject
        {
            ["index"] = 0, ["id"] = $"call_t{n}", ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = turn.Tool, ["arguments"] = turn.Input!.ToJsonString() },
        });
        var finish = calls is null ? "stop" : "tool_calls";
        var usage = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 };
        var model = body["model"]?.GetValue<string>() ?? "gpt-4.1";
        if (body["stream"] is JsonValue s && s.TryGetValue(out bool stream) && stream)
        {
            var delta = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
            if (calls is not null)
            {
                delta["tool_calls"] = calls.DeepClone();
            }

            http.Response.ContentType = "text/event-stream";
            http.Response.SendChunked = true;
            var sb = new StringBuilder();
            sb.Append("data: ").Append(Chunk(n, model, delta, null, null)).Append("\n\n");
            sb.Append("data: ").Append(Chunk(n, model, new JsonObject(), finish, usage)).Append("\n\n");
            sb.Append("data: [DONE]\n\n");
            await http.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
            return;
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = turn.Text };
        if (calls is not null)
        {
            message["tool_calls"] = calls.DeepClone();
        }

        await Json(http, new JsonObject
        {
            ["id"] = $"chatcmpl-{n}", ["object"] = "chat.completion", ["created"] = 0, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
            ["usage"] = usage,
        });
    }

    private static string Chunk(int n, string model, JsonObject delta, string? finish, JsonObject? usage)
    {
        var chunk = new JsonObject
        {
            ["id"] = $"chatcmpl-{n}", ["object"] = "chat.completion.chunk", ["created"] = 0, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        if (usage is not null)
        {
            chunk["usage"] = usage;
        }

        return chunk.ToJsonString();
    }
}
