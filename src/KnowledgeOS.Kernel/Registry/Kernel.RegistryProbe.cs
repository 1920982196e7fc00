using System.Text.Json.Nodes;
using KnowledgeOS.Ledger;
using KnowledgeOS.Registry;

namespace KnowledgeOS;

public sealed partial class Kernel
{
    /// <summary>Records what probing a server found; every probe is an observation, so it always appends.</summary>
    public (RegistryEntry Entry, LedgerEvent Event) RecordProbe(string key, ProbeResult probe) => Store.Write(w =>
    {
        var entry = ResolveEntry(w, key);
        var tools = new JsonArray();
        foreach (var t in probe.Tools)
        {
            tools.Add((JsonNode)new JsonObject { ["name"] = t.Name, ["tokens"] = t.Tokens });
        }

        var e = Append(w, probe.Ok ? "registry.probed" : "registry.probe-failed", null, new JsonObject
        {
            ["key"] = entry.Key,
            ["ok"] = probe.Ok,
            ["server"] = probe.Server,
            ["tools"] = tools,
            ["schemaTokens"] = probe.SchemaTokens,
            ["error"] = probe.Error,
            ["stderr"] = probe.Stderr,
        });
        var updated = entry with { Probe = probe };
        PutEntry(w, updated);
        return (updated, e);
    });
}
