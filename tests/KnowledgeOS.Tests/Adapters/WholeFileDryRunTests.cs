using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Adapters;

/// <summary>
/// <c>--dry-run</c> for the files kos writes whole (OpenCode's plugin, the git pre-commit hook): a unified diff of what
/// install or uninstall would do, the same refusals as the real run, and nothing written, moved or created.
/// </summary>
public sealed class WholeFileDryRunTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public WholeFileDryRunTests() =>
        _kos = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["HOME"] = _repo.PathOf("home"), ["PATH"] = "/usr/bin:/bin" });

    public void Dispose() => _repo.Dispose();

    private static string[] Snapshot(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => f + "\n" + File.ReadAllText(f))] : [];

    [Fact]
    public void dry_run_shows_the_opencode_plugin_as_a_diff_and_writes_nothing()
    {
        var file = _repo.PathOf(".opencode/plugins/kos.js");
        var preview = _kos.Ok("hooks", "install", "--agent", "opencode", "--dry-run");
        Assert.Contains($"--- /dev/null\n+++ {file}\n@@ -0,0 +1,", preview.Out, StringComparison.Ordinal);
        Assert.Contains("\n+// kos: OpenCode plugin installed by", preview.Out, StringComparison.Ordinal);
        Assert.Contains("hook opencode tool-execute-before", preview.Out, StringComparison.Ordinal);
        var previewDiff = JsonNode.Parse(_kos.Ok("hooks", "install", "--agent", "opencode", "--dry-run", "--json").Out)![0]!["diff"]!.GetValue<string>();
        Assert.False(Directory.Exists(_repo.PathOf(".opencode")));

        _kos.Ok("hooks", "install", "--agent", "opencode");
        var installed = File.ReadAllText(file);
        // The preview's added lines are the file the install wrote, line for line.
        var added = previewDiff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).Select(l => l[1..]);
        Assert.Equal(installed.TrimEnd('\n'), string.Join("\n", added));

        Assert.Contains("already up to date", _kos.Ok("hooks", "install", "--agent", "opencode", "--dry-run").Out, StringComparison.Ordinal);

        var undo = _kos.Ok("hooks", "uninstall", "--agent", "opencode", "--dry-run", "--json");
        var diff = JsonNode.Parse(undo.Out)![0]!["diff"]!.GetValue<string>();
        Assert.StartsWith($"--- {file}\n+++ /dev/null\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n-// kos: OpenCode plugin installed by", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(diff.Split('\n'), l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal));
        Assert.Equal(installed, File.ReadAllText(file));
    }

    [Fact]
    public void dry_run_refuses_a_plugin_that_is_not_kos_as_the_install_would()
    {
        const string mine = "export const Mine = async () => ({})\n";
        _repo.Write(".opencode/plugins/kos.js", mine);
        var r = _kos.Run("hooks", "install", "--agent", "opencode", "--dry-run");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("is not kos's plugin", r.Err, StringComparison.Ordinal);
        Assert.Equal(mine, File.ReadAllText(_repo.PathOf(".opencode/plugins/kos.js")));
    }

    [Fact]
    public void dry_run_shows_the_git_hook_and_the_users_hook_moving_aside_and_changes_nothing()
    {
        const string mine = "#!/bin/sh\necho my checks\n";
        _repo.Write(".git/hooks/pre-commit", mine);
        var hooks = _repo.PathOf(".git/hooks");
        var file = Path.Combine(hooks, "pre-commit");
        var before = Snapshot(hooks);

        var preview = _kos.Ok("hooks", "install", "--agent", "git", "--dry-run");
        Assert.Contains($"--- /dev/null\n+++ {file}.kos-chained\n@@ -0,0 +1,2 @@\n+#!/bin/sh\n+echo my checks\n", preview.Out, StringComparison.Ordinal);
        Assert.Contains($"--- {file}\n+++ {file}\n", preview.Out, StringComparison.Ordinal);
        Assert.Contains("\n-echo my checks\n", preview.Out, StringComparison.Ordinal);
        Assert.Contains("\n+exec ", preview.Out, StringComparison.Ordinal);
        Assert.Contains("would move to pre-commit.kos-chained", preview.Out, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(hooks));
        Assert.False(Directory.Exists(_repo.PathOf(".agent-os/state/backups")));

        _kos.Ok("hooks", "install", "--agent", "git");
        var installed = Snapshot(hooks);
        var undo = _kos.Ok("hooks", "uninstall", "--agent", "git", "--dry-run");
        Assert.Contains($"--- {file}\n+++ {file}\n", undo.Out, StringComparison.Ordinal);
        Assert.Contains("\n+echo my checks\n", undo.Out, StringComparison.Ordinal);
        Assert.Contains($"--- {file}.kos-chained\n+++ /dev/null\n", undo.Out, StringComparison.Ordinal);
        Assert.Equal(installed, Snapshot(hooks));

        _kos.Ok("hooks", "uninstall", "--agent", "git");
        Assert.Equal(mine, File.ReadAllText(file));
    }

    [Fact]
    public void dry_run_of_a_fresh_git_hook_is_all_additions()
    {
        var preview = _kos.Ok("hooks", "install", "--agent", "git", "--dry-run", "--json");
        var diff = JsonNode.Parse(preview.Out)![0]!["diff"]!.GetValue<string>();
        Assert.StartsWith("--- /dev/null\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n+exec ", diff, StringComparison.Ordinal);
        Assert.False(File.Exists(_repo.PathOf(".git/hooks/pre-commit")));
    }
}
