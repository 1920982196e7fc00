using KnowledgeOS.Project;

namespace KnowledgeOS.Ledger;

/// <summary><c>kos store migrate</c> and <c>kos store export</c>: moving a project's ledger between stores.</summary>
public static class StoreMoves
{
    /// <summary>Copies the project's current ledger into the store at <paramref name="toUrl"/> and registers this clone there.</summary>
    public static StoreCopyReport Migrate(KosProject project, KosConfig config, Func<string, string?> env, TimeProvider clock, string toUrl)
    {
        var key = config.StoreProject ?? ProjectIdentity.Of(project);
        using var from = StoreFactory.Open(project, config, env, clock);
        StoreCopy.RefuseArchived(from);
        using var to = StoreFactory.OpenUrl(toUrl, key, env, clock, create: true);
        var report = StoreCopy.Copy(from, to);
        StoreFactory.Remember(project, key, toUrl);
        return report;
    }

    /// <summary>Writes the project's current ledger out to a new SQLite file at <paramref name="path"/>.</summary>
    public static StoreCopyReport Export(KosProject project, KosConfig config, Func<string, string?> env, TimeProvider clock, string path)
    {
        if (File.Exists(path))
        {
            throw KosException.Input($"{path} already exists; kos exports only into a new file (choose another --out, or move that one aside).");
        }

        using var from = StoreFactory.Open(project, config, env, clock);
        StoreCopy.RefuseArchived(from);
        using var to = StoreFactory.OpenFile(path, clock, create: true);
        return StoreCopy.Copy(from, to);
    }
}
