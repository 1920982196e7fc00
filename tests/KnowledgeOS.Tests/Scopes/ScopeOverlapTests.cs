using KnowledgeOS.Scopes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Scopes;

public sealed class ScopeOverlapTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("src/**", "src/checkout/**", true)]
    [InlineData("src/checkout/**", "src/checkout/**", true)]
    [InlineData("src/*.ts", "src/*.css", false)]
    [InlineData("src/**", "**/*.ts", true)]
    [InlineData("src/**", "docs/**", false)]
    [InlineData("README.md", "/README.md", true)]
    [InlineData("src/a/**", "src/ab/**", false)]
    [InlineData("src/a/**", "src/[ab]/**", true)]
    public void overlap_is_found_from_glob_prefixes_without_any_files(string a, string b, bool overlap) =>
        Assert.Equal(overlap, ScopeOverlap.Example([a], [b], []) is not null);

    [Fact]
    public void an_exclusion_separates_scopes()
    {
        Assert.Null(ScopeOverlap.Example(["src/**", "!src/checkout/**"], ["src/checkout/**"], ["src/checkout/form.ts", "src/app.ts"]));
    }

    [Fact]
    public void files_in_the_tree_reveal_overlaps_the_globs_alone_do_not()
    {
        // No example built from the globs lies in both; a real file does.
        Assert.Null(ScopeOverlap.Example(["**/api.*"], ["lib/*/*.ts"], ["README.md"]));
        Assert.Equal("lib/gen/api.ts", ScopeOverlap.Example(["**/api.*"], ["lib/*/*.ts"], ["README.md", "lib/gen/api.ts"]));
    }

    [Fact]
    public void routing_into_an_active_tasks_scope_is_refused_naming_the_task_and_a_path_in_both()
    {
        _repo.Write("src/checkout/form.ts", "x");
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        var first = kos.Ok("create-task", "Checkout", "--quick", "--scope", "src/checkout/**", "--session", "s1").FirstLine;
        var second = kos.Ok("create-task", "Everything in src", "--intent", "refactor", "--quick", "--scope", "docs/**", "--session", "s2").FirstLine;
        var spec = kos.Ok("create-spec", "Spec", "--intent", "i", "--req", "r").FirstLine;
        var third = kos.Ok("create-task", "Refactor src", "--spec", spec, "--req", "R1").FirstLine;
        var r = kos.Run("route-task", third, "--scope", "src/**");
        Assert.Equal(1, r.Code);
        Assert.Contains(first, r.Err, StringComparison.Ordinal);
        Assert.Contains("src/checkout/", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(second, r.Err, StringComparison.Ordinal);
        Assert.Contains("gate.refused", kos.Ok("trace", third).Out, StringComparison.Ordinal);

        // Once the other task is done with, the same route passes.
        kos.Ok("abandon", first, "--reason", "superseded");
        kos.Ok("route-task", third, "--scope", "src/**");
    }

    [Fact]
    public void dispatching_is_refused_when_a_reopened_task_took_the_scope_meanwhile()
    {
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        var spec = kos.Ok("create-spec", "Spec", "--intent", "i", "--req", "r").FirstLine;
        var a = kos.Ok("create-task", "A", "--spec", spec, "--req", "R1").FirstLine;
        kos.Ok("route-task", a, "--scope", "lib/**");
        kos.Ok("plan-task", a, "--step", "R1: do it");
        kos.Ok("block", a, "--reason", "waiting");
        var b = kos.Ok("create-task", "B", "--quick", "--scope", "lib/x/**", "--session", "s2").FirstLine;
        var r = kos.Run("reopen", a);
        Assert.Equal(1, r.Code);
        Assert.Contains(b, r.Err, StringComparison.Ordinal);
        Assert.Contains("lib/x/", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_file_created_after_an_earlier_command_counts_in_the_next_overlap_check()
    {
        // Regression: the tree listing was once cached for the life of the process (an MCP server's too).
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        kos.Ok("create-task", "Docs", "--quick", "--scope", "docs/**", "--session", "s0");
        var a = kos.Ok("create-task", "Generated clients", "--quick", "--scope", "lib/*/*.ts", "--session", "s1").FirstLine;
        _repo.Write("lib/gen/api.ts", "export {}");
        var r = kos.Run("create-task", "Every api file", "--quick", "--scope", "**/api.*", "--session", "s2");
        Assert.Equal(1, r.Code);
        Assert.Contains($"{a}", r.Err, StringComparison.Ordinal);
        Assert.Contains("lib/gen/api.ts", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void advisory_mode_records_the_overlap_as_a_warning()
    {
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "strictness = \"advisory\"\n");
        kos.Ok("create-task", "A", "--quick", "--scope", "src/**", "--session", "s1");
        var r = kos.Ok("create-task", "B", "--quick", "--scope", "src/b/**", "--session", "s2");
        Assert.Contains("warning: [scope]", r.Err, StringComparison.Ordinal);
    }
}
