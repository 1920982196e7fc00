namespace KnowledgeOS.Specs;

/// <summary>A spec as recorded in the ledger at one content hash: enough to diff against later versions.</summary>
public sealed record SpecVersion(string Spec, string Title, string Hash, string Path, IReadOnlyList<RequirementText> Requirements)
{
    public const string RecordKind = "spec-version";

    public static SpecVersion Of(Spec spec, string relativePath) =>
        new(spec.Id, spec.Title, spec.Hash, relativePath, spec.Requirements.Select(r => new RequirementText(r.Id, r.Text)).ToList());
}

public sealed record RequirementText(string Id, string Text);
