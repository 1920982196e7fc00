namespace KnowledgeOS.Registry.Catalog;

/// <summary>
/// A specialist an orchestrator's catalog describes. <see cref="Methodology"/> is its prompt body as the
/// server sent it: the kernel hashes it and never stores the text.
/// </summary>
public sealed record CatalogAgent(string Name, string? Description, IReadOnlyList<string> Tools)
{
    public string? Methodology { get; init; }

    /// <summary>The specialist as each runtime sees it (empty for a catalog without runtimes).</summary>
    public IReadOnlyList<CatalogRuntime> Runtimes { get; init; } = [];
}

/// <summary>What one runtime's catalog says about a specialist: its dispatch name, declared tools and methodology text.</summary>
public sealed record CatalogRuntime(string Runtime, string Dispatch, IReadOnlyList<string> Tools, string? Methodology);

/// <summary>A tool a catalog server lists, with its input schema (JSON text) when it gave one.</summary>
public sealed record CatalogTool(string Name, string? InputSchema);
