using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Mcp;

public sealed class CatalogImportTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public CatalogImportTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    private void Catalog(params (string Name, string Description, string[] Tools)[] agents)
    {
        var a = new JsonArray();
        foreach (var (name, description, tools) in agents)
        {
            a.Add((JsonNode)new JsonObject { ["name"] = name, ["description"] = description, ["tools"] = new JsonArray([.. tools.Select(t => (JsonNode)t)]) });
        }

        _repo.Write("catalog.json", a.ToJsonString());
    }

    [NpmFact]
    public void import_catalog_records_each_specialist_as_a_subagent_linked_to_its_orchestrator()
    {
        Catalog(("coder", "Writes production code", ["Read", "Edit", "Bash"]), ("tester", "Writes and runs tests", ["Read", "Bash"]), ("architect", "Designs systems", ["Read"]));
        KosProcess.Ok(_repo.Root, "registry", "add", "--kind", "orchestrator", "maestro", "--command", "node", "--arg", McpFixtures.CatalogServer, "--arg", _repo.PathOf("catalog.json"));

        var r = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!;
        Assert.Equal(["subagent/architect", "subagent/coder", "subagent/tester"], r["added"]!.AsArray().Select(n => n!.GetValue<string>()).Order());

        var coder = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "show", "coder", "--json").Out)!;
        Assert.Equal("orchestrator/maestro", coder["orchestrator"]!.GetValue<string>());
        Assert.Equal("catalog", coder["origin"]!.GetValue<string>());
        Assert.Equal("Writes production code", coder["description"]!.GetValue<string>());
        Assert.Equal(["Read", "Edit", "Bash"], coder["tools"]!.AsArray().Select(t => t!.GetValue<string>()));

        var again = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!;
        Assert.Equal(0, again["events"]!.GetValue<int>());

        Catalog(("coder", "Writes production code", ["Read", "Edit", "Bash"]), ("tester", "Writes and runs tests", ["Read", "Bash"]));
        var dropped = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!;
        Assert.Equal("subagent/architect", dropped["missing"]![0]!.GetValue<string>());

        Assert.StartsWith("CAPABILITY_OK subagent:maestro:tester", KosProcess.Ok(_repo.Root, "capability-event", "Agent", "--subagent-type", "maestro:tester").FirstLine, StringComparison.Ordinal);
    }

    [NpmFact]
    public void a_specialist_named_like_a_project_subagent_is_qualified_by_its_orchestrator()
    {
        _repo.Write(".claude/agents/coder.md", "---\nname: coder\ndescription: The project's own coder\n---\n");
        KosProcess.Ok(_repo.Root, "registry", "sync");
        Catalog(("coder", "Maestro's coder", ["Read"]));
        KosProcess.Ok(_repo.Root, "registry", "add", "--kind", "orchestrator", "maestro", "--command", "node", "--arg", McpFixtures.CatalogServer, "--arg", _repo.PathOf("catalog.json"));
        var r = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!;
        Assert.Equal("subagent/maestro:coder", r["added"]![0]!.GetValue<string>());
        Assert.Equal("The project's own coder", JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "show", "subagent/coder", "--json").Out)!["description"]!.GetValue<string>());
    }

    [NpmFact]
    public void a_server_without_an_agent_listing_tool_is_refused_with_its_tool_names()
    {
        KosProcess.Ok(_repo.Root, "registry", "add", "--kind", "mcp", "everything", "--command", "node", "--arg", McpFixtures.ServerEverything);
        var r = KosProcess.Run(_repo.Root, "registry", "import-catalog", "everything");
        Assert.Equal(2, r.Code);
        Assert.Contains("has no tool that lists agents", r.Err, StringComparison.Ordinal);
        Assert.Contains("echo", r.Err, StringComparison.Ordinal);
    }
}
