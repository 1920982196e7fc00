using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// Maestro Orchestrate installed as a Claude Code plugin by the real 'claude plugin install' (from the peer folder as a
/// local marketplace), then imported by 'kos registry sync'.
/// </summary>
[Collection("agents")]
public sealed class MaestroPluginTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly string _home = Path.Combine(Path.GetTempPath(), "kos-home-" + Guid.NewGuid().ToString("N")[..12]);

    public MaestroPluginTests()
    {
        Directory.CreateDirectory(_home);
        KosProcess.Ok(_repo.Root, "init");
    }

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private Dictionary<string, string> Env => new() { ["HOME"] = _home, ["IS_SANDBOX"] = "1", ["DISABLE_AUTOUPDATER"] = "1", ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1" };

    /// <summary>Installs the real plugin for this project, the way its README says.</summary>
    internal static void InstallPlugin(string repo, IReadOnlyDictionary<string, string> env)
    {
        foreach (var args in new[] { new[] { "plugin", "marketplace", "add", MaestroPeer.Dir }, ["plugin", "install", "maestro@maestro-orchestrator", "--scope", "project"] })
        {
            var r = AgentClis.Run(AgentClis.Claude, repo, env, TimeSpan.FromMinutes(2), args);
            Assert.True(r.Code == 0, r.ToString());
        }
    }

    private JsonNode Kos(params string[] args)
    {
        var r = KosProcess.Run(_repo.Root, Env, null, [.. args, "--json"]);
        Assert.True(r.Code == 0, r.ToString());
        return JsonNode.Parse(r.Out)!;
    }

    [Fact]
    public void sync_links_the_installed_plugins_specialists_to_its_orchestrator_and_the_catalog_enriches_the_same_entries()
    {
        _repo.Write(".claude/agents/coder.md", "---\nname: coder\ndescription: The project's own coder\n---\n");
        InstallPlugin(_repo.Root, Env);

        var sync = Kos("registry", "sync");
        var added = sync["added"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("orchestrator/maestro", added);
        var subagents = Kos("registry", "list", "--kind", "subagent").AsArray()
            .Where(e => e!["origin"]!.GetValue<string>() == "sync").ToList();
        var specialists = subagents.Where(e => e!["orchestrator"]?.GetValue<string>() == "orchestrator/maestro").ToList();
        Assert.Equal(MaestroPeer.Specialists, specialists.Count);
        Assert.Equal(["subagent/coder"], subagents.Except(specialists).Select(e => e!["key"]!.GetValue<string>()));
        Assert.Contains(specialists, e => e!["key"]!.GetValue<string>() == "subagent/maestro:coder");
        Assert.Contains(specialists, e => e!["key"]!.GetValue<string>() == "subagent/code-reviewer");

        var orchestrator = Kos("registry", "show", "orchestrator/maestro");
        Assert.Equal("node", orchestrator["command"]!.GetValue<string>());
        Assert.EndsWith("/mcp/maestro-server.js", orchestrator["args"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("${CLAUDE_PLUGIN_ROOT}", orchestrator.ToJsonString(), StringComparison.Ordinal);

        // The plugin's own server (a Claude-only build) describes the same 39 entries: none added.
        var import = Kos("registry", "import-catalog", "maestro");
        Assert.Empty(import["added"]!.AsArray());
        Assert.Equal(MaestroPeer.Specialists, import["updated"]!.AsArray().Count);
        Assert.Equal(["claude"], import["runtimes"]!.AsArray().Select(n => n!.GetValue<string>()));
        var reviewer = Kos("registry", "show", "code-reviewer");
        Assert.Equal("sync", reviewer["origin"]!.GetValue<string>());
        Assert.Equal("maestro:code-reviewer", reviewer["runtimes"]![0]!["dispatch"]!.GetValue<string>());
        Assert.Equal(0, Kos("registry", "sync")["events"]!.GetValue<int>());

        // Claude Code dispatches the plugin's coder as maestro:coder; the project's coder keeps the plain name.
        Assert.Equal("subagent/maestro:coder", Kos("capability-event", "Agent", "--subagent-type", "maestro:coder")["entry"]!.GetValue<string>());
        Assert.Equal("subagent/coder", Kos("capability-event", "Agent", "--subagent-type", "coder")["entry"]!.GetValue<string>());
    }
}
