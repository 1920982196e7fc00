namespace KnowledgeOS.Serve.Hosting;

/// <summary>
/// Whether kos-serve was started from an AI agent's context: the kernel's detection (environment,
/// the agent's cgroup, process ancestry), so an agent cannot start a workbench that answers as a person.
/// </summary>
internal static class AgentContext
{
    /// <summary>What gave the agent away, or null for a person's terminal.</summary>
    public static string? Detect(Func<string, string?> env) => Actors.AgentDetector.Detect(env)?.Evidence;
}
