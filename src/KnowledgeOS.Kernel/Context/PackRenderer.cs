using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Json;

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
            sb.Append("\n## Requirements (").Append(c.SpecId).Append(c.SpecTitle is null ? "" : " " + c.SpecTitle)
                .Append(c.Hashes && c.SpecHash is not null ? ", spec hash " + c.SpecHash : "").Append(", verbatim)\n\n");
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
        Section(sb, "Scope (write only here)", c.Scope, s => "`" + s + "`");
        Evals(sb, c);
        Evidence(sb, c);
        Section(sb, "Denials so far", c.Denials, e => Line(e, c.Hashes));
        Section(sb, "Decisions", c.Decisions, e => Line(e, c.Hashes));
        Section(sb, "Plan", c.Plan, s => s);
        Section(sb, "Progress", c.Progress, e => Line(e, c.Hashes));
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

    private static void Evals(StringBuilder sb, PackContent c)
    {
        if (c.Evals is null)
        {
            return;
        }

        sb.Append("\n## Acceptance: the evals kos runs for this task\n\n");
        if (c.Evals.Count == 0)
        {
            sb.Append("None: nothing can show this task works yet. Add one with 'kos add-eval \"COMMAND\" --task ").Append(c.TaskId).Append("'.\n");
        }

        foreach (var e in c.Evals)
        {
            sb.Append("- `").Append(e.Command).Append("` (").Append(e.Source).Append(")\n");
        }
    }

    private static void Evidence(StringBuilder sb, PackContent c)
    {
        if (c.Evidence is not { } ev)
        {
            return;
        }

        var failed = ev.Results.Count(r => !r.Passed);
        sb.Append("\n## Last evidence: ").Append(Verdict(ev)).Append(" (").Append(When(ev.Time)).Append(", ")
            .Append(failed == 0 ? $"{ev.Results.Count} of {ev.Results.Count} passed" : $"{failed} of {ev.Results.Count} failed")
            .Append(ev.Finished ? "" : ", the run did not finish").Append(")\n\n");
        foreach (var r in ev.Results)
        {
            sb.Append("- ").Append(r.Passed ? "passed" : "FAILED").Append(" `").Append(r.Command).Append('`');
            sb.Append(r.Passed ? $" ({Seconds(r.DurationMs)})" : $": {r.Reason ?? (r.ExitCode is { } x ? "exit " + x : "no exit code")}").Append('\n');
            if (r.Tail is not null)
            {
                sb.Append("  last output (redacted):\n");
                foreach (var line in r.Tail.Split('\n'))
                {
                    sb.Append("      ").Append(line).Append('\n');
                }
            }
        }

        if (c.Hashes)
        {
            sb.Append("- run ").Append(ev.RunId).Append(", tree ").Append(ev.Tree).Append(ev.Head is null ? "" : ", HEAD " + ev.Head).Append('\n');
        }
    }

    private static string Verdict(PackEvidence ev) => ev.Results.Any(r => !r.Passed) ? "FAIL" : ev.Passed ? "PASS" : "INCOMPLETE";

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>An ISO time as people read it: to the second, UTC.</summary>
    private static string When(string iso) => iso.Length >= 19 ? iso[..10] + " " + iso[11..19] + "Z" : iso;

    private static string Line(PackEvent e, bool hashes) =>
        When(e.Time) + " " + e.Text + (e.Times > 1 ? $" ({e.Times} times; the time is the latest)" : "") + (hashes ? $" [event {e.Seq} {e.Type} {e.Hash}]" : "");

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
            ["spec"] = c.SpecId is null ? null : SpecJson(c),
            ["intent"] = c.Intent,
            ["requirements"] = reqs,
        };
        if (c.Scope is not null)
        {
            o["scope"] = JsonArrays.Of(c.Scope);
        }

        if (c.Evals is not null)
        {
            var evals = new JsonArray();
            foreach (var e in c.Evals)
            {
                evals.Add((JsonNode)new JsonObject { ["command"] = e.Command, ["source"] = e.Source });
            }

            o["evals"] = evals;
        }

        if (c.Evidence is { } ev)
        {
            o["evidence"] = EvidenceJson(ev, c.Hashes);
        }

        if (c.Denials is not null)
        {
            o["denials"] = Events(c.Denials, c.Hashes);
        }

        if (c.Decisions is not null)
        {
            o["decisions"] = Events(c.Decisions, c.Hashes);
        }

        if (c.Plan is not null)
        {
            o["plan"] = JsonArrays.Of(c.Plan);
        }

        if (c.Progress is not null)
        {
            o["progress"] = Events(c.Progress, c.Hashes);
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

    private static JsonObject SpecJson(PackContent c)
    {
        var spec = new JsonObject { ["id"] = c.SpecId, ["title"] = c.SpecTitle, ["drift"] = c.Drift };
        if (c.Hashes)
        {
            spec["hash"] = c.SpecHash;
        }

        return spec;
    }

    private static JsonObject EvidenceJson(PackEvidence ev, bool hashes)
    {
        var results = new JsonArray();
        foreach (var r in ev.Results)
        {
            results.Add((JsonNode)new JsonObject
            {
                ["command"] = r.Command, ["passed"] = r.Passed, ["exitCode"] = r.ExitCode, ["reason"] = r.Reason, ["durationMs"] = r.DurationMs, ["tail"] = r.Tail,
            });
        }

        var o = new JsonObject { ["verdict"] = Verdict(ev).ToLowerInvariant(), ["time"] = ev.Time, ["finished"] = ev.Finished, ["results"] = results };
        if (hashes)
        {
            o["run"] = ev.RunId;
            o["tree"] = ev.Tree;
            o["head"] = ev.Head;
        }

        return o;
    }

    private static JsonArray Events(IEnumerable<PackEvent> events, bool hashes)
    {
        var a = new JsonArray();
        foreach (var e in events)
        {
            var o = new JsonObject { ["seq"] = e.Seq, ["time"] = e.Time, ["type"] = e.Type, ["text"] = e.Text, ["times"] = e.Times };
            if (hashes)
            {
                o["hash"] = e.Hash;
            }

            a.Add((JsonNode)o);
        }

        return a;
    }
}
