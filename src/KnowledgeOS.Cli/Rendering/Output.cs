using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Gates;
using KnowledgeOS.Json;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Rendering;

/// <summary>How commands print: human text that reads well, or JSON with <c>--json</c>.</summary>
internal static class Output
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Json(CliContext ctx, JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            node.WriteTo(writer);
        }

        ctx.Out.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A task as <c>show --json</c> prints it: the stored record, its spec named <c>spec</c> as in every other output.</summary>
    public static JsonNode TaskJson(TaskState task)
    {
        var o = JsonSerializer.SerializeToNode(task, KernelJson.Default.TaskState)!.AsObject();
        if (o.Remove("specId", out var spec))
        {
            o.Insert(o.IndexOf("intent") + 1, "spec", spec);
        }

        return o;
    }

    public static JsonArray Strings(IEnumerable<string> items)
    {
        var a = new JsonArray();
        foreach (var i in items)
        {
            a.Add((JsonNode?)i);
        }

        return a;
    }

    /// <summary>Prints a lifecycle outcome: markers on stdout, warnings and refusals on stderr.</summary>
    public static int Move(CliContext ctx, bool json, MoveResult result, bool quiet = false)
    {
        if (json)
        {
            var o = new JsonObject
            {
                ["ok"] = result.Ok,
                ["task"] = result.Discarded ? null : result.Task.Id,
                ["phase"] = result.Discarded ? null : result.Task.Phase.Name(),
                ["checkpoints"] = Checkpoints(result.Checkpoints),
                ["refusals"] = Strings(result.Refusals.Select(r => r.ToString())),
                ["warnings"] = Strings(result.Warnings.Select(r => r.ToString())),
            };
            Json(ctx, o);
        }
        else
        {
            foreach (var c in quiet || result.Discarded ? [] : result.Checkpoints)
            {
                ctx.Out.WriteLine(c.Marker);
            }

            Findings(ctx, "warning", result.Warnings);
            if (!result.Ok)
            {
                ctx.Err.WriteLine(result.Discarded
                    ? "kos: refused: no task was created (nothing was recorded)."
                    : $"kos: refused: {result.Task.Id} stays in phase {result.Task.Phase.Name()}.");
                Findings(ctx, "refused", result.Refusals);
            }
        }

        return result.Ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    public static JsonArray Checkpoints(IEnumerable<Checkpoint> checkpoints)
    {
        var a = new JsonArray();
        foreach (var c in checkpoints)
        {
            a.Add((JsonNode)new JsonObject
            {
                ["marker"] = c.Marker,
                ["phase"] = c.Phase.Name(),
                ["seq"] = c.Event.Seq,
                ["hash"] = c.Event.Hash,
            });
        }

        return a;
    }

    public static void Findings(CliContext ctx, string label, IEnumerable<GateFinding> findings)
    {
        foreach (var f in findings)
        {
            ctx.Err.WriteLine($"  {label}: {f}");
        }
    }
}
