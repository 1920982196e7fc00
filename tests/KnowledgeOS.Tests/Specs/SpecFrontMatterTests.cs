using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using YamlDotNet.RepresentationModel;

namespace KnowledgeOS.Tests.Specs;

public sealed class SpecFrontMatterTests
{
    [Theory]
    [InlineData("Say \"hi\": greet")]
    [InlineData("a: b # not a comment")]
    [InlineData("- starts like a list, ends with a backslash \\")]
    [InlineData("'quoted' & {braces} [brackets] *star")]
    public void create_spec_writes_front_matter_that_a_yaml_parser_reads_back_to_the_same_title(string title)
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var id = (string)JsonNode.Parse(kos.Ok("create-spec", title, "--intent", "Greet people", "--req", "Say hi", "--json").Out)!["id"]!;
        var file = Directory.GetFiles(repo.PathOf(".agent-os/specs"), id + "*.md").Single();
        var lines = File.ReadAllText(file).Split('\n');
        var end = Array.IndexOf(lines, "---", 1);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(string.Join('\n', lines[1..end])));
        var map = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal(title, ((YamlScalarNode)map.Children[new YamlScalarNode("title")]).Value);
        Assert.Equal(id, ((YamlScalarNode)map.Children[new YamlScalarNode("id")]).Value);

        kos.Ok("specs");
        Assert.Contains(title, kos.Ok("create-task", "T", "--spec", id, "--req", "R1").Out + kos.Ok("specs", "--json").Out + File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void front_matter_that_is_not_yaml_is_reported_at_its_line()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        repo.Write(".agent-os/specs/S-bad001-x.md", "---\nid: S-bad001\ntitle: \"unclosed\n---\n\n## Intent\n\nx\n\n## Requirements\n\n- R1: a\n");
        var r = kos.Run("specs");
        Assert.Equal(2, r.Code);
        Assert.Contains("S-bad001-x.md:", r.Err + r.Out, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", r.Err + r.Out, StringComparison.Ordinal);
    }
}
