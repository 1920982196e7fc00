using System.Net;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// A Gemini API stand-in for Gemini CLI: the router's side request (<c>:generateContent</c>, asked
/// for a JSON complexity score) gets a fixed score; <c>:streamGenerateContent</c> plays the script
/// as one SSE event per turn, picked by the number of <c>model</c> contents already in the request.
/// </summary>
public sealed class GeminiStandIn(IReadOnlyList<Turn> script) : ScriptedModel
{
    protected override async Task Answer(HttpListenerContext http, string path, JsonObject? body)
    {
        var usage = new JsonObject { ["promptTokenCount"] = 10, ["candidatesTokenCount"] = 5, ["totalTokenCount"] = 15 };
        if (path.EndsWith(":countTokens", StringComparison.Ordinal))
        {
            await Json(http, new JsonObject { ["totalTokens"] = 10 });
            return;
        }

        if (!path.Contains(":streamGenerateContent", StringComparison.Ordinal))
        {
            // The router classifier (and any other side request) wants one JSON text part.
            var text = new JsonObject { ["complexity_reasoning"] = "a scripted test", ["complexity_score"] = 1 }.ToJsonString();
            await Json(http, new JsonObject
            {
                ["candidates"] = new JsonArray(new JsonObject
                {
                    ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) },
                    ["finishReason"] = "STOP", ["index"] = 0,
                }),
                ["usageMetadata"] = usage,
            });
            return;
        }

        var n = (body?["contents"] as JsonArray ?? []).Count(c => c?["role"]?.GetValue<string>() == "model");
        var turn = n < script.Count ? script[n] : Turn.Say("Finished.");
        JsonObject part = turn.Tool is null
            ? new JsonObject { ["text"] = turn.Text }
            : new JsonObject { ["functionCall"] = new JsonObject { ["name"] = turn.Tool, ["args"] = turn.Input!.DeepClone() } };
        await Sse(http,
        [
            (null, new JsonObject
            {
                ["candidates"] = new JsonArray(new JsonObject
                {
                    ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part) },
                    ["finishReason"] = "STOP", ["index"] = 0,
                }),
                ["usageMetadata"] = usage,
            }),
        ]);
    }
}
