using System.Globalization;
using KnowledgeOS.Git;
using KnowledgeOS.Project;

namespace KnowledgeOS.Tasks;

/// <summary>What changed in a task's scope since the task was created: <c>git diff</c> against the commit then current, plus new files.</summary>
public sealed record TaskDiff(string? Base, string Patch, IReadOnlyList<string> NewFiles, bool Truncated)
{
    private const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    public static TaskDiff Since(KosProject project, TaskState task, int maxChars = 200_000)
    {
        if (task.Scope.Count == 0)
        {
            return new TaskDiff(null, "", [], false);
        }

        var created = DateTimeOffset.Parse(task.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var at = GitCli.Run(project.Root, "rev-list", "-1", "--before=" + created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "HEAD");
        var baseCommit = at.Ok && at.Stdout.Trim() is { Length: > 0 } c ? c : null;
        var specs = task.Scope.Select(s => s.StartsWith('!') ? ":(glob,exclude)" + s[1..] : ":(glob)" + s).ToList();
        var diff = GitCli.Run(project.Root, ["diff", "--no-color", "--no-ext-diff", "--no-renames", baseCommit ?? EmptyTree, "--", .. specs]);
        var untracked = GitCli.Run(project.Root, ["ls-files", "-o", "--exclude-standard", "-z", "--", .. specs]);
        var patch = diff.Ok ? diff.Stdout : $"git diff failed: {diff.Stderr.Trim()}";
        var truncated = patch.Length > maxChars;
        return new TaskDiff(
            baseCommit,
            truncated ? patch[..maxChars] : patch,
            untracked.Ok ? untracked.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries) : [],
            truncated);
    }
}
