using KnowledgeOS.Git;

namespace KnowledgeOS.Project;

/// <summary>
/// A project's key in a shared store: every clone of a repository computes the same one, from the
/// repository's first (root) commit. A repository without commits must set <c>[store] project</c>.
/// </summary>
public static class ProjectIdentity
{
    public static string Of(KosProject project)
    {
        var r = GitCli.Run(project.Root, "rev-list", "--max-parents=0", "HEAD");
        var roots = r.Ok ? r.Stdout : null;
        var first = roots?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).FirstOrDefault();
        return first is { Length: 40 or 64 }
            ? "git:" + first
            : throw KosException.Environment(
                $"{project.Root} has no commit yet, so kos cannot name this project in the shared store. " +
                "Commit once, or set [store] project = \"NAME\" in .agent-os/config.toml.");
    }
}
