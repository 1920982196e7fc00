using System.CommandLine;
using System.Text.Json;
using KnowledgeOS.Cli;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Lifecycle;

/// <summary>Every command of the tree answers --json with JSON on stdout (and the table below must name every command).</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static IEnumerable<string> Leaves(Command c, string prefix) =>
        c.Subcommands.Count == 0 ? [prefix] : c.Subcommands.SelectMany(s => Leaves(s, (prefix + " " + s.Name).Trim()));

    [Fact]
    public void every_command_has_json_output()
    {
        var kos = new InProcess(_repo.Root);
        var root = KosCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, _repo.Root, TimeProvider.System, _ => null));
        var leaves = root.Subcommands.SelectMany(s => Leaves(s, s.Name)).ToList();

        kos.Ok("init", "--json");
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("default = []", "default = [\"true\"]", StringComparison.Ordinal));
        _repo.Write(".mcp.json", "{\"mcpServers\": {\"github\": {\"command\": \"gh-mcp\"}}}");
        var spec = JsonDocument.Parse(kos.Ok("create-spec", "S", "--intent", "i", "--req", "r", "--json").Out).RootElement.GetProperty("id").GetString()!;
        var task = JsonDocument.Parse(kos.Ok("create-task", "T", "--quick", "--scope", "notes/**", "--session", "s1", "--json").Out).RootElement.GetProperty("task").GetString()!;
        var planned = JsonDocument.Parse(kos.Ok("create-task", "P", "--spec", spec, "--req", "R1", "--json").Out).RootElement.GetProperty("task").GetString()!;
        _repo.Write("claim.txt", "done");

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
            ["add-eval", task, "test -e claim.txt"], ["eval-task", task], ["verify-claim", "claim.txt", "--task", task],
            ["evidence", "tree"], ["evidence", "export", task], ["verify-lifecycle", task],
            ["capability-event", "mcp__github__create_issue"],
            ["registry", "sync"], ["registry", "list"], ["registry", "show", "mcp/github"], ["registry", "add", "pdf", "--kind", "skill"],
            ["registry", "set-policy", "mcp/github", "ask"],
            ["hooks", "install", "--agent", "claude"], ["hooks", "status"], ["hooks", "uninstall", "--agent", "claude"],
            ["report-task", task], ["complete-task", task], ["block", planned], ["reopen", planned], ["abandon", planned],
            ["postflight"], ["doctor"], ["accept-governance"], ["requests"], ["store", "export", "--out", Path.Combine(Path.GetTempPath(), "kos-export-" + Guid.NewGuid().ToString("N")[..8] + ".db")], ["ledger", "archive", "--before", "2000-01-01"], ["quickstart", "--dir", Path.Combine(Path.GetTempPath(), "kos-qs-" + Guid.NewGuid().ToString("N")[..8])],
        ];
        // Hand-offs to the other executables, whose JSON their own tests check against live peers:
        // registry probe / import-catalog (kos-mcp, a real MCP server: ProbeTests, CatalogImportTests), mcp (KosMcpServerTests), serve (WorkbenchTests).
        // approve / deny answer a request an agent filed (Q-…): the approval queue's own tests run them.
        // store migrate needs a second store (PostgreSQL): PostgresTeamStoreTests runs it.
        // agent becomes the agent (exec: its stdout is the agent's); KosAgentClaudeTests runs it with the real Claude Code.
        string[] handedOff = ["registry probe", "registry import-catalog", "mcp", "serve", "approve", "deny", "store migrate", "agent"];
        var missing = leaves.Except(handedOff).Where(l => !runs.Any(r => string.Join(' ', r.Take(l.Split(' ').Length)) == l)).ToList();
        Assert.True(missing.Count == 0, "add these commands to the table: " + string.Join(", ", missing) + " (commands: " + string.Join(", ", leaves) + ")");

        var log = new System.Text.StringBuilder();
        foreach (var run in runs)
        {
            var r = kos.Run([.. run, "--json"]);
            var words = string.Join(' ', run);
            log.Append($"kos {words}: exit {r.Code} {r.Err.Split('\n')[0]} {(r.Code == 1 ? r.Out.ReplaceLineEndings(" ") : "")}\n");
            Assert.True(r.Out.Trim().Length > 0, $"kos {words} --json printed nothing on stdout (exit {r.Code})\n{r}\nbefore:\n{log}");
            try
            {
                using var _ = JsonDocument.Parse(r.Out);
            }
            catch (JsonException e)
            {
                Assert.Fail($"kos {words} --json did not print JSON ({e.Message})\n{r}");
            }
        }
    }
}
