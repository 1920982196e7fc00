using System.Text.Json.Nodes;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Cli.Rendering;

/// <summary>How a change to the registry (a sync, a catalog import) is printed.</summary>
internal static class RegistryOutput
{
    /// <summary>The change as JSON fields, added to <paramref name="o"/>.</summary>
    public static JsonObject WithChanges(this JsonObject o, SyncResult r)
    {
        o["added"] = Output.Strings(r.Added.Select(e => e.Key));
        o["updated"] = Output.Strings(r.Updated.Select(e => e.Key));
        o["missing"] = Output.Strings(r.Missing.Select(e => e.Key));
        o["unchanged"] = r.Unchanged;
        o["events"] = r.Events.Count;
        return o;
    }

    /// <summary>One line per added, updated and missing entry.</summary>
    public static void Changes(CliContext ctx, SyncResult r, Func<RegistryEntry, string?> detail, Func<RegistryEntry, string> gone)
    {
        foreach (var e in r.Added)
        {
            ctx.Out.WriteLine($"added    {e.Key,-32} {detail(e)}");
        }

        foreach (var e in r.Updated)
        {
            ctx.Out.WriteLine($"updated  {e.Key,-32} {detail(e)}");
        }

        foreach (var e in r.Missing)
        {
            ctx.Out.WriteLine($"missing  {e.Key,-32} {gone(e)}");
        }
    }
}
