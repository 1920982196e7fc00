namespace KnowledgeOS.Specs;

/// <summary>The spec files of a project: <c>.agent-os/specs/S-&lt;id&gt;-&lt;slug&gt;.md</c>.</summary>
public sealed class SpecCatalog(string specsDir)
{
    public IEnumerable<string> Files() =>
        Directory.Exists(specsDir)
            ? Directory.EnumerateFiles(specsDir, "*.md").Order(StringComparer.Ordinal)
            : [];

    /// <summary>The file of a spec ID (by file name, then by front matter), or null.</summary>
    public string? FindFile(string id)
    {
        foreach (var f in Files())
        {
            var name = Path.GetFileNameWithoutExtension(f);
            if (string.Equals(name, id, StringComparison.OrdinalIgnoreCase) || name.StartsWith(id + "-", StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }

        return Files().FirstOrDefault(f => string.Equals(TryLoad(f).Spec?.Id, id, StringComparison.OrdinalIgnoreCase));
    }

    public static (Spec? Spec, IReadOnlyList<SpecProblem> Problems) TryLoad(string file) =>
        SpecParser.Parse(File.ReadAllText(file), file);

    /// <summary>Loads a spec by ID; throws an input error naming every problem, or suggesting near IDs.</summary>
    public Spec Load(string id, string displayRoot)
    {
        var file = FindFile(id);
        if (file is null)
        {
            var known = Files().Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
            var hint = known.Count == 0
                ? "There are no specs yet: create one with 'kos create-spec \"Title\" --intent \"…\" --req \"…\"'."
                : "Known specs: " + string.Join(", ", known.OrderBy(k => Ids.Distance(k[..Math.Min(k.Length, id.Length)], id)).Take(5)) + ".";
            throw KosException.Input($"No spec {id} in .agent-os/specs/. {hint}");
        }

        var (spec, problems) = TryLoad(file);
        if (spec is null)
        {
            throw KosException.Input("The spec is malformed:\n" + string.Join('\n', problems.Select(p => "  " + Rel(p, displayRoot))));
        }

        return spec;
    }

    private static string Rel(SpecProblem p, string root) =>
        (p with { Path = Path.GetRelativePath(root, p.Path).Replace('\\', '/') }).ToString();
}
