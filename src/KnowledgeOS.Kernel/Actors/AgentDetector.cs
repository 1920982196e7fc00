namespace KnowledgeOS.Actors;

/// <summary>
/// Recognises an agent's context, combining every signal that survives a different evasion:
/// <list type="number">
/// <item>this process's environment (the variables the agents set, <c>KOS_SESSION</c>);</item>
/// <item>the cgroup <c>kos agent</c> and the SessionStart hook put the agent in (survives <c>env -i</c>,
///   <c>setsid</c>, double forks: every descendant inherits it);</item>
/// <item>the process ancestry: an ancestor that is an agent's own program, or was started with an
///   agent's variables (survives <c>env -i kos …</c>, <c>env -u CLAUDECODE</c>, <c>setsid</c>, <c>nohup</c>
///   while the agent's shell lives).</item>
/// </list>
/// Null means a person's context. A process orphaned under init is not counted as an agent's: people's
/// processes are orphaned too (a backgrounded CI job whose shell exited), and refusing them would make
/// kos unusable; the cgroup and the fence cover what a detached agent process does.
/// </summary>
public static class AgentDetector
{
    private const int MaxDepth = 64;

    public static AgentContext? Detect(Func<string, string?> env) => Detect(env, Environment.ProcessId);

    public static AgentContext? Detect(Func<string, string?> env, int pid)
    {
        if (FromVariables(env, "environment") is { } fromEnv)
        {
            return fromEnv;
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (AgentCgroup.Of(pid) is { } fromCgroup)
        {
            return fromCgroup;
        }

        return FromAncestry(pid);
    }

    private static AgentContext? FromAncestry(int pid)
    {
        var current = ProcessInfo.Read(pid);
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (current.ParentPid <= 1)
            {
                return null;
            }

            var parent = ProcessInfo.Read(current.ParentPid);
            if (parent is null)
            {
                return null;
            }

            var vars = parent.Environment();
            if (vars is not null && FromVariables(vars.Get, $"the environment of ancestor process {parent.Pid} ({parent.Command})") is { } found)
            {
                return found;
            }

            if (ProgramAgent(parent) is { } agent)
            {
                return new AgentContext(agent, null, $"ancestor process {parent.Pid} is {agent} ({parent.Command})");
            }

            current = parent;
        }

        return null;
    }

    /// <summary>The nearest ancestor of <paramref name="pid"/> that is an agent's own program (the process a hook was started by).</summary>
    public static int? AgentProcessOf(int pid)
    {
        var current = OperatingSystem.IsLinux() ? ProcessInfo.Read(pid) : null;
        for (var depth = 0; current is not null && depth < MaxDepth && current.ParentPid > 1; depth++)
        {
            current = ProcessInfo.Read(current.ParentPid);
            if (current is not null && ProgramAgent(current) is not null)
            {
                return current.Pid;
            }
        }

        return null;
    }

    /// <summary>
    /// Marks the agent process above this hook (or <paramref name="pid"/> itself for <c>kos agent</c>)
    /// with its cgroup, so everything it starts later is recognised. Returns what happened, for the record.
    /// </summary>
    public static string Mark(string agent, string session, int? pid = null)
    {
        if ((pid ?? AgentProcessOf(Environment.ProcessId)) is not { } target)
        {
            return "no agent process found above the hook";
        }

        return AgentCgroup.Enter(target, agent, session) is { } why ? why : $"process {target} in cgroup kos.agent.{agent}";
    }

    internal static AgentContext? FromVariables(Func<string, string?> env, string where)
    {
        foreach (var (variable, agent, sessionVariable) in AgentSignals.Variables)
        {
            if (env(variable) is not { Length: > 0 } value)
            {
                continue;
            }

            var name = agent.Length > 0 ? agent
                : variable == "AI_AGENT" ? AgentSignals.FromAiAgent(value)
                : env("KOS_AGENT") is { Length: > 0 } a ? a : "unknown";
            var session = sessionVariable is not null && env(sessionVariable) is { Length: > 0 } s ? s
                : env("KOS_SESSION") is { Length: > 0 } ks ? ks : null;
            return new AgentContext(name, session, $"{variable} in {where}");
        }

        return null;
    }

    internal static string? ProgramAgent(ProcessInfo p)
    {
        foreach (var arg in p.Argv.Take(2).Prepend(p.Command))
        {
            var name = Path.GetFileName(arg).ToLowerInvariant();
            foreach (var (program, agent) in AgentSignals.Programs)
            {
                if (name == program && agent.Length > 0)
                {
                    return agent;
                }
            }

            foreach (var (part, agent) in AgentSignals.Packages)
            {
                if (arg.Contains(part, StringComparison.Ordinal))
                {
                    return agent;
                }
            }
        }

        return null;
    }
}
