using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Registry;

namespace KnowledgeOS;

/// <summary>A specialist an orchestrator's catalog describes.</summary>
public sealed record CatalogAgent(string Name, string? Description, IReadOnlyList<string> Tools);

public sealed partial class Kernel
{
    /// <summary>Records what probing a server found; every probe is an observation, so it always appends.</summary>
    public (RegistryEntry Entry, LedgerEvent Event) RecordProbe(string key, ProbeResult probe) => Store.Write(w =>
    {
        var entry = ResolveEntry(w, key);
        var e = Append(w, probe.Ok ? EventCatalog.RegistryProbed : EventCatalog.RegistryProbeFailed, null, new RegistryProbed(entry.Key, probe.Ok, probe.Server,
            probe.Tools.Select(t => new ProbedToolTokens(t.Name, t.Tokens)).ToList(), probe.SchemaTokens, probe.Error, probe.Stderr));
        var updated = entry with { Probe = probe };
        PutEntry(w, updated);
        return (updated, e);
    });

    /// <summary>
    /// Records each specialist of an orchestrator's catalog as a subagent entry linked to it.
    /// Idempotent; specialists the catalog no longer lists are marked missing.
    /// </summary>
    public SyncResult ImportCatalog(string orchestratorKey, IReadOnlyList<CatalogAgent> agents) => Store.Write(w =>
    {
        var orchestrator = ResolveEntry(w, orchestratorKey);
        List<RegistryEntry> added = [], updated = [], missing = [];
        var problems = new List<Registry.Importers.RegistryProblem>();
        var events = new List<LedgerEvent>();
        var unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var name = agent.Name;
            var old = FindEntry(w, EntryKinds.Subagent, name);
            if (old is not null && old.Orchestrator != orchestrator.Key)
            {
                // A project subagent already uses the plain name: qualify the specialist, as plugins do.
                name = orchestrator.Name + ":" + agent.Name;
                old = FindEntry(w, EntryKinds.Subagent, name);
            }

            var proposed = new RegistryEntry
            {
                Kind = EntryKinds.Subagent,
                Name = name,
                Origin = EntryOrigins.Catalog,
                Orchestrator = orchestrator.Key,
                Description = agent.Description,
                Tools = agent.Tools,
                Policy = old?.Policy ?? orchestrator.Policy,
                Scope = old?.Scope ?? [],
            };
            ValidateEntry(proposed);
            seen.Add(proposed.Key);
            var type = old is null ? EventCatalog.RegistryAdded : old.Missing ? EventCatalog.RegistryRestored : EventCatalog.RegistryUpdated;
            if (PutIfChanged(w, old, proposed, type) is { } e)
            {
                events.Add(e);
                (old is null ? added : updated).Add(proposed);
            }
            else
            {
                unchanged++;
            }
        }

        foreach (var gone in RegistryEntries(w).Where(x => x.Orchestrator == orchestrator.Key && !x.Missing && !seen.Contains(x.Key)).ToList())
        {
            var marked = gone with { Missing = true };
            events.Add(PutIfChanged(w, gone, marked, EventCatalog.RegistryMissing)!);
            missing.Add(marked);
        }

        return new SyncResult(added, updated, missing, unchanged, problems, events);
    });
}
