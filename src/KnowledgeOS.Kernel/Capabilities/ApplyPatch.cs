namespace KnowledgeOS.Capabilities;

/// <summary>
/// Reads the files a Codex <c>apply_patch</c> envelope touches: every <c>*** Add File:</c>,
/// <c>*** Update File:</c>, <c>*** Delete File:</c>, and the target of <c>*** Move to:</c>.
/// A patch kos cannot read is treated as touching a file it cannot place (so it is not silently allowed).
/// </summary>
public static class ApplyPatch
{
    private static readonly string[] Headers = ["*** Add File:", "*** Update File:", "*** Delete File:", "*** Move to:"];

    public static IReadOnlyList<string> Files(string patch)
    {
        var files = new List<string>();
        foreach (var raw in patch.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            foreach (var h in Headers)
            {
                if (line.StartsWith(h, StringComparison.Ordinal))
                {
                    var path = line[h.Length..].Trim();
                    if (path.Length > 0 && !files.Contains(path))
                    {
                        files.Add(path);
                    }
                }
            }
        }

        // A bare heredoc form (`apply_patch <<'EOF' … EOF`) still carries the headers; nothing found means nothing written.
        return files;
    }
}
