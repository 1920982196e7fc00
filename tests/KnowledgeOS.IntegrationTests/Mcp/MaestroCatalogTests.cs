using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Mcp;

/// <summary>The real Maestro Orchestrate 1.6.4 MCP server (Node), imported, re-imported and probed.</summary>
public sealed class MaestroCatalogTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "kos-maestro-" + Guid.NewGuid().ToString("N")[..12]);

    public MaestroCatalogTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose()
    {
        _repo.Dispose();
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    private void AddMaestro(string server) =>
        KosProcess.Ok(_repo.Root, "registry", "add", "maestro", "--kind", "orchestrator", "--command", "node", "--arg", server);

    private JsonNode Show(string name) => JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "show", name, "--json").Out)!;

    private static List<string> Strings(JsonNode? a) => a!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static JsonNode Runtime(JsonNode entry, string runtime) => entry["runtimes"]!.AsArray().Single(r => r!["runtime"]!.GetValue<string>() == runtime)!;

    [NpmFact]
    public void import_catalog_records_the_39_specialists_with_their_tools_dispatch_names_and_methodology()
    {
        AddMaestro(MaestroPeer.Server());
        var imported = KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json");
        OutputContract.AssertOutput("registry import-catalog", imported.Out, imported.Code);
        var r = JsonNode.Parse(imported.Out)!;
        Assert.Equal(MaestroPeer.Specialists, Strings(r["added"]).Count);
        Assert.Contains("subagent/coder", Strings(r["added"]));
        Assert.Contains("subagent/zos-sysprog", Strings(r["added"]));

        var coder = Show("coder");
        Assert.Equal("orchestrator/maestro", coder["orchestrator"]!.GetValue<string>());
        Assert.Equal(["Read", "Write", "Edit", "Bash", "Glob", "Grep", "TaskCreate", "TaskUpdate", "TaskList", "Skill"], Strings(coder["tools"]));
        Assert.Equal(["claude", "codex", "gemini", "qwen"], coder["runtimes"]!.AsArray().Select(n => n!["runtime"]!.GetValue<string>()));
        Assert.Equal("maestro:coder", Runtime(coder, "claude")["dispatch"]!.GetValue<string>());
        Assert.Equal("coder", Runtime(coder, "codex")["dispatch"]!.GetValue<string>());
        Assert.Contains("write_file", Strings(Runtime(coder, "gemini")["tools"]));
        Assert.Matches("^[0-9a-f]{64}$", coder["methodology"]!.GetValue<string>());
        Assert.Equal(1, coder["version"]!.GetValue<int>());
        Assert.DoesNotContain("Senior Software Engineer specializing in clean, production-quality implementation. You write code that is maintainable, testable, and follows established patterns.\n", coder.ToJsonString(), StringComparison.Ordinal);

        var reviewer = Show("code-reviewer");
        Assert.Equal(["Read", "Glob", "Grep"], Strings(reviewer["tools"]));
        Assert.Equal("maestro:code-reviewer", Runtime(reviewer, "claude")["dispatch"]!.GetValue<string>());
        Assert.Equal("code_reviewer", Runtime(reviewer, "gemini")["dispatch"]!.GetValue<string>());
        Assert.Equal("code_reviewer", Runtime(reviewer, "qwen")["dispatch"]!.GetValue<string>());

        var again = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!;
        Assert.Equal(0, again["events"]!.GetValue<int>());
        Assert.Equal(MaestroPeer.Specialists, again["unchanged"]!.GetValue<int>());
    }

    [NpmFact]
    public void a_changed_methodology_is_a_new_version_and_a_vanished_specialist_is_marked_missing()
    {
        MaestroPeer.CopyTo(_copy);
        AddMaestro(MaestroPeer.Server(_copy));
        KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro");
        var first = Show("coder")["methodology"]!.GetValue<string>();

        File.AppendAllText(Path.Combine(_copy, "src", "agents", "coder.md"), "\n- Never commit generated files.\n");
        var registry = Path.Combine(_copy, "src", "generated", "agent-registry.json");
        var agents = JsonNode.Parse(File.ReadAllText(registry))!.AsArray();
        agents.Remove(agents.Single(a => a!["name"]!.GetValue<string>() == "zos-sysprog"));
        File.WriteAllText(registry, agents.ToJsonString());

        var r = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!;
        Assert.Equal(["subagent/coder"], Strings(r["updated"]));
        Assert.Equal(["subagent/zos-sysprog"], Strings(r["missing"]));

        var coder = Show("coder");
        Assert.Equal(2, coder["version"]!.GetValue<int>());
        Assert.NotEqual(first, coder["methodology"]!.GetValue<string>());
        Assert.Equal([first, coder["methodology"]!.GetValue<string>()], coder["versions"]!.AsArray().Select(v => v!["methodology"]!.GetValue<string>()));
        var text = KosProcess.Ok(_repo.Root, "registry", "show", "coder").Out;
        Assert.Contains("version      2", text, StringComparison.Ordinal);
        Assert.Contains($"was 1    sha256:{first[..12]}", text, StringComparison.Ordinal);
        Assert.True(Show("zos-sysprog")["missing"]!.GetValue<bool>());

        Assert.Equal(0, JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "import-catalog", "maestro", "--json").Out)!["events"]!.GetValue<int>());
    }

    [NpmFact]
    public void probe_of_the_real_server_lists_its_17_tools_and_their_token_cost()
    {
        AddMaestro(MaestroPeer.Server());
        var r = KosProcess.Ok(_repo.Root, "registry", "probe", "maestro", "--json");
        var probe = JsonNode.Parse(r.Out)!.AsArray().Single()!;
        Assert.True(probe["ok"]!.GetValue<bool>(), r.ToString());
        Assert.Equal("maestro 1.6.4", probe["server"]!.GetValue<string>());
        var tools = probe["tools"]!.AsArray();
        Assert.Equal(17, tools.Count);
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "create_session");
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "get_runtime_context");
        Assert.All(tools, t => Assert.True(t!["tokens"]!.GetValue<int>() > 0));
        Assert.Equal(tools.Sum(t => t!["tokens"]!.GetValue<int>()), probe["schemaTokens"]!.GetValue<int>());
        Assert.Contains("17 tools", KosProcess.Ok(_repo.Root, "registry", "show", "maestro").Out, StringComparison.Ordinal);
    }
}
