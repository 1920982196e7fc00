using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

public sealed class ErrorsAndHintsTests
{
    [Fact]
    public void a_json_error_is_an_error_object_on_stdout_with_the_same_exit_code()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        var before = kos.Run("list", "--json"); // not initialised: environment
        Assert.Equal(3, before.Code);
        var e = JsonNode.Parse(before.Out)!["error"]!;
        Assert.Equal("environment", (string?)e["code"]);
        Assert.Equal(3, (int)e["exit"]!);
        Assert.Contains("kos init", (string?)e["message"], StringComparison.Ordinal);
        Assert.Equal("", before.Err);

        kos.Ok("init");
        var missing = kos.Run("show", "T-nothere", "--json");
        Assert.Equal(2, missing.Code);
        Assert.Equal("input", (string?)JsonNode.Parse(missing.Out)!["error"]!["code"]);

        var usage = kos.Run("list", "--json", "--no-such-option");
        Assert.Equal(2, usage.Code);
        Assert.Equal("usage", (string?)JsonNode.Parse(usage.Out)!["error"]!["code"]);
    }

    [Fact]
    public void a_mistyped_command_gets_a_did_you_mean()
    {
        using var repo = new TempRepo();
        var r = new InProcess(repo.Root).Run("crate-task", "x");
        Assert.Equal(2, r.Code);
        Assert.Contains("Did you mean 'kos create-task'", r.Err, StringComparison.Ordinal);

        var sub = new InProcess(repo.Root).Run("hooks", "instal");
        Assert.Contains("Did you mean 'kos hooks install'", sub.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_mistyped_option_gets_a_did_you_mean()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var r = kos.Run("create-task", "Fix", "--quik", "--scope", "README.md");
        Assert.Equal(2, r.Code);
        Assert.Contains("'--quick'", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void bare_kos_says_what_to_do_next_and_exits_0_at_every_stage()
    {
        using var dir = new TempRepo(init: false);
        var outside = new InProcess(dir.Root).Run();
        Assert.Equal(0, outside.Code);
        Assert.Contains("git init", outside.Out, StringComparison.Ordinal);

        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        Assert.Contains("kos init", kos.Ok().Out, StringComparison.Ordinal);
        kos.Ok("init");
        Assert.Contains("kos create-task", kos.Ok().Out, StringComparison.Ordinal);
        var id = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "-q").Out.Trim();
        var next = kos.Ok("next");
        Assert.Contains($"kos add-eval \"YOUR TEST COMMAND\" --task {id}", next.Out, StringComparison.Ordinal);
        kos.Ok("add-eval", "git --version");
        Assert.Contains($"kos eval-task {id} && kos complete-task {id}", kos.Ok().Out, StringComparison.Ordinal);
        kos.Ok("create-task", "Another", "--quick", "--scope", "b.txt");
        Assert.Contains("kos bind", kos.Ok("next").Out, StringComparison.Ordinal);
        Assert.Equal("several-tasks", (string?)JsonNode.Parse(kos.Ok("next", "--json").Out)!["state"]);
    }

    [Theory]
    [InlineData("registry lst", "Did you mean 'kos registry list' (not 'lst')?", "Run 'kos registry --help' for usage.")]
    [InlineData("trace verfy", "Did you mean 'kos trace verify' (not 'verfy')?", "Run 'kos trace --help' for usage.")]
    [InlineData("ledger archve", "Did you mean 'kos ledger archive' (not 'archve')?", "Run 'kos ledger --help' for usage.")]
    [InlineData("store exprot --out x.db", "Did you mean 'kos store export' (not 'exprot')?", "Run 'kos store --help' for usage.")]
    [InlineData("registry list --knd mcp", "Did you mean '--kind' (not '--knd')?", "Run 'kos registry list --help' for usage.")]
    [InlineData("hooks install --agnet claude", "Did you mean '--agent' (not '--agnet')?", "Run 'kos hooks install --help' for usage.")]
    [InlineData("list --jsno", "Did you mean '--json' (not '--jsno')?", "Run 'kos list --help' for usage.")]
    [InlineData("statu", "Did you mean 'kos status' (not 'statu')?", "Run 'kos --help' for usage.")]
    public void a_mistyped_subcommand_or_option_at_any_depth_gets_a_did_you_mean_and_the_right_help(string line, string hint, string usage)
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var r = kos.Run(line.Split(' '));
        Assert.Equal(2, r.Code);
        Assert.Contains(hint + "\n", r.Err, StringComparison.Ordinal);
        Assert.Contains(usage + "\n", r.Err, StringComparison.Ordinal);

        var json = kos.Run([.. line.Split(' '), "--json"]);
        var error = OutputContract.AssertError(json.Out, json.Code, line);
        Assert.Contains(error["details"]!.AsArray(), d => (string?)d == hint);
    }
}
