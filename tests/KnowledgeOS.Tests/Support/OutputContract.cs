using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace KnowledgeOS.Testing;

/// <summary>
/// The <c>--json</c> output contract: <c>docs/schema/COMMAND.schema.json</c> (command words joined by '-') describes
/// each command's result, <c>error.schema.json</c> every error (<c>{"error":{"code","message","exit"}}</c>), and
/// <c>common.schema.json</c> the shapes several commands share. Tests validate real outputs against them.
/// </summary>
public static class OutputContract
{
    /// <summary>Schema files that describe no command of their own.</summary>
    public static readonly string[] Shared = ["error", "common"];

    private const string Base = "https://knowledgeos.dev/schema/";

    private static readonly Lazy<(SchemaRegistry Registry, Dictionary<string, JsonSchema> ByName)> Loaded = new(Load);

    public static string Folder => SourcePath("docs/schema");

    /// <summary>The schema file name (without <c>.schema.json</c>) of a command path ("registry list" → "registry-list").</summary>
    public static string NameOf(string command) => command.Replace(' ', '-');

    /// <summary>Every schema's name, shared ones included.</summary>
    public static IReadOnlyCollection<string> Names => Loaded.Value.ByName.Keys;

    public static JsonSchema Schema(string name) =>
        Loaded.Value.ByName.TryGetValue(name, out var s) ? s : throw new InvalidOperationException($"no schema docs/schema/{name}.schema.json");

    /// <summary>
    /// Asserts that <paramref name="stdout"/> of <c>kos COMMAND --json</c> follows the contract: an error object
    /// (validated against error.schema.json, its <c>exit</c> equal to the exit code, never 0) or the command's result.
    /// </summary>
    public static void AssertOutput(string command, string stdout, int exit)
    {
        var node = Parse(command, stdout);
        if (node is JsonObject o && o.ContainsKey("error"))
        {
            AssertError(stdout, exit, command);
            return;
        }

        AssertValid(NameOf(command), node, $"kos {command} --json (exit {exit})");
    }

    /// <summary>Asserts that <paramref name="stdout"/> is an error object of error.schema.json whose exit is <paramref name="exit"/>.</summary>
    public static JsonObject AssertError(string stdout, int exit, string command = "")
    {
        var node = Parse(command, stdout);
        AssertValid("error", node, $"kos {command} --json error (exit {exit})");
        var error = node!["error"]!.AsObject();
        Assert.NotEqual(0, exit);
        Assert.Equal(exit, error["exit"]!.GetValue<int>());
        return error;
    }

    public static void AssertValid(string name, JsonNode? node, string what)
    {
        var element = JsonSerializer.SerializeToElement(node);
        var result = Schema(name).Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var problems = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"  at {d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
            Assert.Fail($"{what} does not match docs/schema/{name}.schema.json:\n{string.Join('\n', problems)}\n{node?.ToJsonString()}");
        }
    }

    private static JsonNode? Parse(string command, string stdout)
    {
        try
        {
            return JsonNode.Parse(stdout);
        }
        catch (JsonException e)
        {
            Assert.Fail($"kos {command} --json did not print JSON ({e.Message}):\n{stdout}");
            return null;
        }
    }

    private static (SchemaRegistry, Dictionary<string, JsonSchema>) Load()
    {
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var files = Directory.GetFiles(Folder, "*.schema.json").OrderBy(f => Shared.Contains(Stem(f)) ? 0 : 1).ToList();
        var byName = new Dictionary<string, JsonSchema>();
        foreach (var file in files)
        {
            var name = Stem(file);
            byName[name] = JsonSchema.FromText(File.ReadAllText(file), options, new Uri(Base + name + ".schema.json"));
        }

        return (registry, byName);
    }

    private static string Stem(string file) => Path.GetFileName(file)[..^".schema.json".Length];

    /// <summary>A path in the source tree (the folder holding KnowledgeOS.slnx).</summary>
    public static string SourcePath(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KnowledgeOS.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("KnowledgeOS.slnx not found above the test binaries"), relative);
    }
}
