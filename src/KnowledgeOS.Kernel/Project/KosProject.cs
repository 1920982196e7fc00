namespace KnowledgeOS.Project;

/// <summary>Where a project's control plane lives. Specs are read from the current work tree; the
/// ledger and other state are shared by every worktree of the repository.</summary>
public sealed class KosProject
{
    public const string FolderName = ".agent-os";

    private KosProject(GitRepository repo)
    {
        Repository = repo;
        Root = repo.WorkTree;
        AgentOs = Path.Combine(Root, FolderName);
        StateDir = Path.Combine(repo.MainWorkTree, FolderName, "state");
    }

    public GitRepository Repository { get; }

    /// <summary>The top of the current work tree.</summary>
    public string Root { get; }

    public string AgentOs { get; }

    public string StateDir { get; }

    public string SpecsDir => Path.Combine(AgentOs, "specs");

    public string TasksDir => Path.Combine(AgentOs, "tasks");

    public string EvidenceDir => Path.Combine(AgentOs, "evidence");

    public string ConfigPath => Path.Combine(AgentOs, "config.toml");

    public string LedgerPath => Path.Combine(StateDir, "ledger.db");

    /// <summary>Written by <c>kos init</c> against a shared store: this clone's project key there.</summary>
    public string StoreMarkerPath => Path.Combine(StateDir, "store-project");

    /// <summary>The team store this clone joined (its URL without a password), so every process of the clone uses it.</summary>
    public string StoreUrlPath => Path.Combine(StateDir, "store-url");

    public bool IsInitialised => File.Exists(ConfigPath) && (File.Exists(LedgerPath) || File.Exists(StoreMarkerPath));

    /// <summary>Finds the project around <paramref name="cwd"/>; throws a clear error outside git.</summary>
    public static KosProject Locate(string cwd)
    {
        var repo = GitRepository.Find(cwd) ?? throw KosException.Environment(
            $"{cwd} is not inside a git repository. kos keeps its control plane beside your code: run 'git init' first (or cd into a repository).");
        return new KosProject(repo);
    }

    /// <summary>Like <see cref="Locate"/>, and also requires <c>kos init</c> to have run.</summary>
    public static KosProject LocateInitialised(string cwd)
    {
        var project = Locate(cwd);
        if (!project.IsInitialised)
        {
            throw KosException.Environment(
                $"KnowledgeOS is not initialised in {project.Root}. Run 'kos init' there first.");
        }

        return project;
    }

    /// <summary>A repository-relative path with forward slashes.</summary>
    public string Relative(string path) =>
        Path.GetRelativePath(Root, Path.GetFullPath(path, Root)).Replace('\\', '/');
}
