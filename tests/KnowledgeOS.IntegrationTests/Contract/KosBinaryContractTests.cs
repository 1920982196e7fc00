using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Contract;

/// <summary>
/// The output contract of the shipped binary (KOS_BIN: the Native AOT kos that ./test.sh publishes): its --json
/// results and errors follow docs/schema, a shell captures only the ID with -q, and --help carries examples and
/// exit codes, in kos-mcp's commands too.
/// </summary>
public sealed class KosBinaryContractTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private ProcessRun Json(params string[] args) => KosProcess.Run(_repo.Root, [.. args, "--json"]);

    private static void Valid(string command, ProcessRun r) => OutputContract.AssertOutput(command, r.Out, r.Code);

    [Fact]
    public void the_binarys_json_results_and_errors_follow_their_schemas()
    {
        var init = Json("init");
        Assert.Equal(0, init.Code);
        Valid("init", init);
        var created = Json("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1");
        Valid("create-task", created);
        var task = (string)JsonNode.Parse(created.Out)!["task"]!;
        foreach (var (command, args) in new (string, string[])[]
                 {
                     ("status", ["status"]), ("list", ["list"]), ("show", ["show", task]), ("next", ["next"]),
                     ("add-eval", ["add-eval", "git --version", "--task", task]), ("eval-task", ["eval-task", task]),
                     ("check-route-write", ["check-route-write", "src/x.cs", "--task", task]), ("note", ["note", "n", "--task", task]),
                     ("trace verify", ["trace", "verify"]), ("postflight", ["postflight"]), ("registry list", ["registry", "list"]),
                 })
        {
            Valid(command, Json(args));
        }

        // Errors: an unknown ID (2), a mistyped command (2), no repository (3); each the error object, its exit the process's.
        var missing = Json("show", "T-zzzzzzzz");
        Assert.Equal(2, missing.Code);
        Assert.Equal("input", (string?)OutputContract.AssertError(missing.Out, missing.Code, "show")["code"]);
        var typo = Json("crate-task", "x");
        Assert.Equal("usage", (string?)OutputContract.AssertError(typo.Out, typo.Code, "crate-task")["code"]);
        using var outside = new TempRepo(init: false);
        var none = KosProcess.Run(outside.Root, "status", "--json");
        Assert.Equal(3, none.Code);
        Assert.Equal("environment", (string?)OutputContract.AssertError(none.Out, none.Code, "status")["code"]);
    }

    [Fact]
    public void a_shell_captures_only_the_task_id_with_q_and_uses_it()
    {
        Assert.Equal(0, KosProcess.Run(_repo.Root, "init").Code);
        var psi = new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", "T=$(kos create-task 'Fix typo' --quick --scope README.md -q) && printf '%s|' \"$T\" && kos show \"$T\" --json" },
            WorkingDirectory = _repo.Root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment["KOS_ACTOR"] = "user:tester";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, output);
        var (id, shown) = (output[..output.IndexOf('|', StringComparison.Ordinal)], output[(output.IndexOf('|', StringComparison.Ordinal) + 1)..]);
        Assert.Matches("^T-[0-9a-z]+$", id);
        OutputContract.AssertOutput("show", shown, 0);
        Assert.Equal(id, (string?)JsonNode.Parse(shown)!["id"]);
    }

    [Fact]
    public void help_lists_examples_and_exit_codes_in_kos_and_in_kos_mcp()
    {
        foreach (var args in new[] { new[] { "--help" }, ["create-task", "--help"], ["registry", "probe", "--help"], ["mcp", "--help"] })
        {
            var r = KosProcess.Run(_repo.Root, args);
            Assert.True(r.Code == 0, $"kos {string.Join(' ', args)}\n{r}");
            Assert.Matches("Examples:\n  [^\n]*kos ", r.Out);
            Assert.Contains("Exit codes:\n  0   ok\n  1   refused", r.Out, StringComparison.Ordinal);
            Assert.Contains("  70  a bug in kos\n", r.Out, StringComparison.Ordinal);
        }
    }
}
