using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Project;

public sealed class InitTestCommandTests
{
    [Theory]
    [InlineData("package.json", "{\"name\":\"x\",\"scripts\":{\"test\":\"node --test\"}}", "npm test")]
    [InlineData("Cargo.toml", "[package]\nname = \"x\"\n", "cargo test")]
    [InlineData("go.mod", "module x\n", "go test ./...")]
    [InlineData("Makefile", "build:\n\tcc x.c\ntest:\n\t./run-tests\n", "make test")]
    public void init_notices_the_projects_test_command_and_makes_it_every_tasks_eval(string file, string text, string command)
    {
        using var repo = new TempRepo();
        repo.Write(file, text);
        var kos = new InProcess(repo.Root);
        var init = kos.Ok("init");
        Assert.Contains($"'{command}'", init.Out, StringComparison.Ordinal);
        Assert.Contains($"default = [\"{command}\"]", File.ReadAllText(repo.PathOf(".agent-os/config.toml")), StringComparison.Ordinal);

        var id = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "-q").Out.Trim();
        Assert.Contains($"kos eval-task {id} && kos complete-task {id}", kos.Ok("next").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void npms_placeholder_test_script_is_not_a_test_command()
    {
        using var repo = new TempRepo();
        repo.Write("package.json", "{\"scripts\":{\"test\":\"echo \\\"Error: no test specified\\\" && exit 1\"}}");
        var r = JsonNode.Parse(new InProcess(repo.Root).Ok("init", "--json").Out)!;
        Assert.Null((string?)r["testCommand"]);
        Assert.Contains("default = []", File.ReadAllText(repo.PathOf(".agent-os/config.toml")), StringComparison.Ordinal);
    }

    [Fact]
    public void init_keeps_an_existing_config_and_does_not_add_a_test_command_to_it()
    {
        using var repo = new TempRepo();
        repo.Write(".agent-os/config.toml", "strictness = \"strict\"\n");
        repo.Write("package.json", "{\"scripts\":{\"test\":\"jest\"}}");
        new InProcess(repo.Root).Ok("init");
        Assert.Equal("strictness = \"strict\"\n", File.ReadAllText(repo.PathOf(".agent-os/config.toml")));
    }
}
