using KnowledgeOS.Governance;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>
/// The adapters' side of the governance record: for each agent, the project-scope file kos writes its hooks into and
/// kos's own entries there (<see cref="IHookTarget.Owned"/>), plus the Claude fence in <c>.claude/settings.local.json</c>.
/// What is drift and how it is recorded is the kernel's (<see cref="GovernanceSeal"/>).
/// </summary>
internal sealed class GovernanceReader : IGovernanceSource
{
    public GovernedState Read(KosProject tree)
    {
        var files = new List<GovernedFile>();
        var parts = new List<GovernedPart>();
        foreach (var agent in Adapters.Names)
        {
            var target = HookTargets.Find(agent)!;
            var path = target.File(tree.Root, "project", Environment.GetEnvironmentVariable);
            Add(agent, path, target.Owned(path));
            if (agent == "claude")
            {
                Add(agent, Claude.ClaudeFence.SettingsPath(tree.Root), Claude.ClaudeFence.Owned(tree.Root, Claude.FenceState.Read(Fence.FenceUpdate.StatePath(tree))));
            }
        }

        return new GovernedState(files, parts);

        void Add(string agent, string path, IReadOnlyList<(string Key, string Content, bool Json)> owned)
        {
            var rel = Path.GetRelativePath(tree.Root, path) is var r && !r.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(r) ? r.Replace('\\', '/') : path;
            files.Add(new GovernedFile(agent, rel));
            parts.AddRange(owned.Select(o => new GovernedPart(agent, rel, o.Key, o.Content, o.Json)));
        }
    }
}
