using KnowledgeOS.Scopes;

namespace KnowledgeOS.Tests.Scopes;

public sealed class ScopeIndexTests
{
    [Theory]
    [InlineData("area1/**", "area1/x.cs", true)]
    [InlineData("area1/**", "area10/x.cs", false)]
    [InlineData("area1/**", "area1", true)]
    [InlineData("src/", "src/a/b.cs", true)]
    [InlineData("src/", "lib/a.cs", false)]
    [InlineData("README.md", "docs/README.md", true)]
    [InlineData("/README.md", "docs/README.md", true)]
    [InlineData("*/gen/**", "lib/gen/a.cs", true)]
    [InlineData("!area1/**", "area1/x.cs", false)]
    public void the_pre_check_never_rules_out_a_path_the_scope_matches(string glob, string path, bool could)
    {
        Assert.Equal(could, ScopeIndex.CouldMatch([glob], path));
        if (WriteScope.Compile([glob]).Matches(path))
        {
            Assert.True(ScopeIndex.CouldMatch([glob], path));
        }
    }

    [Theory]
    [InlineData("area1/**", "area1")]
    [InlineData("/src/app/*.ts", "src")]
    [InlineData("*.md", null)]
    [InlineData("*/gen/**", null)]
    [InlineData("README.md", null)]
    public void first_folders_are_known_only_for_globs_anchored_under_a_plain_folder(string glob, string? folder) =>
        Assert.Equal(folder, ScopeIndex.FirstFolders([glob])?.Single());
}
