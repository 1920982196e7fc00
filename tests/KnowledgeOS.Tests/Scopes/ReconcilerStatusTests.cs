using KnowledgeOS.Git;
using KnowledgeOS.Scopes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Scopes;

/// <summary>
/// The tree as reconciliation sees it, read from one <c>git status</c> listing while other processes change the tree:
/// a sandbox removes its placeholder, or a build its temporary file, between the listing and the read.
/// </summary>
public sealed class ReconcilerStatusTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private string Status() => GitCli.Run(_repo.Root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames").Stdout;

    [Fact]
    public void an_untracked_file_gone_between_listing_and_reading_is_no_change_but_a_tracked_one_is_a_deletion()
    {
        _repo.Write(".claude/launch.json", "");      // a sandbox's placeholder
        _repo.Write("build/tmp.o", "object code\n"); // a temporary file with content
        _repo.Write("src/kept.txt", "new work\n");
        var listing = Status();
        File.Delete(_repo.PathOf(".claude/launch.json"));
        File.Delete(_repo.PathOf("build/tmp.o"));
        File.Delete(_repo.PathOf("README.md"));
        var deleted = Status();

        var files = Reconciler.FromStatus(_repo.Root, listing);

        Assert.Equal(["src/kept.txt"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("deleted", Reconciler.FromStatus(_repo.Root, deleted)["README.md"]);
    }

    [Fact]
    public void an_untracked_dangling_symlink_is_still_a_change()
    {
        File.CreateSymbolicLink(_repo.PathOf("escape"), "/nonexistent/target");

        var files = Reconciler.FromStatus(_repo.Root, Status());

        Assert.True(files.ContainsKey("escape"));
    }

    [Fact]
    public void reading_the_tree_never_rewrites_the_users_git_index()
    {
        // A file whose stat data the index no longer matches: git status would refresh the index under index.lock,
        // racing the person's or agent's own 'git commit'.
        var index = _repo.PathOf(".git/index");
        File.SetLastWriteTimeUtc(_repo.PathOf("README.md"), DateTime.UtcNow.AddMinutes(-5));
        var before = File.ReadAllBytes(index);
        var stamp = File.GetLastWriteTimeUtc(index);

        var files = Reconciler.Dirty(_repo.Root);

        Assert.Empty(files);
        Assert.Equal(before, File.ReadAllBytes(index));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(index));
    }
}
