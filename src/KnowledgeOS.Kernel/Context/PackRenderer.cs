using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Context;

/// <summary>Renders pack content as Markdown (for injection into an agent) or JSON (for tools). Pure: same content, same bytes.</summary>
public static class PackRenderer
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(PackContent c, PackFormat format) => format == PackFormat.Json ? Json(c) : Markdown(c);

    public static string Markdown(PackContent c)
    {
        var sb = new StringBuilder(4096);
        sb.Append("# Context pack: ").Append(c.TaskId).Append(' ').Append(c.Title).Append('\n');
        sb.Append("\n## Intent\n\n").Append(c.Intent.Trim()).Append('\n');
        if (c.SpecId is not null)
        {
            sb.Append("\n## Requirements (").Append(c.SpecId).Append(c.SpecTitle is null ? "" : " " + c.SpecTitle).Append(", verbatim)\n\n");
        }
        else if (c.Requirements.Count > 0)
        {
            sb.Append("\n## Requirements\n\n");
        }

        foreach (var (id, text) in c.Requirements)
        {
            sb.Append("- ").Append(id).Append(": ").Append(text).Append('\n');
        }

        if (c.Drift is not null)
        {
            sb.Append("\nSpec drift: ").Append(c.Drift).Append('\n');
        }

        sb.Append("\n## Task\n\n").Append("phase ").Append(c.Phase);
        if (c.Agent is not null)
        {
            sb.Append(", agent ").Append(c.Agent);
        }

        if (c.ClaimedBy is not null)
        {
            sb.Append(", claimed by ").Append(c.ClaimedBy);
        }

        sb.Append('\n');
        Section(sb, "Plan", c.Plan, s => s);
        Section(sb, "Progress", c.Progress, s => s);
        Section(sb, "Scope (write only here)", c.Scope, s => "`" + s + "`");
        Section(sb, "Decisions", c.Decisions, e => $"{e.Time} {e.Text}");
        Section(sb, "Denials so far", c.Denials, e => $"{e.Time} {e.Text}");
        if (c.Evidence is not null)
        {
            sb.Append("\n## Last evidence\n\n").Append(c.Evidence).Append('\n');
        }

        if (c.Files is not null)
        {
            sb.Append("\n## Files in scope (").Append(c.Files.Count).Append(" of ").Append(c.FilesTotal).Append(", most relevant first)\n\n");
            foreach (var f in c.Files)
            {
                sb.Append("- ").Append(f.Path).Append(" (").Append(f.Size).Append(" B").Append(f.Why.Length > 0 ? "; " + f.Why : "").Append(")\n");
            }
        }

        return sb.ToString();
    }

    private static void Section<T>(StringBuilder sb, string title, IReadOnlyList<T>? items, Func<T, string> line)
    {
        if (items is null || items.Count == 0)
        {
            return;
        }

        sb.Append("\n## ").Append(title).Append("\n\n");
        foreach (var i in items)
        {
            sb.Append("- ").Append(line(i)).Append('\n');
        }
    }

    public static string Json(PackContent c)
    {
        var reqs = new JsonArray();
        foreach (var (id, text) in c.Requirements)
        {
            reqs.Add((JsonNode)new JsonObject { ["id"] = id, ["text"] = text });
        }

        var o = new JsonObject
        {
            ["task"] = new JsonObject { ["id"] = c.TaskId, ["title"] = c.Title, ["phase"] = c.Phase, ["agent"] = c.Agent, ["claimedBy"] = c.ClaimedBy },
            ["spec"] = c.SpecId is null ? null : new JsonObject { ["id"] = c.SpecId, ["title"] = c.SpecTitle, ["hash"] = c.SpecHash, ["drift"] = c.Drift },
            ["intent"] = c.Intent,
            ["requirements"] = reqs,
        };
        if (c.Plan is not null)
        {
            o["plan"] = Kernel.Array(c.Plan);
        }

        if (c.Progress is not null)
        {
            o["progress"] = Kernel.Array(c.Progress);
        }

        if (c.Scope is not null)
        {
            o["scope"] = Kernel.Array(c.Scope);
        }

        if (c.Decisions is not null)
        {
            o["decisions"] = Events(c.Decisions);
        }

        if (c.Denials is not null)
        {
            o["denials"] = Events(c.Denials);
        }

        if (c.Evidence is not null)
        {
            o["evidence"] = c.Evidence;
        }

        if (c.Files is not null)
        {
            var files = new JsonArray();
            foreach (var f in c.Files)
            {
                files.Add((JsonNode)new JsonObject { ["path"] = f.Path, ["size"] = f.Size, ["score"] = f.Score, ["why"] = f.Why });
            }

            o["files"] = files;
            o["filesTotal"] = c.FilesTotal;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            o.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static JsonArray Events(IEnumerable<PackEvent> events)
    {
        var a = new JsonArray();
        foreach (var e in events)
        {
            a.Add((JsonNode)new JsonObject { ["seq"] = e.Seq, ["time"] = e.Time, ["type"] = e.Type, ["text"] = e.Text });
        }

        return a;
    }
}
