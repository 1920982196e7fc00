using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Registry;

internal sealed partial class RegistryService
{
    /// <summary>Records what probing a server found; every probe is an observation, so it always appends.</summary>
    public (RegistryEntry Entry, LedgerEvent Event) RecordProbe(string key, ProbeResult probe) => kernel.Store.Write(w =>
    {
        var entry = Resolve(w, key);
        var e = kernel.Append(w, probe.Ok ? EventCatalog.RegistryProbed : EventCatalog.RegistryProbeFailed, null, new RegistryProbed(entry.Key, probe.Ok, probe.Server,
            probe.Tools.Select(t => new ProbedToolTokens(t.Name, t.Tokens)).ToList(), probe.SchemaTokens, probe.Error, probe.Stderr));
        var updated = entry with { Probe = probe };
        PutEntry(w, updated);
        return (updated, e);
    });
}
