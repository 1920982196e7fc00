using System.Diagnostics;
using CsCheck;
using KnowledgeOS.Scopes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Scopes;

/// <summary>
/// Property tests of path resolution against the operating system's own answer: GNU
/// <c>realpath -m</c> resolves symlinks and <c>..</c> physically, exactly as a write would land.
/// </summary>
public sealed class RepoPathsTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "kos-outside-" + Guid.NewGuid().ToString("N")[..8]);

    public RepoPathsTests()
    {
        Directory.CreateDirectory(_outside);
        _repo.Write("src/a/file.ts", "x");
        _repo.Write("src/b/file.ts", "x");
        _repo.Write("docs/readme.md", "x");
        File.CreateSymbolicLink(_repo.PathOf("to_a"), "src/a");
        File.CreateSymbolicLink(_repo.PathOf("src/up"), "..");
        File.CreateSymbolicLink(_repo.PathOf("src/a/escape"), _outside);
        File.CreateSymbolicLink(_repo.PathOf("src/a/rel_escape"), "../../..");
        File.CreateSymbolicLink(_repo.PathOf("gitlink"), ".git");
        File.CreateSymbolicLink(_repo.PathOf("loop1"), "loop2");
        File.CreateSymbolicLink(_repo.PathOf("loop2"), "loop1");
        File.CreateSymbolicLink(_repo.PathOf("dangling"), "src/new_dir/new_file");
    }

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    private static readonly string[] Segments =
        ["src", "a", "b", "docs", "to_a", "up", "escape", "rel_escape", "gitlink", "dangling", "..", ".", "", "new", "file.ts", "readme.md", ".git", "config"];

    private static readonly Gen<string> RelativePaths =
        Gen.Int[1, 7].SelectMany(n => Gen.OneOf(Segments).Array[n]).Select(parts => string.Join('/', parts)).Where(p => p.Length > 0);

    [Fact]
    public void resolution_agrees_with_the_kernel_for_generated_paths_with_dots_and_symlinks()
    {
        var paths = new RepoPaths(_repo.Root);
        var samples = RelativePaths.Array[400].Single();
        var oracle = RealPaths(samples.Select(s => Path.Combine(_repo.Root, s)).ToArray());
        for (var i = 0; i < samples.Length; i++)
        {
            var r = paths.Resolve(samples[i], _repo.Root);
            if (r.Problem?.StartsWith("too many", StringComparison.Ordinal) == true)
            {
                continue;
            }

            Assert.True(oracle[i] == r.RealPath, $"{samples[i]}: kos {r.RealPath ?? r.Problem}, realpath -m {oracle[i]}");
        }
    }

    [Fact]
    public void no_generated_path_outside_the_repository_or_in_a_protected_path_is_ever_allowed()
    {
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        kos.Ok("create-task", "Everything", "--quick", "--scope", "**", "--session", "s1");
        using var kernel = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", "s1");
        var realRoot = new RepoPaths(_repo.Root).RealRoot;
        RelativePaths.Sample(path =>
        {
            var check = kernel.Writes.Check([path], null, "s1", _repo.Root, record: false);
            var d = check.Paths[0];
            if (!d.Allowed)
            {
                return;
            }

            var real = RealPaths([Path.Combine(_repo.Root, path)])[0];
            Assert.True(real.StartsWith(realRoot + "/", StringComparison.Ordinal), $"{path} allowed but lands at {real}");
            var rel = real[(realRoot.Length + 1)..];
            Assert.False(rel.Split('/').Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase)), $"{path} allowed into .git ({rel})");
            Assert.False(rel.StartsWith(".agent-os/state", StringComparison.Ordinal) || rel.StartsWith(".agent-os/config", StringComparison.Ordinal), $"{path} allowed into kos state ({rel})");
        }, iter: 300, threads: 1);
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".GIT/config")]
    [InlineData(".Git/HEAD")]
    [InlineData("src/../.git/hooks/pre-commit")]
    [InlineData("gitlink/config")]
    [InlineData("to_a/../../.git/index")]
    [InlineData(".agent-os/state/ledger.db")]
    [InlineData(".agent-os/state/worktrees/_main")]
    [InlineData(".agent-os/config.toml")]
    [InlineData(".env")]
    [InlineData("src/.env.production")]
    [InlineData("deploy/server.pem")]
    [InlineData("home/.ssh/id_rsa")]
    [InlineData("src/a/escape/x.ts")]
    [InlineData("src/a/rel_escape/x.ts")]
    [InlineData("../elsewhere.ts")]
    [InlineData("/etc/passwd")]
    [InlineData("src/up/../../x")]
    public void protected_and_escaping_paths_are_denied_even_with_a_scope_of_everything(string path)
    {
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        kos.Ok("create-task", "Everything", "--quick", "--scope", "**", "--session", "s1");
        var r = kos.Run("check-route-write", path, "--session", "s1");
        Assert.Equal(4, r.Code);
        Assert.Contains("DENIED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_symlink_into_another_scope_is_judged_where_it_lands()
    {
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        var mine = kos.Ok("create-task", "Mine", "--quick", "--scope", "/to_a", "--scope", "docs/**", "--session", "s1").FirstLine;
        var theirs = kos.Ok("create-task", "Theirs", "--quick", "--scope", "src/a/**", "--session", "s2").FirstLine;
        var r = kos.Run("check-route-write", "to_a/file.ts", "--session", "s1", "--json");
        Assert.Equal(4, r.Code);
        Assert.Contains("\"path\": \"src/a/file.ts\"", r.Out, StringComparison.Ordinal);
        Assert.Contains($"\"owner\": \"{theirs}\"", r.Out, StringComparison.Ordinal);
        Assert.Equal(0, kos.Run("check-route-write", "docs/readme.md", "--session", "s1").Code);
        Assert.Equal(0, kos.Run("check-route-write", "to_a/file.ts", "--session", "s2").Code);
        _ = mine;
    }

    [Fact]
    public void unicode_forms_of_one_name_are_one_path()
    {
        var kos = new InProcess(_repo.Root);
        kos.Ok("init");
        kos.Ok("create-task", "Cafe", "--quick", "--scope", "caf\u00e9/**", "--session", "s1");
        Assert.Equal(0, kos.Run("check-route-write", "cafe\u0301/menu.md", "--session", "s1").Code);
        Assert.Equal(0, kos.Run("check-route-write", "caf\u00e9/menu.md", "--session", "s1").Code);
        Assert.Equal(4, kos.Run("check-route-write", "cafe/menu.md", "--session", "s1").Code);
    }

    [Fact]
    public void on_a_case_insensitive_file_system_existing_names_take_their_on_disk_spelling()
    {
        var paths = new RepoPaths(_repo.Root, caseInsensitive: true);
        Assert.Equal("src/a/file.ts", paths.Resolve("SRC/A/File.TS", _repo.Root).Relative);
        Assert.Equal("src/a/New.ts", paths.Resolve("Src/a/New.ts", _repo.Root).Relative);
        var sensitive = new RepoPaths(_repo.Root, caseInsensitive: false);
        Assert.Equal("SRC/A/File.TS", sensitive.Resolve("SRC/A/File.TS", _repo.Root).Relative);
    }

    [Fact]
    public void this_file_system_is_probed_not_assumed()
    {
        // Linux ext4/tmpfs here: .GIT is not .git.
        Assert.False(new RepoPaths(_repo.Root).CaseInsensitive);
    }

    [Fact]
    public void relative_paths_resolve_from_the_callers_folder_and_repeated_slashes_collapse()
    {
        var paths = new RepoPaths(_repo.Root);
        Assert.Equal("src/a/x.ts", paths.Resolve("..//a/./x.ts", _repo.PathOf("src/b")).Relative);
        Assert.Equal("src/a/x.ts", paths.Resolve(_repo.Root + "//src///a/x.ts", "/").Relative);
        Assert.Equal("", paths.Resolve(".", _repo.Root).Relative);
        Assert.Null(paths.Resolve("loop1/x", _repo.Root).Relative);
    }

    /// <summary>GNU realpath -m over many paths in one process.</summary>
    private static string[] RealPaths(string[] paths)
    {
        var psi = new ProcessStartInfo("realpath") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-m");
        psi.ArgumentList.Add("-z");
        psi.ArgumentList.Add("--");
        foreach (var p in paths)
        {
            psi.ArgumentList.Add(p);
        }

        using var proc = Process.Start(psi)!;
        var output = proc.StandardOutput.ReadToEnd();
        var err = proc.StandardError.ReadToEnd();
        proc.WaitForExit();
        var lines = output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == paths.Length, $"realpath -m answered {lines.Length} of {paths.Length}: {err}");
        return lines;
    }
}
