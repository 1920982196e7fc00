using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Mcp;

public sealed class ProbeTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public ProbeTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    private void Declare(string servers) => _repo.Write(".mcp.json", $"{{\"mcpServers\": {{{servers}}}}}");

    private static string Server(string name, string script, params string[] args) =>
        $"\"{name}\": {{\"command\": \"node\", \"args\": {new JsonArray([script, .. args.Select(a => (JsonNode)a)]).ToJsonString()}}}";

    [NpmFact]
    public void probe_lists_the_tools_of_real_npm_servers_with_their_token_cost()
    {
        Declare(Server("everything", McpFixtures.ServerEverything) + "," + Server("fs", McpFixtures.ServerFilesystem, _repo.Root));
        KosProcess.Ok(_repo.Root, "registry", "sync");
        var r = KosProcess.Ok(_repo.Root, "registry", "probe", "--all", "--json");
        OutputContract.AssertOutput("registry probe", r.Out, r.Code);
        var results = JsonNode.Parse(r.Out)!.AsArray().ToDictionary(n => n!["key"]!.GetValue<string>(), n => n!);

        var everything = results["mcp/everything"];
        Assert.True(everything["ok"]!.GetValue<bool>(), r.ToString());
        var tools = everything["tools"]!.AsArray();
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "echo");
        Assert.All(tools, t => Assert.True(t!["tokens"]!.GetValue<int>() > 0));
        Assert.Equal(tools.Sum(t => t!["tokens"]!.GetValue<int>()), everything["schemaTokens"]!.GetValue<int>());

        var fs = results["mcp/fs"];
        Assert.True(fs["ok"]!.GetValue<bool>(), r.ToString());
        Assert.Contains(fs["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "read_text_file");

        var shown = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "show", "everything", "--json").Out)!;
        Assert.Equal(tools.Count, shown["probe"]!["tools"]!.AsArray().Count);
        Assert.Contains("\"registry.probed\"", KosProcess.Ok(_repo.Root, "trace", "--json").Out, StringComparison.Ordinal);
    }

    [NpmFact]
    public void a_server_that_fails_to_start_is_reported_with_its_stderr_and_the_others_still_probe()
    {
        Declare(Server("everything", McpFixtures.ServerEverything) + ","
            + "\"crashes\": {\"command\": \"node\", \"args\": [\"-e\", \"console.error('FOO_API_KEY is not set'); process.exit(3)\"]},"
            + "\"absent\": {\"command\": \"/nonexistent/mcp-server\"}");
        KosProcess.Ok(_repo.Root, "registry", "sync");
        var r = KosProcess.Run(_repo.Root, "registry", "probe", "--all");
        Assert.Equal(3, r.Code);
        Assert.Contains("mcp/everything: ", r.Out, StringComparison.Ordinal);
        Assert.Contains("kos: mcp/crashes failed", r.Err, StringComparison.Ordinal);
        Assert.Contains("FOO_API_KEY is not set", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos: mcp/absent failed", r.Err, StringComparison.Ordinal);

        var crashed = JsonNode.Parse(KosProcess.Ok(_repo.Root, "registry", "show", "crashes", "--json").Out)!["probe"]!;
        Assert.False(crashed["ok"]!.GetValue<bool>());
        Assert.Contains("FOO_API_KEY", crashed["stderr"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [NpmFact]
    public void in_strict_mode_a_tool_the_probed_server_does_not_list_is_denied()
    {
        Declare(Server("everything", McpFixtures.ServerEverything));
        KosProcess.Ok(_repo.Root, "registry", "sync");
        KosProcess.Ok(_repo.Root, "registry", "probe", "everything");
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "strictness = \"strict\"\n");
        Assert.StartsWith("CAPABILITY_OK mcp:everything/echo", KosProcess.Ok(_repo.Root, "capability-event", "mcp__everything__echo").FirstLine, StringComparison.Ordinal);
        var r = KosProcess.Run(_repo.Root, "capability-event", "mcp__everything__delete_everything");
        Assert.Equal(1, r.Code);
        Assert.Contains("did not list a tool delete_everything", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void probe_needs_a_name_or_all()
    {
        var r = KosProcess.Run(_repo.Root, "registry", "probe");
        Assert.Equal(2, r.Code);
        Assert.Contains("--all", r.Err, StringComparison.Ordinal);
    }
}
