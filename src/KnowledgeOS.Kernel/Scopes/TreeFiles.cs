using System.Runtime.CompilerServices;
using KnowledgeOS.Git;
using KnowledgeOS.Project;

namespace KnowledgeOS.Scopes;

/// <summary>
/// The files in the work tree that git would see: tracked plus untracked-not-ignored
/// (<c>git ls-files -co --exclude-standard</c>). Routing and dispatch ask several
/// times in one command (never on the hook path), so a listing is kept per opened project (one
/// command) and for at most two seconds (a long-lived process sees the tree as it is after that).
/// </summary>
public static class TreeFiles
{
    private const long ReuseMs = 2000;
    private static readonly ConditionalWeakTable<KosProject, Listing> Cache = new();

    public static IReadOnlyList<string> List(KosProject project)
    {
        if (Cache.TryGetValue(project, out var cached) && Environment.TickCount64 - cached.At < ReuseMs)
        {
            return cached.Files;
        }

        var r = GitCli.Run(project.Root, "-c", "core.quotePath=off", "ls-files", "-co", "--exclude-standard", "-z");
        IReadOnlyList<string> files = r.Ok
            ? r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(Nfc.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [];
        Cache.AddOrUpdate(project, new Listing(Environment.TickCount64, files));
        return files;
    }

    private sealed record Listing(long At, IReadOnlyList<string> Files);
}
