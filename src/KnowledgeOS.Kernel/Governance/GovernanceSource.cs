using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary>
/// One of kos's own entries in an agent's configuration, as the adapter that wrote it extracts it: the agent, the
/// file (relative to the work tree when inside it), a key naming the entry (the hook event, <c>pre-commit</c>,
/// <c>sandbox</c>), and its content (JSON, canonicalised here before hashing, or text kos wrote whole).
/// </summary>
public sealed record GovernedPart(string Agent, string File, string Key, string Content, bool Json);

/// <summary>A configuration file kos governs for an agent, whether or not it holds kos's entries now.</summary>
public sealed record GovernedFile(string Agent, string File);

/// <summary>What the adapters read from a work tree: every file they look at, and kos's entries in them.</summary>
public sealed record GovernedState(IReadOnlyList<GovernedFile> Files, IReadOnlyList<GovernedPart> Parts);

/// <summary>Reads kos's own entries from a work tree's agent configuration (the adapters know which entries are kos's).</summary>
public interface IGovernanceSource
{
    GovernedState Read(KosProject tree);
}

/// <summary>The one source the kernel asks; the CLI registers the adapters' at start. None registered: only the config is sealed.</summary>
public static class GovernanceSources
{
    private static IGovernanceSource? _source;

    public static void Register(IGovernanceSource source) => _source = source;

    /// <summary>Whether this process can read hook entries (kos can; kos-serve has no adapters, so it compares the config only).</summary>
    public static bool Registered => _source is not null;

    public static GovernedState Read(KosProject tree) => _source?.Read(tree) ?? new GovernedState([], []);
}
