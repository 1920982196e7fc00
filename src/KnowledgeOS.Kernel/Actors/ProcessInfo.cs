using System.Text;

namespace KnowledgeOS.Actors;

/// <summary>One process as Linux's /proc shows it: what kos needs to tell an agent's process from a person's.</summary>
internal sealed record ProcessInfo(int Pid, int ParentPid, string Command, string[] Argv)
{
    /// <summary>Reads /proc/PID; null when the process is gone or /proc is not there (macOS: environment only).</summary>
    public static ProcessInfo? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            if (close < 0 || open < 0)
            {
                return null;
            }

            var comm = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var argv = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessInfo(pid, int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), comm, argv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The variables this process was started with (what /proc/PID/environ shows), or null if unreadable.</summary>
    public Dictionary<string, string>? Environment()
    {
        try
        {
            var vars = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{Pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = entry.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    vars[entry[..eq]] = entry[(eq + 1)..];
                }
            }

            return vars;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
