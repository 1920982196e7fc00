using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Registry;

/// <summary>The <see cref="IRegistry"/> service, created once per kernel.</summary>
internal sealed partial class RegistryService(Kernel kernel) : IRegistry
{
    public IReadOnlyList<RegistryEntry> Entries(ILedgerReader? r = null) =>
        (r ?? kernel.Store).ListRecords(RegistryKeys.RecordKind).Select(row => ParseEntry(row.Value)).ToList();

    public RegistryEntry? Find(ILedgerReader r, string kind, string name) =>
        r.GetRecord(RegistryKeys.RecordKind, RegistryKeys.Of(kind, name)) is { } json ? ParseEntry(json) : null;

    /// <summary>Finds an entry by <c>kind/name</c> or by a name only one kind uses; a miss suggests near names.</summary>
    public RegistryEntry Resolve(ILedgerReader r, string input)
    {
        var wanted = input.Trim();
        var slash = wanted.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && EntryKinds.IsKnown(wanted[..slash]) && Find(r, wanted[..slash], wanted[(slash + 1)..]) is { } byKey)
        {
            return byKey;
        }

        var all = Entries(r);
        var named = all.Where(e => e.Name == wanted).ToList();
        if (named.Count == 0)
        {
            named = all.Where(e => string.Equals(e.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (named.Count == 1)
        {
            return named[0];
        }

        if (named.Count > 1)
        {
            throw KosException.Input($"'{input}' names several entries: {string.Join(", ", named.Select(e => e.Key))}. Give the kind too, e.g. {named[0].Key}.");
        }

        var near = all.Where(e => Ids.Distance(e.Name, wanted) <= Math.Max(2, wanted.Length / 3)).Take(3).Select(e => e.Key).ToList();
        throw KosException.Input($"No registry entry {input}." + (near.Count > 0
            ? $" Did you mean {string.Join(", ", near)}?"
            : all.Count == 0 ? " The registry is empty: run 'kos registry sync' (or 'kos registry add')." : " See 'kos registry list'."));
    }

    /// <summary>Sets an entry's policy; no event when it already has that policy.</summary>
    public (RegistryEntry Entry, LedgerEvent? Event) SetPolicy(string name, string policy)
    {
        policy = policy.Trim().ToLowerInvariant();
        if (!Policies.IsKnown(policy))
        {
            throw KosException.Input($"'{policy}' is not a policy; use allow, ask or deny.");
        }

        return kernel.Store.Write(w =>
        {
            var entry = Resolve(w, name);
            if (entry.Policy == policy)
            {
                return (entry, (LedgerEvent?)null);
            }

            var updated = entry with { Policy = policy };
            var e = kernel.Append(w, EventCatalog.RegistryPolicy, null, new RegistryPolicySet(entry.Key, policy, entry.Policy));
            PutEntry(w, updated);
            return (updated, e);
        });
    }

    /// <summary>Adds or updates an entry by hand. Imported entries are changed in their source file, not here.</summary>
    public (RegistryEntry Entry, LedgerEvent? Event) Add(RegistryEntry entry)
    {
        ValidateEntry(entry);
        return kernel.Store.Write(w =>
        {
            var existing = Find(w, entry.Kind, entry.Name);
            if (existing is not null && existing.Origin != EntryOrigins.Manual)
            {
                throw KosException.Input(
                    $"{existing.Key} is already in the registry from {existing.Where}; change it there and run 'kos registry sync', or use 'kos registry set-policy {existing.Key} …'.");
            }

            var proposed = entry with { Origin = EntryOrigins.Manual, Probe = existing?.Probe };
            return (proposed, PutIfChanged(w, existing, proposed, existing is null ? EventCatalog.RegistryAdded : EventCatalog.RegistryUpdated));
        });
    }

    internal static void ValidateEntry(RegistryEntry entry)
    {
        if (!EntryKinds.IsKnown(entry.Kind))
        {
            throw KosException.Input($"--kind {entry.Kind} is not a kind; use one of {string.Join(", ", EntryKinds.All)}.");
        }

        if (string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            throw KosException.Input($"'{entry.Name}' is not a usable name: give a name without spaces or '/'.");
        }

        if (!Policies.IsKnown(entry.Policy))
        {
            throw KosException.Input($"'{entry.Policy}' is not a policy; use allow, ask or deny.");
        }
    }

    /// <summary>Appends an event and updates the projection only when the entry's stored form changes.</summary>
    internal LedgerEvent? PutIfChanged(ILedgerWriter w, RegistryEntry? existing, RegistryEntry proposed, EventType<RegistryChanged> type)
    {
        var json = EntryJson(proposed);
        if (existing is not null && EntryJson(existing) == json)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        var entry = doc.RootElement.EnumerateObject().Where(p => p.Name != "key").ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        var e = kernel.Append(w, type, null, new RegistryChanged { Key = proposed.Key, Entry = entry });
        w.PutRecord(RegistryKeys.RecordKind, proposed.Key, null, json);
        return e;
    }

    internal static void PutEntry(ILedgerWriter w, RegistryEntry entry) =>
        w.PutRecord(RegistryKeys.RecordKind, entry.Key, null, EntryJson(entry));

    internal static string EntryJson(RegistryEntry entry) => JsonSerializer.Serialize(entry, RegistryJson.Default.RegistryEntry);

    internal static RegistryEntry ParseEntry(string json) =>
        JsonSerializer.Deserialize(json, RegistryJson.Default.RegistryEntry) ?? throw KosException.Environment("A registry record in the ledger is empty; run 'kos registry sync'.");
}
