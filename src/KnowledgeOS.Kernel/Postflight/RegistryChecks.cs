using KnowledgeOS.Registry;

namespace KnowledgeOS.Postflight;

/// <summary>
/// Registry entries resolve: every allowed stdio MCP server's command can be found the way the agent
/// will look for it. A denied entry need not resolve; an entry whose declaration is gone is history.
/// </summary>
internal static class RegistryChecks
{
    public static void Run(PostflightContext c)
    {
        var root = c.Kernel.Project.Root;
        foreach (var e in c.Kernel.Registry.Entries())
        {
            if (e.Missing)
            {
                c.Notes.Add($"registry entry {e.Key} is no longer declared (it was in {e.Source ?? e.Origin}); kept for history");
                continue;
            }

            if (e.Command is null || e.Policy == Policies.Deny)
            {
                continue;
            }

            if (HookChecks.Resolve(e.Command, root, c.Env) is null)
            {
                c.Problem("registry", $"registry entry {e.Key} ({e.Where}) runs '{e.Command}', which is not on PATH",
                    $"install it or fix its declaration in {e.Source ?? "the registry"} and run 'kos registry sync', or deny it: kos registry set-policy {e.Key} deny",
                    e.Source is null ? null : [e.Source]);
            }
            else if (e.Probe is { Ok: false } probe)
            {
                c.Notes.Add($"registry entry {e.Key} failed its last probe ({probe.Error}); re-check with 'kos registry probe {e.Name}'");
            }
        }
    }
}
