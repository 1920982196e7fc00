namespace KnowledgeOS.Registry.Importers;

/// <summary>A source file kos could not (fully) read, with the line to look at (0 = the whole file).</summary>
public sealed record RegistryProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>What the importers found: entries (without policy decisions) and problems, per file.</summary>
public sealed class ImportResult
{
    public List<RegistryEntry> Entries { get; } = [];

    public List<RegistryProblem> Problems { get; } = [];

    /// <summary>Files that were read (even if malformed): their entries are not marked missing on a parse error.</summary>
    public HashSet<string> FailedFiles { get; } = new(StringComparer.Ordinal);

    public void Fail(string file, int line, string message)
    {
        Problems.Add(new RegistryProblem(file, line, message));
        FailedFiles.Add(file);
    }
}
