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
    public ProcessEnvironment? Environment()
    {
        try
        {
            return new ProcessEnvironment(File.ReadAllBytes($"/proc/{Pid}/environ"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// A process's environment block as /proc holds it ("NAME=value", each ended by a NUL). Looked up in place: a command walks
/// several ancestors' blocks, often tens of kilobytes each, and needs a handful of names from them.
/// </summary>
internal sealed class ProcessEnvironment(byte[] block)
{
    /// <summary>The value of <paramref name="name"/>, or null; the last one when the block repeats it (as the process reads it).</summary>
    public string? Get(string name)
    {
        Span<byte> key = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length) + 1];
        key = key[..(Encoding.UTF8.GetBytes(name, key) + 1)];
        key[^1] = (byte)'=';
        ReadOnlySpan<byte> rest = block;
        string? value = null;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)0);
            var entry = end < 0 ? rest : rest[..end];
            if (entry.StartsWith(key))
            {
                value = Encoding.UTF8.GetString(entry[key.Length..]);
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return value;
    }
}
