using KnowledgeOS.Scopes;

namespace KnowledgeOS.Tests.Scopes;

public sealed class WriteScopeTests
{
    [Theory]
    [InlineData("src/**", "src/a.cs", true)]
    [InlineData("src/**", "src/deep/er/a.cs", true)]
    [InlineData("src/**", "srcx/a.cs", false)]
    [InlineData("src/**", "lib/src/a.cs", false)]
    [InlineData("src/", "src/a.cs", true)]
    [InlineData("/README.md", "README.md", true)]
    [InlineData("/README.md", "docs/README.md", false)]
    [InlineData("README.md", "docs/README.md", true)]
    [InlineData("README.md", "README.md", true)]
    [InlineData("README.md", "README.mdx", false)]
    [InlineData("*.md", "docs/guide/intro.md", true)]
    [InlineData("*.md", "docs/guide/intro.mdx", false)]
    [InlineData("docs/*.md", "docs/a.md", true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false)]
    [InlineData("docs/**/*.md", "docs/sub/deeper/a.md", true)]
    [InlineData("docs/**/*.md", "docs/a.md", true)]
    [InlineData("**/test/**", "a/b/test/c.cs", true)]
    [InlineData("**/test/**", "a/b/tests/c.cs", false)]
    [InlineData("src/app", "src/app/x/y.cs", true)]
    [InlineData("src/a?c.cs", "src/abc.cs", true)]
    [InlineData("src/[ab]*.cs", "src/beta.cs", true)]
    [InlineData("src/[!ab]*.cs", "src/beta.cs", false)]
    [InlineData("build/", "x/build/out.bin", true)]
    [InlineData("logs/", "logs/today.txt", true)]
    public void a_single_glob_follows_gitignore_rules(string glob, string path, bool expected) =>
        Assert.Equal(expected, WriteScope.Compile([glob]).Matches(path));

    [Fact]
    public void the_last_matching_pattern_decides_so_exclusions_work()
    {
        var scope = WriteScope.Compile(["src/**", "!src/generated/**", "src/generated/keep.cs"]);
        Assert.True(scope.Matches("src/app.cs"));
        Assert.False(scope.Matches("src/generated/model.cs"));
        Assert.True(scope.Matches("src/generated/keep.cs"));
        Assert.False(scope.Matches("docs/readme.md"));
    }

    [Fact]
    public void an_unanchored_folder_pattern_covers_that_folder_at_any_depth()
    {
        var scope = WriteScope.Compile(["fixtures/"]);
        Assert.True(scope.Matches("tests/fixtures/a.json"));
        Assert.False(scope.Matches("tests/fixtures"));
    }

    [Fact]
    public void a_pattern_that_climbs_out_of_the_repository_is_refused()
    {
        var e = Assert.Throws<KosException>(() => WriteScope.Compile(["../other/**"]));
        Assert.Contains("..", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void literal_prefixes_are_exposed_for_overlap_checks()
    {
        var scope = WriteScope.Compile(["src/app/**/*.cs", "*.md", "/docs/x.md"]);
        Assert.Equal(["src/app", "", "docs/x.md"], scope.Globs.Select(g => g.LiteralPrefix));
    }
}
