using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Registry.Importers;

namespace KnowledgeOS.Registry;

/// <summary>What a sync changed. Nothing changed → no events.</summary>
public sealed record SyncResult(
    IReadOnlyList<RegistryEntry> Added,
    IReadOnlyList<RegistryEntry> Updated,
    IReadOnlyList<RegistryEntry> Missing,
    int Unchanged,
    IReadOnlyList<RegistryProblem> Problems,
    IReadOnlyList<LedgerEvent> Events);

internal sealed partial class RegistryService
{
    /// <summary>
    /// Imports every declared capability. Idempotent: an unchanged entry appends nothing. Policy,
    /// scope and probe results set in kos survive a re-sync. An entry whose declaration disappeared is
    /// marked missing, never dropped; entries of a file that failed to parse are left as they were.
    /// </summary>
    public SyncResult Sync()
    {
        var imported = RegistrySources.ImportAll(kernel.Project.Root);
        var problems = new List<RegistryProblem>(imported.Problems);
        return kernel.Store.Write(w =>
        {
            var byKey = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
            foreach (var entry in Specialize(w, imported.Entries))
            {
                if (byKey.TryGetValue(entry.Key, out var first))
                {
                    byKey[entry.Key] = first with { AlsoIn = [.. first.AlsoIn, $"{entry.Source}:{entry.Line}"] };
                    continue;
                }

                byKey[entry.Key] = entry;
            }

            List<RegistryEntry> added = [], updated = [], missing = [];
            var events = new List<LedgerEvent>();
            var unchanged = 0;
            var existing = Entries(w).ToDictionary(e => e.Key, StringComparer.Ordinal);

            foreach (var builtin in RegistrySources.Builtins.Where(b => !existing.ContainsKey(b.Key) && !byKey.ContainsKey(b.Key)))
            {
                events.Add(PutIfChanged(w, null, builtin, EventCatalog.RegistryAdded)!);
                added.Add(builtin);
            }

            foreach (var (key, entry) in byKey)
            {
                existing.TryGetValue(key, out var old);
                var sameSpecialist = old is { Origin: EntryOrigins.Catalog } && entry.Orchestrator is not null && old.Orchestrator == entry.Orchestrator;
                if (old is not null && old.Origin is EntryOrigins.Manual or EntryOrigins.Catalog && !sameSpecialist)
                {
                    problems.Add(new RegistryProblem(entry.Source!, entry.Line ?? 0,
                        $"{key} is also registered by hand ({old.Origin}); the hand-made entry is kept"));
                    continue;
                }

                // kos owns policy, scope and probe results, the orchestrator's catalog what it said; the source file owns the rest.
                var proposed = entry with
                {
                    Policy = old?.Policy ?? entry.Policy,
                    Scope = old is { Scope.Count: > 0 } ? old.Scope : entry.Scope,
                    Probe = old?.Probe,
                    Runtimes = old?.Runtimes,
                    Methodology = old?.Methodology,
                    Version = old?.Version,
                    Versions = old?.Versions,
                };
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

            foreach (var old in existing.Values.Where(o => o.Origin == EntryOrigins.Sync && !o.Missing && !byKey.ContainsKey(o.Key)))
            {
                if (old.Source is not null && imported.FailedFiles.Contains(old.Source))
                {
                    unchanged++;
                    continue; // Its file is malformed right now, not gone: keep the entry as it was.
                }

                var gone = old with { Missing = true };
                events.Add(PutIfChanged(w, old, gone, EventCatalog.RegistryMissing)!);
                missing.Add(gone);
            }

            return new SyncResult(added, updated, missing, unchanged, problems, events);
        });
    }

    /// <summary>
    /// Names an installed plugin's specialists the way <see cref="ImportCatalog"/> does, so the plugin's files and its
    /// server's catalog describe one entry: the name already linked to the orchestrator, else the plain name unless
    /// another subagent (a project's, or another orchestrator's) holds it.
    /// </summary>
    private List<RegistryEntry> Specialize(ILedgerReader r, IReadOnlyList<RegistryEntry> entries) =>
        [.. entries.Select(e =>
        {
            if (e.Kind != EntryKinds.Subagent || e.Orchestrator is not { } link)
            {
                return e;
            }

            var qualified = link[(link.IndexOf('/', StringComparison.Ordinal) + 1)..] + ":" + e.Name;
            if (Find(r, EntryKinds.Subagent, qualified)?.Orchestrator == link)
            {
                return e with { Name = qualified };
            }

            var taken = entries.Any(x => x.Kind == EntryKinds.Subagent && x.Name == e.Name && x.Orchestrator != link)
                        || Find(r, EntryKinds.Subagent, e.Name) is { } held && held.Orchestrator != link;
            return taken ? e with { Name = qualified } : e;
        })];
}
