using KnowledgeOS.Ledger;
using KnowledgeOS.Registry.Catalog;

namespace KnowledgeOS.Registry;

internal sealed partial class RegistryService
{
    /// <summary>
    /// Records each specialist of an orchestrator's catalog as a subagent entry linked to it: its tools, its
    /// dispatch name and tools per runtime, and its methodology hash (a changed one is a new version).
    /// Idempotent; specialists the catalog no longer lists are marked missing.
    /// </summary>
    public SyncResult ImportCatalog(string orchestratorKey, IReadOnlyList<CatalogAgent> agents) => kernel.Store.Write(w =>
    {
        var orchestrator = Resolve(w, orchestratorKey);
        List<RegistryEntry> added = [], updated = [], missing = [];
        var events = new List<LedgerEvent>();
        var unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var name = SpecialistName(w, orchestrator, agent.Name);
            var old = Find(w, EntryKinds.Subagent, name);
            var runtimes = Specialists.RuntimesOf(agent);
            var methodology = Specialists.Methodology(agent, runtimes);
            var (version, versions) = (old?.Version, old?.Versions);
            if (methodology is not null && methodology != old?.Methodology)
            {
                version = (old?.Version ?? 0) + 1;
                versions = [.. old?.Versions ?? [], new EntryVersion(version.Value, methodology, kernel.Now())];
            }

            // A specialist the installed plugin declares keeps its source; the catalog adds what only it knows.
            var basis = old is { Origin: EntryOrigins.Sync }
                ? old with { Missing = false }
                : new RegistryEntry
                {
                    Kind = EntryKinds.Subagent,
                    Name = name,
                    Origin = EntryOrigins.Catalog,
                    Description = agent.Description,
                    Tools = Specialists.Tools(agent, runtimes),
                    Policy = old?.Policy ?? orchestrator.Policy,
                    Scope = old?.Scope ?? [],
                };
            var proposed = basis with { Orchestrator = orchestrator.Key, Runtimes = runtimes, Methodology = methodology, Version = version, Versions = versions };
            ValidateEntry(proposed);
            seen.Add(proposed.Key);
            var type = old is null ? Events.EventCatalog.RegistryAdded : old.Missing ? Events.EventCatalog.RegistryRestored : Events.EventCatalog.RegistryUpdated;
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

        foreach (var gone in Entries(w).Where(x => x.Orchestrator == orchestrator.Key && x.Origin == EntryOrigins.Catalog && !x.Missing && !seen.Contains(x.Key)).ToList())
        {
            var marked = gone with { Missing = true };
            events.Add(PutIfChanged(w, gone, marked, Events.EventCatalog.RegistryMissing)!);
            missing.Add(marked);
        }

        return new SyncResult(added, updated, missing, unchanged, [], events);
    });

    /// <summary>
    /// The entry name of an orchestrator's specialist: the one already linked to it (plain or qualified), else the
    /// plain name, unless a subagent of another origin holds it — then qualified as plugins are (<c>maestro:coder</c>).
    /// </summary>
    internal string SpecialistName(ILedgerReader r, RegistryEntry orchestrator, string agent)
    {
        var qualified = orchestrator.Name + ":" + agent;
        if (Find(r, EntryKinds.Subagent, qualified)?.Orchestrator == orchestrator.Key)
        {
            return qualified;
        }

        var plain = Find(r, EntryKinds.Subagent, agent);
        return plain is null || plain.Orchestrator == orchestrator.Key ? agent : qualified;
    }
}
