using System.CommandLine;
using System.Text.Json;
using KnowledgeOS.Cli;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Lifecycle;

/// <summary>
/// Every command of the tree answers --json with JSON on stdout that follows its schema in docs/schema (and the table
/// below must name every command; every command has a schema file and every schema file a command).
/// </summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static IEnumerable<string> Leaves(Command c, string prefix) =>
        c.Subcommands.Count == 0 ? [prefix] : c.Subcommands.SelectMany(s => Leaves(s, (prefix + " " + s.Name).Trim()));

    /// <summary>Every command that runs (a leaf, or a group with an action of its own such as 'trace').</summary>
    private static IEnumerable<string> Runnable(Command c, string prefix) =>
        (c.Action is not null ? [prefix] : Array.Empty<string>()).Concat(c.Subcommands.SelectMany(s => Runnable(s, (prefix + " " + s.Name).Trim())));

    private static RootCommand Root(string cwd) =>
        KosCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, cwd, TimeProvider.System, _ => null));

    private static string PathOf(System.CommandLine.Parsing.CommandResult r) =>
        r.Parent is System.CommandLine.Parsing.CommandResult p && p.Parent is not null ? PathOf(p) + " " + r.Command.Name
        : r.Parent is null ? "" : r.Command.Name;

    /// <summary>Commands with no JSON result of their own: they become another program (the agent) or serve until stopped.</summary>
    private static readonly string[] NoResult = ["mcp", "serve", "agent"];

    [Fact]
    public void every_command_has_a_schema_file_and_every_schema_file_a_command()
    {
        var commands = Root(_repo.Root).Subcommands.SelectMany(s => Runnable(s, s.Name)).Except(NoResult).ToList();
        var names = commands.Select(OutputContract.NameOf).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        var schemas = OutputContract.Names.Except(OutputContract.Shared).ToList();
        var withoutSchema = names.Except(schemas).ToList();
        var withoutCommand = schemas.Except(names).ToList();
        Assert.True(withoutSchema.Count == 0, "these commands have no docs/schema/NAME.schema.json: " + string.Join(", ", withoutSchema));
        Assert.True(withoutCommand.Count == 0, "these schema files name no kos command: " + string.Join(", ", withoutCommand));
    }

    [Fact]
    public void every_command_has_json_output()
    {
        var kos = new InProcess(_repo.Root);
        var root = Root(_repo.Root);
        var leaves = root.Subcommands.SelectMany(s => Leaves(s, s.Name)).ToList();

        kos.Ok("init", "--json");
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("default = []", "default = [\"true\"]", StringComparison.Ordinal));
        _repo.Write(".mcp.json", "{\"mcpServers\": {\"github\": {\"command\": \"gh-mcp\"}}}");
        var spec = JsonDocument.Parse(kos.Ok("create-spec", "S", "--intent", "i", "--req", "r", "--json").Out).RootElement.GetProperty("id").GetString()!;
        var task = JsonDocument.Parse(kos.Ok("create-task", "T", "--quick", "--scope", "notes/**", "--session", "s1", "--json").Out).RootElement.GetProperty("task").GetString()!;
        var planned = JsonDocument.Parse(kos.Ok("create-task", "P", "--spec", spec, "--req", "R1", "--json").Out).RootElement.GetProperty("task").GetString()!;
        _repo.Write("claim.txt", "done");

        // An agent asking for a person's decision is refused with an error naming the request it filed; a person answers.
        var agent = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "sess-9" });
        string Request(params string[] args)
        {
            var r = agent.Run([.. args, "--json"]);
            var error = OutputContract.AssertError(r.Out, r.Code, args[0]);
            Assert.Equal("refused", (string?)error["code"]);
            return (string)error["request"]!;
        }

        var granted = Request("block", planned);
        var denied = Request("abandon", planned);

        // Commands in the order they can run; each entry is the command's words and its arguments.
        string[][] runs =
        [
            ["init"], ["status"], ["next"],
            ["create-spec", "S2", "--intent", "i", "--req", "r"], ["specs"], ["align-spec", planned],
            ["create-task", "T2", "--quick", "--scope", "docs/**"], ["list"], ["show", task], ["ready"],
            ["route-task", planned, "--scope", "src/**"], ["plan-task", planned, "--step", "R1: do it"], ["review-task", planned, "--approve"],
            ["dispatch-task", planned, "--session", "s2"], ["bind", planned], ["release", planned],
            ["check-route-write", "README.md", "--task", task], ["assign-change", "notes/x.txt", "--task", task], ["acknowledge-loss", task, "notes/x.txt"], ["context-pack", task], ["verify-context", task],
            ["note", "a note", "--task", task], ["trace"], ["trace", "verify"], ["verify-marker", "CHECKPOINT_OK x"],
            ["add-eval", "test -e claim.txt", "--task", task], ["eval-task", task], ["verify-claim", "claim.txt", "--task", task],
            ["evidence", "tree"], ["evidence", "export", task], ["verify-lifecycle", task],
            ["capability-event", "mcp__github__create_issue"],
            ["registry", "sync"], ["registry", "list"], ["registry", "show", "mcp/github"], ["registry", "add", "pdf", "--kind", "skill"],
            ["registry", "set-policy", "mcp/github", "ask"],
            ["hooks", "install", "--agent", "claude"], ["hooks", "status"], ["hooks", "uninstall", "--agent", "claude"],
            ["report-task", task], ["complete-task", task], ["block", planned], ["reopen", planned], ["abandon", planned],
            ["postflight"], ["doctor"], ["accept-governance"], ["requests"], ["approve", granted], ["deny", denied], ["store", "export", "--out", Path.Combine(Path.GetTempPath(), "kos-export-" + Guid.NewGuid().ToString("N")[..8] + ".db")], ["ledger", "archive", "--before", "2000-01-01"], ["quickstart", "--dir", Path.Combine(Path.GetTempPath(), "kos-qs-" + Guid.NewGuid().ToString("N")[..8])],
        ];
        // Hand-offs to the other executables, whose JSON their own tests check against live peers:
        // registry probe / import-catalog (kos-mcp, a real MCP server: ProbeTests, CatalogImportTests), mcp (KosMcpServerTests), serve (WorkbenchTests).
        // store migrate needs a second store (PostgreSQL): PostgresTeamStoreTests runs it.
        // agent becomes the agent (exec: its stdout is the agent's); KosAgentClaudeTests runs it with the real Claude Code.
        string[] handedOff = ["registry probe", "registry import-catalog", "mcp", "serve", "store migrate", "agent"];
        var missing = leaves.Except(handedOff).Where(l => !runs.Any(r => string.Join(' ', r.Take(l.Split(' ').Length)) == l)).ToList();
        Assert.True(missing.Count == 0, "add these commands to the table: " + string.Join(", ", missing) + " (commands: " + string.Join(", ", leaves) + ")");

        // Runs whose result here is an error (validated against error.schema.json); the test named validates the result.
        // acknowledge-loss needs work an agent destroyed (UnwatchedWritesTests), assign-change a change two sessions could
        // have made (SharedTreeAttributionTests).
        string[] errorsHere = ["acknowledge-loss", "assign-change"];
        var log = new System.Text.StringBuilder();
        var validated = new HashSet<string>();
        foreach (var run in runs)
        {
            var r = kos.Run([.. run, "--json"]);
            var words = string.Join(' ', run);
            var command = PathOf(root.Parse(run).CommandResult);
            log.Append($"kos {words}: exit {r.Code} {r.Err.Split('\n')[0]} {(r.Code == 1 ? r.Out.ReplaceLineEndings(" ") : "")}\n");
            Assert.True(r.Out.Trim().Length > 0, $"kos {words} --json printed nothing on stdout (exit {r.Code})\n{r}\nbefore:\n{log}");
            OutputContract.AssertOutput(command, r.Out, r.Code);
            var isError = System.Text.Json.Nodes.JsonNode.Parse(r.Out) is System.Text.Json.Nodes.JsonObject o && o.ContainsKey("error");
            Assert.True(isError == errorsHere.Contains(command), $"kos {words} --json: {(isError ? "an error, not its result" : "a result, though listed as an error here")}\n{r}\nbefore:\n{log}");
            validated.Add(command);
        }
    }
}
