namespace KnowledgeOS.Cli.Fence;

/// <summary>Whether the OS sandbox the fence relies on can run here (Linux: bubblewrap and socat; macOS: Seatbelt).</summary>
internal static class Sandbox
{
    public const string InstallCommand = "sudo apt-get install -y bubblewrap socat";

    /// <summary>Why the sandbox cannot run here, with the command that fixes it; null when it can.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var missing = new[] { "bwrap", "socat" }.Where(p => Which(p) is null).ToList();
        return missing.Count == 0
            ? null
            : $"the agents' OS sandbox cannot run: {string.Join(" and ", missing)} not installed, so shell writes outside the scope are only detected, not prevented (install: {InstallCommand})";
    }

    public static string? Which(string program, string? path = null) =>
        (path ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
