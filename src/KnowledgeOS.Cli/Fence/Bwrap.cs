using KnowledgeOS.Fence;
using KnowledgeOS.Launch;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Fence;

/// <summary>
/// The fence as a bubblewrap sandbox around the whole agent (for agents with no OS sandbox usable here): the file
/// system read-only, then writable again only where the task may write (its scope folders and git's folder), the
/// session's TMPDIR and the agent's own state folders; the denied paths inside those, and the agent's configuration
/// files holding kos's hooks, read-only again. The network stays shared (the agent needs its model endpoint): on the
/// team store, what keeps the agent from the database is that it holds none of its secrets and sees none of its sockets.
/// </summary>
internal static class Bwrap
{
    /// <summary>The bwrap arguments before <c>--</c> and the agent's command; <paramref name="writable"/> gets what was made writable.</summary>
    public static List<string> Args(FencePlan plan, KosProject project, IReadOnlyList<string> scope, string tmp, AgentProfile profile, string home, List<string> writable, IReadOnlyList<string> hidden)
    {
        List<string> args = ["--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--bind", tmp, tmp];
        var (state, config) = profile.Home;
        foreach (var dir in state.Select(d => Path.Combine(home, d)))
        {
            Directory.CreateDirectory(dir);
            args.AddRange(["--bind", dir, dir]);
        }

        var roots = plan.WritableRoots(project, scope);
        writable.AddRange(roots);
        foreach (var root in roots)
        {
            args.AddRange(["--bind", root, root]);
        }

        foreach (var path in plan.DeniedInside(roots).Concat(config.Select(c => Path.Combine(home, c)).Where(Path.Exists)))
        {
            args.AddRange(["--ro-bind", path, path]);
        }

        // The team store's password files and local sockets (StoreReach.Hidden) read as empty and cannot be connected to.
        foreach (var path in hidden)
        {
            args.AddRange(["--ro-bind", "/dev/null", path]);
        }

        args.AddRange(["--chdir", project.Root]);
        return args;
    }
}
