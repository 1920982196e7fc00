namespace KnowledgeOS.Actors;

/// <summary>
/// A cgroup (v2) named for an agent session: <c>kos agent</c> and the SessionStart hook move the
/// agent's process into <c>…/kos.agent.AGENT.SESSION</c>, and every process it starts later inherits
/// it, whatever it does to its environment, session or parent (only a write to cgroup.procs leaves it,
/// and inside the fence /sys is read-only). Best effort: where cgroup v2 is not writable (no delegation,
/// macOS) kos says so in <c>kos hooks status</c> and relies on the other signals.
/// </summary>
public static class AgentCgroup
{
    private const string Prefix = "kos.agent.";

    /// <summary>The agent context recorded in <paramref name="pid"/>'s cgroup path, if any.</summary>
    public static AgentContext? Of(int pid)
    {
        if (CurrentPath(pid) is not { } path)
        {
            return null;
        }

        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
        {
            if (segment.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var rest = segment[Prefix.Length..];
                var dot = rest.IndexOf('.', StringComparison.Ordinal);
                return dot <= 0
                    ? new AgentContext(rest, null, $"cgroup {path}")
                    : new AgentContext(rest[..dot], rest[(dot + 1)..], $"cgroup {path}");
            }
        }

        return null;
    }

    /// <summary>
    /// Moves <paramref name="pid"/> into a child cgroup named for the agent session. Returns null on
    /// success, else why it could not (not Linux, no writable cgroup v2).
    /// </summary>
    public static string? Enter(int pid, string agent, string session)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "cgroups are a Linux feature";
        }

        if (Of(pid) is not null)
        {
            return null;
        }

        var mount = Mount();
        if (mount is null || CurrentPath(pid) is not { } current)
        {
            return "no cgroup v2 hierarchy is mounted";
        }

        try
        {
            var dir = Path.Combine(mount + current, Prefix + Safe(agent) + "." + Safe(session));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "cgroup.procs"), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the cgroup v2 hierarchy at {mount} is not writable here ({e.Message.Split('\n')[0]})";
        }
    }

    private static string Safe(string s) => new([.. s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(64)]);

    private static string? CurrentPath(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/cgroup"))
            {
                if (line.StartsWith("0::", StringComparison.Ordinal))
                {
                    return line[3..];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static string? Mount()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/mountinfo"))
            {
                // "… MOUNTPOINT … - cgroup2 cgroup2 rw": field 5 is the mount point, the type follows " - ".
                var dash = line.IndexOf(" - ", StringComparison.Ordinal);
                if (dash > 0 && line[(dash + 3)..].StartsWith("cgroup2 ", StringComparison.Ordinal))
                {
                    var fields = line.Split(' ');
                    return fields[4];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
