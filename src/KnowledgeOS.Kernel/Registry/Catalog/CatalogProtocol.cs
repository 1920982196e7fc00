using System.Text.Json;

namespace KnowledgeOS.Registry.Catalog;

/// <summary>How to read a server's catalog: which tool lists the agents and which describes them.</summary>
/// <param name="Lister">A tool that lists agents (list_agents…), or null.</param>
/// <param name="RuntimeContext">Without a lister: the tool whose answer holds an <c>agents</c> list (Maestro's get_runtime_context).</param>
/// <param name="Describer">The tool that describes agents (get_agent), or null.</param>
/// <param name="Argument">The describer's argument.</param>
/// <param name="Batch">The describer takes a list of names (Maestro's <c>{"agents": […]}</c>) rather than one name.</param>
public sealed record CatalogPlan(string? Lister, string? RuntimeContext, string? Describer, string Argument, bool Batch)
{
    /// <summary>Names per describer call when it takes a list: bounded, so no single answer grows without limit.</summary>
    public const int BatchSize = 10;
}

/// <summary>Reads the catalog the way the server offers it: a list tool if there is one, else the runtime context's agents.</summary>
public static class CatalogProtocol
{
    private static readonly string[] Listers = ["list_agents", "get_agents", "list_specialists"];

    public static CatalogPlan Choose(string serverKey, IReadOnlyList<CatalogTool> tools)
    {
        var names = tools.Select(t => t.Name).ToList();
        var lister = names.FirstOrDefault(n => Listers.Contains(n, StringComparer.Ordinal))
            ?? names.FirstOrDefault(n => n.Contains("list", StringComparison.OrdinalIgnoreCase) && n.Contains("agent", StringComparison.OrdinalIgnoreCase));
        var context = lister is null ? names.FirstOrDefault(n => n == "get_runtime_context") : null;
        if (lister is null && context is null)
        {
            throw KosException.Input(
                $"{serverKey} has no tool that lists agents (its tools: {string.Join(", ", names)}); a catalog server offers list_agents " +
                "(and get_agent), or, as Maestro Orchestrate does, get_runtime_context with an agents list and get_agent.");
        }

        var describer = tools.FirstOrDefault(t => t.Name is "get_agent" or "describe_agent");
        var (argument, batch) = describer is null ? ("name", false) : Argument(describer.InputSchema);
        return new CatalogPlan(lister, context, describer?.Name, argument, batch);
    }

    /// <summary>The describer's first required argument (else its first property), and whether it takes an array.</summary>
    private static (string Name, bool Batch) Argument(string? schemaJson)
    {
        if (schemaJson is null)
        {
            return ("name", false);
        }

        using var doc = JsonDocument.Parse(schemaJson);
        var schema = doc.RootElement;
        string? name = null;
        if (schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array && req.GetArrayLength() > 0)
        {
            name = req[0].GetString();
        }

        var props = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (name is null && props.ValueKind == JsonValueKind.Object)
        {
            name = props.EnumerateObject().Select(x => x.Name).FirstOrDefault();
        }

        name ??= "name";
        var batch = props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var prop) &&
                    prop.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "array";
        return (name, batch);
    }
}
