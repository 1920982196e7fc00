using KnowledgeOS.Project;

namespace KnowledgeOS.Claims;

/// <summary>
/// The task a git worktree is working on: a one-line pointer at
/// <c>.agent-os/state/worktrees/NAME</c> in the shared state folder, so agents in separate
/// worktrees of one repository each have their own active task without any environment setup.
/// </summary>
public static class WorktreeBinding
{
    /// <summary>The main work tree's name (linked worktrees use git's own name for them).</summary>
    public const string MainName = Worktrees.MainName;

    public static string NameOf(KosProject project) => project.Repository.WorktreeName ?? MainName;

    public static string PointerPath(KosProject project) => PointerPath(project, NameOf(project));

    public static string PointerPath(KosProject project, string name) => Path.Combine(project.StateDir, "worktrees", name);

    public static string? Read(KosProject project) => Read(project, NameOf(project));

    /// <summary>The task bound to the work tree named <paramref name="name"/> (any tree of the repository).</summary>
    public static string? Read(KosProject project, string name)
    {
        try
        {
            var text = File.ReadAllText(PointerPath(project, name)).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static void Write(KosProject project, string? taskId)
    {
        var path = PointerPath(project);
        if (taskId is null)
        {
            File.Delete(path);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(tmp, taskId + "\n");
        File.Move(tmp, path, overwrite: true);
    }
}
