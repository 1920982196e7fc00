using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>What every postflight check reads, loaded once: tasks, their evidence, the tree now.</summary>
public sealed class PostflightContext
{
    public PostflightContext(Kernel kernel, Func<string, string?> env)
    {
        Kernel = kernel;
        Env = env;
        Tasks = kernel.Store.ListTasks().Select(r => kernel.FindTask(kernel.Store, r.Id)!).ToList();
        Evidence = EvidenceStore.All(kernel.Store);
        GitHead = WorkingTree.Head(kernel.Project.Root);
        Tree = WorkingTree.Digest(kernel.Project);
    }

    public Kernel Kernel { get; }

    public Func<string, string?> Env { get; }

    public ILedgerReader Ledger => Kernel.Store;

    public IReadOnlyList<TaskState> Tasks { get; }

    public IReadOnlyDictionary<string, EvidenceRun> Evidence { get; }

    public string? GitHead { get; }

    public string Tree { get; }

    public List<PostflightProblem> Problems { get; } = [];

    public List<string> Notes { get; } = [];

    public List<StaleFile> StaleFiles { get; } = [];

    public List<string> RecordsToRender { get; } = [];

    /// <summary>The digest of the task replay the anchored checkpoint names, when this run checks the chain from it.</summary>
    internal string? CheckpointFold { get; set; }

    /// <summary>The task replay this run compared the projections with (a clean run keeps it with its checkpoint).</summary>
    internal ProjectionFold? Fold { get; set; }

    private readonly Dictionary<string, IReadOnlyList<string>?> _changedSince = new(StringComparer.Ordinal);

    /// <summary>Files changed between an evidence tree and now; cached because many tasks share trees.</summary>
    public IReadOnlyList<string>? ChangedSince(string tree)
    {
        if (!_changedSince.TryGetValue(tree, out var changed))
        {
            changed = WorkingTree.Changed(Kernel.Project.Root, tree, Tree);
            _changedSince[tree] = changed;
        }

        return changed;
    }

    private IReadOnlyList<(char Status, string Path)>? _uncommitted;

    /// <summary>Working-tree changes against HEAD (tracked and untracked-not-ignored), kos's own folder left out.</summary>
    public IReadOnlyList<(char Status, string Path)> Uncommitted => _uncommitted ??= LoadUncommitted();

    private List<(char, string)> LoadUncommitted()
    {
        var root = Kernel.Project.Root;
        var r = GitHead is null
            ? Git.GitCli.Run(root, "ls-tree", "-r", "--name-only", "-z", Tree)
            : Git.GitCli.Run(root, "diff-tree", "-r", "--name-status", "-z", "--no-renames", GitHead + "^{tree}", Tree);
        if (!r.Ok)
        {
            throw KosException.Environment($"git could not compare the working tree with HEAD: {r.Stderr.Trim()}");
        }

        var parts = r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var list = new List<(char, string)>();
        if (GitHead is null)
        {
            list.AddRange(parts.Select(p => ('A', p)));
        }
        else
        {
            for (var i = 0; i + 1 < parts.Length; i += 2)
            {
                list.Add((parts[i][0], parts[i + 1]));
            }
        }

        return list.Where(x => !x.Item2.StartsWith(".agent-os/", StringComparison.Ordinal)).ToList();
    }

    public void Problem(string check, string message, string fix, IReadOnlyList<string>? files = null) =>
        Problems.Add(new PostflightProblem(check, message, fix, files ?? []));
}
