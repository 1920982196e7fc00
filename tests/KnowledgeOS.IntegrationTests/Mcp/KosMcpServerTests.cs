using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace KnowledgeOS.IntegrationTests.Mcp;

public sealed class KosMcpServerTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan InspectorTimeout = TimeSpan.FromMinutes(2);
    private readonly TempRepo _repo = Init();

    private static TempRepo Init()
    {
        var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        return repo;
    }

    public void Dispose() => _repo.Dispose();

    private ProcessRun Inspector(params string[] args) =>
        Node.Run(_repo.Root, InspectorTimeout, [McpFixtures.Inspector, "--cli", .. Node.KosCommand("mcp"), .. args]);

    [NpmFact]
    public void the_inspector_cli_lists_at_most_ten_tools_within_the_token_budget()
    {
        var r = Inspector("--method", "tools/list");
        Assert.True(r.Code == 0, r.ToString());
        var tools = JsonNode.Parse(r.Out)!["tools"]!.AsArray();
        Assert.InRange(tools.Count, 1, 10);
        Assert.All(tools, t => Assert.InRange(t!["description"]!.GetValue<string>().Length, 20, 200));

        // Estimate: one token per 4 characters of the compact tools/list JSON.
        var chars = tools.ToJsonString().Length;
        output.WriteLine($"tools/list: {tools.Count} tools, {chars} chars, ~{chars / 4} tokens");
        Assert.True(chars / 4 <= 2500, $"tools/list costs ~{chars / 4} tokens, over the 2,500 budget");

        var names = tools.Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("task_create", names);
        Assert.Contains("task_advance", names);
        Assert.Contains("capability_event", names);
    }

    [NpmFact]
    public void the_inspector_cli_creates_a_task_and_shows_it_through_kos_tools()
    {
        var created = Inspector("--method", "tools/call", "--tool-name", "task_create", "--tool-arg", "title=Fix typo", "--tool-arg", "quick=true", "--tool-arg", "scope=[\"README.md\"]", "--tool-arg", "session=s1");
        Assert.True(created.Code == 0, created.ToString());
        var body = JsonNode.Parse(JsonNode.Parse(created.Out)!["content"]![0]!["text"]!.GetValue<string>())!;
        var task = body["task"]!.GetValue<string>();
        Assert.Equal("execute", body["phase"]!.GetValue<string>());

        var shown = Inspector("--method", "tools/call", "--tool-name", "task_show", "--tool-arg", $"task={task}");
        Assert.True(shown.Code == 0, shown.ToString());
        Assert.Contains("Fix typo", shown.Out, StringComparison.Ordinal);
        Assert.Equal("execute", KosProcess.Ok(_repo.Root, "show", task, "--json").Out is var json ? JsonNode.Parse(json)!["phase"]!.GetValue<string>() : null);
    }

    [NpmFact]
    public void a_failing_tool_call_comes_back_as_a_tool_error_with_the_cli_message()
    {
        var cli = KosProcess.Run(_repo.Root, "show", "T-nope");
        var r = Inspector("--method", "tools/call", "--tool-name", "task_show", "--tool-arg", "task=T-nope");
        var result = JsonNode.Parse(r.Out[..(r.Out.LastIndexOf('}') + 1)].Split("\n{\"error\"")[0])!;
        Assert.True(result["isError"]!.GetValue<bool>(), r.ToString());
        Assert.Contains(cli.Err.Trim(), result["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_agent_s_mcp_call_for_a_human_decision_is_refused_and_filed_until_a_person_grants_it_once()
    {
        var spec = KosProcess.Ok(_repo.Root, "create-spec", "Checkout", "--intent", "Customers pay by card.", "--req", "Card form").FirstLine;
        var task = KosProcess.Ok(_repo.Root, "create-task", "Card form", "--spec", spec, "--req", "R1").FirstLine;
        var command = Node.KosCommand("mcp");
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = command[0],
            Arguments = command[1..],
            WorkingDirectory = _repo.Root,
            EnvironmentVariables = new Dictionary<string, string?> { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "mcp-sess", ["KOS_ACTOR"] = "user:tester" },
        }));
        var route = new Dictionary<string, object?> { ["task"] = task, ["action"] = "route", ["scope"] = new[] { "**" }, ["session"] = "someone" };

        var refused = await client.CallToolAsync("task_advance", route);
        Assert.True(refused.IsError);
        Assert.Contains("decision for a person", Text(refused), StringComparison.Ordinal);
        var q = JsonNode.Parse(KosProcess.Ok(_repo.Root, "requests", "--json").Out)!.AsArray().Single()!;
        Assert.Equal("agent:claude/mcp-sess", q["requestedBy"]!.GetValue<string>());

        KosProcess.Ok(_repo.Root, "approve", q["id"]!.GetValue<string>());
        Assert.Contains($"CHECKPOINT_OK {task} route", await Call(client, "task_advance", route), StringComparison.Ordinal);
        var again = await client.CallToolAsync("task_advance", new Dictionary<string, object?> { ["task"] = task, ["action"] = "route", ["scope"] = new[] { "**" }, ["session"] = "someone" });
        Assert.True(again.IsError);
        Assert.Contains("agent:claude/mcp-sess", KosProcess.Ok(_repo.Root, "trace", task).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_csharp_sdk_client_walks_a_task_through_the_lifecycle_with_kos_tools()
    {
        var spec = KosProcess.Ok(_repo.Root, "create-spec", "Checkout", "--intent", "Customers pay by card.", "--req", "Card form").FirstLine;
        KosProcess.Ok(_repo.Root, "registry", "sync");
        var command = Node.KosCommand("mcp");
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = command[0],
            Arguments = command[1..],
            WorkingDirectory = _repo.Root,
            EnvironmentVariables = new Dictionary<string, string?> { ["KOS_ACTOR"] = "user:tester" }, // a person's MCP client
        }));

        Assert.Equal("kos", client.ServerInfo?.Name);
        var tools = await client.ListToolsAsync();
        Assert.InRange(tools.Count, 1, 10);

        var created = await Call(client, "task_create", new() { ["title"] = "Card form", ["spec"] = spec, ["req"] = new[] { "R1" } });
        var task = JsonNode.Parse(created)!["task"]!.GetValue<string>();
        await Call(client, "task_advance", new() { ["task"] = task, ["action"] = "route", ["scope"] = new[] { "src/**" }, ["agent"] = "claude" });
        await Call(client, "task_advance", new() { ["task"] = task, ["action"] = "plan", ["steps"] = new[] { "R1: add the form" } });
        await Call(client, "task_advance", new() { ["task"] = task, ["action"] = "review", ["reviewer"] = "alice" });
        var dispatched = await Call(client, "task_advance", new() { ["task"] = task, ["action"] = "dispatch", ["session"] = "s1" });
        Assert.Contains($"CHECKPOINT_OK {task} execute", dispatched, StringComparison.Ordinal);

        var capability = JsonNode.Parse(await Call(client, "capability_event", new() { ["tool"] = "Bash", ["session"] = "s1" }))!;
        Assert.Equal(task, capability["task"]!.GetValue<string>());
        var marker = capability["marker"]!.GetValue<string>();
        Assert.Equal(0, KosProcess.Run(_repo.Root, "verify-marker", marker).Code);

        var illegal = await client.CallToolAsync("task_advance", new Dictionary<string, object?> { ["task"] = task, ["action"] = "review" });
        Assert.True(illegal.IsError);
        Assert.Contains("only a planned task can be reviewed", Text(illegal), StringComparison.Ordinal);

        var badAction = await client.CallToolAsync("task_advance", new Dictionary<string, object?> { ["task"] = task, ["action"] = "teleport" });
        Assert.True(badAction.IsError);
        Assert.Contains("is not an action", Text(badAction), StringComparison.Ordinal);

        Assert.Contains("shell/bash", await Call(client, "registry", new()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task scope_context_evidence_and_postflight_tools_answer_through_the_kernel()
    {
        var spec = KosProcess.Ok(_repo.Root, "create-spec", "Checkout", "--intent", "Customers pay by card.", "--req", "Card form", "--eval", "git --version").FirstLine;
        var task = KosProcess.Ok(_repo.Root, "create-task", "Card form", "--spec", spec, "--req", "R1").FirstLine;
        KosProcess.Ok(_repo.Root, "route-task", task, "--scope", "src/**");
        KosProcess.Ok(_repo.Root, "plan-task", task, "--step", "R1: add the form");
        KosProcess.Ok(_repo.Root, "review-task", task, "--approve", "--reviewer", "alice");
        KosProcess.Ok(_repo.Root, "dispatch-task", task, "--session", "s1");
        _repo.Git("add", "-A");
        _repo.Git("commit", "-qm", "spec and task");

        var command = Node.KosCommand("mcp");
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = command[0],
            Arguments = command[1..],
            WorkingDirectory = _repo.Root,
        }));

        // A denied path is an answer, not a tool failure.
        var check = JsonNode.Parse(await Call(client, "check_write", new() { ["paths"] = new[] { "src/form.cs", "README.md" }, ["session"] = "s1" }))!;
        var paths = check["paths"]!.AsArray();
        Assert.True(paths[0]!["allowed"]!.GetValue<bool>());
        Assert.False(paths[1]!["allowed"]!.GetValue<bool>());

        var pack = JsonNode.Parse(await Call(client, "context_pack", new() { ["task"] = task }))!;
        Assert.Contains("Customers pay by card.", pack["pack"]!.ToJsonString(), StringComparison.Ordinal);

        var evals = JsonNode.Parse(await Call(client, "eval_run", new() { ["task"] = task }))!;
        Assert.True(evals["passed"]!.GetValue<bool>());

        var postflight = await client.CallToolAsync("postflight", new Dictionary<string, object?>());
        Assert.Contains("\"problems\"", Text(postflight), StringComparison.Ordinal);
    }

    private static async Task<string> Call(McpClient client, string tool, Dictionary<string, object?> args)
    {
        var result = await client.CallToolAsync(tool, args);
        Assert.False(result.IsError == true, $"{tool}: {Text(result)}");
        return result.Content.OfType<TextContentBlock>().First().Text;
    }

    private static string Text(CallToolResult result) => string.Join('\n', result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
