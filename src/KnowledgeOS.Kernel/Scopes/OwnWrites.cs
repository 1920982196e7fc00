using KnowledgeOS.Ledger;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Files kos itself writes into the work tree (task records, specs): each write leaves the file's digest as a
/// record (<c>kos-write/ROOT:PATH</c>), so reconciliation and the pre-commit hook can tell kos's own content
/// from an agent's. A file with exactly that content is never a violation nor refused at commit; any other
/// content in it is judged like every other write.
/// </summary>
public static class OwnWrites
{
    public const string Kind = "kos-write";

    public static void Record(Kernel kernel, string fullPath) =>
        kernel.Store.Write(w =>
        {
            w.PutRecord(Kind, Key(kernel.Project.Root, kernel.Project.Relative(fullPath)), null, Reconciler.Digest(fullPath));
            return 0;
        });

    /// <summary>Whether <paramref name="rel"/> in the tree at <paramref name="root"/> holds what kos last wrote there (<paramref name="digest"/> as <see cref="Reconciler.Digest"/> gives it).</summary>
    public static bool IsOwn(ILedgerReader r, string root, string rel, string digest) =>
        rel.StartsWith(".agent-os/", StringComparison.Ordinal) && r.GetRecord(Kind, Key(root, rel)) == digest;

    private static string Key(string root, string rel) => Path.TrimEndingDirectorySeparator(root) + ":" + rel;
}
