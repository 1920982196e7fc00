using System.Text.RegularExpressions;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

public sealed class ListColumnsTests
{
    [Fact]
    public void list_widens_the_session_column_so_a_uuid_never_runs_into_the_title()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        const string uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", uuid);
        kos.Ok("create-task", "Other", "--quick", "--scope", "b.txt", "--session", "s1");
        var lines = kos.Ok("list").Out.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        var titleAt = lines[0].IndexOf("TITLE", StringComparison.Ordinal);
        foreach (var line in lines)
        {
            var cells = Regex.Split(line.TrimEnd(), " {2,}");
            Assert.True(cells.Length == 4, $"expected 4 columns two spaces apart: '{line}'");
            Assert.Equal(titleAt, line.IndexOf(cells[3], StringComparison.Ordinal));
        }

        Assert.Contains(uuid + "  Fix typo", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void list_json_names_the_update_time_updatedAt_like_show()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md");
        Assert.Contains("\"updatedAt\"", kos.Ok("list", "--json").Out, StringComparison.Ordinal);
        Assert.Contains("\"updatedAt\"", kos.Ok("show", "--json").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"updated\"", kos.Ok("list", "--json").Out, StringComparison.Ordinal);
    }
}
