namespace KnowledgeOS.Specs;

/// <summary>A requirement with its stable ID, as written in the spec.</summary>
public sealed record Requirement(string Id, string Text, int Line);

/// <summary>A parsed spec file: durable intent with numbered requirements.</summary>
public sealed record Spec(
    string Id,
    string Title,
    string Status,
    string Intent,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<string> Acceptance,
    IReadOnlyList<string> NonGoals,
    string Path,
    string Hash)
{
    public Requirement? Find(string id) => Requirements.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A problem found in a spec file, with the line it is on (1-based; 0 for the whole file).</summary>
public sealed record SpecProblem(string Path, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Path}:{Line}: {Message}" : $"{Path}: {Message}";
}
