using System.Text.Json.Nodes;
using KnowledgeOS.Project;

namespace KnowledgeOS.Ledger.Anchors;

/// <summary>
/// Which ledger belongs to this clone: the id and hash of its first event, kept beside git's own
/// data (<c>.git/kos/ledger-identity</c>, a protected path, shared by every worktree). A fresh clone
/// has none and starts its own ledger; a ledger swapped, re-initialised or deleted inside this clone
/// no longer matches, and that is reported instead of starting over silently.
/// </summary>
public sealed record LedgerIdentity(string GenesisId, string GenesisHash)
{
    public static string Folder(KosProject project) => Path.Combine(project.Repository.MainWorkTree, ".git", "kos");

    public static string PathOf(KosProject project) => System.IO.Path.Combine(Folder(project), "ledger-identity");

    /// <summary>kos governs this repository: <c>.agent-os/</c> exists, or git's data remembers a ledger (it survives <c>rm -rf .agent-os</c>).</summary>
    public static bool Governs(KosProject project) => Directory.Exists(project.AgentOs) || File.Exists(PathOf(project));

    public static LedgerIdentity? Read(KosProject project)
    {
        var path = PathOf(project);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? new LedgerIdentity(parts[0], parts[1]) : null;
    }

    /// <summary>The identity of the ledger in <paramref name="store"/>: its first event.</summary>
    public static LedgerIdentity? Of(ILedgerReader store) =>
        store.GetEvent(1) is { } first ? new LedgerIdentity(first.Id, first.Hash) : null;

    public void Write(KosProject project)
    {
        Directory.CreateDirectory(Folder(project));
        File.WriteAllText(PathOf(project), $"{GenesisId} {GenesisHash}\n");
    }

    public JsonObject ToJson() => new() { ["genesisId"] = GenesisId, ["genesisHash"] = GenesisHash };
}
